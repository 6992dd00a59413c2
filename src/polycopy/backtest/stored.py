"""A leader's stored fills as backtest history: what detection recorded and the backfill read.

The replay (``core.Backtest``) takes ``HistoryRow``s; this reads them from ``leader_fills``
oldest first, streamed in batches (columns only), with the market's question and event from
the ``markets`` cache (the event drives the event-exposure limit). Reorged fills are left out,
as the statistics leave them out. ``history_source`` says in words which data a figure rests on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.backtest.history import HistoryRow
from polycopy.backtest.repository import Window, stored_batch
from polycopy.models import LeaderBackfill, LeaderFill


async def stored_history(
    session: AsyncSession,
    leader_id: int,
    *,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> AsyncIterator[HistoryRow]:
    """The leader's stored events in ``[since, until)``, oldest first, read in keyset
    batches (``repository.stored_batch``, which backtest jobs read too)."""
    window = Window(leader_id, since, until)
    after: tuple[dt.datetime, int] | None = None
    while True:
        batch, after = await stored_batch(session, window, None, after)
        if not batch:
            return
        for _, row in batch:
            yield row


@dataclass(frozen=True, slots=True)
class HistorySource:
    """How many stored fills, over which dates, and whether the whole history was read."""

    fills: int
    first_at: dt.datetime | None
    last_at: dt.datetime | None
    backfill: str | None  # the backfill job's status, None: never asked
    backfilled: bool  # the job has read the whole history once

    def text(self) -> str:
        """E.g. "1,234 stored fills from 2026-01-02 to 2026-03-04 (backfilled)"."""
        if self.fills == 0 or self.first_at is None or self.last_at is None:
            return f"no stored fills ({self._read()})"
        return (
            f"{self.fills:,} stored fill{'s' if self.fills != 1 else ''} from "
            f"{self.first_at:%Y-%m-%d} to {self.last_at:%Y-%m-%d} ({self._read()})"
        )

    def _read(self) -> str:
        if self.backfilled:
            return "backfilled"
        if self.backfill is None:
            return "detected live only, history not read"
        return f"history read {self.backfill}"


async def history_source(
    session: AsyncSession,
    leader_id: int,
    *,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> HistorySource:
    """The stored fills behind a figure over ``[since, until)``: count, dates, backfill state."""
    stmt = select(
        func.count(LeaderFill.id),
        func.min(LeaderFill.occurred_at),
        func.max(LeaderFill.occurred_at),
    ).where(LeaderFill.leader_id == leader_id, LeaderFill.reorged_at.is_(None))
    if since is not None:
        stmt = stmt.where(LeaderFill.occurred_at >= since)
    if until is not None:
        stmt = stmt.where(LeaderFill.occurred_at < until)
    count, first, last = (await session.execute(stmt)).one()
    return HistorySource(int(count or 0), first, last, *await backfill_state(session, leader_id))


async def backfill_state(session: AsyncSession, leader_id: int) -> tuple[str | None, bool]:
    """The leader's backfill job status (None: never asked) and whether it read everything."""
    status = await session.scalar(
        select(LeaderBackfill.status).where(LeaderBackfill.leader_id == leader_id)
    )
    # Imported here: the backfill refreshes statistics, which read this module.
    from polycopy.signals.backfill import BackfillStatus

    return status, status == BackfillStatus.DONE
