"""Book the venue's fills: exchange fills, then lots per leader."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.markets.repository import MarketRepository
from polycopy.models import ExchangeFill, Lot, Order
from polycopy.portfolio.accounting import OpenLot, consume_lots
from polycopy.portfolio.repository import ExchangeFillRepository, LotRepository
from polycopy.signals.types import TradeSide
from polycopy.venues.base import VenueFill


async def book_fill(session: AsyncSession, order: Order, fill: VenueFill) -> ExchangeFill | None:
    """Record a venue fill once and update the leader's lots; None when already booked."""
    fills = ExchangeFillRepository(session)
    if await fills.find(order.id, fill.venue_trade_id) is not None:
        return None
    booked = await fills.add(
        ExchangeFill(
            order_id=order.id,
            follower_account_id=order.follower_account_id,
            venue_trade_id=fill.venue_trade_id,
            token_id=fill.token_id,
            side=fill.side,
            price_micros=fill.price_micros,
            size_micros=fill.size_micros,
            amount_micros=fill.amount_micros,
            fee_micros=fill.fee_micros,
            transaction_hash=fill.transaction_hash,
            filled_at=fill.filled_at,
        )
    )
    order.filled_size_micros += fill.size_micros
    order.filled_amount_micros += fill.amount_micros
    order.fee_micros += fill.fee_micros
    lots = LotRepository(session)
    if fill.side is TradeSide.BUY:
        token = await MarketRepository(session).token(fill.token_id)
        await lots.add(
            Lot(
                follower_account_id=order.follower_account_id,
                leader_id=order.leader_id,
                condition_id=order.condition_id,
                token_id=fill.token_id,
                outcome=token.outcome if token else None,
                opened_by_fill_id=booked.id,
                size_micros=fill.size_micros,
                remaining_size_micros=fill.size_micros,
                cost_micros=fill.amount_micros + fill.fee_micros,
                opened_at=fill.filled_at,
            )
        )
        return booked
    open_lots = await lots.open_lots(order.follower_account_id, order.leader_id, fill.token_id)
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
    return booked
