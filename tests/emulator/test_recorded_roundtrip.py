"""Real recorded payloads in, the same payloads out over HTTP.

For every payload type the emulator serves (activity, trades, positions, markets, events,
books, leaderboard), a recording is loaded through a replay scenario, fetched back from a
running emulator, and both the recording and the answer are validated with the same model
from ``recorded_models`` (strict: the emulator's shape) and with the venue adapters' model
(what polycopy's own clients parse); then the fields the emulator reproduces are compared.
Recordings are read in place from the shared data directory and the tests skip when it is
absent.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import BaseModel

from polycopy.emulator.recorded_models import (
    ActivityRecord,
    BookRecord,
    GammaEventRecord,
    GammaMarketRecord,
    LeaderboardRecord,
    PositionRecord,
    TradeRecord,
)
from polycopy.emulator.replay import snap_to_tick
from polycopy.emulator.scenario import Scenario, build_scenario
from polycopy.emulator.server import EmulatorServer
from polycopy.kit.money import MICRO
from polycopy.venues.polymarket import models as venue

from .conftest import Clock
from .scenario_support import body, load_real, oldest_first, real, run_replays, write_scenario

MICRO_STEP = Decimal(1) / MICRO

ACTIVITY = [
    "edulabrador-polymarket-smart-money/activity_all.json",
    "edulabrador-polymarket-smart-money/activity.json",
    "jm709-pscanner/activity.json",
    "borislavv-polymarket-sharks/dataapi_activity.json",
]
TRADES = [
    "edulabrador-polymarket-smart-money/trades.json",
    "borislavv-polymarket-sharks/dataapi_trades.json",
    "borat14011-wom-polymarket-strategy/data_api_trades.json",
]
POSITIONS = [
    "edulabrador-polymarket-smart-money/positions.json",
    "jm709-pscanner/positions.json",
]
MARKETS = [
    "borat14011-wom-polymarket-strategy/markets.json",
    "jm709-pscanner/market.json",
    "nautilus-trader/test_data/gamma_market.json",
    "ligengxin96-polymarket-data-samples/BTC-5m-markets-2026-07-24.jsonl.gz",
]
EVENTS = [
    "borat14011-wom-polymarket-strategy/events.json",
    "borat14011-wom-polymarket-strategy/gamma_events.json",
    "jm709-pscanner/event.json",
    "borislavv-polymarket-sharks/gamma_events.json",
    "nautilus-trader/test_data/gamma_event.json",
]
BOOKS = [
    "borislavv-polymarket-sharks/clob_book.json",
    "nautilus-trader/http_responses/book.json",
]
LEADERBOARD = ["edulabrador-polymarket-smart-money/leaderboard.json"]


def _replay(tmp_path: Path, relative: str, extra: str = "") -> Scenario:
    """A scenario replaying one recorded feed, run to its end on a test clock."""
    path = real(relative)
    rows = _rows(load_real(relative))
    clock = Clock(min(r["timestamp"] for r in rows))
    text = f"[clock]\nstart = 'recorded'\n[[leaders]]\nkind = 'replay'\nfile = '{path}'\n"
    scenario = build_scenario(write_scenario(tmp_path, text + extra), clock=clock)
    run_replays(scenario, clock)
    for replay in scenario.replays:
        assert replay.missed == []
    return scenario


def _imported(tmp_path: Path, key: str, relative: str) -> Scenario:
    """A scenario importing one recorded file under ``[recorded]``."""
    text = f"[recorded]\n{key} = ['{real(relative)}']\n"
    return build_scenario(write_scenario(tmp_path, text), clock=Clock())


@contextlib.asynccontextmanager
async def _serve(scenario: Scenario) -> AsyncIterator[dict[str, httpx.AsyncClient]]:
    server = EmulatorServer(scenario.state, run_actors=False, mine_blocks=False)
    async with server, contextlib.AsyncExitStack() as stack:
        yield {
            name: await stack.enter_async_context(
                httpx.AsyncClient(base_url=server.base_urls[name], timeout=30)
            )
            for name in ("clob", "data", "gamma")
        }


def _rows(payload: Any) -> list[dict[str, Any]]:
    return payload if isinstance(payload, list) else [payload]


def _both(models: tuple[type[BaseModel], ...], *rows: dict[str, Any]) -> None:
    """Recording and answer must both satisfy every model of their payload type."""
    for row in rows:
        for model in models:
            model.model_validate(row)


def _price(scenario: Scenario, row: dict[str, Any]) -> Decimal:
    """The price the replay fills at: the recorded average snapped to the market's tick."""
    tick = scenario.state.markets[row["conditionId"]].tick_size
    micros = snap_to_tick(int(row["price"] * MICRO), tick)
    return Decimal(micros) / MICRO


