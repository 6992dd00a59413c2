"""Request ids, access logs, Prometheus metrics and the health and readiness probes.

Every request gets an id (the caller's ``X-Request-ID`` when it is sane, a new one
otherwise): it is returned in ``X-Request-ID`` and bound to every log line of the request.
"""

from __future__ import annotations

import re
import time
import uuid

import structlog
from fastapi import APIRouter, Request, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from pydantic import BaseModel
from sqlalchemy import text
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from polycopy.admin.repository import AdminRepository
from polycopy.api.errors import error_response
from polycopy.api.ratelimit import ApiLimits

log = structlog.get_logger("polycopy.api")

REQUEST_ID_HEADER = "X-Request-ID"
_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")

REQUESTS = Counter(
    "polycopy_api_requests_total", "API requests answered.", ["method", "route", "status"]
)
LATENCY = Histogram(
    "polycopy_api_request_seconds",
    "Time to answer an API request.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
ORDER_QUEUE = Gauge("polycopy_order_queue", "Orders per status (read at scrape time).", ["status"])
ORDERS_DUE = Gauge("polycopy_orders_due", "Orders due to be sent now (read at scrape time).")
EXCHANGE_FILLS = Gauge(
    "polycopy_exchange_fills", "Follower fills booked so far (read at scrape time; use rate())."
)
BREAKER_STATE = Gauge(
    "polycopy_circuit_breaker_state",
    "Each worker's breakers as last published: 0 closed, 1 half-open, 2 open.",
    ["worker", "breaker"],
)
_BREAKER_LEVELS = {"closed": 0, "half_open": 1, "open": 2}


class RequestContext:
    """Request id, the per-IP limit, one log line and metrics per HTTP request."""

    def __init__(self, app: ASGIApp, *, api_prefix: str, limits: ApiLimits) -> None:
        self.app = app
        self.api_prefix = api_prefix
        self.limits = limits

    def _template(self, scope: Scope) -> str:
        """The matched route's path template (bounded label values), or ``unmatched``."""
        template = getattr(scope.get("route"), "path", None)
        if not isinstance(template, str):
            return "unmatched"
        # Routes included under the API prefix keep their own path in the scope.
        if scope["path"].startswith(self.api_prefix) and not template.startswith(self.api_prefix):
            return self.api_prefix + template
        return template

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sent = dict(scope.get("headers", [])).get(REQUEST_ID_HEADER.lower().encode(), b"")
        given = sent.decode("latin-1")
        request_id = given if _SANE_ID.match(given) else uuid.uuid4().hex
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((REQUEST_ID_HEADER.lower().encode(), request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            path: str = scope["path"]
            client = scope.get("client")
            wait = None
            if path.startswith(self.api_prefix) and client:
                wait = self.limits.per_ip.hit(str(client[0]))
            if wait is not None:
                response = error_response(
                    429,
                    "rate_limited",
                    f"too many requests from this address; try again in {wait} s",
                    headers={"Retry-After": str(wait)},
                )
                await response(scope, receive, send_with_id)
            else:
                await self.app(scope, receive, send_with_id)
        finally:
            template = self._template(scope)
            elapsed = time.perf_counter() - started
            REQUESTS.labels(scope["method"], template, str(status)).inc()
            LATENCY.labels(scope["method"], template).observe(elapsed)
            log.info(
                "request",
                method=scope["method"],
                route=template,
                status=status,
                duration_ms=round(elapsed * 1000, 1),
            )
            structlog.contextvars.unbind_contextvars("request_id")


class Health(BaseModel):
    status: str


def ops_router() -> APIRouter:
    """``/healthz`` (the process answers), ``/readyz`` (and its database), ``/metrics``."""
    router = APIRouter(tags=["ops"])

    @router.get("/healthz", response_model=Health)
    async def healthz() -> Health:
        """The process answers (liveness)."""
        return Health(status="ok")

    @router.get(
        "/readyz",
        response_model=Health,
        responses={503: {"model": Health, "description": "the database does not answer"}},
    )
    async def readyz(request: Request) -> Response:
        """The process and its database answer (readiness)."""
        try:
            async with request.app.state.context.db.transaction() as session:
                await session.execute(text("SELECT 1"))
        except Exception:
            log.warning("not_ready", exc_info=True)
            return Response(
                Health(status="database unavailable").model_dump_json(),
                status_code=503,
                media_type="application/json",
            )
        return Response(Health(status="ok").model_dump_json(), media_type="application/json")

    @router.get(
        "/metrics",
        response_class=Response,
        responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}},
    )
    async def metrics(request: Request) -> Response:
        """Prometheus metrics; queue, fills and breakers are read from the database now."""
        async with request.app.state.context.db.transaction() as session:
            admin = AdminRepository(session)
            depth = await admin.queue_depth(request.app.state.context.clock())
            fills = await admin.exchange_fill_count()
            runtime = await admin.runtime_states()
        for status, count in depth.by_status.items():
            ORDER_QUEUE.labels(status).set(count)
        ORDERS_DUE.set(depth.due_now)
        EXCHANGE_FILLS.set(fills)
        for worker, state in runtime.items():
            for breaker in state.get("breakers", []):
                level = _BREAKER_LEVELS.get(str(breaker.get("state")), 0)
                BREAKER_STATE.labels(worker, str(breaker.get("name", ""))).set(level)
        return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)

    return router
