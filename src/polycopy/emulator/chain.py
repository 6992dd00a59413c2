"""A Polygon stand-in: blocks carrying the CTF Exchange V2 logs of the emulator's trades.

Every block includes the transactions matched since the previous one. A transaction is one
order execution (one ``matchOrders`` call: a taker order against one or more makers) and
keeps the hash the Data API shows for it. Its logs are what the V2 exchange emits: one
``OrderFilled`` per maker order, then one for the taker order, then ``OrdersMatched``
(reference §6.2). Amounts are gross (the taker's fee is in ``fee``). Orders in the state do
not keep their signed ``builder``/``metadata``, so both are zero in the logs.

``reorg(depth)`` replaces the last blocks: subscribers get their logs again with
``removed: true``, then the same transactions are mined into new blocks (new hashes, same
transaction hashes and log positions), or, with ``requeue``, wait in the pending pool for the
next block. Mining and reorgs publish ``TradeStatusChanged``
(MINED, then CONFIRMED ``confirmations`` blocks later) for the user channel.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeAlias

from polycopy.emulator.events import Event, EventBus, OrderPlaced, TradeStatus, TradeStatusChanged
from polycopy.emulator.state import EmulatorState, Trade
from polycopy.venues.polymarket.amounts import Side
from polycopy.venues.polymarket.signing import EXCHANGE_V2, NEG_RISK_EXCHANGE_V2, keccak256

log = logging.getLogger(__name__)

CHAIN_ID = 137
ORDER_FILLED_SIGNATURE = (
    "OrderFilled(bytes32,address,address,uint8,uint256,uint256,uint256,uint256,bytes32,bytes32)"
)
ORDERS_MATCHED_SIGNATURE = "OrdersMatched(bytes32,address,uint8,uint256,uint256,uint256)"
ORDER_FILLED_TOPIC = "0x" + keccak256(ORDER_FILLED_SIGNATURE.encode()).hex()
ORDERS_MATCHED_TOPIC = "0x" + keccak256(ORDERS_MATCHED_SIGNATURE.encode()).hex()
# The values published in the reference (§6.2); a typo in a signature above must not ship.
if ORDER_FILLED_TOPIC != "0xd543adfd945773f1a62f74f0ee55a5e3b9b1a28262980ba90b1a89f2ea84d8ee":
    raise RuntimeError(f"OrderFilled topic0 mismatch: {ORDER_FILLED_TOPIC}")
if ORDERS_MATCHED_TOPIC != "0x174b3811690657c217184f89418266767c87e4805d09680c39fc9c031c0cab7c":
    raise RuntimeError(f"OrdersMatched topic0 mismatch: {ORDERS_MATCHED_TOPIC}")

ZERO_HASH = "0x" + "00" * 32
#: The operator account that submits ``matchOrders`` (the ``from`` of every transaction).
OPERATOR = "0x" + keccak256(b"polycopy-emulator:operator")[-20:].hex()
_ADDRESS_RE = re.compile(r"0x[0-9a-f]{40}")
_BYTES32_RE = re.compile(r"0x[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class Log:
    """One event log with its position in the chain (addresses and hex lower-case)."""

    address: str
    topics: tuple[str, ...]
    data: str
    block_number: int
    block_hash: str
    block_timestamp: int
    transaction_hash: str
    transaction_index: int
    log_index: int

    def to_json(self, *, removed: bool = False) -> dict[str, object]:
        return {
            "address": self.address,
            "topics": list(self.topics),
            "data": self.data,
            "blockNumber": hex(self.block_number),
            "blockHash": self.block_hash,
            "blockTimestamp": hex(self.block_timestamp),
            "transactionHash": self.transaction_hash,
            "transactionIndex": hex(self.transaction_index),
            "logIndex": hex(self.log_index),
            "removed": removed,
        }


Match: TypeAlias = tuple[Trade, ...]
"""The fills of one order execution: one transaction, one taker order."""


@dataclass(frozen=True, slots=True)
class Block:
    number: int
    hash: str
    parent_hash: str
    timestamp: int
    matches: tuple[Match, ...]
    logs: tuple[Log, ...]
    bloom: str

    @property
    def transactions(self) -> tuple[str, ...]:
        return tuple(match[0].transaction_hash for match in self.matches)

    def header(self) -> dict[str, object]:
        """The block as ``newHeads`` and ``eth_getBlockByNumber`` show it (no transactions)."""
        return {
            "number": hex(self.number),
            "hash": self.hash,
            "parentHash": self.parent_hash,
            "timestamp": hex(self.timestamp),
            "nonce": "0x0000000000000000",
            "mixHash": ZERO_HASH,
            "sha3Uncles": "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347",
            "logsBloom": self.bloom,
            "transactionsRoot": _root(self.transactions),
            "receiptsRoot": _root(log.data for log in self.logs),
            "stateRoot": _root((self.hash,)),
            "miner": "0x" + "00" * 20,
            "difficulty": "0x1",
            "extraData": "0x",
            "gasLimit": hex(30_000_000),
            "gasUsed": hex(200_000 * len(self.matches)),
            "baseFeePerGas": hex(30_000_000_000),
        }


@dataclass(frozen=True, slots=True)
class NewHead:
    block: Block


@dataclass(frozen=True, slots=True)
class LogsRemoved:
    """Logs of blocks a reorg dropped, in the order they had been delivered."""

    logs: tuple[Log, ...]


ChainEvent: TypeAlias = NewHead | LogsRemoved


class Chain:
    """Blocks, pending transactions and the listeners that follow the head."""

    def __init__(
        self,
        state: EmulatorState,
        bus: EventBus,
        *,
        confirmations: int = 2,
        genesis_number: int = 0,
    ) -> None:
        if confirmations < 0:
            raise ValueError("confirmations must be >= 0")
        self.state = state
        self.bus = bus
        self.confirmations = confirmations
        self.listeners: list[Callable[[ChainEvent], None]] = []
        self._pending: list[Match] = []
        self._fork = 0
        self._confirmed: set[str] = set()
        genesis_parent = "0x" + keccak256(f"polycopy-genesis:{state.seed}".encode()).hex()
        genesis = self._build(genesis_number, genesis_parent, (), not_before=0)
        self.blocks: list[Block] = [genesis]
        self._by_hash: dict[str, Block] = {genesis.hash: genesis}
        self._tx_block: dict[str, Block] = {}

    # --- reading --------------------------------------------------------------------------

    @property
    def head(self) -> Block:
        return self.blocks[-1]

    @property
    def genesis(self) -> Block:
        return self.blocks[0]

    @property
    def pending(self) -> tuple[Match, ...]:
        return tuple(self._pending)

    def block(self, number: int) -> Block | None:
        index = number - self.genesis.number
        return self.blocks[index] if 0 <= index < len(self.blocks) else None

    def block_by_hash(self, block_hash: str) -> Block | None:
        return self._by_hash.get(block_hash.lower())

    def block_of_transaction(self, tx_hash: str) -> Block | None:
        return self._tx_block.get(tx_hash.lower())

    def trade_status(self, trade: Trade) -> TradeStatus:
        """Where ``trade`` stands on this chain (for REST views that report trade status)."""
        if trade.trade_id in self._confirmed:
            return TradeStatus.CONFIRMED
        if trade.transaction_hash.lower() in self._tx_block:
            return TradeStatus.MINED
        return TradeStatus.MATCHED

    def logs_between(self, first: int, last: int) -> list[Log]:
        """Every log of blocks ``first..last`` (inclusive, clamped to the chain)."""
        start = max(first, self.genesis.number) - self.genesis.number
        stop = min(last, self.head.number) - self.genesis.number + 1
        return [log for block in self.blocks[start:stop] for log in block.logs]

    # --- following the state --------------------------------------------------------------

    def on_event(self, event: Event) -> None:
        if isinstance(event, OrderPlaced) and event.placement.trades:
            self._pending.append(event.placement.trades)

    async def run_miner(self, block_time: float) -> None:
        """Mine a block every ``block_time`` emulated seconds, empty or not, like Polygon."""
        while True:
            await asyncio.sleep(block_time / self.state.time_factor)
            try:
                self.mine_block()
            except Exception:
                log.exception("emulator chain failed to mine a block")

    # --- writing --------------------------------------------------------------------------

    def mine_block(self, *, empty: bool = False) -> Block:
        """Mine every transaction matched since the previous block into a new head; ``empty``
        leaves them pending for a later block (a validator that did not include them)."""
        if empty:
            block = self._build_next(())
            self._append(block)
            return block
        matches, self._pending = tuple(self._pending), []
        block = self._build_next(matches)
        self._append(block)
        return block

    def reorg(self, depth: int, *, requeue: bool = False) -> list[Block]:
        """Drop the last ``depth`` blocks and mine their transactions again; returns the dropped.

        With ``requeue`` the new blocks are empty and the dropped transactions go back to the
        front of the pending pool (mined by the next ``mine_block``), so for a while their
        logs are in no canonical block.
        """
        if not 1 <= depth < len(self.blocks):
            raise ValueError(f"reorg depth must be between 1 and {len(self.blocks) - 1}")
        dropped = self.blocks[-depth:]
        del self.blocks[-depth:]
        self._fork += 1
        for block in dropped:
            self._by_hash.pop(block.hash, None)
            for match in block.matches:
                self._tx_block.pop(match[0].transaction_hash, None)
                self._confirmed.difference_update(t.trade_id for t in match)
        removed = tuple(log for block in dropped for log in block.logs)
        self._notify(LogsRemoved(removed))
        if requeue:
            self._pending[:0] = [match for block in dropped for match in block.matches]
        for block in dropped:
            self._append(self._build_next(() if requeue else block.matches))
        return dropped

    def _append(self, block: Block) -> None:
        self.blocks.append(block)
        self._by_hash[block.hash] = block
        for match in block.matches:
            self._tx_block[match[0].transaction_hash] = block
        self._notify(NewHead(block))
        for match in block.matches:
            for trade in match:
                self._status(trade, TradeStatus.MINED, block)
        final = self.block(block.number - self.confirmations)
        if final is not None:
            for match in final.matches:
                for trade in match:
                    if trade.trade_id not in self._confirmed:
                        self._confirmed.add(trade.trade_id)
                        self._status(trade, TradeStatus.CONFIRMED, final)

    def _status(self, trade: Trade, status: TradeStatus, block: Block) -> None:
        self.bus.publish(TradeStatusChanged(trade, status, block.number, block.hash))

    def _notify(self, event: ChainEvent) -> None:
        for listener in tuple(self.listeners):
            try:
                listener(event)
            except Exception:
                log.exception("emulator chain listener failed")

    def _build_next(self, matches: tuple[Match, ...]) -> Block:
        head = self.head
        return self._build(head.number + 1, head.hash, matches, not_before=head.timestamp)

    def _build(
        self, number: int, parent_hash: str, matches: tuple[Match, ...], *, not_before: int
    ) -> Block:
        timestamp = max(int(self.state.now()), not_before)
        seal = b"".join(
            (
                bytes.fromhex(parent_hash[2:]),
                number.to_bytes(32, "big"),
                timestamp.to_bytes(32, "big"),
                self._fork.to_bytes(32, "big"),
                *(_bytes32(m[0].transaction_hash) for m in matches),
            )
        )
        block_hash = "0x" + keccak256(seal).hex()
        logs: list[Log] = []
        for tx_index, match in enumerate(matches):
            for address, topics, data in match_logs(match):
                logs.append(
                    Log(
                        address=address,
                        topics=topics,
                        data=data,
                        block_number=number,
                        block_hash=block_hash,
                        block_timestamp=timestamp,
                        transaction_hash=match[0].transaction_hash.lower(),
                        transaction_index=tx_index,
                        log_index=len(logs),
                    )
                )
        return Block(
            number=number,
            hash=block_hash,
            parent_hash=parent_hash,
            timestamp=timestamp,
            matches=matches,
            logs=tuple(logs),
            bloom=logs_bloom(logs),
        )


def exchange_for(trade: Trade) -> str:
    """Lower-case address of the exchange that settles ``trade``'s market."""
    return (NEG_RISK_EXCHANGE_V2 if trade.market.neg_risk else EXCHANGE_V2).lower()


