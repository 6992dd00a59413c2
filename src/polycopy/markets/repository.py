from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.kit.db import insert_ignore
from polycopy.models import LeaderFill, Market, MarketToken


class MarketRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, condition_id: str) -> Market | None:
        return await self.session.get(Market, condition_id)

    async def token(self, token_id: str) -> MarketToken | None:
        return await self.session.get(MarketToken, token_id)

    async def add_if_missing(self, market: dict[str, Any], tokens: list[dict[str, Any]]) -> None:
        """Cache a market; concurrent workers caching the same one is not an error."""
        await insert_ignore(self.session, Market.__table__, market)
        for token in tokens:
            await insert_ignore(self.session, MarketToken.__table__, token)

    async def tokens(self, condition_id: str) -> Sequence[MarketToken]:
        stmt = (
            select(MarketToken)
            .where(MarketToken.condition_id == condition_id)
            .order_by(MarketToken.outcome_index)
        )
        return (await self.session.scalars(stmt)).all()

    async def event_keys(self, condition_ids: set[str]) -> dict[str, str]:
        """Market → the event it belongs to (the market itself when it has none)."""
        if not condition_ids:
            return {}
        rows = await self.session.execute(
            select(Market.condition_id, Market.event_slug).where(
                Market.condition_id.in_(condition_ids)
            )
        )
        known = {cid: slug or cid for cid, slug in rows.all()}
        return {cid: known.get(cid, cid) for cid in condition_ids}

    async def price_range(self, condition_id: str, since: dt.datetime) -> int | None:
        """The widest range (max − min) of any outcome's traded price in the market since
        ``since``, from the leader fills polycopy saw; None: no trade seen."""
        rows = await self.session.execute(
            select(func.max(LeaderFill.price_micros) - func.min(LeaderFill.price_micros))
            .where(
                LeaderFill.condition_id == condition_id,
                LeaderFill.occurred_at >= since,
                LeaderFill.price_micros > 0,
                LeaderFill.token_id.is_not(None),
            )
            .group_by(LeaderFill.token_id)
        )
        ranges = [int(r[0]) for r in rows if r[0] is not None]
        return max(ranges) if ranges else None

    async def known(self, condition_ids: Collection[str]) -> list[tuple[Market, list[MarketToken]]]:
        """The stored markets among these, each with its outcomes in order."""
        if not condition_ids:
            return []
        markets = (
            await self.session.scalars(
                select(Market).where(Market.condition_id.in_(set(condition_ids)))
            )
        ).all()
        tokens = (
            await self.session.scalars(
                select(MarketToken)
                .where(MarketToken.condition_id.in_([m.condition_id for m in markets]))
                .order_by(MarketToken.outcome_index)
            )
        ).all()
        outcomes: dict[str, list[MarketToken]] = {}
        for token in tokens:
            outcomes.setdefault(token.condition_id, []).append(token)
        return [(m, outcomes.get(m.condition_id, [])) for m in markets]
