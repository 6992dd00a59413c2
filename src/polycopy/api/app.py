"""The FastAPI application: ``create_app(settings)``; ``polycopy serve`` runs it."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute

from polycopy import __version__
from polycopy.admin.keys import box_from_settings
from polycopy.alerts.service import AlertEvaluator
from polycopy.api.deps import ApiContext
from polycopy.api.errors import (
    ERROR_RESPONSES,
    FALLBACK_METHODS,
    declare_bad_requests,
    install_error_handlers,
    unmatched_api_request,
)
from polycopy.api.graphql.router import graphql_router
from polycopy.api.middleware import RefuseUnstorableText, RequestSizeLimit, SecurityHeaders
from polycopy.api.observability import RequestContext, ops_router
from polycopy.api.ratelimit import ApiLimits
from polycopy.api.routes import (
    account_checks,
    accounts,
    activity,
    admin,
    alerts,
    attribution,
    audit,
    auth,
    backtests,
    billing,
    events,
    exports,
    ingest,
    leaders,
    markets,
    merges,
    notifications,
    portfolio,
    preview,
    rules,
)
from polycopy.api.spa import mount_web_app
from polycopy.auth.lockout import LockoutPolicy
from polycopy.auth.service import configure_password_hashing
from polycopy.config import Mode, Settings
from polycopy.kit.clock import Clock
from polycopy.kit.db import Database
from polycopy.kit.outbound import OutboundPolicy
from polycopy.models.base import utcnow
from polycopy.notifications.service import run_dispatcher

API_PREFIX = "/api/v1"


def operation_id(route: APIRoute) -> str:
    """Stable operation ids (``<tag>-<function>``) for generated clients."""
    return f"{route.tags[0]}-{route.name}" if route.tags else route.name


def api_router() -> APIRouter:
    router = APIRouter(prefix=API_PREFIX, responses=ERROR_RESPONSES)
    for child in (
        auth.router,
        auth.me_router,
        auth.tokens_router,
        accounts.router,
        merges.router,
        leaders.router,
        backtests.router,
        markets.router,
        preview.router,
        rules.router,
        account_checks.router,
        activity.decisions,
        activity.orders,
        portfolio.router,
        attribution.router,
        alerts.router,
        billing.router,
        exports.router,
        audit.router,
        events.router,
        notifications.webhooks,
        notifications.channels,
        ingest.router,
        admin.router,
        graphql_router(),
    ):
        router.include_router(child)
    # Last: any other method on an API path is a 405 naming the methods it takes.
    router.add_api_route(
        "/{path:path}",
        unmatched_api_request,
        methods=FALLBACK_METHODS,
        include_in_schema=False,
        response_model=None,
    )
    return router


def create_app(
    settings: Settings, *, database: Database | None = None, venue_clock: Clock = utcnow
) -> FastAPI:
    """The API app. ``database``: use this one (tests); otherwise open the configured one.
    ``venue_clock``: the market's time (in sim, the emulator's: polycopy.kit.clock)."""
    owned = database is None
    configure_password_hashing(
        time_cost=settings.password_hash_time_cost, memory_kib=settings.password_hash_memory_kib
    )
    db = database if database is not None else Database(settings.database)
    secure = settings.cookie_secure
    context = ApiContext(
        settings=settings,
        db=db,
        box=box_from_settings(settings),
        limits=ApiLimits.build(
            per_ip_per_minute=settings.rate_limit_ip_per_minute,
            per_user_per_minute=settings.rate_limit_user_per_minute,
            sign_in=LockoutPolicy(
                max_failures=settings.sign_in_max_failures,
                first_delay=dt.timedelta(seconds=settings.sign_in_delay_seconds),
                max_delay=dt.timedelta(seconds=settings.sign_in_lockout_seconds),
            ),
            clock=utcnow,
        ),
        secure_cookies=settings.mode is not Mode.SIM if secure is None else secure,
        venue_clock=venue_clock,
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        tasks = []
        stop = asyncio.Event()
        policy = OutboundPolicy.parse(settings.outbound_allow_hosts)
        if settings.notify_interval_seconds > 0:
            tasks.append(
                asyncio.create_task(
                    run_dispatcher(
                        db, context.box, interval=settings.notify_interval_seconds, policy=policy
                    )
                )
            )
            # Alerts are checked here too, so a worker that stops is told even when it
            # was the only one (docs/alerts.md); states are locked: told once either way.
            every = dt.timedelta(seconds=settings.alert_check_seconds)
            evaluator = AlertEvaluator(db, context.box, policy, now=venue_clock, every=every)
            tasks.append(asyncio.create_task(evaluator.run(stop)))
        try:
            yield
        finally:
            stop.set()
            for task in tasks:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            if owned:
                await db.dispose()

    app = FastAPI(
        title="polycopy",
        version=__version__,
        summary="Self-hosted copy trading for Polymarket",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
        generate_unique_id_function=operation_id,
        lifespan=lifespan,
    )
    app.state.context = context
    document = app.openapi
    app.openapi = lambda: declare_bad_requests(document())  # type: ignore[method-assign]
    install_error_handlers(app)
    app.include_router(api_router())
    app.include_router(ops_router())
    mount_web_app(app, api_prefix=API_PREFIX)  # after the API routes: it catches the rest
    # Signed ingestion checks its own body, after the signature.
    signed = (API_PREFIX + ingest.router.prefix,)
    app.add_middleware(RefuseUnstorableText, api_prefix=API_PREFIX, exempt=signed)
    app.add_middleware(SecurityHeaders, api_prefix=API_PREFIX, hsts=context.secure_cookies)
    app.add_middleware(RequestSizeLimit, max_bytes=settings.max_request_bytes)
    app.add_middleware(RequestContext, api_prefix=API_PREFIX, limits=context.limits)
    return app
