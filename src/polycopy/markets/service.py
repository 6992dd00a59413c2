"""The markets cache: tick size, minimum size and neg-risk flag, needed to size and sign."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Collection
from decimal import Decimal
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.kit.errors import InvalidInputError
from polycopy.kit.money import to_micros
from polycopy.markets.repository import MarketRepository
from polycopy.markets.risk import facts_json
from polycopy.models import Market, MarketToken
from polycopy.models.base import utcnow
from polycopy.venues.polymarket.errors import VenueError
from polycopy.venues.polymarket.gamma import GammaClient
from polycopy.venues.polymarket.models import GammaMarket, GammaMarketInfo

log = structlog.get_logger(__name__)


async def cache_market(session: AsyncSession, gamma_market: GammaMarket) -> Market:
    """Store a market fetched from Gamma unless it is cached already."""
    if len(gamma_market.outcomes) != len(gamma_market.clob_token_ids):
        raise InvalidInputError(f"market {gamma_market.condition_id}: outcomes and tokens differ")
    repo = MarketRepository(session)
    now = utcnow()
    await repo.add_if_missing(
        {
            "condition_id": gamma_market.condition_id,
            "question": gamma_market.question,
            "slug": gamma_market.slug,
            "neg_risk": gamma_market.neg_risk,
            "tick_size_micros": to_micros(gamma_market.tick_size),
            "min_order_size_micros": to_micros(gamma_market.min_order_size),
            "active": gamma_market.active,
            "closed": gamma_market.closed,
            "risk_facts": gamma_risk_facts(gamma_market, None, now),
            "created_at": now,
            "updated_at": now,
        },
        [
            {
                "token_id": token_id,
                "condition_id": gamma_market.condition_id,
                "outcome": outcome,
                "outcome_index": index,
            }
            for index, (outcome, token_id) in enumerate(
                zip(gamma_market.outcomes, gamma_market.clob_token_ids, strict=True)
            )
        ],
    )
    market = await repo.get(gamma_market.condition_id)
    if market is None:
        raise LookupError(gamma_market.condition_id)
    return market


#: The window of traded prices the volatility part reads.
VOLATILITY_WINDOW = dt.timedelta(hours=24)


def gamma_risk_facts(
    gamma_market: GammaMarketInfo, volatility_micros: int | None, now: dt.datetime
) -> dict[str, Any]:
    """``Market.risk_facts`` from what Gamma says of the market."""
    bid, ask = gamma_market.best_bid, gamma_market.best_ask

    def micros(value: Decimal | None) -> int | None:
        return to_micros(value) if value is not None else None

    return facts_json(
        liquidity_micros=micros(gamma_market.liquidity_num),
        volume_micros=micros(gamma_market.volume_num),
        spread_micros=micros(ask - bid) if bid is not None and ask is not None else None,
        volatility_micros=volatility_micros,
        resolution_status=gamma_market.uma_resolution_status,
        end_date=gamma_market.end_date,
        read_at=now,
    )


async def refresh_risk(
    session: AsyncSession, market: Market, gamma: GammaClient | None, now: dt.datetime
) -> Market:
    """Read the market's risk figures again (Gamma's, when a Gamma is configured and knows
    it; the recent volatility from the trades polycopy saw) and store them. Gamma failing
    keeps its figures as stored."""
    volatility = await MarketRepository(session).price_range(
        market.condition_id, now - VOLATILITY_WINDOW
    )
    try:
        found = await gamma.market_by_condition(market.condition_id) if gamma else None
    except VenueError as exc:  # Gamma away or refusing: the stored figures stand
        log.info("market_risk.gamma_failed", condition_id=market.condition_id, error=str(exc))
        found = None
    if found is not None:
        market.risk_facts = gamma_risk_facts(found, volatility, now)
    else:
        market.risk_facts = {**(market.risk_facts or {}), "volatility_micros": volatility}
    await session.flush()
    return market


POLYMARKET_SITE = "https://polymarket.com"


def market_url(market: Market) -> str | None:
    """The market's page on Polymarket (its event's page when Gamma named the event)."""
    if market.event_slug:
        return f"{POLYMARKET_SITE}/event/{market.event_slug}"
    if market.slug:
        return f"{POLYMARKET_SITE}/market/{market.slug}"
    return None


async def markets_named(
    session: AsyncSession, condition_ids: Collection[str], gamma: GammaClient | None
) -> list[tuple[Market, list[MarketToken]]]:
    """The stored markets among ``condition_ids`` with their outcomes; with ``gamma``, one
    not stored yet is fetched once and stored (so later look-ups read it from the database).
    A market Gamma cannot describe is left out."""
    repo = MarketRepository(session)
    known = await repo.known(condition_ids)
    missing = set(condition_ids) - {m.condition_id for m, _ in known}
    if gamma is None or not missing:
        return known
    fetched = await asyncio.gather(
        *(gamma.market_by_condition(cid) for cid in sorted(missing)), return_exceptions=True
    )
    stored = False
    for found in fetched:
        if isinstance(found, GammaMarket):
            await cache_market(session, found)
            stored = True
    return await repo.known(condition_ids) if stored else known
