"""Merge offers: when two rules leave an account holding every outcome of a market, polycopy
offers to merge the complete sets back into pUSD; nothing is merged until the user accepts."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.api.deps import DbSession, Idempotency, Principal, auth, mutation
from polycopy.api.errors import ApiError, not_found
from polycopy.api.pagination import Page, PageQuery, RowId, page_of
from polycopy.api.repository import OwnedRepository
from polycopy.api.schemas import MergeOfferOut
from polycopy.auth.types import Scope
from polycopy.kit.errors import InvalidInputError
from polycopy.markets.repository import MarketRepository
from polycopy.models import Settlement
from polycopy.settlements.repository import SettlementRepository
from polycopy.settlements.service import answer_merge_offer
from polycopy.settlements.types import SettlementStatus
from polycopy.venues.base import SettlementAction

router = APIRouter(prefix="/accounts/{account_id}/merge-offers", tags=["accounts"])

Reader = Annotated[Principal, auth(Scope.ACCOUNTS_READ)]
Writer = Annotated[Idempotency, mutation(Scope.ACCOUNTS_WRITE)]
StatusFilter = Annotated[
    SettlementStatus | None, Query(description="Only offers in this state (`offered`: unanswered)")
]


def _is_offer(settlement: Settlement) -> bool:
    """Offered merges have no leader; a merge mirroring a leader's own is not an offer."""
    return settlement.action is SettlementAction.MERGE and settlement.leader_id is None


async def _offer_out(session: AsyncSession, settlement: Settlement) -> MergeOfferOut:
    market = await MarketRepository(session).get(settlement.condition_id)
    return MergeOfferOut(
        id=settlement.id,
        follower_account_id=settlement.follower_account_id,
        condition_id=settlement.condition_id,
        question=market.question if market is not None else None,
        status=settlement.status,
        shares_micros=settlement.shares_micros,
        payout_micros=settlement.payout_micros,
        realized_pnl_micros=settlement.realized_pnl_micros,
        transaction_hash=settlement.transaction_hash,
        error=settlement.error,
        created_at=settlement.created_at,
        updated_at=settlement.updated_at,
        settled_at=settlement.settled_at,
    )


@router.get("", response_model=Page[MergeOfferOut])
async def list_merge_offers(
    account_id: RowId,
    principal: Reader,
    session: DbSession,
    page: PageQuery,
    status: StatusFilter = None,
) -> Page[MergeOfferOut]:
    """Merges offered for one of your accounts, answered or not, newest first."""
    if await OwnedRepository(session, principal.user.id).account(account_id) is None:
        raise not_found("follower account")
    offers = [
        s
        for s in reversed(await SettlementRepository(session).for_account(account_id, status))
        if _is_offer(s) and (page.before is None or s.id < page.before)
    ][: page.limit + 1]
    shown = [await _offer_out(session, s) for s in offers]
    return page_of(shown, page, lambda o: o, lambda o: o.id)


async def _answer(account_id: int, offer_id: int, idem: Idempotency, *, accept: bool) -> Any:
    async def handler() -> MergeOfferOut:
        session = idem.session
        if await OwnedRepository(session, idem.principal.user.id).account(account_id) is None:
            raise not_found("follower account")
        try:
            answered = await answer_merge_offer(
                session, account_id, offer_id, accept=accept, actor=idem.principal.actor
            )
        except InvalidInputError:
            found = await SettlementRepository(session).get(offer_id)
            if found is None or found.follower_account_id != account_id or not _is_offer(found):
                raise not_found("merge offer") from None
            raise ApiError(
                409,
                "merge_offer_answered",
                f"this merge is {found.status.value}: only an offered merge can be answered",
            ) from None
        return await _offer_out(session, answered)

    return await idem.run(None, handler, status_code=200)


@router.post("/{offer_id}/accept", response_model=MergeOfferOut)
async def accept_merge_offer(account_id: RowId, offer_id: RowId, idem: Writer) -> Any:
    """Merge these complete sets back into pUSD; the worker sends it in its next round."""
    return await _answer(account_id, offer_id, idem, accept=True)


@router.post("/{offer_id}/decline", response_model=MergeOfferOut)
async def decline_merge_offer(account_id: RowId, offer_id: RowId, idem: Writer) -> Any:
    """Keep holding both outcomes; this market's merge is not offered again."""
    return await _answer(account_id, offer_id, idem, accept=False)