def match_logs(match: Match) -> list[tuple[str, tuple[str, ...], str]]:
    """(address, topics, data) of every log one ``matchOrders`` transaction emits.

    One ``OrderFilled`` per maker order (taker topic = the taker order's maker), then one
    for the taker order (taker topic = the only maker's wallet, or the exchange when several
    makers filled it), then ``OrdersMatched``. BUY orders give collateral and take shares.
    """
    first = match[0]
    taker = first.taker_order
    exchange = exchange_for(first)
    entries: list[tuple[str, tuple[str, ...], str]] = []
    total_cost = total_size = total_fee = 0
    for trade in match:
        cost = trade.cost
        maker = trade.maker_order
        entries.append(
            _order_filled(
                exchange,
                maker.order_id,
                maker.maker,
                taker.maker,
                maker.side,
                trade.token_id,
                cost,
                trade.size,
                fee=0,
            )
        )
        total_cost += cost
        total_size += trade.size
        total_fee += trade.fee
    counterparty = first.maker_order.maker if len(match) == 1 else exchange
    entries.append(
        _order_filled(
            exchange,
            taker.order_id,
            taker.maker,
            counterparty,
            taker.side,
            first.token_id,
            total_cost,
            total_size,
            fee=total_fee,
        )
    )
    making, taking = _amounts(taker.side, total_cost, total_size)
    entries.append(
        (
            exchange,
            (ORDERS_MATCHED_TOPIC, _bytes32_hex(taker.order_id), _address_topic(taker.maker)),
            _words(int(taker.side), first.token_id, making, taking),
        )
    )
    return entries


