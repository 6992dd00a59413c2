"""The resting-order policy as pure functions: what a chain of chases may spend, and which
rule settings are refused."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from polycopy.copying.evaluate import OrderIntent
from polycopy.copying.settings import RuleSettings
from polycopy.copying.sizing import worst_price
from polycopy.kit.money import MICRO
from polycopy.models import Market
from polycopy.orders.resting import replacement, resting_terms, unfilled
from polycopy.orders.service import placement, policy_of
from polycopy.orders.types import ExpiryPolicy, OrderType, RemainderPolicy, RestingPolicy
from polycopy.signals.types import TradeSide
from tests.orders.resting_support import unsaved_order

TICK = 10_000
MIN_SHARES = 5 * MICRO
MARKET = Market(condition_id="0xc", tick_size_micros=TICK, min_order_size_micros=MIN_SHARES)
NOW = dt.datetime(2026, 11, 28, tzinfo=dt.UTC)


@settings(max_examples=400, deadline=None)
@given(
    side=st.sampled_from(TradeSide),
    quantity=st.integers(1 * MICRO, 400 * MICRO).map(lambda q: q // TICK * TICK),
    reference=st.integers(5, 95).map(lambda ticks: ticks * TICK),
    slippage_bps=st.integers(0, 3_000),
    max_chases=st.integers(1, 5),
    remainder=st.sampled_from(RemainderPolicy),
    rounds=st.lists(
        st.tuples(st.integers(0, 100), st.none() | st.integers(1, 99).map(lambda t: t * TICK)),
        min_size=1,
        max_size=8,
    ),
)
def test_a_chain_of_chases_fills_plus_releases_exactly_what_it_reserved(
    side: TradeSide,
    quantity: int,
    reference: int,
    slippage_bps: int,
    max_chases: int,
    remainder: RemainderPolicy,
    rounds: list[tuple[int, int | None]],
) -> None:
    """Each order of the chain signs no more than it holds back, never past the worst price;
    at most ``max_chases`` chases; filled + released == reserved."""
    worst = worst_price(side, reference, slippage_bps, TICK)
    start = min(reference, worst) if side is TradeSide.BUY else max(reference, worst)
    policy = {
        "ttl_seconds": 60,
        "on_expiry": ExpiryPolicy.CHASE.value,
        "max_chases": max_chases,
        "remainder": remainder.value,
        "worst_price_micros": worst,
    }
    order = unsaved_order(side, OrderType.GTC, quantity, start, policy)
    filled = released = 0
    for percent, best in rounds:
        terms = resting_terms(order, MARKET, NOW)
        if terms is None:  # too small to rest: a FOK at the worst price instead
            assert order.order_type is OrderType.FOK
            assert order.limit_price_micros == worst
            released += unfilled(order)  # (killed, in the worst case)
            break
        maker, taker, _ = terms
        pusd, shares = (maker, taker) if side is TradeSide.BUY else (taker, maker)
        assert shares == order.size_micros
        if side is TradeSide.BUY:
            assert pusd <= unfilled(order)  # share-denominated: cannot spend past the reserve
            assert order.limit_price_micros <= worst
        else:
            assert shares <= unfilled(order)
            assert order.limit_price_micros >= worst
        assert order.chase_count <= max_chases
        got = shares * percent // 100 // TICK * TICK  # a maker fill at its own price
        order.filled_size_micros += got
        order.filled_amount_micros += got * order.limit_price_micros // MICRO
        filled += order.filled_amount_micros if side is TradeSide.BUY else got
        step = replacement(order, ended_by_ttl=True, best=best, min_shares=MIN_SHARES)
        if got == shares or step is None:  # filled, or ended: what it holds back is released
            released += unfilled(order)
            break
        moved = step.reserve(order)  # the rest's shares at the new price; the rest is released
        released += unfilled(order) - moved
        child = unsaved_order(side, OrderType.GTC, moved, step.price, policy)
        child.chase_count = step.chase_count
        order = child
    else:
        released += unfilled(order)  # still resting when the rounds end: cancelled now
    assert filled + released == quantity


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"order_type": "GTD", "order_ttl_seconds": 60}, "order_ttl_seconds"),
        ({"order_type": "FOK", "remainder": "rest"}, "remainder"),
        ({"order_type": "FAK", "on_expiry": "chase"}, "on_expiry"),
        ({"order_type": "GTC", "max_chases": 0}, "max_chases"),
        ({"order_type": "GTC", "order_ttl_seconds": 1}, "order_ttl_seconds"),
        ({"order_type": "IOC"}, "order_type"),
    ],
)
def test_order_policies_that_cannot_apply_are_refused(
    overrides: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError, match=field):
        RuleSettings.model_validate({"fixed_amount_micros": 5 * MICRO, **overrides})


def test_the_defaults_keep_fill_or_kill() -> None:
    defaults = RuleSettings(fixed_amount_micros=5 * MICRO)
    assert defaults.order_type is OrderType.FOK
    assert defaults.remainder is RemainderPolicy.DROP
    assert defaults.on_expiry is ExpiryPolicy.CANCEL
    RuleSettings(
        fixed_amount_micros=5, order_type=OrderType.FAK, remainder="rest", on_expiry="chase"
    )


def test_a_rule_that_leaves_the_policy_out_gets_the_same_defaults_written_and_read() -> None:
    """One set of defaults: what a copy is placed with and what the resting round reads of
    an order placed without a policy are ``RestingPolicy``'s own."""
    intent = OrderIntent(TradeSide.BUY, "1", 600_000, 5 * MICRO, None)
    written = placement({"order_type": "GTC"}, intent, 550_000)["policy"]
    assert written == RestingPolicy(worst_price_micros=600_000)
    order = unsaved_order(TradeSide.BUY, OrderType.FAK, 5 * MICRO, 600_000, None)
    assert policy_of(order) == written
    rule = RuleSettings(fixed_amount_micros=5)  # a new rule's settings say the same
    assert (rule.order_ttl_seconds, rule.on_expiry, rule.max_chases, rule.remainder) == (
        written.ttl_seconds,
        written.on_expiry,
        written.max_chases,
        written.remainder,
    )
    stored = unsaved_order(
        TradeSide.BUY, OrderType.GTC, 5 * MICRO, 550_000, written.model_dump(mode="json")
    )
    assert policy_of(stored) == written


@pytest.mark.parametrize(
    ("stored", "field"),
    [
        ({"max_chases": "3"}, "max_chases"),
        ({"on_expiry": "later"}, "on_expiry"),
        ({"worst_price_micros": 0}, "worst_price_micros"),
        ({"ttl": 60}, "ttl"),
    ],
)
def test_a_stored_policy_that_is_not_valid_is_refused_when_read(
    stored: dict[str, object], field: str
) -> None:
    policy = RestingPolicy(worst_price_micros=600_000).model_dump(mode="json") | stored
    order = unsaved_order(TradeSide.BUY, OrderType.GTC, 5 * MICRO, 550_000, policy)
    with pytest.raises(ValidationError, match=field):
        policy_of(order)
