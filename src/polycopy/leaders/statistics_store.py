"""Stored leader statistics: computed from the stored fills per period, refreshed when the
leader has fills newer than the last computation (after a backfill, or as detection adds).

Each period's payload also holds its copyability score (``leaders/copyability.py``) under
``"copyability"``: a backtest of the period's fills at the default rule, replayed here so a
ranking reads it instead of replaying every history on each request."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import AsyncIterator, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.backtest.stored import backfill_state, stored_history
from polycopy.leaders.copyability import Replay
from polycopy.leaders.ranking import Candidate
from polycopy.leaders.repository import LeaderRepository
from polycopy.leaders.statistics import (
    LeaderStatistics,
    MarketFacts,
    StatFill,
    StatisticsBuilder,
)
from polycopy.models import LeaderFill, LeaderStatisticsRow, Market

PERIODS: dict[str, dt.timedelta | None] = {
    "all": None,
    "30d": dt.timedelta(days=30),
    "7d": dt.timedelta(days=7),
}


async def refresh_statistics(
    session: AsyncSession, leader_id: int, now: dt.datetime
) -> dict[str, LeaderStatisticsRow]:
    """Recompute every period of one leader from its fills and store them; returns them."""
    last_fill_id = await newest_fill_id(session, leader_id)
    markets = await market_facts(session, leader_id)
    builders = {
        period: StatisticsBuilder(markets, since=None if span is None else now - span)
        for period, span in PERIODS.items()
    }
    async for fill in stat_fills(session, leader_id):  # one streamed pass feeds every period
        for builder in builders.values():
            builder.add(fill)
    copyability = await _copyability(session, leader_id, now)
    existing = {
        row.period: row
        for row in await session.scalars(
            select(LeaderStatisticsRow).where(LeaderStatisticsRow.leader_id == leader_id)
        )
    }
    stored = {}
    for period, builder in builders.items():
        row = existing.get(period) or LeaderStatisticsRow(leader_id=leader_id, period=period)
        row.computed_at = now
        row.last_fill_id = last_fill_id
        row.payload = statistics_json(builder.result()) | {"copyability": copyability[period]}
        session.add(row)
        stored[period] = row
    await session.flush()
    return stored


async def _copyability(
    session: AsyncSession, leader_id: int, now: dt.datetime
) -> dict[str, dict[str, Any]]:
    """Each period's copyability: one streamed pass over the stored fills feeds one replay
    per period (a period's replay starts copying at the period's start)."""
    starts = {
        period: None if span is None else int((now - span).timestamp())
        for period, span in PERIODS.items()
    }
    replays = {period: Replay() for period in PERIODS}
    async for row in stored_history(session, leader_id):
        for period, start in starts.items():
            if start is None or row.timestamp >= start:
                replays[period].feed(row)
    backfill = await backfill_state(session, leader_id)
    return {period: replay.result(backfill).as_json() for period, replay in replays.items()}


async def stored_statistics(
    session: AsyncSession, leader_id: int, period: str
) -> LeaderStatisticsRow | None:
    return await session.scalar(
        select(LeaderStatisticsRow).where(
            LeaderStatisticsRow.leader_id == leader_id, LeaderStatisticsRow.period == period
        )
    )


async def stored_statistics_of(
    session: AsyncSession, leader_ids: Sequence[int], period: str
) -> dict[int, LeaderStatisticsRow]:
    """The stored statistics of one period of several leaders, by leader id."""
    if not leader_ids:
        return {}
    rows = await session.scalars(
        select(LeaderStatisticsRow).where(
            LeaderStatisticsRow.leader_id.in_(leader_ids), LeaderStatisticsRow.period == period
        )
    )
    return {row.leader_id: row for row in rows}


async def ranking_candidates(
    session: AsyncSession, leader_ids: Sequence[int], period: str, now: dt.datetime
) -> dict[int, Candidate]:
    """Each leader's stored statistics of the period (with its copyability) and last trade.

    Stored figures are served as they are (the worker refreshes them as fills arrive), so a
    ranking does not replay every history; only a leader with fills and no stored figures
    (or figures from before copyability was stored) is computed here."""
    stored = await stored_statistics_of(session, leader_ids, period)
    last_trades = await LeaderRepository(session).last_trades(leader_ids)
    candidates = {}
    for leader_id in leader_ids:
        row = stored.get(leader_id)
        has_fills = row is not None or await newest_fill_id(session, leader_id) > 0
        if has_fills and (row is None or "copyability" not in row.payload):
            row = (await refresh_statistics(session, leader_id, now))[period]
        payload = None
        if row is not None:
            payload = {
                **row.payload,
                "leader_id": leader_id,
                "period": period,
                "computed_at": row.computed_at,
            }
        candidates[leader_id] = Candidate(leader_id, payload, last_trades.get(leader_id))
    return candidates


async def stale_leaders(session: AsyncSession, limit: int = 20) -> Sequence[int]:
    """Leaders with stored statistics and a fill newer than them."""
    newest = (
        select(LeaderFill.leader_id, func.max(LeaderFill.id).label("newest"))
        .group_by(LeaderFill.leader_id)
        .subquery()
    )
    stmt = (
        select(LeaderStatisticsRow.leader_id)
        .join(newest, newest.c.leader_id == LeaderStatisticsRow.leader_id)
        .where(
            LeaderStatisticsRow.period == "all",
            newest.c.newest > LeaderStatisticsRow.last_fill_id,
        )
        .order_by(LeaderStatisticsRow.leader_id)
        .limit(limit)
    )
    return list((await session.scalars(stmt)).all())


def statistics_json(stats: LeaderStatistics) -> dict[str, Any]:
    """JSON for storage and the API: money stays integer micro-units, ratios are strings."""
    body = dataclasses.asdict(stats)
    del body["closed_positions"]
    body["top_markets"] = [
        {"condition_id": condition, "volume_micros": volume}
        for condition, volume in stats.top_markets
    ]
    return {key: _plain(value) for key, value in body.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


async def newest_fill_id(session: AsyncSession, leader_id: int) -> int:
    """The id of the leader's newest stored fill (0: none); stored statistics older are stale."""
    newest = await session.scalar(
        select(func.max(LeaderFill.id)).where(LeaderFill.leader_id == leader_id)
    )
    return int(newest or 0)


