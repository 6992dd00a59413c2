"""Websocket feeds, RTDS and chain logs against the emulator's real-time endpoints."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

from polycopy.emulator.realtime import RealtimeConfig
from polycopy.emulator.server import EmulatorServer, default_state
from polycopy.kit.money import MICRO
from polycopy.venues.polymarket import chain
from polycopy.venues.polymarket.amounts import Side, market_order_amounts
from polycopy.venues.polymarket.auth import ApiCreds
from polycopy.venues.polymarket.chain import (
    ORDER_FILLED_V1,
    ORDER_FILLED_V2,
    ORDERS_MATCHED_V1,
    ORDERS_MATCHED_V2,
    ChainLogFeed,
    OrderFilled,
    OrdersMatched,
    PolygonRpc,
    RawLog,
    decode_log,
)
from polycopy.venues.polymarket.clob import ClobPublicClient, ClobTradingClient
from polycopy.venues.polymarket.errors import MalformedResponseError
from polycopy.venues.polymarket.signers import SealedKey
from polycopy.venues.polymarket.signing import (
    LocalOrderSigner,
    OrderFields,
    SignatureType,
    SignedOrder,
    new_salt,
    post_order_body,
)
from polycopy.venues.polymarket.stream_models import (
    BookEvent,
    LastTradePriceEvent,
    OrderEvent,
    PriceChangeEvent,
    TradeEvent,
    parse_market_frame,
    parse_rtds_frame,
    parse_user_frame,
)
from polycopy.venues.polymarket.streams import MarketChannel, RtdsActivityFeed, UserChannel

# Well-known public test key (anvil / hardhat account #0). Never real funds.
KEY_HEX = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
SIGNER = LocalOrderSigner(SealedKey.from_hex(KEY_HEX))
REAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "polymarket-real"
T = TypeVar("T")


@dataclass
class Live:
    server: EmulatorServer
    http: httpx.AsyncClient
    creds: ApiCreds

    @property
    def urls(self) -> dict[str, str]:
        return self.server.base_urls

    @property
    def market(self) -> Any:
        return next(iter(self.server.state.markets.values()))

    @property
    def yes(self) -> str:
        return str(self.market.tokens[0][0])

    def buy(self, pusd: str = "10") -> SignedOrder:
        ask = self.server.state.books[int(self.yes)].best(Side.SELL)
        assert ask is not None
        tick = Decimal("0.01")
        worst = Decimal(ask) / MICRO + 5 * tick
        maker, taker = market_order_amounts(Side.BUY, Decimal(pusd), worst, tick)
        fields = OrderFields(
            salt=new_salt(),
            maker=SIGNER.address,
            signer=SIGNER.address,
            token_id=int(self.yes),
            maker_amount=maker,
            taker_amount=taker,
            side=Side.BUY,
            signature_type=SignatureType.EOA,
            timestamp_ms=1_761_950_000_000,
        )
        return SIGNER.sign_order(fields, neg_risk=self.market.neg_risk)

    async def trade(self, pusd: str = "10") -> Any:
        signed = self.buy(pusd)
        trading = ClobTradingClient(
            self.http, self.urls["clob"], creds=self.creds, signer_address=SIGNER.address
        )
        answer = await trading.post_order(post_order_body(signed, self.creds.api_key, "FOK"))
        assert answer.success
        return answer

    async def admin(self, path: str, **body: Any) -> Any:
        response = await self.http.post(f"{self.urls['admin']}{path}", json=body)
        response.raise_for_status()
        return response.json()


@pytest.fixture
async def live() -> AsyncIterator[Live]:
    config = RealtimeConfig(rtds_lag=0.0, confirmations=1)
    async with (
        EmulatorServer(
            default_state(21), run_actors=False, mine_blocks=False, realtime=config
        ) as server,
        httpx.AsyncClient(timeout=10) as http,
    ):
        server.state.fund(SIGNER.address, 1_000 * MICRO)
        creds = await ClobPublicClient(http, server.base_urls["clob"]).derive_api_creds(SIGNER)
        yield Live(server, http, creds)


async def next_of(
    events: AsyncIterator[Any], kind: type[T], within: float = 5.0, **fields: Any
) -> T:
    """The next event of ``kind`` whose attributes equal ``fields``."""

    async def find() -> T:
        async for event in events:
            if isinstance(event, kind) and all(getattr(event, k) == v for k, v in fields.items()):
                return event
        raise AssertionError("feed ended")

    return await asyncio.wait_for(find(), within)


class Pump:
    """Drives a feed in the background (a feed connects when it is first iterated)."""

    def __init__(self, events: AsyncIterator[Any]) -> None:
        self.queue: asyncio.Queue[Any] = asyncio.Queue()
        self._events = events
        self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        async for event in self._events:
            await self.queue.put(event)

    async def __aiter__(self) -> AsyncIterator[Any]:
        while True:
            yield await self.queue.get()

    async def stop(self) -> None:
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task


async def test_market_channel_books_trades_and_resubscribe(live: Live) -> None:
    feed = MarketChannel(live.urls["clob_ws_market"], [live.yes], backoff=0.05)
    events = feed.events()
    try:
        book = await next_of(events, BookEvent)
        assert book.asset_id == live.yes
        assert book.asks[-1].price * MICRO == live.server.state.books[int(live.yes)].best(Side.SELL)
        await live.trade()
        trade = await next_of(events, LastTradePriceEvent)
        assert trade.asset_id == live.yes
        assert trade.side == "BUY"
        no = str(live.market.tokens[1][0])
        await feed.subscribe([no])
        await next_of(events, BookEvent, asset_id=no)
        await live.admin("/faults/realtime", channel="market", disconnect=True)
        # The fresh socket is told the whole subscription again: both books come back.
        books = {(await next_of(events, BookEvent)).asset_id for _ in range(2)}
        assert books == {live.yes, no}
        assert feed.stats.reconnects == 1
    finally:
        await feed.close()
        await events.aclose()


async def test_a_silent_socket_is_detected_and_replaced(live: Live) -> None:
    feed = MarketChannel(
        live.urls["clob_ws_market"], [live.yes], ping_interval=0.1, stale_after=0.5, backoff=0.05
    )
    events = feed.events()
    try:
        await next_of(events, BookEvent)
        await live.admin("/faults/realtime", channel="market", stall=True)
        await asyncio.sleep(0.8)
        await live.admin("/faults/realtime", channel="market", stall=False)
        await next_of(events, BookEvent)  # resubscribed on the new socket
        assert feed.stats.stale_disconnects >= 1
        assert feed.stats.reconnects >= 1
    finally:
        await feed.close()
        await events.aclose()


async def test_user_channel_reports_own_orders_and_trade_lifecycle(live: Live) -> None:
    feed = UserChannel(live.urls["clob_ws_user"], live.creds)
    assert live.creds.secret not in repr(feed)
    pump = Pump(feed.events())
    events = aiter(pump)
    try:
        await asyncio.wait_for(feed.connected.wait(), 5)
        await asyncio.sleep(0.1)  # the venue reads the subscription frame
        answer = await live.trade()
        placed = await next_of(events, OrderEvent)
        assert placed.id == answer.order_id
        trade = await next_of(events, TradeEvent)
        assert trade.id in answer.trade_ids
        assert trade.status == "MATCHED"
        await live.admin("/chain/mine")
        await live.admin("/chain/mine")
        statuses = {trade.status}
        while "CONFIRMED" not in statuses:
            statuses.add((await next_of(events, TradeEvent)).status)
        assert {"MATCHED", "MINED", "CONFIRMED"} <= statuses
    finally:
        await feed.close()
        await pump.stop()


async def test_rtds_activity_filters_by_wallet(live: Live) -> None:
    feed = RtdsActivityFeed(live.urls["rtds"], wallets=[SIGNER.address])
    pump = Pump(feed.trades())
    try:
        await asyncio.wait_for(feed.connected.wait(), 5)
        await asyncio.sleep(0.1)
        answer = await live.trade()
        trade = await asyncio.wait_for(pump.queue.get(), 5)
        assert trade.proxy_wallet.lower() == SIGNER.address.lower()
        assert trade.asset == live.yes
        assert trade.side == "BUY"
        assert answer.taking_amount > 0
    finally:
        await feed.close()
        await pump.stop()


async def test_polygon_logs_decode_into_fills(live: Live) -> None:
    answer = await live.trade()
    await live.admin("/chain/mine")
    rpc = PolygonRpc(live.http, live.urls["rpc_http"])
    head = await rpc.block_number()
    events = await rpc.exchange_logs(0, head, makers=[SIGNER.address])
    fills = [e for e in events if isinstance(e, OrderFilled)]
    matched = [e for e in events if isinstance(e, OrdersMatched)]
    assert [f.order_hash for f in fills] == [answer.order_id]
    [fill] = fills
    assert fill.maker == SIGNER.address
    assert fill.side == "BUY"
    assert fill.shares == int(answer.taking_amount * MICRO)
    assert fill.collateral == int(answer.making_amount * MICRO)
    assert [m.taker_order_hash for m in matched] == [answer.order_id]
    assert await rpc.exchange_logs(0, head, makers=[SIGNER.address], page=1) == events
    everyone = await rpc.exchange_logs(0, head)
    assert len(everyone) > len(events)  # the makers' fills too


async def test_chain_log_feed_follows_live_and_backfills_after_a_disconnect(live: Live) -> None:
    rpc = PolygonRpc(live.http, live.urls["rpc_http"])
    feed = ChainLogFeed(
        live.urls["rpc_ws"], rpc, makers=[SIGNER.address], backoff=1.0, stale_after=10
    )
    pump = Pump(feed.events())
    try:
        await asyncio.wait_for(feed.connected.wait(), 5)
        await asyncio.sleep(0.1)
        first = await live.trade()
        await live.admin("/chain/mine")
        fill = await asyncio.wait_for(pump.queue.get(), 5)
        assert isinstance(fill, OrderFilled)
        assert fill.order_hash == first.order_id
        matched = await asyncio.wait_for(pump.queue.get(), 5)
        assert isinstance(matched, OrdersMatched)
        # Drop the socket, trade and mine while the feed waits to reconnect.
        await live.admin("/faults/realtime", channel="rpc_ws", disconnect=True)
        second = await live.trade()
        await live.admin("/chain/mine")
        await asyncio.wait_for(feed.connected.wait(), 5)
        await asyncio.sleep(0.1)
        await live.admin("/chain/mine")  # the first head after reconnecting backfills
        missed = [await asyncio.wait_for(pump.queue.get(), 5) for _ in range(2)]
        assert [type(e) for e in missed] == [OrderFilled, OrdersMatched]
        assert missed[0].order_hash == second.order_id
        assert feed.stats.reconnects == 1
        await asyncio.sleep(0.2)
        assert pump.queue.empty()  # nothing twice
    finally:
        await feed.close()
        await pump.stop()


def test_event_topics_are_the_published_ones() -> None:
    assert ORDER_FILLED_V2 == "0xd543adfd945773f1a62f74f0ee55a5e3b9b1a28262980ba90b1a89f2ea84d8ee"
    assert ORDERS_MATCHED_V2 == "0x174b3811690657c217184f89418266767c87e4805d09680c39fc9c031c0cab7c"
    assert ORDER_FILLED_V1 == "0xd0a08e8c493f9c94f29311604c9de1b4e8c8d4c06bd0c789af57f2d65bfec0f6"
    assert ORDERS_MATCHED_V1 == "0x63bf4d16b7fa898ef4c4b2b6d90fd201e9c56313b65638af6088d149d2ce956c"


def _log(topics: list[str], words: list[int], **extra: Any) -> RawLog:
    return RawLog.model_validate(
        {
            "address": chain.EXCHANGE_V1,
            "topics": topics,
            "data": "0x" + b"".join(w.to_bytes(32, "big") for w in words).hex(),
            "blockNumber": "0x10",
            "transactionHash": "0x" + "ab" * 32,
            "logIndex": "0x3",
            **extra,
        }
    )


def test_v1_fills_derive_side_from_the_collateral_asset() -> None:
    order = "0x" + "11" * 32
    maker = "0x" + "00" * 12 + SIGNER.address[2:].lower()
    buy = decode_log(
        _log([ORDER_FILLED_V1, order, maker, maker], [0, 77, 5_000_000, 10_000_000, 0])
    )
    sell = decode_log(
        _log([ORDER_FILLED_V1, order, maker, maker], [77, 0, 10_000_000, 4_000_000, 9])
    )
    assert isinstance(buy, OrderFilled)
    assert isinstance(sell, OrderFilled)
    assert (buy.version, buy.side, buy.token_id, buy.shares, buy.collateral) == (
        1,
        "BUY",
        77,
        10_000_000,
        5_000_000,
    )
    assert (sell.side, sell.shares, sell.collateral, sell.fee) == ("SELL", 10_000_000, 4_000_000, 9)
    assert buy.position.block_number == 16
    assert buy.position.log_index == 3
    assert decode_log(_log(["0x" + "99" * 32], [])) is None


@pytest.mark.parametrize(
    ("topics", "words"),
    [
        ([ORDER_FILLED_V2, "0x" + "11" * 32, "0x" + "00" * 32, "0x" + "00" * 32], [0, 1, 2]),
        ([ORDER_FILLED_V2, "0x" + "11" * 32], [0, 1, 2, 3, 4, 5, 6]),
        ([ORDERS_MATCHED_V2, "0x" + "11" * 32, "0x" + "00" * 32], [7, 1, 2, 3]),
        ([ORDER_FILLED_V1, "0x" + "11" * 32, "0x" + "00" * 32, "0x" + "00" * 32], [5, 6, 1, 1, 0]),
    ],
)
def test_malformed_logs_are_typed_errors(topics: list[str], words: list[int]) -> None:
    with pytest.raises(MalformedResponseError):
        decode_log(_log(topics, words))


async def test_rpc_errors_are_typed() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        if body["method"] == "eth_getLogs":
            error = {"code": -32005, "message": "query returned more than 10000 results"}
            return httpx.Response(200, json={"jsonrpc": "2.0", "id": body["id"], "error": error})
        return httpx.Response(200, json={"jsonrpc": "2.0", "id": 999, "result": "0x1"})

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
        rpc = PolygonRpc(http, "https://rpc.test")
        with pytest.raises(MalformedResponseError, match="not a JSON-RPC answer"):
            await rpc.block_number()
        with pytest.raises(Exception, match="more than 10000 results"):
            await rpc.exchange_logs(1, 2)


def recorded_frames() -> list[tuple[str, str]]:
    names = [
        *(
            f"nautilus-trader/ws_messages/{n}.json"
            for n in (
                "book",
                "last_trade_price",
                "price_change",
                "price_change_v2",
                "tick_size_change",
            )
        ),
        *(
            f"nautilus-trader/test_data/ws_market_{n}_msg.json"
            for n in ("new_market", "resolved", "best_bid_ask")
        ),
    ]
    frames = [(name, (REAL / name).read_text()) for name in names if (REAL / name).is_file()]
    session = REAL / "kapi-hash-polymarket-analytics" / "session_1785130179.jsonl"
    if session.is_file():
        frames += [
            (f"{session.name}:{i}", line) for i, line in enumerate(session.read_text().splitlines())
        ]
    return frames


def test_recorded_market_channel_frames_parse() -> None:
    frames = recorded_frames()
    if not frames:
        pytest.skip("recorded websocket frames not present")
    for name, text in frames:
        events = parse_market_frame(text)
        assert events, name
        for event in events:
            if isinstance(event, PriceChangeEvent):
                assert event.price_changes, name
        with pytest.raises(MalformedResponseError):
            parse_market_frame(text.rstrip()[:-1])


def test_recorded_rtds_message_parses() -> None:
    path = REAL / "nautilus-trader" / "test_data" / "rtds_crypto_prices_update.json"
    if not path.is_file():
        pytest.skip("recorded RTDS message not present")
    [message] = parse_rtds_frame(path.read_text())
    assert message.topic == "crypto_prices"
    assert message.payload["value"] == Decimal("61035.86")


def test_frames_of_unknown_types_are_skipped_and_bad_known_ones_refused() -> None:
    assert parse_market_frame('[{"event_type": "something_new", "x": 1}]') == []
    with pytest.raises(MalformedResponseError, match="malformed book event"):
        parse_market_frame('{"event_type": "book", "asset_id": "1", "market": "0x", "bids": 3}')
    order = {
        "event_type": "order",
        "id": "0x1",
        "market": "0xc",
        "asset_id": "1",
        "side": "BUY",
        "original_size": "10",
        "size_matched": "0",
        "price": "0.5",
        "type": "PLACEMENT",
    }
    [event] = parse_user_frame(json.dumps(order))
    assert isinstance(event, OrderEvent)
    assert event.price == Decimal("0.5")
    with pytest.raises(MalformedResponseError):
        parse_user_frame(json.dumps({**order, "price": "half"}))
    with pytest.raises(MalformedResponseError, match="not JSON"):
        parse_user_frame("PONG")