def _listing(row: dict[str, Any]) -> tuple[object, ...]:
    """Row fields the emulator reproduces; sizes in micro-units, its only resolution (one
    recording carries ``2538.2661200000002``, a float artefact)."""
    keys = ("proxyWallet", "conditionId", "asset", "side", "outcome", "outcomeIndex")
    keys += ("title", "slug", "eventSlug", "name", "pseudonym")
    return (*(row[k] for k in keys), Decimal(row["size"]).quantize(MICRO_STEP))


@pytest.mark.parametrize("relative", ACTIVITY)
async def test_activity(tmp_path: Path, relative: str) -> None:
    recorded = _rows(load_real(relative))
    scenario = _replay(tmp_path, relative)
    wallet = recorded[0]["proxyWallet"]
    async with _serve(scenario) as http:
        served = body(
            await http["data"].get(
                "/activity",
                params={"user": wallet, "start": 1, "limit": 500, "sortDirection": "ASC"},
            )
        )
    _both((ActivityRecord, venue.ActivityRow), *recorded, *served)
    in_order = oldest_first(recorded)
    assert [(*_listing(r), r["type"], r["timestamp"]) for r in served] == [
        (*_listing(r), r["type"], r["timestamp"]) for r in in_order
    ]
    for got, want in zip(served, in_order, strict=True):
        if want["type"] == "TRADE":
            assert got["price"] == _price(scenario, want)
        else:
            assert (got["price"], got["usdcSize"]) == (want["price"], want["usdcSize"])


@pytest.mark.parametrize("relative", TRADES)
async def test_trades(tmp_path: Path, relative: str) -> None:
    recorded = _rows(load_real(relative))
    scenario = _replay(tmp_path, relative)
    async with _serve(scenario) as http:
        served = body(await http["data"].get("/trades", params={"limit": 10_000}))
        one = recorded[0]["proxyWallet"]
        mine = body(await http["data"].get("/trades", params={"user": one, "start": 1}))
    _both((TradeRecord, venue.TradeRow), *recorded, *served)

    def key(row: dict[str, Any], price: Decimal) -> tuple[object, ...]:
        return (*_listing(row), price, row["timestamp"])

    assert sorted(key(r, r["price"]) for r in served) == sorted(
        key(r, _price(scenario, r)) for r in recorded
    )
    assert len(mine) == sum(1 for r in recorded if r["proxyWallet"] == one)


@pytest.mark.parametrize("relative", POSITIONS)
async def test_positions(tmp_path: Path, relative: str) -> None:
    recorded = _rows(load_real(relative))
    scenario = _imported(tmp_path, "positions", relative)
    wallet = recorded[0]["proxyWallet"]
    async with _serve(scenario) as http:
        served = body(
            await http["data"].get("/positions", params={"user": wallet, "sizeThreshold": 0})
        )
    _both((PositionRecord, venue.PositionRow), *recorded, *served)
    by_asset = {r["asset"]: r for r in served}
    assert set(by_asset) == {r["asset"] for r in recorded}
    # Lifetime ``totalBought`` is not imported: an opening position is its size and cost.
    same = ("conditionId", "size", "initialValue", "outcome", "outcomeIndex")
    same += ("oppositeOutcome", "oppositeAsset", "title", "slug", "eventSlug", "eventId")
    same += ("endDate", "negativeRisk")
    for want in recorded:
        got = by_asset[want["asset"]]
        assert {k: got[k] for k in same} == {k: want[k] for k in same}
        assert abs(got["avgPrice"] - want["avgPrice"]) <= Decimal("0.0001")
        if 0 < want["curPrice"] < 1:
            assert got["curPrice"] == want["curPrice"]


