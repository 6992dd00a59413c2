"""Leaders: wallets to copy. Your list holds the leaders you added or have rules for."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Query, status

from polycopy.api.deps import Context, DbSession, Idempotency, Principal, auth, mutation
from polycopy.api.errors import ApiError, ErrorBody, not_found
from polycopy.api.pagination import MAX_ROW_ID, Page, PageQuery, RowId, page_of
from polycopy.api.repository import OwnedRepository
from polycopy.api.schemas import (
    CopyabilityOut,
    LeaderBackfillOut,
    LeaderboardCategory,
    LeaderboardOrder,
    LeaderboardPeriod,
    LeaderCandidateOut,
    LeaderComparisonOut,
    LeaderCreate,
    LeaderDriftOut,
    LeaderFillOut,
    LeaderLookupOut,
    LeaderOut,
    LeaderPerformancePointOut,
    LeaderPositionOut,
    LeaderStatisticsOut,
    RankedLeaderOut,
    RankingOut,
    StatisticsPeriod,
    WalkForwardOut,
    WalkForwardRowOut,
    WalletAddress,
)
from polycopy.audit.repository import AuditRepository
from polycopy.auth.types import Scope
from polycopy.kit.http import http_client
from polycopy.kit.money import to_micros
from polycopy.leaders.drift_service import drift_report, drift_thresholds
from polycopy.leaders.drift_store import stored_drift
from polycopy.leaders.performance import LeaderTrade, performance
from polycopy.leaders.ranking import Candidate, Filters, RankingSort, rank
from polycopy.leaders.repository import LeaderRepository
from polycopy.leaders.service import follow_wallet
from polycopy.leaders.statistics_store import (
    newest_fill_id,
    ranking_candidates,
    refresh_statistics,
    stored_statistics,
)
from polycopy.leaders.walk_forward import check
from polycopy.leaders.walk_forward_store import WalkForwardSort, walk_forward_periods
from polycopy.models import Leader, LeaderBackfill
from polycopy.signals.backfill import BackfillStatus, backfill_of, request_backfill
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

    ``name`` is yours alone; adding a leader on your list again with a name renames it.
    The wallet's history is read in the background (``GET /leaders/{id}/backfill``)."""

    async def handler() -> LeaderOut:
        leader = await follow_wallet(session, body.wallet, actor=idem.principal.actor)
        await request_backfill(session, leader.id, idem.context.venue_clock())
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


#: The most leaders one comparison shows side by side.
MAX_COMPARED = 4
#: The most leaders of a list a ranking or a walk-forward check reads.
MAX_RANKED = 1_000


def ranked_out(
    rank: int, candidate: Candidate, leader: Leader, label: str | None
) -> RankedLeaderOut:
    stats = candidate.statistics
    return RankedLeaderOut(
        rank=rank,
        leader=leader_out(leader, label),
        statistics=None if stats is None else LeaderStatisticsOut.model_validate(stats),
        copyability=None
        if candidate.copyability is None
        else CopyabilityOut.model_validate(candidate.copyability),
        last_trade_at=candidate.last_trade_at,
    )


