"""What a weighting reads about each leader, and what it gives back."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal


class Weighting(enum.StrEnum):
    EQUAL = "equal"
    SCORE = "score"  # the copyability score (leaders/copyability.py)
    INVERSE_VOLATILITY = "inverse_volatility"
    RISK_PARITY = "risk_parity"  # diagonal covariance: the same weights as inverse volatility
    MANUAL = "manual"


@dataclass(frozen=True, slots=True)
class LeaderInput:
    """One leader's figures; a weighting reads only the one it needs (None: not known)."""

    wallet: str
    score: Decimal | None = None  # copyability, 0..100
    volatility: Decimal | None = None  # std. dev. of the copied returns (a ratio)
    manual_weight: Decimal | None = None  # any non-negative number; normalised over leaders
    roi_low: Decimal | None = None  # the ROI's confidence interval (leaders/statistics.py)
    roi_high: Decimal | None = None

    @property
    def significant(self) -> bool:
        """Skill is significant when the ROI's interval is known and lies above 0 (an interval
        below 0 is a significant loser: no skill to copy either)."""
        return self.roi_low is not None and self.roi_high is not None and self.roi_low > 0


@dataclass(frozen=True, slots=True)
class Allocation:
    """A leader's share: its weight after the cap (a fraction of the total), its budget, and
    why, in words."""

    wallet: str
    weight: Decimal
    budget_micros: int
    reason: str
