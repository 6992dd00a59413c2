from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.copying.types import AllocationMode
from polycopy.models import CopyRule, CopyRuleVersion, Decision, Leader


class CopyRuleRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def followed_wallets(self, account_id: int) -> set[str]:
        """The wallets of the leaders the account's live rules follow (paused ones too)."""
        stmt = (
            select(Leader.wallet)
            .join(CopyRule, CopyRule.leader_id == Leader.id)
            .where(CopyRule.follower_account_id == account_id, CopyRule.deleted_at.is_(None))
        )
        return set((await self.session.scalars(stmt)).all())

    async def following(
        self, leader_id: int, *, undecided: int | None = None, limit: int | None = None
    ) -> Sequence[CopyRule]:
        """Every live rule that follows the leader, paused ones included (they get a skip);
        deleted rules decide nothing. With ``undecided``, only the rules that have not
        decided that fill yet, the first ``limit`` of them (a fan-out's next chunk)."""
        stmt = select(CopyRule).where(
            CopyRule.leader_id == leader_id, CopyRule.deleted_at.is_(None)
        )
        if undecided is not None:
            decided = select(Decision.id).where(
                Decision.leader_fill_id == undecided, Decision.copy_rule_id == CopyRule.id
            )
            stmt = stmt.where(~decided.exists())
        return (await self.session.scalars(stmt.order_by(CopyRule.id).limit(limit))).all()

    async def leaders_allocating(
        self, leader_ids: Collection[int], allocation: AllocationMode
    ) -> set[int]:
        """Those of these leaders that a live rule follows with this allocation mode."""
        stmt = (
            select(CopyRule.leader_id)
            .where(
                CopyRule.leader_id.in_(leader_ids),
                CopyRule.deleted_at.is_(None),
                CopyRule.settings["allocation"].as_string() == allocation.value,
            )
            .distinct()
        )
        return set((await self.session.scalars(stmt)).all())

    async def add(self, rule: CopyRule, snapshot: dict[str, Any]) -> CopyRule:
        self.session.add(rule)
        await self.session.flush()
        await self.add_version(rule, snapshot)
        return rule

    async def add_version(self, rule: CopyRule, snapshot: dict[str, Any]) -> None:
        self.session.add(
            CopyRuleVersion(copy_rule_id=rule.id, version=rule.version, settings=snapshot)
        )
        await self.session.flush()

    async def get(self, rule_id: int) -> CopyRule | None:
        return await self.session.get(CopyRule, rule_id)

    async def awaiting_mirror(self) -> list[tuple[int, int, str]]:
        """(rule, leader, leader wallet) of live rules whose leader's open positions are to
        be mirrored and are not yet."""
        stmt = (
            select(CopyRule.id, Leader.id, Leader.wallet)
            .join(Leader, Leader.id == CopyRule.leader_id)
            .where(
                CopyRule.mirrored_at.is_(None),
                CopyRule.deleted_at.is_(None),
                CopyRule.settings["mirror_open_positions"].as_boolean().is_(True),
            )
            .order_by(CopyRule.id)
        )
        return [(int(r), int(lid), str(w)) for r, lid, w in (await self.session.execute(stmt))]


class DecisionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def decided_rules(self, leader_fill_ids: Collection[int]) -> set[tuple[int, int]]:
        """The (fill, rule) pairs of these fills that are decided already."""
        rows = await self.session.execute(
            select(Decision.leader_fill_id, Decision.copy_rule_id).where(
                Decision.leader_fill_id.in_(leader_fill_ids)
            )
        )
        return {(fill_id, rule_id) for fill_id, rule_id in rows.all()}

    async def add_all(self, rows: list[dict[str, Any]]) -> list[Decision]:
        """Insert decisions (of one fill or several) in one statement, in the rows' order.

        A bulk INSERT ... RETURNING rather than ``add_all``: on SQLite the unit of work
        inserts rows that need their ids back one statement at a time.
        """
        if not rows:
            return []
        inserted = await self.session.scalars(insert(Decision).returning(Decision), rows)
        by_pair = {(d.leader_fill_id, d.copy_rule_id): d for d in inserted.all()}
        return [by_pair[row["leader_fill_id"], row["copy_rule_id"]] for row in rows]
