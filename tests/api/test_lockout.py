"""The sign-in lockout: counted in the database before each password check, per e-mail and
client address, with a wait that doubles; parallel tries cannot outrun it (both backends)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from polycopy.api.app import create_app
from polycopy.auth import lockout
from polycopy.auth.lockout import LockoutPolicy
from polycopy.kit.db import Database
from polycopy.models import AuditEvent, SignInThrottle
from tests.api.conftest import PASSWORD, api_settings, register

SIGN_IN = "/api/v1/auth/sign-in"
LIMIT = 5
DELAY = 30
# Generous request limits: only the lockout may refuse here.
SETTINGS = {
    "sign_in_max_failures": LIMIT,
    "sign_in_delay_seconds": DELAY,
    "rate_limit_ip_per_minute": 10_000,
}


def _app(db: Database) -> FastAPI:
    return create_app(api_settings(**SETTINGS), database=db)


@pytest.fixture
async def clients(db: Database) -> AsyncIterator[list[httpx.AsyncClient]]:
    """Two API processes' apps on one database, one client each, from one address."""
    async with (
        httpx.AsyncClient(transport=httpx.ASGITransport(app=_app(db)), base_url="http://a") as a,
        httpx.AsyncClient(transport=httpx.ASGITransport(app=_app(db)), base_url="http://b") as b,
    ):
        yield [a, b]


def _from(app: FastAPI, address: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(address, 40_000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def _failed_audits(db: Database) -> int:
    async with db.transaction() as session:
        count = await session.scalar(
            select(func.count()).where(AuditEvent.action == "sign_in_failed")
        )
    return int(count or 0)


async def test_parallel_tries_are_checked_at_most_the_limit_times(
    db: Database, clients: list[httpx.AsyncClient]
) -> None:
    await register(clients[0], "carol@example.com")
    wrong = {"email": "carol@example.com", "password": "not the password at all"}
    answers = await asyncio.gather(*(clients[i % 2].post(SIGN_IN, json=wrong) for i in range(30)))
    codes = sorted(a.status_code for a in answers)
    assert codes == [401] * LIMIT + [429] * (30 - LIMIT)
    assert await _failed_audits(db) == LIMIT  # the passwords checked, across both apps
    # Locked: thirty parallel tries with the right password all wait, on both apps.
    right = {"email": "Carol@Example.com", "password": PASSWORD}
    answers = await asyncio.gather(*(clients[i % 2].post(SIGN_IN, json=right) for i in range(30)))
    assert {a.status_code for a in answers} == {429}
    assert all(1 <= int(a.headers["retry-after"]) <= DELAY for a in answers)
    assert all("polycopy_session" not in a.cookies for a in answers)
    assert await _failed_audits(db) == LIMIT


async def test_unknown_emails_lock_like_known_ones(clients: list[httpx.AsyncClient]) -> None:
    """Otherwise a lock (or its absence) would tell which e-mails exist."""
    for email in ("known@example.com", "unknown@example.com"):
        if email.startswith("known"):
            await register(clients[0], email)
        wrong = {"email": email, "password": "not the password at all"}
        answers = await asyncio.gather(*(clients[0].post(SIGN_IN, json=wrong) for _ in range(8)))
        assert sorted(a.status_code for a in answers) == [401] * LIMIT + [429] * 3


async def test_a_stranger_locks_out_only_their_own_address(db: Database) -> None:
    app = _app(db)
    async with (
        _from(app, "203.0.113.7") as stranger,
        _from(app, "198.51.100.2") as owner,
    ):
        await register(owner, "dana@example.com")
        wrong = {"email": "dana@example.com", "password": "not the password at all"}
        for _ in range(LIMIT):
            assert (await stranger.post(SIGN_IN, json=wrong)).status_code == 401
        assert (await stranger.post(SIGN_IN, json=wrong)).status_code == 429
        right = {"email": "dana@example.com", "password": PASSWORD}
        assert (await owner.post(SIGN_IN, json=right)).status_code == 200
        # The stranger's address stays locked, even with the right password.
        locked = await stranger.post(SIGN_IN, json=right)
        assert locked.status_code == 429
        assert locked.json()["error"]["code"] == "rate_limited"
        # Another e-mail from the stranger's address has its own count.
        other = {"email": "erin@example.com", "password": "not the password at all"}
        assert (await stranger.post(SIGN_IN, json=other)).status_code == 401
    async with db.transaction() as session:
        keys = (await session.scalars(select(SignInThrottle.key))).all()
    assert all("@" not in key and "203.0" not in key for key in keys)  # HMACs only


async def test_a_success_clears_the_count(db: Database) -> None:
    async with _from(_app(db), "192.0.2.4") as client:
        await register(client, "finn@example.com")
        wrong = {"email": "finn@example.com", "password": "not the password at all"}
        right = {"email": "finn@example.com", "password": PASSWORD}
        for _ in range(LIMIT - 1):
            assert (await client.post(SIGN_IN, json=wrong)).status_code == 401
        assert (await client.post(SIGN_IN, json=right)).status_code == 200
        codes = [(await client.post(SIGN_IN, json=wrong)).status_code for _ in range(LIMIT + 1)]
        assert codes == [401] * LIMIT + [429]


POLICY = LockoutPolicy(
    max_failures=3, first_delay=dt.timedelta(seconds=10), max_delay=dt.timedelta(seconds=60)
)
T0 = dt.datetime(2026, 12, 8, 12, tzinfo=dt.UTC)


async def _try(db: Database, at: float, key: str = "k") -> int | None:
    async with db.transaction() as session:
        slot = await lockout.reserve(session, key, now=T0 + dt.timedelta(seconds=at), policy=POLICY)
    return slot.wait_seconds


async def test_the_wait_doubles_up_to_the_cap_then_a_quiet_key_starts_over(
    db: Database,
) -> None:
    assert [await _try(db, 0) for _ in range(3)] == [None, None, None]
    assert await _try(db, 0) == 10  # the third attempt locked the key for the first delay
    assert await _try(db, 9.5) == 1
    assert await _try(db, 10) is None  # one attempt, then twice as long
    assert await _try(db, 10) == 20
    assert await _try(db, 30) is None
    assert await _try(db, 30) == 40
    assert await _try(db, 70) is None
    assert await _try(db, 70) == 60  # capped
    assert await _try(db, 130) is None
    assert await _try(db, 130) == 60
    # Another key is untouched.
    assert await _try(db, 130, key="other") is None
    # Quiet for the cap after the lock ended: three tries again.
    assert [await _try(db, 250 + i) for i in range(3)] == [None, None, None]
    assert await _try(db, 253) is not None


async def test_quiet_keys_are_forgotten(db: Database) -> None:
    await _try(db, 0, key="old")
    await _try(db, 121, key="new")  # over twice the cap later
    async with db.transaction() as session:
        keys = (await session.scalars(select(SignInThrottle.key))).all()
    assert keys == ["new"]
