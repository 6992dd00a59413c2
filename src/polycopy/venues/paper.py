"""The paper venue: real books, simulated fills.

A signed order is never sent. Instead its fill is simulated against the venue's current book
the way the CLOB matches a marketable order: the limit price is implied by the signed amounts
(snapped to the tick), the opposite side is walked best level first, each level costs
``size × price`` rounded down, and the taker pays the market's fee rate ``× p × (1 − p)``.
So paper results are honest about slippage, depth and fees; only queue position and other
traders' reactions are missing. In sim mode the book is the emulator's; in paper mode it is
live Polymarket's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from polycopy.kit.money import MICRO, round_half_even_div, to_micros
from polycopy.signals.types import TradeSide
from polycopy.venues.base import (
    OrderLookup,
    SettlementAction,
    SettlementResult,
    SignedOrder,
    SubmitOutcome,
    SubmitResult,
    VenueFill,
)
from polycopy.venues.polymarket.clob import ClobPublicClient
from polycopy.venues.polymarket.models import BookLevel

FOK_NOT_FILLED = "order couldn't be fully filled. FOK orders are fully filled or killed."
FAK_NOT_FILLED = (
    "no orders found to match with FAK order. FAK orders are partially filled or killed if no "
    "match is found."
)


def implied_limit(collateral: int, shares: int, tick: int) -> int:
    """The price a signed order's amounts stand for, on the tick (as the CLOB reads them)."""
    return round_half_even_div(collateral * MICRO, shares * tick) * tick


def walk_book(
    levels: list[BookLevel], side: TradeSide, limit: int, shares: int
) -> list[tuple[int, int]]:
    """(price, size) taken from ``levels`` (best first) up to ``shares`` within ``limit``."""
    taken = []
    left = shares
    for level in levels:
        price, size = to_micros(level.price, exact=False), to_micros(level.size, exact=False)
        if left == 0 or (side is TradeSide.BUY and price > limit):
            break
        if side is TradeSide.SELL and price < limit:
            break
        take = min(left, size)
        taken.append((price, take))
        left -= take
    return taken


class PaperVenue:
    """An ``ExecutionVenue`` that fills against the current book without sending anything."""

    def __init__(self, clob: ClobPublicClient, *, now: Callable[[], dt.datetime]) -> None:
        self._clob = clob
        self._now = now
        self._filled: dict[str, VenueFill] = {}

    async def submit(
        self, body: dict[str, Any], *, order_hash: str, side: TradeSide
    ) -> SubmitResult:
        if order_hash in self._filled:
            return SubmitResult(SubmitOutcome.REJECTED, error="INVALID_ORDER_DUPLICATED")
        order, order_type = body["order"], str(body.get("orderType", ""))
        if order_type not in ("FOK", "FAK"):
            return SubmitResult(
                SubmitOutcome.REJECTED, error="the paper venue fills marketable orders only"
            )
        token_id = str(order["tokenId"])
        maker, taker = int(order["makerAmount"]), int(order["takerAmount"])
        collateral, shares = (maker, taker) if side is TradeSide.BUY else (taker, maker)
        book = await self._clob.book(token_id)
        if book.tick_size is None:
            return SubmitResult(SubmitOutcome.RETRY, error="book without a tick size")
        limit = implied_limit(collateral, shares, to_micros(book.tick_size))
        opposite = book.asks if side is TradeSide.BUY else book.bids
        taken = walk_book(list(reversed(opposite)), side, limit, shares)
        filled = sum(size for _, size in taken)
        if order_type == "FOK" and filled < shares:
            return SubmitResult(SubmitOutcome.REJECTED, error=FOK_NOT_FILLED)
        if filled == 0:
            return SubmitResult(SubmitOutcome.REJECTED, error=FAK_NOT_FILLED)
        fee_bps = await self._clob.fee_rate_bps(token_id)
        amount = sum(size * price // MICRO for price, size in taken)
        fee = sum(
            size * fee_bps * price * (MICRO - price) // (10_000 * MICRO * MICRO)
            for price, size in taken
        )
        fill = VenueFill(
            venue_trade_id=order_hash,
            token_id=token_id,
            side=side,
            price_micros=amount * MICRO // filled,
            size_micros=filled,
            amount_micros=amount,
            fee_micros=fee,
            filled_at=self._now(),
        )
        self._filled[order_hash] = fill
        return SubmitResult(SubmitOutcome.ACCEPTED, venue_status="matched", fills=[fill])

    async def submit_batch(self, orders: Sequence[SignedOrder]) -> list[SubmitResult]:
        """Each order filled in turn, as the CLOB matches a batch in order."""
        return [
            await self.submit(order.body, order_hash=order.order_hash, side=order.side)
            for order in orders
        ]

    async def lookup(self, order_hash: str, *, side: TradeSide) -> OrderLookup:
        fill = self._filled.get(order_hash)
        if fill is None:
            return OrderLookup(found=False)
        return OrderLookup(found=True, venue_status="matched", fills=[fill])

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
