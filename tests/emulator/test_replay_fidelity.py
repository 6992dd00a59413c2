"""Replays that keep the recording's transactions, read a paged export once, and leave
followers something to copy; all checked over loopback HTTP."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx

from polycopy.emulator.scenario import Scenario, build_scenario
from polycopy.emulator.server import EmulatorServer
from polycopy.emulator.state import EmulatorState
from polycopy.kit.money import MICRO, to_micros
from polycopy.venues.polymarket.amounts import Side
from polycopy.venues.polymarket.signing import LocalOrderSigner, PrivateKey

from .conftest import ANVIL_KEY_1, Clock, Trader
from .realtime_support import post_order, serve
from .scenario_support import body, real, run_replays, write_scenario
from .test_replay import CONDITION_A, LEADER, T0, _row, _write_json

GABAGOOL = "unarmedpuppy-homelab-ai/gabagool22-trades.csv"


def _build(
    tmp_path: Path, clock: Clock, rows: list[dict[str, Any]], *, world: str = "", leader: str = ""
) -> Scenario:
    """A replay of ``rows``; ``world`` adds tables, ``leader`` options of the replay."""
    _write_json(tmp_path / "activity.json", rows)
    text = (
        "[scenario]\nseed = 5\n[clock]\nstart = 'recorded'\n"
        + world
        + "[[leaders]]\nkind = 'replay'\nfile = 'activity.json'\n"
        + leader
    )
    clock.now = T0
    return build_scenario(write_scenario(tmp_path, text), clock=clock)


async def _activity(server: EmulatorServer, wallet: str) -> list[dict[str, Any]]:
    """Every TRADE row of ``wallet`` on the Data API, oldest first, all pages."""
    rows: list[dict[str, Any]] = []
    params: dict[str, Any] = {"user": wallet, "type": "TRADE", "sort_direction": "ASC"}
    params |= {"start": 1, "limit": 1000}
    async with httpx.AsyncClient(base_url=server.base_urls["data"]) as http:
        while True:
            page = body(await http.get("/v2/activity", params=params))
            rows += page["data"]
            if not page["pagination"]["has_more"]:
                return rows
            params["cursor"] = page["pagination"]["next_cursor"]


async def _get(server: EmulatorServer, service: str, path: str, **params: Any) -> Any:
    async with httpx.AsyncClient(base_url=server.base_urls[service]) as http:
        return body(await http.get(path, params=params))


# --- duplicates and transactions ------------------------------------------------------------


async def test_real_gabagool22_export_replays_its_1500_distinct_fills(tmp_path: Path) -> None:
    """The export repeats rows 1,000-1,499 seventeen times (a paging artifact): the replay
    makes 1,500 fills, each under its recorded transaction hash."""
    path = real(GABAGOOL)
    with path.open(newline="") as handle:
        recorded = list(csv.DictReader(handle))
    assert len(recorded) == 10_000
    hashes = {row["transactionHash"].lower() for row in recorded}
    text = f"[clock]\nstart = 'recorded'\n[[leaders]]\nkind = 'replay'\nfile = '{path}'\n"
    clock = Clock()
    scenario = build_scenario(write_scenario(tmp_path, text), clock=clock)
    [replay] = scenario.replays
    assert len(replay.steps) == 1_500
    assert any("8500 rows repeat earlier rows" in reason for reason in scenario.skipped)
    clock.now = min(float(row["timestamp"]) for row in recorded)
    run_replays(scenario, clock)
    assert replay.missed == []
    async with serve(scenario.state) as server:
        rows = await _activity(server, replay.address)
    assert len(rows) == 1_500
    assert {row["transaction_hash"] for row in rows} == hashes


async def test_identical_fills_of_one_transaction_stay_two_and_a_page_repeat_collapses(
    tmp_path: Path,
) -> None:
    """Page 1 holds two byte-identical fills of one transaction; page 2 repeats page 1's
    last rows (new activity shifted the offset). Four fills, not seven."""
    twin = _row(T0 + 60, "BUY", "10", "0.5")
    rows = [
        _row(T0 + 120, "SELL", "5", "0.6"),
        twin,
        dict(twin),
        _row(T0, "BUY", "20", "0.4"),
        # page 2: the overlap
        dict(twin),
        dict(twin),
        _row(T0, "BUY", "20", "0.4"),
    ]
    clock = Clock()
    scenario = _build(tmp_path, clock, rows)
    run_replays(scenario, clock)
    async with serve(scenario.state) as server:
        served = await _activity(server, LEADER)
    assert [(r["side"], r["size"], r["transaction_hash"]) for r in served] == [
        ("BUY", Decimal(20), rows[3]["transactionHash"]),
        ("BUY", Decimal(10), twin["transactionHash"]),
        ("BUY", Decimal(10), twin["transactionHash"]),
        ("SELL", Decimal(5), rows[0]["transactionHash"]),
    ]


async def test_rows_of_one_recorded_transaction_share_its_hash(tmp_path: Path) -> None:
    """Two rows of one transaction (two tokens, one second) keep the recorded hash, and so
    does a non-trade row."""
    tx = "0x" + "7e" * 32
    rows = [
        {
            **_row(T0, "BUY", "3.25", "0.42", token="102", outcome="No", index=1),
            "transactionHash": tx,
        },
        {**_row(T0, "BUY", "40", "0.55"), "transactionHash": tx},
    ]
    clock = Clock()
    scenario = _build(tmp_path, clock, rows)
    run_replays(scenario, clock)
    async with serve(scenario.state) as server:
        served = await _activity(server, LEADER)
    assert sorted((r["size"], r["transaction_hash"]) for r in served) == [
        (Decimal("3.25"), tx),
        (Decimal(40), tx),
    ]


# --- replays followers can copy -------------------------------------------------------------


def _follower(state: EmulatorState) -> Trader:
    key = PrivateKey.from_hex(ANVIL_KEY_1)
    state.fund(key.address, 1_000 * MICRO)
    return Trader(key, state.derive_api_key(key.address, 0), LocalOrderSigner(key))


def _leader_prices(state: EmulatorState) -> list[int]:
    return [r.price for r in state.wallet_activity(LEADER) if r.type == "TRADE"]


async def test_followers_fill_at_the_recorded_price_within_the_depth_window(
    tmp_path: Path,
) -> None:
    """The counterparty leaves 20 shares at the leader's (tick-snapped) price for 30 s; a
    follower buys there, the leader's next, dearer fill is still at its recorded price, and
    the depth is gone once the window ends."""
    rows = [_row(T0 + 5, "BUY", "10", "0.70"), _row(T0, "BUY", "10", "0.6470033482")]
    clock = Clock()
    scenario = _build(tmp_path, clock, rows, leader="follower_depth = 20\ndepth_seconds = 30\n")
    [replay] = scenario.replays
    state = scenario.state
    token = 101
    follower = _follower(state)
    async with serve(state) as server:
        clock.now = T0
        assert replay.step() == 1
        assert _leader_prices(state) == [650_000]  # 0.6470033482 on a 0.01 tick
        clock.now = T0 + 2
        replay.step()
        bought = await post_order(
            server, follower, follower.limit(token, Side.BUY, "10", "0.65", "FAK")
        )
        assert bought["status"] == "matched"
        [copy] = [r for r in state.wallet_activity(follower.address) if r.type == "TRADE"]
        assert (copy.side, copy.size, copy.price) == (Side.BUY, 10 * MICRO, 650_000)

        clock.now = T0 + 5  # 10 shares still rest at 0.65, cheaper than the leader's 0.70
        assert replay.step() == 1
        assert _leader_prices(state) == [650_000, 700_000]
        book = await _get(server, "clob", "/book", token_id=str(token))
        assert [level["price"] for level in book["asks"]] == ["0.7"]

        clock.now = T0 + 5 + 30
        replay.step()
        book = await _get(server, "clob", "/book", token_id=str(token))
        assert book["asks"] == []
        report = await _get(server, "admin", "/replay")
    [entry] = report["replays"]
    assert (entry["follower_depth"], entry["missed"]) == ("20", [])


async def test_without_depth_the_counterparty_leaves_nothing(tmp_path: Path) -> None:
    clock = Clock()
    scenario = _build(tmp_path, clock, [_row(T0, "BUY", "10", "0.5")])
    [replay] = scenario.replays
    async with serve(scenario.state) as server:
        replay.step()
        book = await _get(server, "clob", "/book", token_id="101")
    assert book["asks"] == []


async def test_rows_that_find_no_fill_are_listed_by_the_admin_endpoint(tmp_path: Path) -> None:
    """Someone bids 0.45 above the leader's recorded 0.40 buy: the counterparty's post-only
    ask would cross, so the row finds nothing to take. It is a warning on the admin
    endpoint and in the state summary, with the venue's reason."""
    books = f"[[books]]\nmarket = '{CONDITION_A}'\noutcome = 'Yes'\nbids = [[0.45, 10]]\n"
    rows = [_row(T0 + 10, "BUY", "5", "0.5"), _row(T0, "BUY", "300000", "0.40")]
    clock = Clock()
    scenario = _build(tmp_path, clock, rows, world=books)
    run_replays(scenario, clock)
    async with serve(scenario.state) as server:
        report = await _get(server, "admin", "/replay")
        summary = await _get(server, "admin", "/state")
    [entry] = report["replays"]
    assert summary["replays"] == report["replays"]
    assert (entry["steps"], entry["replayed"], entry["done"]) == (2, 2, True)
    [missed] = entry["missed"]
    assert (missed["side"], missed["size"], missed["price"]) == ("BUY", "300000", "0.4")
    assert missed["transaction_hash"] == rows[1]["transactionHash"]
    assert "no orders found to match" in missed["reason"]
    assert to_micros(missed["size"]) == 300_000 * MICRO
