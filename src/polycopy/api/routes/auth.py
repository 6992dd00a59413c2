"""Sign-up, sign-in, sign-out, the current user and personal API tokens."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Request, Response, status

from polycopy.api.deps import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    ApiContext,
    Context,
    CurrentUser,
    DbSession,
    Idempotency,
    Principal,
    auth,
    mutation,
)
from polycopy.api.errors import PLAN_LIMIT, ApiError, not_found, too_many_requests
from polycopy.api.pagination import Page, PageQuery, RowId, page_of
from polycopy.api.schemas import (
    ApiTokenCreate,
    ApiTokenCreated,
    ApiTokenOut,
    MeOut,
    PasswordChange,
    PasswordChanged,
    SessionOut,
    SignedIn,
    SignIn,
    SignUp,
    SignUpAccepted,
    UserOut,
)
from polycopy.auth import lockout, service
from polycopy.auth.service import AuthenticationError
from polycopy.auth.types import csrf_token
from polycopy.billing.service import BillingService
from polycopy.billing.types import Limit
from polycopy.kit.errors import InvalidInputError
from polycopy.models import User

router = APIRouter(tags=["auth"])
me_router = APIRouter(tags=["me"])
tokens_router = APIRouter(prefix="/tokens", tags=["tokens"])

SessionUser = Annotated[Principal, auth(session_only=True)]


def _set_cookies(response: Response, context: ApiContext, token: str) -> str:
    csrf = csrf_token(context.secret_key, token)
    max_age = int(dt.timedelta(days=context.settings.session_days).total_seconds())
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=max_age,
        httponly=True,
        secure=context.secure_cookies,
        samesite="lax",
        path="/",
    )
    response.set_cookie(
        CSRF_COOKIE,
        csrf,
        max_age=max_age,
        httponly=False,  # the web app reads it and sends it back in X-CSRF-Token
        secure=context.secure_cookies,
        samesite="lax",
        path="/",
    )
    return csrf


async def _signed_in(
    session: DbSession, context: ApiContext, request: Request, response: Response, user: User
) -> SignedIn:
    token = await service.start_session(
        session,
        user,
        now=context.clock(),
        lifetime=dt.timedelta(days=context.settings.session_days),
        user_agent=request.headers.get("user-agent"),
    )
    csrf = _set_cookies(response, context, token)
    return SignedIn(user=UserOut.model_validate(user), csrf_token=csrf)


SIGN_UP_ACCEPTED = (
    "If this e-mail can be used, its account now exists: sign in with the e-mail and password."
)


@router.post(
    "/auth/sign-up",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=SignUpAccepted,
    responses={status.HTTP_403_FORBIDDEN: {"description": "signup_closed"}},
)
async def sign_up(body: SignUp, session: DbSession, context: Context) -> SignUpAccepted:
    """Create a user with e-mail and password; then sign in.

    The answer is the same 202 whether the e-mail was new or already had an account (which
    keeps its password), so sign-up tells nobody which e-mails exist. A password the policy
    refuses is 422, for any e-mail.
    """
    if not context.settings.allow_signup:
        raise ApiError(403, "signup_closed", "sign-up is closed on this server")
    await service.sign_up(
        session,
        body.email,
        body.password.get_secret_value(),
        admin_email=context.settings.admin_email,
    )
    return SignUpAccepted(message=SIGN_UP_ACCEPTED)


@router.post("/auth/sign-in", response_model=SignedIn)
async def sign_in(body: SignIn, context: Context, request: Request, response: Response) -> SignedIn:
    """Sign in with e-mail and password (sets the session cookies).

    Attempts are counted per e-mail and client address before the password is checked:
    after ``sign_in_max_failures`` the next one must wait (429 with ``Retry-After``, right
    password or not), from ``sign_in_delay_seconds``, doubling up to
    ``sign_in_lockout_seconds``. A success clears the count.
    """
    locks = context.limits.sign_in
    client = request.client.host if request.client else None
    key = lockout.throttle_key(context.secret_key, body.email, client or "")
    # The attempt is counted and committed before the (slow) password check, which holds
    # no database connection; a failure is audited and still answers 401.
    async with context.db.transaction() as session:
        slot = await lockout.reserve(session, key, now=context.clock(), policy=locks.policy)
        stored = None if slot.wait_seconds else await service.stored_password(session, body.email)
    locks.note(key, slot.locked_until)
    if slot.wait_seconds is not None or stored is None:
        locks.refused()
        raise too_many_requests(
            slot.wait_seconds or 1, "sign-in attempts for this e-mail from this address"
        )
    try:
        check = await service.check_credentials(stored, body.password.get_secret_value())
    except AuthenticationError:
        async with context.db.transaction() as session:
            await service.record_sign_in(session, body.email, user=None, client=client)
        raise ApiError(401, "invalid_credentials", "wrong e-mail or password") from None
    async with context.db.transaction() as session:
        user = await service.signed_in_user(session, check)
        if user is None:  # deleted since the check
            raise ApiError(401, "invalid_credentials", "wrong e-mail or password")
        await lockout.clear(session, key)
        await service.record_sign_in(session, body.email, user=user, client=client)
        signed_in = await _signed_in(session, context, request, response, user)
    locks.note(key, None)
    return signed_in


@router.post("/auth/sign-out", status_code=status.HTTP_204_NO_CONTENT, response_model=None)
async def sign_out(
    principal: SessionUser, session: DbSession, context: Context, response: Response
) -> Response:
    """End this browser session (needs the CSRF header like every cookie mutation)."""
    assert principal.session_row is not None
    await service.end_session(session, principal.session_row, now=context.clock())
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response


@me_router.get("/me", response_model=MeOut)
async def get_me(principal: CurrentUser, context: Context) -> MeOut:
    """The signed-in user, how they authenticated, what they may do, and the server's mode."""
    user = principal.user
    return MeOut(
        id=user.id,
        email=user.email,
        role=user.role,
        created_at=user.created_at,
        authenticated_via=principal.via,
        scopes=sorted(principal.scopes),
        server_mode=context.settings.mode,
    )