async def stat_fills(session: AsyncSession, leader_id: int) -> AsyncIterator[StatFill]:
    """The leader's events, oldest first, streamed in batches (columns only, no ORM objects)."""
    stmt = (
        select(
            LeaderFill.occurred_at,
            LeaderFill.condition_id,
            LeaderFill.token_id,
            LeaderFill.event_type,
            LeaderFill.side,
            LeaderFill.size_micros,
            LeaderFill.usdc_micros,
            LeaderFill.price_micros,
        )
        .where(LeaderFill.leader_id == leader_id, LeaderFill.reorged_at.is_(None))
        .order_by(LeaderFill.occurred_at, LeaderFill.id)
        .execution_options(yield_per=5_000)
    )
    async for at, condition, token, kind, side, size, usdc, price in await session.stream(stmt):
        yield StatFill(at, condition, token or "", kind, side, int(size), int(usdc), int(price))


async def market_facts(session: AsyncSession, leader_id: int) -> dict[str, MarketFacts]:
    """What is stored about each market the leader traded (its end and tags)."""
    conditions = select(LeaderFill.condition_id).where(LeaderFill.leader_id == leader_id)
    rows = await session.execute(
        select(Market.condition_id, Market.end_date, Market.tags).where(
            Market.condition_id.in_(conditions)
        )
    )
    return {
        condition: MarketFacts(end, tuple(str(tag) for tag in tags or ()))
        for condition, end, tags in rows.all()
    }
