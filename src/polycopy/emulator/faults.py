"""HTTP fault injection for the emulated services (``clob``, ``data``, ``gamma``).

Clients must survive what the real hosts do: slow answers, 5xx, 429 with ``Retry-After``,
orders that are accepted while the answer is lost, and a Data API that indexes fills late.
Each service has one ``ServiceFaults`` setting, set by a scenario or at run time through
``/admin/faults``. Decisions come from a per-service RNG seeded from the scenario seed, so the
same request sequence meets the same faults.

Latency is wall-clock (it models the network); the indexing lag is emulator time (it models
the venue), so it scales with an accelerated clock.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from decimal import Decimal
from typing import Any, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from polycopy.emulator.wire import JSONResponse

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SERVICES = ("clob", "data", "gamma")
Service = Literal["clob", "data", "gamma"]
#: Scope key under which the outermost wrapper offers to abort the client connection.
ABORT_KEY = "polycopy.abort_connection"
_PPM = 1_000_000
#: Paths whose POST places orders; only these can be "accepted then dropped".
_ORDER_PATHS = ("/order", "/orders")
_REASONS = {
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}
#: Data API v2 error codes per status (reference §2.3).
_V2_CODES = {
    429: "rate_limited",
    500: "internal",
    502: "dependency_unavailable",
    503: "dependency_unavailable",
    504: "request_timeout",
}
#: Gamma's error ``type`` per status, in the style of its validation / not-found bodies.
_GAMMA_TYPES = {429: "rate limit error"}


class ConnectionDroppedError(ConnectionError):
    """Raised inside the app when no server transport can be aborted (in-process ASGI)."""


class ServiceFaults(BaseModel):
    """Faults of one service; all zero means "behave"."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    latency_ms: tuple[int, int] = (0, 0)
    """Added wall-clock delay before answering: fixed (``250``) or a range (``[50, 400]``)."""
    error_rate: Decimal = Field(default=Decimal(0), ge=0, le=1)
    """Share of requests answered with ``error_status`` and the service's error body."""
    error_status: Literal[500, 502, 503, 504] = 500
    rate_limit_rate: Decimal = Field(default=Decimal(0), ge=0, le=1)
    """Share of requests answered 429 with ``Retry-After: retry_after_s``."""
    retry_after_s: int = Field(default=1, ge=0)
    drop_order_rate: Decimal = Field(default=Decimal(0), ge=0, le=1)
    """CLOB only: share of ``POST /order(s)`` that are placed, then answered by a closed socket."""
    indexing_lag_s: Decimal = Field(default=Decimal(0), ge=0)
    """Data API only: a fill shows up this many emulator seconds after it happened."""
    rate_limit_remaining: int | None = Field(default=None, ge=0)
    """CLOB only: trading answers (POST and DELETE) carry the per-signer budget headers,
    ``Poly-RateLimit-Remaining`` this many, ``-Reset`` ``rate_limit_reset_s`` from now."""
    rate_limit_reset_s: int = Field(default=10, ge=0)
    hold_answers: bool = False
    """Answers are made at once, then held until ``POST /admin/faults/release``: the client
    gets, late, what was true when it asked (a slow network, deterministically)."""
    paths: tuple[str, ...] = ()
    """Path prefixes (inside the service) that latency, errors, 429, drops and holds apply to."""

    @field_validator("latency_ms", mode="before")
    @classmethod
    def _latency(cls, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            value = (value, value)
        if isinstance(value, list | tuple) and len(value) == 2:
            low, high = value
            if not all(isinstance(v, int) and not isinstance(v, bool) for v in (low, high)):
                raise ValueError("latency_ms must be whole milliseconds")
            if not 0 <= low <= high:
                raise ValueError("latency_ms must be n >= 0 or [low, high] with low <= high")
            return (low, high)
        raise ValueError("latency_ms must be a number of ms or a [low, high] range")

    @field_validator("paths", mode="before")
    @classmethod
    def _paths(cls, value: Any) -> Any:
        if isinstance(value, list | tuple) and not all(
            isinstance(p, str) and p.startswith("/") for p in value
        ):
            raise ValueError("paths must be path prefixes starting with '/'")
        return value

    def applies_to(self, path: str) -> bool:
        return not self.paths or any(path.startswith(prefix) for prefix in self.paths)

    def as_json(self) -> dict[str, object]:
        body = self.model_dump()
        body["latency_ms"] = list(self.latency_ms)
        body["paths"] = list(self.paths)
        return body


class FaultSettings(BaseModel):
    """The ``[faults]`` table of a scenario and the body of ``POST /admin/faults``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    clob: ServiceFaults | None = None
    data: ServiceFaults | None = None
    gamma: ServiceFaults | None = None

    @field_validator("clob", "gamma")
    @classmethod
    def _no_lag(cls, value: ServiceFaults | None) -> ServiceFaults | None:
        if value is not None and value.indexing_lag_s:
            raise ValueError("indexing_lag_s applies to the data service only")
        return value

    @field_validator("data", "gamma")
    @classmethod
    def _no_drops(cls, value: ServiceFaults | None) -> ServiceFaults | None:
        if value is not None and value.drop_order_rate:
            raise ValueError("drop_order_rate applies to the clob service only")
        if value is not None and value.rate_limit_remaining is not None:
            raise ValueError("rate_limit_remaining applies to the clob service only")
        return value


class FaultPlan:
    """The live fault settings of every service and their seeded decision streams."""

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed
        self._generation = 0
        self._settings: dict[str, ServiceFaults] = {}
        self._rngs: dict[str, random.Random] = {}
        #: Answers waiting for :meth:`release` (``hold_answers``).
        self.held = 0
        self._gate = asyncio.Event()
        self.clear()

    def get(self, service: Service) -> ServiceFaults:
        return self._settings[service]

    def apply(self, settings: FaultSettings) -> None:
        """Replace the settings of the services ``settings`` names; restart their RNGs."""
        self._generation += 1
        for service in SERVICES:
            chosen: ServiceFaults | None = getattr(settings, service)
            if chosen is not None:
                self._settings[service] = chosen
                self._rngs[service] = self._rng(service)

    def clear(self, service: Service | None = None) -> None:
        for name in SERVICES if service is None else (service,):
            self._settings[name] = ServiceFaults()
            self._rngs[name] = self._rng(name)
        if service is None:
            self.release()

    async def hold(self) -> None:
        """Wait until the answers held so far are released."""
        gate = self._gate
        self.held += 1
        try:
            await gate.wait()
        finally:
            self.held -= 1

    def release(self) -> int:
        """Let every held answer go (those held later wait for the next release)."""
        released, gate = self.held, self._gate
        self._gate = asyncio.Event()
        gate.set()
        return released

    def as_json(self) -> dict[str, object]:
        return {name: self._settings[name].as_json() for name in SERVICES}

    def indexing_lag(self) -> Decimal:
        return self._settings["data"].indexing_lag_s

    def chance(self, service: Service, rate: Decimal) -> bool:
        """One seeded draw: true with probability ``rate`` (no draw is taken when 0)."""
        if not rate:
            return False
        return self._rngs[service].randrange(_PPM) < int(rate * _PPM)

    def latency_s(self, service: Service) -> float:
        low, high = self._settings[service].latency_ms
        if high == 0:
            return 0.0
        return (low if low == high else self._rngs[service].randint(low, high)) / 1000

    def _rng(self, service: str) -> random.Random:
        # Reproducible fault streams, not cryptography.
        return random.Random(f"{self.seed}:{service}:{self._generation}")  # noqa: S311


def inject_faults(app: ASGIApp, service: Service, plan: FaultPlan) -> ASGIApp:
    """Wrap one service's ASGI app so its requests meet the plan's faults."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        path = str(scope["path"]).removeprefix(str(scope.get("root_path", "")))
        faults = plan.get(service)
        if not faults.applies_to(path):
            await app(scope, receive, send)
            return
        delay = plan.latency_s(service)
        if delay:
            await asyncio.sleep(delay)
        if plan.chance(service, faults.rate_limit_rate):
            await _error(service, path, 429, faults.retry_after_s)(scope, receive, send)
        elif plan.chance(service, faults.error_rate):
            status = faults.error_status
            await _error(service, path, status, faults.retry_after_s)(scope, receive, send)
        elif (
            scope["method"] == "POST"
            and path in _ORDER_PATHS
            and plan.chance(service, faults.drop_order_rate)
        ):
            await _place_then_drop(app, scope, receive)
        elif faults.rate_limit_remaining is not None and scope["method"] in ("POST", "DELETE"):
            await app(scope, receive, _with_budget(send, faults))
        elif faults.hold_answers:
            answer: list[Message] = []

            async def keep(message: Message) -> None:
                answer.append(message)

            await app(scope, receive, keep)
            await plan.hold()
            for message in answer:
                await send(message)
        else:
            await app(scope, receive, send)

    return wrapped


def _with_budget(send: Send, faults: ServiceFaults) -> Send:
    """Add the per-signer rate-limit headers to the answer's start."""
    reset = int(time.time()) + faults.rate_limit_reset_s
    budget = [
        (b"poly-ratelimit-remaining", str(faults.rate_limit_remaining).encode()),
        (b"poly-ratelimit-reset", str(reset).encode()),
        (b"poly-ratelimit-tier", b"Standard"),
    ]

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []), *budget]}
        await send(message)

    return sending


