"""Leaders: wallets to copy. Your list holds the leaders you added or have rules for."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, status

from polycopy.api.deps import DbSession, Idempotency, Principal, auth, mutation
from polycopy.api.errors import not_found
from polycopy.api.pagination import Page, PageQuery, page_of
from polycopy.api.repository import OwnedRepository
from polycopy.api.schemas import LeaderCreate, LeaderOut
from polycopy.auth.types import Scope
from polycopy.leaders.service import follow_wallet

router = APIRouter(prefix="/leaders", tags=["leaders"])

Reader = Annotated[Principal, auth(Scope.LEADERS_READ)]
Writer = Annotated[Idempotency, mutation(Scope.LEADERS_WRITE)]


@router.post("", status_code=status.HTTP_201_CREATED, response_model=LeaderOut)
async def add_leader(body: LeaderCreate, idem: Writer, session: DbSession) -> Any:
    """Add a leader by wallet address to your list (no copying until a rule says so)."""

    async def handler() -> LeaderOut:
        leader = await follow_wallet(
            session, body.wallet, actor=idem.principal.actor, name=body.name
        )
        await OwnedRepository(session, idem.principal.user.id).watch(leader.id)
        return LeaderOut.model_validate(leader)

    return await idem.run(body, handler, status_code=201)


@router.get("", response_model=Page[LeaderOut])
async def list_leaders(principal: Reader, session: DbSession, page: PageQuery) -> Page[LeaderOut]:
    rows = await OwnedRepository(session, principal.user.id).watched_leaders(
        before=page.before, limit=page.limit + 1
    )
    return page_of(rows, page, LeaderOut.model_validate, lambda r: r.id)


@router.get("/{leader_id}", response_model=LeaderOut)
async def get_leader(leader_id: int, principal: Reader, session: DbSession) -> LeaderOut:
    leader = await OwnedRepository(session, principal.user.id).watched_leader(leader_id)
    if leader is None:
        raise not_found("leader")
    return LeaderOut.model_validate(leader)
