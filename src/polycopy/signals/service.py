"""Turn source reports into leader fills: the first report creates, later ones confirm."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.kit import tracing
from polycopy.kit.db import Database
from polycopy.kit.wakeup import FILLS_STORED, notify
from polycopy.leaders.repository import LeaderRepository
from polycopy.signals import metrics
from polycopy.signals.repository import (
    LeaderFillRepository,
    SourceCursorRepository,
    SourceLatency,
    detection_latency_by_source,
    second_feed_position,
)
from polycopy.signals.types import FillSource, LeaderEventType, TradeSide

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class LeaderFillReport:
    """A fill as one source reported it, already normalised to micro-units."""

    identity: str
    leader_id: int
    source: FillSource
    event_type: LeaderEventType
    transaction_hash: str
    log_index: int | None
    occurrence: int
    condition_id: str
    token_id: str | None
    outcome: str | None
    side: TradeSide | None
    price_micros: int
    size_micros: int
    usdc_micros: int
    occurred_at: dt.datetime
    seen_at: dt.datetime
    raw: dict[str, Any] = field(default_factory=dict)
    block_number: int | None = None
    catch_up: bool = False
    """Found by a read of the past (after a restart, reconnect or outage), not live."""


async def record_reports(
    session: AsyncSession, reports: Sequence[LeaderFillReport]
) -> list[tuple[LeaderFillReport, int]]:
    """Store reports in a few statements; returns (report, fill id) of the fills they created.

    The first report of an identity creates the fill; a later one from the chain confirms it
    (block, log index, exact collateral); every report is a sighting of its source.
    """
    if not reports:
        return []
    repo = LeaderFillRepository(session)
    first: dict[str, LeaderFillReport] = {}
    for report in reports:
        first.setdefault(report.identity, report)
    created = await repo.create_new([_fill_row(report) for report in first.values()])
    known = [identity for identity in first if identity not in created]
    ids = created | (await repo.ids_by_identity(known) if known else {})
    for report in reports:
        if (
            report.identity not in created
            and report.log_index is not None
            and report.block_number is not None
        ):
            await repo.confirm_on_chain(
                ids[report.identity],
                log_index=report.log_index,
                block_number=report.block_number,
                usdc_micros=report.usdc_micros,
            )
    if created:
        await notify(session, FILLS_STORED)  # the engine decides them at once
    sightings: dict[tuple[int, FillSource], dt.datetime] = {}
    for report in reports:
        sightings.setdefault((ids[report.identity], report.source), report.seen_at)
    await repo.add_sightings([(fill_id, source, at) for (fill_id, source), at in sightings.items()])
    return sorted(
        ((first[identity], fill_id) for identity, fill_id in created.items()),
        key=lambda created_fill: created_fill[1],
    )


def _fill_row(report: LeaderFillReport) -> dict[str, Any]:
    return {
        "identity": report.identity,
        "leader_id": report.leader_id,
        "event_type": report.event_type,
        "transaction_hash": report.transaction_hash.lower(),
        "log_index": report.log_index,
        "occurrence": report.occurrence,
        "condition_id": report.condition_id,
        "token_id": report.token_id,
        "outcome": report.outcome,
        "side": report.side,
        "price_micros": report.price_micros,
        "size_micros": report.size_micros,
        "usdc_micros": report.usdc_micros,
        "occurred_at": report.occurred_at,
        "first_seen_at": report.seen_at,
        "first_source": report.source,
        "raw": report.raw,
        "block_number": report.block_number,
    }


def detected(report: LeaderFillReport, fill_id: int, stored_at: dt.datetime) -> None:
    """The detect stage of a new fill, once committed: its latency and its span."""
    tracing.observe("detect", report.occurred_at, stored_at)
    tracing.record_span(
        "detect", fill_id, start=report.occurred_at, end=stored_at, source=report.source.value
    )


@dataclass(frozen=True, slots=True)
class CursorAdvance:
    """Move ``source``'s cursor of these leaders to ``position`` with the reports' commit."""

    source: FillSource
    leader_ids: Sequence[int]
    position: int
    second_feed: int | None = None
    """The position of the source's second feed (the Data API's ``/v2/trades``), if read."""


class Ingest:
    """The one place sources hand their reports to: one transaction per batch, metrics after
    the commit. Several ingest processes may run at once; the identity's unique constraint
    makes them agree."""

    def __init__(self, db: Database, *, now: Callable[[], dt.datetime]) -> None:
        self.db = db
        self.now = now

    async def followed(self) -> dict[str, int]:
        """Followed wallets (lower-case) and their leader ids, read fresh each call."""
        async with self.db.transaction() as session:
            leaders = await LeaderRepository(session).followed()
            return {leader.wallet.lower(): leader.id for leader in leaders}

    async def cursor(self, leader_id: int, source: FillSource) -> int | None:
        async with self.db.transaction() as session:
            row = await SourceCursorRepository(session).get(leader_id, source)
            return None if row is None else row.last_timestamp

    async def cursors(self, leader_id: int, source: FillSource) -> tuple[int, int]:
        """Both feed positions of a source; the second starts where the first stood when it
        has read nothing yet (a new rule sets only the first: "from now on")."""
        async with self.db.transaction() as session:
            row = await SourceCursorRepository(session).get(leader_id, source)
            if row is None:
                return 0, 0
            return row.last_timestamp, second_feed_position(row, default=row.last_timestamp)

    async def record(
        self, reports: Sequence[LeaderFillReport], *, advance: CursorAdvance | None = None
    ) -> int:
        """Store reports (and the cursor that covers them) atomically; returns fills created."""
        async with self.db.transaction() as session:
            created = await record_reports(session, reports)
            if advance is not None and advance.leader_ids:
                await SourceCursorRepository(session).advance_all(
                    advance.leader_ids,
                    advance.source,
                    advance.position,
                    second_feed=advance.second_feed,
                )
        stored_at = self.now()
        for report, fill_id in created:
            detected(report, fill_id, stored_at)
        for report in reports:
            source = report.source.value
            metrics.SIGHTINGS.labels(source).inc()
            lag = (report.seen_at - report.occurred_at).total_seconds()
            metrics.DETECTION_LATENCY.labels(source).observe(max(0.0, lag))
        for report, _ in created:
            metrics.FILLS_FIRST_SEEN.labels(report.source.value).inc()
            if report.catch_up:
                metrics.GAPS_BACKFILLED.labels(report.source.value).inc()
        duplicates = len(reports) - len(created)
        if duplicates:
            metrics.DUPLICATES_COLLAPSED.labels(reports[0].source.value).inc(duplicates)
        return len(created)

    async def reorged(self, transaction_hash: str, log_index: int) -> int:
        """Flag the fill built on a log a reorganisation removed."""
        async with self.db.transaction() as session:
            flagged = await LeaderFillRepository(session).flag_reorged(
                transaction_hash, log_index, self.now()
            )
        if flagged:
            metrics.REORGED.inc(flagged)
            log.warning("detect.reorged", tx=transaction_hash, log_index=log_index)
        return flagged


async def detection_latency(
    db: Database, *, since: dt.datetime | None = None
) -> list[SourceLatency]:
    """Per-source detection latency percentiles (p50/p90/p99/max) from stored sightings."""
    async with db.transaction() as session:
        return await detection_latency_by_source(session, since=since)


async def sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    """Wait ``seconds``, or less when ``stop`` is set meanwhile."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
