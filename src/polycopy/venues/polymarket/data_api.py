"""Async client for the Polymarket Data API: v2 (keyset cursors) and v1 (offset paging).

Documented limits are applied here, before a request is sent: v2 page sizes are capped
(over-cap requests are refused with 400 by the venue), v1 offsets stop at the cap where the
venue would answer 400 (page inside ``start``/``end`` windows beyond it instead).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import TypeVar

import httpx
from pydantic import TypeAdapter

from polycopy.venues.polymarket.errors import InvalidRequestError
from polycopy.venues.polymarket.http import VenueHttp, parse, parse_as
from polycopy.venues.polymarket.models import (
    ActivityPage,
    ActivityRow,
    LeaderboardEntry,
    PositionRow,
    PositionsPage,
    TokenHolders,
    TradeRow,
    TradeRowsPage,
    WalletValue,
)
from polycopy.venues.polymarket.ratelimit import DATA_API_LIMITS, RateLimiter

MAX_ACTIVITY_PAGE = 1000  # v2 /activity, /trades, /positions: limit <= 1000
V1_ACTIVITY_MAX_LIMIT, V1_ACTIVITY_MAX_OFFSET = 500, 5_000
V1_TRADES_MAX_LIMIT, V1_TRADES_MAX_OFFSET = 10_000, 10_000
V1_POSITIONS_MAX_LIMIT, V1_POSITIONS_MAX_OFFSET = 500, 10_000
V1_CLOSED_MAX_LIMIT, V1_CLOSED_MAX_OFFSET = 50, 100_000
V1_LEADERBOARD_MAX_LIMIT, V1_LEADERBOARD_MAX_OFFSET = 50, 1_000

Row = TypeVar("Row")
Params = dict[str, str | int]

_ACTIVITY_ROWS = TypeAdapter(list[ActivityRow])
_TRADE_ROWS = TypeAdapter(list[TradeRow])
_POSITION_ROWS = TypeAdapter(list[PositionRow])
_LEADERBOARD = TypeAdapter(list[LeaderboardEntry])
_HOLDERS = TypeAdapter(list[TokenHolders])
_VALUES = TypeAdapter(list[WalletValue])


class PagingLimitError(InvalidRequestError):
    """v1 offset paging reached the documented cap with rows still left."""

    code = "paging_limit"


class DataApiClient:
    def __init__(
        self, http: httpx.AsyncClient, base_url: str, *, limiter: RateLimiter | None = None
    ) -> None:
        self._api = VenueHttp(http, base_url, DATA_API_LIMITS, limiter=limiter)

    # --- v2 -------------------------------------------------------------------------------

    async def activity_page(
        self,
        user: str,
        *,
        types: Sequence[str],
        start: int | None = None,
        cursor: str | None = None,
        limit: int = 500,
    ) -> ActivityPage:
        """One page of a wallet's activity, oldest first.

        The first request carries the filters; follow-up pages send the same filters plus
        the cursor, as the v2 keyset contract requires.
        """
        params: Params = {
            "user": user,
            "type": ",".join(types),
            "sort_direction": "ASC",
            "limit": _page_size(limit, MAX_ACTIVITY_PAGE),
        }
        if start:
            params["start"] = start
        if cursor:
            params["cursor"] = cursor
        payload = await self._api.request("GET", "/v2/activity", params=params)
        return parse(ActivityPage, payload, what="activity page")

    async def trades_page(
        self,
        *,
        user: str | None = None,
        condition_ids: Sequence[str] = (),
        taker_only: bool = False,
        start: int | None = None,
        cursor: str | None = None,
        limit: int = 500,
    ) -> TradeRowsPage:
        """One page of ``/v2/trades``, newest first; ``taker_only=False`` keeps a wallet's
        maker fills. ``start`` (unix seconds, inclusive) applies to the ``user`` shape only."""
        params: Params = {
            "taker_only": str(taker_only).lower(),
            "limit": _page_size(limit, MAX_ACTIVITY_PAGE),
        }
        if user:
            params["user"] = user
            if start:
                params["start"] = start
        if condition_ids:
            params["condition"] = ",".join(condition_ids)
        if cursor:
            params["cursor"] = cursor
        payload = await self._api.request("GET", "/v2/trades", params=params)
        return parse(TradeRowsPage, payload, what="trades page")

    async def positions_page(
        self,
        user: str,
        *,
        status: str = "OPEN",
        cursor: str | None = None,
        limit: int = 500,
    ) -> PositionsPage:
        params: Params = {
            "user": user,
            "status": status,
            "limit": _page_size(limit, MAX_ACTIVITY_PAGE),
        }
        if cursor:
            params["cursor"] = cursor
        payload = await self._api.request("GET", "/v2/positions", params=params)
        return parse(PositionsPage, payload, what="positions page")

    # --- v1 -------------------------------------------------------------------------------

    async def activity_v1(
        self,
        user: str,
        *,
        types: Sequence[str] = (),
        start: int | None = None,
        end: int | None = None,
        ascending: bool = True,
        limit: int = V1_ACTIVITY_MAX_LIMIT,
    ) -> AsyncIterator[ActivityRow]:
        """Every activity row in the window, paged by offset up to the documented cap."""
        params: Params = {
            "user": user,
            "sortDirection": "ASC" if ascending else "DESC",
            "excludeDepositsWithdrawals": "false",
        }
        if types:
            params["type"] = ",".join(types)
        if start:
            params["start"] = start
        if end:
            params["end"] = end

        async def page(offset: int, size: int) -> list[ActivityRow]:
            query = {**params, "offset": offset, "limit": size}
            payload = await self._api.request("GET", "/activity", params=query)
            return parse_as(_ACTIVITY_ROWS, payload, what="v1 activity")

        async for row in _offset_pages(
            page, _page_size(limit, V1_ACTIVITY_MAX_LIMIT), V1_ACTIVITY_MAX_OFFSET
        ):
            yield row

    async def trades_v1(
        self, *, user: str | None = None, taker_only: bool = False, limit: int = 500
    ) -> AsyncIterator[TradeRow]:
        params: Params = {"takerOnly": str(taker_only).lower()}
        if user:
            params["user"] = user

        async def page(offset: int, size: int) -> list[TradeRow]:
            query = {**params, "offset": offset, "limit": size}
            payload = await self._api.request("GET", "/trades", params=query)
            return parse_as(_TRADE_ROWS, payload, what="v1 trades")

        async for row in _offset_pages(
            page, _page_size(limit, V1_TRADES_MAX_LIMIT), V1_TRADES_MAX_OFFSET
        ):
            yield row

    async def positions_v1(self, user: str, *, closed: bool = False) -> AsyncIterator[PositionRow]:
        """Open (``/positions``) or closed (``/closed-positions``) positions of a wallet."""
        path = "/closed-positions" if closed else "/positions"
        size, cap = (
            (V1_CLOSED_MAX_LIMIT, V1_CLOSED_MAX_OFFSET)
            if closed
            else (V1_POSITIONS_MAX_LIMIT, V1_POSITIONS_MAX_OFFSET)
        )

        async def page(offset: int, size: int) -> list[PositionRow]:
            query: Params = {"user": user, "offset": offset, "limit": size}
            payload = await self._api.request("GET", path, params=query)
            return parse_as(_POSITION_ROWS, payload, what=f"v1 {path[1:]}")

        async for row in _offset_pages(page, size, cap):
            yield row

    async def leaderboard_v1(
        self,
        *,
        category: str = "OVERALL",
        period: str = "DAY",
        order_by: str = "PNL",
        limit: int = V1_LEADERBOARD_MAX_LIMIT,
        offset: int = 0,
    ) -> list[LeaderboardEntry]:
        if not 0 <= offset <= V1_LEADERBOARD_MAX_OFFSET:
            raise PagingLimitError(f"leaderboard offset must be 0..{V1_LEADERBOARD_MAX_OFFSET}")
        params: Params = {
            "category": category,
            "timePeriod": period,
            "orderBy": order_by,
            "limit": _page_size(limit, V1_LEADERBOARD_MAX_LIMIT),
            "offset": offset,
        }
        payload = await self._api.request("GET", "/v1/leaderboard", params=params)
        return parse_as(_LEADERBOARD, payload, what="leaderboard")

    async def holders_v1(self, condition_ids: Sequence[str]) -> list[TokenHolders]:
        payload = await self._api.request(
            "GET", "/holders", params={"market": ",".join(condition_ids)}
        )
        return parse_as(_HOLDERS, payload, what="holders")

    async def value_v1(self, user: str) -> list[WalletValue]:
        payload = await self._api.request("GET", "/value", params={"user": user})
        return parse_as(_VALUES, payload, what="wallet value")


def _page_size(limit: int, cap: int) -> int:
    if limit < 1:
        raise ValueError(f"page size must be positive, got {limit}")
    return min(limit, cap)


async def _offset_pages(
    fetch: Callable[[int, int], Awaitable[list[Row]]], size: int, max_offset: int
) -> AsyncIterator[Row]:
    """Rows of consecutive pages until a short page; refuses to page past ``max_offset``."""
    offset = 0
    while True:
        rows = await fetch(offset, size)
        for row in rows:
            yield row
        if len(rows) < size:
            return
        offset += size
        if offset > max_offset:
            raise PagingLimitError(
                f"Data API v1 stops at offset {max_offset}; narrow the start/end window"
            )
