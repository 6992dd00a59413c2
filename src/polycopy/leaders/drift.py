"""Leader drift: does a followed leader still trade like its own history?

Pure: fills in (oldest first, as ``statistics_store`` streams them), a report out. The
*recent window* is the fills at or after ``now - window`` (7 days by default); the
*baseline* is every fill before it. Four signals compare the two (docs/leader-statistics.md,
"Drift"):

- ``size``: the median trade (pUSD notional, nearest rank) moved by ``size_factor`` or more,
  up or down. Needs ``min_trades`` trades on each side.
- ``categories``: the share of recent trades in markets none of whose tags the leader ever
  traded before reaches ``new_category_share``. Trades of untagged markets do not count.
  Needs ``min_trades`` tagged trades on each side.
- ``frequency``: trades per day moved by ``frequency_factor`` or more, up or down. The
  baseline rate runs from the first trade to the window's start, which must cover at least
  one window; a rise needs ``min_trades`` recent trades, a fall a baseline that predicts at
  least ``min_trades`` in a window (so a quiet week of a quiet trader is no drift).
- ``win_rate``: the win rate of the positions closed in the window (lot accounting, as
  ``statistics``) fell below the lower end of the 95 % Wilson interval of the positions closed
  before. Needs ``min_positions`` closed positions on each side. Only a fall is drift.

Every decision compares integers or ``Decimal``s exactly; money is integer micro-units.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from polycopy.kit.money import micros_str
from polycopy.leaders.statistics import MarketFacts, StatFill, StatisticsBuilder, percentile
from polycopy.signals.types import LeaderEventType

DAY_SECONDS = 86_400
_SECOND = dt.timedelta(seconds=1)
_Z = Decimal("1.96")  # 95 % two-sided
_RATE = Decimal("0.0001")
_PER_DAY = Decimal("0.01")


class DriftKind(enum.StrEnum):
    SIZE = "size"
    CATEGORIES = "categories"
    FREQUENCY = "frequency"
    WIN_RATE = "win_rate"


@dataclass(frozen=True, slots=True)
class DriftThresholds:
    """When a signal counts as drift (the ``drift_*`` settings, docs/configuration.md)."""

    window: dt.timedelta = dt.timedelta(days=7)  # whole days
    size_factor: Decimal = Decimal(3)
    frequency_factor: Decimal = Decimal(3)
    new_category_share: Decimal = Decimal("0.5")
    min_trades: int = 10
    min_positions: int = 5


@dataclass(frozen=True, slots=True)
class DriftSignal:
    """One comparison: the baseline's figure, the window's, the limit, and why in words.

    Units: ``size`` micro-units of pUSD (median trade); ``categories`` the number of
    categories traded before / the share of recent trades in new ones; ``frequency`` trades
    per day; ``win_rate`` win rates, the threshold the baseline interval's lower end. The
    figures are empty strings where a side has too few observations."""

    kind: DriftKind
    drifting: bool
    baseline: str
    recent: str
    threshold: str
    explanation: str

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "drifting": self.drifting,
            "baseline": self.baseline,
            "recent": self.recent,
            "threshold": self.threshold,
            "explanation": self.explanation,
        }


@dataclass(frozen=True, slots=True)
class DriftReport:
    checked_at: dt.datetime
    signals: list[DriftSignal]

    @property
    def drifting(self) -> bool:
        return any(signal.drifting for signal in self.signals)

    def summary(self) -> str:
        """The drifting signals' explanations in one line (empty when none drifts)."""
        return " ".join(s.explanation for s in self.signals if s.drifting)


def detect(
    fills: Iterable[StatFill],
    markets: Mapping[str, MarketFacts],
    *,
    now: dt.datetime,
    thresholds: DriftThresholds = DriftThresholds(),
) -> DriftReport:
    """The drift of a leader's ``fills`` (oldest first) as of ``now``."""
    builder = DriftBuilder(markets, now=now, thresholds=thresholds)
    for fill in fills:
        builder.add(fill)
    return builder.result()