@router.get("/ranking", response_model=RankingOut)
async def rank_leaders(
    principal: Reader,
    session: DbSession,
    context: Context,
    period: StatisticsPeriod = StatisticsPeriod.ALL,
    sort: RankingSort = RankingSort.COPYABILITY,
    tag: Annotated[str | None, Query(min_length=1, max_length=100)] = None,
    min_trades: Annotated[int | None, Query(ge=0, le=MAX_ROW_ID)] = None,
    max_drawdown_micros: Annotated[int | None, Query(ge=0, le=MAX_ROW_ID)] = None,
    active_within_days: Annotated[int | None, Query(ge=1, le=3_650)] = None,
    min_trade_micros: Annotated[int | None, Query(ge=0, le=MAX_ROW_ID)] = None,
    max_trade_micros: Annotated[int | None, Query(ge=0, le=MAX_ROW_ID)] = None,
) -> RankingOut:
    """Your leaders ranked by their stored statistics of the period or by copyability at the
    default rule, after filters (docs/leader-statistics.md, "Ranking").

    Figures are those stored (the worker refreshes them as fills arrive; ``computed_at``
    says when); a leader never computed is computed now. ``tag`` is a market category the
    leader traded; the trade-size range applies to the median trade; a leader lacking a
    figure a filter needs is filtered out. Leaders without the sort's figure come last."""
    now = context.venue_clock()
    leaders = await OwnedRepository(session, principal.user.id).watched_leaders(
        before=None, limit=MAX_RANKED
    )
    candidates = await ranking_candidates(
        session, [leader.id for leader, _ in leaders], period.value, now
    )
    filters = Filters(
        tag=tag,
        min_trades=min_trades,
        max_drawdown_micros=max_drawdown_micros,
        active_since=None
        if active_within_days is None
        else now - dt.timedelta(days=active_within_days),
        min_trade_micros=min_trade_micros,
        max_trade_micros=max_trade_micros,
    )
    ranked, excluded = rank(candidates.values(), sort, filters)
    by_id = {leader.id: (leader, label) for leader, label in leaders}
    return RankingOut(
        period=period,
        sort=sort,
        rows=[ranked_out(n, c, *by_id[c.leader_id]) for n, c in enumerate(ranked, 1)],
        excluded=excluded,
    )


@router.get("/compare", response_model=LeaderComparisonOut)
async def compare_leaders(
    principal: Reader,
    session: DbSession,
    context: Context,
    ids: Annotated[
        str,
        Query(
            max_length=200,
            pattern=r"^[0-9]+(,[0-9]+)*$",
            description="1 to 4 distinct leader ids, comma-separated",
        ),
    ],
    period: StatisticsPeriod = StatisticsPeriod.ALL,
) -> LeaderComparisonOut:
    """Up to four leaders of your list side by side, in the order asked, each ranked among
    them by copyability."""
    wanted = _leader_ids(ids)
    owned = OwnedRepository(session, principal.user.id)
    found = {}
    for leader_id in wanted:
        row = await owned.watched_leader(leader_id)
        if row is None:
            raise not_found("leader")
        found[leader_id] = row
    candidates = await ranking_candidates(session, wanted, period.value, context.venue_clock())
    ranked, _ = rank(candidates.values(), RankingSort.COPYABILITY)
    ranks = {c.leader_id: n for n, c in enumerate(ranked, 1)}
    return LeaderComparisonOut(
        leaders=[ranked_out(ranks[i], candidates[i], *found[i]) for i in wanted]
    )


def _leader_ids(text: str) -> list[int]:
    """``1,2,3``: 1 to MAX_COMPARED distinct leader ids (422 naming ``ids`` otherwise)."""
    wanted = [int(part) for part in text.split(",")]  # the pattern admits digits only
    if not all(0 < leader_id <= MAX_ROW_ID for leader_id in wanted):
        raise _bad_ids(f"leader ids are 1 to {MAX_ROW_ID}")
    if len(wanted) > MAX_COMPARED:
        raise _bad_ids(f"at most {MAX_COMPARED} leaders, {len(wanted)} given")
    if len(set(wanted)) != len(wanted):
        raise _bad_ids("a leader is named twice")
    return wanted


def _bad_ids(message: str) -> ApiError:
    return ApiError(422, "validation_error", f"ids: {message}", field="ids")