def with_connection_abort(app: ASGIApp) -> ASGIApp:
    """Outermost wrapper: offers inner layers a way to close the socket without answering.

    ASGI has no "drop the connection" message, so this reaches for the server's transport
    (uvicorn's h11 cycle exposes it on its ``send``). Without one (in-process transports),
    ``inject_faults`` raises ``ConnectionDroppedError`` instead, which the client also sees
    as a transport failure rather than a status.
    """

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        transport = getattr(getattr(send, "__self__", None), "transport", None)
        if scope["type"] == "http" and isinstance(transport, asyncio.WriteTransport):
            scope[ABORT_KEY] = transport.abort
        await app(scope, receive, send)

    return wrapped


async def _place_then_drop(app: ASGIApp, scope: Scope, receive: Receive) -> None:
    """Run the request (the order is placed and matched), then close without a response."""

    async def discard(_: Message) -> None:
        return None

    await app(scope, receive, discard)
    abort = scope.get(ABORT_KEY)
    if abort is None:
        raise ConnectionDroppedError("emulator fault: order accepted, connection dropped")
    abort()
    # Let the server notice the lost connection before this request returns, so it does not
    # try to write a fallback 500 to a socket that is already gone.
    for _ in range(3):
        await asyncio.sleep(0)


def _error(service: Service, path: str, status: int, retry_after_s: int) -> Response:
    """The error body each real service uses for ``status``."""
    reason = _REASONS[status]
    headers: dict[str, str] = {}
    if status in (429, 503):
        headers["Retry-After"] = str(retry_after_s)
    body: dict[str, object]
    if service == "data" and path.startswith("/v2/"):
        trace_id = uuid.uuid4().hex
        headers["x-trace-id"] = trace_id
        body = {
            "error": reason.lower(),
            "code": _V2_CODES[status],
            "retryable": status != 500,
            "trace_id": trace_id,
            "parameter": None,
        }
    elif service == "gamma":
        body = {"type": _GAMMA_TYPES.get(status, "internal error"), "error": reason.lower()}
    else:
        body = {"error": reason}
    return JSONResponse(body, status_code=status, headers=headers)


