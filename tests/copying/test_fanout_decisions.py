"""One fill fanned out to several followers is decided in one go with the followers' state read
in bulk: each follower's limits see that follower's reservations, and nobody else's."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from polycopy.copying.evaluate import BookView
from polycopy.copying.service import MarketContext, decide_fill
from polycopy.copying.settings import AccountLimits, RuleSettings
from polycopy.copying.types import DecisionAction, SkipReason
from polycopy.kit.db import Database
from polycopy.kit.money import MICRO
from polycopy.models import Decision, LeaderFill, Order
from tests.copying.support import NOW, add_fill, add_follower, add_market, add_rule, wallet

STALE = dt.timedelta(minutes=5)


async def _decide(db: Database, fill_id: int, context: MarketContext) -> list[Decision]:
    async with db.transaction() as session:
        fill = await session.get(LeaderFill, fill_id)
        assert fill is not None
        return (await decide_fill(session, fill, context, now=NOW, stale_after=STALE)).decisions


async def test_each_follower_of_a_fan_out_is_limited_by_its_own_state(db: Database) -> None:
    market = await add_market(db)
    deep = ((MICRO // 2, 10_000 * MICRO),)
    context = MarketContext(
        books={token: BookView(bids=deep, asks=deep) for token in (market.yes, market.no)},
        leader_values={},
    )
    leader, other_leader = wallet(), wallet()
    capped = RuleSettings(
        fixed_amount_micros=4 * MICRO, max_market_exposure_micros=10 * MICRO, max_slippage_bps=500
    )
    busy = await add_follower(db)  # already has 8 pUSD reserved in the market
    fresh = await add_follower(db)
    small = await add_follower(db, AccountLimits(max_total_exposure_micros=3 * MICRO))
    rules = {
        account: await add_rule(db, account, leader, capped) for account in (busy, fresh, small)
    }
    earlier = await add_rule(
        db, busy, other_leader, RuleSettings(fixed_amount_micros=8 * MICRO, max_slippage_bps=500)
    )
    (reserved,) = await _decide(
        db, await add_fill(db, earlier.leader_id, market.condition_id, market.yes), context
    )
    assert reserved.action is DecisionAction.COPY
    assert reserved.amount_micros == 8 * MICRO

    fill_id = await add_fill(db, rules[busy].leader_id, market.condition_id, market.yes)
    decided = {d.follower_account_id: d for d in await _decide(db, fill_id, context)}

    assert set(decided) == {busy, fresh, small}
    assert decided[fresh].action is DecisionAction.COPY
    assert decided[fresh].amount_micros == 4 * MICRO  # untouched by the others' state
    busy_decision = decided[busy]  # 8 reserved of a 10 cap: at most 2 left
    if busy_decision.action is DecisionAction.COPY:
        assert (busy_decision.amount_micros or 0) <= 2 * MICRO
    else:
        assert busy_decision.reason == SkipReason.MARKET_EXPOSURE.value
    small_decision = decided[small]  # its own account cap, not the others' exposure
    assert small_decision.action is DecisionAction.COPY
    assert small_decision.amount_micros == 3 * MICRO
    async with db.transaction() as session:
        orders = (
            await session.scalars(
                select(Order).where(Order.decision_id.in_([d.id for d in decided.values()]))
            )
        ).all()
    assert {o.follower_account_id: o.amount_micros for o in orders} == {
        d.follower_account_id: d.amount_micros
        for d in decided.values()
        if d.action is DecisionAction.COPY
    }
