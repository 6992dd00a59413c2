"""The walk-forward check's inputs from the stored fills (``walk_forward.py`` decides).

Two windows of the same length: the past one, ``[split - span, split)``, gives the ranking
figure (the ROI of the leader's own statistics, or its copyability score), the next one,
from the split on, the copy result (the follower ROI of a backtest at the default rule that
starts copying at the split). Each window starts flat, as a follower starting then would; one
streamed pass per leader reads only the two windows' fills. A leader without both figures is
left out (and counted)."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.backtest.history import HistoryRow
from polycopy.backtest.stored import stored_history
from polycopy.leaders.copyability import Replay
from polycopy.leaders.statistics import StatFill, StatisticsBuilder
from polycopy.leaders.walk_forward import Periods
from polycopy.signals.types import LeaderEventType


class WalkForwardSort(enum.StrEnum):
    ROI = "roi"
    COPYABILITY = "copyability"


async def walk_forward_periods(
    session: AsyncSession,
    leader_ids: Sequence[int],
    split: dt.datetime,
    span: dt.timedelta,
    sort: WalkForwardSort,
) -> tuple[list[Periods], int]:
    """(each leader's past figure and next copy ROI; how many leaders lacked one)."""
    periods, left_out = [], 0
    cut = int(split.timestamp())
    for leader_id in leader_ids:
        statistics = StatisticsBuilder({}, since=None)
        past, after = Replay(), Replay()
        async for row in stored_history(session, leader_id, since=split - span):
            if row.timestamp >= cut:
                after.feed(row)
            elif sort is WalkForwardSort.ROI:
                statistics.add(_stat_fill(row))
            else:
                past.feed(row)
        no_backfill = (None, False)  # the words of the history are not shown here
        if sort is WalkForwardSort.ROI:
            value = statistics.result(resamples=0).roi.value
            before = None if value is None else Decimal(value)
        else:
            before = past.result(no_backfill).score if past.fills else None
        result = after.result(no_backfill).follower_roi
        if before is None or result is None:
            left_out += 1
            continue
        periods.append(Periods(leader_id, before, result))
    return periods, left_out


def _stat_fill(row: HistoryRow) -> StatFill:
    return StatFill(
        row.at,
        row.condition_id,
        row.token,
        LeaderEventType(row.kind),
        row.side,
        row.size_micros,
        row.usdc_micros,
        row.price_micros,
    )
