"""Leader drift (``leaders/drift.py``): a history compared with itself never drifts, a
change past a threshold always does, and every figure is an exact decimal string."""

from __future__ import annotations

import ast
import datetime as dt
import inspect
from decimal import ROUND_CEILING, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from polycopy.leaders import drift
from polycopy.leaders.drift import DriftKind, DriftReport, DriftThresholds, detect, wilson_low
from polycopy.leaders.statistics import MarketFacts, StatFill
from polycopy.signals.types import LeaderEventType, TradeSide

MICRO = 1_000_000
WEEK = dt.timedelta(days=7)
T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
LOW = DriftThresholds(min_trades=1, min_positions=1)

# One round trip: (offset in the window in seconds, shares, buy price, sell price, tag).
Trip = tuple[int, int, int, int, str]
trips = st.lists(
    st.tuples(
        st.integers(0, int(WEEK.total_seconds()) - 2),
        st.integers(MICRO, 500 * MICRO),
        st.integers(10_000, 990_000),
        st.integers(10_000, 990_000),
        st.sampled_from(["politics", "sports", "crypto"]),
    ),
    min_size=1,
    max_size=15,
).map(lambda raw: [(0, *raw[0][1:]), *raw[1:]])  # the pattern starts its window


def fill(at: dt.datetime, market: str, side: TradeSide, shares: int, usdc: int) -> StatFill:
    return StatFill(
        at=at,
        condition_id=market,
        token_id=f"{market}-yes",
        event_type=LeaderEventType.TRADE,
        side=side,
        size_micros=shares,
        usdc_micros=usdc,
        price_micros=usdc * MICRO // shares,
    )


