"""Slippage in a trader's terms: basis points of the leader's price or whole cents, exactly
one; a nonzero slippage allows at least one tick; every decision shows its limit price."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from polycopy.copying.evaluate import (
    BookView,
    FillView,
    FollowerView,
    LeaderView,
    MarketView,
    States,
    evaluate,
)
from polycopy.copying.preview import preview_rule
from polycopy.copying.reasons import explain
from polycopy.copying.service import MarketContext, decide_fill, validate_rule_settings
from polycopy.copying.settings import DEFAULT_SLIPPAGE_BPS, AccountLimits, RuleSettings
from polycopy.copying.sizing import BPS, CENT_MICROS, worst_price
from polycopy.copying.types import SkipReason
from polycopy.kit.db import Database
from polycopy.kit.errors import InvalidInputError
from polycopy.kit.money import MICRO
from polycopy.models import Decision, FollowerAccount, Leader, LeaderFill
from polycopy.signals.types import TradeSide
from tests.copying.support import NOW, add_fill, add_follower, add_market, add_rule, wallet

TICK = 10_000
TICKS = [100_000, 10_000, 1_000, 100]
BUY, SELL = TradeSide.BUY, TradeSide.SELL


def _limit(rule: RuleSettings, side: TradeSide, price: int, ask: int) -> tuple[int, bool]:
    """The decision's limit price for a leader trade at ``price``, and whether it copied
    against a book at ``ask`` (bid one tick below)."""
    book = BookView(bids=((ask - TICK, 10_000 * MICRO),), asks=((ask, 10_000 * MICRO),))
    verdict = evaluate(
        FillView(side, "1", price, 100 * MICRO, 100 * price, NOW),
        rule,
        AccountLimits(),
        FollowerView(held_for_leader=100 * MICRO),
        MarketView(tick_size_micros=TICK, min_order_size_micros=5 * MICRO),
        book,
        LeaderView(position_before_micros=100 * MICRO),
        States(),
        now=NOW,
        stale_after=dt.timedelta(minutes=5),
    )
    return int(verdict.details["limit_price_micros"]), verdict.intent is not None


def test_the_default_copies_one_tick_above_a_leader_at_0_40() -> None:
    """2 % of 0.40 is under a 0.01 tick; it used to round to the leader's own price."""
    rule = RuleSettings(fixed_amount_micros=5 * MICRO)
    assert rule.snapshot()["max_slippage_bps"] == DEFAULT_SLIPPAGE_BPS
    assert _limit(rule, BUY, 400_000, ask=410_000) == (410_000, True)
    assert _limit(rule, SELL, 400_000, ask=400_000) == (390_000, True)


def test_slippage_in_cents() -> None:
    rule = validate_rule_settings({"fixed_amount_micros": 5 * MICRO, "max_slippage_cents": 2})
    assert rule.max_slippage_bps is None
    assert _limit(rule, BUY, 400_000, ask=420_000) == (420_000, True)
    assert _limit(rule, BUY, 400_000, ask=430_000) == (420_000, False)
    assert _limit(rule, SELL, 400_000, ask=390_000) == (380_000, True)


def test_slippage_takes_exactly_one_unit() -> None:
    with pytest.raises(InvalidInputError, match="not both"):
        validate_rule_settings(
            {"fixed_amount_micros": MICRO, "max_slippage_bps": 100, "max_slippage_cents": 1}
        )
    with pytest.raises(InvalidInputError, match="max_slippage_cents"):
        validate_rule_settings({"fixed_amount_micros": MICRO, "max_slippage_cents": 100})
    zero = validate_rule_settings({"fixed_amount_micros": MICRO, "max_slippage_cents": 0})
    assert _limit(zero, BUY, 400_000, ask=400_000) == (400_000, True)


@given(
    tick=st.sampled_from(TICKS),
    data=st.data(),
    bps=st.integers(0, 10_000),
    cents=st.none() | st.integers(0, 99),
)
def test_the_limit_is_on_tick_and_at_least_one_tick_away_when_slippage_is_not_zero(
    tick: int, data: st.DataObject, bps: int, cents: int | None
) -> None:
    reference = data.draw(st.integers(1, MICRO // tick - 1)) * tick
    allowance = cents * CENT_MICROS if cents is not None else reference * bps // BPS
    for side, sign in ((BUY, 1), (SELL, -1)):
        limit = worst_price(side, reference, bps, tick, cents=cents)
        assert limit % tick == 0
        assert tick <= limit <= MICRO - tick
        moved = (limit - reference) * sign
        assert moved <= max(tick, allowance)  # never more than asked, or than one tick
        if allowance == 0:
            assert limit == reference
        elif tick <= reference + sign * tick <= MICRO - tick:
            assert moved >= tick  # room to move: at least one tick


async def test_every_decision_records_its_limit_price(db: Database) -> None:
    """A copy and a slippage skip both carry the limit price (the API's decision shows the
    record's ``limit_price_micros``)."""
    market = await add_market(db)
    account = await add_follower(db)
    rule = await add_rule(db, account, wallet(), RuleSettings(fixed_amount_micros=5 * MICRO))
    decided = []
    for ask in (510_000, 530_000):  # the leader bought at 0.50: the limit is 0.51
        level = ((ask, 10_000 * MICRO),)
        context = MarketContext(books={market.yes: BookView(asks=level)}, leader_values={})
        fill_id = await add_fill(db, rule.leader_id, market.condition_id, market.yes)
        async with db.transaction() as session:
            fill = await session.get(LeaderFill, fill_id)
            assert fill is not None
            await decide_fill(session, fill, context, now=NOW, stale_after=dt.timedelta(1))
            decided.append(
                await session.scalar(select(Decision).where(Decision.leader_fill_id == fill_id))
            )
    copy, skip = decided
    assert copy is not None
    assert skip is not None
    assert skip.reason == SkipReason.SLIPPAGE.value
    assert copy.limit_price_micros == skip.limit_price_micros == 510_000
    assert "worse than 0.51" in explain(skip.reason, skip.details)
    assert "no worse than 0.51" in explain(None, copy.details)


async def test_the_preview_shows_the_proportional_ratio_from_the_last_value_read(
    db: Database,
) -> None:
    market = await add_market(db)
    account_id = await add_follower(db)
    rule = await add_rule(db, account_id, wallet(), RuleSettings(fixed_amount_micros=MICRO))
    await add_fill(db, rule.leader_id, market.condition_id, market.yes, size_micros=40 * MICRO)
    proportional = RuleSettings(allocation="proportional", budget_micros=500 * MICRO)
    async with db.transaction() as session:
        account = await session.get(FollowerAccount, account_id)
        leader = await session.get(Leader, rule.leader_id)
        assert account is not None
        assert leader is not None
        before = await preview_rule(
            session, account, rule.leader_id, proportional, stale_after=dt.timedelta(1)
        )
        leader.value_positions_micros = 600 * MICRO
        leader.value_cash_micros = 400 * MICRO
        leader.value_read_at = NOW
        await session.flush()
        after = await preview_rule(
            session, account, rule.leader_id, proportional, stale_after=dt.timedelta(1)
        )
    assert [p.reason for p in before.fills] == [SkipReason.NO_LEADER_VALUE]
    [previewed] = after.fills
    assert previewed.copied
    assert previewed.amount_micros == 10 * MICRO  # $20 × 500 / 1000
    assert previewed.explanation.endswith(
        "Proportional sizing: your budget $500 ÷ the leader's value $1000 (positions and "
        "cash) = ×0.5 of the leader's $20 = $10."
    )
