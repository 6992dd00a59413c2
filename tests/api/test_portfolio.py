"""Portfolio: positions marked honestly, PnL and fees from booked fills, equity, tracking."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

import httpx
from fastapi import FastAPI

from polycopy.kit.db import Database
from polycopy.signals.types import TradeSide
from tests.api.conftest import LEADER, OTHER_LEADER, User
from tests.api.seed import TOKEN, copied_buy, copied_trade, leader_fill

SignUp = Callable[..., Awaitable[User]]
T0 = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)


async def _round_trip(db: Database, user: User) -> tuple[int, int]:
    """Buy 10 at 0.41 (leader 0.40, fee 0.01), sell 4 at 0.58 (leader 0.60); then a
    different leader trades the token at 0.50, the newest price."""
    account = await user.account()
    rule = await user.rule(account["id"], LEADER)
    async with db.transaction() as session:
        await copied_buy(session, rule["id"], size_micros=10_000_000, at=T0, fee_micros=10_000)
        await copied_trade(
            session,
            rule["id"],
            side=TradeSide.SELL,
            leader_price_micros=600_000,
            price_micros=580_000,
            size_micros=4_000_000,
            fee_micros=0,
            at=T0 + dt.timedelta(hours=2),
        )
    other = await user.rule(account["id"], OTHER_LEADER)
    async with db.transaction() as session:
        await leader_fill(
            session,
            other["leader_id"],
            side=TradeSide.BUY,
            price_micros=500_000,
            size_micros=1_000_000,
            at=T0 + dt.timedelta(hours=3),
        )
    return account["id"], rule["leader_id"]


async def test_positions_pnl_fees_and_exposure(db: Database, sign_up: SignUp) -> None:
    alice = await sign_up()
    _account_id, leader_id = await _round_trip(db, alice)

    body = (await alice.get("/api/v1/portfolio")).json()
    [position] = body["positions"]
    # 4 of 10 shares sold: the lot keeps 6/10 of its 4.11 cost; marked at the newest price.
    assert position["size_micros"] == 6_000_000
    assert position["cost_micros"] == 2_466_000
    assert position["average_price_micros"] == 411_000
    assert position["mark"]["price_micros"] == 500_000
    assert position["mark"]["source"] == "leader_fill"
    assert position["value_micros"] == 3_000_000
    assert position["unrealized_pnl_micros"] == 534_000
    totals = body["totals"]
    # Sale: 2.32 proceeds - 1.644 cost of the consumed shares.
    assert totals["realized_pnl_micros"] == 676_000
    assert totals["fees_micros"] == 10_000
    assert totals["unmarked_positions"] == 0
    assert body["exposure"]["by_leader"] == [
        {"key": str(leader_id), "cost_micros": 2_466_000, "value_micros": 3_000_000, "positions": 1}
    ]
    assert body["exposure"]["by_market"][0]["cost_micros"] == 2_466_000

    lots = (await alice.get("/api/v1/portfolio/lots", params={"open": "true"})).json()["items"]
    assert [(lot["remaining_size_micros"], lot["cost_micros"]) for lot in lots] == [
        (6_000_000, 2_466_000)
    ]
    fills = (await alice.get("/api/v1/portfolio/fills")).json()["items"]
    assert [f["side"] for f in fills] == ["SELL", "BUY"]
    assert fills[0]["realized_pnl_micros"] == 676_000

    # A leader filter that matches nothing: no positions.
    other = await alice.get("/api/v1/portfolio", params={"leader_id": leader_id + 1})
    assert other.json()["positions"] == []


async def test_equity_curve_and_leader_tracking(db: Database, sign_up: SignUp) -> None:
    alice = await sign_up()
    _account_id, leader_id = await _round_trip(db, alice)

    hourly = (await alice.get("/api/v1/portfolio/equity", params={"bucket": "hour"})).json()
    assert [p["at"] for p in hourly["points"]] == [
        "2026-11-27T10:00:00Z",
        "2026-11-27T12:00:00Z",
    ]
    first, last = hourly["points"]
    assert (first["realized_pnl_micros"], first["open_cost_micros"]) == (0, 4_110_000)
    # The curve's open cost agrees with the lots' cost, fill by fill.
    assert (last["realized_pnl_micros"], last["open_cost_micros"]) == (676_000, 2_466_000)
    assert last["fees_micros"] == 10_000
    assert hourly["now"]["unrealized_pnl_micros"] == 534_000
    daily = (await alice.get("/api/v1/portfolio/equity")).json()
    assert len(daily["points"]) == 1

    rows = (await alice.get("/api/v1/portfolio/leaders")).json()
    mine = next(r for r in rows if r["leader_id"] == leader_id)
    assert mine["copied"] == 2
    assert mine["leader_wallet"] == LEADER
    # Paid 0.01 more on 10 shares, got 0.02 less on 4: 0.18 against the leader's prices.
    assert mine["slippage_cost_micros"] == 180_000
    assert mine["slippage_bps"] == 281  # 0.18 / 6.40 notional
    # At the leader's prices: bought 4.00, sold 2.40, 6 left worth 3.00 -> +1.40.
    assert mine["pnl_at_leader_prices_micros"] == 1_400_000
    assert mine["realized_pnl_micros"] + mine["unrealized_pnl_micros"] == 1_210_000


async def test_portfolio_is_scoped_to_its_owner(
    db: Database, sign_up: SignUp, client_factory: Callable[[], httpx.AsyncClient], app: FastAPI
) -> None:
    alice, bob = await sign_up(), await sign_up()
    account_id, _leader_id = await _round_trip(db, alice)
    for path in ("", "/lots", "/fills", "/equity", "/leaders"):
        url = f"/api/v1/portfolio{path}"
        for params in ({}, {"account_id": account_id}):
            body = (await bob.get(url, params=params)).json()
            if path == "":
                assert body["positions"] == []
                assert body["totals"]["realized_pnl_micros"] == 0
            elif path == "/equity":
                assert body["points"] == []
            elif path == "/leaders":
                assert body == []
            else:
                assert body["items"] == []
    assert TOKEN not in (await bob.get("/api/v1/portfolio")).text

    token = (await alice.post("/api/v1/tokens", {"name": "t", "scopes": ["orders:read"]})).json()[
        "token"
    ]
    anon = client_factory()
    denied = await anon.get("/api/v1/portfolio", headers={"Authorization": f"Bearer {token}"})
    assert denied.status_code == 403
    assert denied.json()["error"]["code"] == "insufficient_scope"
    assert (await anon.get("/api/v1/portfolio")).status_code == 401
