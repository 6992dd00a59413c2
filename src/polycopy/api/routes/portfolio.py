"""Portfolio: positions and lots per leader, PnL, fees, equity over time, exposure.

Valuation is documented in ``polycopy.portfolio.valuation`` and ``docs/api.md``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.api.deps import Context, DbSession, Principal, auth
from polycopy.api.pagination import MAX_ROW_ID, Page, PageQuery, page_of
from polycopy.api.repository import OwnedRepository
from polycopy.api.schemas import (
    EquityOut,
    EquityPointOut,
    ExchangeFillOut,
    ExposureBreakdown,
    ExposureOut,
    LeaderResultOut,
    LotOut,
    MarkOut,
    PerformanceBarOut,
    PerformanceEquityOut,
    PerformanceGroupOut,
    PerformanceOut,
    PerformanceStatsOut,
    PortfolioOut,
    PortfolioTotals,
    PositionOut,
)
from polycopy.auth.types import Scope
from polycopy.exports.types import Period
from polycopy.markets.repository import MarketRepository
from polycopy.models import Leader
from polycopy.portfolio.performance import BarPeriod, Group, Holding, performance
from polycopy.portfolio.queries import PortfolioQueries
from polycopy.portfolio.valuation import (
    Exposure,
    Position,
    equity_curve,
    exposure,
    positions,
    tracking,
)

router = APIRouter(prefix="/portfolio", tags=["portfolio"])

Reader = Annotated[Principal, auth(Scope.PORTFOLIO_READ)]
AccountFilter = Annotated[
    int | None, Query(ge=1, le=MAX_ROW_ID, description="Only this follower account")
]
LeaderFilter = Annotated[int | None, Query(ge=1, le=MAX_ROW_ID, description="Only this leader")]

VALUATION = (
    "An open position in a resolved market is marked at its payout (1 for the winning "
    "outcome, 0 otherwise); any other at the last traded price polycopy has seen in the "
    "token (the follower's own fills or any leader's, whichever is newer); with no known "
    "price it counts at cost. Costs include fees. Order-book prices are not used."
)


def _queries(session: AsyncSession, principal: Principal) -> PortfolioQueries:
    return PortfolioQueries(session, OwnedRepository(session, principal.user.id).account_ids())


async def _positions(
    queries: PortfolioQueries, *, account_id: int | None, leader_id: int | None = None
) -> list[Position]:
    lots = await queries.open_lots(account_id=account_id, leader_id=leader_id)
    marks = await queries.marks({lot.token_id for lot in lots})
    return positions(lots, marks)


def _position_out(position: Position) -> PositionOut:
    mark = position.mark
    return PositionOut(
        account_id=position.account_id,
        leader_id=position.leader_id,
        condition_id=position.condition_id,
        token_id=position.token_id,
        outcome=position.outcome,
        size_micros=position.size_micros,
        cost_micros=position.cost_micros,
        average_price_micros=position.average_price_micros,
        lots=position.lots,
        mark=None
        if mark is None
        else MarkOut(price_micros=mark.price_micros, at=mark.at, source=mark.source),
        value_micros=position.value_micros,
        unrealized_pnl_micros=position.unrealized_pnl_micros,
    )


def _exposure_out(rows: list[Exposure]) -> list[ExposureOut]:
    return [
        ExposureOut(
            key=e.key, cost_micros=e.cost_micros, value_micros=e.value_micros, positions=e.positions
        )
        for e in rows
    ]


async def _totals(
    queries: PortfolioQueries,
    held: list[Position],
    *,
    account_id: int | None,
    leader_id: int | None,
) -> PortfolioTotals:
    wanted = (lambda leader: True) if leader_id is None else (lambda leader: leader == leader_id)
    realized = sum(
        v
        for (_, leader), v in (await queries.realized(account_id=account_id)).items()
        if wanted(leader)
    )
    fees = sum(
        e["fees"]
        for (_, leader), e in (await queries.fill_totals(account_id=account_id)).items()
        if wanted(leader)
    )
    cost = sum(p.cost_micros for p in held)
    value = sum(p.value_micros for p in held)
    return PortfolioTotals(
        open_positions=len(held),
        cost_micros=cost,
        value_micros=value,
        unrealized_pnl_micros=value - cost,
        realized_pnl_micros=realized,
        fees_micros=fees,
        unmarked_positions=sum(1 for p in held if p.mark is None),
    )


@router.get("", response_model=PortfolioOut)
async def get_portfolio(
    principal: Reader,
    session: DbSession,
    context: Context,
    account_id: AccountFilter = None,
    leader_id: LeaderFilter = None,
) -> PortfolioOut:
    """Open positions per account, leader and token, marked; PnL, fees and exposure."""
    queries = _queries(session, principal)
    held = await _positions(queries, account_id=account_id, leader_id=leader_id)
    events = await MarketRepository(session).event_keys({p.condition_id for p in held})
    return PortfolioOut(
        valued_at=context.clock(),
        valuation=VALUATION,
        totals=await _totals(queries, held, account_id=account_id, leader_id=leader_id),
        positions=[_position_out(p) for p in held],
        exposure=ExposureBreakdown(
            by_market=_exposure_out(exposure(held, by="market")),
            by_event=_exposure_out(exposure(held, by="event", event_of=events)),
            by_leader=_exposure_out(exposure(held, by="leader")),
        ),
    )


@router.get("/lots", response_model=Page[LotOut])
async def list_lots(
    principal: Reader,
    session: DbSession,
    page: PageQuery,
    account_id: AccountFilter = None,
    leader_id: LeaderFilter = None,
    open_only: Annotated[
        bool, Query(alias="open", description="Only lots with shares left")
    ] = False,
) -> Page[LotOut]:
    """Lots (shares bought for one leader), newest first."""
    rows = await _queries(session, principal).lots(
        before=page.before,
        limit=page.limit + 1,
        account_id=account_id,
        leader_id=leader_id,
        open_only=open_only,
    )
    return page_of(rows, page, LotOut.model_validate, lambda r: r.id)


@router.get("/fills", response_model=Page[ExchangeFillOut])
async def list_exchange_fills(
    principal: Reader,
    session: DbSession,
    page: PageQuery,
    account_id: AccountFilter = None,
    order_id: Annotated[
        int | None, Query(ge=1, le=MAX_ROW_ID, description="Only this order's fills")
    ] = None,
) -> Page[ExchangeFillOut]:
    """Fills of your orders as the venue reported them, newest first."""
    rows = await _queries(session, principal).exchange_fills(
        before=page.before, limit=page.limit + 1, account_id=account_id, order_id=order_id
    )
    return page_of(rows, page, ExchangeFillOut.model_validate, lambda r: r.id)


class Bucket(enum.StrEnum):
    HOUR = "hour"
    DAY = "day"


_BUCKETS = {Bucket.HOUR: dt.timedelta(hours=1), Bucket.DAY: dt.timedelta(days=1)}


@router.get("/equity", response_model=EquityOut)
async def get_equity_curve(
    principal: Reader,
    session: DbSession,
    account_id: AccountFilter = None,
    bucket: Bucket = Bucket.DAY,
) -> EquityOut:
    """Cumulative realised PnL, fees and open cost at the end of each hour or day with fills
    or settlements (a split's lots count at what they cost, as in the portfolio).

    Past points carry no unrealised PnL (no price history is kept); ``now`` marks today's
    open positions.
    """
    queries = _queries(session, principal)
    curve = equity_curve(
        await queries.fills(account_id=account_id),
        bucket=_BUCKETS[bucket],
        settlements=await queries.settlement_rows(account_id=account_id),
    )
    held = await _positions(queries, account_id=account_id)
    return EquityOut(
        bucket=bucket.value,
        points=[
            EquityPointOut(
                at=p.at,
                realized_pnl_micros=p.realized_pnl_micros,
                fees_micros=p.fees_micros,
                open_cost_micros=p.open_cost_micros,
                volume_micros=p.volume_micros,
            )
            for p in curve
        ],
        now=await _totals(queries, held, account_id=account_id, leader_id=None),
    )


@router.get("/leaders", response_model=list[LeaderResultOut])
async def compare_leaders(
    principal: Reader, session: DbSession, account_id: AccountFilter = None
) -> list[LeaderResultOut]:
    """Per account and leader: your result, and how it compares with the leader's prices."""
    queries = _queries(session, principal)
    held = await _positions(queries, account_id=account_id)
    totals = await queries.fill_totals(account_id=account_id)
    realized_by = await queries.realized(account_id=account_id)
    decisions = await queries.decision_counts(account_id=account_id)
    outcomes = await queries.copy_outcomes(account_id=account_id)
    copied = await queries.copied_fills(account_id=account_id)
    pairs = sorted(set(totals) | set(decisions) | set(realized_by))
    wallets = dict(
        (
            await session.execute(
                select(Leader.id, Leader.wallet).where(Leader.id.in_({p[1] for p in pairs}))
            )
        ).all()
    )
    out: list[LeaderResultOut] = []
    for account, leader in pairs:
        fills = totals.get((account, leader), {})
        counts = decisions.get((account, leader), {})
        tally = outcomes.get((account, leader), {})
        mine = [p for p in held if (p.account_id, p.leader_id) == (account, leader)]
        unrealized = sum(p.unrealized_pnl_micros for p in mine)
        track = tracking(copied.get((account, leader), []))
        realized, fees = realized_by.get((account, leader), 0), fills.get("fees", 0)
        out.append(
            LeaderResultOut(
                account_id=account,
                leader_id=leader,
                leader_wallet=wallets.get(leader, ""),
                copied=counts.get("copied", 0),
                filled=tally.get("filled", 0),
                partly_filled=tally.get("partly_filled", 0),
                killed=tally.get("killed", 0),
                failed=tally.get("failed", 0),
                pending=tally.get("pending", 0),
                skipped=counts.get("skipped", 0),
                fills=fills.get("fills", 0),
                bought_micros=fills.get("bought", 0),
                sold_micros=fills.get("sold", 0),
                fees_micros=fees,
                realized_pnl_micros=realized,
                unrealized_pnl_micros=unrealized,
                open_cost_micros=sum(p.cost_micros for p in mine),
                slippage_cost_micros=track.slippage_cost_micros,
                slippage_bps=track.slippage_bps,
                pnl_at_leader_prices_micros=realized
                + unrealized
                + track.slippage_cost_micros
                + fees,
            )
        )
    return out


def _groups_out(
    rows: list[Group], names: dict[str, str], *, leaders: bool = False
) -> list[PerformanceGroupOut]:
    return [
        PerformanceGroupOut(
            key=g.key or "several",
            name=names.get(g.key) or None,
            leader_id=int(g.key) if leaders and g.key else None,
            realized_pnl_micros=g.realized_pnl_micros,
            unrealized_pnl_micros=g.unrealized_pnl_micros,
            pnl_micros=g.pnl_micros,
            closes=g.closes,
            wins=g.wins,
            losses=g.losses,
        )
        for g in rows
    ]


@router.get("/performance", response_model=PerformanceOut)
async def get_performance(
    principal: Reader,
    session: DbSession,
    account_id: AccountFilter = None,
    period: BarPeriod = BarPeriod.DAY,
    since: Annotated[
        dt.datetime | None, Query(alias="from", description="From this moment on (ISO 8601)")
    ] = None,
    until: Annotated[
        dt.datetime | None, Query(alias="to", description="Before this moment (ISO 8601)")
    ] = None,
) -> PerformanceOut:
    """Daily, weekly or monthly PnL bars, cumulative equity with drawdown, win/loss, profit
    factor and expectancy, and PnL per market, category and leader (realised in the period,
    plus open positions now)."""
    window = Period.of(since, until)
    queries = _queries(session, principal)
    closes = await queries.closes(account_id=account_id, since=window.since, until=window.until)
    fees = await queries.fees(account_id=account_id, since=window.since, until=window.until)
    held = await _positions(queries, account_id=account_id)
    conditions = {c.condition_id for c in closes} | {p.condition_id for p in held}
    tags = await queries.market_tags(conditions)
    result = performance(
        closes,
        fees,
        [Holding(p.condition_id, p.leader_id, p.unrealized_pnl_micros) for p in held],
        period=period,
        tags=tags,
    )
    questions = {
        market.condition_id: market.question
        for market, _ in await MarketRepository(session).known(conditions)
    }
    leader_ids = {int(g.key) for g in result.leaders if g.key}
    wallets = {
        str(i): w
        for i, w in (
            await session.execute(select(Leader.id, Leader.wallet).where(Leader.id.in_(leader_ids)))
        ).all()
    }
    stats = result.statistics
    return PerformanceOut(
        period=period.value,
        since=window.since,
        until=window.until,
        bars=[PerformanceBarOut.model_validate(b, from_attributes=True) for b in result.bars],
        equity=[
            PerformanceEquityOut.model_validate(p, from_attributes=True) for p in result.equity
        ],
        statistics=PerformanceStatsOut(
            **dataclasses.asdict(stats),
            unrealized_pnl_micros=sum(p.unrealized_pnl_micros for p in held),
            fees_micros=sum(fee for _, fee in fees),
        ),
        best_markets=_groups_out(result.best_markets, questions),
        worst_markets=_groups_out(result.worst_markets, questions),
        markets=_groups_out(result.markets, questions),
        categories=_groups_out(result.categories, {}),
        leaders=_groups_out(result.leaders, wallets, leaders=True),
    )
