"""Allocation and price arithmetic: pure integer maths on micro-units."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from polycopy.copying.settings import Conviction, RuleSettings
from polycopy.copying.types import AllocationMode
from polycopy.kit.money import MICRO
from polycopy.signals.types import TradeSide

BPS = 10_000
# Order quantities have 2 decimals on Polymarket: 0.01 = 10_000 micro-units.
SHARE_STEP_MICROS = 10_000
# Polymarket's minimum notional for a marketable order is about $1.
MIN_MARKETABLE_NOTIONAL_MICROS = 1 * MICRO
CENT_MICROS = MICRO // 100
#: Conviction sizing's median is that of the leader's last this many trades (both sides).
CONVICTION_LOOKBACK = 50
#: A proportional copy is refused (``disproportionate``) above this many times its share.
PROPORTIONAL_SANITY_BOUND = 2


def to_step(micros: int) -> int:
    """Round down to the 0.01 step of order amounts and sizes."""
    return micros // SHARE_STEP_MICROS * SHARE_STEP_MICROS


def worst_price(
    side: TradeSide, reference: int, slippage_bps: int, tick: int, *, cents: int | None = None
) -> int:
    """The least favourable price the follower accepts, on tick and inside (0, 1).

    The allowance is ``slippage_bps`` of ``reference`` (or ``cents`` whole cents, when
    given), rounded down to whole ticks but never below one tick when it is not zero: 2 %
    of 0.40 is 0.008, which allows 0.41 on a 0.01 tick, not 0.40. A buy's limit is then
    rounded down to the tick and a sell's up, so the follower never accepts a price worse
    than reference ± allowance by more than that one-tick floor.
    """
    allowance = cents * CENT_MICROS if cents is not None else reference * slippage_bps // BPS
    if allowance > 0:
        allowance = max(tick, allowance // tick * tick)
    if side is TradeSide.BUY:
        return max(min((reference + allowance) // tick * tick, MICRO - tick), tick)
    return min(max(-(-(reference - allowance) // tick) * tick, tick), MICRO - tick)


def rule_worst_price(side: TradeSide, reference: int, rule: RuleSettings, tick: int) -> int:
    """``worst_price`` with the rule's slippage, in whichever unit the rule gives it."""
    return worst_price(
        side, reference, rule.max_slippage_bps or 0, tick, cents=rule.max_slippage_cents
    )


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
        amount = proportional_share(settings.budget_micros or 0, leader_notional, leader_value)
    else:
        raw = leader_notional * (settings.percentage_bps or 0) // BPS
        amount = min(max(raw, settings.range_min_micros or 0), settings.range_max_micros or raw)
    return amount * settings.multiplier_bps // BPS


def median_trade(notionals: Sequence[int]) -> int | None:
    """The median of a leader's trade notionals (the lower middle one; nearest rank), or
    None when it has none with a positive notional to compare against."""
    ordered = sorted(n for n in notionals if n > 0)
    return ordered[(len(ordered) - 1) // 2] if ordered else None


def conviction_amount(
    conviction: Conviction, base: int, leader_notional: int, median: int | None
) -> int:
    """``base × (leader trade ÷ leader's median trade)``, clamped to the conviction's
    [min, max]. Without a median (the leader's first trade) the ratio is 1."""
    scaled = base if median is None else base * leader_notional // median
    return min(max(scaled, conviction.min_micros), conviction.max_micros)


def proportional_share(budget: int, leader_notional: int, leader_value: int) -> int:
    """``budget × (leader trade ÷ leader value)``: the same share of the budget as the
    leader put of its portfolio into the trade."""
    return leader_notional * budget // leader_value


def proportional_ceiling(settings: RuleSettings, leader_notional: int, leader_value: int) -> int:
    """The largest copy proportional sizing may send: its share (times the multiplier),
    ``PROPORTIONAL_SANITY_BOUND`` times over. Only rounding up to the minimum can pass it."""
    share = proportional_share(settings.budget_micros or 0, leader_notional, leader_value)
    return share * settings.multiplier_bps // BPS * PROPORTIONAL_SANITY_BOUND


def ratio_text(numerator: int, denominator: int) -> str:
    """``numerator ÷ denominator`` to four significant digits, for people to read."""
    return format(Decimal(f"{Decimal(numerator) / Decimal(denominator):.4g}"), "f")


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
