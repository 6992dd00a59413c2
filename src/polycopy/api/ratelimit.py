"""Request limits of the API: per client IP, per user, and the sign-in lockout.

The per-IP and per-user limits are fixed windows counted in this process's memory: simple,
and enough for one API process (a second process would count separately; a shared store can
replace ``WindowCounter``). Sign-in attempts are counted in the database, shared by every
process (``polycopy.auth.lockout``). Each refusal says when to come back (``Retry-After``).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from prometheus_client import Counter

from polycopy.auth.lockout import LockoutPolicy

REFUSED = Counter("polycopy_api_rate_limited_total", "API requests refused with 429.", ["limit"])


@dataclass(slots=True)
class WindowCounter:
    """At most ``limit`` hits per key in each window of ``window`` length."""

    name: str
    limit: int
    window: dt.timedelta
    clock: Callable[[], dt.datetime]
    _windows: dict[str, tuple[dt.datetime, int]] = field(default_factory=dict)

    def _current(self, key: str, now: dt.datetime) -> tuple[dt.datetime, int]:
        start, count = self._windows.get(key, (now, 0))
        if now >= start + self.window:
            return now, 0
        return start, count

    def retry_after(self, key: str) -> int | None:
        """Seconds until ``key`` may try again, or None when it may now."""
        now = self.clock()
        start, count = self._current(key, now)
        if count < self.limit:
            return None
        return max(1, math.ceil((start + self.window - now).total_seconds()))

    def hit(self, key: str) -> int | None:
        """Count one hit; returns the wait in seconds when the limit is already reached."""
        wait = self.retry_after(key)
        if wait is not None:
            REFUSED.labels(self.name).inc()
            return wait
        now = self.clock()
        start, count = self._current(key, now)
        self._windows[key] = (start, count + 1)
        if len(self._windows) > 100_000:
            self._forget_expired(now)
        return None

    def clear(self, key: str) -> None:
        self._windows.pop(key, None)

    def limited(self) -> int:
        """How many keys are at their limit now."""
        now = self.clock()
        return sum(1 for key in list(self._windows) if self._current(key, now)[1] >= self.limit)

    def _forget_expired(self, now: dt.datetime) -> None:
        for key, (start, _) in list(self._windows.items()):
            if now >= start + self.window:
                del self._windows[key]


@dataclass(slots=True)
class SignInLocks:
    """The sign-in lockout's policy, and the locks this process has seen (for the admin's
    runtime view; the counting itself is in the database)."""

    policy: LockoutPolicy
    clock: Callable[[], dt.datetime]
    _until: dict[str, dt.datetime] = field(default_factory=dict)

    def note(self, key: str, locked_until: dt.datetime | None) -> None:
        if locked_until is None:
            self._until.pop(key, None)
            return
        self._until[key] = locked_until
        if len(self._until) > 100_000:
            now = self.clock()
            self._until = {k: t for k, t in self._until.items() if t > now}

    def refused(self) -> None:
        REFUSED.labels("sign_in_failures").inc()

    def limited(self) -> int:
        now = self.clock()
        return sum(1 for until in list(self._until.values()) if until > now)


@dataclass(slots=True)
class ApiLimits:
    per_ip: WindowCounter
    per_user: WindowCounter
    sign_in: SignInLocks

    @classmethod
    def build(
        cls,
        *,
        per_ip_per_minute: int,
        per_user_per_minute: int,
        sign_in: LockoutPolicy,
        clock: Callable[[], dt.datetime],
    ) -> ApiLimits:
        minute = dt.timedelta(minutes=1)
        return cls(
            per_ip=WindowCounter("per_ip", per_ip_per_minute, minute, clock),
            per_user=WindowCounter("per_user", per_user_per_minute, minute, clock),
            sign_in=SignInLocks(sign_in, clock),
        )

    def snapshot(self) -> dict[str, dict[str, int]]:
        counters = {
            counter.name: {
                "limit": counter.limit,
                "window_seconds": int(counter.window.total_seconds()),
                "limited_now": counter.limited(),
            }
            for counter in (self.per_ip, self.per_user)
        }
        counters["sign_in_failures"] = {
            "limit": self.sign_in.policy.max_failures,
            "window_seconds": int(self.sign_in.policy.max_delay.total_seconds()),
            "limited_now": self.sign_in.limited(),
        }
        return counters
