"""Rate limits (per IP, per user), password change, account edits, audit, hashing off the
event loop, and text the database cannot store."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from polycopy.api.app import create_app
from polycopy.auth import service
from polycopy.kit.db import Database
from polycopy.models import AuditEvent, UserSession
from tests.api.conftest import PASSWORD, User, api_settings, register
from tests.orders.fault_support import until

SignUp = Callable[..., Awaitable[User]]


def _client(app: object) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")  # type: ignore[arg-type]


async def _sign_up(client: httpx.AsyncClient, email: str) -> str:
    return str((await register(client, email)).json()["csrf_token"])


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


async def test_password_hashing_leaves_the_event_loop_free(
    sign_up: SignUp, client_factory: Callable[[], httpx.AsyncClient], monkeypatch: Any
) -> None:
    """A sign-in's Argon2 check runs on a worker thread: the app answers meanwhile."""
    user = await sign_up()
    entered, release, finished = threading.Event(), threading.Event(), threading.Event()
    hasher = service._HASHING.hasher
    check = hasher.verify_and_update

    def held(password: str, stored: str) -> tuple[bool, str | None]:
        entered.set()
        release.wait(timeout=10)  # bounded, so the old code fails instead of hanging
        try:
            return check(password, stored)
        finally:
            finished.set()

    monkeypatch.setattr(hasher, "verify_and_update", held)
    signing_in = asyncio.create_task(
        client_factory().post(
            "/api/v1/auth/sign-in", json={"email": user.email, "password": PASSWORD}
        )
    )
    try:
        await until(entered.is_set)
        assert (await client_factory().get("/healthz")).status_code == 200
        assert not finished.is_set(), "/healthz waited for the password hash"
    finally:
        release.set()
    assert (await signing_in).status_code == 200


NUL = "bad\x00text"
SIGN_IN, SIGN_UP = "/api/v1/auth/sign-in", "/api/v1/auth/sign-up"


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (SIGN_IN, {"email": f"a{NUL}@example.com", "password": PASSWORD}, "email"),
        (SIGN_UP, {"email": "n@example.com", "password": PASSWORD + NUL}, "password"),
        (SIGN_IN, {"email": "n@example.com", "password": "\udc00" * 12}, "password"),
    ],
)
async def test_unstorable_text_in_public_bodies_is_422(
    db: Database,
    client_factory: Callable[[], httpx.AsyncClient],
    path: str,
    body: dict[str, str],
    field: str,
) -> None:
    content = json.dumps(body)  # ASCII: NUL and the lone surrogate travel as \u escapes
    answer = await client_factory().post(
        path, content=content, headers={"content-type": "application/json"}
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"] == {
        "code": "validation_error",
        "message": f"{field}: NUL characters and unpaired surrogates cannot be stored",
        "field": field,
    }
    async with db.transaction() as session:
        assert (await session.scalars(select(AuditEvent))).all() == []


async def test_unstorable_text_is_422_on_every_route(sign_up: SignUp) -> None:
    user = await sign_up()
    nested = await user.post(
        "/api/v1/rules",
        {"account_id": 1, "leader_wallet": "0x" + "12" * 20, "settings": {"note": [NUL]}},
    )
    assert nested.status_code == 422
    assert nested.json()["error"]["field"] == "settings.note.0"
    in_query = await user.get("/api/v1/orders", params={"status": NUL})
    assert in_query.status_code == 422
    assert in_query.json()["error"]["field"] == "status"
    in_path = await user.get("/api/v1/leaders/bad%00id")
    assert in_path.status_code == 422
    # An escaped backslash before "u0000" is ordinary text, not a NUL.
    fine = await user.post("/api/v1/leaders", content='{"wallet": "\\\\u0000"}')
    assert fine.status_code == 422
    assert "NUL" not in fine.json()["error"]["message"]


async def test_a_token_expiry_needs_a_time_zone(sign_up: SignUp) -> None:
    user = await sign_up()
    naive = await user.post(
        "/api/v1/tokens",
        {"name": "ci", "scopes": ["orders:read"], "expires_at": "2030-01-01T00:00:00"},
    )
    assert naive.status_code == 422, naive.text
    assert naive.json()["error"]["field"] == "expires_at"
    aware = await user.post(
        "/api/v1/tokens",
        {"name": "ci", "scopes": ["orders:read"], "expires_at": "2030-01-01T00:00:00+02:00"},
    )
    assert aware.status_code == 201, aware.text
