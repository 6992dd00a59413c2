"""Detect leader fills by polling Data API ``/v2/activity``, oldest first, per leader.

Each poll re-reads from the last timestamp seen (inclusive), so fills of the boundary second
are never lost; re-reads collapse on the fill identity. After a restart the stored cursor
makes the first poll back-fill everything that happened while polycopy was down.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from polycopy.kit.money import to_micros
from polycopy.signals.identity import FillContent, content_identity, number_occurrences
from polycopy.signals.service import LeaderFillReport
from polycopy.signals.types import FillSource, LeaderEventType, TradeSide
from polycopy.venues.polymarket.data_api import DataApiClient
from polycopy.venues.polymarket.models import ActivityRow

WATCHED_TYPES = tuple(t.value for t in LeaderEventType)


def _micros(value: Decimal) -> int:
    return to_micros(value, exact=False)


def reports_from_rows(
    rows: list[ActivityRow], *, leader_id: int, seen_at: dt.datetime
) -> list[LeaderFillReport]:
    """Normalise activity rows and give each its cross-source identity."""
    contents = [
        FillContent(
            transaction_hash=row.transaction_hash.lower(),
            event_type=row.type,
            token_id=row.token_id,
            side=row.side,
            size_micros=_micros(row.size),
            usdc_micros=_micros(row.usdc_size),
        )
        for row in rows
    ]
    reports = []
    for row, (content, occurrence) in zip(rows, number_occurrences(contents), strict=True):
        reports.append(
            LeaderFillReport(
                identity=content_identity(content, occurrence),
                leader_id=leader_id,
                source=FillSource.DATA_API,
                event_type=LeaderEventType(row.type),
                transaction_hash=content.transaction_hash,
                log_index=None,
                occurrence=occurrence,
                condition_id=row.condition_id,
                token_id=row.token_id or None,
                outcome=row.outcome or None,
                side=TradeSide(row.side) if row.side in ("BUY", "SELL") else None,
                price_micros=_micros(row.price),
                size_micros=content.size_micros,
                usdc_micros=content.usdc_micros,
                occurred_at=dt.datetime.fromtimestamp(row.timestamp, dt.UTC),
                seen_at=seen_at,
                raw=row.model_dump(mode="json"),
            )
        )
    return reports


class DataApiActivitySource:
    def __init__(self, client: DataApiClient, now: Callable[[], dt.datetime]) -> None:
        self._client = client
        self._now = now

    async def poll(self, wallet: str, leader_id: int, since: int) -> list[LeaderFillReport]:
        """Every activity row at or after ``since`` (unix seconds), all pages."""
        rows: list[ActivityRow] = []
        cursor: str | None = None
        while True:
            page = await self._client.activity_page(
                wallet, types=WATCHED_TYPES, start=since or None, cursor=cursor
            )
            rows.extend(page.data)
            if not page.pagination.has_more or not page.pagination.next_cursor:
                break
            cursor = page.pagination.next_cursor
        return reports_from_rows(rows, leader_id=leader_id, seen_at=self._now())