@pytest.mark.parametrize("relative", MARKETS)
async def test_markets(tmp_path: Path, relative: str) -> None:
    payload = _rows(load_real(relative))
    recorded = [r.get("raw", r) for r in payload]
    scenario = _imported(tmp_path, "gamma_markets", relative)
    async with _serve(scenario) as http:
        page = await http["gamma"].get("/markets", params={"limit": 10_000})
        keyset = await http["gamma"].get("/markets/keyset", params={"limit": 500})
    served = {m["conditionId"]: m for m in body(page)}
    assert len(body(keyset)["markets"]) == min(500, len(served))
    for row in recorded:
        want = GammaMarketRecord.model_validate(row)
        _both((venue.GammaMarketInfo,), row, served[want.condition_id])
        got = GammaMarketRecord.model_validate(served[want.condition_id])
        assert (got.id, got.question, got.slug) == (want.id, want.question, want.slug)
        assert (got.outcomes, got.clob_token_ids) == (want.outcomes, want.clob_token_ids)
        for name in ("neg_risk", "tick_size", "min_order_size", "end_date"):
            if getattr(want, name) is not None:
                assert getattr(got, name) == getattr(want, name), name


@pytest.mark.parametrize("relative", EVENTS)
async def test_events(tmp_path: Path, relative: str) -> None:
    payload = _rows(load_real(relative))
    recorded = [GammaEventRecord.model_validate(e) for e in payload]
    scenario = _imported(tmp_path, "gamma_events", relative)
    async with _serve(scenario) as http:
        rows = body(await http["gamma"].get("/events", params={"limit": 1000}))
    _both((venue.GammaEvent,), *payload, *rows)
    served = {e.slug: e for e in (GammaEventRecord.model_validate(row) for row in rows)}
    for want in recorded:
        got = served[want.slug]
        assert (got.id, got.title) == (want.id, want.title)
        if want.neg_risk is not None:
            assert got.neg_risk == want.neg_risk
        deployed = {m.condition_id: m for m in want.markets if m.condition_id}
        assert {m.condition_id: m.clob_token_ids for m in got.markets} == {
            cid: m.clob_token_ids for cid, m in deployed.items()
        }
        assert [t.label for t in got.tags] == [t.label for t in want.tags]
    assert len(scenario.skipped) == sum(
        1 for e in recorded for m in e.markets if not m.condition_id
    )


@pytest.mark.parametrize("relative", BOOKS)
async def test_books(tmp_path: Path, relative: str) -> None:
    recorded = load_real(relative)
    want = BookRecord.model_validate(recorded)
    scenario = _imported(tmp_path, "books", relative)
    async with _serve(scenario) as http:
        served = body(await http["clob"].get("/book", params={"token_id": want.asset_id}))
    _both((venue.OrderBook,), recorded, served)
    got = BookRecord.model_validate(served)
    assert (got.market, got.asset_id) == (want.market, want.asset_id)
    assert got.bids == want.bids
    assert got.asks == want.asks
    for name in ("tick_size", "min_order_size", "neg_risk", "last_trade_price"):
        if getattr(want, name) is not None:
            assert getattr(got, name) == getattr(want, name), name


@pytest.mark.parametrize("relative", LEADERBOARD)
async def test_leaderboard(tmp_path: Path, relative: str) -> None:
    payload = _rows(load_real(relative))
    recorded = [LeaderboardRecord.model_validate(r) for r in payload]
    scenario = _imported(tmp_path, "leaderboard", relative)
    async with _serve(scenario) as http:
        rows = body(
            await http["data"].get(
                "/v1/leaderboard", params={"timePeriod": "ALL", "limit": len(recorded)}
            )
        )
    _both((venue.LeaderboardEntry,), *payload, *rows)
    served = [LeaderboardRecord.model_validate(row) for row in rows]
    assert [
        (r.rank, r.proxy_wallet, r.user_name, r.x_username, r.verified_badge, r.profile_image)
        for r in served
    ] == [
        (r.rank, r.proxy_wallet, r.user_name, r.x_username, r.verified_badge, r.profile_image)
        for r in recorded
    ]
    for got, want in zip(served, recorded, strict=True):
        assert got.pnl == want.pnl.quantize(MICRO_STEP)
        assert got.vol == want.vol.quantize(MICRO_STEP)
