"""Polymarket's published rate limits as data, enforced with async token buckets.

Each limit "N requests per W seconds" becomes a bucket of capacity N refilled at N/W per
second. A request takes a token from the host's general bucket and from every bucket of
its endpoint (trading endpoints have a burst and a sustained limit). A 429 with
``Retry-After`` pauses the buckets it concerns until then, so concurrent callers wait instead
of piling more 429s on the venue. The per-signer headers (``Poly-RateLimit-Remaining`` until
``-Reset``) set the budget of that signer's own bucket (``TokenBucket.budget``).

Sources: reference §4.11 (CLOB, per IP; per-signer trading tiers), §2.5 (Data API), §3
(Gamma). The venue enforces sliding windows; buckets are the usual client-side stand-in.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Rate:
    """At most ``calls`` per ``seconds``."""

    calls: int
    seconds: float


@dataclass(frozen=True, slots=True)
class EndpointLimit:
    """Rates for one path (or every path under it when ``prefix``), optionally one method."""

    path: str
    rates: tuple[Rate, ...]
    method: str | None = None
    prefix: bool = False

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method != method:
            return False
        return path.startswith(self.path) if self.prefix else path == self.path


@dataclass(frozen=True, slots=True)
class RateLimitPolicy:
    """A host's limits: ``general`` for every request plus the first matching endpoint."""

    name: str
    general: tuple[Rate, ...]
    endpoints: tuple[EndpointLimit, ...] = ()

    def endpoint(self, method: str, path: str) -> int | None:
        """Index of the endpoint limit that governs ``method path``, if any."""
        for index, limit in enumerate(self.endpoints):
            if limit.matches(method, path):
                return index
        return None


def _per10(calls: int) -> tuple[Rate, ...]:
    return (Rate(calls, 10),)


def _burst_sustained(burst: int, sustained: int) -> tuple[Rate, ...]:
    """Trading endpoints: a 10 s burst limit and a 10 min sustained limit."""
    return (Rate(burst, 10), Rate(sustained, 600))


CLOB_LIMITS = RateLimitPolicy(
    name="clob",
    general=_per10(9_000),
    endpoints=(
        EndpointLimit("/order", _burst_sustained(3_500, 36_000), method="POST"),
        EndpointLimit("/order", _burst_sustained(3_000, 30_000), method="DELETE"),
        EndpointLimit("/orders", _burst_sustained(1_000, 15_000), method="POST"),
        EndpointLimit("/orders", _burst_sustained(1_000, 15_000), method="DELETE"),
        EndpointLimit("/cancel-all", _burst_sustained(250, 6_000), method="DELETE"),
        EndpointLimit("/cancel-market-orders", _burst_sustained(1_000, 1_500), method="DELETE"),
        EndpointLimit("/balance-allowance/update", _per10(50)),
        EndpointLimit("/balance-allowance", _per10(200)),
        EndpointLimit("/books", _per10(500)),
        EndpointLimit("/book", _per10(1_500)),
        EndpointLimit("/prices", _per10(500)),
        EndpointLimit("/price", _per10(1_500)),
        EndpointLimit("/midpoints", _per10(500)),
        EndpointLimit("/midpoint", _per10(1_500)),
        EndpointLimit("/prices-history", _per10(1_000)),
        EndpointLimit("/tick-size", _per10(200), prefix=True),
        EndpointLimit("/data/orders", _per10(500)),
        EndpointLimit("/data/trades", _per10(500)),
        EndpointLimit("/data/order/", _per10(900), prefix=True),
        EndpointLimit("/notifications", _per10(125)),
        EndpointLimit("/auth/", _per10(100), prefix=True),
    ),
)

DATA_API_LIMITS = RateLimitPolicy(
    name="data",
    general=_per10(1_000),
    endpoints=(
        # v2 limits are not published separately; the v1 buckets are assumed (§2.5).
        EndpointLimit("/trades", _per10(200)),
        EndpointLimit("/v2/trades", _per10(200)),
        EndpointLimit("/positions", _per10(150)),
        EndpointLimit("/v2/positions", _per10(150)),
        EndpointLimit("/closed-positions", _per10(150)),
        EndpointLimit("/ok", _per10(100)),
        EndpointLimit("/v2/user-pnl", _per10(200)),
    ),
)

GAMMA_LIMITS = RateLimitPolicy(
    name="gamma",
    general=_per10(4_000),
    endpoints=(
        EndpointLimit("/events", _per10(500), prefix=True),
        EndpointLimit("/markets", _per10(300), prefix=True),
        EndpointLimit("/comments", _per10(200), prefix=True),
        EndpointLimit("/tags", _per10(200), prefix=True),
        EndpointLimit("/public-search", _per10(350)),
    ),
)

GEOBLOCK_LIMITS = RateLimitPolicy(name="geoblock", general=_per10(100))


@dataclass(frozen=True, slots=True)
class TradingTier:
    """Per-signer order and cancel buckets (tokens per second, burst), by 30-day volume."""

    name: str
    orders_per_s: float
    order_burst: int
    cancels_per_s: float
    cancel_burst: int


