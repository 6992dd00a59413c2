"""Markets by name: the question and outcomes stored from Gamma, with a link to Polymarket."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Path, Query

from polycopy.api.deps import Context, CurrentUser, DbSession
from polycopy.api.errors import not_found
from polycopy.api.schemas import MarketOut, MarketOutcomeOut, MarketRiskOut, MarketRiskPartOut
from polycopy.config import Settings
from polycopy.kit.errors import VenueNotConfiguredError
from polycopy.kit.http import http_client
from polycopy.markets.risk import RiskFacts, market_risk, stored_facts
from polycopy.markets.service import market_url, markets_named, refresh_risk
from polycopy.models import Market
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
    now = context.venue_clock()
    return [
        MarketOut(
            condition_id=market.condition_id,
            question=market.question,
            slug=market.slug,
            url=market_url(market),
            closed=market.closed,
            outcomes=[MarketOutcomeOut(token_id=t.token_id, outcome=t.outcome) for t in tokens],
            risk_score=market_risk(_facts(market, now)).score,
        )
        for market, tokens in found
    ]


def _facts(market: Market, now: dt.datetime) -> RiskFacts:
    return stored_facts(
        market.risk_facts, neg_risk=market.neg_risk, now=now, end_date=market.end_date
    )


@router.get("/{condition_id}/risk", response_model=MarketRiskOut)
async def get_market_risk(
    condition_id: Annotated[str, Path(min_length=1, max_length=66)],
    principal: CurrentUser,
    session: DbSession,
    context: Context,
) -> MarketRiskOut:
    """The market's risk score with each part (docs/market-risk.md), from Gamma's figures
    read now (when a Gamma is configured) and the trades polycopy saw in the last day."""
    async with _gamma(context.settings) as gamma:
        found = await markets_named(session, {condition_id}, gamma)
        if not found:
            raise not_found("market")
        now = context.venue_clock()
        market = await refresh_risk(session, found[0][0], gamma, now)
    risk = market_risk(_facts(market, now))
    read_at = (market.risk_facts or {}).get("read_at")
    return MarketRiskOut(
        condition_id=market.condition_id,
        question=market.question,
        score=risk.score,
        parts=[
            MarketRiskPartOut(key=p.key, weight=p.weight, points=p.points, value=p.value)
            for p in risk.parts
        ],
        read_at=dt.datetime.fromisoformat(read_at) if read_at else None,
    )
