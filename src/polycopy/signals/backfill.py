"""A leader's whole history from the Data API, stored as leader fills with detection's identity.

A job row per leader (``leader_backfills``) is requested when a wallet is added and on
demand; a worker claims due jobs (a lease, so a crashed worker's job is taken over) and reads
``/v2/activity`` oldest first, page by page with the v2 keyset cursors, through the client's
rate limiter. Each page is stored in one transaction together with the job's progress, so a
run that stops anywhere resumes from the last second it stored completely (inclusive): the
rows of that second are read again and collapse on their identity.

Identity: fills are named exactly as detection names them (``reports_from_pages``). Identical
fills of one transaction share a second, so the rows of the last second of a page are carried
into the numbering of the next one: two identical fills a page boundary splits are occurrences
0 and 1, as on one page. A fill later reported live (or already reported) is the same row.

Historical fills are not copy signals: those older than the leader's detection cursor (all,
when no rule follows the leader) are stored decided and without a sighting, so the engine
never copies them and detection latency is not skewed. Newer ones, and all of them for a
followed leader detection has not read yet, are left to the engine exactly as if detection
had found them (its first read would take the whole feed as a catch-up too).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import enum
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import httpx
import structlog
from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.kit.db import Database
from polycopy.leaders.repository import LeaderRepository
from polycopy.leaders.statistics_store import refresh_statistics, stale_leaders
from polycopy.models import Leader, LeaderBackfill, LeaderFillSighting
from polycopy.signals.repository import LeaderFillRepository, SourceCursorRepository
from polycopy.signals.service import record_reports, sleep_or_stop
from polycopy.signals.sources.data_api import WATCHED_TYPES, reports_from_pages
from polycopy.signals.types import FillSource
from polycopy.venues.polymarket.data_api import MAX_ACTIVITY_PAGE, DataApiClient
from polycopy.venues.polymarket.http import VenueError
from polycopy.venues.polymarket.models import ActivityRow

log = structlog.get_logger(__name__)

LEASE = dt.timedelta(minutes=2)
MAX_ATTEMPTS = 8
RETRY_BASE = dt.timedelta(seconds=5)


class BackfillStatus(enum.StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


async def request_backfill(
    session: AsyncSession, leader_id: int, now: dt.datetime
) -> LeaderBackfill:
    """Ask for the leader's history (again): a finished or failed job runs again from where
    it stopped (keeping it current); a pending or running one is left as it is."""
    job = await backfill_of(session, leader_id)
    if job is None:
        job = LeaderBackfill(
            leader_id=leader_id,
            status=BackfillStatus.PENDING,
            last_timestamp=0,
            rows=0,
            fills_created=0,
            attempts=0,
            requested_at=now,
            due_at=now,
        )
        session.add(job)
    elif job.status in (BackfillStatus.DONE, BackfillStatus.FAILED):
        job.status = BackfillStatus.PENDING
        job.requested_at = job.due_at = now
        job.attempts = 0
        job.error = None
        job.finished_at = None
    await session.flush()
    return job


async def backfill_of(session: AsyncSession, leader_id: int) -> LeaderBackfill | None:
    return await session.scalar(select(LeaderBackfill).where(LeaderBackfill.leader_id == leader_id))


@dataclass(slots=True)
class _Carry:
    """Rows of the newest second read so far: the numbering context of the next page."""

    rows: list[ActivityRow]

    def numbered(self, page: list[ActivityRow]) -> list[ActivityRow]:
        return [*self.rows, *page]

    def keep(self, combined: list[ActivityRow]) -> None:
        last = combined[-1].timestamp if combined else None
        self.rows = [row for row in combined if row.timestamp == last]


async def activity_pages(
    client: DataApiClient,
    wallet: str,
    *,
    start: int = 0,
    page_size: int = MAX_ACTIVITY_PAGE,
) -> AsyncIterator[tuple[list[ActivityRow], str | None]]:
    """The wallet's activity from ``start`` (unix seconds, inclusive), oldest first, a page
    at a time with the v2 keyset cursors; each page comes with the cursor of the next (None
    on the last). ``polycopy backtest`` reads a wallet's history through it too."""
    cursor: str | None = None
    while True:
        page = await client.activity_page(
            wallet, types=WATCHED_TYPES, start=start or None, cursor=cursor, limit=page_size
        )
        cursor = page.pagination.next_cursor if page.pagination.has_more else None
        yield page.data, cursor
        if cursor is None:
            return


