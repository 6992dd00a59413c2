"""One Polymarket host over HTTP: rate limits, retries of reads, typed errors, exact numbers.

Every client (Data API, Gamma, CLOB) sends through ``VenueHttp``. It waits for the host's
token buckets, reads ``Poly-RateLimit-*`` headers, honours ``Retry-After``, retries only
idempotent requests, turns every failure into a typed ``VenueError`` and parses JSON with
numbers as ``Decimal``. Responses are validated into pydantic models at this boundary, so
a malformed or truncated answer is a ``MalformedResponseError``, never a crash later on.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import json
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

import httpx
import structlog
from pydantic import BaseModel, TypeAdapter, ValidationError

from polycopy.kit.http import Answer, fetch
from polycopy.venues.polymarket.errors import (
    MalformedResponseError,
    RateLimitedError,
    VenueError,
    VenueServerError,
    VenueTimeoutError,
    VenueUnavailableError,
    classify,
)
from polycopy.venues.polymarket.ratelimit import RateLimiter, RateLimitPolicy, shared_limiter

__all__ = ["VenueError", "VenueHttp", "VenueTimeoutError", "parse", "read_json"]

log = structlog.get_logger(__name__)

ModelT = TypeVar("ModelT", bound=BaseModel)
T = TypeVar("T")
#: Builds auth headers for one attempt from (method, path without query, body text).
AuthHeaders = Callable[[str, str, str | None], Mapping[str, str]]

_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)


def read_json(content: bytes, *, what: str, status: int | None = None) -> Any:
    """Parse a response body with JSON numbers as ``Decimal``, so no amount is ever a float."""
    try:
        return json.loads(content, parse_float=Decimal)
    except ValueError:
        raise MalformedResponseError(
            f"{what}: response is not JSON (truncated or not an API answer)", status=status
        ) from None


def parse(model: type[ModelT], payload: Any, *, what: str) -> ModelT:
    """Validate a venue payload; malformed data is refused, never half-used."""
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        raise MalformedResponseError(f"malformed {what}: {_first_error(exc)}") from None


def parse_as(adapter: TypeAdapter[T], payload: Any, *, what: str) -> T:
    """``parse`` for non-model shapes (a bare list of rows, a mapping)."""
    try:
        return adapter.validate_python(payload)
    except ValidationError as exc:
        raise MalformedResponseError(f"malformed {what}: {_first_error(exc)}") from None


def _first_error(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "<root>"
    return f"{where}: {first['msg']}"


def _json_or_none(response: Answer) -> Any:
    try:
        return json.loads(response.content, parse_float=Decimal)
    except ValueError:
        return None


def error_detail(response: Answer) -> str:
    """The venue's own error text: ``error`` / ``errorMsg`` / ``message``, plus a trace id."""
    body = _json_or_none(response)
    if body is None:
        return response.text[:300] or response.reason_phrase
    if isinstance(body, dict):
        text = str(body.get("error") or body.get("errorMsg") or body.get("message") or body)
        code = body.get("code")
        trace = body.get("trace_id") or response.headers.get("x-trace-id")
        extras = [f"code={code}"] if isinstance(code, str) else []
        extras += [f"trace_id={trace}"] if trace else []
        return text[:300] + (f" ({', '.join(extras)})" if extras else "")
    return str(body)[:300]


