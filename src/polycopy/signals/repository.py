from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import case, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.kit.db import insert_ignore
from polycopy.models import LeaderFill, LeaderFillSighting, SourceCursor
from polycopy.signals.types import FillSource, LeaderEventType, TradeSide


class LeaderFillRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create_if_new(self, values: dict[str, Any]) -> bool:
        """Create the fill unless its identity exists; the unique constraint arbitrates races."""
        return await insert_ignore(self.session, LeaderFill.__table__, values)

    async def get(self, fill_id: int) -> LeaderFill | None:
        return await self.session.get(LeaderFill, fill_id)

    async def id_by_identity(self, identity: str) -> int:
        fill_id = await self.session.scalar(
            select(LeaderFill.id).where(LeaderFill.identity == identity)
        )
        if fill_id is None:
            raise LookupError(identity)
        return fill_id

    async def add_sighting(self, fill_id: int, source: FillSource, seen_at: dt.datetime) -> bool:
        return await insert_ignore(
            self.session,
            LeaderFillSighting.__table__,
            {"leader_fill_id": fill_id, "source": source, "seen_at": seen_at},
        )

    async def undecided(self, limit: int = 100) -> Sequence[LeaderFill]:
        stmt = (
            select(LeaderFill)
            .where(LeaderFill.decided_at.is_(None))
            .order_by(LeaderFill.id)
            .limit(limit)
        )
        return (await self.session.scalars(stmt)).all()

    async def mark_decided(self, fill_id: int, at: dt.datetime) -> None:
        await self.session.execute(
            update(LeaderFill).where(LeaderFill.id == fill_id).values(decided_at=at)
        )


class SourceCursorRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, leader_id: int, source: FillSource) -> SourceCursor | None:
        return await self.session.scalar(
            select(SourceCursor).where(
                SourceCursor.leader_id == leader_id, SourceCursor.source == source
            )
        )

    async def advance(self, leader_id: int, source: FillSource, last_timestamp: int) -> None:
        cursor = await self.get(leader_id, source)
        if cursor is None:
            self.session.add(
                SourceCursor(leader_id=leader_id, source=source, last_timestamp=last_timestamp)
            )
        elif last_timestamp > cursor.last_timestamp:
            cursor.last_timestamp = last_timestamp
        await self.session.flush()


async def leader_position_before(
    session: AsyncSession, leader_id: int, token_id: str, before_fill_id: int
) -> int:
    """The leader's shares of a token from the fills polycopy saw before this one."""
    signed = case(
        (LeaderFill.side == TradeSide.SELL, -LeaderFill.size_micros), else_=LeaderFill.size_micros
    )
    total = await session.scalar(
        select(func.coalesce(func.sum(signed), 0)).where(
            LeaderFill.leader_id == leader_id,
            LeaderFill.token_id == token_id,
            LeaderFill.event_type == LeaderEventType.TRADE,
            LeaderFill.id < before_fill_id,
        )
    )
    return max(0, int(total or 0))
