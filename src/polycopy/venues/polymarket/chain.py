"""Polygon JSON-RPC: exchange event logs, decoded into typed fills.

The authoritative record of a leader's trades is the ``OrderFilled`` logs of the CTF
exchanges (V2 since 2026-04-28; V1 logs for older history). ``PolygonRpc.exchange_logs``
pages ``eth_getLogs`` in ranges nodes accept; ``ChainLogFeed`` follows new logs live over
``eth_subscribe`` and reads the blocks it missed while disconnected; ``decode_log`` turns
each log into an ``OrderFilled`` / ``OrdersMatched`` record with integer base-unit amounts.
"""

from __future__ import annotations

import collections
import itertools
import json
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import httpx
import structlog
from pydantic import Field

from polycopy.venues.polymarket.auth import serialize_body
from polycopy.venues.polymarket.errors import InvalidRequestError, MalformedResponseError
from polycopy.venues.polymarket.http import VenueHttp, parse
from polycopy.venues.polymarket.models import VenueModel
from polycopy.venues.polymarket.ratelimit import Rate, RateLimiter, RateLimitPolicy
from polycopy.venues.polymarket.signing import (
    EXCHANGE_V2,
    NEG_RISK_EXCHANGE_V2,
    checksum_address,
    keccak256,
)
from polycopy.venues.polymarket.streams import WebsocketFeed

EXCHANGE_V1 = "0x4bFb41d5B3570DeFd03C39a9A4D8dE6Bd8B8982E"
NEG_RISK_EXCHANGE_V1 = "0xC5d563A36AE78145C45a50134d48A1215220f80a"


def topic0(signature: str) -> str:
    return "0x" + keccak256(signature.encode()).hex()


ORDER_FILLED_V2 = topic0(
    "OrderFilled(bytes32,address,address,uint8,uint256,uint256,uint256,uint256,bytes32,bytes32)"
)
ORDERS_MATCHED_V2 = topic0("OrdersMatched(bytes32,address,uint8,uint256,uint256,uint256)")
ORDER_FILLED_V1 = topic0(
    "OrderFilled(bytes32,address,address,uint256,uint256,uint256,uint256,uint256)"
)
ORDERS_MATCHED_V1 = topic0("OrdersMatched(bytes32,address,uint256,uint256,uint256,uint256)")

#: ``balanceOf(address)``'s selector (hex, no 0x): an ERC-20 balance, such as pUSD cash.
BALANCE_OF = keccak256(b"balanceOf(address)")[:4].hex()

#: Public nodes refuse wide ``eth_getLogs`` ranges; pages stay below this many blocks.
MAX_LOG_RANGE = 1000
log = structlog.get_logger(__name__)
RPC_LIMITS = RateLimitPolicy(name="rpc", general=(Rate(250, 10),))


class RawLog(VenueModel):
    address: str
    topics: list[str]
    data: str
    block_number: str = Field(alias="blockNumber")
    transaction_hash: str = Field(alias="transactionHash")
    log_index: str = Field(alias="logIndex")
    removed: bool = False
    #: Not in the JSON-RPC spec, but geth >= 1.14, Erigon and the emulator include it.
    block_timestamp: str | None = Field(default=None, alias="blockTimestamp")


@dataclass(frozen=True, slots=True)
class LogPosition:
    exchange: str
    block_number: int
    transaction_hash: str
    log_index: int
    removed: bool
    block_timestamp: int | None = None


@dataclass(frozen=True, slots=True)
class OrderFilled:
    """One order's fill in one match. ``side`` is the order's side; a BUY makes collateral
    and takes shares. V1 logs derive ``side`` and ``token_id`` from the asset ids."""

    version: Literal[1, 2]
    order_hash: str
    maker: str  # the order's maker: funder / proxy wallet
    taker: str  # the counterparty order's maker, or the exchange for a multi-maker taker
    side: Literal["BUY", "SELL"]
    token_id: int
    maker_amount_filled: int
    taker_amount_filled: int
    fee: int
    position: LogPosition

    @property
    def shares(self) -> int:
        return self.taker_amount_filled if self.side == "BUY" else self.maker_amount_filled

    @property
    def collateral(self) -> int:
        return self.maker_amount_filled if self.side == "BUY" else self.taker_amount_filled


