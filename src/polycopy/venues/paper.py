"""The paper venue: real books, simulated fills.

A signed order is never sent. Instead its fill is simulated against the venue's current book
the way the CLOB matches a marketable order: the limit price is implied by the signed amounts
(snapped to the tick), the opposite side is walked best level first, each level costs
``size × price`` rounded down, and the taker pays the market's fee rate ``× p × (1 − p)``.
A market (FOK/FAK) BUY spends its signed pUSD (makerAmount), as on the venue: asks cheaper
than its worst price give it more shares than its takerAmount (``market_buy_fills``).
So paper results are honest about slippage, depth and fees; only queue position and other
traders' reactions are missing. In sim mode the book is the emulator's; in paper mode it is
live Polymarket's.

A GTC/GTD order takes what is marketable now the same way; its rest *rests* here, at its
limit. Each later look-up (the resting-order round) reads the book again: when the opposite
side has crossed the limit, the rest fills against the crossing levels at the order's own
limit price, as a maker does, without a fee. Liquidity the order already took is not offered
to it again (the paper order never changes the real book, which still shows it). A GTD
order closes at its expiration, and a cancel closes it. Paper orders live in this process
only: after a restart a resting paper order is not found, and polycopy records it
cancelled.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from polycopy.kit.money import MICRO, round_half_even_div, to_micros
from polycopy.signals.types import TradeSide
from polycopy.venues.base import (
    CancelOutcome,
    OrderLookup,
    SettlementAction,
    SettlementResult,
    SignedOrder,
    SubmitOutcome,
    SubmitResult,
    VenueFill,
)
from polycopy.venues.polymarket.amounts import market_buy_fills
from polycopy.venues.polymarket.clob import ClobPublicClient
from polycopy.venues.polymarket.errors import OrderKilledError
from polycopy.venues.polymarket.models import BookLevel

FOK_NOT_FILLED = "order couldn't be fully filled. FOK orders are fully filled or killed."
FAK_NOT_FILLED = (
    "no orders found to match with FAK order. FAK orders are partially filled or killed if no "
    "match is found."
)
#: Named as the live venue's answer is (``PolymarketVenue``), so a kill reads the same.
KILLED = OrderKilledError.code


def implied_limit(collateral: int, shares: int, tick: int) -> int:
    """The price a signed order's amounts stand for, on the tick (as the CLOB reads them)."""
    return round_half_even_div(collateral * MICRO, shares * tick) * tick


def walk_book(
    levels: list[tuple[int, int]], side: TradeSide, limit: int, shares: int
) -> list[tuple[int, int]]:
    """(price, size) taken from ``levels`` (best first) up to ``shares`` within ``limit``."""
    taken = []
    left = shares
    for price, size in levels:
        if left == 0 or (side is TradeSide.BUY and price > limit):
            break
        if side is TradeSide.SELL and price < limit:
            break
        take = min(left, size)
        if take > 0:
            taken.append((price, take))
        left -= take
    return taken


def best_first(levels: list[BookLevel]) -> list[tuple[int, int]]:
    """A venue book side (best level last, decimals) as (price, size) micros, best first."""
    return [
        (to_micros(level.price, exact=False), to_micros(level.size, exact=False))
        for level in reversed(levels)
    ]


@dataclass(slots=True)
class _PaperOrder:
    token_id: str
    side: TradeSide
    limit: int
    resting: int  # shares still resting (0: closed)
    expiration: int  # unix seconds, 0: none
    fills: list[VenueFill] = field(default_factory=list)
    status: str = "matched"
    #: Shares this order took at each price: a later book still shows them until the
    #: venue's own book moves, so they are not offered to this order twice.
    taken: dict[int, int] = field(default_factory=dict)