@router.get("/walk-forward", response_model=WalkForwardOut)
async def walk_forward_check(
    principal: Reader,
    session: DbSession,
    context: Context,
    split_days: Annotated[int, Query(ge=1, le=3_650)] = 30,
    sort: WalkForwardSort = WalkForwardSort.ROI,
) -> WalkForwardOut:
    """Rank your leaders on their fills of the ``split_days`` before the split (``split_days``
    ago), measure the copy results after it (follower ROI of a backtest at the default rule),
    and say whether the past rank predicted them: Spearman rank correlation against a seeded
    shuffled baseline (docs/leader-statistics.md, "Walk-forward check"). Replays the fills
    of both windows on each request."""
    span = dt.timedelta(days=split_days)
    split = context.venue_clock() - span
    leaders = await OwnedRepository(session, principal.user.id).watched_leaders(
        before=None, limit=MAX_RANKED
    )
    ids = sorted(leader.id for leader, _ in leaders)
    periods, left_out = await walk_forward_periods(session, ids, split, span, sort)
    result = check(periods)
    wallets = {leader.id: leader.wallet for leader, _ in leaders}
    return WalkForwardOut(
        split_at=split,
        sort=sort,
        leaders=result.leaders,
        left_out=left_out,
        rank_correlation=_text(result.rank_correlation),
        baseline_mean=_text(result.baseline_mean),
        baseline_p95=_text(result.baseline_p95),
        p_value=_text(result.p_value),
        verdict=result.verdict,
        rows=[
            WalkForwardRowOut(
                leader_id=row.leader_id,
                wallet=wallets[row.leader_id],
                past_rank=row.past_rank,
                past_value=str(row.past_value),
                next_rank=row.next_rank,
                next_value=str(row.next_value),
            )
            for row in result.rows
        ],
    )


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


@router.get(
    "/lookup",
    response_model=LeaderLookupOut,
    responses={502: {"model": ErrorBody, "description": "the Data API did not answer"}},
)
async def look_up_wallet(
    wallet: Annotated[WalletAddress, Query(description="The wallet's address")],
    principal: Reader,
    session: DbSession,
    context: Context,
) -> LeaderLookupOut:
    """Whether a wallet ever traded on Polymarket (its latest Data API activity) and whether it
    is on your list, without adding it: a mistyped or unused address can be caught first."""
    settings = context.settings
    try:
        async with http_client(settings.venue_timeout_seconds) as http:
            client = DataApiClient(http, settings.venue("data_api_url"))
            latest = await anext(aiter(client.activity_v1(wallet, ascending=False, limit=1)), None)
    except VenueError as exc:
        raise ApiError(
            502, "upstream_error", f"the wallet's activity is unavailable: {exc}"
        ) from None
    watched = await OwnedRepository(session, principal.user.id).watched_wallets({wallet})
    return LeaderLookupOut(
        wallet=wallet,
        leader_id=watched.get(wallet),
        has_activity=latest is not None,
        last_activity_at=dt.datetime.fromtimestamp(latest.timestamp, dt.UTC) if latest else None,
    )


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


@router.delete(
    "/{leader_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_model=None,
    responses={409: {"model": ErrorBody, "description": "rules of yours still copy it"}},
)
async def unfollow_leader(leader_id: RowId, idem: Writer, session: DbSession) -> Any:
    """Take a leader off your list (its fills stay recorded). Refused (409
    ``leader_has_rules``) while a rule of yours copies it: delete those rules first, so
    nothing copies a leader you no longer see."""

    async def handler() -> None:
        owned = OwnedRepository(session, idem.principal.user.id)
        if await owned.watched_leader(leader_id) is None:
            raise not_found("leader")
        rule_ids = await owned.rule_ids_of_leader(leader_id)
        if rule_ids:
            named = ", ".join(f"#{i}" for i in rule_ids)
            raise ApiError(
                409,
                "leader_has_rules",
                f"your copy rule {named} still copies this leader: delete it first"
                if len(rule_ids) == 1
                else f"your copy rules {named} still copy this leader: delete them first",
            )
        await owned.unwatch(leader_id)
        await AuditRepository(session).record(
            actor=idem.principal.actor,
            entity_type="leader",
            entity_id=leader_id,
            action="unfollowed",
        )

    return await idem.run(None, handler, status_code=204)


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


