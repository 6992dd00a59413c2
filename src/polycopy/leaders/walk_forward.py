"""Walk-forward check: did ranking leaders on one period predict their copy results on the next?

Pure: each leader's value before the split (the ranking figure) and after it (the follower's
ROI of a backtest at the default rule) in; the Spearman rank correlation between the two,
beside the correlations of the same leaders with the next-period values shuffled (a luck
baseline: many seeded random permutations, so the same input gives the same answer), a
one-sided p-value and a verdict in plain words out. Exact arithmetic (``Fraction``), no float.
docs/leader-statistics.md, "Walk-forward check", is the reference.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction

#: Fewer leaders than this tell nothing (a correlation of 3 points is luck half the time).
MIN_LEADERS = 4
PERMUTATIONS = 1_000
SEED = 17
#: The p-value at or under which past rank "predicted" the next period.
SIGNIFICANCE = Fraction(5, 100)
PREDICTED = "past rank predicted the next period"
LUCK = "indistinguishable from luck"
TOO_FEW = f"too few leaders (need {MIN_LEADERS})"
_PLACES = Decimal("0.0001")


@dataclass(frozen=True, slots=True)
class Periods:
    """One leader's figure before the split and its copy result after it."""

    leader_id: int
    past: Decimal
    next: Decimal


@dataclass(frozen=True, slots=True)
class Row:
    leader_id: int
    past_rank: int  # 1 = best (highest value); ties share the better rank
    past_value: Decimal
    next_rank: int
    next_value: Decimal


@dataclass(frozen=True, slots=True)
class WalkForward:
    leaders: int
    rank_correlation: Decimal | None
    baseline_mean: Decimal | None
    baseline_p95: Decimal | None
    p_value: Decimal | None
    verdict: str
    rows: list[Row]


def check(
    periods: Sequence[Periods], *, permutations: int = PERMUTATIONS, seed: int = SEED
) -> WalkForward:
    """The walk-forward check of these leaders (rows best past rank first)."""
    past = [p.past for p in periods]
    after = [p.next for p in periods]
    past_ranks, next_ranks = competition_ranks(past), competition_ranks(after)
    rows = sorted(
        (
            Row(p.leader_id, pr, p.past, nr, p.next)
            for p, pr, nr in zip(periods, past_ranks, next_ranks, strict=True)
        ),
        key=lambda r: (r.past_rank, r.leader_id),
    )
    if len(periods) < MIN_LEADERS:
        return WalkForward(len(periods), None, None, None, None, TOO_FEW, rows)
    observed = spearman(past, after)
    baseline = shuffled_baseline(past, after, permutations=permutations, seed=seed)
    if observed is None or not baseline:
        return WalkForward(len(periods), None, None, None, None, LUCK, rows)
    ordered = sorted(baseline)
    p_value = Fraction(1 + sum(b >= observed for b in baseline), 1 + len(baseline))
    verdict = PREDICTED if observed > 0 and p_value <= SIGNIFICANCE else LUCK
    return WalkForward(
        len(periods),
        _decimal(observed),
        _decimal(sum(baseline, Fraction(0)) / len(baseline)),
        _decimal(ordered[(len(ordered) - 1) * 95 // 100]),
        _decimal(p_value),
        verdict,
        rows,
    )


def spearman(xs: Sequence[Decimal], ys: Sequence[Decimal]) -> Fraction | None:
    """Spearman's rank correlation (Pearson's on average ranks, ties shared), exact to the
    square root; None when either side has no spread (all values tied) or fewer than two."""
    if len(xs) != len(ys):
        raise ValueError("both sides need the same leaders")
    if len(xs) < 2:
        return None
    return _Ranked(_doubled(xs), _doubled(ys)).correlation(_doubled(ys))


def shuffled_baseline(
    xs: Sequence[Decimal], ys: Sequence[Decimal], *, permutations: int, seed: int
) -> list[Fraction]:
    """The correlations of ``xs`` with ``ys`` randomly permuted: what luck alone gives."""
    rx, ry = _doubled(xs), _doubled(ys)
    ranked = _Ranked(rx, ry)
    rng = random.Random(seed)  # noqa: S311 (a reproducible baseline, not a secret)
    out = []
    for _ in range(permutations):
        shuffled = list(ry)
        rng.shuffle(shuffled)
        if (value := ranked.correlation(shuffled)) is not None:
            out.append(value)
    return out


def average_ranks(values: Sequence[Decimal]) -> list[Fraction]:
    """Ranks 1..n ascending; tied values share the mean of their ranks."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [Fraction(0)] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for k in range(start, end + 1):
            ranks[order[k]] = Fraction(start + end + 2, 2)
        start = end + 1
    return ranks


def competition_ranks(values: Sequence[Decimal]) -> list[int]:
    """Display ranks, 1 = highest value; tied values share the better rank (1, 2, 2, 4)."""
    return [1 + sum(other > value for other in values) for value in values]


def _doubled(values: Sequence[Decimal]) -> list[int]:
    """Twice the average ranks: integers, so the correlation is integer arithmetic."""
    return [int(2 * rank) for rank in average_ranks(values)]


class _Ranked:
    """Pearson's correlation of fixed ranks ``xs`` with any permutation of ``ys``: the sums
    and spreads do not change under a permutation, only the cross product does."""

    def __init__(self, xs: Sequence[int], ys: Sequence[int]) -> None:
        n = len(xs)
        self.xs, self.n = list(xs), n
        self.sx, self.sy = sum(xs), sum(ys)
        self.spread = (n * sum(x * x for x in xs) - self.sx**2) * (
            n * sum(y * y for y in ys) - self.sy**2
        )

    def correlation(self, ys: Sequence[int]) -> Fraction | None:
        if self.spread == 0:
            return None
        cov = self.n * sum(x * y for x, y in zip(self.xs, ys, strict=True)) - self.sx * self.sy
        squared = Fraction(cov * cov, self.spread)  # exact; only its square root is rounded
        if squared == 1:
            return Fraction(1 if cov > 0 else -1)
        with localcontext() as ctx:
            ctx.prec = 28
            root = Fraction((Decimal(squared.numerator) / Decimal(squared.denominator)).sqrt())
        return min(Fraction(1), root) if cov >= 0 else max(Fraction(-1), -root)


def _decimal(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(_PLACES)