class Backfiller:
    """Claims due backfill jobs and runs them; refreshes statistics of leaders with new fills."""

    def __init__(
        self,
        db: Database,
        client: DataApiClient,
        *,
        now: Callable[[], dt.datetime],
        page_size: int = MAX_ACTIVITY_PAGE,
        lease: dt.timedelta = LEASE,
        retry_base: dt.timedelta = RETRY_BASE,
        progress: Callable[[LeaderBackfill], None] | None = None,
    ) -> None:
        self.db = db
        self.progress = progress  # told the job's row after each page stored
        self.client = client
        self.now = now
        self.page_size = page_size
        self.lease = lease
        self.retry_base = retry_base

    async def run(self, stop: asyncio.Event, *, every: float = 2.0) -> None:
        while not stop.is_set():
            try:
                await self.step()
            except Exception:  # the loop must outlive one bad round; the error is logged
                log.exception("backfill.step_failed")
            await sleep_or_stop(stop, every)

    async def step(self) -> int:
        """Ask for the history of leaders that have none yet (a rule can add a leader too),
        run every due job once, then refresh stale statistics; returns jobs run."""
        async with self.db.transaction() as session:
            missing = await session.scalars(
                select(Leader.id)
                .outerjoin(LeaderBackfill, LeaderBackfill.leader_id == Leader.id)
                .where(LeaderBackfill.id.is_(None))
            )
            for leader_id in missing.all():
                await request_backfill(session, leader_id, self.now())
        ran = 0
        while (claimed := await self._claim()) is not None:
            await self.run_job(*claimed)
            ran += 1
        async with self.db.transaction() as session:
            for leader_id in await stale_leaders(session):
                await refresh_statistics(session, leader_id, self.now())
        return ran

    async def _claim(self, leader_id: int | None = None) -> tuple[int, str] | None:
        """A due job (pending and due, or running with an expired lease), leased to us; with
        ``leader_id``, that leader's only."""
        now = self.now()
        async with self.db.transaction() as session:
            query = (
                select(LeaderBackfill.id, Leader.wallet)
                .join(Leader, Leader.id == LeaderBackfill.leader_id)
                .where(
                    or_(
                        (LeaderBackfill.status == BackfillStatus.PENDING)
                        & (LeaderBackfill.due_at <= now),
                        (LeaderBackfill.status == BackfillStatus.RUNNING)
                        & (LeaderBackfill.lease_until < now),
                    )
                )
                .order_by(LeaderBackfill.due_at, LeaderBackfill.id)
                .limit(1)
            )
            if leader_id is not None:
                query = query.where(LeaderBackfill.leader_id == leader_id)
            candidate = await session.execute(query)
            row = candidate.first()
            if row is None:
                return None
            job_id, wallet = row
            taken = await session.execute(
                update(LeaderBackfill)
                .where(
                    LeaderBackfill.id == job_id,
                    or_(
                        LeaderBackfill.status == BackfillStatus.PENDING,
                        LeaderBackfill.lease_until < now,
                    ),
                )
                .values(
                    status=BackfillStatus.RUNNING,
                    lease_until=now + self.lease,
                    started_at=now,
                    attempts=LeaderBackfill.attempts + 1,
                )
            )
            if not getattr(taken, "rowcount", 0):
                return None  # another worker took it first
            return job_id, str(wallet)

    async def run_for(self, leader_id: int) -> bool:
        """Ask for one leader's history and run that job here and now (``polycopy backfill``);
        False when another worker holds it."""
        async with self.db.transaction() as session:
            job = await request_backfill(session, leader_id, self.now())
            if job.status == BackfillStatus.PENDING:
                job.due_at = min(job.due_at, self.now())  # asked for now: no back-off wait
        claimed = await self._claim(leader_id)
        if claimed is None:
            return False
        await self.run_job(*claimed)
        return True

    async def run_job(self, job_id: int, wallet: str) -> None:
        """Read pages from the job's resume point until the feed ends, or the venue fails."""
        async with self.db.transaction() as session:
            job = await session.get(LeaderBackfill, job_id)
            assert job is not None
            leader_id, start = job.leader_id, job.last_timestamp
        carry = _Carry([])
        try:
            pages = activity_pages(self.client, wallet, start=start, page_size=self.page_size)
            async for rows, cursor in pages:
                await self._store(job_id, leader_id, rows, carry, cursor)
        except (VenueError, httpx.HTTPError) as exc:
            await self._failed(job_id, repr(exc))
            return
        async with self.db.transaction() as session:
            await session.execute(
                update(LeaderBackfill)
                .where(LeaderBackfill.id == job_id)
                .values(
                    status=BackfillStatus.DONE,
                    finished_at=self.now(),
                    lease_until=None,
                    error=None,
                    cursor=None,
                )
            )
            await refresh_statistics(session, leader_id, self.now())
        log.info("backfill.done", leader_id=leader_id)

    async def _store(
        self,
        job_id: int,
        leader_id: int,
        page: list[ActivityRow],
        carry: _Carry,
        cursor: str | None,
    ) -> None:
        """One page and the job's progress, atomically."""
        now = self.now()
        combined = carry.numbered(page)
        reports = reports_from_pages([combined], leader_id=leader_id, seen_at=now)[
            len(carry.rows) :
        ]
        carry.keep(combined)
        async with self.db.transaction() as session:
            created = await record_reports(session, reports)
            cutoff = await _live_from(session, leader_id)
            past = {
                r.identity for r in reports if cutoff is None or r.occurred_at.timestamp() < cutoff
            }
            if past:
                repo = LeaderFillRepository(session)
                await repo.mark_decided([i for r, i in created if r.identity in past], now)
                # Only the sightings this page added: one a source made earlier stays.
                await session.execute(
                    delete(LeaderFillSighting).where(
                        LeaderFillSighting.leader_fill_id.in_(
                            (await repo.ids_by_identity(list(past))).values()
                        ),
                        LeaderFillSighting.source == FillSource.DATA_API,
                        LeaderFillSighting.seen_at == now,
                    )
                )
            job = await session.get(LeaderBackfill, job_id, with_for_update=True)
            assert job is not None
            job.rows += len(page)
            job.fills_created += len(created)
            job.cursor = cursor
            job.lease_until = now + self.lease
            job.attempts = 1  # this run made progress: only runs without any count against it
            if carry.rows:
                # The newest second may continue on the next page: resume at it, inclusive.
                job.last_timestamp = max(job.last_timestamp, carry.rows[0].timestamp)
            if self.progress is not None:
                self.progress(job)

    async def _failed(self, job_id: int, error: str) -> None:
        """Retry later with exponential back-off; give up after ``MAX_ATTEMPTS`` runs in a
        row that stored nothing."""
        now = self.now()
        async with self.db.transaction() as session:
            job = await session.get(LeaderBackfill, job_id)
            assert job is not None
            job.error = error
            job.lease_until = None
            if job.attempts >= MAX_ATTEMPTS:
                job.status = BackfillStatus.FAILED
                job.finished_at = now
            else:
                job.status = BackfillStatus.PENDING
                job.due_at = now + self.retry_base * (1 << (job.attempts - 1))
        log.warning("backfill.failed", job_id=job_id, error=error)


async def _live_from(session: AsyncSession, leader_id: int) -> int | None:
    """The second from which fills are the engine's to decide (None: none are).

    Detection's cursor when it watches the leader; 0 when a rule follows the leader but
    detection has not read it yet (its first read would take the whole feed as a catch-up
    too); None when no rule follows it (nothing to copy: all of it is history).
    """
    cursor = await SourceCursorRepository(session).get(leader_id, FillSource.DATA_API)
    if cursor is not None:
        return cursor.last_timestamp
    return 0 if await LeaderRepository(session).is_followed(leader_id) else None
