"""A burst of fills from one leader is decided many fills per transaction, exactly as fill by
fill: one decision per fill and rule, in the fills' order, each copy reserving before the
next fill is decided, so a limit that binds partway through the burst binds exactly there;
a fill that reads what an earlier copy did at the venue waits for its answer."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from polycopy import engine as engine_module
from polycopy.copying.evaluate import BookView
from polycopy.copying.runs import FillKind, Run
from polycopy.copying.service import MarketContext, decide_fill, decide_fills
from polycopy.copying.settings import AccountLimits, RuleSettings
from polycopy.copying.types import DecisionAction, SkipReason
from polycopy.kit.db import Database
from polycopy.kit.money import MICRO
from polycopy.models import Decision, LeaderFill, Order
from polycopy.signals.repository import LeaderFillRepository
from polycopy.signals.types import LeaderEventType, TradeSide
from tests.copying.support import NOW, add_fill, add_follower, add_market, add_rule, wallet
from tests.pipeline_support import running_sim

STALE = dt.timedelta(minutes=5)
DEEP = BookView(bids=((490_000, 1_000 * MICRO),), asks=((510_000, 1_000 * MICRO),))


async def _burst(
    db: Database, limits: AccountLimits, fills: int
) -> tuple[MarketContext, list[int]]:
    """A follower copying $5 of each buy of a leader who then buys ``fills`` times at once,
    in two markets with deep books; the books and the fills' ids."""
    account_id = await add_follower(db, limits)
    rule = await add_rule(
        db,
        account_id,
        wallet(),
        RuleSettings(fixed_amount_micros=5 * MICRO, max_slippage_bps=10_000),
    )
    markets = [await add_market(db), await add_market(db)]
    ids = [
        await add_fill(
            db,
            rule.leader_id,
            markets[i % 2].condition_id,
            markets[i % 2].yes if i % 3 else markets[i % 2].no,
        )
        for i in range(fills)
    ]
    books = {token: DEEP for m in markets for token in (m.yes, m.no)}
    return MarketContext(books=books, leader_values={}), ids


async def _decide_round(
    db: Database, context: MarketContext, fill_ids: list[int], limit: int
) -> int:
    """Decide the fills as the engine's round does, ``limit`` decisions a transaction (no
    venue here: no fill waits); returns the transactions it took."""
    run, transactions = Run(), 0
    while fill_ids:
        async with db.transaction() as session:
            fills = await LeaderFillRepository(session).undecided_among(fill_ids[:limit])
            burst = await decide_fills(
                session, fills, context, run, now=NOW, stale_after=STALE, limit=limit
            )
        transactions += 1
        assert not burst.wait
        assert burst.through is not None
        fill_ids = fill_ids[bisect.bisect_right(fill_ids, burst.through) :]
    return transactions


async def _decisions(db: Database) -> list[Decision]:
    async with db.transaction() as session:
        return list((await session.scalars(select(Decision).order_by(Decision.id))).all())


async def test_a_limit_that_binds_partway_through_a_burst_binds_exactly_there(
    db: Database,
) -> None:
    # $23 of total exposure: four copies of $5, a fifth capped to $3, then nothing.
    context, fill_ids = await _burst(db, AccountLimits(max_total_exposure_micros=23 * MICRO), 30)

    assert await _decide_round(db, context, fill_ids, limit=8) == 4  # 30 fills, 8 a transaction

    decisions = await _decisions(db)
    assert [d.leader_fill_id for d in decisions] == fill_ids  # one each, in the fills' order
    assert [d.amount_micros for d in decisions[:5]] == [5 * MICRO] * 4 + [3 * MICRO]
    assert all(d.action is DecisionAction.COPY for d in decisions[:5])
    assert {(d.action, d.reason) for d in decisions[5:]} == {
        (DecisionAction.SKIP, SkipReason.TOTAL_EXPOSURE.value)
    }
    async with db.transaction() as session:
        orders = (await session.scalars(select(Order).order_by(Order.id))).all()
        undecided = (
            await session.scalars(select(LeaderFill.id).where(LeaderFill.decided_at.is_(None)))
        ).all()
    assert [o.decision_id for o in orders] == [d.id for d in decisions[:5]]
    assert sum(o.amount_micros or 0 for o in orders) == 23 * MICRO
    assert undecided == []


