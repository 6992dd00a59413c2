"""Leaders: wallets to copy. Your list holds the leaders you added or have rules for."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Query, status

from polycopy.api.deps import Context, DbSession, Idempotency, Principal, auth, mutation
from polycopy.api.errors import ApiError, ErrorBody, not_found
from polycopy.api.pagination import Page, PageQuery, RowId, page_of
from polycopy.api.repository import OwnedRepository
from polycopy.api.schemas import (
    LeaderboardCategory,
    LeaderboardOrder,
    LeaderboardPeriod,
    LeaderCandidateOut,
    LeaderCreate,
    LeaderFillOut,
    LeaderOut,
    LeaderPerformancePointOut,
    LeaderPositionOut,
)
from polycopy.auth.types import Scope
from polycopy.kit.http import http_client
from polycopy.kit.money import to_micros
from polycopy.leaders.performance import LeaderTrade, performance
from polycopy.leaders.repository import LeaderRepository
from polycopy.leaders.service import follow_wallet
from polycopy.models import Leader
from polycopy.venues.polymarket.data_api import (
    V1_LEADERBOARD_MAX_LIMIT,
    V1_LEADERBOARD_MAX_OFFSET,
    DataApiClient,
)
from polycopy.venues.polymarket.errors import VenueError

router = APIRouter(prefix="/leaders", tags=["leaders"])

Reader = Annotated[Principal, auth(Scope.LEADERS_READ)]
Writer = Annotated[Idempotency, mutation(Scope.LEADERS_WRITE)]


def leader_out(leader: Leader, label: str | None) -> LeaderOut:
    """The shared leader row as one user sees it: with that user's own name for it."""
    return LeaderOut(
        id=leader.id,
        wallet=leader.wallet,
        name=label,
        pseudonym=leader.pseudonym,
        created_at=leader.created_at,
    )


@router.post("", status_code=status.HTTP_201_CREATED, response_model=LeaderOut)
async def add_leader(body: LeaderCreate, idem: Writer, session: DbSession) -> Any:
    """Add a leader by wallet address to your list (no copying until a rule says so).

    ``name`` is yours alone; adding a leader on your list again with a name renames it."""

    async def handler() -> LeaderOut:
        leader = await follow_wallet(session, body.wallet, actor=idem.principal.actor)
        owned = OwnedRepository(session, idem.principal.user.id)
        await owned.watch(leader.id, label=body.name)
        found = await owned.watched_leader(leader.id)
        assert found is not None
        return leader_out(*found)

    return await idem.run(body, handler, status_code=201)


@router.get(
    "/discover",
    response_model=list[LeaderCandidateOut],
    responses={502: {"model": ErrorBody, "description": "the Data API did not answer"}},
)
async def discover_leaders(
    principal: Reader,
    session: DbSession,
    context: Context,
    category: LeaderboardCategory = LeaderboardCategory.OVERALL,
    period: LeaderboardPeriod = LeaderboardPeriod.WEEK,
    order_by: LeaderboardOrder = LeaderboardOrder.PNL,
    limit: Annotated[int, Query(ge=1, le=V1_LEADERBOARD_MAX_LIMIT)] = 25,
    offset: Annotated[int, Query(ge=0, le=V1_LEADERBOARD_MAX_OFFSET)] = 0,
) -> list[LeaderCandidateOut]:
    """Candidates from Polymarket's leaderboard (Data API), marking those already on your list.

    Money is in micro-units of pUSD, rounded toward zero.
    """
    settings = context.settings
    try:
        async with http_client(settings.venue_timeout_seconds) as http:
            rows = await DataApiClient(http, settings.venue("data_api_url")).leaderboard_v1(
                category=category.value,
                period=period.value,
                order_by=order_by.value,
                limit=limit,
                offset=offset,
            )
    except VenueError as exc:
        raise ApiError(502, "upstream_error", f"the leaderboard is unavailable: {exc}") from None
    wallets = {row.proxy_wallet.lower() for row in rows}
    watched = await OwnedRepository(session, principal.user.id).watched_wallets(wallets)
    return [
        LeaderCandidateOut(
            rank=row.rank,
            wallet=row.proxy_wallet.lower(),
            name=row.user_name,
            volume_micros=to_micros(row.vol, exact=False),
            pnl_micros=to_micros(row.pnl, exact=False),
            verified=row.verified_badge,
            x_username=row.x_username,
            leader_id=watched.get(row.proxy_wallet.lower()),
        )
        for row in rows
    ]


