"""Markets by name: the question and outcomes stored from Gamma, with a link to Polymarket."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Query

from polycopy.api.deps import Context, CurrentUser, DbSession
from polycopy.api.schemas import MarketOut, MarketOutcomeOut
from polycopy.config import Settings
from polycopy.kit.errors import VenueNotConfiguredError
from polycopy.kit.http import http_client
from polycopy.markets.service import market_url, markets_named
from polycopy.venues.polymarket.gamma import GammaClient

router = APIRouter(prefix="/markets", tags=["markets"])

MAX_MARKETS = 100
ConditionIds = Annotated[
    list[Annotated[str, Query(min_length=1, max_length=66)]],
    Query(max_length=MAX_MARKETS, description="Condition ids of the markets (up to 100)"),
]


@contextlib.asynccontextmanager
async def _gamma(settings: Settings) -> AsyncIterator[GammaClient | None]:
    """A Gamma client, or None where no Gamma is configured (sim without an emulator)."""
    try:
        url = settings.venue("gamma_url")
    except VenueNotConfiguredError:
        yield None
        return
    async with http_client(settings.venue_timeout_seconds) as http:
        yield GammaClient(http, url)


@router.get("", response_model=list[MarketOut])
async def list_markets(
    principal: CurrentUser, session: DbSession, context: Context, condition_id: ConditionIds
) -> list[MarketOut]:
    """Names and outcomes of these markets (public data; any signed-in user or token).

    A market polycopy has not stored yet is fetched from Gamma once and stored; one Gamma
    cannot describe is left out of the answer."""
    async with _gamma(context.settings) as gamma:
        found = await markets_named(session, set(condition_id), gamma)
    return [
        MarketOut(
            condition_id=market.condition_id,
            question=market.question,
            slug=market.slug,
            url=market_url(market),
            closed=market.closed,
            outcomes=[MarketOutcomeOut(token_id=t.token_id, outcome=t.outcome) for t in tokens],
        )
        for market, tokens in found
    ]
