"""Turn source reports into leader fills: the first report creates, later ones confirm."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.signals.repository import LeaderFillRepository
from polycopy.signals.types import FillSource, LeaderEventType, TradeSide


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


async def record_report(session: AsyncSession, report: LeaderFillReport) -> int | None:
    """Store a report; returns the fill id when this report created the fill, else None."""
    repo = LeaderFillRepository(session)
    created = await repo.create_if_new(
        {
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
        }
    )
    fill_id = await repo.id_by_identity(report.identity)
    await repo.add_sighting(fill_id, report.source, report.seen_at)
    return fill_id if created else None
