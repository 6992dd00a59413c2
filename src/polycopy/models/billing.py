"""Plans, each user's subscription and its invoices (``polycopy.billing``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from polycopy.models.base import Base, Micros, Timestamps


class Plan(Timestamps, Base):
    """A plan the admin defines; a ``NULL`` limit is unlimited."""

    __tablename__ = "billing_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    price_micros: Mapped[int] = mapped_column(Micros)
    period_days: Mapped[int] = mapped_column(Integer)
    trial_days: Mapped[int] = mapped_column(Integer, default=0)
    max_follower_accounts: Mapped[int | None]
    max_rules: Mapped[int | None]
    max_leaders: Mapped[int | None]
    max_api_tokens: Mapped[int | None]
    max_monthly_notional_micros: Mapped[int | None] = mapped_column(Micros)
    live_mode: Mapped[bool] = mapped_column(default=True)
    performance_fee_bps: Mapped[int | None]
    active: Mapped[bool] = mapped_column(default=True)


class Subscription(Timestamps, Base):
    """A user's one subscription; its status moves only through ``billing.types.TRANSITIONS``."""

    __tablename__ = "billing_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("billing_plans.id"))
    status: Mapped[str] = mapped_column(String(16))
    period_start: Mapped[dt.datetime]
    period_end: Mapped[dt.datetime]
    grace_until: Mapped[dt.datetime | None]
    credit_micros: Mapped[int] = mapped_column(Micros, default=0)


class Invoice(Timestamps, Base):
    """An amount due with a unique reference the payer quotes; settled by a payment provider."""

    __tablename__ = "billing_invoices"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("billing_subscriptions.id", ondelete="CASCADE")
    )
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    amount_micros: Mapped[int] = mapped_column(Micros)
    status: Mapped[str] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(String(200), default="")
    due_at: Mapped[dt.datetime]
    paid_at: Mapped[dt.datetime | None]
    provider: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(500), default="")
