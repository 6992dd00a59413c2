"""The API's read side: every query here is scoped to the user who asks.

Keeping the owner-scoped queries in one module makes the rule "a user only ever sees their
own rows" reviewable in one place; writes go through the domain services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.api.errors import ApiError
from polycopy.kit.db import insert_ignore
from polycopy.models import (
    CopyRule,
    Decision,
    FollowerAccount,
    IdempotencyRecord,
    Leader,
    LeaderFill,
    LeaderWatch,
    Order,
    OrderEvent,
)


class OwnedRepository:
    """Rows that belong to one user (through their follower accounts)."""

    def __init__(self, session: AsyncSession, user_id: int) -> None:
        self.session = session
        self.user_id = user_id

    def account_ids(self) -> Select[int]:
        return select(FollowerAccount.id).where(FollowerAccount.user_id == self.user_id)

    # Follower accounts.
    async def account(self, account_id: int) -> FollowerAccount | None:
        return await self.session.scalar(
            select(FollowerAccount).where(
                FollowerAccount.id == account_id, FollowerAccount.user_id == self.user_id
            )
        )

    async def accounts(self, *, before: int | None, limit: int) -> Sequence[FollowerAccount]:
        stmt = select(FollowerAccount).where(FollowerAccount.user_id == self.user_id)
        if before is not None:
            stmt = stmt.where(FollowerAccount.id < before)
        return (
            await self.session.scalars(stmt.order_by(FollowerAccount.id.desc()).limit(limit))
        ).all()

    # Copy rules (deleted ones are hidden).
    async def rule(self, rule_id: int) -> tuple[CopyRule, Leader] | None:
        row = (
            await self.session.execute(
                select(CopyRule, Leader)
                .join(Leader, Leader.id == CopyRule.leader_id)
                .where(
                    CopyRule.id == rule_id,
                    CopyRule.deleted_at.is_(None),
                    CopyRule.follower_account_id.in_(self.account_ids()),
                )
            )
        ).first()
        return None if row is None else (row[0], row[1])

    async def rule_for(self, account_id: int, leader_id: int) -> CopyRule | None:
        """The account's rule for a leader, deleted or not (one per pair)."""
        return await self.session.scalar(
            select(CopyRule).where(
                CopyRule.follower_account_id == account_id,
                CopyRule.leader_id == leader_id,
                CopyRule.follower_account_id.in_(self.account_ids()),
            )
        )

    async def rules(
        self, *, before: int | None, limit: int, account_id: int | None
    ) -> Sequence[tuple[CopyRule, Leader]]:
        stmt = (
            select(CopyRule, Leader)
            .join(Leader, Leader.id == CopyRule.leader_id)
            .where(
                CopyRule.deleted_at.is_(None),
                CopyRule.follower_account_id.in_(self.account_ids()),
            )
        )
        if account_id is not None:
            stmt = stmt.where(CopyRule.follower_account_id == account_id)
        if before is not None:
            stmt = stmt.where(CopyRule.id < before)
        rows = await self.session.execute(stmt.order_by(CopyRule.id.desc()).limit(limit))
        return [(r[0], r[1]) for r in rows]

    # Decisions.
    async def decision(self, decision_id: int) -> Decision | None:
        return await self.session.scalar(
            select(Decision).where(
                Decision.id == decision_id,
                Decision.follower_account_id.in_(self.account_ids()),
            )
        )

    async def decisions(
        self,
        *,
        before: int | None,
        limit: int,
        account_id: int | None,
        rule_id: int | None,
    ) -> Sequence[Decision]:
        stmt = select(Decision).where(Decision.follower_account_id.in_(self.account_ids()))
        if account_id is not None:
            stmt = stmt.where(Decision.follower_account_id == account_id)
        if rule_id is not None:
            stmt = stmt.where(Decision.copy_rule_id == rule_id)
        if before is not None:
            stmt = stmt.where(Decision.id < before)
        return (await self.session.scalars(stmt.order_by(Decision.id.desc()).limit(limit))).all()

    # Orders and their history.
    async def order(self, order_id: int) -> Order | None:
        return await self.session.scalar(
            select(Order).where(
                Order.id == order_id, Order.follower_account_id.in_(self.account_ids())
            )
        )

    async def orders(
        self, *, before: int | None, limit: int, account_id: int | None
    ) -> Sequence[Order]:
        stmt = select(Order).where(Order.follower_account_id.in_(self.account_ids()))
        if account_id is not None:
            stmt = stmt.where(Order.follower_account_id == account_id)
        if before is not None:
            stmt = stmt.where(Order.id < before)
        return (await self.session.scalars(stmt.order_by(Order.id.desc()).limit(limit))).all()

    async def order_events(self, order_ids: Sequence[int]) -> Sequence[OrderEvent]:
        """The history of orders already known to be the user's, oldest first."""
        if not order_ids:
            return []
        stmt = (
            select(OrderEvent)
            .join(Order, Order.id == OrderEvent.order_id)
            .where(
                OrderEvent.order_id.in_(order_ids),
                Order.follower_account_id.in_(self.account_ids()),
            )
            .order_by(OrderEvent.order_id, OrderEvent.id)
        )
        return (await self.session.scalars(stmt)).all()

    # The user's leader list, each with the user's own label.
    async def watch(self, leader_id: int, *, label: str | None = None) -> None:
        """Put the leader on the user's list; a label given renames it (for this user)."""
        await insert_ignore(
            self.session,
            LeaderWatch.__table__,
            {"user_id": self.user_id, "leader_id": leader_id, "label": label},
        )
        if label is not None:
            await self.session.execute(
                update(LeaderWatch)
                .where(LeaderWatch.user_id == self.user_id, LeaderWatch.leader_id == leader_id)
                .values(label=label)
            )

    async def unwatch(self, leader_id: int) -> bool:
        """Take the leader off the user's list; False when it was not on it."""
        result = await self.session.execute(
            delete(LeaderWatch).where(
                LeaderWatch.user_id == self.user_id, LeaderWatch.leader_id == leader_id
            )
        )
        return bool(getattr(result, "rowcount", 0))

    async def rule_ids_of_leader(self, leader_id: int) -> list[int]:
        """The user's rules (not deleted) that copy this leader, oldest first."""
        rows = await self.session.scalars(
            select(CopyRule.id)
            .where(
                CopyRule.leader_id == leader_id,
                CopyRule.deleted_at.is_(None),
                CopyRule.follower_account_id.in_(self.account_ids()),
            )
            .order_by(CopyRule.id)
        )
        return list(rows.all())

    def _watched(self) -> Select[Leader, str | None]:
        return (
            select(Leader, LeaderWatch.label)
            .join(LeaderWatch, LeaderWatch.leader_id == Leader.id)
            .where(LeaderWatch.user_id == self.user_id)
        )

    async def watched_leader(self, leader_id: int) -> tuple[Leader, str | None] | None:
        row = (await self.session.execute(self._watched().where(Leader.id == leader_id))).first()
        return None if row is None else (row[0], row[1])

    async def watched_wallets(self, wallets: set[str]) -> dict[str, int]:
        """Which of these wallets are on the user's list: wallet → leader id."""
        if not wallets:
            return {}
        rows = await self.session.execute(
            select(Leader.wallet, Leader.id)
            .join(LeaderWatch, LeaderWatch.leader_id == Leader.id)
            .where(LeaderWatch.user_id == self.user_id, Leader.wallet.in_(wallets))
        )
        return {str(w): int(i) for w, i in rows.all()}

    async def watched_leaders(
        self, *, before: int | None, limit: int
    ) -> Sequence[tuple[Leader, str | None]]:
        stmt = self._watched()
        if before is not None:
            stmt = stmt.where(Leader.id < before)
        rows = await self.session.execute(stmt.order_by(Leader.id.desc()).limit(limit))
        return [(r[0], r[1]) for r in rows]

    # Leader fills of the user's leaders, and the live-update feed.
    def _watched_ids(self) -> Select[int]:
        return select(LeaderWatch.leader_id).where(LeaderWatch.user_id == self.user_id)

    async def leader_fills(
        self, leader_id: int, *, before: int | None, limit: int
    ) -> Sequence[LeaderFill]:
        stmt = select(LeaderFill).where(
            LeaderFill.leader_id == leader_id, LeaderFill.leader_id.in_(self._watched_ids())
        )
        if before is not None:
            stmt = stmt.where(LeaderFill.id < before)
        return (await self.session.scalars(stmt.order_by(LeaderFill.id.desc()).limit(limit))).all()

    async def feed_heads(self) -> tuple[int, int, int]:
        """The newest leader fill, decision and order event ids (anyone's: only a start).

        One statement, so all three come from the same snapshot.
        """
        row = (
            await self.session.execute(
                select(
                    select(func.max(LeaderFill.id)).scalar_subquery(),
                    select(func.max(Decision.id)).scalar_subquery(),
                    select(func.max(OrderEvent.id)).scalar_subquery(),
                )
            )
        ).one()
        return int(row[0] or 0), int(row[1] or 0), int(row[2] or 0)

    async def leader_fills_after(self, after: int, limit: int) -> Sequence[LeaderFill]:
        stmt = (
            select(LeaderFill)
            .where(LeaderFill.id > after, LeaderFill.leader_id.in_(self._watched_ids()))
            .order_by(LeaderFill.id)
            .limit(limit)
        )
        return (await self.session.scalars(stmt)).all()

    async def decisions_after(self, after: int, limit: int) -> Sequence[Decision]:
        stmt = (
            select(Decision)
            .where(Decision.id > after, Decision.follower_account_id.in_(self.account_ids()))
            .order_by(Decision.id)
            .limit(limit)
        )
        return (await self.session.scalars(stmt)).all()

    async def order_events_after(
        self, after: int, limit: int
    ) -> Sequence[tuple[OrderEvent, Order]]:
        stmt = (
            select(OrderEvent, Order)
            .join(Order, Order.id == OrderEvent.order_id)
            .where(OrderEvent.id > after, Order.follower_account_id.in_(self.account_ids()))
            .order_by(OrderEvent.id)
            .limit(limit)
        )
        return [(r[0], r[1]) for r in await self.session.execute(stmt)]


class IdempotencyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: int, key: str, *, since: dt.datetime) -> IdempotencyRecord | None:
        """The user's record for the key, if stored since ``since``; an older one is deleted
        (the key is free again)."""
        mine = (IdempotencyRecord.user_id == user_id, IdempotencyRecord.key == key)
        await self.session.execute(
            delete(IdempotencyRecord).where(*mine, IdempotencyRecord.created_at < since)
        )
        return await self.session.scalar(select(IdempotencyRecord).where(*mine))

    async def purge(self, *, older_than: dt.datetime, limit: int = 500) -> int:
        """Delete up to ``limit`` records (anyone's) stored before ``older_than``; rows another
        transaction holds are left for a later purge, so concurrent writers never wait."""
        expired = (
            select(IdempotencyRecord.id)
            .where(IdempotencyRecord.created_at < older_than)
            .order_by(IdempotencyRecord.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        result = await self.session.execute(
            delete(IdempotencyRecord).where(IdempotencyRecord.id.in_(expired))
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def add_or_conflict(self, record: IdempotencyRecord) -> None:
        """Store the record; a concurrent request with the same key makes this one fail."""
        self.session.add(record)
        try:
            await self.session.flush()
        except IntegrityError:
            raise ApiError(
                409,
                "idempotency_key_in_use",
                "a concurrent request with this Idempotency-Key is being processed",
                field="Idempotency-Key",
            ) from None
