"""The HTTP boundary: rate limits as data, Retry-After, typed errors, malformed answers."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import httpx
import pytest

from polycopy.venues.polymarket import errors
from polycopy.venues.polymarket.http import (
    RateLimitStatus,
    VenueHttp,
    parse,
    retry_after_seconds,
)
from polycopy.venues.polymarket.models import OrderBook
from polycopy.venues.polymarket.ratelimit import (
    CLOB_LIMITS,
    DATA_API_LIMITS,
    GAMMA_LIMITS,
    Rate,
    RateLimiter,
    TokenBucket,
    shared_limiter,
    shared_readings,
)

BASE = "https://clob.test"


class FakeTime:
    """A monotonic clock that only moves when someone sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


def venue(
    handler: Callable[[httpx.Request], httpx.Response], fake: FakeTime, **kwargs: Any
) -> VenueHttp:
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    limiter = RateLimiter(CLOB_LIMITS, clock=fake.clock, sleep=fake.sleep)
    return VenueHttp(http, BASE, CLOB_LIMITS, limiter=limiter, sleep=fake.sleep, **kwargs)


def answers(
    *responses: httpx.Response,
) -> tuple[Callable[[httpx.Request], httpx.Response], list[httpx.Request]]:
    seen: list[httpx.Request] = []
    queue = list(responses)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return queue.pop(0)

    return handler, seen


async def test_token_bucket_waits_for_refill_and_pauses() -> None:
    fake = FakeTime()
    bucket = TokenBucket(1.0, 2, clock=fake.clock, sleep=fake.sleep)
    for _ in range(3):
        await bucket.acquire()
    assert fake.sleeps == [1.0]
    fake.now += 10
    bucket.pause_until(fake.now + 5)
    await bucket.acquire()
    assert fake.sleeps[-1] == pytest.approx(6.0)  # the pause, then one token's refill
    await bucket.acquire(5)  # above capacity: the bucket goes into debt...
    assert fake.sleeps[-1] == pytest.approx(5.0)
    await bucket.acquire()  # ...which later callers wait off
    assert fake.sleeps[-1] == pytest.approx(1.0)


async def test_token_bucket_budget_spends_what_is_left_then_waits_for_the_reset() -> None:
    fake = FakeTime()
    bucket = TokenBucket(10.0, 60, clock=fake.clock, sleep=fake.sleep)
    bucket.budget(2, until=fake.now + 30)  # the venue: 2 left in a window ending in 30 s
    await bucket.acquire()
    await bucket.acquire()
    assert fake.sleeps == []  # what is left goes at once...
    await bucket.acquire()
    assert fake.sleeps == [pytest.approx(30.1)]  # ...then the reset, and one token's refill
    bucket.budget(500, until=fake.now)  # a budget above the bucket's own changes nothing
    assert bucket.available == pytest.approx(0)


async def test_requests_take_from_general_and_endpoint_buckets() -> None:
    fake = FakeTime()
    policy = CLOB_LIMITS
    limiter = RateLimiter(policy, clock=fake.clock, sleep=fake.sleep)
    for _ in range(1_500):
        await limiter.acquire("GET", "/book")
    assert fake.sleeps == []
    await limiter.acquire("GET", "/book")  # /book allows 1,500 per 10 s
    assert fake.sleeps == [pytest.approx(10 / 1_500, abs=1e-6)]
    await limiter.acquire("GET", "/midpoint")  # another endpoint is not held up
    assert len(fake.sleeps) == 1


async def test_readings_show_what_is_left_in_each_bucket_used() -> None:
    fake = FakeTime()
    limiter = RateLimiter(CLOB_LIMITS, clock=fake.clock, sleep=fake.sleep)
    assert limiter.readings() == {}
    for _ in range(3):
        await limiter.acquire("POST", "/order")
    assert limiter.readings() == {
        "* * 9000/10s": 8_997,
        "POST /order 3500/10s": 3_497,
        "POST /order 36000/600s": 35_997,
    }
    limiter.pause("POST", "/order", 5)
    assert limiter.readings()["POST /order 3500/10s"] == 0
    shared = shared_limiter("https://readings.test", GAMMA_LIMITS)
    await shared.acquire("GET", "/nothing-listed")
    # Real clock: the bucket may refill a little between the two readings.
    assert shared_readings()["gamma https://readings.test"] == pytest.approx(
        shared.readings(), abs=1
    )


