"""Leaders' portfolio values for proportional sizing: positions plus cash, read fresh.

Positions come from the Data API (``/value``), cash is the pUSD balance of the wallet read
on chain (``balanceOf``); ``/value`` alone misses the cash, and a leader who holds little
but trades from cash then looks tiny, which made copies huge. Without a Polygon RPC URL
the value is positions only, and says so (``LeaderValue.source``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import httpx
import structlog

from polycopy.copying.types import LeaderValue
from polycopy.kit.db import Database
from polycopy.kit.money import to_micros
from polycopy.leaders.repository import LeaderRepository
from polycopy.venues.polymarket.chain import PolygonRpc
from polycopy.venues.polymarket.ctf import PUSD
from polycopy.venues.polymarket.data_api import DataApiClient
from polycopy.venues.polymarket.errors import VenueError

log = structlog.get_logger(__name__)
#: How old a value may be when a fresh read fails and the last one stands in.
VALUE_MAX_AGE = dt.timedelta(minutes=1)


class LeaderValues:
    """``leader id → LeaderValue``, read afresh on every call; None when it cannot be known.

    The engine asks once per round for the leaders whose new fills it decides, so the value
    is refreshed on every leader trade. When a read fails, the last value stands in only
    while it is younger than ``max_age``. Each value read is stored on the leader's row,
    where the rule preview finds it.
    """

    def __init__(
        self,
        db: Database,
        data: DataApiClient,
        *,
        rpc: PolygonRpc | None,
        now: Callable[[], dt.datetime],
        max_age: dt.timedelta = VALUE_MAX_AGE,
    ) -> None:
        self._db = db
        self._data = data
        self._rpc = rpc
        self._now = now
        self._max_age = max_age
        self._last: dict[int, LeaderValue] = {}
        self._warned = False

    async def __call__(self, leader_id: int) -> LeaderValue | None:
        async with self._db.transaction() as session:
            leader = await LeaderRepository(session).get(leader_id)
            wallet = leader.wallet if leader is not None else None
        if wallet is None:
            return None
        try:
            rows = await self._data.value_v1(wallet)
            cash = await self._cash(wallet)
        except (VenueError, httpx.HTTPError) as exc:
            last = self._last.get(leader_id)
            fresh = last is not None and self._now() - last.read_at <= self._max_age
            log.warning(
                "leaders.value_failed", leader_id=leader_id, error=repr(exc), stale_used=fresh
            )
            return last if fresh else None
        positions = to_micros(rows[0].value, exact=False) if rows else 0
        value = LeaderValue(positions_micros=positions, cash_micros=cash, read_at=self._now())
        self._last[leader_id] = value
        async with self._db.transaction() as session:
            leader = await LeaderRepository(session).get(leader_id)
            if leader is not None:
                leader.value_positions_micros = value.positions_micros
                leader.value_cash_micros = value.cash_micros
                leader.value_read_at = value.read_at
        return value

    async def _cash(self, wallet: str) -> int | None:
        if self._rpc is None:
            if not self._warned:
                self._warned = True
                log.warning(
                    "leaders.value_positions_only",
                    why="no Polygon RPC URL: leaders' cash is not counted in their value",
                )
            return None
        return await self._rpc.erc20_balance(PUSD, wallet)


def stored_value(
    positions: int | None, cash: int | None, read_at: dt.datetime | None
) -> LeaderValue | None:
    """The value last stored on a leader's row, if any was read."""
    if positions is None or read_at is None:
        return None
    return LeaderValue(positions_micros=positions, cash_micros=cash, read_at=read_at)
