"""SQL for billing: plans, subscriptions, invoices, and what a user uses of their limits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.billing.types import HOLDS_PLAN, Limit
from polycopy.models import (
    ApiToken,
    CopyRule,
    FollowerAccount,
    Invoice,
    Order,
    Plan,
    Subscription,
    User,
)
from polycopy.orders.types import OrderStatus

# Orders that never spent anything do not count towards the monthly notional.
_UNSPENT = (OrderStatus.REJECTED, OrderStatus.DEAD_LETTERED)


class BillingRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def plans(self, *, active_only: bool) -> Sequence[Plan]:
        stmt = select(Plan).order_by(Plan.price_micros, Plan.id)
        if active_only:
            stmt = stmt.where(Plan.active.is_(True))
        return (await self.session.scalars(stmt)).all()

    async def plan(self, plan_id: int) -> Plan | None:
        return await self.session.get(Plan, plan_id)

    async def plan_by_code(self, code: str) -> Plan | None:
        return await self.session.scalar(select(Plan).where(Plan.code == code))

    async def add(self, row: Plan | Subscription | Invoice) -> None:
        self.session.add(row)
        await self.session.flush()

    async def subscription(self, user_id: int, *, lock: bool = False) -> Subscription | None:
        stmt = select(Subscription).where(Subscription.user_id == user_id)
        if lock:
            stmt = stmt.with_for_update()
        return await self.session.scalar(stmt)

    async def invoices(self, user_id: int | None, *, open_only: bool = False) -> Sequence[Invoice]:
        """A user's invoices (``None``: everyone's, for admins), newest first."""
        stmt = select(Invoice).order_by(Invoice.id.desc())
        if user_id is not None:
            stmt = stmt.where(Invoice.user_id == user_id)
        if open_only:
            stmt = stmt.where(Invoice.status == "open")
        return (await self.session.scalars(stmt)).all()

    async def invoice(self, invoice_id: int, *, lock: bool = False) -> Invoice | None:
        stmt = select(Invoice).where(Invoice.id == invoice_id)
        if lock:
            stmt = stmt.with_for_update()
        return await self.session.scalar(stmt)

    async def open_invoices(self, subscription_id: int) -> Sequence[Invoice]:
        stmt = select(Invoice).where(
            Invoice.subscription_id == subscription_id, Invoice.status == "open"
        )
        return (await self.session.scalars(stmt.order_by(Invoice.due_at))).all()

    async def due_subscriptions(self, now: dt.datetime) -> Sequence[Subscription]:
        """Subscriptions whose period or grace has run out (the sweep's work)."""
        stmt = select(Subscription).where(
            or_(Subscription.period_end <= now, Subscription.grace_until <= now),
            Subscription.status != "expired",
        )
        return (await self.session.scalars(stmt.order_by(Subscription.id))).all()

    async def lock_user(self, user_id: int) -> None:
        """Serialise a user's creates, so two at once cannot both take the plan's last place."""
        await self.session.execute(select(User.id).where(User.id == user_id).with_for_update())

    async def usage(self, user_id: int, limit: Limit, now: dt.datetime) -> int:
        accounts = select(FollowerAccount.id).where(FollowerAccount.user_id == user_id)
        live_rules = select(CopyRule).where(
            CopyRule.follower_account_id.in_(accounts), CopyRule.deleted_at.is_(None)
        )
        stmt = {
            Limit.ACCOUNTS: select(func.count()).select_from(accounts.subquery()),
            Limit.RULES: select(func.count()).select_from(live_rules.subquery()),
            Limit.LEADERS: select(func.count(func.distinct(live_rules.subquery().c.leader_id))),
            Limit.API_TOKENS: select(func.count(ApiToken.id)).where(
                ApiToken.user_id == user_id,
                ApiToken.revoked_at.is_(None),
                or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > now),
            ),
        }[limit]
        return int(await self.session.scalar(stmt) or 0)

    async def notional_since(self, user_id: int, since: dt.datetime) -> int:
        """pUSD the user's accounts committed to copies since ``since`` (buys' amounts)."""
        accounts = select(FollowerAccount.id).where(FollowerAccount.user_id == user_id)
        stmt = select(func.coalesce(func.sum(Order.amount_micros), 0)).where(
            Order.follower_account_id.in_(accounts),
            Order.created_at >= since,
            Order.status.not_in(_UNSPENT),
        )
        return int(await self.session.scalar(stmt) or 0)

    async def monthly_rooms(self, user_ids: set[int], since: dt.datetime) -> dict[int, int]:
        """pUSD each user may still copy since ``since`` under their plan's monthly notional
        limit; users whose plan has none are left out (the decider's ``plan_limit``)."""
        stmt = (
            select(Subscription.user_id, Plan.max_monthly_notional_micros)
            .join(Plan, Plan.id == Subscription.plan_id)
            .where(
                Subscription.user_id.in_(user_ids),
                Subscription.status.in_(list(HOLDS_PLAN)),
                Plan.max_monthly_notional_micros.is_not(None),
            )
        )
        rooms = {}
        for user_id, cap in (await self.session.execute(stmt)).all():
            rooms[user_id] = max((cap or 0) - await self.notional_since(user_id, since), 0)
        return rooms

    async def rules_newest_first(self, user_id: int) -> Sequence[CopyRule]:
        accounts = select(FollowerAccount.id).where(FollowerAccount.user_id == user_id)
        stmt = select(CopyRule).where(
            CopyRule.follower_account_id.in_(accounts), CopyRule.deleted_at.is_(None)
        )
        return (await self.session.scalars(stmt.order_by(CopyRule.id.desc()))).all()