@dataclass(frozen=True, slots=True)
class OrdersMatched:
    """The taker order of one match (emitted once per match)."""

    version: Literal[1, 2]
    taker_order_hash: str
    taker_order_maker: str
    side: Literal["BUY", "SELL"]
    token_id: int
    maker_amount_filled: int
    taker_amount_filled: int
    position: LogPosition


ExchangeEvent = OrderFilled | OrdersMatched


@dataclass(frozen=True, slots=True)
class ChainHead:
    """A new head, after the logs of every earlier block were passed on (a safe cursor)."""

    number: int


def _words(data: str, count: int) -> list[int]:
    raw = bytes.fromhex(data[2:]) if data[:2] == "0x" else b""
    if len(raw) != 32 * count:
        raise MalformedResponseError(f"log data holds {len(raw)} bytes, expected {32 * count}")
    return [int.from_bytes(raw[i : i + 32], "big") for i in range(0, len(raw), 32)]


def _address(topic: str) -> str:
    return checksum_address("0x" + topic[-40:])


def _side(value: int) -> Literal["BUY", "SELL"]:
    if value not in (0, 1):
        raise MalformedResponseError(f"order side must be 0 or 1, got {value}")
    return "BUY" if value == 0 else "SELL"


def decode_log(raw: RawLog) -> ExchangeEvent | None:
    """The exchange event of a log, or None for a log of another kind."""
    if not raw.topics:
        return None
    try:
        position = LogPosition(
            exchange=checksum_address(raw.address),
            block_number=int(raw.block_number, 16),
            transaction_hash=raw.transaction_hash.lower(),
            log_index=int(raw.log_index, 16),
            removed=raw.removed,
            block_timestamp=int(raw.block_timestamp, 16) if raw.block_timestamp else None,
        )
        kind = raw.topics[0].lower()
        if kind == ORDER_FILLED_V2:
            side, token, making, taking, fee, _builder, _metadata = _words(raw.data, 7)
            return OrderFilled(
                2,
                raw.topics[1].lower(),
                _address(raw.topics[2]),
                _address(raw.topics[3]),
                _side(side),
                token,
                making,
                taking,
                fee,
                position,
            )
        if kind == ORDERS_MATCHED_V2:
            side, token, making, taking = _words(raw.data, 4)
            return OrdersMatched(
                2,
                raw.topics[1].lower(),
                _address(raw.topics[2]),
                _side(side),
                token,
                making,
                taking,
                position,
            )
        if kind == ORDER_FILLED_V1:
            maker_asset, taker_asset, making, taking, fee = _words(raw.data, 5)
            side_v1, token_v1 = _v1_side(maker_asset, taker_asset)
            return OrderFilled(
                1,
                raw.topics[1].lower(),
                _address(raw.topics[2]),
                _address(raw.topics[3]),
                side_v1,
                token_v1,
                making,
                taking,
                fee,
                position,
            )
        if kind == ORDERS_MATCHED_V1:
            maker_asset, taker_asset, making, taking = _words(raw.data, 4)
            side_v1, token_v1 = _v1_side(maker_asset, taker_asset)
            return OrdersMatched(
                1,
                raw.topics[1].lower(),
                _address(raw.topics[2]),
                side_v1,
                token_v1,
                making,
                taking,
                position,
            )
    except (IndexError, ValueError) as exc:
        raise MalformedResponseError(f"malformed exchange log: {exc}") from None
    return None


def _v1_side(maker_asset: int, taker_asset: int) -> tuple[Literal["BUY", "SELL"], int]:
    """V1: the collateral side has asset id 0; paying collateral means buying."""
    if maker_asset == 0:
        return "BUY", taker_asset
    if taker_asset == 0:
        return "SELL", maker_asset
    raise MalformedResponseError("V1 fill without a collateral side")


