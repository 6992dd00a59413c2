from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.models import CopyRule, CopyRuleVersion, Decision


class CopyRuleRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def following(self, leader_id: int) -> Sequence[CopyRule]:
        """Every live rule that follows the leader, paused ones included (they get a skip);
        deleted rules decide nothing."""
        stmt = (
            select(CopyRule)
            .where(CopyRule.leader_id == leader_id, CopyRule.deleted_at.is_(None))
            .order_by(CopyRule.id)
        )
        return (await self.session.scalars(stmt)).all()

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


class DecisionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def exists(self, leader_fill_id: int, copy_rule_id: int) -> bool:
        found = await self.session.scalar(
            select(Decision.id).where(
                Decision.leader_fill_id == leader_fill_id, Decision.copy_rule_id == copy_rule_id
            )
        )
        return found is not None

    async def add(self, decision: Decision) -> Decision:
        self.session.add(decision)
        await self.session.flush()
        return decision
