"""Leader statistics: the accounting adds up exactly, ratios stay in range, intervals are
reproducible and contain their figure's plausible range (``leaders/statistics.py``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from polycopy.leaders.statistics import MarketFacts, StatFill, compute
from polycopy.signals.types import LeaderEventType, TradeSide

T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
MICRO = 1_000_000


def trade(
    minute: int, market: str, side: TradeSide, shares: int, price: int, *, maker: bool | None = None
) -> StatFill:
    return StatFill(
        at=T0 + dt.timedelta(minutes=minute),
        condition_id=market,
        token_id=f"{market}-yes",
        event_type=LeaderEventType.TRADE,
        side=side,
        size_micros=shares,
        usdc_micros=shares * price // MICRO,
        price_micros=price,
        maker=maker,
    )


legs = st.lists(
    st.tuples(
        st.sampled_from(["m1", "m2", "m3"]),
        st.sampled_from([TradeSide.BUY, TradeSide.SELL]),
        st.integers(1, 500 * MICRO),
        st.integers(1_000, 999_000),
    ),
    max_size=60,
)


def history(raw: list[tuple[str, TradeSide, int, int]]) -> list[StatFill]:
    return [trade(i, m, side, shares, price) for i, (m, side, shares, price) in enumerate(raw)]


@settings(max_examples=150, deadline=None)
@given(legs)
def test_ratios_in_range_and_samples_match(raw: list[tuple[str, TradeSide, int, int]]) -> None:
    stats = compute(history(raw), {}, resamples=40)
    closed = stats.closed_positions
    assert stats.win_rate.sample_size == len(closed)
    if stats.win_rate.value is not None:
        assert Decimal(0) <= stats.win_rate.value <= Decimal(1)
    for figure in (stats.win_rate, stats.profit_factor, stats.realized_pnl_micros, stats.roi):
        if figure.low is not None and figure.high is not None:
            assert figure.low <= figure.high
    assert stats.trades.value == len(raw) == sum(stats.activity_by_hour)
    assert stats.max_drawdown_micros.value is not None
    assert stats.max_drawdown_micros.value >= 0
    sells = sum(1 for _, side, _, _ in raw if side is TradeSide.SELL)
    assert stats.unmatched_sells.sample_size == sells
    assert 0 <= int(stats.unmatched_sells.value or 0) <= sells


@settings(max_examples=150, deadline=None)
@given(legs)
def test_realised_pnl_is_the_sum_of_closed_positions_when_everything_closes(
    raw: list[tuple[str, TradeSide, int, int]],
) -> None:
    """Sell every market flat at the end: all PnL is realised, it equals the closed
    positions' PnL to the micro, and equals proceeds less cost of the matched shares."""
    fills = history(raw)
    held: dict[str, int] = {}
    for fill in fills:
        delta = fill.size_micros if fill.side is TradeSide.BUY else -fill.size_micros
        held[fill.condition_id] = max(0, held.get(fill.condition_id, 0) + delta)
    n = len(fills)
    fills += [
        trade(n + i, market, TradeSide.SELL, shares, 500_000)
        for i, (market, shares) in enumerate(sorted(held.items()))
        if shares
    ]
    stats = compute(fills, {}, resamples=10)
    assert stats.unrealized_pnl_micros.value == 0
    assert stats.realized_pnl_micros.value == sum(p.pnl_micros for p in stats.closed_positions)
    if not stats.unmatched_sells.value:
        proceeds = sum(f.usdc_micros for f in fills if f.side is TradeSide.SELL)
        cost = sum(f.usdc_micros for f in fills if f.side is TradeSide.BUY)
        assert stats.realized_pnl_micros.value == proceeds - cost


