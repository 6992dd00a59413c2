"""Performance views as pure arithmetic on micro-units (docs/analytics.md).

A *close* is one realisation of PnL: a sale's fill, or a redemption or merge. Closes give the
PnL bars, the cumulative equity and its drawdown, and the statistics a FreqUI user expects
(win/loss, profit factor, expectancy); with today's open positions they give PnL per market,
category and leader.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from polycopy.kit.money import round_half_even_div


class BarPeriod(enum.StrEnum):
    DAY = "day"
    WEEK = "week"  # Monday to Sunday, UTC
    MONTH = "month"


def bar_start(at: dt.datetime, period: BarPeriod) -> dt.datetime:
    """The start (UTC midnight) of the day, ISO week or month ``at`` falls in."""
    day = at.astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    if period is BarPeriod.WEEK:
        return day - dt.timedelta(days=day.weekday())
    if period is BarPeriod.MONTH:
        return day.replace(day=1)
    return day


@dataclass(frozen=True, slots=True)
class Close:
    at: dt.datetime
    condition_id: str
    leader_id: int | None  # None: a redemption covering several leaders' lots
    pnl_micros: int


@dataclass(slots=True)
class Bar:
    start: dt.datetime
    realized_pnl_micros: int = 0
    fees_micros: int = 0
    closes: int = 0
    wins: int = 0
    losses: int = 0


@dataclass(frozen=True, slots=True)
class EquityPoint:
    at: dt.datetime  # the bar's start
    equity_micros: int  # cumulative realised PnL at the bar's end
    peak_micros: int
    drawdown_micros: int  # equity − peak, never positive


@dataclass(frozen=True, slots=True)
class Statistics:
    closes: int
    wins: int
    losses: int
    realized_pnl_micros: int
    gross_profit_micros: int
    gross_loss_micros: int  # positive
    profit_factor_bps: int | None  # gross profit / gross loss × 10,000; None without losses
    win_rate_bps: int | None
    expectancy_micros: int | None  # mean PnL per close
    average_win_micros: int | None
    average_loss_micros: int | None
    best_close_micros: int | None
    worst_close_micros: int | None
    max_drawdown_micros: int  # the deepest fall of cumulative PnL from a peak, positive


@dataclass(slots=True)
class Group:
    key: str
    realized_pnl_micros: int = 0
    unrealized_pnl_micros: int = 0
    closes: int = 0
    wins: int = 0
    losses: int = 0

    @property
    def pnl_micros(self) -> int:
        return self.realized_pnl_micros + self.unrealized_pnl_micros


def _ordered(closes: Iterable[Close]) -> list[Close]:
    return sorted(closes, key=lambda c: c.at)


def bars(
    closes: Iterable[Close], fees: Iterable[tuple[dt.datetime, int]], period: BarPeriod
) -> list[Bar]:
    """One bar per day, week or month with a close or a fee, oldest first."""
    out: dict[dt.datetime, Bar] = {}
    for close in closes:
        start = bar_start(close.at, period)
        bar = out.setdefault(start, Bar(start))
        bar.realized_pnl_micros += close.pnl_micros
        bar.closes += 1
        bar.wins += close.pnl_micros > 0
        bar.losses += close.pnl_micros < 0
    for at, fee in fees:
        start = bar_start(at, period)
        out.setdefault(start, Bar(start)).fees_micros += fee
    return [out[k] for k in sorted(out)]


def equity(series: Sequence[Bar]) -> list[EquityPoint]:
    """Cumulative realised PnL at the end of each bar, its running peak and drawdown."""
    total = peak = 0
    out = []
    for bar in series:
        total += bar.realized_pnl_micros
        peak = max(peak, total)
        out.append(EquityPoint(bar.start, total, peak, total - peak))
    return out


def _mean(total: int, count: int) -> int | None:
    return round_half_even_div(total, count) if count else None


def statistics(closes: Iterable[Close]) -> Statistics:
    ordered = _ordered(closes)
    pnls = [c.pnl_micros for c in ordered]
    won = [p for p in pnls if p > 0]
    lost = [p for p in pnls if p < 0]
    profit, loss = sum(won), -sum(lost)
    total = peak = deepest = 0
    for pnl in pnls:
        total += pnl
        peak = max(peak, total)
        deepest = max(deepest, peak - total)
    decided = len(won) + len(lost)
    return Statistics(
        closes=len(pnls),
        wins=len(won),
        losses=len(lost),
        realized_pnl_micros=sum(pnls),
        gross_profit_micros=profit,
        gross_loss_micros=loss,
        profit_factor_bps=round_half_even_div(profit * 10_000, loss) if loss else None,
        win_rate_bps=round_half_even_div(len(won) * 10_000, decided) if decided else None,
        expectancy_micros=_mean(sum(pnls), len(pnls)),
        average_win_micros=_mean(profit, len(won)),
        average_loss_micros=_mean(-loss, len(lost)),
        best_close_micros=max(pnls) if pnls else None,
        worst_close_micros=min(pnls) if pnls else None,
        max_drawdown_micros=deepest,
    )


@dataclass(frozen=True, slots=True)
class Holding:
    """An open position's unrealised PnL now, with what it is grouped by."""

    condition_id: str
    leader_id: int
    unrealized_pnl_micros: int


def groups(
    closes: Iterable[Close],
    held: Iterable[Holding],
    key_of: Callable[[str, int | None], str],
) -> list[Group]:
    """PnL per ``key_of(condition_id, leader_id)``: realised in the period plus unrealised
    now, best first."""
    out: dict[str, Group] = {}
    for close in closes:
        group = out.setdefault(key_of(close.condition_id, close.leader_id), Group(""))
        group.realized_pnl_micros += close.pnl_micros
        group.closes += 1
        group.wins += close.pnl_micros > 0
        group.losses += close.pnl_micros < 0
    for holding in held:
        key = key_of(holding.condition_id, holding.leader_id)
        out.setdefault(key, Group("")).unrealized_pnl_micros += holding.unrealized_pnl_micros
    for key, group in out.items():
        group.key = key
    return sorted(out.values(), key=lambda g: (-g.pnl_micros, g.key))


def category_of(tags: Mapping[str, Sequence[str]]) -> Callable[[str, int | None], str]:
    """A market's category: its first tag, or ``uncategorised``."""

    def key(condition_id: str, _leader: int | None) -> str:
        found = tags.get(condition_id) or ()
        return found[0] if found else "uncategorised"

    return key


@dataclass(frozen=True, slots=True)
class Performance:
    bars: list[Bar]
    equity: list[EquityPoint]
    statistics: Statistics
    markets: list[Group]
    categories: list[Group]
    leaders: list[Group]
    best_markets: list[Group] = field(default_factory=list)
    worst_markets: list[Group] = field(default_factory=list)


TOP = 5


def performance(
    closes: Sequence[Close],
    fees: Sequence[tuple[dt.datetime, int]],
    held: Sequence[Holding],
    *,
    period: BarPeriod,
    tags: Mapping[str, Sequence[str]],
) -> Performance:
    series = bars(closes, fees, period)
    markets = groups(closes, held, lambda condition, _leader: condition)
    return Performance(
        bars=series,
        equity=equity(series),
        statistics=statistics(closes),
        markets=markets,
        categories=groups(closes, held, category_of(tags)),
        leaders=groups(closes, held, lambda _c, leader: "" if leader is None else str(leader)),
        best_markets=[m for m in markets if m.pnl_micros > 0][:TOP],
        worst_markets=[m for m in reversed(markets) if m.pnl_micros < 0][:TOP],
    )
