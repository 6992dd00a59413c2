"""Live updates over server-sent events, on a real server over loopback: scoped to the user,
resumable with Last-Event-ID, and ended when the session ends."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from polycopy.kit.db import Database
from polycopy.signals.types import TradeSide
from tests.api.conftest import LEADER, OTHER_LEADER, key_address, private_key, register
from tests.api.seed import copied_buy, copied_trade, leader_fill
from tests.loopback import serving

T0 = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
async def base_url(app: FastAPI) -> AsyncIterator[str]:
    async with serving(app) as base:
        yield base


async def _signed_in(base: str, email: str) -> tuple[httpx.AsyncClient, str]:
    client = httpx.AsyncClient(base_url=base, timeout=30)
    answer = await register(client, email)
    return client, str(answer.json()["csrf_token"])


async def _setup(client: httpx.AsyncClient, csrf: str, key: int, leader: str) -> dict[str, Any]:
    headers = {"X-CSRF-Token": csrf}
    k = private_key(key)
    account = await client.post(
        "/api/v1/accounts",
        json={
            "label": "live",
            "signature_type": 0,
            "wallet_address": key_address(k),
            "credentials": {"private_key": k},
        },
        headers=headers,
    )
    rule = await client.post(
        "/api/v1/rules",
        json={
            "account_id": account.json()["id"],
            "leader_wallet": leader,
            "settings": {"fixed_amount_micros": 1_000_000},
        },
        headers=headers,
    )
    assert rule.status_code == 201, rule.text
    return dict(rule.json())


async def _read(
    client: httpx.AsyncClient,
    want: int,
    headers: dict[str, str] | None = None,
    ready: asyncio.Event | None = None,
) -> list[tuple[str, str, Any]]:
    """The first ``want`` events after ``ready`` (event, id, data); sets ``ready`` on it."""
    out: list[tuple[str, str, Any]] = []
    event: dict[str, str] = {}
    async with client.stream(
        "GET", "/api/v1/events/stream", params={"poll_ms": 200}, headers=headers or {}
    ) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        async for line in response.aiter_lines():
            if line.startswith(":"):
                continue
            if line == "":
                if event:
                    name = event.get("event", "message")
                    data = event.get("data", "")
                    out.append(
                        (
                            name,
                            event.get("id", ""),
                            data if name in ("ready", "end") else json.loads(data),
                        )
                    )
                    if name == "ready" and ready is not None:
                        ready.set()
                    event = {}
                    if len(out) > want or name == "end":
                        return out
                continue
            field, _, value = line.partition(":")
            event[field] = value.removeprefix(" ")
    return out


async def test_stream_delivers_only_the_users_events_and_resumes(
    db: Database, base_url: str
) -> None:
    alice, alice_csrf = await _signed_in(base_url, "alice-live@example.com")
    bob, bob_csrf = await _signed_in(base_url, "bob-live@example.com")
    rule = await _setup(alice, alice_csrf, 11, LEADER)
    bob_rule = await _setup(bob, bob_csrf, 12, OTHER_LEADER)

    streaming = asyncio.Event()

    async def seed() -> None:
        await streaming.wait()  # the stream has its start position: everything after counts
        async with db.transaction() as session:
            # Bob's leader trades and Bob copies: none of it may reach Alice.
            await copied_trade(
                session,
                bob_rule["id"],
                side=TradeSide.BUY,
                leader_price_micros=300_000,
                price_micros=300_000,
                size_micros=2_000_000,
                fee_micros=0,
                at=T0,
            )
            await copied_buy(session, rule["id"], size_micros=2_000_000, at=T0)

    seeding = asyncio.create_task(seed())
    events = await _read(alice, 3, ready=streaming)
    await seeding
    ready, *rest = events
    assert ready[0] == "ready"
    kinds = [e[0] for e in rest]
    assert kinds == ["leader_fill", "decision", "order"]
    fill, decision, order = (e[2] for e in rest)
    assert fill["leader_id"] == rule["leader_id"]
    assert decision["rule_id"] == rule["id"]
    assert order["status"] == "filled"
    assert order["account_id"] == rule["account_id"]

    # Resuming from the ready position replays exactly what came after it.
    again = await _read(alice, 3, headers={"Last-Event-ID": ready[1]})
    assert [e[0] for e in again[1:]] == kinds
    # Resuming from the last position: nothing old comes back.
    async with db.transaction() as session:
        await leader_fill(
            session,
            rule["leader_id"],
            side=TradeSide.SELL,
            price_micros=450_000,
            size_micros=1_000_000,
            at=T0,
        )
    tail = await _read(alice, 1, headers={"Last-Event-ID": rest[-1][1]})
    assert [e[0] for e in tail[1:]] == ["leader_fill"]
    assert tail[1][2]["side"] == "SELL"

    bad = await alice.get("/api/v1/events/stream", headers={"Last-Event-ID": "nonsense"})
    assert bad.status_code == 422
    for client in (alice, bob):
        await client.aclose()


async def test_stream_ends_when_the_session_ends(db: Database, base_url: str) -> None:
    client, csrf = await _signed_in(base_url, "carol-live@example.com")
    anon = httpx.AsyncClient(base_url=base_url, timeout=30)
    assert (await anon.get("/api/v1/events/stream")).status_code == 401

    streaming = asyncio.Event()

    async def sign_out() -> None:
        await streaming.wait()
        other = httpx.AsyncClient(base_url=base_url, cookies=client.cookies, timeout=30)
        answer = await other.post("/api/v1/auth/sign-out", headers={"X-CSRF-Token": csrf})
        assert answer.status_code == 204
        await other.aclose()

    ending = asyncio.create_task(sign_out())
    events = await _read(client, 5, ready=streaming)
    await ending
    assert [e[0] for e in events] == ["ready", "end"]
    for c in (client, anon):
        await c.aclose()
