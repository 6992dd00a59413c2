"""Conviction sizing: the copy follows how big the trade is for its leader, within a clamp."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from polycopy.backtest.core import Backtest, Decision
from polycopy.backtest.history import HistoryRow
from polycopy.copying.evaluate import (
    BookView,
    FillView,
    FollowerView,
    LeaderView,
    MarketView,
    States,
    Verdict,
    evaluate,
)
from polycopy.copying.reasons import explain
from polycopy.copying.service import MarketContext, decide_fill, validate_rule_settings
from polycopy.copying.settings import AccountLimits, Conviction, RuleSettings
from polycopy.copying.sizing import conviction_amount, median_trade
from polycopy.kit.db import Database
from polycopy.kit.errors import InvalidInputError
from polycopy.kit.money import MICRO
from polycopy.models import Decision as DecisionRow
from polycopy.models import LeaderFill
from polycopy.signals.types import TradeSide
from tests.copying.support import NOW, add_fill, add_follower, add_market, add_rule, wallet

STALE = dt.timedelta(minutes=5)
MARKET = MarketView(tick_size_micros=10_000, min_order_size_micros=5 * MICRO, question="Rain?")
DEEP = BookView(bids=((490_000, 10**7 * MICRO),), asks=((500_000, 10**7 * MICRO),))
money = st.integers(1, 100_000 * MICRO)


def _rule(**overrides: object) -> RuleSettings:
    return RuleSettings.model_validate(
        {
            "allocation": "fixed",
            "fixed_amount_micros": 5 * MICRO,
            "conviction": {"min_micros": 2 * MICRO, "max_micros": 12 * MICRO},
        }
        | overrides
    )


def _decide(usdc: int, rule: RuleSettings, median: int | None) -> Verdict:
    return evaluate(
        FillView(TradeSide.BUY, "1", 500_000, usdc * 2, usdc, NOW),
        rule,
        AccountLimits(),
        FollowerView(),
        MARKET,
        DEEP,
        LeaderView(median_trade_micros=median),
        States(),
        now=NOW,
        stale_after=STALE,
    )


@st.composite
def clamps(draw: st.DrawFn) -> Conviction:
    low = draw(st.integers(1, 1_000 * MICRO))
    return Conviction(min_micros=low, max_micros=low + draw(st.integers(0, 1_000 * MICRO)))


@given(clamps(), money, money, money, st.none() | money)
def test_conviction_is_monotone_in_the_leaders_trade_and_always_within_the_clamp(
    clamp: Conviction, base: int, small: int, extra: int, median: int | None
) -> None:
    low = conviction_amount(clamp, base, small, median)
    high = conviction_amount(clamp, base, small + extra, median)
    assert clamp.min_micros <= low <= high <= clamp.max_micros


@settings(max_examples=300)
@given(
    clamps(),
    st.integers(1, 50_000 * MICRO),
    st.integers(1, 50_000 * MICRO),
    st.none() | money,
    st.none() | st.integers(1, 100 * MICRO),
    st.sampled_from(["fixed", "percentage"]),
)
def test_a_conviction_copy_grows_with_the_trade_and_never_passes_the_clamp_or_caps(
    clamp: Conviction,
    usdc: int,
    extra: int,
    median: int | None,
    max_trade: int | None,
    mode: str,
) -> None:
    rule = _rule(
        allocation=mode,
        percentage_bps=5_000,
        conviction=clamp.snapshot(),
        max_trade_micros=max_trade,
        below_minimum="round_up",
    )
    small, large = _decide(usdc, rule, median), _decide(usdc + extra, rule, median)
    for verdict in (small, large):
        if verdict.intent is not None:
            amount = verdict.intent.amount_micros or 0
            # Rounding up to the venue's $1 minimum is the one way past a tiny clamp.
            assert amount <= max(clamp.max_micros, MICRO)
            assert max_trade is None or amount <= max(max_trade, MICRO)
            assert "conviction_ratio" in verdict.details
    if small.intent is not None and large.intent is not None:
        assert (small.intent.amount_micros or 0) <= (large.intent.amount_micros or 0)


def test_the_decision_states_the_conviction_ratio() -> None:
    verdict = _decide(30 * MICRO, _rule(), 10 * MICRO)
    assert verdict.intent is not None
    assert verdict.intent.amount_micros == 12 * MICRO
    assert verdict.details["conviction_ratio"] == "3"
    text = explain(verdict.reason, verdict.details)
    assert "×3 (the leader's $30 ÷ its median trade $10) of $5" in text, text
    assert "= $12." in text, text
    first = _decide(30 * MICRO, _rule(), None)
    assert first.intent is not None
    assert first.intent.amount_micros == 5 * MICRO
    assert "no earlier trade" in explain(first.reason, first.details)


def test_the_median_is_the_lower_middle_trade() -> None:
    assert median_trade([]) is None
    assert median_trade([0]) is None
    assert median_trade([4, 1, 3, 2]) == 2
    assert median_trade([5, 1, 9]) == 5


@pytest.mark.parametrize(
    ("conviction", "field"),
    [
        ({"min_micros": 10 * MICRO, "max_micros": MICRO}, "conviction: min_micros"),
        ({"min_micros": 0, "max_micros": MICRO}, "conviction.min_micros"),
        ({"max_micros": MICRO}, "conviction.min_micros"),
    ],
)
def test_a_bad_clamp_is_refused_naming_the_field(conviction: dict[str, int], field: str) -> None:
    with pytest.raises(InvalidInputError, match=field):
        validate_rule_settings(
            {"allocation": "fixed", "fixed_amount_micros": MICRO, "conviction": conviction}
        )


def test_the_backtest_takes_the_median_of_the_trades_before_each_one() -> None:
    decisions: list[Decision] = []
    backtest = Backtest(_rule(), on_decision=decisions.append)
    start = int(NOW.timestamp())
    for i, usdc in enumerate([10, 10, 10, 30]):
        backtest.feed(
            HistoryRow(
                start + i,
                "TRADE",
                "c",
                "t1",
                TradeSide.BUY,
                500_000,
                usdc * 2 * MICRO,
                usdc * MICRO,
            )
        )
    backtest.finish()
    assert [d.details["conviction_ratio"] for d in decisions] == ["1", "1", "1", "3"]
    assert [d.amount_micros for d in decisions] == [5 * MICRO, 5 * MICRO, 5 * MICRO, 12 * MICRO]


async def test_the_engine_reads_the_median_from_the_leaders_stored_fills(db: Database) -> None:
    """Three $10 buys stored, then a $30 one: the engine's decision of the $30 buy is the
    $5 base × 3, clamped to $12, as the backtest's."""
    market = await add_market(db)
    deep = ((MICRO // 2, 10**7 * MICRO),)
    books = {token: BookView(bids=deep, asks=deep) for token in (market.yes, market.no)}
    rule = await add_rule(db, await add_follower(db), wallet(), _rule())
    for size in (20, 20, 20):
        await add_fill(
            db, rule.leader_id, market.condition_id, market.yes, size_micros=size * MICRO
        )
    big = await add_fill(
        db, rule.leader_id, market.condition_id, market.yes, size_micros=60 * MICRO
    )
    async with db.transaction() as session:
        fill = await session.get(LeaderFill, big)
        assert fill is not None
        await decide_fill(
            session, fill, MarketContext(books=books, leader_values={}), now=NOW, stale_after=STALE
        )
    async with db.transaction() as session:
        decision = await session.scalar(
            select(DecisionRow).where(DecisionRow.leader_fill_id == big)
        )
    assert decision is not None
    assert decision.reason is None
    assert decision.amount_micros == 12 * MICRO
    assert decision.details["conviction_median_micros"] == 10 * MICRO
    assert decision.details["conviction_ratio"] == "3"
