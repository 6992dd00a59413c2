"""SQL of leader drift: the stored check per leader, the leaders due a check, their rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.models import CopyRule, Leader, LeaderBackfill, LeaderFill
from polycopy.models.leaders import LeaderDriftRow
from polycopy.signals.backfill import BackfillStatus


async def stored_drift(
    session: AsyncSession, leader_id: int, *, lock: bool = False
) -> LeaderDriftRow | None:
    """The leader's latest check; ``lock`` holds it for this transaction (PostgreSQL), so two
    workers never act on one episode twice."""
    stmt = select(LeaderDriftRow).where(LeaderDriftRow.leader_id == leader_id)
    if lock:
        stmt = stmt.with_for_update()
    return await session.scalar(stmt)


async def due_leaders(
    session: AsyncSession, *, checked_before: dt.datetime, limit: int = 50
) -> Sequence[int]:
    """Followed leaders whose whole history is read (a backfill done) and that were never
    checked, have fills newer than their check, or were checked before ``checked_before``."""
    newest = (
        select(LeaderFill.leader_id, func.max(LeaderFill.id).label("newest"))
        .group_by(LeaderFill.leader_id)
        .subquery()
    )
    followed = select(CopyRule.leader_id).where(CopyRule.deleted_at.is_(None))
    stmt = (
        select(Leader.id)
        .join(LeaderBackfill, LeaderBackfill.leader_id == Leader.id)
        .outerjoin(LeaderDriftRow, LeaderDriftRow.leader_id == Leader.id)
        .outerjoin(newest, newest.c.leader_id == Leader.id)
        .where(
            Leader.id.in_(followed),
            LeaderBackfill.status == BackfillStatus.DONE,
            or_(
                LeaderDriftRow.id.is_(None),
                LeaderDriftRow.checked_at < checked_before,
                func.coalesce(newest.c.newest, 0) > LeaderDriftRow.last_fill_id,
            ),
        )
        .order_by(Leader.id)
        .limit(limit)
    )
    return list((await session.scalars(stmt)).all())


async def rules_of(session: AsyncSession, leader_id: int) -> Sequence[CopyRule]:
    """The leader's rules that are not deleted, oldest first."""
    return (
        await session.scalars(
            select(CopyRule)
            .where(CopyRule.leader_id == leader_id, CopyRule.deleted_at.is_(None))
            .order_by(CopyRule.id)
        )
    ).all()
