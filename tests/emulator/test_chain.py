"""The emulated Polygon chain over real JSON-RPC (HTTP and websocket): logs, filters, reorgs.

Logs are decoded with ``eth_abi`` and topic0s recomputed with ``eth_utils``, independent of
the emulator's own encoder.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from eth_abi import decode
from eth_utils import keccak
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from polycopy.emulator.chain import (
    ORDER_FILLED_TOPIC,
    ORDERS_MATCHED_TOPIC,
    ChainEvent,
    NewHead,
)
from polycopy.emulator.events import Event, TradeStatusChanged
from polycopy.emulator.realtime import RealtimeConfig
from polycopy.emulator.server import EmulatorServer
from polycopy.emulator.state import EmulatorState, Market
from polycopy.kit.money import MICRO
from polycopy.venues.polymarket.amounts import Side

from .conftest import ANVIL_KEY_1, MAKER, YES, Trader, rest
from .realtime_support import TIMEOUT, activity, admin, post_order, recv, serve

EXCHANGE = "0xe111180000d2663c0091e4f400237545b87b996b"
NEG_RISK_EXCHANGE = "0xe2222d279d744050d28e00520010520000310f59"
ORDER_FILLED_DATA = ["uint8", "uint256", "uint256", "uint256", "uint256", "bytes32", "bytes32"]
ORDERS_MATCHED_DATA = ["uint8", "uint256", "uint256", "uint256"]


class Rpc:
    """A minimal JSON-RPC client over HTTP."""

    def __init__(self, http: httpx.AsyncClient, url: str) -> None:
        self.http, self.url, self._id = http, url, 0

    async def raw(self, payload: object) -> Any:
        response = await self.http.post(self.url, json=payload)
        assert response.status_code == 200
        return response.json()

    async def call(self, method: str, *params: object) -> Any:
        self._id += 1
        answer = await self.raw(
            {"jsonrpc": "2.0", "id": self._id, "method": method, "params": list(params)}
        )
        assert "error" not in answer, answer
        return answer["result"]

    async def error(self, method: str, *params: object) -> dict[str, Any]:
        answer = await self.raw(
            {"jsonrpc": "2.0", "id": 1, "method": method, "params": list(params)}
        )
        assert "result" not in answer, answer
        error: dict[str, Any] = answer["error"]
        return error


def _topic_address(address: str) -> str:
    return "0x" + "00" * 12 + address.lower()[2:]


def _filled(log: dict[str, Any]) -> dict[str, Any]:
    """An OrderFilled log decoded with eth_abi."""
    assert log["topics"][0] == ORDER_FILLED_TOPIC
    side, token, making, taking, fee, builder, metadata = decode(
        ORDER_FILLED_DATA, bytes.fromhex(log["data"][2:])
    )
    return {
        "order_hash": log["topics"][1],
        "maker": "0x" + log["topics"][2][-40:],
        "taker": "0x" + log["topics"][3][-40:],
        "side": side,
        "token_id": token,
        "maker_amount": making,
        "taker_amount": taking,
        "fee": fee,
        "builder": builder,
        "metadata": metadata,
    }


async def _rpc(server: EmulatorServer) -> tuple[httpx.AsyncClient, Rpc]:
    http = httpx.AsyncClient()
    return http, Rpc(http, server.base_urls["rpc_http"])


def test_topic0s_are_the_v2_event_signatures() -> None:
    order_filled = keccak(
        text="OrderFilled(bytes32,address,address,uint8,uint256,uint256,uint256,uint256,"
        "bytes32,bytes32)"
    )
    orders_matched = keccak(text="OrdersMatched(bytes32,address,uint8,uint256,uint256,uint256)")
    assert "0x" + order_filled.hex() == ORDER_FILLED_TOPIC
    assert (
        ORDER_FILLED_TOPIC == "0xd543adfd945773f1a62f74f0ee55a5e3b9b1a28262980ba90b1a89f2ea84d8ee"
    )
    assert "0x" + orders_matched.hex() == ORDERS_MATCHED_TOPIC
    assert ORDERS_MATCHED_TOPIC == (
        "0x174b3811690657c217184f89418266767c87e4805d09680c39fc9c031c0cab7c"
    )


async def test_single_maker_trade_becomes_order_filled_logs(
    state: EmulatorState, trader: Trader
) -> None:
    async with serve(state) as server:
        http, rpc = await _rpc(server)
        async with http:
            answer = await post_order(
                server, trader, trader.limit(YES, Side.BUY, "10", "0.5", "FOK")
            )
            assert await rpc.call("eth_getLogs", {"fromBlock": "0x0"}) == []  # not mined yet
            block = server.chain.mine_block()
            logs = await rpc.call("eth_getLogs", {"fromBlock": "0x0", "toBlock": "latest"})
            rows = await activity(server, trader.address)
            maker_rows = await activity(server, MAKER)
    assert [log["topics"][0] for log in logs] == [
        ORDER_FILLED_TOPIC,
        ORDER_FILLED_TOPIC,
        ORDERS_MATCHED_TOPIC,
    ]
    assert {log["address"] for log in logs} == {EXCHANGE}
    maker_fill, taker_fill = _filled(logs[0]), _filled(logs[1])
    (trade,) = state.trades.values()
    # The maker's SELL order: gave 10 shares, took 5 pUSD; its taker is the taker's wallet.
    assert maker_fill == {
        "order_hash": trade.maker_order.order_id,
        "maker": MAKER,
        "taker": trader.address.lower(),
        "side": 1,
        "token_id": YES,
        "maker_amount": 10 * MICRO,
        "taker_amount": 5 * MICRO,
        "fee": 0,
        "builder": bytes(32),
        "metadata": bytes(32),
    }
    # The taker's BUY order: gave 5 pUSD (collateral), took 10 shares; one maker => its wallet.
    assert taker_fill["order_hash"] == answer["orderID"]
    assert (taker_fill["maker"], taker_fill["taker"]) == (trader.address.lower(), MAKER)
    assert (taker_fill["side"], taker_fill["token_id"]) == (0, YES)
    assert (taker_fill["maker_amount"], taker_fill["taker_amount"]) == (5 * MICRO, 10 * MICRO)
    matched = logs[2]
    assert matched["topics"][1:] == [answer["orderID"], _topic_address(trader.address)]
    assert decode(ORDERS_MATCHED_DATA, bytes.fromhex(matched["data"][2:])) == (
        0,
        YES,
        5 * MICRO,
        10 * MICRO,
    )
    tx_hash = rows[0]["transaction_hash"]
    assert maker_rows[0]["transaction_hash"] == tx_hash
    for index, log in enumerate(logs):
        assert log["transactionHash"] == tx_hash
        assert (log["blockNumber"], log["blockHash"]) == (hex(block.number), block.hash)
        assert (log["logIndex"], log["transactionIndex"], log["removed"]) == (
            hex(index),
            "0x0",
            False,
        )


async def test_taker_against_several_makers_names_the_exchange(
    state: EmulatorState, trader: Trader
) -> None:
    async with serve(state) as server:
        http, rpc = await _rpc(server)
        async with http:
            # $75.50 sweeps MAKER's 0.50 level (100 shares) and half of the 0.51 level.
            answer = await post_order(server, trader, trader.market(YES, Side.BUY, "75.5", "0.51"))
            server.chain.mine_block()
            logs = await rpc.call("eth_getLogs", {"topics": [ORDER_FILLED_TOPIC]})
    fills = [_filled(log) for log in logs]
    makers, taker = fills[:-1], fills[-1]
    assert [(f["maker_amount"], f["taker_amount"]) for f in makers] == [
        (100 * MICRO, 50 * MICRO),
        (50 * MICRO, 25_500_000),
    ]
    assert all(f["taker"] == trader.address.lower() and f["side"] == 1 for f in makers)
    assert taker["order_hash"] == answer["orderID"]
    assert taker["taker"] == EXCHANGE  # matched against several makers
    assert (taker["maker_amount"], taker["taker_amount"]) == (75_500_000, 150 * MICRO)


async def test_neg_risk_markets_log_from_the_neg_risk_exchange(
    state: EmulatorState, make_trader: Callable[..., Trader]
) -> None:
    market = state.add_market(
        Market(
            condition_id="0x" + "ab" * 32,
            question="Neg risk?",
            slug="neg-risk",
            tokens=((7777, "Yes"), (8888, "No")),
            neg_risk=True,
            fee_rate_bps=200,
        )
    )
    state.split(MAKER, market.condition_id, 100 * MICRO)
    rest(state, MAKER, 7777, Side.SELL, 400_000, 50 * MICRO)
    buyer = make_trader(ANVIL_KEY_1)
    async with serve(state) as server:
        http, rpc = await _rpc(server)
        async with http:
            await post_order(
                server, buyer, buyer.limit(7777, Side.BUY, "10", "0.4", "FOK", neg_risk=True)
            )
            server.chain.mine_block()
            logs = await rpc.call("eth_getLogs", {"address": [NEG_RISK_EXCHANGE, EXCHANGE]})
            only_v2 = await rpc.call("eth_getLogs", {"address": EXCHANGE})
    assert only_v2 == []
    assert {log["address"] for log in logs} == {NEG_RISK_EXCHANGE}
    taker = _filled(logs[1])
    (trade,) = state.trades.values()
    assert taker["fee"] == trade.fee > 0
    assert taker["token_id"] == 7777


async def test_get_logs_filters_and_errors(
    state: EmulatorState, make_trader: Callable[..., Trader]
) -> None:
    alice, bob = make_trader(), make_trader(ANVIL_KEY_1)
    async with serve(state, max_log_range=50) as server:
        http, rpc = await _rpc(server)
        async with http:
            await post_order(server, alice, alice.limit(YES, Side.BUY, "5", "0.5", "FOK"))
            first = server.chain.mine_block()
            server.chain.mine_block()
            await post_order(server, bob, bob.limit(YES, Side.BUY, "5", "0.5", "FOK"))
            third = server.chain.mine_block()
            everything = {"fromBlock": "earliest", "toBlock": "latest"}

            async def logs(**extra: Any) -> list[dict[str, Any]]:
                found: list[dict[str, Any]] = await rpc.call("eth_getLogs", {**everything, **extra})
                return found

            alice_fills = await logs(
                topics=[ORDER_FILLED_TOPIC, None, _topic_address(alice.address)]
            )
            either = await logs(
                topics=[
                    ORDER_FILLED_TOPIC,
                    None,
                    [_topic_address(alice.address), _topic_address(bob.address)],
                ]
            )
            any_event = await logs(topics=[[ORDER_FILLED_TOPIC, ORDERS_MATCHED_TOPIC]])
            wildcard = await logs(topics=[])
            too_specific = await logs(topics=[None, None, None, None])  # OrdersMatched has 3
            by_hash = await rpc.call("eth_getLogs", {"blockHash": third.hash})
            in_range = await rpc.call(
                "eth_getLogs", {"fromBlock": hex(first.number), "toBlock": hex(first.number)}
            )
            errors = [
                await rpc.error("eth_getLogs", {"blockHash": third.hash, "fromBlock": "0x1"}),
                await rpc.error("eth_getLogs", {"fromBlock": "0x3", "toBlock": "0x1"}),
                await rpc.error("eth_getLogs", {"fromBlock": "0x1", "toBlock": "0x99"}),
                await rpc.error("eth_getLogs", {"blockHash": "0x" + "12" * 32}),
                await rpc.error("eth_getLogs", {"topics": ["0x12"]}),
                await rpc.error("eth_getLogs", {"address": "nope"}),
            ]
            for _ in range(60):
                server.chain.mine_block()
            too_wide = await rpc.error("eth_getLogs", {"fromBlock": "0x0", "toBlock": "latest"})
    assert [_filled(log)["maker"] for log in alice_fills] == [alice.address.lower()]
    assert len(either) == 2
    assert len(any_event) == 6
    assert len(wildcard) == 6
    assert [log["topics"][0] for log in too_specific] == [ORDER_FILLED_TOPIC] * 4
    assert {log["blockHash"] for log in by_hash} == {third.hash}
    assert {log["blockNumber"] for log in in_range} == {hex(first.number)}
    assert [(e["code"], e["message"]) for e in errors] == [
        (
            -32602,
            "invalid argument 0: cannot specify both BlockHash and FromBlock/ToBlock, "
            "choose one or the other",
        ),
        (-32000, "invalid block range params"),
        (-32602, "block range extends beyond current head block"),
        (-32000, "unknown block"),
        (-32602, "invalid argument 0: topic must be a 32-byte hex"),
        (-32602, "invalid argument 0: invalid address"),
    ]
    assert too_wide == {"code": -32005, "message": "exceed maximum block range: 50"}


async def test_blocks_and_basic_methods(state: EmulatorState, trader: Trader) -> None:
    async with serve(state) as server:
        http, rpc = await _rpc(server)
        async with http:
            assert await rpc.call("eth_chainId") == "0x89"
            assert await rpc.call("net_version") == "137"
            genesis = await rpc.call("eth_getBlockByNumber", "0x0", False)
            await post_order(server, trader, trader.limit(YES, Side.BUY, "5", "0.5", "FOK"))
            server.chain.mine_block()
            assert await rpc.call("eth_blockNumber") == "0x1"
            latest = await rpc.call("eth_getBlockByNumber", "latest", True)
            by_hash = await rpc.call("eth_getBlockByHash", latest["hash"], False)
            missing = await rpc.call("eth_getBlockByNumber", "0x99", False)
            tx_hash = by_hash["transactions"][0]
            receipt = await rpc.call("eth_getTransactionReceipt", tx_hash)
            unknown_receipt = await rpc.call("eth_getTransactionReceipt", "0x" + "00" * 32)
            batch = await rpc.raw(
                [
                    {"jsonrpc": "2.0", "id": 1, "method": "eth_blockNumber"},
                    {"jsonrpc": "2.0", "id": 2, "method": "eth_nope", "params": []},
                    {"jsonrpc": "2.0", "method": "eth_blockNumber"},  # a notification
                ]
            )
            not_found = await rpc.error("eth_nope")
            bad_params = await rpc.raw(
                {"jsonrpc": "2.0", "id": 3, "method": "eth_getLogs", "params": {"x": 1}}
            )
            invalid = await rpc.raw({"id": 4, "method": "eth_blockNumber"})
            parse = await http.post(server.base_urls["rpc_http"], content=b"{nope")
            http_subscribe = await rpc.error("eth_subscribe", "newHeads")
    assert (genesis["number"], latest["number"]) == ("0x0", "0x1")
    assert latest["parentHash"] == genesis["hash"]
    assert int(latest["timestamp"], 16) == int(state.now())
    assert latest["transactions"][0]["hash"] == tx_hash
    assert latest["transactions"][0]["to"] == EXCHANGE
    assert by_hash["hash"] == latest["hash"]
    assert missing is None
    assert unknown_receipt is None
    assert receipt["status"] == "0x1"
    assert len(receipt["logs"]) == 3
    assert receipt["blockHash"] == latest["hash"]
    assert batch == [
        {"jsonrpc": "2.0", "id": 1, "result": "0x1"},
        {
            "jsonrpc": "2.0",
            "id": 2,
            "error": {
                "code": -32601,
                "message": "the method eth_nope does not exist/is not available",
            },
        },
    ]
    assert not_found["code"] == -32601
    assert bad_params["error"] == {"code": -32602, "message": "non-array args"}
    assert invalid["error"]["code"] == -32600
    assert parse.json() == {
        "jsonrpc": "2.0",
        "id": None,
        "error": {"code": -32700, "message": "parse error"},
    }
    assert http_subscribe["code"] == -32601


def _head_reached(server: EmulatorServer, number: int) -> asyncio.Event:
    """Set once the chain's head is at ``number`` (a chain listener, no polling)."""
    reached = asyncio.Event()

    def on_block(event: ChainEvent) -> None:
        if isinstance(event, NewHead) and event.block.number >= number:
            reached.set()

    server.chain.listeners.append(on_block)
    return reached


