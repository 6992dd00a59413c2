"""Book the venue's fills: exchange fills, then lots per leader."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.markets.repository import MarketRepository
from polycopy.models import ExchangeFill, Order
from polycopy.portfolio.accounting import OpenLot, consume_lots
from polycopy.portfolio.repository import ExchangeFillRepository, LotRepository
from polycopy.signals.types import TradeSide
from polycopy.venues.base import VenueFill


async def book_fill(session: AsyncSession, order: Order, fill: VenueFill) -> ExchangeFill | None:
    """Record a venue fill once and update the leader's lots; None when already booked."""
    booked = await book_fills(session, [(order, fill)])
    return booked[0] if booked else None


async def book_fills(
    session: AsyncSession, fills: Sequence[tuple[Order, VenueFill]]
) -> list[ExchangeFill]:
    """Record venue fills once each and update the leaders' lots; returns the new ones.

    A batch of buys (the bulk of a fan-out) is a few statements however many fills it holds;
    a sale consumes its leader's lots FIFO under row locks, one sale after the other.
    """
    unique: dict[tuple[int, str], tuple[Order, VenueFill]] = {}
    for order, fill in fills:
        unique.setdefault((order.id, fill.venue_trade_id), (order, fill))
    repo = ExchangeFillRepository(session)
    known = await repo.existing(list(unique))
    new = [pair for key, pair in unique.items() if key not in known]
    if not new:
        return []
    # A fill another transaction booked since ``existing`` read is skipped here, once.
    booked = await repo.add_all(
        [
            {
                "order_id": order.id,
                "follower_account_id": order.follower_account_id,
                "venue_trade_id": fill.venue_trade_id,
                "token_id": fill.token_id,
                "side": fill.side,
                "price_micros": fill.price_micros,
                "size_micros": fill.size_micros,
                "amount_micros": fill.amount_micros,
                "fee_micros": fill.fee_micros,
                "transaction_hash": fill.transaction_hash,
                "filled_at": fill.filled_at,
                "trade_ids": list(fill.trade_ids) if fill.trade_ids is not None else None,
            }
            for order, fill in new
        ]
    )
    new = [(order, fill) for order, fill in new if (order.id, fill.venue_trade_id) in booked]
    lots = LotRepository(session)
    markets = MarketRepository(session)
    opened = []
    for order, fill in new:
        order.filled_size_micros += fill.size_micros
        order.filled_amount_micros += fill.amount_micros
        order.fee_micros += fill.fee_micros
        exchange_fill = booked[(order.id, fill.venue_trade_id)]
        if fill.side is TradeSide.BUY:
            token = await markets.token(fill.token_id)  # the session's identity map caches it
            opened.append(
                {
                    "follower_account_id": order.follower_account_id,
                    "leader_id": order.leader_id,
                    "condition_id": order.condition_id,
                    "token_id": fill.token_id,
                    "outcome": token.outcome if token else None,
                    "opened_by_fill_id": exchange_fill.id,
                    "size_micros": fill.size_micros,
                    "remaining_size_micros": fill.size_micros,
                    "cost_micros": fill.amount_micros + fill.fee_micros,
                    "opened_at": fill.filled_at,
                }
            )
        else:
            await _consume(session, order, fill, exchange_fill)
    await lots.add_all(opened)
    return [booked[(order.id, fill.venue_trade_id)] for order, fill in new]


async def _consume(
    session: AsyncSession, order: Order, fill: VenueFill, booked: ExchangeFill
) -> None:
    """A sale takes the leader's open lots oldest first; its PnL is proceeds minus their cost."""
    open_lots = await LotRepository(session).open_lots(
        order.follower_account_id, order.leader_id, fill.token_id
    )
    by_id = {lot.id: lot for lot in open_lots}
    consumptions = consume_lots(
        [OpenLot(lot.id, lot.remaining_size_micros, lot.cost_micros) for lot in open_lots],
        fill.size_micros,
        fill.amount_micros - fill.fee_micros,
    )
    booked.realized_pnl_micros = sum(part.realized_pnl_micros for part in consumptions)
    for part in consumptions:
        lot = by_id[part.lot_id]
        lot.remaining_size_micros -= part.size_micros
        lot.cost_micros -= part.cost_micros
        lot.realized_pnl_micros += part.realized_pnl_micros
        if lot.remaining_size_micros == 0:
            lot.closed_at = fill.filled_at
    await session.flush()