def retry_after_seconds(value: str | None, *, now: float | None = None) -> float | None:
    """``Retry-After`` as seconds: delta-seconds or an HTTP date."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


@dataclass(frozen=True, slots=True)
class RateLimitStatus:
    """The last ``Poly-RateLimit-*`` headers the venue sent (per-signer trading limits)."""

    remaining: int | None
    reset_at: int | None  # unix seconds
    tier: str | None
    warning: bool

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> RateLimitStatus | None:
        if not any(name.lower().startswith("poly-ratelimit-") for name in headers):
            return None
        return cls(
            remaining=_int_header(headers.get("Poly-RateLimit-Remaining")),
            reset_at=_int_header(headers.get("Poly-RateLimit-Reset")),
            tier=headers.get("Poly-RateLimit-Tier"),
            warning=headers.get("Poly-RateLimit-Warning", "").lower() == "true",
        )


def _int_header(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


class VenueHttp:
    """Requests to one Polymarket host (one base URL).

    Idempotent requests (GET, or as declared) are retried on 429 (when ``Retry-After`` is
    short), 5xx, dropped connections and timeouts, up to ``max_attempts``; others are sent
    once and their failure is reported as it is (the order executor decides about resends,
    with the same signed bytes).
    """

    def __init__(
        self,
        http: httpx.AsyncClient,
        base_url: str,
        policy: RateLimitPolicy,
        *,
        limiter: RateLimiter | None = None,
        max_attempts: int = 3,
        max_retry_after: float = 5.0,
        backoff: float = 0.25,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self.http = http
        self.base_url = base_url.rstrip("/")
        self.limiter = limiter or shared_limiter(self.base_url, policy)
        self.max_attempts = max_attempts
        self.max_retry_after = max_retry_after
        self.backoff = backoff
        self._sleep = sleep
        self.rate_limit: RateLimitStatus | None = None

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str | int] | httpx.QueryParams | None = None,
        body: str | None = None,
        auth: AuthHeaders | None = None,
        idempotent: bool | None = None,
        cost: float = 1,
    ) -> Any:
        """Send ``method path`` and return the parsed JSON answer, or raise a ``VenueError``."""
        retry = (method == "GET") if idempotent is None else idempotent
        attempts = self.max_attempts if retry else 1
        attempt = 1
        while True:
            try:
                return await self._once(
                    method, path, params=params, body=body, auth=auth, cost=cost
                )
            except VenueError as exc:
                delay = self._retry_delay(exc, attempt)
                if attempt >= attempts or delay is None:
                    raise
                log.info("venue.retry", path=path, error=exc.code, delay_s=round(delay, 3))
                await self._sleep(delay)
                attempt += 1

    def _retry_delay(self, exc: VenueError, attempt: int) -> float | None:
        if not exc.retryable:
            return None
        if isinstance(exc, RateLimitedError) and exc.retry_after is not None:
            return exc.retry_after if exc.retry_after <= self.max_retry_after else None
        return self.backoff * (1 << (attempt - 1))

    async def _once(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str | int] | httpx.QueryParams | None,
        body: str | None,
        auth: AuthHeaders | None,
        cost: float,
    ) -> Any:
        await self.limiter.acquire(method, path, cost)
        headers: dict[str, str] = dict(auth(method, path, body)) if auth is not None else {}
        if body is not None:
            headers["Content-Type"] = "application/json"
        context = f"{method} {path}"
        try:
            response = await fetch(
                self.http,
                method,
                self.base_url + path,
                params=params,
                content=body,
                headers=headers,
            )
        except _NOT_SENT as exc:
            raise VenueUnavailableError(f"{context}: not sent ({type(exc).__name__})") from None
        except httpx.HTTPError as exc:
            raise VenueTimeoutError(f"{context}: no answer ({type(exc).__name__})") from None
        self._note_rate_limit(response, path)
        if response.is_success:
            return read_json(response.content, what=context, status=response.status_code)
        retry_after = retry_after_seconds(response.headers.get("Retry-After"))
        error = classify(
            error_detail(response),
            status=response.status_code,
            context=context,
            retry_after=retry_after,
        )
        error.payload = _json_or_none(response)
        if isinstance(error, RateLimitedError | VenueServerError) and retry_after is not None:
            self.limiter.pause(method, path, retry_after)
        if isinstance(error, RateLimitedError):
            log.warning("venue.rate_limited", path=path, retry_after_s=retry_after)
        raise error

    def _note_rate_limit(self, response: Answer, path: str) -> None:
        """Keep the venue's per-signer budget for the client of that signer to follow
        (``ClobTradingClient``): it is not the host's, so the host's buckets are left alone."""
        status = RateLimitStatus.from_headers(response.headers)
        if status is None:
            return
        self.rate_limit = status
        if status.warning:
            log.warning("venue.rate_limit_warning", path=path, tier=status.tier)