async def _subscribe(ws: ClientConnection, *params: object) -> str:
    await ws.send(
        json.dumps({"jsonrpc": "2.0", "id": 1, "method": "eth_subscribe", "params": list(params)})
    )
    answer = await recv(ws)
    subscription: str = answer["result"]
    return subscription


async def _notification(ws: ClientConnection, subscription: str) -> Any:
    message = await recv(ws)
    assert message["method"] == "eth_subscription"
    assert message["params"]["subscription"] == subscription
    return message["params"]["result"]


async def test_subscriptions_deliver_heads_and_filtered_logs(
    state: EmulatorState, make_trader: Callable[..., Trader]
) -> None:
    alice, bob = make_trader(), make_trader(ANVIL_KEY_1)
    async with serve(state) as server, connect(server.base_urls["rpc_ws"]) as ws:
        heads = await _subscribe(ws, "newHeads")
        mine = await _subscribe(
            ws,
            "logs",
            {
                "address": EXCHANGE,
                "topics": [ORDER_FILLED_TOPIC, None, _topic_address(alice.address)],
            },
        )
        await post_order(server, bob, bob.limit(YES, Side.BUY, "5", "0.5", "FOK"))
        await post_order(server, alice, alice.limit(YES, Side.BUY, "5", "0.5", "FOK"))
        block = server.chain.mine_block()
        header = await _notification(ws, heads)
        log = await _notification(ws, mine)
        await ws.send(
            json.dumps({"jsonrpc": "2.0", "id": 2, "method": "eth_unsubscribe", "params": [mine]})
        )
        unsubscribed = await recv(ws)
        await ws.send(json.dumps({"jsonrpc": "2.0", "id": 3, "method": "eth_blockNumber"}))
        number = await recv(ws)  # nothing else was queued before this answer
        await post_order(server, alice, alice.limit(YES, Side.BUY, "5", "0.5", "FOK", salt=2))
        server.chain.mine_block()
        next_header = await _notification(ws, heads)
    assert (header["number"], header["hash"]) == (hex(block.number), block.hash)
    assert "transactions" not in header
    assert _filled(log)["maker"] == alice.address.lower()
    assert log["transactionHash"] == block.transactions[1]
    assert unsubscribed["result"] is True
    assert number["result"] == hex(block.number)
    assert next_header["parentHash"] == block.hash


