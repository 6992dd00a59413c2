"""CLOB user channel over a real loopback websocket: auth, own orders, trade lifecycle."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from polycopy.emulator.state import EmulatorState
from polycopy.kit.money import MICRO
from polycopy.venues.polymarket.amounts import Side
from polycopy.venues.polymarket.auth import ApiCreds, l2_headers

from .conftest import ANVIL_KEY_0, ANVIL_KEY_1, YES, Trader
from .realtime_support import (
    CONDITION,
    admin,
    barrier,
    cancel_order,
    post_order,
    recv,
    recv_events,
    serve,
)


def _auth(trader: Trader, markets: list[str] | None = None) -> str:
    frame: dict[str, Any] = {
        "type": "user",
        "auth": {
            "apiKey": trader.creds.api_key,
            "secret": trader.creds.secret,
            "passphrase": trader.creds.passphrase,
        },
    }
    if markets is not None:
        frame["markets"] = markets
    return json.dumps(frame)


async def _closed_with(ws: ClientConnection) -> tuple[int, str]:
    with pytest.raises(ConnectionClosed) as closed:
        await recv(ws)
    assert closed.value.rcvd is not None
    return closed.value.rcvd.code, closed.value.rcvd.reason


async def test_bad_auth_closes_with_a_reason(state: EmulatorState, trader: Trader) -> None:
    async with serve(state) as server:
        url = server.base_urls["clob_ws_user"]
        wrong = json.loads(_auth(trader))
        wrong["auth"]["secret"] = "not-the-secret"
        async with connect(url) as ws:
            await ws.send(json.dumps(wrong))
            wrong_secret = await _closed_with(ws)
        async with connect(url) as ws:
            await ws.send(json.dumps({"type": "user", "auth": {"apiKey": "nope"}}))
            unknown_key = await _closed_with(ws)
        async with connect(url) as ws:
            await ws.send(json.dumps({"type": "market", "assets_ids": [str(YES)]}))
            not_user = await _closed_with(ws)
    for code, reason in (wrong_secret, unknown_key, not_user):
        assert code == 1008
        assert "invalid auth" in reason


async def test_own_order_placement_and_cancellation_only(
    state: EmulatorState, make_trader: Callable[..., Trader]
) -> None:
    me, other = make_trader(ANVIL_KEY_0), make_trader(ANVIL_KEY_1)
    async with serve(state) as server, connect(server.base_urls["clob_ws_user"]) as ws:
        await ws.send(_auth(me))
        await barrier(ws)
        await post_order(server, other, other.limit(YES, Side.BUY, "10", "0.4"))
        await barrier(ws)  # another account's order is invisible
        placed = await post_order(server, me, me.limit(YES, Side.BUY, "10", "0.45"))
        (placement,) = await recv_events(ws)
        await cancel_order(server, me, placed["orderID"])
        (cancellation,) = await recv_events(ws)
    assert placement["event_type"] == "order"
    assert placement["type"] == "PLACEMENT"
    assert placement["id"] == placed["orderID"]
    assert placement["status"] == "LIVE"
    assert placement["owner"] == me.creds.api_key
    assert {k: placement[k] for k in ("market", "asset_id", "side", "price")} == {
        "market": CONDITION,
        "asset_id": str(YES),
        "side": "BUY",
        "price": "0.45",
    }
    assert (placement["original_size"], placement["size_matched"]) == ("10", "0")
    assert cancellation["type"] == "CANCELLATION"
    assert cancellation["status"] == "CANCELED"
    assert cancellation["id"] == placed["orderID"]


async def test_trade_moves_matched_mined_confirmed_for_both_sides(
    state: EmulatorState, make_trader: Callable[..., Trader]
) -> None:
    seller, buyer = make_trader(ANVIL_KEY_0), make_trader(ANVIL_KEY_1)
    state.split(seller.address, CONDITION, 50 * MICRO)
    async with (
        serve(state, confirmations=2) as server,
        connect(server.base_urls["clob_ws_user"]) as seller_ws,
        connect(server.base_urls["clob_ws_user"]) as buyer_ws,
    ):
        await seller_ws.send(_auth(seller))
        await buyer_ws.send(_auth(buyer, markets=[CONDITION]))
        await barrier(seller_ws)
        await barrier(buyer_ws)
        ask = await post_order(server, seller, seller.limit(YES, Side.SELL, "20", "0.49"))
        (seller_placed,) = await recv_events(seller_ws)
        bid = await post_order(server, buyer, buyer.limit(YES, Side.BUY, "10", "0.49", "FOK"))
        seller_fill = await recv_events(seller_ws)
        buyer_fill = await recv_events(buyer_ws)

        server.chain.mine_block()
        (seller_mined,) = await recv_events(seller_ws)
        (buyer_mined,) = await recv_events(buyer_ws)
        server.chain.mine_block()
        await barrier(buyer_ws)  # one block on top is not enough
        server.chain.mine_block()
        (seller_confirmed,) = await recv_events(seller_ws)
        (buyer_confirmed,) = await recv_events(buyer_ws)
        rest_trades = await _rest_trades(server, buyer)

    assert seller_placed["type"] == "PLACEMENT"
    assert seller_placed["id"] == ask["orderID"]
    # The maker sees its trade and the order update; the taker its placement and trade.
    assert [e["event_type"] + ":" + e.get("status", "") for e in seller_fill] == [
        "trade:MATCHED",
        "order:LIVE",
    ]
    update = seller_fill[1]
    assert update["type"] == "UPDATE"
    assert (update["size_matched"], update["original_size"]) == ("10", "20")
    assert [(e["event_type"], e["status"]) for e in buyer_fill] == [
        ("order", "MATCHED"),
        ("trade", "MATCHED"),
    ]
    assert buyer_fill[0]["type"] == "PLACEMENT"
    trade = buyer_fill[1]
    (rest_trade,) = rest_trades
    assert trade["id"] == seller_fill[0]["id"] == bid["tradeIDs"][0] == rest_trade["id"]
    assert trade["taker_order_id"] == bid["orderID"]
    assert trade["maker_orders"][0]["order_id"] == ask["orderID"]
    assert (trade["side"], trade["size"], trade["price"]) == ("BUY", "10", "0.49")
    assert trade["trader_side"] == "TAKER"
    assert seller_fill[0]["trader_side"] == "MAKER"
    assert trade["transaction_hash"] == rest_trade["transaction_hash"]
    for mined, confirmed in ((seller_mined, seller_confirmed), (buyer_mined, buyer_confirmed)):
        assert (mined["status"], confirmed["status"]) == ("MINED", "CONFIRMED")
        assert mined["id"] == confirmed["id"] == trade["id"]
        assert mined["transaction_hash"] == trade["transaction_hash"]


async def test_market_filter_and_dynamic_markets(state: EmulatorState, trader: Trader) -> None:
    other_market = "0x" + "ee" * 32
    async with serve(state) as server, connect(server.base_urls["clob_ws_user"]) as ws:
        await ws.send(_auth(trader, markets=[other_market]))
        await barrier(ws)
        await post_order(server, trader, trader.limit(YES, Side.BUY, "10", "0.4", salt=1))
        await barrier(ws)  # not a followed market
        await ws.send(json.dumps({"operation": "subscribe", "markets": [CONDITION]}))
        await post_order(server, trader, trader.limit(YES, Side.BUY, "10", "0.41", salt=2))
        (seen,) = await recv_events(ws)
        await ws.send(json.dumps({"operation": "unsubscribe", "markets": [CONDITION]}))
        await post_order(server, trader, trader.limit(YES, Side.BUY, "10", "0.42", salt=3))
        await barrier(ws)
    assert seen["price"] == "0.41"


async def test_user_channel_faults(state: EmulatorState, trader: Trader) -> None:
    async with serve(state) as server, connect(server.base_urls["clob_ws_user"]) as ws:
        await ws.send(_auth(trader))
        await admin(server, "/faults/realtime", {"channel": "user", "stall": True})
        await post_order(server, trader, trader.limit(YES, Side.BUY, "10", "0.4"))
        await admin(server, "/faults/realtime", {"channel": "user", "stall": False})
        await barrier(ws)  # the placement during the stall is lost, not queued
        await admin(server, "/faults/realtime", {"channel": "user", "disconnect": True})
        code, reason = await _closed_with(ws)
    assert code == 1012
    assert "disconnect" in reason


async def _rest_trades(server: Any, trader: Trader) -> list[dict[str, Any]]:
    creds = ApiCreds(trader.creds.api_key, trader.creds.secret, trader.creds.passphrase)
    headers = l2_headers(
        creds, trader.address, method="GET", request_path="/data/trades", body=None, timestamp=1
    )
    async with httpx.AsyncClient(base_url=server.base_urls["clob"]) as http:
        response = await http.get("/data/trades", headers=headers)
    assert response.status_code == 200, response.text
    rows: list[dict[str, Any]] = response.json()["data"]
    return rows
