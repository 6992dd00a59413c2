"""Allocation and price arithmetic: pure integer maths on micro-units."""

from __future__ import annotations

from polycopy.copying.settings import RuleSettings
from polycopy.copying.types import AllocationMode
from polycopy.kit.money import MICRO
from polycopy.signals.types import TradeSide

BPS = 10_000
# Order quantities have 2 decimals on Polymarket: 0.01 = 10_000 micro-units.
SHARE_STEP_MICROS = 10_000
# Polymarket's minimum notional for a marketable order is about $1.
MIN_MARKETABLE_NOTIONAL_MICROS = 1 * MICRO


def to_step(micros: int) -> int:
    """Round down to the 0.01 step of order amounts and sizes."""
    return micros // SHARE_STEP_MICROS * SHARE_STEP_MICROS


def worst_price(side: TradeSide, reference: int, slippage_bps: int, tick: int) -> int:
    """The least favourable price the follower accepts, on tick and inside (0, 1)."""
    if side is TradeSide.BUY:
        raw = reference + reference * slippage_bps // BPS
        return min(raw // tick * tick, MICRO - tick)
    raw = reference - reference * slippage_bps // BPS
    return max(-(-raw // tick) * tick, tick)


def allocation_amount(
    settings: RuleSettings, leader_notional: int, leader_value: int | None
) -> int | None:
    """pUSD the rule wants to spend on a leader buy of ``leader_notional``, before limits.

    None when the proportional mode has no usable leader portfolio value.
    """
    mode = settings.allocation
    if mode is AllocationMode.FIXED:
        amount = settings.fixed_amount_micros or 0
    elif mode is AllocationMode.PERCENTAGE:
        amount = leader_notional * (settings.percentage_bps or 0) // BPS
    elif mode is AllocationMode.PROPORTIONAL:
        if not leader_value or leader_value <= 0:
            return None
        amount = leader_notional * (settings.budget_micros or 0) // leader_value
    else:
        raw = leader_notional * (settings.percentage_bps or 0) // BPS
        amount = min(max(raw, settings.range_min_micros or 0), settings.range_max_micros or raw)
    return amount * settings.multiplier_bps // BPS


def depth_within(levels: tuple[tuple[int, int], ...], side: TradeSide, limit: int) -> int:
    """Notional (pUSD) a marketable order can take from ``levels`` without passing ``limit``.

    ``levels`` are the opposite side's (price, size) pairs, best first.
    """
    total = 0
    for price, size in levels:
        if (side is TradeSide.BUY and price > limit) or (side is TradeSide.SELL and price < limit):
            break
        total += price * size // MICRO
    return total


def shares_within(levels: tuple[tuple[int, int], ...], limit: int) -> int:
    """Shares bids at or above ``limit`` will take (for sells)."""
    return sum(size for price, size in levels if price >= limit)
