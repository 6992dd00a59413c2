"""``GET /admin/visibility``: when the emulator showed each fill on the Data API, on RTDS and
on the chain's websocket, the start of ``bench/detection.py``'s measurement."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx

from polycopy.emulator.server import EmulatorServer
from polycopy.emulator.state import EmulatorState
from polycopy.venues.polymarket.amounts import Side

from .conftest import YES, Trader
from .realtime_support import admin, post_order, serve


async def _shown(server: EmulatorServer) -> dict[str, dict[str, Any]]:
    async with httpx.AsyncClient(base_url=server.base_urls["admin"]) as http:
        response = await http.get("/visibility")
    assert response.status_code == 200, response.text
    return response.json()


async def test_a_trade_is_shown_on_each_source_in_turn(
    state: EmulatorState, trader: Trader
) -> None:
    lag = 0.2
    async with serve(state, rtds_lag=lag) as server:
        before = time.time()
        await post_order(server, trader, trader.limit(YES, Side.BUY, "10", "0.5", "FOK"))
        placed = await _shown(server)
        (tx,) = placed["data_api"]  # the Data API's rows show the trade once it is placed
        assert before <= float(placed["data_api"][tx]) <= time.time()
        assert tx not in placed["chain"]  # not mined yet

        await admin(server, "/chain/mine", {})
        mined = await _shown(server)
        assert float(mined["chain"][tx]) >= float(placed["data_api"][tx])

        async with asyncio.timeout(5):  # RTDS publishes after its lag
            while tx not in (shown := await _shown(server))["rtds"]:  # noqa: ASYNC110
                await asyncio.sleep(0.01)
        assert float(shown["rtds"][tx]) >= float(placed["data_api"][tx]) + lag * 0.9
        assert shown["data_api"] == placed["data_api"]  # a first showing is kept
