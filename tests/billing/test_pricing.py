"""Proration and performance fees are integer micro-units that never go negative and add up."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from polycopy.billing.pricing import performance_fee, prorate_change, split_period, unused_part

prices = st.integers(min_value=0, max_value=10**15)
periods = st.integers(min_value=1, max_value=366 * 86_400)


@given(prices, periods, st.data())
def test_a_split_period_adds_up_to_its_price(price: int, period: int, data: st.DataObject) -> None:
    used_seconds = data.draw(st.integers(min_value=0, max_value=period))
    used, unused = split_period(price, period, used_seconds)
    assert isinstance(used, int)
    assert isinstance(unused, int)
    assert used >= 0
    assert unused >= 0
    assert used + unused == price


@given(prices, periods, st.data())
def test_three_parts_of_a_period_add_up_to_its_price(
    price: int, period: int, data: st.DataObject
) -> None:
    a, b = sorted(data.draw(st.integers(min_value=0, max_value=period)) for _ in range(2))
    # The unused part at each cut is floor(price * remaining / period); parts are differences.
    cuts = [unused_part(price, period, period - t) for t in (0, a, b, period)]
    parts = [cuts[i] - cuts[i + 1] for i in range(3)]
    assert all(p >= 0 for p in parts)
    assert sum(parts) == price


@given(prices, periods)
def test_a_full_period_costs_the_full_price(price: int, period: int) -> None:
    assert split_period(price, period, period) == (price, 0)
    assert split_period(price, period, 0) == (0, price)


@given(prices, prices, periods, st.data())
def test_a_plan_change_charges_or_credits_the_difference(
    old: int, new: int, period: int, data: st.DataObject
) -> None:
    remaining = data.draw(st.integers(min_value=-10, max_value=period + 10))
    change = prorate_change(old, new, period, remaining)
    assert change.charge_micros >= 0
    assert change.credit_micros >= 0
    assert change.charge_micros == 0 or change.credit_micros == 0
    if new >= old:
        assert change.credit_micros == 0
    else:
        assert change.charge_micros == 0
    # Never more than the whole difference of prices.
    assert change.charge_micros + change.credit_micros <= abs(new - old)


def test_switching_at_half_period_charges_half_the_difference() -> None:
    change = prorate_change(10_000_000, 30_000_000, 30 * 86_400, 15 * 86_400)
    assert (change.charge_micros, change.credit_micros) == (10_000_000, 0)


@given(
    st.integers(min_value=-(10**15), max_value=10**15),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.integers(min_value=0, max_value=10_000),
)
def test_a_performance_fee_is_only_taken_above_the_high_water_mark(
    pnl: int, mark: int, bps: int
) -> None:
    fee, new_mark = performance_fee(pnl, mark, bps)
    assert 0 <= fee <= max(pnl - mark, 0)
    assert new_mark == max(pnl, mark)
    # Charged once: the same PnL against the new mark owes nothing more.
    assert performance_fee(pnl, new_mark, bps)[0] == 0
