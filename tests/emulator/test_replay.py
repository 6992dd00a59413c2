"""Replayed leaders: recorded fills re-enacted through the matching engine, at their recorded
relative times, visible on the Data API exactly as recorded (tick-snapped prices)."""

from __future__ import annotations

import contextlib
import csv
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from polycopy.emulator.app import create_app
from polycopy.emulator.recorded_models import ActivityRecord, TradeRecord
from polycopy.emulator.replay import snap_to_tick
from polycopy.emulator.scenario import Scenario, build_scenario
from polycopy.emulator.server import EmulatorServer
from polycopy.emulator.state import EmulatorState
from polycopy.emulator.wire import dumps
from polycopy.kit.money import MICRO, to_micros
from polycopy.venues.polymarket.amounts import Side

from .conftest import Clock, rest
from .scenario_support import body, eventually, oldest_first, run_replays, write_scenario

LEADER = "0x" + "a1" * 20
OTHER = "0x" + "b2" * 20
CONDITION_A = "0x" + "0a" * 32
CONDITION_B = "0x" + "0b" * 32
T0 = 1_784_000_000


def _row(
    ts: int,
    side: str,
    size: str,
    price: str,
    *,
    wallet: str = LEADER,
    condition: str = CONDITION_A,
    token: str = "101",
    outcome: str = "Yes",
    index: int = 0,
    kind: str = "TRADE",
) -> dict[str, Any]:
    return {
        "proxyWallet": wallet,
        "timestamp": ts,
        "conditionId": condition,
        "type": kind,
        "size": Decimal(size),
        "usdcSize": (Decimal(size) * Decimal(price)).quantize(Decimal("0.000001")),
        "transactionHash": "0x" + f"{ts:064x}",
        "price": Decimal(price),
        "asset": token,
        "side": side,
        "outcomeIndex": index,
        "title": f"Market {condition[2:4]}?",
        "slug": f"market-{condition[2:4]}",
        "icon": "",
        "eventSlug": f"event-{condition[2:4]}",
        "outcome": outcome,
        "name": "leader" if wallet == LEADER else "",
        "pseudonym": "Recorded-Leader" if wallet == LEADER else "",
        "bio": "",
        "profileImage": "",
        "profileImageOptimized": "",
    }


#: Newest first, as the Data API serves it: buys, a sell of shares bought before the
#: recording, two fills in one second, a second market, an off-tick average price, a reward.
RECORDED = [
    {
        **_row(T0 + 400, "", "12.5", "0", kind="REWARD", condition=""),
        "usdcSize": Decimal("12.5"),
        "asset": "",
        "outcomeIndex": 999,
        "outcome": "",
        "title": "",
        "slug": "",
        "eventSlug": "",
    },
    _row(T0 + 300, "SELL", "20", "0.61"),
    _row(T0 + 240, "BUY", "7.5", "0.6470033482", condition=CONDITION_B, token="201"),
    _row(T0 + 120, "BUY", "3.25", "0.42", token="102", outcome="No", index=1),
    _row(T0 + 120, "BUY", "40", "0.55"),
    _row(T0 + 60, "SELL", "15", "0.52"),
    _row(T0, "BUY", "100", "0.5"),
]


def _write_json(path: Path, rows: list[dict[str, Any]]) -> Path:
    """Rows as the Data API sends them: numbers as JSON numbers with their exact digits."""
    path.write_text(dumps(rows))
    return path


def _scenario(tmp_path: Path, clock: Clock, extra: str = "", rows: Any = RECORDED) -> Scenario:
    _write_json(tmp_path / "activity.json", rows)
    text = (
        "[scenario]\nseed = 5\n"
        "[clock]\nstart = 'recorded'\n"
        "[[leaders]]\nkind = 'replay'\nfile = 'activity.json'\n" + extra
    )
    clock.now = T0
    return build_scenario(write_scenario(tmp_path, text), clock=clock)


@contextlib.asynccontextmanager
async def _client(state: EmulatorState) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(state))
    async with httpx.AsyncClient(transport=transport, base_url="http://emulator") as client:
        yield client