async def test_a_burst_decides_as_its_fills_would_one_by_one(db: Database) -> None:
    """The same burst, decided in batches and fill by fill, gets the same decisions."""
    limits = AccountLimits(max_total_exposure_micros=1_000 * MICRO, max_open_positions=3)
    context, batched = await _burst(db, limits, 12)
    other, one_by_one = await _burst(db, limits, 12)

    await _decide_round(db, context, batched, limit=250)
    for fill_id in one_by_one:
        async with db.transaction() as session:
            fill = await LeaderFillRepository(session).get(fill_id)
            assert fill is not None
            await decide_fill(session, fill, other, now=NOW, stale_after=STALE)

    by_fill = {d.leader_fill_id: d for d in await _decisions(db)}

    def outcome(fill_id: int) -> tuple[object, ...]:
        d = by_fill[fill_id]
        return d.action, d.reason, d.amount_micros, d.limit_price_micros

    assert [outcome(f) for f in batched] == [outcome(f) for f in one_by_one]
    # The fourth token the leader buys is a fourth position: skipped, each time.
    assert Counter(outcome(f)[:2] for f in batched) == {
        (DecisionAction.COPY, None): 10,
        (DecisionAction.SKIP, SkipReason.MAX_OPEN_POSITIONS.value): 2,
    }


async def test_a_sale_after_a_buy_in_the_burst_waits_for_the_buys_answer(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Buy, buy, sell of one market at once: the sale is decided once the buys' copies are
    booked, in the same round, and sells the shares they bought."""
    monkeypatch.setattr(engine_module, "DECIDE_CHUNK", 2)
    async with running_sim(db) as sim:
        sim.leader_trades(buy=True, shares=10 * MICRO)
        sim.leader_trades(buy=True, shares=10 * MICRO)
        sim.leader.min_shares = sim.leader.max_shares = 5 * MICRO
        sim.leader.buy_percent = 0
        while sim.leader.step() is None:
            sim.liquidity.step()
        pipeline = sim.engine()
        assert await pipeline.poll_once() == 3
        await pipeline.decide_pending()

        decisions = await _decisions(db)
        assert [d.action for d in decisions] == [DecisionAction.COPY] * 3
        assert [d.side for d in decisions] == [TradeSide.BUY, TradeSide.BUY, TradeSide.SELL]
        assert (
            decisions[0].leader_fill_id < decisions[1].leader_fill_id < decisions[2].leader_fill_id
        )
        async with db.transaction() as session:
            undecided = (
                await session.scalars(select(LeaderFill.id).where(LeaderFill.decided_at.is_(None)))
            ).all()
        assert undecided == []
        assert len(sim.follower_orders()) == 3  # each copy at the venue once


KINDS = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c"]),
        st.sampled_from(
            [LeaderEventType.TRADE] * 4 + [LeaderEventType.MERGE, LeaderEventType.REDEEM]
        ),
        st.sampled_from([TradeSide.BUY, TradeSide.SELL]),
    ).map(lambda t: FillKind(t[0], t[1], t[2] if t[1] is LeaderEventType.TRADE else None)),
    max_size=40,
)


@given(kinds=KINDS, limit=st.integers(1, 9), stops=st.booleans())
def test_runs_cut_a_burst_only_where_a_fill_reads_an_earlier_copys_outcome(
    kinds: list[FillKind], limit: int, stops: bool
) -> None:
    runs: list[list[list[FillKind]]] = [[]]  # runs of transactions of fills
    run, left = Run(), kinds
    while left:
        taken, wait = run.take(left[:limit], stops_on_losses=stops)
        assert taken or wait  # progress, or a fresh run
        if taken:
            runs[-1].append(left[:taken])
            left = left[taken:]
        if wait:
            assert left  # a wait is for a fill
            run = Run()
            runs.append([])
    assert [k for r in runs for t in r for k in t] == kinds  # every fill once, in order
    for transactions in runs:
        assert all(1 <= len(t) <= limit for t in transactions)
        # A leader event has a transaction of its own.
        assert all(
            len(t) == 1
            for t in transactions
            if any(k.event_type is not LeaderEventType.TRADE for k in t)
        )
        fills = [k for t in transactions for k in t]
        for i, later in enumerate(fills):
            earlier = fills[:i]
            trades = [k for k in earlier if k.event_type is LeaderEventType.TRADE]
            if later.event_type is not LeaderEventType.TRADE:
                assert later.condition_id not in {k.condition_id for k in trades}
            elif later.side is TradeSide.SELL:
                assert all(
                    not (k.condition_id == later.condition_id and k.side is TradeSide.BUY)
                    for k in trades
                )
            elif stops:
                assert all(k.side is not TradeSide.SELL for k in trades)
    for before, after in itertools.pairwise(runs):
        # A run ends only where the next fill needed its answers.
        first = after[0][0]
        fills = [k for t in before for k in t]
        trades = [k for k in fills if k.event_type is LeaderEventType.TRADE]
        assert (
            (
                first.event_type is not LeaderEventType.TRADE
                and first.condition_id in {k.condition_id for k in trades}
            )
            or (
                first.side is TradeSide.SELL
                and any(
                    k.condition_id == first.condition_id and k.side is TradeSide.BUY for k in trades
                )
            )
            or (
                first.side is TradeSide.BUY
                and stops
                and any(k.side is TradeSide.SELL for k in trades)
            )
        )