def _order_filled(
    exchange: str,
    order_id: str,
    maker: str,
    taker: str,
    side: Side,
    token_id: int,
    cost: int,
    size: int,
    *,
    fee: int,
) -> tuple[str, tuple[str, ...], str]:
    making, taking = _amounts(side, cost, size)
    topics = (
        ORDER_FILLED_TOPIC,
        _bytes32_hex(order_id),
        _address_topic(maker),
        _address_topic(taker),
    )
    # builder and metadata (bytes32) are zero: the state does not keep the signed values.
    return exchange, topics, _words(int(side), token_id, making, taking, fee, 0, 0)


def _amounts(side: Side, cost: int, size: int) -> tuple[int, int]:
    """(makerAmountFilled, takerAmountFilled): a BUY gives collateral for shares."""
    return (cost, size) if side is Side.BUY else (size, cost)


def _words(*values: int) -> str:
    """ABI encoding of static values: one 32-byte big-endian word each."""
    return "0x" + b"".join(v.to_bytes(32, "big") for v in values).hex()


def _bytes32(value: str) -> bytes:
    """A 0x + 64 hex id as bytes; anything else (a replayed id) is hashed to 32 bytes."""
    lowered = value.lower()
    if _BYTES32_RE.fullmatch(lowered):
        return bytes.fromhex(lowered[2:])
    return keccak256(value.encode())


def _bytes32_hex(value: str) -> str:
    return "0x" + _bytes32(value).hex()


def _address_topic(address: str) -> str:
    lowered = address.lower()
    if not _ADDRESS_RE.fullmatch(lowered):
        lowered = "0x" + keccak256(address.encode())[-20:].hex()
    return "0x" + "00" * 12 + lowered[2:]


def logs_bloom(logs: Iterable[Log]) -> str:
    """The 2048-bit logs bloom over every log's address and topics (yellow paper 4.3.1)."""
    bloom = 0
    for entry in logs:
        for item in (
            bytes.fromhex(entry.address[2:]),
            *(bytes.fromhex(t[2:]) for t in entry.topics),
        ):
            digest = keccak256(item)
            for i in (0, 2, 4):
                bloom |= 1 << (int.from_bytes(digest[i : i + 2], "big") & 2047)
    return "0x" + bloom.to_bytes(256, "big").hex()


def _root(items: Iterable[str]) -> str:
    """A stand-in trie root: a hash over the items (nothing verifies it against a trie)."""
    return "0x" + keccak256("|".join(items).encode()).hex()