@me_router.post("/me/password", response_model=PasswordChanged)
async def change_password(
    body: PasswordChange,
    idem: Annotated[Idempotency, mutation(session_only=True)],
    context: Context,
) -> Any:
    """A new password; every other session of yours ends (this one stays signed in)."""

    async def handler() -> PasswordChanged:
        try:
            await service.check_password(
                body.new_password.get_secret_value(), email=idem.principal.user.email
            )
        except InvalidInputError as exc:
            message = str(exc).removeprefix("password: ")
            raise ApiError(
                422, "validation_error", f"new_password: {message}", field="new_password"
            ) from None
        principal = idem.principal
        try:
            ended = await service.change_password(
                idem.session,
                principal.user,
                body.current_password.get_secret_value(),
                body.new_password.get_secret_value(),
                keep_session=principal.session_row.id if principal.session_row else None,
                now=context.clock(),
            )
        except AuthenticationError:
            raise ApiError(
                403,
                "invalid_credentials",
                "current_password: wrong password",
                field="current_password",
            ) from None
        return PasswordChanged(sessions_ended=ended)

    return await idem.run(body, handler, status_code=200)


@me_router.get("/me/sessions", response_model=list[SessionOut])
async def list_sessions(
    principal: SessionUser, session: DbSession, context: Context
) -> list[SessionOut]:
    """Your browsers still signed in, newest first (browser sessions only, like tokens)."""
    current = principal.session_row.id if principal.session_row else None
    return [
        SessionOut(
            id=row.id,
            created_at=row.created_at,
            expires_at=row.expires_at,
            user_agent=row.user_agent,
            current=row.id == current,
        )
        for row in await service.live_sessions(session, principal.user, now=context.clock())
    ]


@me_router.delete(
    "/me/sessions/{session_id}", status_code=status.HTTP_204_NO_CONTENT, response_model=None
)
async def end_other_session(
    session_id: RowId,
    idem: Annotated[Idempotency, mutation(session_only=True)],
    context: Context,
) -> Any:
    """Sign one of your browsers out (this one too: it then needs to sign in again)."""

    async def handler() -> None:
        now = context.clock()
        live = await service.live_sessions(idem.session, idem.principal.user, now=now)
        row = next((r for r in live if r.id == session_id), None)
        if row is None:
            raise not_found("session")
        await service.end_session(idem.session, row, now=now)

    return await idem.run(None, handler, status_code=204)


# Tokens are managed from a signed-in browser session only: a token cannot mint tokens.
@tokens_router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=ApiTokenCreated,
    responses=PLAN_LIMIT,
)
async def create_token(
    body: ApiTokenCreate,
    idem: Annotated[Idempotency, mutation(session_only=True)],
    session: DbSession,
    context: Context,
) -> Any:
    """Create a personal API token with scopes; the token is in this response only."""

    async def handler() -> ApiTokenCreated:
        await BillingService(session, context.settings, actor=idem.principal.actor).require_room(
            idem.principal.user.id, Limit.API_TOKENS, context.clock()
        )
        row, token = await service.create_api_token(
            session,
            idem.principal.user,
            name=body.name,
            scopes=body.scopes,
            expires_at=body.expires_at,
            now=context.clock(),
        )
        return ApiTokenCreated(**ApiTokenOut.model_validate(row).model_dump(), token=token)

    return await idem.run(body, handler, status_code=201)


@tokens_router.get("", response_model=Page[ApiTokenOut])
async def list_tokens(
    principal: SessionUser, session: DbSession, page: PageQuery
) -> Page[ApiTokenOut]:
    """Your API tokens (without the tokens themselves), newest first."""
    rows = await service.list_api_tokens(
        session, principal.user, before=page.before, limit=page.limit + 1
    )
    return page_of(rows, page, ApiTokenOut.model_validate, lambda r: r.id)


@tokens_router.delete(
    "/{token_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_model=None,
)
async def revoke_token(
    token_id: RowId,
    idem: Annotated[Idempotency, mutation(session_only=True)],
    session: DbSession,
    context: Context,
) -> Any:
    """Revoke a token; it stops working at once."""

    async def handler() -> None:
        user = idem.principal.user
        token = await service.get_api_token(session, user, token_id)
        if token is None:
            raise not_found("API token")
        await service.revoke_api_token(session, user, token, now=context.clock())

    return await idem.run(None, handler, status_code=204)