@pytest.mark.parametrize(
    ("policy", "method", "path", "rates"),
    [
        (CLOB_LIMITS, "POST", "/order", (Rate(3_500, 10), Rate(36_000, 600))),
        (CLOB_LIMITS, "DELETE", "/order", (Rate(3_000, 10), Rate(30_000, 600))),
        (CLOB_LIMITS, "POST", "/orders", (Rate(1_000, 10), Rate(15_000, 600))),
        (CLOB_LIMITS, "POST", "/books", (Rate(500, 10),)),
        (CLOB_LIMITS, "GET", "/balance-allowance/update", (Rate(50, 10),)),
        (CLOB_LIMITS, "GET", "/data/order/0xabc", (Rate(900, 10),)),
        (CLOB_LIMITS, "GET", "/tick-size/123", (Rate(200, 10),)),
        (CLOB_LIMITS, "GET", "/auth/derive-api-key", (Rate(100, 10),)),
        (DATA_API_LIMITS, "GET", "/v2/trades", (Rate(200, 10),)),
        (DATA_API_LIMITS, "GET", "/v2/activity", None),
        (GAMMA_LIMITS, "GET", "/markets/keyset", (Rate(300, 10),)),
    ],
)
def test_published_limits_are_data(
    policy: Any, method: str, path: str, rates: tuple[Rate, ...] | None
) -> None:
    index = policy.endpoint(method, path)
    if rates is None:
        assert index is None or policy.endpoints[index].method not in (None, method)
        return
    assert index is not None
    assert policy.endpoints[index].rates == rates


def test_limiters_are_shared_per_host() -> None:
    assert shared_limiter("https://a.test/", CLOB_LIMITS) is shared_limiter(
        "https://a.test", CLOB_LIMITS
    )
    assert shared_limiter("https://a.test", CLOB_LIMITS) is not shared_limiter(
        "https://b.test", CLOB_LIMITS
    )


async def test_retry_after_is_honoured_for_reads() -> None:
    fake = FakeTime()
    handler, seen = answers(
        httpx.Response(429, headers={"Retry-After": "2"}, json={"error": "slow down"}),
        httpx.Response(200, json={"ok": 1.5}),
    )
    api = venue(handler, fake)
    assert await api.request("GET", "/book") == {"ok": Decimal("1.5")}
    assert len(seen) == 2
    # The retry waited out the 2 s; the 429 had also drained the /book bucket, so the
    # retry then waited for one token to refill.
    assert fake.sleeps == [2.0, pytest.approx(10 / 1_500, abs=1e-6)]


async def test_long_retry_after_is_reported_not_waited() -> None:
    fake = FakeTime()
    handler, seen = answers(httpx.Response(429, headers={"Retry-After": "60"}, text="busy"))
    with pytest.raises(errors.RateLimitedError) as excinfo:
        await venue(handler, fake).request("GET", "/book")
    assert excinfo.value.retry_after == 60
    assert excinfo.value.retryable
    assert len(seen) == 1


async def test_orders_are_never_resent_by_the_transport() -> None:
    fake = FakeTime()
    handler, seen = answers(httpx.Response(500, json={"error": "boom"}))
    with pytest.raises(errors.VenueServerError):
        await venue(handler, fake).request("POST", "/order", body="{}")
    assert len(seen) == 1


async def test_reads_are_retried_with_backoff_then_reported() -> None:
    fake = FakeTime()
    handler, seen = answers(*(httpx.Response(503, json={"error": "down"}) for _ in range(3)))
    with pytest.raises(errors.VenueServerError, match="503: down"):
        await venue(handler, fake).request("GET", "/book")
    assert len(seen) == 3
    assert fake.sleeps == [0.25, 0.5]


async def test_rate_limit_headers_are_read_and_the_hosts_buckets_left_alone() -> None:
    fake = FakeTime()
    headers = {
        "Poly-RateLimit-Remaining": "0",
        "Poly-RateLimit-Reset": "4102444800",
        "Poly-RateLimit-Tier": "Gold",
        "Poly-RateLimit-Warning": "true",
    }
    handler, _ = answers(httpx.Response(200, headers=headers, json={"success": True}))
    api = venue(handler, fake)
    await api.request("POST", "/order", body="{}")
    assert api.rate_limit == RateLimitStatus(
        remaining=0, reset_at=4_102_444_800, tier="Gold", warning=True
    )
    # The budget is the signer's (``ClobTradingClient`` follows it), not every account's.
    endpoint = CLOB_LIMITS.endpoint("POST", "/order")
    assert endpoint is not None
    assert all(b.available > 0 for b in api.limiter._endpoints[endpoint])


def test_retry_after_formats() -> None:
    assert retry_after_seconds("3") == 3
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480) == 10
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


