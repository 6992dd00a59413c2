"""SQL of the backtest jobs: the job rows, and a leader's stored events in keyset batches.

A leader's stored history is read in batches by (``occurred_at``, ``id``): a job up to the
newest row that existed when it began, each batch in its own short transaction (on SQLite
every transaction takes the write lock, so one long read would stall detection and the
engine, and the job could not store its progress); ``stored.stored_history`` in one session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.backtest.history import HistoryRow
from polycopy.backtest.types import JobStatus
from polycopy.models import BacktestJob, LeaderFill, Market

BATCH = 5_000


@dataclass(frozen=True, slots=True)
class Window:
    leader_id: int
    since: dt.datetime | None = None
    until: dt.datetime | None = None

    def where(self) -> list[ColumnElement[bool]]:
        clauses = [LeaderFill.leader_id == self.leader_id, LeaderFill.reorged_at.is_(None)]
        if self.since is not None:
            clauses.append(LeaderFill.occurred_at >= self.since)
        if self.until is not None:
            clauses.append(LeaderFill.occurred_at < self.until)
        return clauses


async def stored_batch(
    session: AsyncSession,
    window: Window,
    newest_id: int | None,
    after: tuple[dt.datetime, int] | None,
    limit: int = BATCH,
) -> tuple[list[tuple[int, HistoryRow]], tuple[dt.datetime, int] | None]:
    """The next ``limit`` events after ``after`` (oldest first) with their fill ids, and the
    key to read on from (the last row's stored time, which may carry sub-seconds, and id);
    ``newest_id`` leaves out fills stored after a job began (None: no bound)."""
    stmt = (
        select(
            LeaderFill.id,
            LeaderFill.occurred_at,
            LeaderFill.event_type,
            LeaderFill.condition_id,
            LeaderFill.token_id,
            LeaderFill.side,
            LeaderFill.price_micros,
            LeaderFill.size_micros,
            LeaderFill.usdc_micros,
            Market.question,
            Market.event_slug,
        )
        .outerjoin(Market, Market.condition_id == LeaderFill.condition_id)
        .where(*window.where())
        .order_by(LeaderFill.occurred_at, LeaderFill.id)
        .limit(limit)
    )
    if newest_id is not None:
        stmt = stmt.where(LeaderFill.id <= newest_id)
    if after is not None:
        at, last_id = after
        stmt = stmt.where(
            or_(
                LeaderFill.occurred_at > at,
                and_(LeaderFill.occurred_at == at, LeaderFill.id > last_id),
            )
        )
    rows = (await session.execute(stmt)).all()
    key = (rows[-1].occurred_at, rows[-1].id) if rows else None
    return [
        (
            fill_id,
            HistoryRow(
                timestamp=int(at.timestamp()),
                kind=str(kind),
                condition_id=condition,
                token=token or "",
                side=side,
                price_micros=int(price),
                size_micros=int(size),
                usdc_micros=int(usdc),
                title=question or "",
                event=event or condition,
            ),
        )
        for fill_id, at, kind, condition, token, side, price, size, usdc, question, event in rows
    ], key


async def newest_start(session: AsyncSession, leader_id: int, count: int) -> dt.datetime | None:
    """When the leader's ``count`` newest stored events begin (None: it has fewer)."""
    return await session.scalar(
        select(LeaderFill.occurred_at)
        .where(*Window(leader_id).where())
        .order_by(LeaderFill.occurred_at.desc(), LeaderFill.id.desc())
        .offset(count - 1)
        .limit(1)
    )


async def fills_by_id(session: AsyncSession, ids: Sequence[int]) -> dict[int, LeaderFill]:
    rows = await session.scalars(select(LeaderFill).where(LeaderFill.id.in_(list(ids))))
    return {fill.id: fill for fill in rows}


# --- jobs ----------------------------------------------------------------------------------


async def add_job(
    session: AsyncSession, user_id: int, leader_id: int, request: dict[str, Any], now: dt.datetime
) -> BacktestJob:
    job = BacktestJob(
        user_id=user_id,
        leader_id=leader_id,
        status=JobStatus.QUEUED,
        request=request,
        progress_done=0,
        attempts=0,
        requested_at=now,
    )
    session.add(job)
    await session.flush()
    return job


async def users_job(session: AsyncSession, user_id: int, job_id: int) -> BacktestJob | None:
    return await session.scalar(
        select(BacktestJob).where(BacktestJob.id == job_id, BacktestJob.user_id == user_id)
    )


async def users_jobs(
    session: AsyncSession, user_id: int, leader_id: int | None, limit: int
) -> Sequence[BacktestJob]:
    stmt = select(BacktestJob).where(BacktestJob.user_id == user_id)
    if leader_id is not None:
        stmt = stmt.where(BacktestJob.leader_id == leader_id)
    stmt = stmt.order_by(BacktestJob.requested_at.desc(), BacktestJob.id.desc()).limit(limit)
    return (await session.scalars(stmt)).all()


async def claim_job(
    session: AsyncSession, now: dt.datetime, lease: dt.timedelta
) -> BacktestJob | None:
    """A queued job, or a running one whose worker's lease ran out, leased to the caller."""
    due = or_(
        BacktestJob.status == JobStatus.QUEUED,
        and_(BacktestJob.status == JobStatus.RUNNING, BacktestJob.lease_until < now),
    )
    job_id = await session.scalar(
        select(BacktestJob.id).where(due).order_by(BacktestJob.id).limit(1)
    )
    if job_id is None:
        return None
    taken = await session.execute(
        update(BacktestJob)
        .where(BacktestJob.id == job_id, due)
        .values(
            status=JobStatus.RUNNING,
            lease_until=now + lease,
            started_at=now,
            attempts=BacktestJob.attempts + 1,
            progress_done=0,
        )
    )
    if not getattr(taken, "rowcount", 0):
        return None  # another worker took it first
    return await session.get(BacktestJob, job_id, populate_existing=True)


async def record_progress(
    session: AsyncSession,
    job_id: int,
    done: int,
    total: int | None,
    lease_until: dt.datetime,
) -> None:
    await session.execute(
        update(BacktestJob)
        .where(BacktestJob.id == job_id)
        .values(progress_done=done, progress_total=total, lease_until=lease_until)
    )


async def finish_job(
    session: AsyncSession,
    job_id: int,
    now: dt.datetime,
    *,
    status: JobStatus,
    result: dict[str, Any] | None = None,
    error: str | None = None,
) -> None:
    await session.execute(
        update(BacktestJob)
        .where(BacktestJob.id == job_id)
        .values(status=status, result=result, error=error, finished_at=now, lease_until=None)
    )