def test_figures_of_a_known_history() -> None:
    end = T0 + dt.timedelta(minutes=64)
    fills = [
        trade(0, "m1", TradeSide.BUY, 100 * MICRO, 400_000, maker=True),
        trade(10, "m1", TradeSide.SELL, 100 * MICRO, 600_000, maker=False),  # +20
        trade(20, "m2", TradeSide.BUY, 50 * MICRO, 800_000),
        trade(30, "m2", TradeSide.SELL, 50 * MICRO, 600_000),  # -10
        trade(40, "m3", TradeSide.SELL, 10 * MICRO, 500_000),  # never bought
        trade(60, "m4", TradeSide.BUY, 10 * MICRO, 900_000),  # 4 minutes before its end
        StatFill(
            T0 + dt.timedelta(minutes=70),
            "m4",
            "",
            LeaderEventType.REDEEM,
            None,
            10 * MICRO,
            10 * MICRO,
            0,
        ),  # +1
    ]
    markets = {"m4": MarketFacts(end=end, tags=("Sports",)), "m1": MarketFacts(tags=("Politics",))}
    stats = compute(fills, markets)
    assert stats.realized_pnl_micros.value == 11 * MICRO
    assert [p.pnl_micros for p in stats.closed_positions] == [20 * MICRO, -10 * MICRO, MICRO]
    assert stats.win_rate.value == Decimal("0.6667")
    assert stats.profit_factor.value == Decimal("2.1")
    assert stats.unmatched_sells.value == 1
    assert stats.unmatched_sell_micros.value == 10 * MICRO
    assert stats.maker_share.value == Decimal("0.5")
    assert stats.maker_share.sample_size == 2
    assert stats.late_buy_share.value == 1
    assert stats.late_buy_share.sample_size == 1
    assert stats.tags == {"Politics": 2, "Sports": 1}
    assert stats.trades.value == 6
    assert stats.markets.value == 4
    assert stats.capital_deployed_micros.value == 89 * MICRO
    assert stats.roi.value == Decimal("0.1236")  # 11 / 89
    assert stats.roi.sample_size == 3  # buys
    # Resampling the three closed positions (+20, -10, +1) moves the realised part from
    # three losses (-30) to three wins (+60).
    assert stats.roi.low is not None
    assert stats.roi.high is not None
    assert Decimal("-0.3371") <= stats.roi.low <= stats.roi.value <= stats.roi.high
    assert stats.roi.high <= Decimal("0.6742")
    assert stats.holding_seconds_p50.value == 600
    # Equity: +20 realised, then m2 bought at 0.8 and marked there, sold at 0.6: -10.
    assert stats.max_drawdown_micros.value == 10 * MICRO
    assert compute(fills, markets) == stats  # seeded: the same intervals every time
    recent = compute(fills, markets, since=T0 + dt.timedelta(minutes=25))
    assert recent.realized_pnl_micros.value == -9 * MICRO  # m2's sale and m4's redemption
    assert recent.trades.value == 3


@settings(max_examples=100, deadline=None)
@given(legs, st.lists(st.integers(0, 10**9), min_size=3, max_size=3))
def test_redemptions_close_every_lot_and_the_sums_stay_exact(
    raw: list[tuple[str, TradeSide, int, int]], payouts: list[int]
) -> None:
    """Each market ends in a redemption: nothing is left open, and realised PnL is every
    sale's matched proceeds plus the payouts less every buy's cost, to the micro."""
    fills = history(raw)
    n = len(fills)
    fills += [
        StatFill(
            T0 + dt.timedelta(minutes=n + i), market, "", LeaderEventType.REDEEM, None, 0, payout, 0
        )
        for i, (market, payout) in enumerate(zip(["m1", "m2", "m3"], payouts, strict=True))
    ]
    stats = compute(fills, {}, resamples=10)
    assert stats.unrealized_pnl_micros.value == 0
    assert stats.unrealized_pnl_micros.sample_size == 0
    assert stats.realized_pnl_micros.value == sum(p.pnl_micros for p in stats.closed_positions)
    if not stats.unmatched_sells.value:
        bought = {f.condition_id for f in fills if f.side is TradeSide.BUY}
        proceeds = sum(f.usdc_micros for f in fills if f.side is TradeSide.SELL)
        paid = sum(p for m, p in zip(["m1", "m2", "m3"], payouts, strict=True) if m in bought)
        cost = sum(f.usdc_micros for f in fills if f.side is TradeSide.BUY)
        # A market sold flat before its redemption gets the payout of no lot.
        flat_paid = sum(
            p
            for m, p in zip(["m1", "m2", "m3"], payouts, strict=True)
            if m in bought and not _held_at_end(fills[:n], m)
        )
        assert stats.realized_pnl_micros.value == proceeds + paid - flat_paid - cost


def _held_at_end(fills: list[StatFill], market: str) -> bool:
    held = 0
    for fill in fills:
        if fill.condition_id == market:
            held = max(
                0, held + (fill.size_micros if fill.side is TradeSide.BUY else -fill.size_micros)
            )
    return held > 0
