"""CLOB market channel over a real loopback websocket: books, deltas, trades, faults."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from polycopy.emulator.server import default_state
from polycopy.emulator.state import EmulatorState
from polycopy.emulator.synthetic import LiquidityProvider, SyntheticLeader
from polycopy.venues.polymarket.amounts import Side

from .conftest import MAKER, NO, YES, Trader, rest
from .realtime_support import (
    activity,
    admin,
    assert_silent,
    barrier,
    cancel_order,
    post_order,
    recv,
    recv_events,
    recv_text,
    serve,
)

SUBSCRIBE_YES = json.dumps({"type": "market", "assets_ids": [str(YES)]})


async def test_subscribe_sends_the_book_the_rest_api_serves(state: EmulatorState) -> None:
    async with serve(state) as server, connect(server.base_urls["clob_ws_market"]) as ws:
        await ws.send(
            json.dumps(
                {"type": "market", "assets_ids": [str(YES), "999"], "custom_feature_enabled": False}
            )
        )
        frame = await recv(ws)
        async with httpx.AsyncClient(base_url=server.base_urls["clob"]) as http:
            rest_book = (await http.get("/book", params={"token_id": str(YES)})).json()
        await barrier(ws)  # the unknown asset got nothing
    assert isinstance(frame, list)  # snapshots come as one array
    (book,) = frame
    assert book.pop("event_type") == "book"
    assert book == rest_book  # same levels, same hash (the clock is frozen)
    assert book["asks"][-1] == {"price": "0.5", "size": "100"}  # best last, like /book
    assert book["bids"][-1] == {"price": "0.48", "size": "100"}


async def test_trade_sends_price_change_then_last_trade_price_and_book(
    state: EmulatorState, trader: Trader
) -> None:
    async with serve(state) as server, connect(server.base_urls["clob_ws_market"]) as ws:
        await ws.send(SUBSCRIBE_YES)
        await recv(ws)
        answer = await post_order(server, trader, trader.limit(YES, Side.BUY, "10", "0.5", "FOK"))
        price_change = await recv(ws)
        trade_batch = await recv(ws)
        rows = await activity(server, trader.address)
    assert price_change["event_type"] == "price_change"
    assert price_change["market"] == "0x" + "cd" * 32
    assert price_change["price_changes"] == [
        {
            "asset_id": str(YES),
            "price": "0.5",
            "size": "90",
            "side": "SELL",
            "hash": trade_batch[-1]["hash"],
            "best_bid": "0.48",
            "best_ask": "0.5",
        }
    ]
    last, book = trade_batch
    assert last["event_type"] == "last_trade_price"
    assert {k: last[k] for k in ("asset_id", "price", "size", "side", "fee_rate_bps")} == {
        "asset_id": str(YES),
        "price": "0.5",
        "size": "10",
        "side": "BUY",
        "fee_rate_bps": "0",
    }
    assert "proxyWallet" not in last
    assert "maker" not in last
    assert last["transaction_hash"] == rows[0]["transaction_hash"]
    assert answer["orderID"] in state.orders
    assert book["event_type"] == "book"
    assert book["asks"][-1] == {"price": "0.5", "size": "90"}
    assert book["last_trade_price"] == "0.5"


async def test_resting_and_cancelling_send_level_sizes(
    state: EmulatorState, trader: Trader
) -> None:
    async with serve(state) as server, connect(server.base_urls["clob_ws_market"]) as ws:
        await ws.send(SUBSCRIBE_YES)
        await recv(ws)
        placed = await post_order(server, trader, trader.limit(YES, Side.BUY, "20", "0.48"))
        added = (await recv(ws))["price_changes"]
        await cancel_order(server, trader, placed["orderID"])
        removed = (await recv(ws))["price_changes"]
        rest(state, MAKER, YES, Side.BUY, 490_000, 5_000_000)
        new_best = (await recv(ws))["price_changes"]
    assert [(c["price"], c["size"], c["side"]) for c in added] == [("0.48", "120", "BUY")]
    assert [(c["price"], c["size"]) for c in removed] == [("0.48", "100")]
    assert [(c["price"], c["size"], c["best_bid"]) for c in new_best] == [("0.49", "5", "0.49")]


async def test_dynamic_subscribe_and_unsubscribe(state: EmulatorState) -> None:
    async with serve(state) as server, connect(server.base_urls["clob_ws_market"]) as ws:
        await ws.send(SUBSCRIBE_YES)
        await recv(ws)
        await ws.send(json.dumps({"operation": "subscribe", "assets_ids": [str(NO)]}))
        no_book = await recv_events(ws)
        await ws.send(json.dumps({"operation": "unsubscribe", "assets_ids": [str(YES)]}))
        await barrier(ws)
        rest(state, MAKER, YES, Side.BUY, 300_000, 5_000_000)  # not followed any more
        rest(state, MAKER, NO, Side.BUY, 300_000, 5_000_000)
        change = await recv(ws)
    assert [(e["event_type"], e["asset_id"]) for e in no_book] == [("book", str(NO))]
    assert [c["asset_id"] for c in change["price_changes"]] == [str(NO)]


async def test_custom_features_add_best_bid_ask(state: EmulatorState) -> None:
    async with serve(state) as server, connect(server.base_urls["clob_ws_market"]) as ws:
        await ws.send(
            json.dumps({"type": "market", "assets_ids": [str(YES)], "custom_feature_enabled": True})
        )
        await recv(ws)
        rest(state, MAKER, YES, Side.BUY, 200_000, 5_000_000)  # deep bid: best unchanged
        assert (await recv(ws))["event_type"] == "price_change"
        await barrier(ws)
        rest(state, MAKER, YES, Side.SELL, 490_000, 5_000_000)
        assert (await recv(ws))["event_type"] == "price_change"
        best = await recv(ws)
    assert best == {
        "event_type": "best_bid_ask",
        "market": "0x" + "cd" * 32,
        "asset_id": str(YES),
        "best_bid": "0.48",
        "best_ask": "0.49",
        "spread": "0.01",
        "timestamp": best["timestamp"],
    }


async def test_ping_pong_and_garbage_is_ignored(state: EmulatorState) -> None:
    async with serve(state) as server, connect(server.base_urls["clob_ws_market"]) as ws:
        await ws.send("not json")
        await ws.send("[1, 2]")
        await ws.send(json.dumps({"operation": "dance"}))
        await barrier(ws)


async def test_deltas_replay_to_the_next_snapshot() -> None:
    """Applying every price_change to the first book gives exactly the book served later."""
    state = default_state(seed=5)
    provider = next(a for a in state.actors if isinstance(a, LiquidityProvider))
    leader = next(a for a in state.actors if isinstance(a, SyntheticLeader))
    token = str(provider.market.tokens[0][0])
    async with serve(state) as server, connect(server.base_urls["clob_ws_market"]) as ws:
        await ws.send(json.dumps({"type": "market", "assets_ids": [token]}))
        (first,) = await recv(ws)
        levels = _levels(first)
        for _ in range(12):
            provider.step()
            leader.step()
        await ws.send("PING")
        trades = 0
        while (text := await recv_text(ws)) != "PONG":
            message = json.loads(text)
            for event in message if isinstance(message, list) else [message]:
                if event["event_type"] == "price_change":
                    for change in event["price_changes"]:
                        key = (change["side"], Decimal(change["price"]))
                        levels[key] = Decimal(change["size"])
                elif event["event_type"] == "book":
                    assert _levels(event) == _nonzero(levels)
                else:
                    trades += event["event_type"] == "last_trade_price"
        async with httpx.AsyncClient(base_url=server.base_urls["clob"]) as http:
            final = (await http.get("/book", params={"token_id": token})).json()
    assert trades > 0
    assert _nonzero(levels) == _levels(final)


async def test_stall_then_recover(state: EmulatorState) -> None:
    async with serve(state) as server, connect(server.base_urls["clob_ws_market"]) as ws:
        await ws.send(SUBSCRIBE_YES)
        await recv(ws)
        await admin(server, "/faults/realtime", {"channel": "market", "stall": True})
        await ws.send("PING")
        rest(state, MAKER, YES, Side.BUY, 300_000, 5_000_000)
        await assert_silent(ws)  # no PONG, no price_change: a silent freeze
        faults = await admin(server, "/faults/realtime", {"channel": "market", "stall": False})
        await barrier(ws)  # what was published meanwhile is lost
        rest(state, MAKER, YES, Side.BUY, 310_000, 5_000_000)
        change = await recv(ws)
    assert faults["market"] == {"stalled": False, "connections": 1}
    assert [c["price"] for c in change["price_changes"]] == ["0.31"]


async def test_disconnect_closes_every_market_socket(state: EmulatorState) -> None:
    async with serve(state) as server:
        url = server.base_urls["clob_ws_market"]
        async with connect(url) as first, connect(url) as second:
            await barrier(first)
            await barrier(second)
            answer = await admin(
                server, "/faults/realtime", {"channel": "market", "disconnect": True}
            )
            for ws in (first, second):
                with pytest.raises(ConnectionClosed) as closed:
                    await recv(ws)
                assert closed.value.rcvd is not None
                assert closed.value.rcvd.code == 1012
        async with connect(url) as again:  # the channel itself still works
            await barrier(again)
    assert answer["disconnected"] == 2


async def test_bad_fault_requests_are_refused(state: EmulatorState) -> None:
    async with (
        serve(state) as server,
        httpx.AsyncClient(base_url=server.base_urls["admin"]) as http,
    ):
        unknown = await http.post("/faults/realtime", json={"channel": "nope", "stall": True})
        bad_flag = await http.post("/faults/realtime", json={"channel": "market", "stall": "yes"})
        lag_elsewhere = await http.post("/faults/realtime", json={"channel": "user", "lag": 1})
        listing = await http.get("/faults/realtime")
    assert unknown.status_code == bad_flag.status_code == lag_elsewhere.status_code == 400
    assert "channel must be one of" in unknown.json()["error"]
    assert set(listing.json()) >= {"market", "user", "rtds", "rpc_ws"}


def _levels(book: dict[str, Any]) -> dict[tuple[str, Decimal], Decimal]:
    return {
        **{("BUY", Decimal(b["price"])): Decimal(b["size"]) for b in book["bids"]},
        **{("SELL", Decimal(a["price"])): Decimal(a["size"]) for a in book["asks"]},
    }


def _nonzero(levels: dict[tuple[str, Decimal], Decimal]) -> dict[tuple[str, Decimal], Decimal]:
    return {k: v for k, v in levels.items() if v}