class PolygonRpc:
    """A Polygon node over JSON-RPC (HTTP)."""

    def __init__(
        self, http: httpx.AsyncClient, url: str, *, limiter: RateLimiter | None = None
    ) -> None:
        self._api = VenueHttp(http, url, RPC_LIMITS, limiter=limiter)
        self._ids = itertools.count(1)

    async def call(self, method: str, params: list[Any]) -> Any:
        request_id = next(self._ids)
        body = serialize_body(
            {"jsonrpc": "2.0", "id": request_id, "method": method, "params": params}
        )
        answer = await self._api.request("POST", "", body=body, idempotent=True)
        if not isinstance(answer, dict) or answer.get("id") != request_id:
            raise MalformedResponseError(f"{method}: not a JSON-RPC answer to this request")
        if "error" in answer:
            error = answer["error"] if isinstance(answer["error"], dict) else {}
            raise InvalidRequestError(f"{method}: {error.get('message', answer['error'])}")
        if "result" not in answer:
            raise MalformedResponseError(f"{method}: answer has neither result nor error")
        return answer["result"]

    async def block_number(self) -> int:
        result = await self.call("eth_blockNumber", [])
        if not isinstance(result, str) or not result.startswith("0x"):
            raise MalformedResponseError(f"eth_blockNumber: not a quantity: {result!r}")
        return int(result, 16)

    async def erc20_balance(self, token: str, wallet: str) -> int:
        """``wallet``'s balance of the ERC-20 ``token`` at the latest block, in base units
        (micro-units for pUSD)."""
        word = checksum_address(wallet)[2:].lower().rjust(64, "0")
        result = await self.call(
            "eth_call", [{"to": token.lower(), "data": "0x" + BALANCE_OF + word}, "latest"]
        )
        if not isinstance(result, str) or not result.startswith("0x") or len(result) != 66:
            raise MalformedResponseError(f"balanceOf: not a uint256 word: {result!r}")
        return int(result, 16)

    async def exchange_logs(
        self,
        from_block: int,
        to_block: int,
        *,
        makers: Sequence[str] | None = None,
        exchanges: tuple[str, ...] = (EXCHANGE_V2, NEG_RISK_EXCHANGE_V2),
        topics: tuple[str, ...] = (ORDER_FILLED_V2, ORDERS_MATCHED_V2),
        page: int = MAX_LOG_RANGE,
    ) -> list[ExchangeEvent]:
        """Decoded exchange events in ``[from_block, to_block]``, oldest first.

        ``makers`` narrows to fills of those wallets' own orders (topic 2 is the order's
        maker for both events), which is how a leader is followed without double counting.
        """
        events: list[ExchangeEvent] = []
        for start in range(from_block, to_block + 1, page):
            end = min(to_block, start + page - 1)
            query = {
                "fromBlock": hex(start),
                "toBlock": hex(end),
                **log_filter(makers, exchanges, topics),
            }
            result = await self.call("eth_getLogs", [query])
            if not isinstance(result, list):
                raise MalformedResponseError("eth_getLogs: result is not a list")
            for item in result:
                event = decode_log(parse(RawLog, item, what="log"))
                if event is not None:
                    events.append(event)
        return events


def log_filter(
    makers: Sequence[str] | None, exchanges: Sequence[str], topics: Sequence[str]
) -> dict[str, Any]:
    """``address`` and ``topics`` of a log query: these events, of these orders' makers."""
    maker_topics = (
        ["0x" + "00" * 12 + checksum_address(m)[2:].lower() for m in makers] if makers else None
    )
    return {"address": [e.lower() for e in exchanges], "topics": [list(topics), None, maker_topics]}


