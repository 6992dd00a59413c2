"""Async client for Gamma, Polymarket's market metadata service."""

from __future__ import annotations

import httpx
from pydantic import TypeAdapter, ValidationError

from polycopy.venues.polymarket.http import VenueError, raise_for_status, read_json
from polycopy.venues.polymarket.models import GammaMarket

_MARKETS = TypeAdapter(list[GammaMarket])


class GammaClient:
    def __init__(self, http: httpx.AsyncClient, base_url: str) -> None:
        self._http = http
        self._base = base_url.rstrip("/")

    async def market_by_condition(self, condition_id: str) -> GammaMarket | None:
        response = await self._http.get(
            f"{self._base}/markets", params={"condition_ids": condition_id}
        )
        raise_for_status(response)
        try:
            markets = _MARKETS.validate_python(read_json(response))
        except ValidationError as exc:
            raise VenueError(f"malformed markets: {exc.errors()[0]}", retryable=False) from None
        return next((m for m in markets if m.condition_id == condition_id), None)
