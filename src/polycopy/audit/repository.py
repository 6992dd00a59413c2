from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, String, and_, cast, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.models import ApiToken, AuditEvent, CopyRule, FollowerAccount, Order


class AuditRepository:
    """Appends to the audit trail; there is deliberately no update or delete."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record(
        self,
        *,
        actor: str,
        entity_type: str,
        entity_id: str | int,
        action: str,
        details: dict[str, Any] | None = None,
    ) -> None:
        self.session.add(
            AuditEvent(
                actor=actor,
                entity_type=entity_type,
                entity_id=str(entity_id),
                action=action,
                details=details or {},
            )
        )
        await self.session.flush()


class AuditReader:
    """Reads the audit trail: a user's own part of it, or all of it (admins)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def _owned_by(self, user_id: int) -> ColumnElement[bool]:
        """Events a user did, or that happened to their user, accounts, rules, tokens, orders."""
        accounts = select(FollowerAccount.id).where(FollowerAccount.user_id == user_id)

        def entity(kind: str, ids: Select[Any]) -> ColumnElement[bool]:
            return and_(
                AuditEvent.entity_type == kind,
                AuditEvent.entity_id.in_(select(cast(ids.subquery().c[0], String))),
            )

        return or_(
            AuditEvent.actor == f"user:{user_id}",
            and_(AuditEvent.entity_type == "user", AuditEvent.entity_id == str(user_id)),
            entity("follower_account", accounts),
            entity(
                "copy_rule",
                select(CopyRule.id).where(CopyRule.follower_account_id.in_(accounts)),
            ),
            entity("api_token", select(ApiToken.id).where(ApiToken.user_id == user_id)),
            entity("order", select(Order.id).where(Order.follower_account_id.in_(accounts))),
        )

    async def events(
        self,
        *,
        before: int | None,
        limit: int,
        user_id: int | None = None,
        actor: str | None = None,
        entity_type: str | None = None,
        entity_id: str | None = None,
    ) -> Sequence[AuditEvent]:
        """Newest first; ``user_id`` limits the trail to that user's part of it."""
        stmt = select(AuditEvent)
        if user_id is not None:
            stmt = stmt.where(self._owned_by(user_id))
        if actor is not None:
            stmt = stmt.where(AuditEvent.actor == actor)
        if entity_type is not None:
            stmt = stmt.where(AuditEvent.entity_type == entity_type)
        if entity_id is not None:
            stmt = stmt.where(AuditEvent.entity_id == entity_id)
        if before is not None:
            stmt = stmt.where(AuditEvent.id < before)
        return (await self.session.scalars(stmt.order_by(AuditEvent.id.desc()).limit(limit))).all()
