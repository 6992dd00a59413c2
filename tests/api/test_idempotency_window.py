"""Idempotency records: kept for ``idempotency_ttl_seconds`` and then purged, and never holding
a secret shown once (a replay carries it empty)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Awaitable, Callable

import httpx
from sqlalchemy import select

from polycopy.api.app import create_app
from polycopy.kit.crypto import SecretBox
from polycopy.kit.db import Database
from polycopy.models import IdempotencyRecord
from polycopy.models.base import utcnow
from tests.api.conftest import LEADER, OTHER_LEADER, SECRET_KEY, User, api_settings

SignUp = Callable[..., Awaitable[User]]
DAY = dt.timedelta(seconds=86_400)


async def _stored(db: Database, user: User, key: str) -> dict[str, object]:
    async with db.transaction() as session:
        record = await session.scalar(
            select(IdempotencyRecord).where(
                IdempotencyRecord.user_id == user.id, IdempotencyRecord.key == key
            )
        )
    assert record is not None
    box = SecretBox(SECRET_KEY)
    plain = box.decrypt(record.encrypted_response, context=f"idempotency:{user.id}:{key}")
    return dict(json.loads(plain))


async def _age(db: Database, by: dt.timedelta) -> None:
    """Every stored record, ``by`` older."""
    async with db.transaction() as session:
        for record in (await session.scalars(select(IdempotencyRecord))).all():
            record.created_at -= by


async def test_secrets_shown_once_are_not_stored_nor_replayed(
    db: Database, sign_up: SignUp
) -> None:
    user = await sign_up()
    key = {"Idempotency-Key": "token-once"}
    body = {"name": "bot", "scopes": ["orders:read"]}
    first = await user.post("/api/v1/tokens", body, headers=key)
    assert first.status_code == 201, first.text
    token = first.json()["token"]
    assert token
    replay = await user.post("/api/v1/tokens", body, headers=key)
    assert replay.status_code == 201
    assert replay.headers["idempotent-replayed"] == "true"
    assert replay.json() == first.json() | {"token": ""}
    assert await _stored(db, user, "token-once") == first.json() | {"token": ""}

    hook = {"url": "https://example.com/hooks/polycopy", "events": ["ping"]}
    created = await user.post("/api/v1/webhooks", hook, headers={"Idempotency-Key": "hook-once"})
    assert created.status_code == 201, created.text
    assert created.json()["secret"].startswith("whsec_")
    again = await user.post("/api/v1/webhooks", hook, headers={"Idempotency-Key": "hook-once"})
    assert again.json() == created.json() | {"secret": ""}
    stored = await _stored(db, user, "hook-once")
    assert stored["secret"] == ""
    assert created.json()["secret"] not in json.dumps(stored)


async def test_records_expire_after_the_window(db: Database, sign_up: SignUp) -> None:
    user = await sign_up()
    key = {"Idempotency-Key": "leader-1"}
    first = await user.post("/api/v1/leaders", {"wallet": LEADER}, headers=key)
    await _age(db, DAY - dt.timedelta(minutes=5))
    inside = await user.post("/api/v1/leaders", {"wallet": LEADER}, headers=key)
    assert inside.headers.get("idempotent-replayed") == "true"
    assert inside.json() == first.json()
    await _age(db, dt.timedelta(minutes=10))
    # Past the window the key is free: a different request with it is done, not refused.
    after = await user.post("/api/v1/leaders", {"wallet": OTHER_LEADER}, headers=key)
    assert after.status_code == 201, after.text
    assert "idempotent-replayed" not in after.headers
    assert after.json()["wallet"] == OTHER_LEADER


async def test_expired_records_are_purged_on_write(db: Database, sign_up: SignUp) -> None:
    alice, bob = await sign_up(), await sign_up()
    for n in range(3):
        response = await alice.post(
            "/api/v1/leaders",
            {"wallet": "0x" + f"{n + 1:02x}" * 20},
            headers={"Idempotency-Key": f"a-{n}"},
        )
        assert response.status_code == 201
    await _age(db, 2 * DAY)
    await bob.post("/api/v1/leaders", {"wallet": LEADER}, headers={"Idempotency-Key": "b-1"})
    async with db.transaction() as session:
        left = (await session.scalars(select(IdempotencyRecord))).all()
    assert [(r.user_id, r.key) for r in left] == [(bob.id, "b-1")]
    assert all(utcnow() - r.created_at < dt.timedelta(minutes=5) for r in left)


async def test_the_window_is_a_setting(db: Database, sign_up: SignUp) -> None:

    short = create_app(api_settings(idempotency_ttl_seconds=60), database=db)
    user = await sign_up()
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=short),
        base_url="http://testserver",
        cookies=user.client.cookies,
    ) as client:
        headers = {"X-CSRF-Token": user.csrf, "Idempotency-Key": "short"}
        first = await client.post("/api/v1/leaders", json={"wallet": LEADER}, headers=headers)
        assert first.status_code == 201, first.text
        await _age(db, dt.timedelta(seconds=61))
        again = await client.post("/api/v1/leaders", json={"wallet": OTHER_LEADER}, headers=headers)
        assert again.status_code == 201, again.text
