"""Backtests of a leader's stored history: the replay over the database, and the API's jobs.

``replay_stored`` feeds the leader's stored events (detected and backfilled alike, see
``signals/backfill.py``) through the same ``Backtest`` the CLI drives, in keyset batches: a
history of any length costs one batch of memory. The rule preview calls it inline; the API
queues a job (``POST /backtests``) that a worker claims under a lease and runs, storing
progress between batches and the report as JSON. A worker that dies mid-job leaves its
lease to run out; another then runs the job again from the start (a replay is
deterministic and stores nothing but the job row).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import deque
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Any

import structlog
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.backtest.core import Backtest, Decision, Report
from polycopy.backtest.history import HistoryRow
from polycopy.backtest.repository import (
    BATCH,
    Window,
    claim_job,
    finish_job,
    record_progress,
    stored_batch,
)
from polycopy.backtest.run import equity_bucket
from polycopy.backtest.stored import HistorySource, history_source
from polycopy.backtest.types import JobStatus
from polycopy.copying.evaluate import States
from polycopy.copying.settings import AccountLimits, RuleSettings
from polycopy.kit.db import Database
from polycopy.leaders.statistics_store import newest_fill_id
from polycopy.leaders.value import stored_value
from polycopy.models import FollowerAccount, Leader
from polycopy.signals.service import sleep_or_stop

log = structlog.get_logger(__name__)

LEASE = dt.timedelta(minutes=2)
#: Runs a job may take: a job whose worker died this often is failed, not run again.
MAX_ATTEMPTS = 3

Sessions = Callable[[], AbstractAsyncContextManager[AsyncSession]]
#: ``progress(done, total)``: events replayed so far, of all the replay reads.
Progress = Callable[[int, int], Awaitable[None]]


class NoStoredHistory(ValueError):
    """The leader has no stored events (in the window asked for)."""


@dataclass(frozen=True, slots=True)
class ReplayOptions:
    rule: RuleSettings
    limits: AccountLimits | None = None
    delay_seconds: int = 0
    stale_after: dt.timedelta = dt.timedelta(seconds=300)
    leader_value_micros: int | None = None
    states: States | None = None


@dataclass(slots=True)
class StoredReplay:
    report: Report
    source: HistorySource
    #: The last trades' fill ids with their decisions, oldest first (``last_trades``).
    recent: list[tuple[int, Decision]] = field(default_factory=list)


async def replay_stored(
    sessions: Sessions,
    window: Window,
    options: ReplayOptions,
    *,
    last_trades: int = 0,
    progress: Progress | None = None,
    batch_size: int = BATCH,
) -> StoredReplay:
    """Replay the leader's stored events in ``window``; raises ``NoStoredHistory``.

    ``sessions`` opens the session each batch is read in (the caller's own, or a fresh
    transaction per batch so a job's progress can be written between them)."""
    async with sessions() as session:
        source = await history_source(
            session, window.leader_id, since=window.since, until=window.until
        )
        newest = await newest_fill_id(session, window.leader_id)
    if source.fills == 0 or source.first_at is None or source.last_at is None:
        raise NoStoredHistory(_missing(window, source))
    first, last = _aware(source.first_at), _aware(source.last_at)
    decisions: deque[Decision] = deque(maxlen=last_trades)
    trades: deque[tuple[int, int]] = deque(maxlen=last_trades)  # (ordinal, fill id)
    backtest = Backtest(
        options.rule,
        options.limits,
        delay_seconds=options.delay_seconds,
        stale_after=options.stale_after,
        bucket_seconds=equity_bucket(int(first.timestamp()), int(last.timestamp())),
        on_decision=decisions.append if last_trades else None,
        leader_value_micros=options.leader_value_micros,
        states=options.states,
    )
    after: tuple[dt.datetime, int] | None = None
    done = ordinal = 0
    while True:
        async with sessions() as session:
            batch, after = await stored_batch(session, window, newest, after, batch_size)
        if not batch:
            break
        # The replay is CPU work: in a thread, the event loop (the engine beside a job in
        # the worker, other requests beside a preview) keeps its turn.
        ordinal = await asyncio.to_thread(_feed, backtest, batch, trades, ordinal)
        done += len(batch)
        if progress is not None:
            await progress(done, max(done, source.fills))
    report = await asyncio.to_thread(backtest.finish)
    by_ordinal = {d.ordinal: d for d in decisions}
    recent = [(fill_id, by_ordinal[n]) for n, fill_id in trades if n in by_ordinal]
    return StoredReplay(report, source, recent)


def _feed(
    backtest: Backtest,
    batch: list[tuple[int, HistoryRow]],
    trades: deque[tuple[int, int]],
    ordinal: int,
) -> int:
    """Feed a batch; note each trade's ordinal and fill id (the last ones kept)."""
    for fill_id, row in batch:
        backtest.feed(row)
        if row.kind == "TRADE":
            ordinal += 1
            trades.append((ordinal, fill_id))
    return ordinal


def _missing(window: Window, source: HistorySource) -> str:
    if window.since or window.until:
        why = "no stored fills in that window"
    elif source.backfilled:
        why = "the Data API holds no activity of it"
    else:
        why = "its history is still being read from the Data API; try again once that is done"
    return f"no history yet for this wallet: {why}"


def _aware(at: dt.datetime) -> dt.datetime:
    """``min``/``max`` skip the column type on SQLite: a naive time there is UTC."""
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)


