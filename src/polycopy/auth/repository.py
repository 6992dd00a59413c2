from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.models import ApiToken, User, UserSession


class UserSessionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, row: UserSession) -> UserSession:
        self.session.add(row)
        await self.session.flush()
        return row

    async def live_by_hash(self, token_hash: str, now: dt.datetime) -> UserSession | None:
        return await self.session.scalar(
            select(UserSession).where(
                UserSession.token_hash == token_hash,
                UserSession.revoked_at.is_(None),
                UserSession.expires_at > now,
            )
        )

    async def live_of(self, user_id: int, now: dt.datetime) -> Sequence[UserSession]:
        """The user's sessions still signed in, newest first."""
        stmt = select(UserSession).where(
            UserSession.user_id == user_id,
            UserSession.revoked_at.is_(None),
            UserSession.expires_at > now,
        )
        return (await self.session.scalars(stmt.order_by(UserSession.id.desc()))).all()

    async def revoke_others(self, user_id: int, keep: int | None, now: dt.datetime) -> int:
        """End every live session of the user except ``keep``; returns how many ended."""
        stmt = (
            update(UserSession)
            .where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        if keep is not None:
            stmt = stmt.where(UserSession.id != keep)
        result = await self.session.execute(stmt)
        return int(getattr(result, "rowcount", 0) or 0)


class ApiTokenRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, row: ApiToken) -> ApiToken:
        self.session.add(row)
        await self.session.flush()
        return row

    async def live_by_hash(self, token_hash: str, now: dt.datetime) -> ApiToken | None:
        token = await self.session.scalar(
            select(ApiToken).where(ApiToken.token_hash == token_hash, ApiToken.revoked_at.is_(None))
        )
        if token is None or (token.expires_at is not None and token.expires_at <= now):
            return None
        return token

    async def owned(self, user_id: int, token_id: int) -> ApiToken | None:
        return await self.session.scalar(
            select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user_id)
        )

    async def list_owned(
        self, user_id: int, *, before: int | None, limit: int
    ) -> Sequence[ApiToken]:
        stmt = select(ApiToken).where(ApiToken.user_id == user_id)
        if before is not None:
            stmt = stmt.where(ApiToken.id < before)
        return (await self.session.scalars(stmt.order_by(ApiToken.id.desc()).limit(limit))).all()


class UserLookup:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: int) -> User | None:
        return await self.session.get(User, user_id)
