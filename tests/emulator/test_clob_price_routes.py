"""``GET /last-trade-price`` and ``GET /prices-history`` over loopback HTTP, fed by fills."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from py_clob_client_v2 import ClobClient
from py_clob_client_v2.clob_types import PricesHistoryParams

from polycopy.emulator.book import OrderType
from polycopy.emulator.state import EmulatorState
from polycopy.kit.money import MICRO
from polycopy.venues.polymarket.amounts import Side

from .conftest import NO, YES, Clock, rest
from .realtime_support import serve

TAKER = "0x" + "ee" * 20
T0 = 1_800_000_000  # a whole number of hours


def _trade(state: EmulatorState, side: Side, ticks: int, shares: int) -> None:
    """A FAK from TAKER against MAKER's ladder (asks 0.50/0.51, bids 0.48/0.47)."""
    rest(state, TAKER, YES, side, ticks * 10_000, shares * MICRO, OrderType.FAK)


async def _get(http: httpx.AsyncClient, path: str, **params: Any) -> tuple[int, Any]:
    response = await http.get(path, params=params)
    return response.status_code, response.json()


@pytest.mark.asyncio
async def test_last_trade_price_follows_the_fills(state: EmulatorState, clock: Clock) -> None:
    state.fund(TAKER, 100 * MICRO)
    async with serve(state) as server, httpx.AsyncClient(base_url=server.base_urls["clob"]) as http:
        assert await _get(http, "/last-trade-price", token_id=str(YES)) == (
            200,
            {"price": "0.5", "side": ""},
        )
        _trade(state, Side.BUY, 51, 10)  # fills at the best ask, 0.50
        assert await _get(http, "/last-trade-price", token_id=str(YES)) == (
            200,
            {"price": "0.5", "side": "BUY"},
        )
        clock.now += 30
        _trade(state, Side.SELL, 47, 5)  # fills at the best bid, 0.48
        assert await _get(http, "/last-trade-price", token_id=str(YES)) == (
            200,
            {"price": "0.48", "side": "SELL"},
        )
        # The other outcome has not traded.
        assert (await _get(http, "/last-trade-price", token_id=str(NO)))[1]["side"] == ""
        assert await _get(http, "/last-trade-price", token_id="abc") == (
            400,
            {"error": "Invalid token id"},
        )
        assert (await _get(http, "/last-trade-price", token_id="123"))[0] == 404
        client = ClobClient(server.base_urls["clob"], chain_id=137)
        official = await asyncio.to_thread(client.get_last_trade_price, str(YES))
    assert official == {"price": "0.48", "side": "SELL"}


@pytest.mark.asyncio
async def test_prices_history_buckets_the_fills(state: EmulatorState, clock: Clock) -> None:
    state.fund(TAKER, 100 * MICRO)
    clock.now = T0 + 5
    _trade(state, Side.BUY, 51, 10)  # 0.50 at T0+5
    clock.now = T0 + 20
    _trade(state, Side.SELL, 47, 2)  # 0.48 at T0+20: same minute, the later fill wins
    clock.now = T0 + 130
    _trade(state, Side.BUY, 50, 5)  # 0.50 at T0+130
    clock.now = T0 + 4000  # over an hour later
    _trade(state, Side.SELL, 47, 5)  # 0.48 at T0+4000
    yes = str(YES)
    async with serve(state) as server, httpx.AsyncClient(base_url=server.base_urls["clob"]) as http:
        minute = await _get(http, "/prices-history", market=yes, startTs=T0, endTs=T0 + 5000)
        hourly = await _get(
            http, "/prices-history", market=yes, startTs=T0, endTs=T0 + 5000, fidelity=60
        )
        window = await _get(http, "/prices-history", market=yes, startTs=T0 + 100, endTs=T0 + 200)
        last_hour = await _get(http, "/prices-history", market=yes, interval="1h", fidelity=1)
        everything = await _get(http, "/prices-history", market=yes, interval="max", fidelity=60)
        untraded = await _get(http, "/prices-history", market=str(NO), interval="max")
        unknown = await _get(http, "/prices-history", market="123", interval="1d")
        client = ClobClient(server.base_urls["clob"], chain_id=137)
        official = await asyncio.to_thread(
            client.get_prices_history,
            PricesHistoryParams(market=yes, start_ts=T0, end_ts=T0 + 5000, fidelity=60),
        )
    assert minute == (
        200,
        {
            "history": [
                {"t": T0, "p": 0.48},
                {"t": T0 + 120, "p": 0.5},
                {"t": T0 + 3960, "p": 0.48},
            ]
        },
    )
    assert hourly[1] == {"history": [{"t": T0, "p": 0.5}, {"t": T0 + 3600, "p": 0.48}]}
    assert window[1] == {"history": [{"t": T0 + 120, "p": 0.5}]}
    assert last_hour[1] == {"history": [{"t": T0 + 3960, "p": 0.48}]}  # now = T0 + 4000
    assert everything[1] == hourly[1]
    assert untraded == (200, {"history": []})
    assert unknown == (200, {"history": []})
    assert official == hourly[1]


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"interval": "1d"}, "market is required"),
        ({"market": "abc", "interval": "1d"}, "Invalid token id"),
        ({"market": str(YES)}, "interval or startTs is required"),
        ({"market": str(YES), "interval": "2h"}, "invalid interval: 2h"),
        (
            {"market": str(YES), "interval": "1d", "startTs": T0},
            "startTs/endTs and interval are mutually exclusive",
        ),
        ({"market": str(YES), "startTs": "yesterday"}, "Invalid timestamp: yesterday"),
        ({"market": str(YES), "startTs": T0 + 10, "endTs": T0}, "startTs must not be after"),
        ({"market": str(YES), "interval": "1d", "fidelity": 0}, "invalid fidelity: 0"),
        ({"market": str(YES), "interval": "1d", "fidelity": "1.5"}, "invalid fidelity: 1.5"),
    ],
)
async def test_prices_history_refuses_bad_parameters(
    state: EmulatorState, params: dict[str, Any], message: str
) -> None:
    async with serve(state) as server, httpx.AsyncClient(base_url=server.base_urls["clob"]) as http:
        status, answer = await _get(http, "/prices-history", **params)
    assert status == 400
    assert list(answer) == ["error"]
    assert answer["error"].startswith(message)