@pytest.mark.parametrize(
    ("status", "body", "kind", "retryable"),
    [
        (400, {"error": "not enough balance / allowance"}, errors.InsufficientBalanceError, False),
        (
            400,
            {"error": "INVALID_ORDER_MIN_SIZE: Size (1.08) lower than the minimum: 5"},
            errors.MinimumSizeError,
            False,
        ),
        (
            400,
            {"error": "order 0xab is invalid. Price (0.123) breaks minimum tick size rule: 0.01"},
            errors.TickSizeError,
            False,
        ),
        (
            400,
            {"error": "INVALID_ORDER_DUPLICATED: order 0xab is invalid. Duplicated."},
            errors.DuplicateOrderError,
            False,
        ),
        (400, {"error": "invalid signature"}, errors.InvalidSignatureError, False),
        (
            400,
            {"error": "order_version_mismatch: V1 order fields"},
            errors.OrderVersionMismatchError,
            False,
        ),
        (400, {"error": "something else"}, errors.InvalidRequestError, False),
        (401, {"error": "Unauthorized/Invalid api key"}, errors.AuthenticationError, False),
        (403, {"error": "Trading restricted in your region"}, errors.GeoblockedError, False),
        (403, "<html>cloudflare</html>", errors.GeoblockedError, False),
        (404, {"error": "market not found"}, errors.NotFoundError, False),
        (425, {"error": "restarting"}, errors.VenueServerError, True),
        (429, {"error": "rate_limited", "code": "rate_limited"}, errors.RateLimitedError, True),
        (
            503,
            {"code": "post_only_mode", "error": "post-only mode"},
            errors.TradingPausedError,
            True,
        ),
        (503, {"error": "trading is cancel-only"}, errors.TradingPausedError, True),
        (502, "bad gateway", errors.VenueServerError, True),
        (400, {"error": "account is in closed only mode"}, errors.ClosedOnlyError, False),
    ],
)
async def test_errors_are_typed(status: int, body: Any, kind: type, retryable: bool) -> None:
    fake = FakeTime()
    content = json.dumps(body) if isinstance(body, dict) else body
    handler, _ = answers(*(httpx.Response(status, text=content) for _ in range(3)))
    with pytest.raises(kind) as excinfo:
        await venue(handler, fake, max_attempts=1).request("GET", "/book")
    assert excinfo.value.retryable is retryable
    assert excinfo.value.status == status
    assert type(excinfo.value) is kind


async def test_v2_error_body_keeps_code_and_trace_id() -> None:
    fake = FakeTime()
    body = {
        "error": "limit too large",
        "code": "invalid_request",
        "retryable": False,
        "trace_id": "t-1",
        "parameter": "limit",
    }
    handler, _ = answers(httpx.Response(400, json=body))
    with pytest.raises(errors.InvalidRequestError, match=r"code=invalid_request, trace_id=t-1"):
        await venue(handler, fake).request("GET", "/v2/activity")


@pytest.mark.parametrize(
    ("failure", "kind"),
    [
        (httpx.ConnectError("refused"), errors.VenueUnavailableError),
        (httpx.ConnectTimeout("slow"), errors.VenueUnavailableError),
        (httpx.ReadTimeout("slow"), errors.VenueTimeoutError),
        (httpx.RemoteProtocolError("dropped"), errors.VenueTimeoutError),
    ],
)
async def test_transport_failures_are_typed(failure: Exception, kind: type) -> None:
    def handler(_: httpx.Request) -> httpx.Response:
        raise failure

    with pytest.raises(kind):
        await venue(handler, FakeTime()).request("POST", "/order", body="{}")


@pytest.mark.parametrize(
    "content", [b'{"market": "0x1", "asset_id": "1", "bids": [', b"", b"<html>"]
)
async def test_truncated_or_non_json_answers_are_typed(content: bytes) -> None:
    handler, _ = answers(httpx.Response(200, content=content))
    with pytest.raises(errors.MalformedResponseError, match="not JSON"):
        await venue(handler, FakeTime()).request("GET", "/book")


@pytest.mark.parametrize(
    "payload",
    [
        {"market": "0x1", "asset_id": "1", "bids": [{"price": "abc", "size": "1"}], "asks": []},
        {"market": "0x1", "asset_id": "1", "bids": [{"price": 0.5, "size": "1"}], "asks": []},
        {"market": "0x1", "asset_id": "1", "bids": "none", "asks": []},
        {"market": "0x1", "bids": [], "asks": []},
        [],
        None,
    ],
)
def test_invalid_payloads_are_refused_at_the_boundary(payload: Any) -> None:
    with pytest.raises(errors.MalformedResponseError, match="malformed order book"):
        parse(OrderBook, payload, what="order book")
