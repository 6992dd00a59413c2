from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from polycopy.copying.sizing import (
    MIN_MARKETABLE_NOTIONAL_MICROS,
    SHARE_STEP_MICROS,
    FillView,
    MarketView,
    RuleView,
    size_fixed_amount,
    worst_price,
)
from polycopy.copying.types import SkipReason
from polycopy.kit.money import MICRO
from polycopy.signals.types import TradeSide

TICKS = [100_000, 10_000, 5_000, 2_500, 1_000, 100]  # 0.1 … 0.0001 in micros


@st.composite
def priced(draw: st.DrawFn) -> tuple[int, int]:
    tick = draw(st.sampled_from(TICKS))
    price = draw(st.integers(1, MICRO // tick - 1)) * tick
    return tick, price


@given(priced(), st.sampled_from(list(TradeSide)), st.integers(0, 10_000))
def test_worst_price_is_on_tick_inside_the_book_and_no_better_than_the_leader(
    tick_price: tuple[int, int], side: TradeSide, slippage_bps: int
) -> None:
    tick, price = tick_price
    limit = worst_price(side, price, slippage_bps, tick)
    assert limit % tick == 0
    assert tick <= limit <= MICRO - tick
    if side is TradeSide.BUY:
        assert limit >= min(price, MICRO - tick)
        assert limit <= price + price * slippage_bps // 10_000
    else:
        assert limit <= max(price, tick)
        assert limit >= price - price * slippage_bps // 10_000


@given(priced(), st.integers(1, 10**10), st.integers(0, 2_000))
def test_fixed_buy_spends_the_fixed_amount_in_cents_or_skips(
    tick_price: tuple[int, int], amount: int, slippage: int
) -> None:
    tick, price = tick_price
    sizing = size_fixed_amount(
        FillView(TradeSide.BUY, "1", price, 10 * MICRO),
        RuleView(amount, slippage),
        MarketView(tick, 5 * MICRO),
        0,
    )
    if sizing.intent is None:
        assert sizing.reason is SkipReason.BELOW_MINIMUM
        assert amount < MIN_MARKETABLE_NOTIONAL_MICROS + SHARE_STEP_MICROS
        return
    assert sizing.intent.amount_micros is not None
    assert sizing.intent.amount_micros <= amount
    assert amount - sizing.intent.amount_micros < SHARE_STEP_MICROS
    assert sizing.intent.amount_micros % SHARE_STEP_MICROS == 0
    assert sizing.intent.amount_micros >= MIN_MARKETABLE_NOTIONAL_MICROS


@given(priced(), st.integers(0, 10**10))
def test_sell_never_exceeds_what_was_bought_for_the_leader(
    tick_price: tuple[int, int], held: int
) -> None:
    tick, price = tick_price
    sizing = size_fixed_amount(
        FillView(TradeSide.SELL, "1", price, 10 * MICRO),
        RuleView(5 * MICRO, 500),
        MarketView(tick, 5 * MICRO),
        held,
    )
    if held == 0:
        assert sizing.reason is SkipReason.NO_POSITION
    elif sizing.intent is None:
        assert sizing.reason is SkipReason.BELOW_MINIMUM
    else:
        assert sizing.intent.size_micros is not None
        assert 0 < sizing.intent.size_micros <= held
        assert sizing.intent.size_micros % SHARE_STEP_MICROS == 0