@dataclass(slots=True)
class _Side:
    sizes: list[int] = field(default_factory=list)
    tagged: int = 0
    new_category: int = 0


class DriftBuilder:
    """The one pass of ``detect``, a fill at a time, so stored fills can stream in."""

    def __init__(
        self, markets: Mapping[str, MarketFacts], *, now: dt.datetime, thresholds: DriftThresholds
    ) -> None:
        self.markets = markets
        self.now = now
        self.limits = thresholds
        self.start = now - thresholds.window
        self.baseline = _Side()
        self.recent = _Side()
        self.known_tags: set[str] = set()
        self.new_tags: dict[str, None] = {}  # first-seen order
        self.first_trade: dt.datetime | None = None
        self.positions = StatisticsBuilder(markets, since=None)

    def add(self, fill: StatFill) -> None:
        self.positions.add(fill)
        if fill.event_type is not LeaderEventType.TRADE:
            return
        tags = self.markets.get(fill.condition_id, MarketFacts()).tags
        if fill.at < self.start:
            if self.first_trade is None:
                self.first_trade = fill.at
            self.baseline.sizes.append(fill.usdc_micros)
            self.baseline.tagged += bool(tags)
            self.known_tags.update(tags)
            return
        self.recent.sizes.append(fill.usdc_micros)
        if tags:
            self.recent.tagged += 1
            if self.known_tags.isdisjoint(tags):
                self.recent.new_category += 1
                self.new_tags.update(dict.fromkeys(tags))

    def result(self) -> DriftReport:
        return DriftReport(
            self.now,
            [self._size(), self._categories(), self._frequency(), self._win_rate()],
        )

    def _days(self) -> str:
        days = self.limits.window.days
        return f"{days} day{'s' if days != 1 else ''}"

    def _size(self) -> DriftSignal:
        factor, need = self.limits.size_factor, self.limits.min_trades
        before, recent = self.baseline.sizes, self.recent.sizes
        threshold = f"{factor}"
        if len(before) < need or len(recent) < need:
            return _quiet(
                DriftKind.SIZE,
                threshold,
                f"Trade sizes: too few trades to compare (need {need} in the last "
                f"{self._days()} and {need} before; have {len(recent)} and {len(before)}).",
            )
        base = percentile(sorted(before), 50) or 0
        now = percentile(sorted(recent), 50) or 0
        if base <= 0:
            return _quiet(DriftKind.SIZE, threshold, "Trade sizes: earlier trades had no notional.")
        grew, shrank = now >= factor * base, now * factor <= base
        ratio = _times(Decimal(now) / Decimal(base))
        words = (
            f"Its median trade in the last {self._days()} is ${micros_str(now)} "
            f"({len(recent)} trades), against ${micros_str(base)} before ({len(before)} trades): "
            f"{ratio}× the size"
        )
        return DriftSignal(
            DriftKind.SIZE,
            grew or shrank,
            str(base),
            str(now),
            threshold,
            f"{words}; drift is {factor}× larger or smaller.",
        )

    def _categories(self) -> DriftSignal:
        share, need = self.limits.new_category_share, self.limits.min_trades
        threshold = str(share)
        tagged, new = self.recent.tagged, self.recent.new_category
        if self.baseline.tagged < need or tagged < need:
            return _quiet(
                DriftKind.CATEGORIES,
                threshold,
                f"Categories: too few trades in tagged markets to compare (need {need} in the "
                f"last {self._days()} and {need} before; have {tagged} and "
                f"{self.baseline.tagged}).",
            )
        part = Decimal(new) / Decimal(tagged)
        names = ", ".join(list(self.new_tags)[:3])
        words = (
            f"{new} of its {tagged} trades in the last {self._days()} ({_percent(part)}) are in "
            f"categories it never traded before"
            + (f" ({names})" if names else "")
            + f"; it had traded {len(self.known_tags)} categories"
        )
        return DriftSignal(
            DriftKind.CATEGORIES,
            part >= share,
            str(len(self.known_tags)),
            str(part.quantize(_RATE, ROUND_FLOOR)),
            threshold,
            f"{words}; drift is {_percent(share)} or more.",
        )

    def _frequency(self) -> DriftSignal:
        factor, need = self.limits.frequency_factor, self.limits.min_trades
        threshold = f"{factor}"
        window = self.limits.window // _SECOND
        before, recent = len(self.baseline.sizes), len(self.recent.sizes)
        span = (self.start - self.first_trade) // _SECOND if self.first_trade else 0
        if before < need or span < window:
            return _quiet(
                DriftKind.FREQUENCY,
                threshold,
                f"Trading frequency: too little history before the last {self._days()} "
                f"(need {need} trades over at least {self._days()}; have {before}).",
            )
        base_rate = _per_day(before, span)
        now_rate = _per_day(recent, window)
        rose = recent >= need and recent * span >= factor * before * window
        # Only a baseline that expects enough trades in a window makes a quiet one notable.
        fell = before * window >= need * span and recent * span * factor <= before * window
        ratio = _times(Decimal(recent * span) / Decimal(before * window))
        words = (
            f"It traded {recent} times in the last {self._days()} ({now_rate} a day), against "
            f"{base_rate} a day before ({before} trades over {span // DAY_SECONDS} days): "
            f"{ratio}× as often"
        )
        return DriftSignal(
            DriftKind.FREQUENCY,
            rose or fell,
            base_rate,
            now_rate,
            threshold,
            f"{words}; drift is {factor}× more or less often.",
        )

    def _win_rate(self) -> DriftSignal:
        need = self.limits.min_positions
        closed = self.positions.closed
        before = [p.pnl_micros > 0 for p in closed if p.closed_at < self.start]
        recent = [p.pnl_micros > 0 for p in closed if p.closed_at >= self.start]
        if len(before) < need or len(recent) < need:
            return _quiet(
                DriftKind.WIN_RATE,
                "",
                f"Win rate: too few closed positions to compare (need {need} closed in the "
                f"last {self._days()} and {need} before; have {len(recent)} and {len(before)}).",
            )
        low = wilson_low(sum(before), len(before))
        rate = Decimal(sum(recent)) / Decimal(len(recent))
        base = Decimal(sum(before)) / Decimal(len(before))
        words = (
            f"It won {sum(recent)} of the {len(recent)} positions it closed in the last "
            f"{self._days()} ({_percent(rate)}), against {sum(before)} of {len(before)} before "
            f"({_percent(base)}, 95 % interval from {_percent(low)})"
        )
        return DriftSignal(
            DriftKind.WIN_RATE,
            rate < low,
            str(base.quantize(_RATE, ROUND_FLOOR)),
            str(rate.quantize(_RATE, ROUND_FLOOR)),
            str(low),
            f"{words}; drift is a win rate below that interval.",
        )


def wilson_low(wins: int, n: int) -> Decimal:
    """Lower end of the 95 % Wilson score interval of ``wins`` in ``n`` (rounded down).

    Chosen over the statistics' bootstrap because it stays meaningful for a handful of
    positions and never lies above the observed rate."""
    p = Decimal(wins) / Decimal(n)
    z2 = _Z * _Z
    centre = p + z2 / (2 * n)
    spread = _Z * (p * (1 - p) / n + z2 / (4 * n * n)).sqrt()
    low = (centre - spread) / (1 + z2 / n)
    return max(Decimal(0), low).quantize(_RATE, ROUND_FLOOR)


def _quiet(kind: DriftKind, threshold: str, explanation: str) -> DriftSignal:
    return DriftSignal(kind, False, "", "", threshold, explanation)


def _per_day(count: int, seconds: int) -> str:
    return str((Decimal(count * DAY_SECONDS) / Decimal(seconds)).quantize(_PER_DAY))


def _times(ratio: Decimal) -> str:
    return str(ratio.quantize(Decimal("0.1")))


def _percent(share: Decimal) -> str:
    return f"{(share * 100).quantize(Decimal(1))} %"
