"""Acceptance: a wallet history recorded from Polymarket, replayed on an accelerated clock,
shows the same fills on every channel a copy trader can watch, each with its own lag.

The replayed wallet's TRADE rows become real fills; the test follows them, as a follower
would, on the Data API (``/v2/activity``, polled), RTDS ``activity/trades`` (websocket), the
chain (``eth_subscribe`` to ``OrderFilled`` logs with ``maker`` = the wallet) and the CLOB
market channel (``last_trade_price``), then checks that every channel carries the same fills
(count, order, sides, sizes, transaction hashes) as the recording, and that the configured
lags hold: RTDS, chain and market channel show each fill before the Data API, which shows it
no sooner than its indexing lag after the fill. Every wait is bounded; the test skips when
the recordings are not on this machine (they are read in place, never copied).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Any

import httpx
from eth_abi import decode
from websockets.asyncio.client import ClientConnection, connect

from polycopy.emulator.chain import ORDER_FILLED_TOPIC
from polycopy.emulator.realtime import RealtimeConfig
from polycopy.emulator.replay import snap_to_tick
from polycopy.emulator.scenario import build_scenario
from polycopy.emulator.server import EmulatorServer
from polycopy.emulator.state import EmulatorState
from polycopy.kit.money import to_micros

from .scenario_support import load_real, oldest_first, real, write_scenario

RECORDING = "jm709-pscanner/activity.json"
FACTOR = 300
"""Emulator seconds per wall second: the ~9 recorded minutes replay in about 2 s."""
DELAY_S = 450
"""Emulator seconds before the first replayed fill (1.5 s of wall time to subscribe)."""
INDEXING_LAG_S = 300
RTDS_LAG_S = 6
BLOCK_TIME_S = 3
WITHIN_S = 30.0
"""Wall-clock bound on the whole replay, lags included."""
ORDER_FILLED_DATA = ["uint8", "uint256", "uint256", "uint256", "uint256", "bytes32", "bytes32"]

Fill = tuple[str, str, int]
"""(transaction hash, side, shares in micros) as one channel reports a fill."""


class Seen:
    """What one channel reported, in arrival order, with the emulator time of each arrival."""

    def __init__(self, state: EmulatorState) -> None:
        self.state = state
        self.fills: list[Fill] = []
        self.at: dict[str, float] = {}

    def add(self, tx: str, side: str, size: int) -> None:
        self.fills.append((tx, side, size))
        self.at.setdefault(tx, self.state.now())


def _recorded_micros(value: Decimal | int) -> int:
    """A recorded amount in micros; float noise past 6 decimals is rounded as on import."""
    return to_micros(Decimal(value).quantize(Decimal("0.000001"), rounding=ROUND_HALF_EVEN))


def _json(text: str | bytes) -> Any:
    return json.loads(text, parse_float=Decimal)


async def _text(ws: ClientConnection) -> str:
    message = await asyncio.wait_for(ws.recv(), WITHIN_S)
    assert isinstance(message, str)
    return message


async def _until(seen: Seen, count: int, receive: Callable[[], Any]) -> None:
    while len(seen.fills) < count:
        await receive()


@contextlib.asynccontextmanager
async def _rtds(server: EmulatorServer, wallet: str, seen: Seen) -> AsyncIterator[Any]:
    async with connect(server.base_urls["rtds"]) as ws:
        await ws.send(
            json.dumps(
                {
                    "action": "subscribe",
                    "subscriptions": [{"topic": "activity", "type": "trades"}],
                }
            )
        )
        await ws.send("ping")  # frames are handled in order: the pong acknowledges the above
        assert await _text(ws) == "pong"

        async def receive() -> None:
            message = _json(await _text(ws))
            payload = message["payload"]
            if payload["proxyWallet"] != wallet:
                return  # the counterparty's side of the fill
            # Sent RTDS_LAG_S after the fill (the payload's timestamp is the fill's second).
            assert message["timestamp"] >= (payload["timestamp"] + RTDS_LAG_S) * 1000
            seen.add(payload["transactionHash"], payload["side"], to_micros(payload["size"]))

        yield receive


@contextlib.asynccontextmanager
async def _chain(server: EmulatorServer, wallet: str, seen: Seen) -> AsyncIterator[Any]:
    async with connect(server.base_urls["rpc_ws"]) as ws:
        maker_topic = "0x" + "00" * 12 + wallet[2:]
        await ws.send(
            json.dumps(
                {
                    "jsonrpc": "2.0",
                    "id": 1,
                    "method": "eth_subscribe",
                    "params": ["logs", {"topics": [ORDER_FILLED_TOPIC, None, maker_topic]}],
                }
            )
        )
        subscription = _json(await _text(ws))["result"]

        async def receive() -> None:
            message = _json(await _text(ws))
            assert message["params"]["subscription"] == subscription
            log = message["params"]["result"]
            assert log["topics"][2] == maker_topic
            assert not log["removed"]
            side, _, making, taking, _, _, _ = decode(
                ORDER_FILLED_DATA, bytes.fromhex(log["data"][2:])
            )
            # A BUY gives pUSD for shares, a SELL shares for pUSD.
            shares = taking if side == 0 else making
            seen.add(log["transactionHash"], "BUY" if side == 0 else "SELL", shares)

        yield receive


@contextlib.asynccontextmanager
async def _market(server: EmulatorServer, tokens: list[str], seen: Seen) -> AsyncIterator[Any]:
    async with connect(server.base_urls["clob_ws_market"]) as ws:
        await ws.send(json.dumps({"type": "market", "assets_ids": tokens}))
        dump = _json(await _text(ws))  # the initial book of every followed token
        assert sorted(event["asset_id"] for event in dump) == sorted(tokens)

        async def receive() -> None:
            message = _json(await _text(ws))
            for event in message if isinstance(message, list) else [message]:
                if event["event_type"] == "last_trade_price":
                    seen.add(event["transaction_hash"], event["side"], to_micros(event["size"]))

        yield receive


async def _poll_data_api(server: EmulatorServer, wallet: str, seen: Seen, count: int) -> None:
    async with httpx.AsyncClient(base_url=server.base_urls["data"]) as http:
        while len(seen.fills) < count:
            response = await http.get(
                "/v2/activity",
                params={"user": wallet, "type": "TRADE", "sort_direction": "ASC", "limit": 500},
            )
            assert response.status_code == 200, response.text
            known = {tx for tx, _, _ in seen.fills}
            for row in _json(response.content)["data"]:
                if row["transaction_hash"] not in known:
                    seen.add(row["transaction_hash"], row["side"], to_micros(row["size"]))
            await asyncio.sleep(0.01)


def _scenario_text(path: Path, wallet: str) -> str:
    return f"""
