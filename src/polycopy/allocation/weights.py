"""Split a total budget among leaders: pure, exact (fractions), integer budgets.

1. Leaders left out get weight 0: with ``exclude_insignificant``, those whose ROI interval is
   not above 0; for inverse volatility and risk parity, those with no positive volatility; for
   score, those with no score.
2. Raw weights: equal 1; score the copyability score; inverse volatility 1/σ; risk parity
   1/σ too (with the leaders' returns taken as uncorrelated, a diagonal covariance, equal risk
   contributions w·σ mean w ∝ 1/σ); manual the given weight. Normalised to sum 1.
3. The cap, by water-filling: a weight above ``cap`` is cut to it and the excess goes to the
   uncapped leaders in proportion to their raw weights, until none is above. When the cap
   times the number of leaders kept is below 1, every leader holds the cap and the rest of
   the total stays unallocated.
4. Budgets: each the floor of weight × total; the rounding dust (less than one micro per
   leader) goes one micro at a time to the largest remainders (ties: the order given), never
   above the cap; sum = floor(Σ weight × total) unless the cap refuses a micro.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from polycopy.allocation.types import Allocation, LeaderInput, Weighting

_SHOWN = Decimal("0.000001")


def allocate(
    total_micros: int,
    leaders: Sequence[LeaderInput],
    weighting: Weighting,
    *,
    cap: Decimal = Decimal(1),
    exclude_insignificant: bool = False,
) -> list[Allocation]:
    """Each leader's budget, in the order given. ``cap`` is the largest weight, in (0, 1]."""
    if total_micros < 0:
        raise ValueError("total_micros must not be negative")
    if not Decimal(0) < cap <= Decimal(1):
        raise ValueError("cap must be above 0 and at most 1")
    raws: list[Fraction] = []
    reasons: list[str] = []
    for leader in leaders:
        raw, reason = _raw(leader, weighting)
        if exclude_insignificant and not leader.significant:
            raw, reason = Fraction(0), "excluded: the ROI's confidence interval is not above 0"
        raws.append(raw)
        reasons.append(reason)
    weights = _capped(raws, Fraction(cap))
    budgets = _budgets(total_micros, weights, Fraction(cap))
    out = []
    for leader, weight, budget, raw, reason in zip(
        leaders, weights, budgets, raws, reasons, strict=True
    ):
        if raw and weight < raw / sum(raws):
            reason += f"; capped at {cap}"
        shown = (Decimal(weight.numerator) / Decimal(weight.denominator)).quantize(_SHOWN)
        out.append(Allocation(leader.wallet, shown, budget, reason))
    return out


def _raw(leader: LeaderInput, weighting: Weighting) -> tuple[Fraction, str]:
    if weighting is Weighting.EQUAL:
        return Fraction(1), "equal weight"
    if weighting is Weighting.MANUAL:
        value = leader.manual_weight
        if value is None or value < 0:
            return Fraction(0), "excluded: no manual weight"
        return Fraction(value), f"manual weight {value}"
    if weighting is Weighting.SCORE:
        if leader.score is None or leader.score <= 0:
            return Fraction(0), "excluded: no copyability score"
        return Fraction(leader.score), f"copyability score {leader.score}"
    sigma = leader.volatility
    if sigma is None or sigma <= 0:
        return Fraction(0), "excluded: no volatility of copied returns"
    return 1 / Fraction(sigma), f"1 / volatility {sigma}"


def _capped(raws: Sequence[Fraction], cap: Fraction) -> list[Fraction]:
    """Normalised weights, none above ``cap``, the excess water-filled onto the others."""
    weights = [Fraction(0)] * len(raws)
    free = [i for i, raw in enumerate(raws) if raw > 0]
    left = Fraction(1)
    while free:
        mass = sum(raws[i] for i in free)
        over = [i for i in free if raws[i] * left / mass > cap]
        if not over:
            for i in free:
                weights[i] = raws[i] * left / mass
            break
        for i in over:
            weights[i] = cap
        left -= cap * len(over)
        free = [i for i in free if i not in over]
        if left <= 0:
            break
    return weights


def _budgets(total: int, weights: Sequence[Fraction], cap: Fraction) -> list[int]:
    shares = [w * total for w in weights]
    budgets = [int(s) for s in shares]  # floor: shares are not negative
    dust = int(sum(shares)) - sum(budgets)
    ceiling = cap * total
    by_remainder = sorted(range(len(shares)), key=lambda i: (-(shares[i] - budgets[i]), i))
    for i in by_remainder:
        if dust == 0:
            break
        if shares[i] > budgets[i] and budgets[i] + 1 <= ceiling:
            budgets[i] += 1
            dust -= 1
    return budgets
