"""Several workers decide fills for one follower at once: no limit is ever exceeded.

Each worker is its own task with its own database connection (separate PostgreSQL
sessions), deciding the same fills in a different order; they race on the follower
account's row lock. The follower's reservations (pending buy orders) are then checked
against every limit.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
from collections import defaultdict

from sqlalchemy import select

from polycopy.copying.evaluate import BookView
from polycopy.copying.reasons import explain
from polycopy.copying.service import MarketContext, decide_fill
from polycopy.copying.settings import AccountLimits, RuleSettings
from polycopy.copying.types import DecisionAction, SkipReason
from polycopy.kit.db import Database
from polycopy.kit.money import MICRO
from polycopy.models import Decision, LeaderFill, Order
from polycopy.signals.types import TradeSide
from tests.copying.support import NOW, add_fill, add_follower, add_market, add_rule, wallet

WORKERS = 6
LIMITS = AccountLimits(
    max_total_exposure_micros=40 * MICRO,
    max_open_positions=3,
    max_daily_spend_micros=35 * MICRO,
)
MARKET_CAP = 15 * MICRO
LEADER_BUDGET = 22 * MICRO
LIMIT_REASONS = {
    SkipReason.MARKET_EXPOSURE,
    SkipReason.LEADER_BUDGET,
    SkipReason.TOTAL_EXPOSURE,
    SkipReason.MAX_OPEN_POSITIONS,
    SkipReason.DAILY_SPEND,
}


async def _worker(db: Database, fill_ids: list[int], context: MarketContext, seed: int) -> None:
    order = list(fill_ids)
    random.Random(seed).shuffle(order)
    for fill_id in order:
        async with db.transaction() as session:
            fill = await session.get(LeaderFill, fill_id)
            assert fill is not None
            if fill.decided_at is None:
                await decide_fill(
                    session, fill, context, now=NOW, stale_after=dt.timedelta(minutes=5)
                )


async def test_concurrent_deciders_never_exceed_a_limit(db: Database) -> None:
    account_id = await add_follower(db, LIMITS)
    markets = [await add_market(db) for _ in range(4)]
    leaders = [wallet(), wallet()]
    rules = [
        await add_rule(
            db,
            account_id,
            leader,
            RuleSettings(
                fixed_amount_micros=(4 + i) * MICRO,
                max_market_exposure_micros=MARKET_CAP,
                leader_budget_micros=LEADER_BUDGET,
                max_slippage_bps=500,
            ),
        )
        for i, leader in enumerate(leaders)
    ]
    fills = [
        await add_fill(db, rule.leader_id, market.condition_id, token)
        for rule in rules
        for market in markets
        for token in (market.yes, market.no)
    ]
    deep = ((MICRO // 2, 10_000 * MICRO),)
    books = {
        token: BookView(bids=deep, asks=deep)
        for market in markets
        for token in (market.yes, market.no)
    }
    context = MarketContext(books=books, leader_values={})

    await asyncio.gather(*(_worker(db, fills, context, seed) for seed in range(WORKERS)))

    async with db.transaction() as session:
        decisions = (await session.scalars(select(Decision))).all()
        orders = (await session.scalars(select(Order))).all()
    assert len(decisions) == len(fills) * 1  # each fill once, for its one rule
    assert len({(d.leader_fill_id, d.copy_rule_id) for d in decisions}) == len(decisions)
    assert all(o.side is TradeSide.BUY for o in orders)
    assert len(orders) == sum(d.action is DecisionAction.COPY for d in decisions)
    spent = sum(o.amount_micros or 0 for o in orders)
    assert spent <= LIMITS.max_total_exposure_micros  # type: ignore[operator]
    assert spent <= LIMITS.max_daily_spend_micros  # type: ignore[operator]
    assert len({o.token_id for o in orders}) <= LIMITS.max_open_positions  # type: ignore[operator]
    per_market: dict[str, int] = defaultdict(int)
    per_leader: dict[int, int] = defaultdict(int)
    for o in orders:
        per_market[o.condition_id] += o.amount_micros or 0
        per_leader[o.leader_id] += o.amount_micros or 0
    assert max(per_market.values()) <= MARKET_CAP
    assert max(per_leader.values()) <= LEADER_BUDGET
    skips = [d for d in decisions if d.action is DecisionAction.SKIP]
    assert skips  # the limits did bind
    for skip in skips:
        assert skip.reason is not None
        assert SkipReason(skip.reason) in LIMIT_REASONS
        assert "{" not in explain(skip.reason, skip.details)
