"""Request dependencies: the transaction, the authenticated principal, idempotency.

Each request runs in one transaction (``Database.transaction()`` commits it when the endpoint
returns, before the response is sent; an error rolls everything back).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from fastapi import Depends, Header, Request, Response
from fastapi.responses import JSONResponse
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, SecretStr
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.accounts.types import Role
from polycopy.api.errors import ApiError, too_many_requests
from polycopy.api.ratelimit import ApiLimits
from polycopy.api.repository import IdempotencyRepository
from polycopy.auth.service import resolve_api_token, resolve_session
from polycopy.auth.types import ALL_SCOPES, Scope, csrf_token
from polycopy.config import Settings
from polycopy.kit.crypto import SecretBox
from polycopy.kit.db import Database
from polycopy.models import IdempotencyRecord, User, UserSession
from polycopy.models.base import utcnow

SESSION_COOKIE = "polycopy_session"
CSRF_COOKIE = "polycopy_csrf"
CSRF_HEADER = "X-CSRF-Token"
IDEMPOTENCY_HEADER = "Idempotency-Key"
IDEMPOTENCY_KEY_PATTERN = r"^[!-~]{1,255}$"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True, slots=True)
class ApiContext:
    """What the app holds for its requests (``app.state.context``)."""

    settings: Settings
    db: Database
    box: SecretBox
    limits: ApiLimits
    clock: Callable[[], dt.datetime] = utcnow
    secure_cookies: bool = True
    # The market's time: the host's, or in sim the emulator's (polycopy.kit.clock). Sign-ins
    # and sessions keep the host's clock (``clock``): browsers judge cookies by it.
    venue_clock: Callable[[], dt.datetime] = utcnow

    @property
    def secret_key(self) -> str:
        return self.settings.secret_key.get_secret_value()

    def limits_snapshot(self) -> dict[str, Any]:
        return dict(self.limits.snapshot())


def get_context(request: Request) -> ApiContext:
    context: ApiContext = request.app.state.context
    return context


Context = Annotated[ApiContext, Depends(get_context)]


async def get_session(context: Context) -> AsyncIterator[AsyncSession]:
    async with context.db.transaction() as session:
        yield session


# scope="function": the transaction ends (commits) when the endpoint returns, before the
# response goes out, so a client never sees success for work that was not committed.
DbSession = Annotated[AsyncSession, Depends(get_session, scope="function")]

_bearer = HTTPBearer(auto_error=False, description="A personal API token (`pct_...`)")
_session_cookie = APIKeyCookie(
    name=SESSION_COOKIE, auto_error=False, description="The browser session cookie"
)


@dataclass(slots=True)
class Principal:
    user: User
    via: Literal["session", "token"]
    scopes: frozenset[str]
    session_row: UserSession | None = None
    token_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def actor(self) -> str:
        return f"user:{self.user.id}"


class Authenticator:
    """Who is calling: a Bearer API token (with scopes) or a session cookie (+ CSRF)."""

    def __init__(self, *scopes: Scope, session_only: bool = False, admin: bool = False) -> None:
        self.scopes = frozenset(s.value for s in scopes) | ({Scope.ADMIN.value} if admin else set())
        self.session_only = session_only
        self.admin = admin

    async def __call__(
        self,
        request: Request,
        session: DbSession,
        context: Context,
        bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
        cookie: Annotated[str | None, Depends(_session_cookie)],
    ) -> Principal:
        principal = await self._authenticate(request, session, context, bearer, cookie)
        wait = context.limits.per_user.hit(str(principal.user.id))
        if wait is not None:
            raise too_many_requests(wait, "requests for this user")
        if self.admin and principal.user.role is not Role.ADMIN:
            raise ApiError(403, "admin_required", "this endpoint is for administrators")
        request.state.user_id = principal.user.id
        return principal

    async def _authenticate(
        self,
        request: Request,
        session: AsyncSession,
        context: ApiContext,
        bearer: HTTPAuthorizationCredentials | None,
        cookie: str | None,
    ) -> Principal:
        now = context.clock()
        if bearer is None and "authorization" in request.headers:
            # Credentials this API does not understand are refused, not passed over for the
            # session cookie: a client must never believe a wrong token worked.
            raise ApiError(401, "not_authenticated", "Authorization: send `Bearer <API token>`")
        if bearer is not None:
            if self.session_only:
                raise ApiError(
                    403, "session_required", "this endpoint needs a signed-in browser session"
                )
            found = await resolve_api_token(session, bearer.credentials, now=now)
            if found is None:
                raise ApiError(401, "not_authenticated", "invalid, expired or revoked API token")
            granted = frozenset(found.token.scopes)
            missing = sorted(self.scopes - granted)
            if missing:
                raise ApiError(
                    403,
                    "insufficient_scope",
                    f"this API token lacks the scope {', '.join(missing)}",
                )
            return Principal(found.user, "token", granted, token_id=found.token.id)
        if cookie:
            signed_in = await resolve_session(session, cookie, now=now)
            if signed_in is None:
                raise ApiError(401, "not_authenticated", "the session expired; sign in again")
            if request.method not in SAFE_METHODS:
                sent = request.headers.get(CSRF_HEADER, "")
                expected = csrf_token(context.secret_key, cookie)
                if not hmac.compare_digest(sent.encode(), expected.encode()):
                    raise ApiError(
                        403,
                        "csrf_failed",
                        f"missing or wrong {CSRF_HEADER} header (the value of the "
                        f"{CSRF_COOKIE} cookie)",
                    )
            return Principal(
                signed_in.user, "session", frozenset(ALL_SCOPES), session_row=signed_in.session
            )
        raise ApiError(401, "not_authenticated", "sign in or send an API token")


def auth(*scopes: Scope, session_only: bool = False, admin: bool = False) -> Any:
    return Depends(Authenticator(*scopes, session_only=session_only, admin=admin))


CurrentUser = Annotated[Principal, auth()]


class Idempotency:
    """Replays the stored response for a repeated ``Idempotency-Key`` (per user).

    Same key and same request within ``idempotency_ttl_seconds``: the first successful
    response, again. Same key, different request: 409. Only successful responses are stored
    (a failed request changed nothing and may be retried with the same key). A secret shown
    once (a new API token, a webhook's signing secret) is never stored: its replay carries it
    empty. Records older than the window are purged on each idempotent write.
    """

    def __init__(
        self,
        request: Request,
        session: AsyncSession,
        context: ApiContext,
        principal: Principal,
        key: str | None,
    ) -> None:
        self.request = request
        self.session = session
        self.context = context
        self.principal = principal
        self.key = key

    def _fingerprint(self, body: BaseModel | None) -> str:
        payload = json.dumps(
            {
                "method": self.request.method,
                "path": self.request.url.path,
                "body": body.model_dump() if body is not None else None,
            },
            sort_keys=True,
            default=_canonical,
        )
        key = hashlib.sha256(b"idempotency:" + self.context.secret_key.encode()).digest()
        return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()

    def _context(self) -> str:
        return f"idempotency:{self.principal.user.id}:{self.key}"

    @property
    def window(self) -> dt.timedelta:
        return dt.timedelta(seconds=self.context.settings.idempotency_ttl_seconds)

    async def run(
        self,
        body: BaseModel | None,
        handler: Callable[[], Awaitable[BaseModel | None]],
        *,
        status_code: int,
    ) -> Any:
        if self.key is None:
            return _respond(await handler(), status_code)
        repo = IdempotencyRepository(self.session)
        fingerprint = self._fingerprint(body)
        cutoff = self.context.clock() - self.window
        await repo.purge(older_than=cutoff)
        stored = await repo.get(self.principal.user.id, self.key, since=cutoff)
        if stored is not None:
            if not hmac.compare_digest(stored.request_hash, fingerprint):
                raise ApiError(
                    409,
                    "idempotency_key_reused",
                    f"{IDEMPOTENCY_HEADER} was already used for a different request",
                    field=IDEMPOTENCY_HEADER,
                )
            content = json.loads(
                self.context.box.decrypt(stored.encrypted_response, context=self._context())
            )
            headers = {"Idempotent-Replayed": "true"}
            if stored.status_code == 204:
                return Response(status_code=204, headers=headers)
            return JSONResponse(content, status_code=stored.status_code, headers=headers)
        result = await handler()
        content = _without_secrets(result) if result is not None else None
        await repo.add_or_conflict(
            IdempotencyRecord(
                user_id=self.principal.user.id,
                key=self.key,
                request_hash=fingerprint,
                status_code=status_code,
                created_at=self.context.clock(),
                encrypted_response=self.context.box.encrypt(
                    json.dumps(content).encode(), context=self._context()
                ),
            )
        )
        return _respond(result, status_code)


def _without_secrets(result: BaseModel) -> dict[str, Any]:
    """The response as stored for replays: fields shown once (``SHOWN_ONCE``) left empty."""
    content: dict[str, Any] = result.model_dump(mode="json")
    for name in getattr(result, "SHOWN_ONCE", ()):
        content[name] = ""
    return content


def _canonical(value: object) -> object:
    """JSON for the request fingerprint; secrets count (they are only ever HMAC'd)."""
    if isinstance(value, SecretStr):
        return value.get_secret_value()
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    return str(value)


def _respond(result: BaseModel | None, status_code: int) -> Any:
    if result is None:
        return Response(status_code=204)
    return result


def mutation(*scopes: Scope, session_only: bool = False, admin: bool = False) -> Any:
    """A dependency giving an authenticated ``Idempotency`` helper for a mutation."""
    authenticator = Authenticator(*scopes, session_only=session_only, admin=admin)

    # Defaults, not Annotated: string annotations cannot see this function's locals.
    async def _dependency(
        request: Request,
        session: DbSession,
        context: Context,
        principal: Principal = Depends(authenticator),  # noqa: B008
        idempotency_key: str | None = Header(
            default=None,
            alias=IDEMPOTENCY_HEADER,
            pattern=IDEMPOTENCY_KEY_PATTERN,
            description="1 to 255 visible ASCII characters (no spaces). Send the same key "
            "with the same request again, within the idempotency window (24 h by default), "
            "to get the first response back instead of doing it twice; a secret shown once "
            "comes back empty",
        ),
    ) -> Idempotency:
        return Idempotency(request, session, context, principal, idempotency_key)

    return Depends(_dependency)
