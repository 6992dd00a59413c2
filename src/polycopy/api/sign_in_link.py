"""A one-time sign-in link: how `polycopy demo` and `polycopy up` hand the browser an admin.

The token lives only in the serving process (never stored), and the link stops working after
its first use, so a printed link is worth one browser session.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.routing import APIRoute

from polycopy.accounts.repository import UserRepository
from polycopy.api.deps import CSRF_COOKIE, SESSION_COOKIE, ApiContext
from polycopy.auth.service import start_session
from polycopy.auth.types import csrf_token
from polycopy.models.base import utcnow

# A page, not a dead end: a browser that used the link is still signed in at /, any other
# signs in there with a password (or the command prints a new link when restarted).
USED_LINK = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign-in link already used · polycopy</title>
<style>body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; }</style>
</head><body>
<main>
<h1>This sign-in link was already used</h1>
<p>Each link signs one browser in, once. If this browser opened it before, you are still
signed in: just open polycopy. Otherwise sign in with your e-mail and password, or restart
the command that printed the link to get a new one.</p>
<p><a href="/">Open polycopy and sign in</a></p>
</main></body></html>
"""


def one_time_sign_in(app: FastAPI, email: str, *, path: str, token: str | None = None) -> str:
    """Add ``GET {path}?token=…``, which signs the browser in to ``email`` once.

    ``email`` must belong to an existing user when the link is used. Returns the token.
    """
    context: ApiContext = app.state.context
    expected = [token or secrets.token_urlsafe(24)]

    async def sign_in(token: str = "") -> Response:
        if not expected or not hmac.compare_digest(token, expected[0]):
            return HTMLResponse(USED_LINK, status_code=403)
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
