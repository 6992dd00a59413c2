"""Data API positions, value, leaderboards and v1 trades; Gamma keyset listings, events and
profiles: values derived from the fills in state, documented limits answered with 400s."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from polycopy.emulator.app import create_app
from polycopy.emulator.recorded_models import (
    GammaEventRecord,
    GammaMarketRecord,
    LeaderboardRecord,
    PositionRecord,
    ProfileRecord,
    TradeRecord,
    V2LeaderboardRecord,
    V2PositionRecord,
)
from polycopy.emulator.scenario import Scenario, build_scenario, derived_address
from polycopy.kit.money import MICRO
from polycopy.venues.polymarket.amounts import Side

from .conftest import Clock, rest
from .scenario_support import body, write_scenario

WORLD = """
[scenario]
seed = 11

[[markets]]
key = "game"
question = "Will the home team win?"
category = "Sports"
tags = ["Sports", "NBA"]
event = "nba-game"

[[markets]]
key = "alice"
question = "Will Alice win?"
event = "election"
neg_risk = true
category = "Politics"

[[events]]
slug = "election"
title = "Who wins the election?"
neg_risk = true
gamma_id = "4242"

[[wallets]]
key = "maker"
pusd = 10_000

[[wallets]]
key = "alpha"
pusd = 1_000
name = "alpha"
pseudonym = "Alpha-One"
x_username = "alpha_x"
verified = true

[[wallets]]
key = "beta"
pusd = 1_000
name = "beta"
pnl = 50
volume = 1_000