def weeks(pattern: list[Trip], copies: int) -> tuple[list[StatFill], dict[str, MarketFacts]]:
    """The pattern once a week, ``copies`` times from T0: one market per round trip."""
    fills, markets = [], {}
    for week in range(copies):
        for i, (offset, shares, buy, sell, tag) in enumerate(pattern):
            market = f"w{week}-{i}"
            markets[market] = MarketFacts(tags=(tag,))
            at = T0 + week * WEEK + dt.timedelta(seconds=offset)
            fills.append(fill(at, market, TradeSide.BUY, shares, shares * buy // MICRO))
            sell_at = at + dt.timedelta(seconds=1)
            fills.append(fill(sell_at, market, TradeSide.SELL, shares, shares * sell // MICRO))
    fills.sort(key=lambda f: f.at)
    return fills, markets


def kinds(report: DriftReport) -> set[DriftKind]:
    return {s.kind for s in report.signals if s.drifting}


factors = st.decimals(min_value=Decimal("1.1"), max_value=Decimal(10), places=2)


@settings(max_examples=120, deadline=None)
@given(trips, st.integers(1, 4), factors, factors)
def test_a_history_compared_with_itself_never_drifts(
    pattern: list[Trip], baseline_weeks: int, size_factor: Decimal, frequency_factor: Decimal
) -> None:
    fills, markets = weeks(pattern, baseline_weeks + 1)
    limits = DriftThresholds(
        min_trades=1,
        min_positions=1,
        size_factor=size_factor,
        frequency_factor=frequency_factor,
        new_category_share=Decimal("0.01"),
    )
    report = detect(fills, markets, now=T0 + (baseline_weeks + 1) * WEEK, thresholds=limits)
    assert not report.drifting, report.summary()
    figures = {s.kind: (s.baseline, s.recent) for s in report.signals}
    assert figures[DriftKind.SIZE][0] == figures[DriftKind.SIZE][1]
    assert figures[DriftKind.FREQUENCY][0] == figures[DriftKind.FREQUENCY][1]
    assert figures[DriftKind.CATEGORIES][1] == "0.0000"


def sized(sizes: list[int], start: dt.datetime, market: str = "m") -> list[StatFill]:
    return [
        fill(start + dt.timedelta(hours=i), market, TradeSide.BUY, MICRO, usdc)
        for i, usdc in enumerate(sizes)
    ]


sizes = st.lists(st.integers(MICRO, 10_000 * MICRO), min_size=1, max_size=40)


@settings(max_examples=150, deadline=None)
@given(sizes, factors, st.decimals(min_value=Decimal("0.01"), max_value=Decimal(20), places=2))
def test_scaling_recent_sizes_past_the_factor_always_flags_size(
    base: list[int], factor: Decimal, extra: Decimal
) -> None:
    """Each recent trade is an earlier one times k (or divided by k), k > factor: drift."""
    k = factor + extra
    limits = DriftThresholds(min_trades=1, size_factor=factor)
    now = T0 + 2 * WEEK
    for scale in (lambda m: int(m * k), lambda m: int(m / k)):
        fills = sized(base, T0) + sized([scale(m) for m in base], now - WEEK)
        report = detect(fills, {}, now=now, thresholds=limits)
        assert DriftKind.SIZE in kinds(report), report.signals[0].explanation


@settings(max_examples=100, deadline=None)
@given(sizes, factors)
def test_sizes_within_the_factor_never_flag_size(base: list[int], factor: Decimal) -> None:
    """Scaled by a k strictly between 1/factor and factor: never size drift."""
    now = T0 + 2 * WEEK
    k = (factor + 1) / 2
    recent = sized([int(m * k) for m in base], now - WEEK)
    report = detect(
        sized(base, T0) + recent,
        {},
        now=now,
        thresholds=DriftThresholds(min_trades=1, size_factor=factor),
    )
    assert DriftKind.SIZE not in kinds(report)


@settings(max_examples=80, deadline=None)
@given(trips, st.integers(1, 3), factors)
def test_trading_factor_times_as_often_flags_frequency(
    pattern: list[Trip], baseline_weeks: int, factor: Decimal
) -> None:
    """The last week's round trips repeated ceil(factor) times: exactly that many times the
    baseline's rate."""
    fills, markets = weeks(pattern, baseline_weeks + 1)
    last_week = [f for f in fills if f.at >= T0 + baseline_weeks * WEEK]
    times = int(factor.to_integral_value(ROUND_CEILING))
    extra = [f for f in last_week for _ in range(times - 1)]
    now = T0 + (baseline_weeks + 1) * WEEK
    busier = sorted(fills + extra, key=lambda f: f.at)
    limits = DriftThresholds(min_trades=1, min_positions=1, frequency_factor=factor)
    assert DriftKind.FREQUENCY in kinds(detect(busier, markets, now=now, thresholds=limits))
    # Silence for a week after the same history is a fall by any factor.
    quiet = [f for f in fills if f.at < T0 + baseline_weeks * WEEK]
    report = detect(quiet, markets, now=now, thresholds=limits)
    assert DriftKind.FREQUENCY in kinds(report)


def test_new_categories_share_and_names() -> None:
    now = T0 + 3 * WEEK
    fills = sized([5 * MICRO] * 12, T0, "old") + sized([5 * MICRO] * 10, now - WEEK, "new")
    fills += sized([5 * MICRO] * 2, now - dt.timedelta(hours=1), "old")
    markets = {"old": MarketFacts(tags=("politics",)), "new": MarketFacts(tags=("weather",))}
    report = detect(fills, markets, now=now)
    signal = next(s for s in report.signals if s.kind is DriftKind.CATEGORIES)
    assert signal.drifting
    assert (signal.baseline, signal.recent, signal.threshold) == ("1", "0.8333", "0.5")
    assert "10 of its 12 trades in the last 7 days (83 %)" in signal.explanation
    assert "(weather)" in signal.explanation


def trip(at: dt.datetime, market: str, won: bool) -> list[StatFill]:
    sell = 20 * MICRO if won else 5 * MICRO
    return [
        fill(at, market, TradeSide.BUY, 10 * MICRO, 10 * MICRO),
        fill(at + dt.timedelta(minutes=1), market, TradeSide.SELL, 10 * MICRO, sell),
    ]


def test_a_collapsed_win_rate_drifts_and_says_so() -> None:
    now = T0 + 5 * WEEK
    fills = []
    for i in range(30):  # 24 of 30 won before
        fills += trip(T0 + dt.timedelta(hours=10 * i), f"b{i}", won=i % 5 != 0)
    for i in range(8):  # 1 of 8 won in the last week
        fills += trip(now - WEEK + dt.timedelta(hours=10 * i), f"r{i}", won=i == 0)
    report = detect(fills, {}, now=now)
    signal = next(s for s in report.signals if s.kind is DriftKind.WIN_RATE)
    assert signal.drifting
    assert (signal.baseline, signal.recent) == ("0.8000", "0.1250")
    assert Decimal(signal.threshold) == wilson_low(24, 30)
    assert "won 1 of the 8 positions" in signal.explanation
    assert "24 of 30 before (80 %" in signal.explanation


def test_too_little_history_is_no_drift_and_says_why() -> None:
    now = T0 + 2 * WEEK
    fills = sized([MICRO] * 3, now - WEEK) + sized([90 * MICRO] * 3, now - dt.timedelta(hours=5))
    report = detect(fills, {}, now=now)
    assert not report.drifting
    assert report.summary() == ""
    assert all(s.baseline == s.recent == "" for s in report.signals)
    assert "too few trades" in report.signals[0].explanation


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 200), st.integers(1, 200))
def test_wilson_low_is_a_rate_below_the_observed_one(wins: int, extra: int) -> None:
    n = wins + extra
    low = wilson_low(wins, n)
    assert Decimal(0) <= low <= Decimal(wins) / Decimal(n)


@settings(max_examples=60, deadline=None)
@given(trips, st.integers(1, 3))
def test_figures_are_decimal_strings_and_the_module_has_no_float(
    pattern: list[Trip], baseline_weeks: int
) -> None:
    fills, markets = weeks(pattern, baseline_weeks + 1)
    report = detect(fills, markets, now=T0 + (baseline_weeks + 1) * WEEK, thresholds=LOW)
    for signal in report.signals:
        body = signal.as_json()
        assert isinstance(body["drifting"], bool)
        for key in ("baseline", "recent", "threshold"):
            assert isinstance(body[key], str)
            if body[key]:
                Decimal(body[key])
    tree = ast.parse(inspect.getsource(drift))
    assert not [
        node
        for node in ast.walk(tree)
        if (isinstance(node, ast.Constant) and isinstance(node.value, float))
        or (isinstance(node, ast.Name) and node.id == "float")
    ]
