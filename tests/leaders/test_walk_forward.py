"""The walk-forward check (``leaders/walk_forward.py``): Spearman is exact at the ends and
bounded, the shuffled baseline centres on zero and is reproducible, the verdict follows."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from polycopy.leaders.walk_forward import (
    LUCK,
    PREDICTED,
    TOO_FEW,
    Periods,
    average_ranks,
    check,
    competition_ranks,
    shuffled_baseline,
    spearman,
)

figure = st.decimals(min_value=-10, max_value=10, places=4, allow_nan=False)
values = st.lists(figure, min_size=2, max_size=25)


@settings(max_examples=150, deadline=None)
@given(values)
def test_identical_rankings_correlate_one_and_reversed_minus_one(xs: list[Decimal]) -> None:
    if len(set(xs)) < 2:
        assert spearman(xs, xs) is None  # no spread, no correlation
        return
    assert spearman(xs, xs) == 1
    assert spearman(xs, [-x for x in xs]) == -1
    # Any increasing transform keeps the ranks.
    assert spearman(xs, [x * 3 + 7 for x in xs]) == 1


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_correlation_is_bounded_and_symmetric(data: st.DataObject) -> None:
    xs = data.draw(values)
    ys = data.draw(st.lists(figure, min_size=len(xs), max_size=len(xs)))
    r = spearman(xs, ys)
    if r is None:
        assert len(set(xs)) < 2 or len(set(ys)) < 2
        return
    assert isinstance(r, Fraction)  # exact: no float anywhere
    assert -1 <= r <= 1
    assert spearman(ys, xs) == r
    assert spearman(xs, [-y for y in ys]) == -r


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-1000, 1000), min_size=4, max_size=20, unique=True), st.integers(0, 99))
def test_baseline_centres_on_zero_and_is_reproducible(raw: list[int], seed: int) -> None:
    xs = [Decimal(v) for v in raw]
    ys = list(reversed(xs))
    baseline = shuffled_baseline(xs, ys, permutations=400, seed=seed)
    assert baseline == shuffled_baseline(xs, ys, permutations=400, seed=seed)
    assert all(-1 <= b <= 1 for b in baseline)
    mean = sum(baseline, Fraction(0)) / len(baseline)
    # Shuffled ranks have expectation 0; 400 draws of a correlation with sd 1/sqrt(n-1).
    assert abs(mean) < Fraction(1, 5)
    # Symmetric: negating the other side mirrors every shuffled correlation.
    mirrored = shuffled_baseline(xs, [-y for y in ys], permutations=400, seed=seed)
    assert mirrored == [-b for b in baseline]


def test_ties_share_ranks() -> None:
    values = [Decimal(v) for v in ("3", "1", "3", "2")]
    assert average_ranks(values) == [Fraction(7, 2), 1, Fraction(7, 2), 2]
    assert competition_ranks(values) == [1, 4, 1, 3]


def periods(pairs: list[tuple[int, int]]) -> list[Periods]:
    return [Periods(i, Decimal(p), Decimal(n)) for i, (p, n) in enumerate(pairs, 1)]


def test_a_ranking_that_held_is_told_from_luck() -> None:
    held = check(periods([(v, v * 2) for v in range(10)]))
    assert held.rank_correlation == Decimal("1.0000")
    assert held.verdict == PREDICTED
    assert held.p_value is not None
    assert held.p_value <= Decimal("0.05")
    assert held.baseline_p95 is not None
    assert held.baseline_p95 < Decimal(1)
    assert [r.past_rank for r in held.rows] == list(range(1, 11))
    assert held.rows[0].leader_id == 10  # the best past figure first
    assert check(periods([(v, v * 2) for v in range(10)])) == held  # seeded: the same answer

    reversed_ = check(periods([(v, -v) for v in range(10)]))
    assert reversed_.rank_correlation == Decimal("-1.0000")
    assert reversed_.verdict == LUCK
    assert reversed_.p_value == Decimal("1.0000")

    few = check(periods([(1, 1), (2, 2), (3, 3)]))
    assert (few.verdict, few.rank_correlation, few.leaders) == (TOO_FEW, None, 3)
    assert len(few.rows) == 3
