"""RTDS activity feed over a real loopback websocket: envelopes, wallets, lag, filters, faults."""

from __future__ import annotations

import json
import time
from decimal import Decimal
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

from polycopy.emulator.state import EmulatorState
from polycopy.venues.polymarket.amounts import Side

from .conftest import MAKER, YES, Trader
from .realtime_support import (
    CONDITION,
    activity,
    admin,
    assert_silent,
    barrier,
    post_order,
    recv,
    serve,
)


def _subscribe(kind: str = "trades", filters: str | None = None) -> str:
    subscription: dict[str, Any] = {"topic": "activity", "type": kind}
    if filters is not None:
        subscription["filters"] = filters
    return json.dumps({"action": "subscribe", "subscriptions": [subscription]})


async def _pong(ws: ClientConnection) -> None:
    await barrier(ws, "ping", "pong")


async def test_trade_payloads_carry_each_sides_wallet_after_the_lag(
    state: EmulatorState, trader: Trader
) -> None:
    lag = 0.3
    async with serve(state, rtds_lag=lag) as server, connect(server.base_urls["rtds"]) as ws:
        await ws.send(_subscribe())
        await _pong(ws)
        started = time.monotonic()
        await post_order(server, trader, trader.limit(YES, Side.BUY, "10", "0.5", "FOK"))
        first = await recv(ws)
        elapsed = time.monotonic() - started
        second = await recv(ws)
        rows = await activity(server, trader.address)
    assert elapsed >= lag * 0.9  # published no earlier than the configured lag
    assert set(first) == {"topic", "type", "timestamp", "payload", "connection_id"}
    assert (first["topic"], first["type"]) == ("activity", "trades")
    assert isinstance(first["timestamp"], int)
    assert first["timestamp"] > 10**12
    assert first["connection_id"] == second["connection_id"]
    by_wallet = {m["payload"]["proxyWallet"]: m["payload"] for m in (first, second)}
    assert set(by_wallet) == {trader.address.lower(), MAKER}
    taker = by_wallet[trader.address.lower()]
    assert taker == {
        "asset": str(YES),
        "bio": "",
        "conditionId": CONDITION,
        "eventSlug": "test-event",
        "icon": "",
        "name": "",
        "outcome": "Yes",
        "outcomeIndex": 0,
        "price": 0.5,
        "profileImage": "",
        "proxyWallet": trader.address.lower(),
        "pseudonym": "",
        "side": "BUY",
        "size": 10,
        "slug": "test-market",
        "timestamp": rows[0]["timestamp"],
        "title": "Test market?",
        "transactionHash": rows[0]["transaction_hash"],
    }
    assert by_wallet[MAKER]["side"] == "SELL"
    assert by_wallet[MAKER]["transactionHash"] == taker["transactionHash"]


async def test_numbers_are_exact_decimals(state: EmulatorState, trader: Trader) -> None:
    async with serve(state) as server, connect(server.base_urls["rtds"]) as ws:
        await ws.send(_subscribe("orders_matched"))
        await _pong(ws)
        await post_order(server, trader, trader.market(YES, Side.BUY, "6.17", "0.51", "FAK"))
        raw = await ws.recv()
    assert isinstance(raw, str)
    message = json.loads(raw, parse_float=Decimal)
    # One orders_matched message per fill, from the taker's side.
    assert message["type"] == "orders_matched"
    assert message["payload"]["size"] == Decimal("12.34")
    assert '"price":0.5,' in raw


async def test_types_filters_and_unsubscribe(state: EmulatorState, trader: Trader) -> None:
    async with serve(state) as server, connect(server.base_urls["rtds"]) as ws:
        await ws.send(json.dumps({"subscriptions": [{"topic": "activity", "type": "trades"}]}))
        await ws.send(_subscribe("trades", json.dumps({"event_slug": "another-event"})))
        await ws.send(_subscribe("comments"))
        await post_order(server, trader, trader.limit(YES, Side.BUY, "5", "0.5", "FOK", salt=1))
        await _pong(ws)  # no action = ignored; the slug filter excludes this market

        await ws.send(_subscribe("*", json.dumps({"market_slug": "test-market"})))
        await post_order(server, trader, trader.limit(YES, Side.BUY, "5", "0.5", "FOK", salt=2))
        kinds = sorted([(await recv(ws))["type"] for _ in range(3)])
        await _pong(ws)

        await ws.send(
            json.dumps(
                {"action": "unsubscribe", "subscriptions": [{"topic": "activity", "type": "*"}]}
            )
        )
        await post_order(server, trader, trader.limit(YES, Side.BUY, "5", "0.5", "FOK", salt=3))
        await _pong(ws)
    assert kinds == ["orders_matched", "trades", "trades"]


async def test_stall_and_lag_switches(state: EmulatorState, trader: Trader) -> None:
    async with serve(state, rtds_lag=30.0) as server, connect(server.base_urls["rtds"]) as ws:
        await ws.send(_subscribe())
        await admin(server, "/faults/realtime", {"channel": "rtds", "lag": 0})
        await admin(server, "/faults/realtime", {"channel": "rtds", "stall": True})
        await ws.send("ping")
        await post_order(server, trader, trader.limit(YES, Side.BUY, "5", "0.5", "FOK", salt=1))
        await assert_silent(ws)
        await admin(server, "/faults/realtime", {"channel": "rtds", "stall": False})
        await _pong(ws)
        await post_order(server, trader, trader.limit(YES, Side.BUY, "5", "0.5", "FOK", salt=2))
        message = await recv(ws)  # lag 0 now: no 30 s wait
    assert message["type"] == "trades"
