from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.models import ExchangeFill, Lot


class LotRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def open_lots(self, account_id: int, leader_id: int, token_id: str) -> Sequence[Lot]:
        """The leader's open lots in a token, oldest first (FIFO)."""
        stmt = (
            select(Lot)
            .where(
                Lot.follower_account_id == account_id,
                Lot.leader_id == leader_id,
                Lot.token_id == token_id,
                Lot.remaining_size_micros > 0,
            )
            .order_by(Lot.id)
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
