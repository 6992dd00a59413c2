"""The markets cache: tick size, minimum size and neg-risk flag, needed to size and sign."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.kit.money import to_micros
from polycopy.markets.repository import MarketRepository
from polycopy.models import Market, MarketToken
from polycopy.venues.polymarket.models import GammaMarket


async def cache_market(session: AsyncSession, gamma_market: GammaMarket) -> Market:
    """Store a market fetched from Gamma unless it is cached already."""
    repo = MarketRepository(session)
    existing = await repo.get(gamma_market.condition_id)
    if existing is not None:
        return existing
    if len(gamma_market.outcomes) != len(gamma_market.clob_token_ids):
        raise ValueError(f"market {gamma_market.condition_id}: outcomes and tokens differ")
    market = Market(
        condition_id=gamma_market.condition_id,
        question=gamma_market.question,
        slug=gamma_market.slug,
        neg_risk=gamma_market.neg_risk,
        tick_size_micros=to_micros(gamma_market.tick_size),
        min_order_size_micros=to_micros(gamma_market.min_order_size),
        active=gamma_market.active,
        closed=gamma_market.closed,
    )
    tokens = [
        MarketToken(
            token_id=token_id, condition_id=market.condition_id, outcome=outcome, outcome_index=i
        )
        for i, (outcome, token_id) in enumerate(
            zip(gamma_market.outcomes, gamma_market.clob_token_ids, strict=True)
        )
    ]
    await repo.add(market, tokens)
    return market