[[books]]
market = "game"
outcome = "Yes"
wallet = "maker"
bids = [[0.47, 100], [0.48, 100]]
asks = [[0.51, 100], [0.5, 100]]
"""
ALPHA = derived_address(11, "alpha")
BETA = derived_address(11, "beta")
MAKER = derived_address(11, "maker")
NOBODY = "0x" + "99" * 20


@pytest.fixture
def world(tmp_path: Path) -> Scenario:
    """alpha buys 20 Yes at 0.50 and sells 5 at 0.48; beta buys 10 at 0.50 (all takers)."""
    scenario = build_scenario(write_scenario(tmp_path, WORLD), clock=Clock())
    state = scenario.state
    yes = _game(scenario).tokens[0][0]
    rest(state, ALPHA, yes, Side.BUY, 500_000, 20 * MICRO)
    rest(state, ALPHA, yes, Side.SELL, 480_000, 5 * MICRO)
    rest(state, BETA, yes, Side.BUY, 500_000, 10 * MICRO)
    return scenario


def _game(scenario: Scenario) -> Any:
    return next(m for m in scenario.state.markets.values() if m.slug == "will-the-home-team-win")


@contextlib.asynccontextmanager
async def _http(scenario: Scenario) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(scenario.state))
    async with httpx.AsyncClient(transport=transport, base_url="http://emulator") as client:
        yield client


def _d(text: str) -> Decimal:
    return Decimal(text)


async def test_v1_positions_carry_cost_value_and_pnl(world: Scenario) -> None:
    async with _http(world) as http:
        [row] = body(await http.get("/data/positions", params={"user": ALPHA}))
        maker = body(await http.get("/data/positions", params={"user": MAKER}))
    position = PositionRecord.model_validate(row)
    game = _game(world)
    assert position.asset == str(game.tokens[0][0])
    assert position.outcome == "Yes"
    assert position.size == 15
    assert position.avg_price == _d("0.5")
    assert position.initial_value == _d("7.5")
    assert position.cur_price == _d("0.49")  # mid of 0.48 / 0.50
    assert position.current_value == _d("7.35")
    assert position.cash_pnl == _d("-0.15")
    assert position.percent_pnl == _d("-2")
    assert position.total_bought == 20
    assert position.realized_pnl == _d("-0.1")
    assert position.opposite_asset == str(game.tokens[1][0])
    assert position.opposite_outcome == "No"
    assert position.event_slug == "nba-game"
    assert position.end_date == "2030-12-31"
    assert not position.mergeable
    assert not position.negative_risk
    # The book maker split pUSD into both outcomes: its position can be merged.
    assert {r["outcome"] for r in maker} == {"Yes", "No"}
    assert all(r["mergeable"] for r in maker)


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({}, "user is required"),
        ({"user": ALPHA, "offset": "10001"}, "offset must be at most 10000"),
        ({"user": ALPHA, "title": "x" * 101}, "title must be at most 100 characters"),
        ({"user": ALPHA, "sortBy": "LUCK"}, "sortBy must be one of"),
        ({"user": ALPHA, "market": "0x1", "eventId": "1"}, "mutually exclusive"),
        ({"user": ALPHA, "sizeThreshold": "-1"}, "sizeThreshold must be a non-negative"),
    ],
)
async def test_v1_positions_limits(world: Scenario, params: dict[str, str], error: str) -> None:
    async with _http(world) as http:
        response = await http.get("/data/positions", params=params)
    assert response.status_code == 400
    assert set(response.json()) == {"error"}
    assert error in response.json()["error"]


async def test_v1_positions_filters(world: Scenario) -> None:
    async with _http(world) as http:
        clamped = await http.get("/data/positions", params={"user": MAKER, "limit": "100000"})
        above = body(await http.get("/data/positions", params={"user": ALPHA, "sizeThreshold": 16}))
        titled = body(await http.get("/data/positions", params={"user": ALPHA, "title": "HOME"}))
        redeemable = body(
            await http.get("/data/positions", params={"user": ALPHA, "redeemable": "true"})
        )
        by_event = body(
            await http.get("/data/positions", params={"user": MAKER, "eventId": "4242"})
        )
    assert clamped.status_code == 200
    assert above == []
    assert len(titled) == 1
    assert redeemable == []
    assert by_event == []  # the maker holds nothing in the election event


async def test_v2_positions(world: Scenario) -> None:
    condition = _game(world).condition_id
    async with _http(world) as http:
        [row] = body(await http.get("/data/v2/positions", params={"user": ALPHA}))["data"]
        first = body(
            await http.get("/data/v2/positions", params={"condition": condition, "limit": 2})
        )
        cursor = first["pagination"]["next_cursor"]
        second = body(
            await http.get("/data/v2/positions", params={"condition": condition, "cursor": cursor})
        )
        contradiction = await http.get(
            "/data/v2/positions",
            params={"condition": condition, "cursor": cursor, "status": "CLOSED"},
        )
        moved = await http.get("/data/v2/positions", params={"user": ALPHA, "cursor": cursor})
    position = V2PositionRecord.model_validate(row)
    assert (position.current_size, position.avg_price) == (15, _d("0.5"))
    assert (position.entry_cost_usdc, position.entry_fees_usdc) == (_d("7.5"), 0)
    assert (position.unrealized_pnl, position.realized_pnl) == (_d("-0.15"), _d("-0.1"))
    assert position.total_pnl == _d("-0.25")
    assert position.status == "OPEN"
    assert position.name == "alpha"
    assert position.verified
    # Condition alone lists the market's holders, paged with a cursor bound to its filters.
    holders = first["data"] + second["data"]
    assert first["pagination"]["has_more"]
    assert not second["pagination"]["has_more"]
    assert {r["proxy_wallet"] for r in holders} == {ALPHA, BETA, MAKER}
    values = [Decimal(r["current_value"]) for r in holders]
    assert values == sorted(values, reverse=True)  # CURRENT_VALUE, DESC by default
    assert contradiction.status_code == 400
    assert contradiction.json()["parameter"] == "status"
    assert moved.status_code == 400
    assert moved.json()["parameter"] == "anchor"


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({}, "user"),
        ({"user": ALPHA, "offset": "0"}, "offset"),
        ({"user": ALPHA, "limit": "1001"}, "limit"),
        ({"condition": "0x" + "1" * 64 + ",0x" + "2" * 64}, "condition"),
        ({"user": ALPHA, "status": "WON"}, "status"),
        ({"condition": "0x" + "1" * 64, "status": "MERGEABLE"}, "status"),
        ({"user": ALPHA, "status": "CLOSED", "include_archived": "true"}, "include_archived"),
        ({"user": ALPHA, "sort_by": "LUCK"}, "sort_by"),
        ({"user": ALPHA, "title": "x" * 201}, "title"),
        ({"user": ALPHA, "cursor": "forged"}, "cursor"),
    ],
)
async def test_v2_positions_limits(world: Scenario, params: dict[str, str], parameter: str) -> None:
    async with _http(world) as http:
        response = await http.get("/data/v2/positions", params=params)
    assert response.status_code == 400
    error = response.json()
    assert error["code"] == "invalid_request"
    assert error["parameter"] == parameter


async def test_closed_positions_after_selling_out(world: Scenario) -> None:
    yes = _game(world).tokens[0][0]
    rest(world.state, ALPHA, yes, Side.SELL, 470_000, 15 * MICRO)
    async with _http(world) as http:
        open_rows = body(await http.get("/data/v2/positions", params={"user": ALPHA}))["data"]
        closed = body(
            await http.get("/data/v2/positions", params={"user": ALPHA, "status": "CLOSED"})
        )["data"]
    assert open_rows == []
    [row] = closed
    # Realized: 5 x (0.48 - 0.50) + 15 x (0.48 - 0.50): the 0.48 bid absorbs the second sale.
    assert row["realized_pnl"] == _d("-0.4")
    assert row["status"] == "CLOSED"


async def test_value(world: Scenario) -> None:
    async with _http(world) as http:
        v1 = body(await http.get("/data/value", params={"user": ALPHA}))
        v2 = body(await http.get("/data/v2/value", params={"user": ALPHA}))
        nobody = body(await http.get("/data/value", params={"user": NOBODY}))
        missing = await http.get("/data/v2/value")
    assert v1 == [{"user": ALPHA, "value": _d("7.35")}]
    assert v2 == {"data": {"proxy_wallet": ALPHA, "value": _d("7.35")}}
    assert nobody == [{"user": NOBODY, "value": 0}]
    assert missing.status_code == 400
    assert missing.json()["parameter"] == "user"


async def test_v1_leaderboard(world: Scenario) -> None:
    async with _http(world) as http:
        all_time = body(
            await http.get("/data/v1/leaderboard", params={"timePeriod": "ALL", "limit": 50})
        )
        by_volume = body(
            await http.get("/data/v1/leaderboard", params={"timePeriod": "ALL", "orderBy": "VOL"})
        )
        day = body(await http.get("/data/v1/leaderboard"))
        sports = body(await http.get("/data/v1/leaderboard", params={"category": "SPORTS"}))
        politics = body(await http.get("/data/v1/leaderboard", params={"category": "politics"}))
        mine = body(await http.get("/data/v1/leaderboard", params={"user": ALPHA}))
    for row in all_time + by_volume + day + mine:
        LeaderboardRecord.model_validate(row)
    ranks = {r["proxyWallet"]: (r["rank"], r["pnl"], r["vol"]) for r in all_time}
    # All time: realized PnL plus the recorded prior; volume in pUSD plus the prior.
    assert ranks[BETA] == ("1", 50, _d("1005"))
    # The maker's split cost 0.50 a share; buying 5 back at 0.48 lowered its average cost
    # to 92.4 / 185, so selling 10 at 0.50 realized 5 - 4.994594.
    assert ranks[MAKER] == ("2", _d("0.005406"), _d("17.4"))
    assert ranks[ALPHA] == ("3", _d("-0.1"), _d("12.4"))
    assert [r["proxyWallet"] for r in by_volume] == [BETA, MAKER, ALPHA]
    # A finite window marks the window's trades: alpha's 15 shares are worth 0.49 now.
    day_pnl = {r["proxyWallet"]: r["pnl"] for r in day}
    assert day_pnl[ALPHA] == _d("-0.25")
    assert day_pnl[BETA] == _d("-0.1")
    assert {r["proxyWallet"] for r in sports} == {ALPHA, BETA, MAKER}
    assert politics == []
    assert [r["userName"] for r in mine] == ["alpha"]
    assert mine[0]["xUsername"] == "alpha_x"
    assert mine[0]["verifiedBadge"] is True


@pytest.mark.parametrize(
    "params",
    [
        {"limit": "51"},
        {"limit": "0"},
        {"offset": "1001"},
        {"category": "GOSSIP"},
        {"timePeriod": "YEAR"},
        {"orderBy": "LUCK"},
    ],
)
async def test_v1_leaderboard_limits(world: Scenario, params: dict[str, str]) -> None:
    async with _http(world) as http:
        response = await http.get("/data/v1/leaderboard", params=params)
    assert response.status_code == 400
    assert set(response.json()) == {"error"}


async def test_v2_leaderboard(world: Scenario) -> None:
    async with _http(world) as http:
        first = body(
            await http.get("/data/v2/leaderboard", params={"time_period": "all", "limit": 2})
        )
        cursor = first["pagination"]["next_cursor"]
        rest_of = body(await http.get("/data/v2/leaderboard", params={"cursor": cursor}))
        volume = body(
            await http.get(
                "/data/v2/leaderboard", params={"time_period": "all", "sort_by": "VOLUME"}
            )
        )
        standing = body(
            await http.get("/data/v2/leaderboard", params={"user": ALPHA, "time_period": "all"})
        )
        absent = body(await http.get("/data/v2/leaderboard", params={"user": NOBODY}))
        contradiction = await http.get(
            "/data/v2/leaderboard", params={"cursor": cursor, "sort_by": "VOLUME"}
        )
        too_many = await http.get("/data/v2/leaderboard", params={"limit": "1001"})
    rows = first["data"] + rest_of["data"]
    for row in rows + volume["data"]:
        V2LeaderboardRecord.model_validate(row)
    assert [r["user_id"] for r in rows] == [BETA, MAKER, ALPHA]
    assert [r["rank"] for r in rows] == [1, 2, 3]
    # The v2 volume board counts shares: the maker traded 35, alpha 25, beta 10.
    assert [(r["user_id"], r["volume"]) for r in volume["data"]] == [
        (MAKER, 35),
        (ALPHA, 25),
        (BETA, 10),
    ]
    assert standing["data"]["rank_pnl"] == 3
    assert standing["data"]["rank_volume"] == 2
    assert absent == {"data": None}
    assert contradiction.status_code == 400
    assert contradiction.json()["parameter"] == "sort_by"
    assert too_many.status_code == 400


async def test_v1_trades_taker_only(world: Scenario) -> None:
    condition = _game(world).condition_id
    async with _http(world) as http:
        takers = body(await http.get("/data/trades"))
        both = body(await http.get("/data/trades", params={"takerOnly": "false"}))
        maker_view = body(
            await http.get("/data/trades", params={"user": MAKER, "takerOnly": "false"})
        )
        maker_taker_only = body(await http.get("/data/trades", params={"user": MAKER}))
        big = body(
            await http.get("/data/trades", params={"filterType": "CASH", "filterAmount": "5"})
        )
        by_event = body(await http.get("/data/trades", params={"eventId": "4242"}))
        limited = body(await http.get("/data/trades", params={"limit": "1"}))
        clamped = await http.get("/data/trades", params={"limit": "100000"})
        errors = [
            await http.get("/data/trades", params={"filterType": "CASH"}),
            await http.get("/data/trades", params={"offset": "10001"}),
            await http.get("/data/trades", params={"market": condition, "eventId": "4242"}),
            await http.get("/data/trades", params={"side": "HOLD"}),
        ]
    for row in takers + both:
        TradeRecord.model_validate(row)
    assert len(takers) == 3
    assert {r["proxyWallet"] for r in takers} == {ALPHA, BETA}
    assert len(both) == 6  # each fill once per side
    assert len(maker_view) == 3
    assert maker_taker_only == []
    assert [r["size"] for r in big] == [10, 20]  # cash >= 5, newest first
    assert by_event == []
    assert len(limited) == 1
    assert clamped.status_code == 200
    stamps = [r["timestamp"] for r in takers]
    assert stamps == sorted(stamps, reverse=True)
    for response in errors:
        assert response.status_code == 400
        assert set(response.json()) == {"error"}


async def test_gamma_keyset_events_and_profiles(world: Scenario) -> None:
    async with _http(world) as http:
        page = body(await http.get("/gamma/markets/keyset", params={"limit": 1}))
        after = page["next_cursor"]
        last = body(
            await http.get("/gamma/markets/keyset", params={"limit": 1, "after_cursor": after})
        )
        tagged = body(await http.get("/gamma/markets", params={"tag_slug": "nba"}))
        with_tags = body(await http.get("/gamma/markets", params={"include_tag": "true"}))
        offset = await http.get("/gamma/markets/keyset", params={"offset": 1})
        too_big = await http.get("/gamma/markets/keyset", params={"limit": 501})
        forged = await http.get("/gamma/markets/keyset", params={"after_cursor": "abc"})
        events = body(await http.get("/gamma/events"))
        election = body(await http.get("/gamma/events", params={"slug": "election"}))
        by_id = body(await http.get("/gamma/events", params={"id": "4242"}))
        keyset = body(await http.get("/gamma/events/keyset", params={"limit": 5}))
        profile = body(await http.get("/gamma/public-profile", params={"address": ALPHA}))
        invalid = await http.get("/gamma/public-profile", params={"address": "0x12"})
        unknown = await http.get("/gamma/public-profile", params={"address": NOBODY})
    assert len(page["markets"]) == 1
    assert len(last["markets"]) == 1
    assert "next_cursor" not in last
    assert page["markets"][0]["conditionId"] != last["markets"][0]["conditionId"]
    for market in page["markets"] + last["markets"] + tagged:
        GammaMarketRecord.model_validate(market)
    assert [m["slug"] for m in tagged] == ["will-the-home-team-win"]
    assert {t["slug"] for m in with_tags for t in m["tags"]} == {"sports", "nba"}
    assert offset.status_code == 422
    assert offset.json() == {
        "type": "validation error",
        "error": "offset is not allowed on keyset endpoints",
    }
    assert too_big.status_code == 422
    assert forged.status_code == 422
    for event in events + keyset["events"]:
        GammaEventRecord.model_validate(event)
    assert {e["slug"] for e in events} == {"nba-game", "election"}
    [event] = election
    assert event == by_id[0]
    assert event["id"] == "4242"
    assert event["negRisk"] is True
    assert event["negRiskMarketID"]
    assert [m["question"] for m in event["markets"]] == ["Will Alice win?"]
    assert "next_cursor" not in keyset
    record = ProfileRecord.model_validate(profile)
    assert (record.name, record.pseudonym, record.x_username) == ("alpha", "Alpha-One", "alpha_x")
    assert record.verified_badge
    assert record.proxy_wallet == ALPHA
    assert invalid.status_code == 400
    assert invalid.json() == {"type": "validation error", "error": "invalid address"}
    assert unknown.status_code == 404
    assert unknown.json() == {"type": "not found error", "error": "profile not found"}