def result_json(replay: StoredReplay) -> dict[str, Any]:
    """The report as the CLI's ``--json`` prints it, and where its history came from."""
    return replay.report.as_json() | {"history_source": replay.source.text()}


async def leader_value(session: AsyncSession, leader_id: int) -> int | None:
    """The leader's portfolio value the engine read last (what proportional sizing uses)."""
    leader = await session.get(Leader, leader_id)
    if leader is None:
        return None
    value = stored_value(
        leader.value_positions_micros, leader.value_cash_micros, leader.value_read_at
    )
    return None if value is None else value.micros


class BacktestRunner:
    """Claims queued backtest jobs (or ones whose worker's lease ran out) and runs them."""

    def __init__(
        self,
        db: Database,
        *,
        now: Callable[[], dt.datetime],
        stale_after: dt.timedelta,
        lease: dt.timedelta = LEASE,
    ) -> None:
        self.db = db
        self.now = now
        self.stale_after = stale_after
        self.lease = lease

    async def run(self, stop: asyncio.Event, *, every: float = 1.0) -> None:
        while not stop.is_set():
            try:
                await self.step()
            except Exception:  # the loop must outlive one bad round; the error is logged
                log.exception("backtest.step_failed")
            await sleep_or_stop(stop, every)

    async def step(self) -> int:
        """Run every job there is to run; returns how many ran."""
        ran = 0
        while True:
            async with self.db.transaction() as session:
                job = await claim_job(session, self.now(), self.lease)
                if job is None:
                    return ran
                job_id, attempts = job.id, job.attempts
                user_id, leader_id, request = job.user_id, job.leader_id, dict(job.request)
            ran += 1
            if attempts > MAX_ATTEMPTS:
                await self._finish(
                    job_id,
                    JobStatus.FAILED,
                    error=f"gave up: the worker stopped during each of {MAX_ATTEMPTS} runs",
                )
                continue
            await self.run_job(job_id, user_id, leader_id, request)

    async def run_job(
        self, job_id: int, user_id: int, leader_id: int, request: dict[str, Any]
    ) -> None:
        try:
            options, window = await self._options(user_id, leader_id, request)
            replay = await replay_stored(
                self.db.transaction,
                window,
                options,
                progress=lambda done, total: self._progress(job_id, done, total),
            )
        except (NoStoredHistory, _BadRequest) as exc:
            await self._finish(job_id, JobStatus.FAILED, error=str(exc))
            return
        except Exception as exc:  # a failed replay fails its job, not the worker
            log.exception("backtest.job_failed", job_id=job_id)
            await self._finish(job_id, JobStatus.FAILED, error=f"the backtest failed: {exc!r}")
            return
        await self._finish(job_id, JobStatus.DONE, result=result_json(replay))
        log.info("backtest.done", job_id=job_id, fills=replay.report.fills)

    async def _options(
        self, user_id: int, leader_id: int, request: dict[str, Any]
    ) -> tuple[ReplayOptions, Window]:
        try:
            rule = RuleSettings.model_validate(request["settings"])
        except ValidationError as exc:  # settings valid when queued may not be after an upgrade
            raise _BadRequest(f"settings: {exc.errors()[0]['msg']}") from None
        limits = None
        async with self.db.transaction() as session:
            account_id = request.get("account_id")
            if account_id is not None:
                account = await session.get(FollowerAccount, account_id)
                if account is None or account.user_id != user_id:
                    raise _BadRequest("account_id: follower account not found")
                limits = AccountLimits.model_validate(account.limits)
            value = await leader_value(session, leader_id)
        window = Window(leader_id, _moment(request.get("since")), _moment(request.get("until")))
        options = ReplayOptions(
            rule,
            limits,
            delay_seconds=int(request.get("delay_seconds") or 0),
            stale_after=self.stale_after,
            leader_value_micros=value,
        )
        return options, window

    async def _progress(self, job_id: int, done: int, total: int) -> None:
        async with self.db.transaction() as session:
            await record_progress(session, job_id, done, total, self.now() + self.lease)

    async def _finish(
        self,
        job_id: int,
        status: JobStatus,
        *,
        result: dict[str, Any] | None = None,
        error: str | None = None,
    ) -> None:
        async with self.db.transaction() as session:
            await finish_job(session, job_id, self.now(), status=status, result=result, error=error)


class _BadRequest(ValueError):
    """A stored request that cannot run (its account is gone); the message names the field."""


def _moment(value: object) -> dt.datetime | None:
    if value is None:
        return None
    at = dt.datetime.fromisoformat(str(value))
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)
