"""Async client for Gamma, Polymarket's market metadata service.

Gamma sends some arrays as JSON-encoded strings (``outcomes``, ``outcomePrices``,
``clobTokenIds``); the models decode them, and a market missing what trading needs (tick
size, minimum size, tokens) is reported as such instead of being half-used.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import httpx
from pydantic import TypeAdapter

from polycopy.venues.polymarket.errors import VenueError
from polycopy.venues.polymarket.http import VenueHttp, parse, parse_as
from polycopy.venues.polymarket.models import GammaEvent, GammaMarket, GammaMarketInfo
from polycopy.venues.polymarket.ratelimit import GAMMA_LIMITS, RateLimiter

QueryValue = str | int | float | bool | None
_MARKETS = TypeAdapter(list[GammaMarketInfo])
_EVENTS = TypeAdapter(list[GammaEvent])


class MarketNotTradableError(VenueError):
    """Gamma knows the market but not the parameters an order needs."""

    code = "market_not_tradable"


class GammaClient:
    def __init__(
        self, http: httpx.AsyncClient, base_url: str, *, limiter: RateLimiter | None = None
    ) -> None:
        self._api = VenueHttp(http, base_url, GAMMA_LIMITS, limiter=limiter)

    async def markets(
        self,
        *,
        condition_ids: Sequence[str] = (),
        token_ids: Sequence[str] = (),
        slugs: Sequence[str] = (),
        closed: bool | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[GammaMarketInfo]:
        """One offset page of ``/markets``; array filters are sent as repeated params."""
        payload = await self._markets_payload(
            condition_ids=condition_ids,
            token_ids=token_ids,
            slugs=slugs,
            closed=closed,
            limit=limit,
            offset=offset,
        )
        return parse_as(_MARKETS, payload, what="markets")

    async def market_by_condition(self, condition_id: str) -> GammaMarket | None:
        """The tradable view of one market, or None when Gamma does not know it."""
        payload = await self._markets_payload(condition_ids=[condition_id])
        markets = parse_as(_MARKETS, payload, what="markets")
        for raw, market in zip(payload, markets, strict=True):
            if market.condition_id == condition_id:
                try:
                    return parse(GammaMarket, raw, what="market")
                except VenueError as exc:
                    raise MarketNotTradableError(f"market {condition_id}: {exc}") from None
        return None

    async def _markets_payload(
        self,
        *,
        condition_ids: Sequence[str] = (),
        token_ids: Sequence[str] = (),
        slugs: Sequence[str] = (),
        closed: bool | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> Any:
        params: list[tuple[str, QueryValue]] = [("limit", limit), ("offset", offset)]
        params += [("condition_ids", c) for c in condition_ids]
        params += [("clob_token_ids", t) for t in token_ids]
        params += [("slug", s) for s in slugs]
        if closed is not None:
            params.append(("closed", str(closed).lower()))
        return await self._api.request("GET", "/markets", params=httpx.QueryParams(params))

    async def events(
        self,
        *,
        slugs: Sequence[str] = (),
        closed: bool | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[GammaEvent]:
        params: list[tuple[str, QueryValue]] = [("limit", limit), ("offset", offset)]
        params += [("slug", s) for s in slugs]
        if closed is not None:
            params.append(("closed", str(closed).lower()))
        payload = await self._api.request("GET", "/events", params=httpx.QueryParams(params))
        return parse_as(_EVENTS, payload, what="events")
