"""How well a leader can be copied: a 0..100 score from a backtest of its stored fills.

Pure: a backtest report in (``backtest.core.Report``, the replay through the live decision
code), a score and its parts out. The score is the sum of four parts, each a fraction in
[0, 1] times its weight (weights sum to 100), so each part says how many points it gave:

- copy rate (30): copies / leader trades decided;
- follower ROI (40): the follower's PnL / what it spent, mapped linearly from -25 % (0) to
  +25 % (1), clamped; no copy, no points;
- slippage (15): 1 - (slippage cost / copied notional at the leader's prices) / 5 %, clamped;
  no copy, no points;
- sample size (15): copies / 100, at most 1 (a score on few copies is mostly luck).

docs/leader-statistics.md, "Copyability score", is the reference.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from polycopy.backtest.core import Backtest, Report
from polycopy.backtest.history import HistoryRow
from polycopy.backtest.run import DEFAULT_RULE
from polycopy.backtest.stored import HistorySource
from polycopy.copying.settings import RuleSettings
from polycopy.kit.money import micros_str
from polycopy.leaders.statistics import _ratio

WEIGHT_COPY_RATE = Decimal(30)
WEIGHT_ROI = Decimal(40)
WEIGHT_SLIPPAGE = Decimal(15)
WEIGHT_SAMPLE = Decimal(15)
#: Follower ROI that scores nothing, and the one that scores in full.
ROI_FLOOR, ROI_CEILING = Decimal("-0.25"), Decimal("0.25")
#: Slippage share of the copied notional that scores nothing.
SLIPPAGE_CEILING = Decimal("0.05")
#: Copies for full sample-size points.
FULL_SAMPLE = 100
_POINTS = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Part:
    """One part of the score: the figure, its weight, the points it gave, and its data."""

    part: str
    value: str
    weight: Decimal
    points: Decimal
    source: str


@dataclass(frozen=True, slots=True)
class Copyability:
    score: Decimal
    copy_rate: Decimal
    follower_roi: Decimal | None
    slippage_share: Decimal | None
    sample_size: int  # leader trades decided
    rule: str
    history: str
    explanation: list[Part]

    def as_json(self) -> dict[str, Any]:
        """For storage beside the statistics and for the API: ratios are strings."""
        return {
            "score": str(self.score),
            "copy_rate": str(self.copy_rate),
            "follower_roi": _text(self.follower_roi),
            "slippage_share": _text(self.slippage_share),
            "sample_size": self.sample_size,
            "rule": self.rule,
            "history": self.history,
            "explanation": [
                {
                    "part": p.part,
                    "value": p.value,
                    "weight": str(p.weight),
                    "points": str(p.points),
                    "source": p.source,
                }
                for p in self.explanation
            ],
        }


class Replay:
    """One copyability backtest fed a row at a time (the rows of one period, oldest first);
    it counts what it was fed, for the score's ``history``."""

    def __init__(self, rule: RuleSettings = DEFAULT_RULE) -> None:
        self.rule = rule
        # One equity point a day: the score reads totals, not the curve.
        self.backtest = Backtest(rule, bucket_seconds=86_400)
        self.fills = 0
        self.first_at: int | None = None
        self.last_at: int | None = None

    def feed(self, row: HistoryRow) -> None:
        self.backtest.feed(row)
        self.fills += 1
        self.first_at = row.timestamp if self.first_at is None else self.first_at
        self.last_at = row.timestamp

    def result(self, backfill: tuple[str | None, bool]) -> Copyability:
        """The score; ``backfill`` is the leader's backfill status and whether it is done."""
        history = HistorySource(self.fills, _at(self.first_at), _at(self.last_at), *backfill)
        return score(self.backtest.finish(), rule=rule_words(self.rule), history=history.text())


def score(report: Report, *, rule: str, history: str) -> Copyability:
    """The score of one replay; ``rule`` and ``history`` say what it replayed, in words."""
    decided, copies = report.fills, report.copies
    copy_rate = _ratio(copies, decided) or Decimal(0)
    roi = _ratio(report.pnl_micros, report.spent_micros)
    notional = report.tracking.notional_micros
    slippage = _ratio(report.tracking.slippage_cost_micros, notional) if copies else None
    replay = f"backtest of {history} at {rule}"
    cost, pnl, spent = (
        micros_str(report.tracking.slippage_cost_micros),
        micros_str(report.pnl_micros),
        micros_str(report.spent_micros),
    )
    parts = [
        _part(
            "copy rate",
            f"{copy_rate} ({copies} of {decided} leader trades copied)",
            WEIGHT_COPY_RATE,
            copy_rate,
            f"{replay}; skips: {_skips(report)}",
        ),
        _part(
            "follower ROI",
            "no copy" if roi is None else f"{roi} ({pnl} pUSD on {spent} pUSD spent)",
            WEIGHT_ROI,
            Decimal(0) if roi is None else _clamp((roi - ROI_FLOOR) / (ROI_CEILING - ROI_FLOOR)),
            f"{replay}; -25 % or worse scores 0, +25 % or better scores in full",
        ),
        _part(
            "slippage share",
            "no copy"
            if slippage is None
            else f"{slippage} ({cost} pUSD on {micros_str(notional)} pUSD at the leader's prices)",
            WEIGHT_SLIPPAGE,
            Decimal(0) if slippage is None else 1 - _clamp(slippage / SLIPPAGE_CEILING),
            f"{replay}; 0 % scores in full, 5 % or more scores 0",
        ),
        _part(
            "sample size",
            f"{copies} copies",
            WEIGHT_SAMPLE,
            _clamp(Decimal(copies) / FULL_SAMPLE),
            f"{replay}; {FULL_SAMPLE} copies or more score in full",
        ),
    ]
    return Copyability(
        score=sum((p.points for p in parts), Decimal(0)).quantize(_POINTS),
        copy_rate=copy_rate,
        follower_roi=roi,
        slippage_share=slippage,
        sample_size=decided,
        rule=rule,
        history=history,
        explanation=parts,
    )


def rule_words(rule: RuleSettings, *, delay_seconds: int = 0) -> str:
    """The rule a score was computed at, in words (the ranking's ``rule`` field)."""
    if rule.fixed_amount_micros is not None:
        size = f"{micros_str(rule.fixed_amount_micros)} pUSD per leader buy"
    else:
        size = f"{rule.allocation.value} sizing"
    delay = f"{delay_seconds} s detection delay" if delay_seconds else "no detection delay"
    return f"your default rule: {size}, the rule's other settings at their defaults, {delay}"


def _part(name: str, value: str, weight: Decimal, fraction: Decimal, source: str) -> Part:
    return Part(name, value, weight, (weight * fraction).quantize(_POINTS), source)


def _skips(report: Report) -> str:
    if not report.skips_by_reason:
        return "none"
    return ", ".join(f"{reason} {n}" for reason, n in report.skips_by_reason.most_common())


def _clamp(value: Decimal) -> Decimal:
    return min(Decimal(1), max(Decimal(0), value))


def _at(ts: int | None) -> dt.datetime | None:
    return None if ts is None else dt.datetime.fromtimestamp(ts, dt.UTC)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