def _expected(scenario: Scenario, wallet: str = LEADER) -> list[tuple[object, ...]]:
    """The recording, oldest first, with trade prices snapped to each market's tick."""
    # The feed is newest first, so of two rows in one second the later in the file came first.
    rows = oldest_first([r for r in RECORDED if r["proxyWallet"] == wallet])
    found = []
    for r in rows:
        price = to_micros(r["price"], exact=False)
        if r["type"] == "TRADE":
            tick = scenario.state.markets[r["conditionId"]].tick_size
            price = snap_to_tick(price, tick)
        found.append(
            (r["type"], r["side"], to_micros(r["size"]), price, r["asset"], r["timestamp"])
        )
    return found


def _served(rows: list[dict[str, Any]], v1: bool = False) -> list[tuple[object, ...]]:
    token = "asset" if v1 else "token_id"
    return [
        (
            r["type"],
            r["side"],
            to_micros(r["size"]),
            to_micros(r["price"]),
            r[token],
            r["timestamp"],
        )
        for r in rows
    ]


async def test_replay_reproduces_the_recorded_fill_sequence(tmp_path: Path) -> None:
    clock = Clock()
    scenario = _scenario(tmp_path, clock)
    [replay] = scenario.replays
    assert replay.address == LEADER
    run_replays(scenario, clock)
    assert replay.missed == []
    async with _client(scenario.state) as client:
        v2 = body(
            await client.get(
                "/data/v2/activity",
                params={"user": LEADER, "sort_direction": "ASC", "start": 1, "limit": 100},
            )
        )["data"]
        v1 = body(
            await client.get(
                "/data/activity", params={"user": LEADER, "sortDirection": "ASC", "start": 1}
            )
        )
        trades = body(await client.get("/data/trades", params={"user": LEADER, "start": 1}))
    expected = _expected(scenario)
    assert _served(v2) == expected
    assert _served(v1, v1=True) == expected
    for row in v2 + v1:
        ActivityRecord.model_validate(row)
    # Replayed fills are the leader's taker fills: /trades (takerOnly by default) shows each.
    for row in trades:
        TradeRecord.model_validate(row)
    assert sorted((r["side"], r["size"]) for r in trades) == sorted(
        (r["side"], r["size"]) for r in RECORDED if r["type"] == "TRADE"
    )
    assert {r["name"] for r in v1} == {"leader"}  # the recorded profile came along


def test_replayed_prices_snap_to_the_tick(tmp_path: Path) -> None:
    clock = Clock()
    scenario = _scenario(tmp_path, clock)
    run_replays(scenario, clock)
    rows = [r for r in scenario.state.wallet_activity(LEADER) if r.type == "TRADE"]
    market_b = scenario.state.markets[CONDITION_B]
    [b_fill] = [r for r in rows if r.market is market_b]
    assert b_fill.price == 650_000  # 0.6470033482 on a 0.01 tick
    assert snap_to_tick(645_000, 10_000) == 640_000  # half-even
    assert snap_to_tick(655_000, 10_000) == 660_000
    assert snap_to_tick(999_000, 10_000) == 990_000  # kept inside [tick, 1 - tick]
    assert snap_to_tick(1_000, 10_000) == 10_000


def test_rows_happen_at_their_recorded_offsets(tmp_path: Path) -> None:
    clock = Clock()
    scenario = _scenario(tmp_path, clock, extra="delay = 30\n")
    [replay] = scenario.replays
    state = scenario.state
    clock.now = T0 + 29
    assert replay.step() == 0
    assert not state.wallet_activity(LEADER)
    assert replay.interval == pytest.approx(1)
    clock.now = T0 + 30
    assert replay.step() == 1
    clock.now = T0 + 30 + 59
    assert replay.step() == 0
    clock.now = T0 + 30 + 60
    assert replay.step() == 1
    clock.now = T0 + 30 + 120
    assert replay.step() == 2  # both rows of the same second
    stamps = [r.timestamp - T0 for r in state.wallet_activity(LEADER) if r.type == "TRADE"]
    assert stamps == [30, 90, 150, 150]


def test_replayed_wallet_is_funded_for_its_sequence(tmp_path: Path) -> None:
    clock = Clock()
    scenario = _scenario(tmp_path, clock)
    state = scenario.state
    wallet = state.wallet(LEADER)
    # It sold 15 shares at +60 after buying 100 at +0, then 20 more at +300 after buying 40:
    # nothing was sold short, so no opening position was needed.
    assert wallet.opening == {}
    run_replays(scenario, clock)
    yes = 101
    assert wallet.positions[yes] == (100 - 15 + 40 - 20) * MICRO
    assert wallet.pusd >= 0


