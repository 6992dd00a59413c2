"""Sign-up, sign-in, sign-out, session cookies with CSRF, and scoped API tokens."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from polycopy.api.app import create_app
from polycopy.api.routes.auth import SIGN_UP_ACCEPTED
from polycopy.api.sign_in_link import one_time_sign_in
from polycopy.config import Mode, Settings
from polycopy.kit.db import Database
from polycopy.models import ApiToken, AuditEvent, UserSession
from polycopy.models import User as UserRow
from tests.api.conftest import PASSWORD, User, api_settings, register

SignUp = Callable[..., Awaitable[User]]


async def test_sign_up_sets_an_httponly_lax_session_cookie(sign_up: SignUp) -> None:
    user = await sign_up("Ada@Example.com")
    assert user.email == "Ada@Example.com"
    me = await user.get("/api/v1/me")
    assert me.status_code == 200
    assert me.json()["email"] == "ada@example.com"
    assert me.json()["role"] == "user"
    assert me.json()["authenticated_via"] == "session"
    assert me.json()["server_mode"] == "sim"


async def test_me_names_the_servers_mode(db: Database) -> None:
    """The web app's mode badge reads it: a paper server says paper, not the accounts' mode."""
    settings = api_settings().model_copy(update={"mode": Mode.PAPER})
    app = create_app(settings, database=db)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="https://testserver"
    ) as client:
        await register(client, "paper@example.com")
        me = await client.get("/api/v1/me")
    assert me.status_code == 200, me.text
    assert me.json()["server_mode"] == "paper"


async def test_a_used_sign_in_link_explains_and_leads_to_sign_in(
    app: FastAPI, sign_up: SignUp
) -> None:
    """The second use is refused with a page that says why and links to the sign-in."""
    await sign_up("link@example.com")
    token = one_time_sign_in(app, "link@example.com", path="/once")
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as browser:
        first = await browser.get(f"/once?token={token}")
        assert first.status_code == 303
        assert (await browser.get("/api/v1/me")).json()["email"] == "link@example.com"
        again = await browser.get(f"/once?token={token}")
    assert again.status_code == 403
    assert again.headers["content-type"].startswith("text/html")
    assert "already used" in again.text
    assert '<a href="/">' in again.text


async def test_session_cookie_attributes(client_factory: Callable[[], httpx.AsyncClient]) -> None:
    client = client_factory()
    response = await register(client, "c@example.com")
    cookies = response.headers.get_list("set-cookie")
    session = next(c for c in cookies if c.startswith("polycopy_session="))
    csrf = next(c for c in cookies if c.startswith("polycopy_csrf="))
    assert "HttpOnly" in session
    assert "samesite=lax" in session.lower()
    assert "HttpOnly" not in csrf
    assert response.json()["csrf_token"] in csrf


async def test_secure_cookies_outside_sim(db: Database) -> None:
    app = create_app(api_settings(cookie_secure=True), database=db)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="https://testserver"
    ) as client:
        response = await register(client, "s@example.com")
    assert all("Secure" in c for c in response.headers.get_list("set-cookie"))


async def test_only_the_session_token_hash_is_stored(db: Database, sign_up: SignUp) -> None:
    user = await sign_up()
    token = user.client.cookies["polycopy_session"]
    async with db.transaction() as session:
        rows = (await session.scalars(select(UserSession))).all()
        stored = (await session.scalars(select(UserRow))).all()
    assert [r.token_hash for r in rows] != [token]
    assert all(token not in r.token_hash for r in rows)
    assert stored[0].password_hash is not None
    assert stored[0].password_hash.startswith("$argon2id$")
    assert PASSWORD not in stored[0].password_hash


async def test_sign_in_and_sign_out(sign_up: SignUp, client_factory) -> None:  # type: ignore[no-untyped-def]
    user = await sign_up("b@example.com")
    other = client_factory()
    wrong = await other.post(
        "/api/v1/auth/sign-in", json={"email": "b@example.com", "password": "wrong password!"}
    )
    assert wrong.status_code == 401
    assert wrong.json()["error"]["code"] == "invalid_credentials"
    unknown = await other.post(
        "/api/v1/auth/sign-in", json={"email": "nobody@example.com", "password": PASSWORD}
    )
    assert unknown.status_code == 401
    assert unknown.json() == wrong.json()  # never says which part was wrong
    signed_in = await other.post(
        "/api/v1/auth/sign-in", json={"email": "B@example.com", "password": PASSWORD}
    )
    assert signed_in.status_code == 200
    assert signed_in.json()["user"]["id"] == user.id
    assert (await other.get("/api/v1/me")).status_code == 200

    csrf = signed_in.json()["csrf_token"]
    no_csrf = await other.post("/api/v1/auth/sign-out")
    assert no_csrf.status_code == 403
    assert no_csrf.json()["error"]["code"] == "csrf_failed"
    out = await other.post("/api/v1/auth/sign-out", headers={"X-CSRF-Token": csrf})
    assert out.status_code == 204
    assert (await other.get("/api/v1/me")).status_code == 401
    # The first session is unaffected.
    assert (await user.get("/api/v1/me")).status_code == 200


async def test_a_revoked_session_cookie_is_refused_even_if_replayed(
    sign_up: SignUp, client_factory
) -> None:  # type: ignore[no-untyped-def]
    user = await sign_up()
    stolen = user.client.cookies["polycopy_session"]
    assert (await user.post("/api/v1/auth/sign-out")).status_code == 204
    replay = client_factory()
    replay.cookies.set("polycopy_session", stolen)
    response = await replay.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


async def test_cookie_mutations_need_the_csrf_header(sign_up: SignUp) -> None:
    user = await sign_up()
    body = {"wallet": "0x" + "12" * 20}
    missing = await user.client.post("/api/v1/leaders", json=body)
    assert missing.status_code == 403
    assert missing.json()["error"]["code"] == "csrf_failed"
    wrong = await user.client.post("/api/v1/leaders", json=body, headers={"X-CSRF-Token": "x"})
    assert wrong.status_code == 403
    # Another session's token does not fit this session.
    assert (await user.post("/api/v1/leaders", body)).status_code == 201
    assert (await user.get("/api/v1/leaders")).json()["items"][0]["wallet"] == body["wallet"]


async def test_sign_up_errors(sign_up: SignUp, client_factory) -> None:  # type: ignore[no-untyped-def]
    await sign_up("taken@example.com")
    client = client_factory()
    short = await client.post(
        "/api/v1/auth/sign-up", json={"email": "new@example.com", "password": "short"}
    )
    assert short.status_code == 422
    assert short.json()["error"]["field"] == "password"
    bad = await client.post(
        "/api/v1/auth/sign-up", json={"email": "not-an-email", "password": PASSWORD}
    )
    assert bad.status_code == 422
    assert bad.json()["error"]["field"] == "email"


async def test_sign_up_does_not_tell_whether_an_email_exists(
    db: Database, sign_up: SignUp, client_factory: Callable[[], httpx.AsyncClient]
) -> None:
    owner = await sign_up("taken@example.com")
    answers = {}
    for email in ("TAKEN@example.com", "fresh@example.com"):
        client = client_factory()
        answer = await client.post(
            "/api/v1/auth/sign-up", json={"email": email, "password": "another long passphrase"}
        )
        answers[email] = (answer.status_code, answer.json(), answer.headers.get("set-cookie"))
        assert not client.cookies
    assert answers["TAKEN@example.com"] == answers["fresh@example.com"]
    assert answers["fresh@example.com"][:2] == (
        202,
        {"status": "accepted", "message": SIGN_UP_ACCEPTED},
    )
    assert answers["fresh@example.com"][2] is None  # no session either way
    # The taken e-mail keeps its owner's password; the owner can see the attempt.
    stranger = client_factory()
    theirs = {"email": "taken@example.com", "password": "another long passphrase"}
    assert (await stranger.post("/api/v1/auth/sign-in", json=theirs)).status_code == 401
    assert (await register(client_factory(), "x@example.com")).status_code == 200
    async with db.transaction() as session:
        attempts = (
            await session.scalars(
                select(AuditEvent).where(
                    AuditEvent.entity_id == str(owner.id), AuditEvent.action == "sign_up_refused"
                )
            )
        ).all()
    assert len(attempts) == 1


async def test_parallel_sign_ups_for_one_email_make_one_user(
    db: Database, client_factory: Callable[[], httpx.AsyncClient]
) -> None:
    body = {"email": "twin@example.com", "password": PASSWORD}
    answers = await asyncio.gather(
        *(client_factory().post("/api/v1/auth/sign-up", json=body) for _ in range(6))
    )
    assert [a.status_code for a in answers] == [202] * 6
    async with db.transaction() as session:
        users = (
            await session.scalars(select(UserRow).where(UserRow.email == "twin@example.com"))
        ).all()
    assert len(users) == 1


@pytest.mark.parametrize(
    "password", [" " * 10, "password12", "qwertyuiop", "P@ssw0rd1234", "iloveyou1234"]
)
async def test_guessable_passwords_are_refused_naming_the_field(
    password: str, sign_up: SignUp, client_factory: Callable[[], httpx.AsyncClient]
) -> None:
    answer = await client_factory().post(
        "/api/v1/auth/sign-up", json={"email": "ada@example.com", "password": password}
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"]["field"] == "password"
    assert "guess" in answer.json()["error"]["message"]
    user = await sign_up()
    change = await user.post(
        "/api/v1/me/password", {"current_password": PASSWORD, "new_password": password}
    )
    assert change.status_code == 422
    assert change.json()["error"]["field"] == "new_password"


async def test_a_password_made_of_the_email_is_refused(
    client_factory: Callable[[], httpx.AsyncClient],
) -> None:
    body = {"email": "grace.hopper@example.com", "password": "grace.hopper@example.com!"}
    answer = await client_factory().post("/api/v1/auth/sign-up", json=body)
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"]["field"] == "password"


async def test_admin_email_setting_makes_the_admin(db: Database) -> None:
    app = create_app(api_settings(admin_email="Boss@Example.com"), database=db)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        boss = await register(client, "boss@example.com")
        other = await register(client, "other@example.com")
    assert boss.json()["user"]["role"] == "admin"
    assert other.json()["user"]["role"] == "user"


async def test_sign_up_can_be_closed(db: Database) -> None:
    app = create_app(api_settings(allow_signup=False), database=db)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        response = await client.post(
            "/api/v1/auth/sign-up", json={"email": "x@example.com", "password": PASSWORD}
        )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "signup_closed"


async def test_api_tokens_scopes_and_revocation(
    db: Database, sign_up: SignUp, app: FastAPI
) -> None:
    user = await sign_up()
    created = await user.post(
        "/api/v1/tokens", {"name": "ci", "scopes": ["accounts:read", "rules:read"]}
    )
    assert created.status_code == 201, created.text
    token = created.json()["token"]
    assert token.startswith("pct_")
    token_id = created.json()["id"]

    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as bearer:
        auth = {"Authorization": f"Bearer {token}"}
        me = await bearer.get("/api/v1/me", headers=auth)
        assert me.status_code == 200
        assert me.json()["authenticated_via"] == "token"
        assert me.json()["scopes"] == ["accounts:read", "rules:read"]
        assert (await bearer.get("/api/v1/accounts", headers=auth)).status_code == 200
        # No CSRF needed for a bearer token, but the scope is.
        denied = await bearer.post(
            "/api/v1/leaders", json={"wallet": "0x" + "12" * 20}, headers=auth
        )
        assert denied.status_code == 403
        assert denied.json()["error"]["code"] == "insufficient_scope"
        assert "leaders:write" in denied.json()["error"]["message"]
        assert (await bearer.get("/api/v1/decisions", headers=auth)).status_code == 403
        # A token cannot mint or list tokens.
        minted = await bearer.post(
            "/api/v1/tokens", json={"name": "x", "scopes": ["accounts:read"]}, headers=auth
        )
        assert minted.status_code == 403
        assert minted.json()["error"]["code"] == "session_required"

        listed = await user.get("/api/v1/tokens")
        assert [t["id"] for t in listed.json()["items"]] == [token_id]
        assert "token" not in listed.json()["items"][0]
        assert (await user.delete(f"/api/v1/tokens/{token_id}")).status_code == 204
        revoked = await bearer.get("/api/v1/me", headers=auth)
        assert revoked.status_code == 401
        assert revoked.headers["www-authenticate"] == "Bearer"
        garbage = await bearer.get("/api/v1/me", headers={"Authorization": "Bearer pct_nope"})
        assert garbage.status_code == 401

    async with db.transaction() as session:
        rows = (await session.scalars(select(ApiToken))).all()
    assert len(rows) == 1
    assert token not in rows[0].token_hash


@pytest.mark.parametrize("scopes", [[], ["everything"]])
async def test_token_scopes_are_validated(sign_up: SignUp, scopes: list[str]) -> None:
    user = await sign_up()
    response = await user.post("/api/v1/tokens", {"name": "x", "scopes": scopes})
    assert response.status_code == 422
    assert response.json()["error"]["field"].startswith("scopes")


async def test_another_users_token_cannot_be_revoked(sign_up: SignUp) -> None:
    alice, bob = await sign_up(), await sign_up()
    created = await alice.post("/api/v1/tokens", {"name": "a", "scopes": ["orders:read"]})
    response = await bob.delete(f"/api/v1/tokens/{created.json()['id']}")
    assert response.status_code == 404
    assert (await bob.get("/api/v1/tokens")).json()["items"] == []


async def test_unauthenticated_requests_get_401(client_factory) -> None:  # type: ignore[no-untyped-def]
    client = client_factory()
    for path in ("/api/v1/me", "/api/v1/accounts", "/api/v1/rules", "/api/v1/orders"):
        response = await client.get(path)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "not_authenticated"


async def test_default_password_cost_and_rehash_at_sign_in(db: Database) -> None:
    """Production parameters are Argon2id m=64 MiB, t=3; a cheaper stored hash is upgraded."""
    cheap_app = create_app(api_settings(admin_email=None), database=db)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=cheap_app), base_url="http://testserver"
    ) as client:
        body = {"email": "cost@example.com", "password": PASSWORD}
        assert (await client.post("/api/v1/auth/sign-up", json=body)).status_code == 202
    async with db.transaction() as session:
        user = (
            await session.scalars(select(UserRow).where(UserRow.email == "cost@example.com"))
        ).one()
        assert user.password_hash is not None
        assert "m=1024,t=1" in user.password_hash
    strong_app = create_app(Settings(secret_key="k" * 32, mode="sim"), database=db)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=strong_app), base_url="http://testserver"
    ) as client:
        assert (await client.post("/api/v1/auth/sign-in", json=body)).status_code == 200
    async with db.transaction() as session:
        user = (
            await session.scalars(select(UserRow).where(UserRow.email == "cost@example.com"))
        ).one()
        assert user.password_hash is not None
        assert user.password_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    create_app(api_settings(), database=db)  # back to the cheap hashes for the other tests
