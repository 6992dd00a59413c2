"""Replay policy: a leader's buy detected too late (after a restart or an outage) is recorded
but not copied (reason ``stale``); a sell is always processed, however late."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from polycopy.copying.types import DecisionAction, SkipReason
from polycopy.kit.db import Database
from polycopy.kit.money import MICRO
from polycopy.models import Decision, LeaderFill
from polycopy.signals.types import TradeSide
from tests.pipeline_support import running_sim, utcnow


async def test_late_buys_are_recorded_but_not_copied_and_late_sells_are_copied(
    db: Database,
) -> None:
    clock = [utcnow()]
    async with running_sim(db) as sim:
        token = sim.leader.market.tokens[0][0]
        engine = sim.engine(now=lambda: clock[0])
        await engine.start()
        sim.leader_trades(buy=True, shares=40 * MICRO)
        await engine.step()  # detected at once: copied
        await engine.step()
        assert sim.follower_position(token) > 0

        # The engine was away for an hour: both fills are found by the gap replay.
        sim.leader_trades(buy=True, shares=20 * MICRO)
        sim.leader_trades(buy=False, shares=20 * MICRO)
        clock[0] += dt.timedelta(hours=1)
        await engine.step()

        async with db.transaction() as session:
            rows = (
                await session.execute(
                    select(LeaderFill.side, Decision.action, Decision.reason)
                    .join(Decision, Decision.leader_fill_id == LeaderFill.id)
                    .order_by(LeaderFill.id)
                )
            ).all()
    assert [tuple(r) for r in rows] == [
        (TradeSide.BUY, DecisionAction.COPY, None),
        (TradeSide.BUY, DecisionAction.SKIP, SkipReason.STALE.value),
        (TradeSide.SELL, DecisionAction.COPY, None),
    ]
