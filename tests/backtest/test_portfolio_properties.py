"""Invariants of the portfolio replay on generated histories: whatever the leaders' trades
and timing, the shared total exposure limit and each leader's budget hold, and every fill
of every leader is decided exactly once, on one clock."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from polycopy.backtest.core import Decision
from polycopy.backtest.history import HistoryRow
from polycopy.backtest.portfolio import PortfolioBacktest, leader_rule
from polycopy.copying.settings import AccountLimits, RuleSettings
from polycopy.kit.money import MICRO
from polycopy.signals.types import TradeSide
from tests.backtest.support import trade

_trade = st.tuples(
    st.integers(min_value=0, max_value=1),  # the leader
    st.integers(min_value=0, max_value=600),  # seconds after the previous row
    st.sampled_from(["a", "b", "c"]),  # the market
    st.sampled_from([TradeSide.BUY, TradeSide.BUY, TradeSide.SELL]),
    st.integers(min_value=50_000, max_value=950_000),  # price
    st.integers(min_value=1, max_value=400),  # shares
)


@settings(max_examples=60, deadline=None)
@given(
    trades=st.lists(_trade, min_size=1, max_size=40),
    budgets=st.tuples(*[st.integers(min_value=1, max_value=200) for _ in range(2)]),
    limit=st.integers(min_value=1, max_value=300),
    delays=st.integers(min_value=0, max_value=30),
)
def test_limits_and_budgets_hold_and_every_fill_is_decided_once(
    trades: list[tuple[int, int, str, TradeSide, int, int]],
    budgets: tuple[int, int],
    limit: int,
    delays: int,
) -> None:
    rule = RuleSettings(allocation="percentage", percentage_bps=5_000)
    engine = PortfolioBacktest(
        [leader_rule(rule, b * MICRO) for b in budgets],
        AccountLimits(max_total_exposure_micros=limit * MICRO),
        delay_seconds=delays,
    )
    seen: list[tuple[int, Decision]] = []
    for index, member in enumerate(engine.members):
        member.on_decision = lambda d, i=index: seen.append((i, d))
    held = [0, 0]
    now = 1_750_000_000
    fed = [0, 0]
    for leader, gap, market, side, price, shares in trades:
        now += gap
        if side is TradeSide.SELL and held[leader] == 0:
            side = TradeSide.BUY  # a leader sells only what it was seen to buy
        row: HistoryRow = trade(
            now, side, price, shares * MICRO, token=f"t-{market}", condition=f"c-{market}"
        )
        held[leader] += shares if side is TradeSide.BUY else -min(held[leader], shares)
        engine.feed(leader, row)
        fed[leader] += 1
        # Checked after every row: what the leaders' open lots cost together.
        assert sum(m._total_cost for m in engine.members) <= limit * MICRO
        for member, budget in zip(engine.members, budgets, strict=True):
            assert member._total_cost <= budget * MICRO
    reports = engine.finish(now)
    assert engine.peak_exposure <= limit * MICRO
    for index, report in enumerate(reports):
        ordinals = sorted(d.ordinal for i, d in seen if i == index)
        assert ordinals == list(range(1, fed[index] + 1))
        assert report.copies + report.skips == report.fills == fed[index]
    decided = [d.decided_at for _, d in seen]
    assert decided == sorted(decided)  # one clock across the leaders
