"""A wallet's history read from the Data API straight into a backtest's spool.

``polycopy backtest`` without ``--history``: the backfill's pager (``signals.backfill.
activity_pages``: ``/v2/activity`` oldest first, keyset cursors, the client's rate limiter)
feeds each page to the spool as it arrives, so memory holds one page whatever the history's
length. Nothing is stored in the database (``polycopy backfill`` does that).
"""

from __future__ import annotations

import datetime as dt

from polycopy.backtest.history import Spool, from_activity
from polycopy.backtest.run import Progress
from polycopy.signals.backfill import activity_pages
from polycopy.venues.polymarket.data_api import DataApiClient


async def fetch_history(
    spool: Spool,
    client: DataApiClient,
    wallet: str,
    *,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    progress: Progress | None = None,
) -> int:
    """Spool the wallet's activity in [since, until); returns rows read (phase "fetch")."""
    start = int(since.timestamp()) if since else None
    end = int(until.timestamp()) if until else None
    read = 0
    async for rows, _ in activity_pages(client, wallet.lower(), start=start or 0):
        spool.add((from_activity(row) for row in rows), since=start, until=end)
        read += len(rows)
        if progress is not None:
            progress("fetch", read, None)
        if end is not None and rows and rows[-1].timestamp >= end:
            break  # oldest first: the rest is after the window
    return read