[scenario]
seed = 4

[clock]
mode = "accelerated"
factor = {FACTOR}
start = "recorded"

[[leaders]]
kind = "replay"
file = "{path}"
wallet = "{wallet}"
types = ["TRADE"]
delay = {DELAY_S}

[faults.data]
indexing_lag_s = {INDEXING_LAG_S}
"""


async def test_replayed_fills_reach_every_channel_with_their_lags(tmp_path: Path) -> None:
    path = real(RECORDING)
    recorded = oldest_first([r for r in load_real(RECORDING) if r["type"] == "TRADE"])
    assert recorded
    wallet = str(recorded[0]["proxyWallet"]).lower()
    assert all(str(r["proxyWallet"]).lower() == wallet for r in recorded)
    scenario = build_scenario(write_scenario(tmp_path, _scenario_text(path, wallet)))
    state = scenario.state
    [replay] = scenario.replays
    tokens = sorted({str(r["asset"]) for r in recorded})
    count = len(recorded)
    data, rtds, chain, market = (Seen(state) for _ in range(4))
    config = RealtimeConfig(block_time=BLOCK_TIME_S, rtds_lag=RTDS_LAG_S)
    async with (
        EmulatorServer(state, realtime=config) as server,
        _rtds(server, wallet, rtds) as rtds_receive,
        _chain(server, wallet, chain) as chain_receive,
        _market(server, tokens, market) as market_receive,
    ):
        assert replay.position == 0, "the replay started before the channels were followed"
        async with asyncio.timeout(WITHIN_S):
            await asyncio.gather(
                _until(rtds, count, rtds_receive),
                _until(chain, count, chain_receive),
                _until(market, count, market_receive),
                _poll_data_api(server, wallet, data, count),
            )
    assert replay.done
    assert replay.missed == []

    # The recording, oldest first: sides and sizes exactly, prices snapped to the tick.
    expected = [(str(r["side"]), _recorded_micros(r["size"])) for r in recorded]
    fills = [(tx, side, size) for tx, side, size in data.fills]
    assert [(side, size) for _, side, size in fills] == expected
    hashes = [tx for tx, _, _ in fills]
    assert len(set(hashes)) == count  # one transaction per replayed fill
    # Every channel: the same fills, in the same order, under the same transaction hashes.
    assert rtds.fills == fills
    assert chain.fills == fills
    assert market.fills == fills
    # The fills themselves, as the state settled them (prices snapped to the tick).
    trades = {t.transaction_hash: t for t in state.trades.values()}
    for tx, row in zip(hashes, recorded, strict=True):
        trade = trades[tx]
        assert trade.price == snap_to_tick(to_micros(Decimal(row["price"]), exact=False), 10_000)
        assert str(trade.token_id) == str(row["asset"])

    # The lags: the Data API shows a fill no sooner than its indexing lag after it, and
    # after RTDS, the chain and the market channel have all reported it.
    for tx in hashes:
        fill_time = trades[tx].match_time
        assert data.at[tx] >= fill_time + INDEXING_LAG_S
        assert rtds.at[tx] >= fill_time + RTDS_LAG_S - 1
        for fast in (rtds, chain, market):
            assert fast.at[tx] < data.at[tx]
        assert market.at[tx] <= rtds.at[tx]  # no lag on the market channel


def test_the_recording_is_a_single_wallet_trade_history() -> None:
    """Guard the assumption above: the recording is one wallet's TRADE rows, each with a
    token, a side and a positive size (so a change of the shared file fails loudly)."""
    rows: list[dict[str, Any]] = load_real(RECORDING)
    trades = [r for r in rows if r["type"] == "TRADE"]
    assert len(trades) >= 3
    assert len({r["proxyWallet"] for r in trades}) == 1
    assert all(r["side"] in ("BUY", "SELL") and r["size"] > 0 and r["asset"] for r in trades)