def test_selling_before_buying_gets_an_opening_position(tmp_path: Path) -> None:
    clock = Clock()
    rows = [_row(T0 + 10, "BUY", "5", "0.4"), _row(T0, "SELL", "30", "0.45")]
    scenario = _scenario(tmp_path, clock, rows=rows)
    assert scenario.state.wallet(LEADER).opening == {101: (30 * MICRO, 13_500_000)}
    run_replays(scenario, clock)
    assert scenario.state.wallet(LEADER).positions[101] == 5 * MICRO


def test_better_liquidity_is_taken_first(tmp_path: Path) -> None:
    """Someone else quoting a better price gets the fill, as on the real venue."""
    clock = Clock()
    scenario = _scenario(tmp_path, clock, rows=[_row(T0, "BUY", "10", "0.5")])
    state = scenario.state
    seller = "0x" + "c3" * 20
    state.fund(seller, 100 * MICRO)
    state.split(seller, CONDITION_A, 50 * MICRO)
    rest(state, seller, 101, Side.SELL, 480_000, 10 * MICRO)
    run_replays(scenario, clock)
    [fill] = [r for r in state.wallet_activity(LEADER) if r.type == "TRADE"]
    assert fill.price == 480_000


def test_csv_exports_replay_like_json(tmp_path: Path) -> None:
    """A CSV with Data API columns (``value`` = usdcSize, no token ids) replays the same."""
    columns = ["timestamp", "side", "outcome", "title", "size", "price", "value", "slug"]
    columns += ["eventSlug", "conditionId", "transactionHash", "proxyWallet"]
    path = tmp_path / "trades.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for ts, outcome, size, price in (
            (T0 + 9, "Down", "7.81", "0.11"),
            (T0, "Up", "14", "0.14"),
        ):
            value = Decimal(size) * Decimal(price)
            writer.writerow(
                [
                    ts,
                    "BUY",
                    outcome,
                    "BTC up?",
                    size,
                    price,
                    value,
                    "btc-up",
                    "btc-up",
                    CONDITION_A,
                    "0x" + "ee" * 32,
                    LEADER,
                ]
            )
    text = "[clock]\nstart='recorded'\n[[leaders]]\nkind='replay'\nfile='trades.csv'\n"
    clock = Clock(T0)
    scenario = build_scenario(write_scenario(tmp_path, text), clock=clock)
    run_replays(scenario, clock)
    market = scenario.state.markets[CONDITION_A]
    assert [name for _, name in market.tokens] == ["Up", "Down"]
    fills = [
        (r.market.outcome(r.token_id or 0)[1], r.size, r.price)
        for r in scenario.state.wallet_activity(LEADER)
    ]
    assert fills == [("Up", 14 * MICRO, 140_000), ("Down", 7_810_000, 110_000)]


async def test_accelerated_replay_over_http(tmp_path: Path) -> None:
    """At factor 600 the 400 recorded seconds replay in under a second of wall time, on the
    server's own actor loop, with the recorded spacing kept on the Data API."""
    _write_json(tmp_path / "activity.json", RECORDED)
    text = (
        "[clock]\nmode='accelerated'\nfactor=600\nstart='recorded'\n"
        "[[leaders]]\nkind='replay'\nfile='activity.json'\n"
    )
    scenario = build_scenario(write_scenario(tmp_path, text))
    [replay] = scenario.replays
    async with EmulatorServer(scenario.state, mine_blocks=False) as server:
        await eventually(lambda: replay.done, within_s=20)
        async with httpx.AsyncClient(base_url=server.base_urls["data"]) as client:
            rows = body(
                await client.get(
                    "/v2/activity",
                    params={"user": LEADER, "sort_direction": "ASC", "start": 1, "limit": 50},
                )
            )["data"]
    expected = _expected(scenario)
    assert [row[:5] for row in _served(rows)] == [row[:5] for row in expected]
    # Timestamps are emulator time: in order and spread over the recorded span, not dumped
    # at once (scheduling jitter is multiplied by the factor, so no tighter claim is made).
    stamps = [row["timestamp"] for row in rows]
    assert stamps == sorted(stamps)
    assert stamps[0] >= T0
    assert stamps[-1] - stamps[0] >= (expected[-1][5] - expected[0][5]) // 2
