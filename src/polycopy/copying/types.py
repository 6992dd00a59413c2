"""Vocabulary of the copy engine: rule settings and decision outcomes."""

from __future__ import annotations

import enum


class RuleStatus(enum.StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"


class AllocationMode(enum.StrEnum):
    """How a leader's trade is turned into the follower's trade size."""

    FIXED = "fixed"  # a fixed pUSD amount per leader buy


class DecisionAction(enum.StrEnum):
    COPY = "copy"
    SKIP = "skip"


class SkipReason(enum.StrEnum):
    """Machine-readable reason a leader fill was not copied; shown to the user."""

    RULE_PAUSED = "rule_paused"
    NOT_A_TRADE = "not_a_trade"
    UNKNOWN_MARKET = "unknown_market"
    BELOW_MINIMUM = "below_minimum"
    PRICE_OUT_OF_BAND = "price_out_of_band"
    NO_POSITION = "no_position"
    STALE = "stale"
