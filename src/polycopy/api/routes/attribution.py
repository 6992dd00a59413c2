"""Tracking-error attribution per rule and per leader (docs/analytics.md)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from polycopy.api.deps import Context, DbSession, Principal, auth
from polycopy.api.errors import not_found
from polycopy.api.pagination import RowId, RowIdFilter
from polycopy.api.repository import OwnedRepository
from polycopy.api.schemas import AttributionOut, AttributionPartOut
from polycopy.auth.types import Scope
from polycopy.exports.types import Period
from polycopy.leaders.repository import LeaderRepository
from polycopy.models import CopyRule, Leader
from polycopy.portfolio.attribution import attribute
from polycopy.portfolio.queries import PortfolioQueries

router = APIRouter(tags=["attribution"])

Reader = Annotated[Principal, auth(Scope.PORTFOLIO_READ)]
Since = Annotated[
    dt.datetime | None,
    Query(alias="from", description="Leader trades from this moment on (ISO 8601; UTC)"),
]
Until = Annotated[
    dt.datetime | None,
    Query(alias="to", description="... before this moment, marked here (default: now)"),
]


async def _attribution(
    queries: PortfolioQueries, rule: CopyRule, leader: Leader, period: Period, now: dt.datetime
) -> AttributionOut:
    until = period.until or now
    events = await queries.attribution_events(rule.id, since=period.since, until=until)
    moves = await queries.leader_settlements(
        rule.follower_account_id, leader.id, since=period.since, until=until
    )
    tokens = {e.token_id for e in events} | {t for m in moves for t in m.shares_micros}
    marks = await queries.marks(tokens, until=until)
    result = attribute(events, moves, {t: m.price_micros for t, m in marks.items()})
    return AttributionOut(
        rule_id=rule.id,
        account_id=rule.follower_account_id,
        leader_id=leader.id,
        leader_wallet=leader.wallet,
        since=period.since,
        until=until,
        leader_result_micros=result.leader_micros,
        follower_result_micros=result.follower_micros,
        gap_micros=result.gap_micros,
        scale_numerator_micros=result.scale_numerator,
        scale_denominator_micros=result.scale_denominator,
        trades=result.trades,
        copied=result.copied,
        parts=[
            AttributionPartOut(key=p.key, reason=p.reason, micros=p.micros) for p in result.parts
        ],
    )


@router.get("/rules/{rule_id}/attribution", response_model=AttributionOut)
async def get_rule_attribution(
    rule_id: RowId,
    principal: Reader,
    session: DbSession,
    context: Context,
    since: Since = None,
    until: Until = None,
) -> AttributionOut:
    """Why this rule's result differs from its leader's over the period, part by part."""
    period = Period.of(since, until)
    owned = OwnedRepository(session, principal.user.id)
    found = await owned.rule(rule_id)
    if found is None:
        raise not_found("rule")
    queries = PortfolioQueries(session, owned.account_ids())
    return await _attribution(queries, found[0], found[1], period, context.venue_clock())


@router.get("/leaders/{leader_id}/attribution", response_model=list[AttributionOut])
async def get_leader_attribution(
    leader_id: RowId,
    principal: Reader,
    session: DbSession,
    context: Context,
    account_id: RowIdFilter = None,
    since: Since = None,
    until: Until = None,
) -> list[AttributionOut]:
    """The same for each of your rules that copies this leader (one per account)."""
    period = Period.of(since, until)
    leader = await LeaderRepository(session).get(leader_id)
    if leader is None:
        raise not_found("leader")
    owned = OwnedRepository(session, principal.user.id)
    queries = PortfolioQueries(session, owned.account_ids())
    out = []
    for rule_id in await owned.rule_ids_of_leader(leader_id):
        found = await owned.rule(rule_id)
        if found is None or (account_id is not None and found[0].follower_account_id != account_id):
            continue
        out.append(await _attribution(queries, found[0], leader, period, context.venue_clock()))
    return out
