from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.models import AuditEvent


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
