from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.models import Market, MarketToken


class MarketRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, condition_id: str) -> Market | None:
        return await self.session.get(Market, condition_id)

    async def token(self, token_id: str) -> MarketToken | None:
        return await self.session.get(MarketToken, token_id)

    async def add(self, market: Market, tokens: list[MarketToken]) -> None:
        self.session.add(market)
        await self.session.flush()
        self.session.add_all(tokens)
        await self.session.flush()

    async def by_token(self, token_id: str) -> Market | None:
        stmt = select(Market).join(MarketToken).where(MarketToken.token_id == token_id)
        return await self.session.scalar(stmt)