class PaperVenue:
    """An ``ExecutionVenue`` that fills against the current book without sending anything."""

    def __init__(self, clob: ClobPublicClient, *, now: Callable[[], dt.datetime]) -> None:
        self._clob = clob
        self._now = now
        self._orders: dict[str, _PaperOrder] = {}

    async def submit(
        self, body: dict[str, Any], *, order_hash: str, side: TradeSide
    ) -> SubmitResult:
        if order_hash in self._orders:
            return SubmitResult(SubmitOutcome.REJECTED, error="INVALID_ORDER_DUPLICATED")
        order, order_type = body["order"], str(body.get("orderType", ""))
        if order_type not in ("FOK", "FAK", "GTC", "GTD"):
            return SubmitResult(SubmitOutcome.REJECTED, error=f"unknown order type {order_type}")
        token_id = str(order["tokenId"])
        maker, taker = int(order["makerAmount"]), int(order["takerAmount"])
        collateral, shares = (maker, taker) if side is TradeSide.BUY else (taker, maker)
        book = await self._clob.book(token_id)
        if book.tick_size is None:
            return SubmitResult(SubmitOutcome.RETRY, error="book without a tick size")
        limit = implied_limit(collateral, shares, to_micros(book.tick_size))
        opposite = best_first(book.asks if side is TradeSide.BUY else book.bids)
        if side is TradeSide.BUY and order_type in ("FOK", "FAK"):
            taken = market_buy_fills(opposite, limit, collateral)
            complete = sum(cost for *_, cost in taken) == collateral
        else:
            taken = [(p, q, q * p // MICRO) for p, q in walk_book(opposite, side, limit, shares)]
            complete = sum(size for _, size, _ in taken) == shares
        filled = sum(size for _, size, _ in taken)
        if order_type == "FOK" and not complete:
            return SubmitResult(SubmitOutcome.REJECTED, error=f"{KILLED}: {FOK_NOT_FILLED}")
        if filled == 0 and order_type == "FAK":
            return SubmitResult(SubmitOutcome.REJECTED, error=f"{KILLED}: {FAK_NOT_FILLED}")
        rests = order_type in ("GTC", "GTD") and filled < shares
        paper = _PaperOrder(
            token_id,
            side,
            limit,
            resting=shares - filled if rests else 0,
            expiration=int(order.get("expiration", 0)) if order_type == "GTD" else 0,
            status="live" if rests else "matched",
        )
        if taken:
            fee_bps = await self._clob.fee_rate_bps(token_id)
            paper.fills.append(self._fill(order_hash, paper, taken, fee_bps))
            paper.taken = {price: size for price, size, _ in taken}
        self._orders[order_hash] = paper
        return SubmitResult(SubmitOutcome.ACCEPTED, venue_status=paper.status, fills=paper.fills)

    def _fill(
        self, trade_id: str, order: _PaperOrder, taken: list[tuple[int, int, int]], fee_bps: int
    ) -> VenueFill:
        """One fill for ``taken`` (price, shares, pUSD cost) levels."""
        filled = sum(size for _, size, _ in taken)
        amount = sum(cost for *_, cost in taken)
        fee = sum(
            size * fee_bps * price * (MICRO - price) // (10_000 * MICRO * MICRO)
            for price, size, _ in taken
        )
        return VenueFill(
            venue_trade_id=trade_id,
            token_id=order.token_id,
            side=order.side,
            price_micros=amount * MICRO // filled,
            size_micros=filled,
            amount_micros=amount,
            fee_micros=fee,
            filled_at=self._now(),
        )

    async def submit_batch(self, orders: Sequence[SignedOrder]) -> list[SubmitResult]:
        """Each order filled in turn, as the CLOB matches a batch in order."""
        return [
            await self.submit(order.body, order_hash=order.order_hash, side=order.side)
            for order in orders
        ]

    async def lookup(self, order_hash: str, *, side: TradeSide) -> OrderLookup:
        """The order as it stands; a resting one is first matched against today's book."""
        order = self._orders.get(order_hash)
        if order is None:
            return OrderLookup(found=False)
        if order.resting:
            await self._match_resting(order_hash, order)
        return OrderLookup(
            found=True, venue_status=order.status, fills=list(order.fills), open=order.resting > 0
        )

    async def _match_resting(self, order_hash: str, order: _PaperOrder) -> None:
        """Expire a GTD order past its expiration; else fill what the book now crosses, at
        the order's own limit (a maker's price, no fee)."""
        if order.expiration and self._now().timestamp() >= order.expiration:
            order.resting, order.status = 0, "canceled"
            return
        book = await self._clob.book(order.token_id)
        opposite = book.asks if order.side is TradeSide.BUY else book.bids
        levels = [(price, size - order.taken.get(price, 0)) for price, size in best_first(opposite)]
        crossing = walk_book(levels, order.side, order.limit, order.resting)
        size = sum(taken for _, taken in crossing)
        if size == 0:
            return
        for price, taken in crossing:
            order.taken[price] = order.taken.get(price, 0) + taken
        trade_id = f"{order_hash}:{len(order.fills) + 1}"
        maker = (order.limit, size, size * order.limit // MICRO)
        order.fills.append(self._fill(trade_id, order, [maker], 0))
        order.resting -= size
        if order.resting == 0:
            order.status = "matched"

    async def cancel(self, order_hashes: Sequence[str]) -> CancelOutcome:
        outcome = CancelOutcome()
        for order_hash in dict.fromkeys(order_hashes):
            order = self._orders.get(order_hash)
            if order is None or not order.resting:
                outcome.not_canceled[order_hash] = "order not found or not live"
                continue
            order.resting, order.status = 0, "canceled"
            outcome.canceled.append(order_hash)
        return outcome

    async def heartbeat(self, heartbeat_id: str) -> str:
        """Paper orders rest in this process: nothing lapses without heartbeats."""
        return heartbeat_id

    async def open_orders(self) -> dict[str, int]:
        """Resting paper orders, each first matched against today's book."""
        listed = {}
        for order_hash, order in list(self._orders.items()):
            if order.resting:
                await self._match_resting(order_hash, order)
            if order.resting:
                listed[order_hash] = sum(fill.size_micros for fill in order.fills)
        return listed

    async def settle(
        self,
        action: SettlementAction,
        condition_id: str,
        *,
        neg_risk: bool,
        shares_micros: int = 0,
    ) -> SettlementResult:
        """Paper positions exist only as lots: the settlement is bookkeeping, always done."""
        return SettlementResult(SubmitOutcome.ACCEPTED)