async def test_reorg_removes_and_re_mines_the_logs(state: EmulatorState, trader: Trader) -> None:
    async with serve(state) as server, connect(server.base_urls["rpc_ws"]) as ws:
        logs_sub = await _subscribe(ws, "logs", {"topics": [ORDER_FILLED_TOPIC]})
        await post_order(server, trader, trader.limit(YES, Side.BUY, "5", "0.5", "FOK"))
        old = server.chain.mine_block()
        original = [await _notification(ws, logs_sub) for _ in range(2)]
        answer = await admin(server, "/chain/reorg", {"depth": 1})
        removed = [await _notification(ws, logs_sub) for _ in range(2)]
        again = [await _notification(ws, logs_sub) for _ in range(2)]
        http, rpc = await _rpc(server)
        async with http:
            now = await rpc.call("eth_getLogs", {"topics": [ORDER_FILLED_TOPIC]})
            old_block = await rpc.call("eth_getBlockByHash", old.hash, False)
            refused = await http.post(
                server.base_urls["admin"] + "/chain/reorg", json={"depth": 99}
            )
    assert answer["dropped"] == [old.hash]
    assert answer["head"]["number"] == old.number
    assert answer["head"]["hash"] != old.hash
    assert [log["removed"] for log in removed] == [True, True]
    assert [{**log, "removed": False} for log in removed] == original
    new_hash = answer["head"]["hash"]
    for before, after in zip(original, again, strict=True):
        assert after["removed"] is False
        assert after["blockHash"] == new_hash
        assert (after["transactionHash"], after["logIndex"], after["data"]) == (
            before["transactionHash"],
            before["logIndex"],
            before["data"],
        )
    assert [log["blockHash"] for log in now] == [new_hash, new_hash]
    assert old_block is None
    assert refused.status_code == 400


