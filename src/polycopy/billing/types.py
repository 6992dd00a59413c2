"""Vocabulary of billing: plans and their limits, subscription states and their transitions."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from polycopy.billing.pricing import MAX_BPS
from polycopy.copying.settings import MAX_MICROS
from polycopy.kit.errors import IllegalTransitionError
from polycopy.kit.fields import StrictInt

Count = Annotated[StrictInt, Field(ge=0, le=100_000)]


class Limit(enum.StrEnum):
    """What a plan limits; ``None`` as a plan's value: unlimited."""

    ACCOUNTS = "follower_accounts"
    RULES = "rules"
    LEADERS = "leaders"
    API_TOKENS = "api_tokens"


@dataclass(frozen=True, slots=True)
class PlanLimits:
    follower_accounts: int | None
    rules: int | None
    leaders: int | None
    api_tokens: int | None
    monthly_notional_micros: int | None
    live_mode: bool

    def of(self, limit: Limit) -> int | None:
        value: int | None = getattr(self, limit.value)
        return value


class PlanIn(BaseModel):
    """A plan as the admin defines it. Prices are micro-units per period."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=40, pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str = Field(min_length=1, max_length=100)
    price_micros: StrictInt = Field(ge=0, le=MAX_MICROS)
    period_days: StrictInt = Field(default=30, ge=1, le=366)
    trial_days: StrictInt = Field(default=0, ge=0, le=366)
    max_follower_accounts: Count | None = None
    max_rules: Count | None = None
    max_leaders: Count | None = None
    max_api_tokens: Count | None = None
    max_monthly_notional_micros: StrictInt | None = Field(default=None, ge=0, le=MAX_MICROS)
    live_mode: bool = True
    performance_fee_bps: StrictInt | None = Field(default=None, ge=0, le=MAX_BPS)
    active: bool = True


class SubscriptionStatus(enum.StrEnum):
    TRIALING = "trialing"  # in the plan's trial, nothing due yet
    ACTIVE = "active"  # the period is paid (or its invoice is not yet late)
    PAST_DUE = "past_due"  # the invoice is late; the plan holds until the grace period ends
    CANCELLED = "cancelled"  # ends at the period's end; the plan holds until then
    EXPIRED = "expired"  # over: the free plan's limits apply


S = SubscriptionStatus
TRANSITIONS: dict[SubscriptionStatus, frozenset[SubscriptionStatus]] = {
    S.TRIALING: frozenset({S.ACTIVE, S.CANCELLED, S.EXPIRED}),
    S.ACTIVE: frozenset({S.ACTIVE, S.PAST_DUE, S.CANCELLED, S.EXPIRED}),
    S.PAST_DUE: frozenset({S.ACTIVE, S.CANCELLED, S.EXPIRED}),
    S.CANCELLED: frozenset({S.ACTIVE, S.EXPIRED}),
    S.EXPIRED: frozenset({S.TRIALING, S.ACTIVE}),
}
# While in these states the subscription's plan sets the limits; otherwise the free plan does.
HOLDS_PLAN = frozenset({S.TRIALING, S.ACTIVE, S.PAST_DUE, S.CANCELLED})


def check_transition(old: SubscriptionStatus, new: SubscriptionStatus) -> None:
    """Refuse a change the table does not allow, before anything is changed."""
    if new not in TRANSITIONS[old]:
        raise IllegalTransitionError(f"status: a subscription cannot go from {old} to {new}")


class InvoiceStatus(enum.StrEnum):
    OPEN = "open"
    PAID = "paid"
    VOID = "void"