@router.get("", response_model=Page[LeaderOut])
async def list_leaders(principal: Reader, session: DbSession, page: PageQuery) -> Page[LeaderOut]:
    """Your leader list: leaders you added or have rules for, newest first."""
    rows = await OwnedRepository(session, principal.user.id).watched_leaders(
        before=page.before, limit=page.limit + 1
    )
    return page_of(rows, page, lambda r: leader_out(*r), lambda r: r[0].id)


@router.get("/{leader_id}", response_model=LeaderOut)
async def get_leader(leader_id: RowId, principal: Reader, session: DbSession) -> LeaderOut:
    """A leader on your list."""
    found = await OwnedRepository(session, principal.user.id).watched_leader(leader_id)
    if found is None:
        raise not_found("leader")
    return leader_out(*found)


@router.get("/{leader_id}/fills", response_model=Page[LeaderFillOut])
async def list_leader_fills(
    leader_id: RowId, principal: Reader, session: DbSession, page: PageQuery
) -> Page[LeaderFillOut]:
    """The leader's fills polycopy detected, newest first (leaders on your list only)."""
    owned = OwnedRepository(session, principal.user.id)
    if await owned.watched_leader(leader_id) is None:
        raise not_found("leader")
    rows = await owned.leader_fills(leader_id, before=page.before, limit=page.limit + 1)
    return page_of(rows, page, LeaderFillOut.model_validate, lambda r: r.id)


@router.get(
    "/{leader_id}/positions",
    response_model=list[LeaderPositionOut],
    responses={502: {"model": ErrorBody, "description": "the Data API did not answer"}},
)
async def list_leader_positions(
    leader_id: RowId, principal: Reader, session: DbSession, context: Context
) -> list[LeaderPositionOut]:
    """The leader's open positions now, from the Data API (leaders on your list only).

    Figures are Polymarket's own; money is in micro-units of pUSD, rounded toward zero.
    """
    found = await OwnedRepository(session, principal.user.id).watched_leader(leader_id)
    if found is None:
        raise not_found("leader")
    leader, _ = found
    settings = context.settings
    try:
        async with http_client(settings.venue_timeout_seconds) as http:
            client = DataApiClient(http, settings.venue("data_api_url"))
            rows = [row async for row in client.positions_v1(leader.wallet)]
    except VenueError as exc:
        raise ApiError(502, "upstream_error", f"positions are unavailable: {exc}") from None
    zero = Decimal(0)
    return [
        LeaderPositionOut(
            condition_id=row.condition_id,
            token_id=row.token_id,
            title=row.title,
            outcome=row.outcome,
            size_micros=to_micros(row.size or zero, exact=False),
            average_price_micros=to_micros(row.avg_price or zero, exact=False),
            current_value_micros=to_micros(row.current_value or zero, exact=False),
            cash_pnl_micros=to_micros(row.cash_pnl or zero, exact=False),
            percent_pnl=str((row.percent_pnl or zero).quantize(Decimal("0.01"))),
        )
        for row in rows
    ]


@router.get("/{leader_id}/performance", response_model=list[LeaderPerformancePointOut])
async def leader_performance(
    leader_id: RowId, principal: Reader, session: DbSession
) -> list[LeaderPerformancePointOut]:
    """The leader's cumulative volume and realised PnL over the fills polycopy recorded.

    Sales are matched FIFO against recorded buys at the leader's own prices; the part of a
    sale with no recorded buy adds volume only. One point per trade, oldest first.
    """
    if await OwnedRepository(session, principal.user.id).watched_leader(leader_id) is None:
        raise not_found("leader")
    fills = await LeaderRepository(session).trades(leader_id)
    trades = [
        LeaderTrade(f.occurred_at, f.token_id or "", f.side, f.size_micros, f.usdc_micros)
        for f in fills
        if f.side is not None
    ]
    return [
        LeaderPerformancePointOut(
            at=p.at, volume_micros=p.volume_micros, realized_pnl_micros=p.realized_pnl_micros
        )
        for p in performance(trades)
    ]
