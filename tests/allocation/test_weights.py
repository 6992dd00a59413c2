"""Property tests of the budget split: whatever the weights, no budget breaks the cap or the
total, and rounding dust is handed out deterministically."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polycopy.allocation.types import LeaderInput, Weighting
from polycopy.allocation.weights import allocate

_figure = st.none() | st.decimals(min_value=0, max_value=1_000, places=4)
_leader = st.builds(
    LeaderInput,
    wallet=st.text("0123456789abcdef", min_size=1, max_size=6),
    score=_figure,
    volatility=_figure,
    manual_weight=_figure,
    roi_low=st.none() | st.decimals(min_value=-1, max_value=1, places=3),
    roi_high=st.none() | st.decimals(min_value=-1, max_value=1, places=3),
)
_cap = st.decimals(min_value=Decimal("0.001"), max_value=1, places=3)
_total = st.integers(min_value=0, max_value=10**13)


@given(_total, st.lists(_leader, max_size=12), st.sampled_from(Weighting), _cap, st.booleans())
def test_budgets_are_bounded_by_the_cap_and_the_total(
    total: int, leaders: list[LeaderInput], weighting: Weighting, cap: Decimal, exclude: bool
) -> None:
    out = allocate(total, leaders, weighting, cap=cap, exclude_insignificant=exclude)
    assert [a.wallet for a in out] == [leader.wallet for leader in leaders]
    assert all(0 <= a.budget_micros <= cap * total for a in out)
    assert sum(a.budget_micros for a in out) <= total
    if exclude:
        left_out = [a for a, lead in zip(out, leaders, strict=True) if not lead.significant]
        assert all(a.budget_micros == 0 for a in left_out)


@given(_total, st.integers(min_value=1, max_value=40), _cap)
def test_equal_weighting_is_equal_within_one_micro(total: int, n: int, cap: Decimal) -> None:
    out = allocate(total, [LeaderInput(str(i)) for i in range(n)], Weighting.EQUAL, cap=cap)
    budgets = [a.budget_micros for a in out]
    assert max(budgets) - min(budgets) <= 1
    if cap * n >= 1:  # the cap does not bind: the whole total less dust under one micro each
        assert total - n < sum(budgets) <= total


@given(_total, st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=10))
def test_manual_weights_are_respected(total: int, given_weights: list[int]) -> None:
    leaders = [LeaderInput(str(i), manual_weight=Decimal(w)) for i, w in enumerate(given_weights)]
    out = allocate(total, leaders, Weighting.MANUAL)
    mass = sum(given_weights)
    for a, w in zip(out, given_weights, strict=True):
        exact = total * w / mass if mass else 0
        assert abs(a.budget_micros - exact) < 1  # the floor, or the floor plus one dust micro


def test_the_cap_redistributes_the_excess_in_proportion() -> None:
    leaders = [LeaderInput(w, manual_weight=Decimal(m)) for w, m in (("a", 8), ("b", 1), ("c", 1))]
    out = allocate(1_000_000, leaders, Weighting.MANUAL, cap=Decimal("0.5"))
    assert [a.budget_micros for a in out] == [500_000, 250_000, 250_000]
    assert "capped at 0.5" in out[0].reason


def test_risk_parity_and_inverse_volatility_agree_and_scores_weigh() -> None:
    leaders = [
        LeaderInput("a", volatility=Decimal("0.1")),
        LeaderInput("b", volatility=Decimal("0.3")),
    ]
    inv = allocate(4_000_000, leaders, Weighting.INVERSE_VOLATILITY)
    assert [a.budget_micros for a in inv] == [3_000_000, 1_000_000]
    assert inv == allocate(4_000_000, leaders, Weighting.RISK_PARITY)
    scored = [LeaderInput("a", score=Decimal(60)), LeaderInput("b", score=Decimal(20))]
    assert [a.budget_micros for a in allocate(100, scored, Weighting.SCORE)] == [75, 25]


def test_dust_goes_to_the_first_leaders_deterministically() -> None:
    out = allocate(10, [LeaderInput(str(i)) for i in range(3)], Weighting.EQUAL)
    assert [a.budget_micros for a in out] == [4, 3, 3]


@pytest.mark.parametrize("cap", [Decimal(0), Decimal("1.5")])
def test_a_cap_out_of_range_is_refused(cap: Decimal) -> None:
    with pytest.raises(ValueError, match="cap"):
        allocate(1, [LeaderInput("a")], Weighting.EQUAL, cap=cap)


_EXAMPLE = [  # docs/copy-rules.md, "Portfolio of leaders": the worked example
    LeaderInput("A", Decimal(80), Decimal("0.10"), Decimal(3), Decimal("0.01"), Decimal("0.20")),
    LeaderInput("B", Decimal(60), Decimal("0.20"), Decimal(1), Decimal("0.03"), Decimal("0.30")),
    LeaderInput("C", Decimal(20), Decimal("0.40"), Decimal(0), Decimal("-0.02"), Decimal("0.15")),
]


@pytest.mark.parametrize(
    ("weighting", "cap", "exclude", "budgets"),
    [
        (Weighting.EQUAL, "0.5", False, [333_333_334, 333_333_333, 333_333_333]),
        (Weighting.SCORE, "0.5", False, [500_000_000, 375_000_000, 125_000_000]),
        (Weighting.INVERSE_VOLATILITY, "0.5", False, [500_000_000, 333_333_333, 166_666_667]),
        (Weighting.RISK_PARITY, "0.5", False, [500_000_000, 333_333_333, 166_666_667]),
        (Weighting.MANUAL, "0.5", False, [500_000_000, 500_000_000, 0]),
        (Weighting.EQUAL, "0.5", True, [500_000_000, 500_000_000, 0]),
        (Weighting.EQUAL, "0.3", False, [300_000_000, 300_000_000, 300_000_000]),
    ],
)
def test_the_documented_worked_example(
    weighting: Weighting, cap: str, exclude: bool, budgets: list[int]
) -> None:
    out = allocate(
        1_000_000_000, _EXAMPLE, weighting, cap=Decimal(cap), exclude_insignificant=exclude
    )
    assert [a.budget_micros for a in out] == budgets
