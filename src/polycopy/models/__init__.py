"""ORM models, kept in one package (Polar style) so migrations see the whole schema."""

from polycopy.models.accounts import FollowerAccount, User
from polycopy.models.admin import SystemSetting
from polycopy.models.alerts import AlertSettingsRow, AlertState
from polycopy.models.audit import AuditEvent
from polycopy.models.auth import ApiToken, IdempotencyRecord, LeaderWatch, UserSession
from polycopy.models.backtests import BacktestJob
from polycopy.models.base import Base
from polycopy.models.billing import Invoice, Plan, Subscription
from polycopy.models.copying import CopyRule, CopyRuleVersion, Decision
from polycopy.models.leaders import Leader, LeaderBackfill, LeaderStatisticsRow
from polycopy.models.lockout import SignInThrottle
from polycopy.models.markets import Market, MarketToken
from polycopy.models.notifications import NotificationChannel, Webhook, WebhookDelivery
from polycopy.models.orders import ExchangeFill, Order, OrderEvent
from polycopy.models.portfolio import Lot, Settlement
from polycopy.models.reconciliation import PositionBaseline, TradesCursor
from polycopy.models.signals import LeaderFill, LeaderFillSighting, SourceCursor

__all__ = [
    "AlertSettingsRow",
    "AlertState",
    "ApiToken",
    "AuditEvent",
    "BacktestJob",
    "Base",
    "CopyRule",
    "CopyRuleVersion",
    "Decision",
    "ExchangeFill",
    "FollowerAccount",
    "IdempotencyRecord",
    "Invoice",
    "Leader",
    "LeaderBackfill",
    "LeaderFill",
    "LeaderFillSighting",
    "LeaderStatisticsRow",
    "LeaderWatch",
    "Lot",
    "Market",
    "MarketToken",
    "NotificationChannel",
    "Order",
    "OrderEvent",
    "Plan",
    "PositionBaseline",
    "Settlement",
    "SignInThrottle",
    "SourceCursor",
    "Subscription",
    "SystemSetting",
    "TradesCursor",
    "User",
    "UserSession",
    "Webhook",
    "WebhookDelivery",
]
