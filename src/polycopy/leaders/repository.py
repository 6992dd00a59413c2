from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.copying.types import TradingState
from polycopy.models import CopyRule, Leader, LeaderFill
from polycopy.signals.types import LeaderEventType


class LeaderRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, leader_id: int) -> Leader | None:
        return await self.session.get(Leader, leader_id)

    async def get_by_wallet(self, wallet: str) -> Leader | None:
        return await self.session.scalar(select(Leader).where(Leader.wallet == wallet.lower()))

    async def add(self, leader: Leader) -> Leader:
        self.session.add(leader)
        await self.session.flush()
        return leader

    async def followed(self) -> Sequence[Leader]:
        """Leaders with a rule that still copies something: the wallets detection watches."""
        stmt = (
            select(Leader)
            .where(
                Leader.id.in_(
                    select(CopyRule.leader_id).where(CopyRule.status != TradingState.HALTED)
                )
            )
            .order_by(Leader.id)
        )
        return (await self.session.scalars(stmt)).all()

    async def is_followed(self, leader_id: int) -> bool:
        """Whether a rule still copies this leader (detection watches it)."""
        found = await self.session.scalar(
            select(CopyRule.id)
            .where(CopyRule.leader_id == leader_id, CopyRule.status != TradingState.HALTED)
            .limit(1)
        )
        return found is not None

    async def trades(self, leader_id: int) -> Sequence[LeaderFill]:
        """The leader's recorded trades, oldest first (for the performance series)."""
        stmt = (
            select(LeaderFill)
            .where(
                LeaderFill.leader_id == leader_id,
                LeaderFill.event_type == LeaderEventType.TRADE,
                LeaderFill.side.is_not(None),
                LeaderFill.token_id.is_not(None),
            )
            .order_by(LeaderFill.occurred_at, LeaderFill.id)
        )
        return (await self.session.scalars(stmt)).all()

    async def last_trades(self, leader_ids: Sequence[int]) -> dict[int, dt.datetime]:
        """When each of these leaders last traded, as far as the stored fills say."""
        if not leader_ids:
            return {}
        rows = await self.session.execute(
            select(LeaderFill.leader_id, func.max(LeaderFill.occurred_at))
            .where(
                LeaderFill.leader_id.in_(leader_ids),
                LeaderFill.event_type == LeaderEventType.TRADE,
                LeaderFill.reorged_at.is_(None),
            )
            .group_by(LeaderFill.leader_id)
        )
        return {int(leader): at for leader, at in rows.all()}
