"""Signed ingestion: an outside provider's fills enter the same pipeline as the Data API's."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from polycopy.api.app import create_app
from polycopy.copying.types import DecisionAction
from polycopy.kit.db import Database
from polycopy.models import Decision, LeaderFill, LeaderFillSighting
from polycopy.notifications.signing import sign
from polycopy.signals.sources.data_api import WATCHED_TYPES
from polycopy.signals.types import FillSource
from polycopy.venues.polymarket.data_api import DataApiClient
from polycopy.venues.polymarket.models import ActivityRow
from tests.api.conftest import api_settings
from tests.pipeline_support import Sim, running_sim

SECRET = "provider-secret-" + "x" * 32
URL = "/api/v1/ingest/fills"


@pytest.fixture
async def sim(db: Database) -> AsyncIterator[Sim]:
    async with running_sim(db) as running:
        yield running


@pytest.fixture
async def client(db: Database) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(api_settings(ingest_secrets={"acme": SECRET}), database=db)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as http:
        yield http


async def _leader_rows(sim: Sim) -> list[ActivityRow]:
    """What the emulator's Data API says the leader just did (the provider reports it too)."""
    data = DataApiClient(sim.http, sim.server.base_urls["data"])
    page = await data.activity_page(sim.leader.address, types=WATCHED_TYPES)
    assert page.data, "the leader traded"
    return list(page.data)


def _payload(rows: list[ActivityRow]) -> bytes:
    fills = [
        {
            "wallet": row.proxy_wallet,
            "transaction_hash": row.transaction_hash,
            "event_type": row.type,
            "condition_id": row.condition_id,
            "token_id": row.token_id,
            "outcome": row.outcome,
            "side": row.side,
            "price": str(row.price),
            "size": str(row.size),
            "usdc_size": str(row.usdc_size),
            "timestamp": row.timestamp,
        }
        for row in rows
    ]
    return json.dumps({"fills": fills}).encode()


def _headers(body: bytes, *, secret: str = SECRET, at: int | None = None) -> dict[str, str]:
    return {
        "content-type": "application/json",
        "Polycopy-Provider": "acme",
        "Polycopy-Signature": sign(secret, body, int(time.time()) if at is None else at),
    }


async def _count(db: Database, model: Any) -> int:
    async with db.transaction() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_unsigned_badly_signed_and_stale_requests_store_nothing(
    db: Database, sim: Sim, client: httpx.AsyncClient
) -> None:
    sim.leader_trades(buy=True)
    body = _payload(await _leader_rows(sim))
    attempts = [
        {"content-type": "application/json"},  # no signature at all
        _headers(body, secret="another-secret-" + "y" * 32),
        _headers(body) | {"Polycopy-Provider": "someone-else"},
        _headers(body, at=int(time.time()) - 310),  # outside the 300 s replay window
        _headers(body, at=int(time.time()) + 310),  # (margin: seconds pass and truncate)
        _headers(body) | {"Polycopy-Signature": "t=1,v1=00"},
    ]
    for headers in attempts:
        response = await client.post(URL, content=body, headers=headers)
        assert response.status_code == 401, response.text
        assert response.json()["error"]["code"] == "bad_signature"
    # A body altered after signing is refused too.
    tampered = body.replace(b'"BUY"', b'"SELL"')
    assert tampered != body
    refused = await client.post(URL, content=tampered, headers=_headers(body))
    assert refused.status_code == 401
    assert await _count(db, LeaderFill) == 0
    assert await _count(db, LeaderFillSighting) == 0


@pytest.mark.parametrize(
    "body",
    [b"{not json", b'{"fills": [{"wallet": "0x"}]}', b'{"fills": [{"outcome": "a\\u0000b"}]}'],
)
async def test_the_signature_is_checked_before_the_body_is_read(
    client: httpx.AsyncClient, body: bytes
) -> None:
    """Unsigned: 401 whatever the body holds. Signed: the body's own errors, as 422."""
    unsigned = await client.post(URL, content=body, headers={"content-type": "application/json"})
    assert unsigned.status_code == 401, unsigned.text
    assert unsigned.json()["error"]["code"] == "bad_signature"
    signed = await client.post(URL, content=body, headers=_headers(body))
    assert signed.status_code in (400, 422), signed.text
    assert signed.json()["error"]["code"] != "bad_signature"


async def test_strict_validation(db: Database, sim: Sim, client: httpx.AsyncClient) -> None:
    sim.leader_trades(buy=True)
    rows = await _leader_rows(sim)
    good = json.loads(_payload(rows))["fills"][0]
    bad_fills = [
        good | {"wallet": "0x1234"},
        good | {"price": "1.5"},
        good | {"size": "0"},
        good | {"side": None},
        good | {"unexpected": 1},
        good | {"timestamp": int(time.time()) + 3600},
    ]
    for fill in bad_fills:
        body = json.dumps({"fills": [fill]}).encode()
        response = await client.post(URL, content=body, headers=_headers(body))
        assert response.status_code == 422, (fill, response.text)
    empty = b'{"fills": []}'
    assert (await client.post(URL, content=empty, headers=_headers(empty))).status_code == 422
    assert await _count(db, LeaderFill) == 0


async def test_a_provider_fill_is_decided_and_merges_with_the_data_api(
    db: Database, sim: Sim, client: httpx.AsyncClient
) -> None:
    sim.leader_trades(buy=True)
    rows = await _leader_rows(sim)
    body = _payload(rows)
    stranger = rows[0].model_copy(update={"proxy_wallet": "0x" + "ee" * 20})
    with_stranger = _payload([*rows, stranger])

    response = await client.post(URL, content=with_stranger, headers=_headers(with_stranger))
    assert response.status_code == 200, response.text
    assert response.json() == {
        "received": len(rows) + 1,
        "created": len(rows),
        "duplicates": 0,
        "ignored": 1,  # nobody follows that wallet
    }
    # A replay inside the window changes nothing: fills collapse on their identity.
    replay = await client.post(URL, content=body, headers=_headers(body))
    assert replay.json()["created"] == 0
    assert replay.json()["duplicates"] == len(rows)
    async with db.transaction() as session:
        fills = (await session.scalars(select(LeaderFill))).all()
    assert len(fills) == len(rows)
    assert {fill.first_source for fill in fills} == {FillSource.EXTERNAL}

    engine = sim.engine()
    assert await engine.poll_once() == 0  # the Data API reports the same fills: no new row
    await engine.step()
    async with db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(LeaderFill)) == len(rows)
        sightings = (await session.scalars(select(LeaderFillSighting))).all()
        decisions = (await session.scalars(select(Decision))).all()
    for fill in fills:
        sources = {s.source for s in sightings if s.leader_fill_id == fill.id}
        assert sources == {FillSource.EXTERNAL, FillSource.DATA_API}
    assert {d.leader_fill_id for d in decisions} == {fill.id for fill in fills}
    assert any(d.action is DecisionAction.COPY for d in decisions)
    assert sim.follower_orders(), "the copy reached the exchange"
