"""Async client for the Polymarket Data API (v2 routes)."""

from __future__ import annotations

from collections.abc import Sequence

import httpx

from polycopy.venues.polymarket.http import parse, raise_for_status, read_json
from polycopy.venues.polymarket.models import ActivityPage

MAX_ACTIVITY_PAGE = 1000


class DataApiClient:
    def __init__(self, http: httpx.AsyncClient, base_url: str) -> None:
        self._http = http
        self._base = base_url.rstrip("/")

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
        params: dict[str, str | int] = {
            "user": user,
            "type": ",".join(types),
            "sort_direction": "ASC",
            "limit": min(limit, MAX_ACTIVITY_PAGE),
        }
        if start:
            params["start"] = start
        if cursor:
            params["cursor"] = cursor
        response = await self._http.get(f"{self._base}/v2/activity", params=params)
        raise_for_status(response)
        return parse(ActivityPage, read_json(response), what="activity page")
