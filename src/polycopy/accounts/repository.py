from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.models import FollowerAccount, User


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get_by_email(self, email: str) -> User | None:
        return await self.session.scalar(select(User).where(User.email == email.lower()))

    async def add(self, user: User) -> User:
        self.session.add(user)
        await self.session.flush()
        return user


class FollowerAccountRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def lock(self, account_id: int) -> FollowerAccount:
        """The account row, locked until commit so concurrent deciders serialise on it.

        PostgreSQL takes a row lock; SQLite already holds the database write lock because
        every polycopy transaction begins IMMEDIATE.
        """
        account = await self.session.scalar(
            select(FollowerAccount).where(FollowerAccount.id == account_id).with_for_update()
        )
        if account is None:
            raise LookupError(f"follower account {account_id}")
        return account

    async def lock_all(self, account_ids: set[int]) -> dict[int, FollowerAccount]:
        """Several account rows locked in one statement, in id order.

        A fixed order means two deciders locking overlapping sets cannot deadlock.
        """
        if not account_ids:
            return {}
        stmt = (
            select(FollowerAccount)
            .where(FollowerAccount.id.in_(account_ids))
            .order_by(FollowerAccount.id)
            .with_for_update()
        )
        accounts = {account.id: account for account in (await self.session.scalars(stmt)).all()}
        missing = account_ids - accounts.keys()
        if missing:
            raise LookupError(f"follower accounts {sorted(missing)}")
        return accounts

    async def get(self, account_id: int) -> FollowerAccount | None:
        return await self.session.get(FollowerAccount, account_id)

    async def add(self, account: FollowerAccount) -> FollowerAccount:
        self.session.add(account)
        await self.session.flush()
        return account

    async def get_many(self, account_ids: set[int]) -> dict[int, FollowerAccount]:
        """The accounts by id; rows the session holds already (locked by a decider) cost no
        query, the others are read in one."""
        found: dict[int, FollowerAccount] = {}
        for account_id in account_ids:
            held = self.session.identity_map.get(
                self.session.sync_session.identity_key(FollowerAccount, account_id)
            )
            if isinstance(held, FollowerAccount):
                found[account_id] = held
        missing = account_ids - found.keys()
        if missing:
            rows = await self.session.scalars(
                select(FollowerAccount).where(FollowerAccount.id.in_(missing))
            )
            found |= {row.id: row for row in rows.all()}
        return found
