"""Proportional sizing cannot overspend: ``budget_micros`` caps what a rule holds for its
leader whatever the leader's value says (tiny, stale, zero, huge), and a copy far above the
leader's proportion is refused.

The pure decision function is driven through random sequences of leader buys and splits,
with the follower's exposure growing by every copy; then the same on the real decision path
(orders reserve the budget) on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from polycopy.copying.evaluate import (
    BookView,
    FillView,
    FollowerView,
    LeaderView,
    MarketView,
    States,
    Verdict,
    evaluate,
    evaluate_split,
)
from polycopy.copying.reasons import explain
from polycopy.copying.service import MarketContext, decide_fill
from polycopy.copying.settings import AccountLimits, RuleSettings
from polycopy.copying.sizing import proportional_ceiling
from polycopy.copying.types import (
    AllocationMode,
    BelowMinimum,
    DecisionAction,
    LeaderValue,
    SkipReason,
    ValueSource,
)
from polycopy.kit.db import Database
from polycopy.kit.money import MICRO
from polycopy.models import Decision, LeaderFill, Order
from polycopy.signals.types import TradeSide
from tests.copying.support import NOW, add_fill, add_follower, add_market, add_rule, wallet

STALE = dt.timedelta(minutes=5)
BUDGET = 1_000 * MICRO
MARKET = MarketView(tick_size_micros=10_000, min_order_size_micros=5 * MICRO, question="Rain?")
DEEP = BookView(bids=((490_000, 10**7 * MICRO),), asks=((500_000, 10**7 * MICRO),))


def _rule(**overrides: object) -> RuleSettings:
    return RuleSettings.model_validate(
        {"allocation": "proportional", "budget_micros": BUDGET, "max_slippage_bps": 500} | overrides
    )


def _buy(usdc: int, price: int = 500_000) -> FillView:
    return FillView(TradeSide.BUY, "1", price, usdc * MICRO // price, usdc, NOW)


def _decide(
    fill: FillView, rule: RuleSettings, exposure: int, value: int | None, *, split: bool = False
) -> Verdict:
    leader = LeaderView(portfolio_value_micros=value, value_source=ValueSource.POSITIONS_AND_CASH)
    follower = FollowerView(leader_exposure=exposure)
    if split:
        return evaluate_split(
            fill,
            rule,
            AccountLimits(),
            follower,
            MARKET,
            leader,
            States(),
            new_positions=2,
            now=NOW,
            stale_after=STALE,
        )
    return evaluate(
        fill,
        rule,
        AccountLimits(),
        follower,
        MARKET,
        DEEP,
        leader,
        States(),
        now=NOW,
        stale_after=STALE,
    )


def _spent(verdict: Verdict) -> int:
    """pUSD the verdict commits: a buy's amount or a mirrored split's."""
    if verdict.intent is not None:
        return verdict.intent.amount_micros or 0
    if verdict.reason is SkipReason.SPLIT_MIRRORED:
        return int(verdict.details["amount_micros"])
    return 0


def test_a_stale_tiny_value_no_longer_copies_42_times_the_budget() -> None:
    """The run that overspent: the leader valued at $17.47 (cached, positions only) buys
    $16.80 again and again; each copy came out at $961, 42× the budget over the run."""
    rule, exposure = _rule(), 0
    amounts = []
    for _ in range(44):
        verdict = _decide(_buy(16_800_000), rule, exposure, 17_470_000)
        amounts.append(_spent(verdict))
        exposure += amounts[-1]
    assert amounts[0] == 961_640_000  # the formula's answer, inside the budget
    assert amounts[1] == BUDGET - amounts[0]  # cut down to what is left
    assert sum(amounts) == BUDGET
    last = _decide(_buy(16_800_000), rule, exposure, 17_470_000)
    assert last.reason is SkipReason.LEADER_BUDGET
    assert "$1000 held or on order" in explain(last.reason, last.details)


def test_a_large_leader_gives_copies_below_the_minimum_and_says_why() -> None:
    """A $20k leader and a $1,000 budget: every $16.80 buy is a $0.84 copy, under $1."""
    verdict = _decide(_buy(16_800_000), _rule(), 0, 20_000 * MICRO)
    assert verdict.reason is SkipReason.BELOW_MINIMUM
    text = explain(verdict.reason, verdict.details)
    assert text == (
        "The copy would be $0.84, below the minimum of $1. Proportional sizing: your budget "
        "$1000 ÷ the leader's value $20000 (positions and cash) = ×0.05 of the leader's "
        "$16.8 = $0.84."
    )


def test_rounding_a_tiny_proportional_copy_up_far_past_its_share_is_refused() -> None:
    """Round-up would make a $0.08 share a $1 copy, 12× the proportion: refused."""
    rule = _rule(below_minimum=BelowMinimum.ROUND_UP)
    verdict = _decide(_buy(1_600_000), rule, 0, 20_000 * MICRO)
    assert verdict.reason is SkipReason.DISPROPORTIONATE
    assert verdict.details["proportional_ceiling_micros"] == 160_000
    assert "more than $0.16" in explain(verdict.reason, verdict.details)
    # Near its share, rounding up still works: $0.60 becomes $1.
    near = _decide(_buy(12_000_000), rule, 0, 20_000 * MICRO)
    assert near.intent is not None
    assert near.intent.amount_micros == MICRO


values = st.one_of(
    st.none(),
    st.just(0),
    st.integers(1, 100),  # a value that makes no sense: the ratio is astronomical
    st.integers(MICRO, 100 * MICRO),  # tiny (stale, or positions only)
    st.integers(100 * MICRO, 10**6 * MICRO),
    st.integers(10**6 * MICRO, 10**12 * MICRO),  # huge
)
events = st.tuples(
    st.integers(1, 50_000 * MICRO),  # the leader's notional
    st.integers(1, 99).map(lambda n: n * 10_000),  # price
    values,
    st.booleans(),  # a split instead of a buy
)


@settings(max_examples=400)
@given(
    budget=st.integers(1, 10_000 * MICRO),
    held=st.integers(0, 12_000 * MICRO),
    multiplier=st.sampled_from([10_000, 30_000, 1_000_000]) | st.integers(1, 1_000_000),
    below_minimum=st.sampled_from(list(BelowMinimum)),
    history=st.lists(events, min_size=1, max_size=25),
)
def test_the_rules_exposure_for_its_leader_never_exceeds_its_budget(
    budget: int,
    held: int,
    multiplier: int,
    below_minimum: BelowMinimum,
    history: list[tuple[int, int, int | None, bool]],
) -> None:
    rule = _rule(budget_micros=budget, multiplier_bps=multiplier, below_minimum=below_minimum)
    exposure = held
    for notional, price, value, split in history:
        fill = _buy(notional, price)
        verdict = _decide(fill, rule, exposure, value, split=split)
        amount = _spent(verdict)
        if amount:
            assert exposure + amount <= budget
            assert value is not None
            assert value > 0
            assert amount <= proportional_ceiling(rule, fill.usdc_micros, value)
        elif value is None or value <= 0:
            assert verdict.reason is SkipReason.NO_LEADER_VALUE
        exposure += amount
    assert exposure <= max(held, budget)


@given(
    mode=st.sampled_from([m for m in AllocationMode if m is not AllocationMode.PROPORTIONAL]),
    budget=st.integers(1, 100 * MICRO),
    held=st.integers(0, 200 * MICRO),
    notional=st.integers(MICRO, 10_000 * MICRO),
)
def test_a_budget_caps_every_allocation_mode(
    mode: AllocationMode, budget: int, held: int, notional: int
) -> None:
    rule = RuleSettings(
        allocation=mode,
        fixed_amount_micros=50 * MICRO,
        percentage_bps=5_000,
        range_min_micros=MICRO,
        range_max_micros=100 * MICRO,
        budget_micros=budget,
        max_slippage_bps=500,
    )
    verdict = _decide(_buy(notional), rule, held, None)
    if verdict.intent is not None:
        assert held + (verdict.intent.amount_micros or 0) <= budget


# --- the real decision path -----------------------------------------------------------------


async def test_the_decision_path_holds_the_budget_whatever_the_leaders_value(
    db: Database,
) -> None:
    """Leader buys decided one after another as the engine does, with the leader's value
    jumping between stale, tiny, zero and huge: the orders the rule reserves for the leader
    never add up to more than its budget, and each decision records the ratio it used."""
    market = await add_market(db)
    deep = ((MICRO // 2, 10**7 * MICRO),)
    books = {token: BookView(bids=deep, asks=deep) for token in (market.yes, market.no)}
    account = await add_follower(db)
    rule = await add_rule(db, account, wallet(), _rule(budget_micros=100 * MICRO))
    read_at = NOW - dt.timedelta(minutes=4)
    history = [17_470_000, 17_470_000, 0, 20_000 * MICRO, 1, 17_470_000, 10**12 * MICRO, 50 * MICRO]
    for positions in history:
        value = LeaderValue(positions_micros=positions, cash_micros=None, read_at=read_at)
        fill_id = await add_fill(
            db, rule.leader_id, market.condition_id, market.yes, size_micros=33_600_000
        )
        async with db.transaction() as session:
            fill = await session.get(LeaderFill, fill_id)
            assert fill is not None
            await decide_fill(
                session,
                fill,
                MarketContext(books=books, leader_values={rule.leader_id: value}),
                now=NOW,
                stale_after=STALE,
            )
    async with db.transaction() as session:
        reserved = await session.scalar(
            select(func.sum(Order.amount_micros)).where(Order.leader_id == rule.leader_id)
        )
        decisions = (await session.scalars(select(Decision).order_by(Decision.id))).all()
    assert reserved == 100 * MICRO
    assert [d.reason for d in decisions] == [
        None,  # $16.80 × 100 / 17.47 = $96.16
        None,  # cut down to the $3.84 left
        SkipReason.NO_LEADER_VALUE.value,
        SkipReason.LEADER_BUDGET.value,
        SkipReason.LEADER_BUDGET.value,
        SkipReason.LEADER_BUDGET.value,
        SkipReason.LEADER_BUDGET.value,
        SkipReason.LEADER_BUDGET.value,
    ]
    first = decisions[0]
    assert first.action is DecisionAction.COPY
    assert first.amount_micros == 96_160_000
    assert first.details["budget_ratio"] == "5.724"
    assert first.details["leader_value_source"] == ValueSource.POSITIONS_ONLY.value
    assert decisions[1].details["capped_by"] == SkipReason.LEADER_BUDGET.value