async def test_reorg_re_reports_mined_trades_on_the_user_channel(
    state: EmulatorState, trader: Trader
) -> None:
    async with serve(state, confirmations=1) as server:
        await post_order(server, trader, trader.limit(YES, Side.BUY, "5", "0.5", "FOK"))
        statuses: list[str] = []

        def record(event: Event) -> None:
            if isinstance(event, TradeStatusChanged):
                statuses.append(event.status.value)

        server.state.events.subscribe(record)
        (trade,) = state.trades.values()
        seen = [server.chain.trade_status(trade)]
        server.chain.mine_block()
        seen.append(server.chain.trade_status(trade))
        server.chain.reorg(1)
        server.chain.mine_block()
        seen.append(server.chain.trade_status(trade))
    assert statuses == ["MINED", "MINED", "CONFIRMED"]
    assert seen == ["MATCHED", "MINED", "CONFIRMED"]


async def test_miner_task_and_rpc_ws_faults(state: EmulatorState) -> None:
    async with serve(state, block_time=0.05) as server:
        reached = _head_reached(server, 3)
        miner = asyncio.create_task(server.realtime.run_miner())
        try:
            await asyncio.wait_for(reached.wait(), TIMEOUT)
        finally:
            miner.cancel()
        async with connect(server.base_urls["rpc_ws"]) as ws:
            await admin(server, "/faults/realtime", {"channel": "rpc_ws", "stall": True})
            await ws.send(json.dumps({"jsonrpc": "2.0", "id": 1, "method": "eth_chainId"}))
            with pytest.raises(TimeoutError):
                await asyncio.wait_for(ws.recv(), 0.3)
            await admin(
                server, "/faults/realtime", {"channel": "all", "stall": False, "disconnect": True}
            )
            with pytest.raises(ConnectionClosed):
                await recv(ws)


async def test_server_runs_the_miner_by_default(state: EmulatorState) -> None:
    async with EmulatorServer(
        state, run_actors=False, realtime=RealtimeConfig(block_time=0.05)
    ) as server:
        await asyncio.wait_for(_head_reached(server, 2).wait(), TIMEOUT)
    assert server.base_urls["rpc_ws"] == f"ws://127.0.0.1:{server.port}/rpc/ws"
    assert server.base_urls["clob_ws_market"] == f"ws://127.0.0.1:{server.port}/ws/market"
    assert server.base_urls["rpc_http"] == f"http://127.0.0.1:{server.port}/rpc"
