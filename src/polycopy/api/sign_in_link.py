"""A one-time sign-in link: how `polycopy demo` and `polycopy up` hand the browser an admin.

The token lives only in the serving process (never stored), and the link stops working after
its first use, so a printed link is worth one browser session.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets

from fastapi import FastAPI
from fastapi.responses import PlainTextResponse, RedirectResponse, Response
from fastapi.routing import APIRoute

from polycopy.accounts.repository import UserRepository
from polycopy.api.deps import CSRF_COOKIE, SESSION_COOKIE, ApiContext
from polycopy.auth.service import start_session
from polycopy.auth.types import csrf_token
from polycopy.models.base import utcnow

USED_LINK = (
    "This sign-in link was already used: each link signs in one browser once.\n"
    "Sign in at / with an e-mail and password, or restart the command for a new link.\n"
)


def one_time_sign_in(app: FastAPI, email: str, *, path: str, token: str | None = None) -> str:
    """Add ``GET {path}?token=…``, which signs the browser in to ``email`` once.

    ``email`` must belong to an existing user when the link is used. Returns the token.
    """
    context: ApiContext = app.state.context
    expected = [token or secrets.token_urlsafe(24)]

    async def sign_in(token: str = "") -> Response:
        if not expected or not hmac.compare_digest(token, expected[0]):
            return PlainTextResponse(USED_LINK, status_code=403)
        async with context.db.transaction() as session:
            user = await UserRepository(session).get_by_email(email)
            if user is None:
                return PlainTextResponse(f"no user {email} to sign in\n", status_code=404)
            expected.clear()
            session_token = await start_session(
                session,
                user,
                now=utcnow(),
                lifetime=dt.timedelta(days=1),
                user_agent="polycopy sign-in link",
            )
        response = RedirectResponse("/", status_code=303)
        cookie = {"samesite": "lax", "path": "/", "secure": context.secure_cookies}
        response.set_cookie(SESSION_COOKIE, session_token, httponly=True, **cookie)  # type: ignore[arg-type]
        csrf = csrf_token(context.secret_key, session_token)
        response.set_cookie(CSRF_COOKIE, csrf, httponly=False, **cookie)  # type: ignore[arg-type]
        return response

    # Before the web app's catch-all route, which would otherwise answer this path.
    app.router.routes.insert(0, APIRoute(path, sign_in, include_in_schema=False))
    return expected[0]
