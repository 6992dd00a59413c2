"""Vocabulary of the copy engine: rule settings and decision outcomes."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass


class TradingState(enum.StrEnum):
    """Nautilus Trader's trading states, per rule, per account and globally."""

    ACTIVE = "active"  # copy entries and exits
    REDUCING = "reducing"  # copy exits only (set by loss and drawdown stops)
    HALTED = "halted"  # copy nothing (kill switch, paused by the user)


class AllocationMode(enum.StrEnum):
    """How a leader's trade is turned into the follower's trade size."""

    FIXED = "fixed"  # a fixed pUSD amount per leader buy
    PERCENTAGE = "percentage"  # a share of the leader's trade notional
    PROPORTIONAL = "proportional"  # follower budget / leader portfolio value × leader trade
    RANGE = "range"  # percentage, clamped between a minimum and a maximum amount


class SideMode(enum.StrEnum):
    BOTH = "both"
    BUY_ONLY = "buy_only"
    SELL_ONLY = "sell_only"


class BelowMinimum(enum.StrEnum):
    """What to do when a copy comes out smaller than the market's minimum order."""

    SKIP = "skip"
    ROUND_UP = "round_up"  # only when every limit still holds at the minimum


class DriftAction(enum.StrEnum):
    """What a rule does when its leader drifts from its own history (``leaders/drift.py``)."""

    ALERT = "alert"  # notify once per drift episode, keep copying
    PAUSE = "pause"  # halt the rule once per episode, with the reason; the user resumes it
    IGNORE = "ignore"


class DecisionAction(enum.StrEnum):
    COPY = "copy"
    SKIP = "skip"


class SkipReason(enum.StrEnum):
    """Machine-readable reason a leader fill was not copied; shown to the user."""

    GLOBAL_KILL_SWITCH = "global_kill_switch"
    ACCOUNT_HALTED = "account_halted"
    RULE_PAUSED = "rule_paused"
    REDUCING_ONLY = "reducing_only"
    SIDE_FILTERED = "side_filtered"
    NOT_A_TRADE = "not_a_trade"
    UNKNOWN_MARKET = "unknown_market"
    MARKET_CLOSED = "market_closed"
    STALE = "stale"
    LEADER_TRADE_TOO_SMALL = "leader_trade_too_small"
    PRICE_OUT_OF_BAND = "price_out_of_band"
    TOO_CLOSE_TO_END = "too_close_to_end"
    TOO_FAR_FROM_END = "too_far_from_end"
    TAG_FILTERED = "tag_filtered"
    KEYWORD_FILTERED = "keyword_filtered"
    NO_LEADER_VALUE = "no_leader_value"
    DISPROPORTIONATE = "disproportionate"
    BELOW_MINIMUM = "below_minimum"
    SLIPPAGE = "slippage"
    SPREAD_TOO_WIDE = "spread_too_wide"
    MARKET_TOO_RISKY = "market_too_risky"  # above the rule's max_market_risk (markets/risk.py)
    NO_CONSENSUS = "no_consensus"  # fewer than the rule's consensus.min_leaders agreed
    BOOK_TOO_THIN = "book_too_thin"
    MAX_TRADE = "max_trade"
    MARKET_EXPOSURE = "market_exposure"
    EVENT_EXPOSURE = "event_exposure"
    LEADER_BUDGET = "leader_budget"
    TOTAL_EXPOSURE = "total_exposure"
    MAX_OPEN_POSITIONS = "max_open_positions"
    DAILY_SPEND = "daily_spend"
    DAILY_LOSS_STOP = "daily_loss_stop"
    DRAWDOWN_STOP = "drawdown_stop"
    NO_POSITION = "no_position"
    LEADER_REDEEMED = "leader_redeemed"
    MERGE_MIRRORED = "merge_mirrored"
    NOTHING_TO_MERGE = "nothing_to_merge"
    SPLIT_NOT_COPIED = "split_not_copied"
    SPLIT_MIRRORED = "split_mirrored"
    PLAN_LIMIT = "plan_limit"  # the billing plan's monthly copied notional is used up


class ValueSource(enum.StrEnum):
    """What a leader's portfolio value counts (proportional sizing)."""

    POSITIONS_AND_CASH = "positions_and_cash"  # Data API /value + pUSD balance on chain
    POSITIONS_ONLY = "positions_only"  # no Polygon RPC configured: the cash is missing


@dataclass(frozen=True, slots=True)
class LeaderValue:
    """A leader's portfolio value as read at ``read_at``: what proportional sizing divides by."""

    positions_micros: int
    cash_micros: int | None  # pUSD in the wallet; None when it was not read
    read_at: dt.datetime

    @property
    def micros(self) -> int:
        return self.positions_micros + (self.cash_micros or 0)

    @property
    def source(self) -> ValueSource:
        if self.cash_micros is None:
            return ValueSource.POSITIONS_ONLY
        return ValueSource.POSITIONS_AND_CASH
