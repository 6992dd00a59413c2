"""Tracking-error attribution: over random histories the parts add up to the gap exactly."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from polycopy.kit.money import MICRO, round_half_even_div
from polycopy.portfolio.attribution import (
    FEES,
    SKIPPED,
    SLIPPAGE,
    CopyEvent,
    FollowerFill,
    SettlementMove,
    attribute,
)
from polycopy.signals.types import TradeSide

TOKENS = ("yes", "no", "other")
prices = st.integers(min_value=1, max_value=MICRO - 1)
sizes = st.integers(min_value=0, max_value=10**10)
fills = st.builds(FollowerFill, sizes, sizes, st.integers(min_value=0, max_value=10**8))
events = st.builds(
    CopyEvent,
    token_id=st.sampled_from(TOKENS),
    side=st.sampled_from(TradeSide),
    price_micros=prices,
    leader_size_micros=sizes,
    skip_reason=st.sampled_from([None, None, "slippage", "max_trade", "stale"]),
    intended_micros=sizes,
    quote_micros=st.none() | prices,
    fills=st.lists(fills, max_size=3).map(tuple),
)
moves = st.builds(
    SettlementMove,
    st.dictionaries(st.sampled_from(TOKENS), st.integers(-(10**9), 10**9), max_size=2),
    st.integers(-(10**9), 10**9),
)
marks = st.dictionaries(st.sampled_from(TOKENS), st.integers(min_value=0, max_value=MICRO))


def _yours(history: list[CopyEvent], settled: list[SettlementMove], marked: dict[str, int]) -> int:
    """The follower's result counted directly: cash of every fill and settlement, plus the
    net shares at the period-end marks (a token never marked: its last price here)."""
    end = {e.token_id: e.price_micros for e in history} | marked
    cash, held = 0, dict.fromkeys(TOKENS, 0)
    for event in history:
        if event.skip_reason is not None:
            continue
        for fill in event.fills:
            sign = 1 if event.side is TradeSide.BUY else -1
            cash += -sign * fill.amount_micros - fill.fee_micros
            held[event.token_id] += sign * fill.size_micros
    for move in settled:
        cash += move.cash_micros
        for token, shares in move.shares_micros.items():
            held[token] += shares
    return cash + sum(round_half_even_div(n * end.get(t, 0), MICRO) for t, n in held.items())


@settings(max_examples=300, deadline=None)
@given(st.lists(events, max_size=12), st.lists(moves, max_size=3), marks)
def test_parts_add_up_to_the_gap_exactly(
    history: list[CopyEvent], settled: list[SettlementMove], marked: dict[str, int]
) -> None:
    result = attribute(history, settled, marked)
    assert sum(p.micros for p in result.parts) == result.gap_micros
    assert result.follower_micros == _yours(history, settled, marked)
    fees = sum(f.fee_micros for e in history if e.skip_reason is None for f in e.fills)
    assert [p.micros for p in result.parts if p.key == FEES] == [fees]
    reasons = {e.skip_reason for e in history} - {None}
    assert [p.reason for p in result.parts if p.key == SKIPPED] == sorted(reasons)  # type: ignore[type-var]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(TOKENS),
            st.integers(min_value=1, max_value=99),
            st.integers(min_value=1, max_value=10**6),
        ),
        min_size=1,
        max_size=8,
    ),
    marks,
)
def test_a_perfect_copy_has_no_gap(
    trades: list[tuple[str, int, int]], marked: dict[str, int]
) -> None:
    """Every buy copied at the leader's size and price, no fee: nothing to explain."""
    history = []
    for token, cents, hundreds in trades:
        price, size = cents * 10_000, hundreds * 100
        spent = price * size // MICRO
        history.append(
            CopyEvent(
                token,
                TradeSide.BUY,
                price,
                size,
                None,
                intended_micros=spent,
                fills=(FollowerFill(size, spent, 0),),
            )
        )
    result = attribute(history, [], marked)
    assert result.gap_micros == 0
    assert all(p.micros == 0 for p in result.parts)


def test_each_cause_lands_in_its_own_part() -> None:
    """Leader buys 10 at 0.40 twice; one copy is skipped (max_trade), the other spends the
    same 4.00 but fills 9.756 shares at 0.41 with a 0.01 fee; marked at 0.50."""
    copied = CopyEvent(
        "yes",
        TradeSide.BUY,
        400_000,
        10_000_000,
        None,
        intended_micros=4_000_000,
        fills=(FollowerFill(9_756_097, 4_000_000, 10_000),),
    )
    skipped = CopyEvent("yes", TradeSide.BUY, 400_000, 10_000_000, "max_trade")
    result = attribute([copied, skipped], [], {"yes": 500_000})
    parts = {(p.key, p.reason): p.micros for p in result.parts}
    assert result.leader_micros == 2_000_000  # 20 shares: −8.00 + 10.00
    assert parts[(SKIPPED, "max_trade")] == 1_000_000
    assert parts[(SLIPPAGE, None)] == 1_000_000 - (4_878_048 - 4_000_000)
    assert parts[(FEES, None)] == 10_000
    assert result.follower_micros == 4_878_048 - 4_000_000 - 10_000
    assert sum(parts.values()) == result.gap_micros
