"""The FastAPI application: ``create_app(settings)``; ``polycopy serve`` runs it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute

from polycopy import __version__
from polycopy.api.deps import ApiContext
from polycopy.api.errors import ERROR_RESPONSES, install_error_handlers
from polycopy.api.middleware import RequestSizeLimit, SecurityHeaders
from polycopy.api.routes import accounts, activity, auth, leaders, rules
from polycopy.config import Mode, Settings
from polycopy.kit.crypto import SecretBox
from polycopy.kit.db import Database

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
        leaders.router,
        rules.router,
        activity.decisions,
        activity.orders,
    ):
        router.include_router(child)
    return router


def create_app(settings: Settings, *, database: Database | None = None) -> FastAPI:
    """The API app. ``database``: use this one (tests); otherwise open the configured one."""
    owned = database is None
    db = database if database is not None else Database(settings.database)
    secure = settings.cookie_secure
    context = ApiContext(
        settings=settings,
        db=db,
        box=SecretBox(settings.secret_key.get_secret_value()),
        secure_cookies=settings.mode is not Mode.SIM if secure is None else secure,
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
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
    install_error_handlers(app)
    app.include_router(api_router())
    app.add_middleware(SecurityHeaders, api_prefix=API_PREFIX, hsts=context.secure_cookies)
    app.add_middleware(RequestSizeLimit, max_bytes=settings.max_request_bytes)
    return app