def backfill_out(job: LeaderBackfill) -> LeaderBackfillOut:
    return LeaderBackfillOut(
        status=job.status,
        rows=job.rows,
        fills_created=job.fills_created,
        last_timestamp=job.last_timestamp,
        attempts=job.attempts,
        error=job.error,
        done=job.status == BackfillStatus.DONE,
        requested_at=job.requested_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
    )


@router.get("/{leader_id}/backfill", response_model=LeaderBackfillOut)
async def get_leader_backfill(
    leader_id: RowId, principal: Reader, session: DbSession
) -> LeaderBackfillOut:
    """Progress of reading the leader's whole history (leaders on your list only)."""
    if await OwnedRepository(session, principal.user.id).watched_leader(leader_id) is None:
        raise not_found("leader")
    job = await backfill_of(session, leader_id)
    if job is None:
        raise not_found("backfill")
    return backfill_out(job)


@router.post(
    "/{leader_id}/backfill", status_code=status.HTTP_202_ACCEPTED, response_model=LeaderBackfillOut
)
async def start_leader_backfill(leader_id: RowId, idem: Writer, session: DbSession) -> Any:
    """Read the leader's history again from where the last read stopped (a worker runs it);
    a read already waiting or running is left as it is."""

    async def handler() -> LeaderBackfillOut:
        owned = OwnedRepository(session, idem.principal.user.id)
        if await owned.watched_leader(leader_id) is None:
            raise not_found("leader")
        now = idem.context.venue_clock()
        return backfill_out(await request_backfill(session, leader_id, now))

    return await idem.run(None, handler, status_code=202)


@router.get("/{leader_id}/statistics", response_model=LeaderStatisticsOut)
async def get_leader_statistics(
    leader_id: RowId,
    principal: Reader,
    session: DbSession,
    context: Context,
    period: StatisticsPeriod = StatisticsPeriod.ALL,
) -> LeaderStatisticsOut:
    """The leader's statistics over a period, from its stored fills (docs/leader-statistics.md).

    Stored; recomputed when the leader has fills newer than them (a worker also refreshes
    them after a backfill and as detection adds fills).
    """
    if await OwnedRepository(session, principal.user.id).watched_leader(leader_id) is None:
        raise not_found("leader")
    row = await stored_statistics(session, leader_id, period.value)
    if row is None or row.last_fill_id < await newest_fill_id(session, leader_id):
        row = (await refresh_statistics(session, leader_id, context.venue_clock()))[period.value]
    return LeaderStatisticsOut.model_validate(
        {**row.payload, "leader_id": leader_id, "period": period, "computed_at": row.computed_at}
    )


@router.get("/{leader_id}/drift", response_model=LeaderDriftOut)
async def get_leader_drift(
    leader_id: RowId, principal: Reader, session: DbSession, context: Context
) -> LeaderDriftOut:
    """Whether the leader still trades like its own history: its last days against the time
    before, by trade size, new categories, frequency and win rate (docs/leader-statistics.md).

    The worker's latest check; when the leader has newer fills, or none was made yet, one
    computed now (nothing stored: the worker's check is the one rules act on).
    """
    if await OwnedRepository(session, principal.user.id).watched_leader(leader_id) is None:
        raise not_found("leader")
    row = await stored_drift(session, leader_id)
    if row is not None and row.last_fill_id >= await newest_fill_id(session, leader_id):
        return LeaderDriftOut.model_validate(
            {"checked_at": row.checked_at, "drifting": row.drifting, "signals": row.signals}
        )
    thresholds = drift_thresholds(context.settings)
    report = await drift_report(session, leader_id, context.venue_clock(), thresholds)
    return LeaderDriftOut.model_validate(
        {
            "checked_at": report.checked_at,
            "drifting": report.drifting,
            "signals": [signal.as_json() for signal in report.signals],
        }
    )
