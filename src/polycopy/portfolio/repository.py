from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.models import ExchangeFill, Lot, Market, Order
from polycopy.orders.types import TERMINAL_STATUSES
from polycopy.signals.types import TradeSide


class LotRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def open_lots(self, account_id: int, leader_id: int, token_id: str) -> Sequence[Lot]:
        """The leader's open lots in a token, oldest first (FIFO), locked for this transaction.

        Two sales of the same lots booked at once (concurrent sends) must not both read the
        same remaining size: on PostgreSQL the row locks serialise them.
        """
        stmt = (
            select(Lot)
            .where(
                Lot.follower_account_id == account_id,
                Lot.leader_id == leader_id,
                Lot.token_id == token_id,
                Lot.remaining_size_micros > 0,
            )
            .order_by(Lot.id)
            .with_for_update()
        )
        return (await self.session.scalars(stmt)).all()

    async def held_size(self, account_id: int, leader_id: int, token_id: str) -> int:
        total = await self.session.scalar(
            select(func.coalesce(func.sum(Lot.remaining_size_micros), 0)).where(
                Lot.follower_account_id == account_id,
                Lot.leader_id == leader_id,
                Lot.token_id == token_id,
            )
        )
        return int(total or 0)

    async def add(self, lot: Lot) -> Lot:
        self.session.add(lot)
        await self.session.flush()
        return lot


class ExchangeFillRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def find(self, order_id: int, venue_trade_id: str) -> ExchangeFill | None:
        return await self.session.scalar(
            select(ExchangeFill).where(
                ExchangeFill.order_id == order_id, ExchangeFill.venue_trade_id == venue_trade_id
            )
        )

    async def add(self, fill: ExchangeFill) -> ExchangeFill:
        self.session.add(fill)
        await self.session.flush()
        return fill


class AtRisk(NamedTuple):
    leader_id: int
    condition_id: str
    token_id: str
    amount_micros: int


class ExposureRepository:
    """The follower's live state for limit checks: lots at cost plus pending buys' reservations."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def _open_lots(self, account_id: int) -> Select[int, str, str, int]:
        return select(Lot.leader_id, Lot.condition_id, Lot.token_id, Lot.cost_micros).where(
            Lot.follower_account_id == account_id, Lot.remaining_size_micros > 0
        )

    def _pending_buys(self, account_id: int) -> Select[int, str, str, int]:
        reserved = func.coalesce(Order.amount_micros, 0) - Order.filled_amount_micros
        return select(Order.leader_id, Order.condition_id, Order.token_id, reserved).where(
            Order.follower_account_id == account_id,
            Order.side == TradeSide.BUY,
            Order.status.not_in(TERMINAL_STATUSES),
        )

    async def at_risk(self, account_id: int) -> tuple[list[AtRisk], list[AtRisk]]:
        """pUSD at risk as (leader, market, token, amount): open lots at cost, pending buys."""
        lots = (await self.session.execute(self._open_lots(account_id))).all()
        pending = (await self.session.execute(self._pending_buys(account_id))).all()
        return (
            [AtRisk(r[0], r[1], r[2], int(r[3])) for r in lots],
            [AtRisk(r[0], r[1], r[2], int(r[3])) for r in pending],
        )

    async def event_keys(self, condition_ids: set[str]) -> dict[str, str]:
        """Market → event it belongs to (the market itself when it has no event)."""
        if not condition_ids:
            return {}
        rows = await self.session.execute(
            select(Market.condition_id, Market.event_slug).where(
                Market.condition_id.in_(condition_ids)
            )
        )
        keys = {cid: slug or cid for cid, slug in rows.all()}
        return {cid: keys.get(cid, cid) for cid in condition_ids}

    async def spent_since(self, account_id: int, since: dt.datetime) -> int:
        total = await self.session.scalar(
            select(
                func.coalesce(func.sum(ExchangeFill.amount_micros + ExchangeFill.fee_micros), 0)
            ).where(
                ExchangeFill.follower_account_id == account_id,
                ExchangeFill.side == TradeSide.BUY,
                ExchangeFill.filled_at >= since,
            )
        )
        return int(total or 0)

    async def realized_pnls(
        self, account_id: int, *, leader_id: int | None = None, since: dt.datetime | None = None
    ) -> list[int]:
        """Realised PnL of each sale, oldest first (one leader's, or the whole account's)."""
        stmt = (
            select(ExchangeFill.realized_pnl_micros)
            .join(Order, Order.id == ExchangeFill.order_id)
            .where(
                ExchangeFill.follower_account_id == account_id,
                ExchangeFill.side == TradeSide.SELL,
            )
            .order_by(ExchangeFill.filled_at, ExchangeFill.id)
        )
        if leader_id is not None:
            stmt = stmt.where(Order.leader_id == leader_id)
        if since is not None:
            stmt = stmt.where(ExchangeFill.filled_at >= since)
        return [int(v) for v in (await self.session.scalars(stmt)).all()]
