"""Leader fills reported by an outside provider (``POST /api/v1/ingest/fills``).

A provider reports fills in the Data API's shape, so they are normalised by the Data API's
own code and get the same cross-source identity: a fill the provider and the Data API both
report is one ``leader_fills`` row with two sightings (``data_api`` and ``external``).
Occurrences of identical fills are numbered within one request, so a request must carry
every fill of a transaction it touches (as a Data API page does).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from polycopy.signals.service import Ingest
from polycopy.signals.sources.data_api import reports_from_rows
from polycopy.signals.types import FillSource
from polycopy.venues.polymarket.models import ActivityRow


@dataclass(frozen=True, slots=True)
class ExternalOutcome:
    received: int
    created: int
    duplicates: int
    ignored: int
    """Fills of wallets nobody follows: not stored."""


async def ingest_external(ingest: Ingest, rows: Sequence[ActivityRow]) -> ExternalOutcome:
    """Record the provider's fills of followed wallets, in one transaction."""
    followed = await ingest.followed()
    by_leader: dict[int, list[ActivityRow]] = defaultdict(list)
    for row in rows:
        leader_id = followed.get(row.proxy_wallet.lower())
        if leader_id is not None:
            by_leader[leader_id].append(row)
    seen_at = ingest.now()
    reports = [
        dataclasses.replace(report, source=FillSource.EXTERNAL)
        for leader_id, leader_rows in by_leader.items()
        for report in reports_from_rows(leader_rows, leader_id=leader_id, seen_at=seen_at)
    ]
    created = await ingest.record(reports) if reports else 0
    return ExternalOutcome(
        received=len(rows),
        created=created,
        duplicates=len(reports) - created,
        ignored=len(rows) - len(reports),
    )
