"""Your audit log: what you did, and what happened to your user, accounts, rules and orders."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from polycopy.api.deps import DbSession, Principal, auth
from polycopy.api.pagination import Page, PageQuery, page_of
from polycopy.api.schemas import AuditEventOut
from polycopy.audit.repository import AuditReader
from polycopy.auth.types import Scope

router = APIRouter(prefix="/audit", tags=["audit"])


@router.get("", response_model=Page[AuditEventOut])
async def list_audit_events(
    principal: Annotated[Principal, auth(Scope.AUDIT_READ)],
    session: DbSession,
    page: PageQuery,
    entity_type: Annotated[str | None, Query(max_length=50)] = None,
    entity_id: Annotated[str | None, Query(max_length=100)] = None,
) -> Page[AuditEventOut]:
    """Newest first. An administrator's actions on your accounts are here too."""
    rows = await AuditReader(session).events(
        before=page.before,
        limit=page.limit + 1,
        user_id=principal.user.id,
        entity_type=entity_type,
        entity_id=entity_id,
    )
    return page_of(rows, page, AuditEventOut.model_validate, lambda r: r.id)