TRADING_TIERS = {
    tier.name: tier
    for tier in (
        TradingTier("Standard", 40, 60, 80, 120),
        TradingTier("Copper", 60, 90, 120, 180),
        TradingTier("Bronze", 80, 120, 160, 240),
        TradingTier("Silver", 200, 300, 400, 600),
        TradingTier("Gold", 400, 600, 800, 1_200),
        TradingTier("Platinum", 450, 675, 900, 1_350),
        TradingTier("Diamond", 525, 787, 1_050, 1_575),
        TradingTier("Elite", 600, 900, 1_200, 1_800),
    )
}


class TokenBucket:
    """An async token bucket that reserves before it waits.

    A caller takes its tokens at once (the balance may go negative) and sleeps for as long
    as the debt takes to refill, so callers are served in arrival order without a lock,
    and one bucket works from any event loop.
    """

    def __init__(
        self,
        rate: float,
        capacity: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        if rate <= 0 or capacity <= 0:
            raise ValueError("rate and capacity must be positive")
        self.rate = rate
        self.capacity = capacity
        self._clock = clock
        self._sleep = sleep
        self._tokens = float(capacity)
        self._updated = clock()  # refill resumes from here; in the future while paused

    def _refill(self, now: float) -> None:
        if now > self._updated:
            self._tokens = min(self.capacity, self._tokens + (now - self._updated) * self.rate)
            self._updated = now

    async def acquire(self, cost: float = 1) -> None:
        """Take ``cost`` tokens, waiting until they have refilled if the bucket is short.

        A cost above the capacity (a 1,000-id cancel on a 120-token tier) is allowed: the
        bucket goes into debt, as the venue's does, and later callers wait it off.
        """
        now = self._clock()
        self._refill(now)
        self._tokens -= cost
        if self._tokens >= 0:
            return
        await self._sleep(max(0.0, self._updated - now) + -self._tokens / self.rate)

    def pause_until(self, moment: float) -> None:
        """Hand out nothing before ``moment`` (monotonic clock), e.g. from ``Retry-After``."""
        self._refill(self._clock())
        if moment > self._updated:
            self._tokens = min(self._tokens, 0.0)
            self._updated = moment

    def budget(self, remaining: float, until: float) -> None:
        """At most ``remaining`` tokens before ``until`` (monotonic clock), then refills as
        usual: the venue's own count of what is left in its window (``Poly-RateLimit-*``)."""
        self._refill(self._clock())
        self._tokens = min(self._tokens, remaining)
        self._updated = max(self._updated, until)

    @property
    def available(self) -> float:
        self._refill(self._clock())
        return self._tokens


@dataclass
class RateLimiter:
    """The buckets of one host, created on first use from its policy."""

    policy: RateLimitPolicy
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], Awaitable[object]] = asyncio.sleep
    _general: list[TokenBucket] = field(default_factory=list)
    _endpoints: dict[int, list[TokenBucket]] = field(default_factory=dict)

    def _buckets(self, method: str, path: str) -> list[TokenBucket]:
        if not self._general:
            self._general = [self._bucket(rate) for rate in self.policy.general]
        index = self.policy.endpoint(method, path)
        if index is None:
            return self._general
        buckets = self._endpoints.get(index)
        if buckets is None:
            rates = self.policy.endpoints[index].rates
            buckets = self._endpoints[index] = [self._bucket(rate) for rate in rates]
        return [*self._general, *buckets]

    def _bucket(self, rate: Rate) -> TokenBucket:
        return TokenBucket(
            rate.calls / rate.seconds, rate.calls, clock=self.clock, sleep=self.sleep
        )

    async def acquire(self, method: str, path: str, cost: float = 1) -> None:
        for bucket in self._buckets(method, path):
            await bucket.acquire(cost)

    def readings(self) -> dict[str, float]:
        """Tokens left in each bucket used so far (below 0: callers are waiting off a debt),
        for operators to see how close this process runs to the venue's limits."""
        groups = [("* *", self.policy.general, self._general)]
        for index, buckets in sorted(self._endpoints.items()):
            limit = self.policy.endpoints[index]
            groups.append((f"{limit.method or '*'} {limit.path}", limit.rates, buckets))
        return {
            f"{where} {rate.calls}/{rate.seconds:g}s": round(bucket.available, 1)
            for where, rates, buckets in groups
            for rate, bucket in zip(rates, buckets, strict=False)  # none before first use
        }

    def pause(self, method: str, path: str, seconds: float) -> None:
        """Pause the endpoint's buckets (or the host's, for an unlisted endpoint)."""
        buckets = self._buckets(method, path)
        specific = buckets[len(self._general) :] or buckets
        until = self.clock() + seconds
        for bucket in specific:
            bucket.pause_until(until)


_SHARED: dict[tuple[str, str], RateLimiter] = {}


def shared_limiter(base_url: str, policy: RateLimitPolicy) -> RateLimiter:
    """One limiter per (base URL, policy) in this process: the venue counts per IP, so all
    clients of a host in one process share its buckets."""
    key = (base_url.rstrip("/"), policy.name)
    limiter = _SHARED.get(key)
    if limiter is None:
        limiter = _SHARED[key] = RateLimiter(policy)
    return limiter


def shared_readings() -> dict[str, dict[str, float]]:
    """``readings`` of every shared limiter of this process, by policy and host."""
    return {f"{name} {url}": limiter.readings() for (url, name), limiter in _SHARED.items()}
