"""Rate limits (per IP, per user), sign-in lockout, password change, account edits, audit."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import httpx
from sqlalchemy import select

from polycopy.api.app import create_app
from polycopy.kit.db import Database
from polycopy.models import AuditEvent, UserSession
from tests.api.conftest import PASSWORD, User, api_settings

SignUp = Callable[..., Awaitable[User]]


def _client(app: object) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")  # type: ignore[arg-type]


async def _sign_up(client: httpx.AsyncClient, email: str) -> str:
    response = await client.post(
        "/api/v1/auth/sign-up", json={"email": email, "password": PASSWORD}
    )
    assert response.status_code == 201, response.text
    return str(response.json()["csrf_token"])


async def test_per_user_and_per_ip_limits_answer_429_with_retry_after(db: Database) -> None:
    app = create_app(
        api_settings(rate_limit_user_per_minute=3, rate_limit_ip_per_minute=12), database=db
    )
    async with _client(app) as alice, _client(app) as bob:
        await _sign_up(alice, "alice@example.com")
        await _sign_up(bob, "bob@example.com")
        answers = [(await alice.get("/api/v1/me")).status_code for _ in range(4)]
        assert answers == [200, 200, 200, 429]
        limited = await alice.get("/api/v1/me")
        assert limited.json()["error"]["code"] == "rate_limited"
        assert 1 <= int(limited.headers["retry-after"]) <= 60
        # Bob is another user: his own allowance.
        assert (await bob.get("/api/v1/me")).status_code == 200
        # Both share one address (the test client): the per-IP limit ends it for both.
        statuses = [(await bob.get("/api/v1/leaders")).status_code for _ in range(6)]
        assert 429 in statuses
        by_ip = await bob.get("/api/v1/openapi.json")
        assert by_ip.status_code == 429
        assert "address" in by_ip.json()["error"]["message"]
        assert int(by_ip.headers["retry-after"]) >= 1
        # Probes are outside the API prefix and never limited.
        assert (await bob.get("/healthz")).status_code == 200


async def test_sign_in_lockout_after_failures(db: Database) -> None:
    app = create_app(api_settings(sign_in_max_failures=3), database=db)
    async with _client(app) as client:
        await _sign_up(client, "carol@example.com")
        wrong = {"email": "carol@example.com", "password": "not the password"}
        codes = [
            (await client.post("/api/v1/auth/sign-in", json=wrong)).status_code for _ in range(3)
        ]
        assert codes == [401, 401, 401]
        # Locked: even the right password is refused until the lockout ends.
        right = {"email": "Carol@Example.com", "password": PASSWORD}
        locked = await client.post("/api/v1/auth/sign-in", json=right)
        assert locked.status_code == 429
        assert int(locked.headers["retry-after"]) > 60
        # Another e-mail is not locked.
        await _sign_up(client, "dave@example.com")
        dave = {"email": "dave@example.com", "password": PASSWORD}
        assert (await client.post("/api/v1/auth/sign-in", json=dave)).status_code == 200
    async with db.transaction() as session:
        rows = (
            await session.scalars(select(AuditEvent).where(AuditEvent.entity_type == "user"))
        ).all()
    actions = [r.action for r in rows]
    assert actions.count("sign_in_failed") == 3
    assert actions.count("signed_in") == 1
    assert all("password" not in str(r.details) for r in rows)


async def test_password_change_ends_other_sessions(
    db: Database, sign_up: SignUp, client_factory: Callable[[], httpx.AsyncClient]
) -> None:
    user = await sign_up()
    other_device = client_factory()
    signed = await other_device.post(
        "/api/v1/auth/sign-in", json={"email": user.email, "password": PASSWORD}
    )
    assert signed.status_code == 200
    wrong = await user.post(
        "/api/v1/me/password",
        {"current_password": "not it at all", "new_password": "a brand new password"},
    )
    assert wrong.status_code == 403
    assert wrong.json()["error"]["field"] == "current_password"
    short = await user.post(
        "/api/v1/me/password", {"current_password": PASSWORD, "new_password": "short"}
    )
    assert short.status_code == 422
    assert short.json()["error"]["field"] == "new_password"
    assert (await other_device.get("/api/v1/me")).status_code == 200  # nothing changed

    changed = await user.post(
        "/api/v1/me/password",
        {"current_password": PASSWORD, "new_password": "a brand new password"},
    )
    assert changed.status_code == 200
    assert changed.json() == {"sessions_ended": 1}
    assert (await user.get("/api/v1/me")).status_code == 200  # this session stays
    assert (await other_device.get("/api/v1/me")).status_code == 401
    fresh = client_factory()
    old = await fresh.post("/api/v1/auth/sign-in", json={"email": user.email, "password": PASSWORD})
    assert old.status_code == 401
    new = await fresh.post(
        "/api/v1/auth/sign-in", json={"email": user.email, "password": "a brand new password"}
    )
    assert new.status_code == 200
    async with db.transaction() as session:
        live = (
            await session.scalars(
                select(UserSession).where(
                    UserSession.user_id == user.id, UserSession.revoked_at.is_(None)
                )
            )
        ).all()
    assert len(live) == 2  # this one and the fresh sign-in
    # Tokens cannot change passwords.
    token = (await user.post("/api/v1/tokens", {"name": "t", "scopes": ["accounts:write"]})).json()
    by_token = await client_factory().post(
        "/api/v1/me/password",
        json={"current_password": "a brand new password", "new_password": "x" * 12},
        headers={"Authorization": f"Bearer {token['token']}"},
    )
    assert by_token.json()["error"]["code"] == "session_required"


async def test_account_edits_are_validated_scoped_and_audited(
    db: Database, sign_up: SignUp
) -> None:
    alice, bob = await sign_up(), await sign_up()
    account = await alice.account()
    url = f"/api/v1/accounts/{account['id']}"
    updated = await alice.patch(
        url, {"label": "savings", "limits": {"max_total_exposure_micros": 50_000_000}}
    )
    assert updated.status_code == 200, updated.text
    assert updated.json()["label"] == "savings"
    assert updated.json()["limits"]["max_total_exposure_micros"] == 50_000_000

    invalid = await alice.patch(url, {"limits": {"max_total_exposure_micros": -1}})
    assert invalid.status_code == 422
    assert invalid.json()["error"]["field"] == "limits.max_total_exposure_micros"
    unknown = await alice.patch(url, {"limits": {"max_everything": 1}})
    assert unknown.status_code == 422
    assert (await bob.patch(url, {"label": "mine now"})).status_code == 404
    assert (await alice.get(url)).json()["label"] == "savings"

    events = (await alice.get("/api/v1/audit", params={"entity_type": "follower_account"})).json()
    updates = [e for e in events["items"] if e["action"] == "updated"]
    assert len(updates) == 1
    assert updates[0]["details"]["label"] == {"from": "main", "to": "savings"}
    assert (await bob.get("/api/v1/audit", params={"entity_id": str(account["id"])})).json()[
        "items"
    ] == []
