"""Leaders' portfolio values (proportional sizing), from the Data API, cached briefly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import structlog

from polycopy.kit.db import Database
from polycopy.kit.money import to_micros
from polycopy.leaders.repository import LeaderRepository
from polycopy.venues.polymarket.data_api import DataApiClient
from polycopy.venues.polymarket.errors import VenueError

log = structlog.get_logger(__name__)
VALUE_TTL = dt.timedelta(minutes=5)


class LeaderValues:
    """``leader id → portfolio value`` in micro-units; None when the venue cannot say."""

    def __init__(
        self, db: Database, data: DataApiClient, *, now: Callable[[], dt.datetime]
    ) -> None:
        self._db = db
        self._data = data
        self._now = now
        self._cache: dict[int, tuple[dt.datetime, int | None]] = {}

    async def __call__(self, leader_id: int) -> int | None:
        cached = self._cache.get(leader_id)
        if cached is not None and self._now() - cached[0] < VALUE_TTL:
            return cached[1]
        async with self._db.transaction() as session:
            leader = await LeaderRepository(session).get(leader_id)
        if leader is None:
            return None
        try:
            rows = await self._data.value_v1(leader.wallet)
        except VenueError as exc:
            log.warning("leaders.value_failed", leader_id=leader_id, error=repr(exc))
            return cached[1] if cached else None
        value = to_micros(rows[0].value, exact=False) if rows else None
        self._cache[leader_id] = (self._now(), value)
        return value