class ChainLogFeed(WebsocketFeed):
    """Exchange events as they are mined, over ``eth_subscribe`` (websocket JSON-RPC).

    New heads are subscribed too: on Polygon one arrives every ~2 s, so a silent socket is
    known to be dead. After every (re)connect, the first head triggers an ``eth_getLogs``
    read of the blocks since the last one seen (or since ``from_block``), so a disconnect
    loses nothing; overlaps are dropped by (transaction, log index, removed). Logs removed
    by a reorganisation are passed on with ``position.removed`` set, and the same log mined
    again later is passed on again. ``backfilling`` is true while the events being yielded
    come from such a catch-up read; with ``heads=True`` every head is yielded too.
    """

    ping_text = None
    pong_text = None

    def __init__(
        self,
        url: str,
        rpc: PolygonRpc,
        *,
        makers: Sequence[str] | None = None,
        exchanges: tuple[str, ...] = (EXCHANGE_V2, NEG_RISK_EXCHANGE_V2),
        topics: tuple[str, ...] = (ORDER_FILLED_V2, ORDERS_MATCHED_V2),
        from_block: int | None = None,
        heads: bool = False,
        ping_interval: float = 10.0,
        stale_after: float = 30.0,
        **kwargs: Any,
    ) -> None:
        super().__init__(url, ping_interval=ping_interval, stale_after=stale_after, **kwargs)
        self._rpc = rpc
        self._makers = list(makers) if makers else None
        self._exchanges = exchanges
        self._topics = topics
        self._next_block = from_block
        self._seen: collections.OrderedDict[tuple[str, int, bool], None] = collections.OrderedDict()
        self._pending: dict[int, str] = {}
        self._backfill_due = False
        self._yield_heads = heads
        self.backfilling = False
        self.head: int | None = None

    @property
    def makers(self) -> list[str] | None:
        return self._makers

    async def set_makers(self, makers: Sequence[str]) -> None:
        """Follow other wallets: resubscribe on a fresh socket; the catch-up read from the
        last head covers the moment in between."""
        self._makers = list(makers) or None
        if self._socket is not None:
            await self._socket.close()

    def subscribe_frames(self) -> list[str]:
        self._pending = {1: "heads", 2: "logs"}
        self._backfill_due = self._next_block is not None
        filters = log_filter(self._makers, self._exchanges, self._topics)
        return [
            json.dumps(
                {"jsonrpc": "2.0", "id": 1, "method": "eth_subscribe", "params": ["newHeads"]}
            ),
            json.dumps(
                {"jsonrpc": "2.0", "id": 2, "method": "eth_subscribe", "params": ["logs", filters]}
            ),
        ]

    async def events(self) -> AsyncIterator[ExchangeEvent | ChainHead]:
        heads = logs = ""
        async for text in self.frames():
            try:
                message = json.loads(text)
            except ValueError:
                self.stats.malformed_frames += 1
                continue
            if not isinstance(message, dict):
                continue
            if message.get("id") in self._pending:
                kind = self._pending.pop(message["id"])
                if "result" not in message:
                    raise MalformedResponseError(f"eth_subscribe {kind} refused: {message}")
                if kind == "heads":
                    heads = str(message["result"])
                else:
                    logs = str(message["result"])
                continue
            params = message.get("params")
            if message.get("method") != "eth_subscription" or not isinstance(params, dict):
                continue
            result = params.get("result")
            if params.get("subscription") == heads and isinstance(result, dict):
                async for missed in self._on_head(result):
                    yield missed
                if self._yield_heads and self.head is not None:
                    yield ChainHead(self.head)
            elif params.get("subscription") == logs:
                try:
                    live = decode_log(parse(RawLog, result, what="log"))
                except MalformedResponseError as exc:
                    self.stats.malformed_frames += 1
                    log.warning("feed.malformed_frame", url=self.url, error=str(exc))
                    continue
                if live is not None and self._first_time(live):
                    yield live

    async def _on_head(self, header: dict[str, Any]) -> AsyncIterator[ExchangeEvent]:
        try:
            number = int(str(header.get("number")), 16)
        except ValueError:
            self.stats.malformed_frames += 1
            return
        self.head = number
        if self._backfill_due and self._next_block is not None:
            self._backfill_due = False
            missed = await self._rpc.exchange_logs(
                self._next_block,
                number,
                makers=self._makers,
                exchanges=self._exchanges,
                topics=self._topics,
            )
            self.backfilling = True
            try:
                for event in missed:
                    if self._first_time(event):
                        yield event
            finally:
                self.backfilling = False
        self._next_block = number  # re-read on resume: its logs may not all have arrived

    def _first_time(self, event: ExchangeEvent) -> bool:
        position = event.position
        key = (position.transaction_hash, position.log_index, position.removed)
        if key in self._seen:
            return False
        self._seen[key] = None
        # A removed log may be mined again: let its next live sighting through.
        self._seen.pop((key[0], key[1], not key[2]), None)
        if len(self._seen) > 50_000:
            self._seen.popitem(last=False)
        return True
