"""Vocabulary of alerts: what can fire, the thresholds a user sets, and what one check reads.

An alert is a condition that holds for a while (an *episode*): it is sent once when the
episode starts and once, "resolved", when it ends. Each kind is its own notification event
(``alert.<kind>``), so a channel or webhook chooses the alerts it gets by subscribing.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from polycopy.copying.settings import MAX_MICROS, MAX_SECONDS
from polycopy.kit.fields import StrictInt
from polycopy.notifications.types import NotificationEvent


class AlertKind(enum.StrEnum):
    DRAWDOWN = "drawdown"  # an account's realised PnL this far below its peak
    DAILY_LOSS = "daily_loss"  # an account lost this much today (UTC)
    TRACKING_ERROR = "tracking_error"  # a rule trails its leader by this much (attribution)
    LEADER_DRIFT = "leader_drift"  # a followed leader departs from its own history
    CIRCUIT_BREAKER = "circuit_breaker"  # a worker's breaker to the venue is open (admins)
    DEAD_LETTERS = "dead_letters"  # orders that could not be sent
    LOW_BALANCE = "low_balance"  # the venue refused an order for balance or allowance
    WORKER_DOWN = "worker_down"  # a worker stopped reporting (admins)
    SOURCE_DOWN = "source_down"  # a detection source fell silent while others see fills

    @property
    def event(self) -> NotificationEvent:
        """The notification event a channel or webhook subscribes to."""
        return NotificationEvent(f"alert.{self.value}")

    @property
    def admin_only(self) -> bool:
        """Operator conditions: told to admins only (one installation, not one account)."""
        return self in (AlertKind.CIRCUIT_BREAKER, AlertKind.WORKER_DOWN, AlertKind.SOURCE_DOWN)


class AlertSettings(BaseModel):
    """A user's alert thresholds (``None`` or ``false``: that alert is off). Amounts are pUSD
    micro-units; the defaults suit a small account and are documented in docs/alerts.md."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    drawdown_micros: StrictInt | None = Field(default=50_000_000, gt=0, le=MAX_MICROS)
    daily_loss_micros: StrictInt | None = Field(default=25_000_000, gt=0, le=MAX_MICROS)
    tracking_error_micros: StrictInt | None = Field(default=10_000_000, gt=0, le=MAX_MICROS)
    tracking_window_days: StrictInt = Field(default=7, ge=1, le=365)
    leader_drift: StrictBool = True
    circuit_breaker: StrictBool = True
    dead_letters: StrictInt | None = Field(default=1, gt=0, le=1_000_000)  # in the last day
    low_balance: StrictBool = True
    worker_stale_seconds: StrictInt | None = Field(default=180, ge=10, le=MAX_SECONDS)
    source_silent_seconds: StrictInt | None = Field(default=900, ge=10, le=MAX_SECONDS)
    # Rate limit: an alert that fires again this soon after it was last sent stays quiet
    # for that episode (and its "resolved" too): a flapping condition is told once.
    cooldown_seconds: StrictInt = Field(default=900, ge=0, le=MAX_SECONDS)

    def enabled(self, kind: AlertKind) -> bool:
        return {
            AlertKind.DRAWDOWN: self.drawdown_micros is not None,
            AlertKind.DAILY_LOSS: self.daily_loss_micros is not None,
            AlertKind.TRACKING_ERROR: self.tracking_error_micros is not None,
            AlertKind.LEADER_DRIFT: self.leader_drift,
            AlertKind.CIRCUIT_BREAKER: self.circuit_breaker,
            AlertKind.DEAD_LETTERS: self.dead_letters is not None,
            AlertKind.LOW_BALANCE: self.low_balance,
            AlertKind.WORKER_DOWN: self.worker_stale_seconds is not None,
            AlertKind.SOURCE_DOWN: self.source_silent_seconds is not None,
        }[kind]


@dataclass(frozen=True, slots=True)
class Reading:
    """One condition for one subject ("account:3", "rule:7", "worker:w1", ...) as checked
    now: whether it holds, and the words and numbers that say so."""

    kind: AlertKind
    subject: str
    firing: bool
    text: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AlertMemory:
    """What is stored per user, kind and subject between checks."""

    firing: bool = False
    notified: bool = False  # this episode's "firing" was sent (not rate-limited)
    episode: int = 0
    last_notified_at: dt.datetime | None = None


class Step(enum.StrEnum):
    NONE = "none"
    FIRE = "fire"
    RESOLVE = "resolve"
    QUIET = "quiet"  # a new episode within the cooldown: remembered, not sent
