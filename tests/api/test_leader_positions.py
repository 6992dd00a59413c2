"""A leader's open positions, read over loopback from the emulator's Data API."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Awaitable, Callable
from decimal import Decimal

import httpx
from fastapi import FastAPI
from hypothesis import given
from hypothesis import strategies as st

from polycopy.api.app import create_app
from polycopy.emulator.server import EmulatorServer, default_state
from polycopy.emulator.synthetic import LiquidityProvider, SyntheticLeader
from polycopy.kit.db import Database
from polycopy.kit.money import to_micros
from polycopy.leaders.performance import LeaderTrade, performance
from polycopy.signals.types import TradeSide
from tests.api.conftest import LEADER, PASSWORD, User, api_settings, register
from tests.api.seed import leader_fill

NOW = dt.datetime(2026, 5, 1, 12, tzinfo=dt.UTC)


def _client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


async def _signed_up(client: httpx.AsyncClient, email: str) -> dict[str, str]:
    signed = await register(client, email)
    return {"X-CSRF-Token": signed.json()["csrf_token"]}


async def test_leader_positions_come_from_the_data_api_for_your_leaders_only(
    db: Database,
) -> None:
    async with EmulatorServer(default_state(5), run_actors=False) as server:
        leader = next(a for a in server.state.actors if isinstance(a, SyntheticLeader))
        liquidity = next(a for a in server.state.actors if isinstance(a, LiquidityProvider))
        for _ in range(10):
            liquidity.step()
            leader.step()
        data_url = server.base_urls["data"]
        app = create_app(api_settings(data_api_url=data_url), database=db)
        async with _client(app) as owner, _client(app) as stranger, httpx.AsyncClient() as raw:
            csrf = await _signed_up(owner, "owner@example.com")
            await _signed_up(stranger, "stranger@example.com")
            added = await owner.post(
                "/api/v1/leaders", json={"wallet": leader.address}, headers=csrf
            )
            assert added.status_code == 201, added.text
            url = f"/api/v1/leaders/{added.json()['id']}/positions"

            answer = await owner.get(url)
            assert answer.status_code == 200, answer.text
            positions = answer.json()
            upstream = (
                await raw.get(f"{data_url}/positions", params={"user": leader.address})
            ).json(parse_float=Decimal)
            assert positions, "the synthetic leader holds something after ten steps"
            assert {p["token_id"] for p in positions} == {row["asset"] for row in upstream}
            for p in positions:
                row = next(r for r in upstream if r["asset"] == p["token_id"])
                assert p["size_micros"] == to_micros(row["size"], exact=False) > 0
                assert p["average_price_micros"] == to_micros(row["avgPrice"], exact=False)
                assert p["cash_pnl_micros"] == to_micros(row["cashPnl"], exact=False)
                assert Decimal(p["percent_pnl"]) == Decimal(row["percentPnl"]).quantize(
                    Decimal("0.01")
                )
                assert p["title"] == row["title"]
                assert p["outcome"] == row["outcome"]

            denied = await stranger.get(url)
            assert denied.status_code == 404

    # The Data API gone: a clear 502, not a crash.
    async with _client(app) as owner:
        await owner.post(
            "/api/v1/auth/sign-in", json={"email": "owner@example.com", "password": PASSWORD}
        )
        gone = await owner.get(url)
        assert gone.status_code == 502
        assert gone.json()["error"]["code"] == "upstream_error"


async def test_leader_performance_matches_sales_fifo_at_the_leaders_prices(
    db: Database, sign_up: Callable[..., Awaitable[User]]
) -> None:
    alice, bob = await sign_up(), await sign_up()
    leader = (await alice.post("/api/v1/leaders", {"wallet": LEADER})).json()
    url = f"/api/v1/leaders/{leader['id']}/performance"
    assert (await alice.get(url)).json() == []
    hour = dt.timedelta(hours=1)
    async with db.transaction() as session:
        for side, price, size, at in [
            (TradeSide.BUY, 400_000, 10_000_000, NOW),  # 4.00 for 10 shares
            (TradeSide.BUY, 600_000, 10_000_000, NOW + hour),  # 6.00 for 10 more
            (TradeSide.SELL, 700_000, 15_000_000, NOW + 2 * hour),  # 10.50 for 15
        ]:
            await leader_fill(
                session, leader["id"], side=side, price_micros=price, size_micros=size, at=at
            )
    points = (await alice.get(url)).json()
    assert [(p["volume_micros"], p["realized_pnl_micros"]) for p in points] == [
        (4_000_000, 0),
        (10_000_000, 0),
        # FIFO: 10 shares at 0.40 and 5 at 0.60 cost 7.00; they fetched 10.50.
        (20_500_000, 3_500_000),
    ]
    assert (await bob.get(url)).status_code == 404


_trades = st.lists(
    st.tuples(
        st.sampled_from(["a", "b"]),
        st.sampled_from([TradeSide.BUY, TradeSide.SELL]),
        st.integers(1, 10**9),
        st.integers(0, 10**9),
    ),
    max_size=30,
)


@given(_trades)
def test_performance_volume_sums_trades_and_a_round_trip_at_cost_realises_nothing(
    raw: list[tuple[str, TradeSide, int, int]],
) -> None:
    trades = [LeaderTrade(NOW, token, side, size, usdc) for token, side, size, usdc in raw]
    points = performance(trades)
    assert len(points) == len(trades)
    assert [p.volume_micros for p in points] == list(
        itertools.accumulate(t.usdc_micros for t in trades)
    )
    # Buying then selling every share for what it cost realises nothing.
    buys = [
        LeaderTrade(NOW, t.token_id, TradeSide.BUY, t.size_micros, t.usdc_micros) for t in trades
    ]
    back = [
        LeaderTrade(NOW, t.token_id, TradeSide.SELL, t.size_micros, t.usdc_micros) for t in buys
    ]
    if buys:
        assert performance(buys + back)[-1].realized_pnl_micros == 0
