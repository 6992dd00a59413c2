"""Property tests: the portfolio views agree with the lot accounting, whatever the trades."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from polycopy.kit.money import MICRO
from polycopy.portfolio.accounting import OpenLot, consume_lots
from polycopy.portfolio.valuation import (
    CopiedFill,
    FillRow,
    Mark,
    OpenLotRow,
    equity_curve,
    positions,
    tracking,
)
from polycopy.signals.types import TradeSide

T0 = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)

trade = st.tuples(
    st.booleans(),  # buy?
    st.integers(1, 500).map(lambda n: n * 10_000),  # shares (0.01 steps)
    st.integers(1, 99).map(lambda n: n * 10_000),  # price
    st.integers(0, 20_000),  # fee
    st.integers(0, 72),  # hours after the previous trade
)


@settings(max_examples=150, deadline=None)
@given(st.lists(trade, min_size=1, max_size=30), st.integers(1, 99))
def test_equity_and_positions_agree_with_the_lots(
    trades: list[tuple[bool, int, int, int, int]], mark_cents: int
) -> None:
    lots: list[list[int]] = []  # [remaining, cost]
    fills: list[FillRow] = []
    realized = fees = 0
    at = T0
    for buy, size, price, fee, hours in trades:
        at += dt.timedelta(hours=hours)
        held = sum(lot[0] for lot in lots)
        if not buy:
            size = min(size, held)
            if size == 0:
                continue
        amount = size * price // MICRO
        fee = min(fee, amount) if not buy else fee
        if buy:
            lots.append([size, amount + fee])
            fills.append(FillRow(at, TradeSide.BUY, amount, fee, 0))
        else:
            open_lots = [OpenLot(i, lot[0], lot[1]) for i, lot in enumerate(lots) if lot[0] > 0]
            parts = consume_lots(open_lots, size, amount - fee)
            pnl = sum(p.realized_pnl_micros for p in parts)
            for part in parts:
                lots[part.lot_id][0] -= part.size_micros
                lots[part.lot_id][1] -= part.cost_micros
            fills.append(FillRow(at, TradeSide.SELL, amount, fee, pnl))
            realized += pnl
        fees += fee
    for bucket in (dt.timedelta(hours=1), dt.timedelta(days=1)):
        curve = equity_curve(fills, bucket=bucket)
        if not fills:
            assert curve == []
            continue
        last = curve[-1]
        assert last.realized_pnl_micros == realized
        assert last.fees_micros == fees
        assert last.open_cost_micros == sum(lot[1] for lot in lots if lot[0] > 0)
        assert [p.at for p in curve] == sorted({p.at for p in curve})
    rows = [OpenLotRow(1, 7, "m", "t", None, lot[0], lot[1]) for lot in lots if lot[0] > 0]
    mark = Mark(mark_cents * 10_000, at, "leader_fill")
    held_positions = positions(rows, {"t": mark})
    assert sum(p.size_micros for p in held_positions) == sum(r.remaining_size_micros for r in rows)
    assert sum(p.cost_micros for p in held_positions) == sum(r.cost_micros for r in rows)
    for p in held_positions:
        assert p.unrealized_pnl_micros == p.value_micros - p.cost_micros
        assert abs(p.value_micros * MICRO - p.size_micros * mark.price_micros) <= MICRO // 2


@given(
    st.lists(
        st.tuples(st.booleans(), st.integers(1, 10**8), st.integers(1, 999_999)),
        min_size=1,
        max_size=20,
    )
)
def test_no_slippage_when_prices_match_and_sign_follows_the_side(
    fills: list[tuple[bool, int, int]],
) -> None:
    same = tracking(
        CopiedFill(TradeSide.BUY if b else TradeSide.SELL, s, p, p) for b, s, p in fills
    )
    assert same.slippage_cost_micros == 0
    assert same.slippage_bps in (0, None)  # None: a notional that rounds to nothing
    worse = tracking(
        CopiedFill(
            TradeSide.BUY if b else TradeSide.SELL,
            s,
            min(p + 1_000, 999_999) if b else max(p - 1_000, 1),
            p,
        )
        for b, s, p in fills
    )
    assert worse.slippage_cost_micros >= 0