def fault_routes(plan: FaultPlan) -> list[Route]:
    """``GET``/``POST``/``DELETE /faults`` for the admin app."""

    async def show(_: Request) -> Response:
        return JSONResponse(plan.as_json())

    async def change(request: Request) -> Response:
        """Body like ``{"clob": {"error_rate": 0.1}}``; named services are replaced whole."""
        try:
            raw = json.loads(await request.body(), parse_float=Decimal)
            settings = FaultSettings.model_validate(raw)
        except ValueError as exc:  # ValidationError and JSONDecodeError are ValueErrors
            return JSONResponse({"error": describe_error(exc)}, status_code=400)
        plan.apply(settings)
        return JSONResponse(plan.as_json())

    async def reset(request: Request) -> Response:
        service = request.query_params.get("service")
        if service is None:
            plan.clear()
        elif service in SERVICES:
            plan.clear(cast(Service, service))
        else:
            return JSONResponse({"error": f"service must be one of {', '.join(SERVICES)}"}, 400)
        return JSONResponse(plan.as_json())

    async def release(_: Request) -> Response:
        return JSONResponse({"released": plan.release()})

    return [
        Route("/faults/release", release, methods=["POST"]),
        Route("/faults", show, methods=["GET"]),
        Route("/faults", change, methods=["POST"]),
        Route("/faults", reset, methods=["DELETE"]),
    ]


def describe_error(exc: Exception) -> str:
    """One line naming the first bad field, e.g. ``clob.error_rate: ...``."""
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "body"
        return f"{where}: {first['msg']}"
    return f"body: {exc}"
