"""A circuit breaker with escalating cool-down, as pure state (no clock of its own).

After ``threshold`` consecutive failures the breaker opens for ``base_cooldown``; each time it
opens again without a success in between, the cool-down doubles (up to ``max_cooldown``).
When the cool-down ends one trial call is let through (half-open): success closes the
breaker, failure re-opens it for longer.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass


class BreakerState(enum.StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


@dataclass
class CircuitBreaker:
    name: str
    threshold: int = 5
    base_cooldown: dt.timedelta = dt.timedelta(seconds=5)
    max_cooldown: dt.timedelta = dt.timedelta(minutes=5)
    failures: int = 0
    openings: int = 0
    opened_until: dt.datetime | None = None
    trial_in_flight: bool = False

    def state(self, now: dt.datetime) -> BreakerState:
        if self.opened_until is None:
            return BreakerState.CLOSED
        return BreakerState.OPEN if now < self.opened_until else BreakerState.HALF_OPEN

    def allow(self, now: dt.datetime) -> bool:
        """May a call go out now? In half-open state only one trial call at a time."""
        state = self.state(now)
        if state is BreakerState.CLOSED:
            return True
        if state is BreakerState.HALF_OPEN and not self.trial_in_flight:
            self.trial_in_flight = True
            return True
        return False

    def record_success(self) -> None:
        self.failures = 0
        self.openings = 0
        self.opened_until = None
        self.trial_in_flight = False

    def record_failure(self, now: dt.datetime) -> None:
        self.failures += 1
        half_open = self.opened_until is not None
        if half_open or self.failures >= self.threshold:
            cooldown = min(self.max_cooldown, self.base_cooldown * (2**self.openings))
            self.openings += 1
            self.opened_until = now + cooldown
            self.failures = 0
        self.trial_in_flight = False
