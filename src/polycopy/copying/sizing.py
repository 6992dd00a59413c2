"""Turn a leader fill into the follower's order intent, or a reason not to copy.

Pure functions of (fill, rule, market, follower holdings): no I/O, so they are property
tested and reused unchanged by previews and backtests.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from polycopy.copying.types import SkipReason
from polycopy.kit.money import MICRO
from polycopy.signals.types import TradeSide

BPS = 10_000
# Polymarket share quantities in orders have 2 decimals; 10_000 micro-shares.
SHARE_STEP_MICROS = 10_000
# Polymarket's minimum notional for marketable orders is about $1.
MIN_MARKETABLE_NOTIONAL_MICROS = 1 * MICRO


@dataclass(frozen=True, slots=True)
class FillView:
    side: TradeSide
    token_id: str
    price_micros: int
    size_micros: int


@dataclass(frozen=True, slots=True)
class RuleView:
    fixed_amount_micros: int
    max_slippage_bps: int


@dataclass(frozen=True, slots=True)
class MarketView:
    tick_size_micros: int
    min_order_size_micros: int


@dataclass(frozen=True, slots=True)
class OrderIntent:
    side: TradeSide
    token_id: str
    limit_price_micros: int  # worst acceptable price
    amount_micros: int | None  # pUSD to spend (buy)
    size_micros: int | None  # shares to sell (sell)


@dataclass(frozen=True, slots=True)
class Sizing:
    intent: OrderIntent | None
    reason: SkipReason | None
    details: dict[str, int | str] = field(default_factory=dict)


def worst_price(side: TradeSide, leader_price: int, slippage_bps: int, tick: int) -> int:
    """The least favourable price the follower accepts, on tick and inside (0, 1)."""
    if side is TradeSide.BUY:
        raw = leader_price + leader_price * slippage_bps // BPS
        on_tick = raw // tick * tick
        return min(on_tick, MICRO - tick)
    raw = leader_price - leader_price * slippage_bps // BPS
    on_tick = -(-raw // tick) * tick
    return max(on_tick, tick)


def size_fixed_amount(
    fill: FillView, rule: RuleView, market: MarketView, held_for_leader_micros: int
) -> Sizing:
    """Fixed-amount copying: spend a fixed pUSD amount on each leader buy; on a leader sell,
    sell every share bought for that leader in the token (a full mirrored exit)."""
    limit = worst_price(
        fill.side, fill.price_micros, rule.max_slippage_bps, market.tick_size_micros
    )
    details: dict[str, int | str] = {
        "leader_price_micros": fill.price_micros,
        "leader_size_micros": fill.size_micros,
        "limit_price_micros": limit,
        "max_slippage_bps": rule.max_slippage_bps,
    }
    if fill.side is TradeSide.BUY:
        amount = rule.fixed_amount_micros // SHARE_STEP_MICROS * SHARE_STEP_MICROS  # 2 dp
        details["amount_micros"] = amount
        if amount < MIN_MARKETABLE_NOTIONAL_MICROS:
            details["minimum_micros"] = MIN_MARKETABLE_NOTIONAL_MICROS
            return Sizing(None, SkipReason.BELOW_MINIMUM, details)
        intent = OrderIntent(fill.side, fill.token_id, limit, amount, None)
        return Sizing(intent, None, details)
    size = held_for_leader_micros // SHARE_STEP_MICROS * SHARE_STEP_MICROS
    details["held_for_leader_micros"] = held_for_leader_micros
    details["size_micros"] = size
    if held_for_leader_micros == 0:
        return Sizing(None, SkipReason.NO_POSITION, details)
    if size == 0 or size * limit // MICRO < MIN_MARKETABLE_NOTIONAL_MICROS:
        details["minimum_micros"] = MIN_MARKETABLE_NOTIONAL_MICROS
        return Sizing(None, SkipReason.BELOW_MINIMUM, details)
    return Sizing(OrderIntent(fill.side, fill.token_id, limit, None, size), None, details)
