"""Order-amount rounding for CLOB V2 orders, in exact integer arithmetic.

The server validates the decimal precision of ``makerAmount``/``takerAmount`` per tick size
(reference §4.5), so amounts must be rounded the way the official client rounds them. The
official client does this with binary floats; here the same steps run on exact decimals, which
gives the official result whenever its float arithmetic is exact and the intended result where
it is not (see the module tests for the characterised differences).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from polycopy.kit.money import MICRO

#: Extra digits the official client rounds *up* to before truncating an amount: it absorbs
#: float noise there, and in exact arithmetic it still decides the result (a quotient within
#: 10^-(amount+4) below a step is bumped up to that step).
_GUARD_DIGITS = 4


class Side(enum.IntEnum):
    """Order side as signed in the V2 ``Order`` struct (``uint8``)."""

    BUY = 0
    SELL = 1


@dataclass(frozen=True, slots=True)
class RoundConfig:
    """Decimal places allowed for price, size (shares) and amount (notional) at one tick."""

    price: int
    size: int
    amount: int


_ROUND_CONFIGS: dict[Decimal, RoundConfig] = {
    Decimal("0.1"): RoundConfig(price=1, size=2, amount=3),
    Decimal("0.01"): RoundConfig(price=2, size=2, amount=4),
    Decimal("0.005"): RoundConfig(price=3, size=2, amount=5),
    Decimal("0.0025"): RoundConfig(price=4, size=2, amount=6),
    Decimal("0.001"): RoundConfig(price=3, size=2, amount=5),
    Decimal("0.0001"): RoundConfig(price=4, size=2, amount=6),
}


def round_config(tick_size: Decimal) -> RoundConfig:
    """Rounding config for a market's tick size; unknown ticks are refused, not guessed."""
    try:
        return _ROUND_CONFIGS[tick_size]
    except (KeyError, TypeError):
        raise ValueError(f"unknown tick size: {tick_size!r}") from None


def price_is_valid(price: Decimal, tick_size: Decimal) -> bool:
    """True if ``tick <= price <= 1 - tick`` and the price is a whole number of ticks."""
    if not (price.is_finite() and tick_size.is_finite()) or tick_size <= 0:
        return False
    return tick_size <= price <= 1 - tick_size and price % tick_size == 0


def limit_order_amounts(
    side: Side, size: Decimal, price: Decimal, tick_size: Decimal
) -> tuple[int, int]:
    """``(maker_amount, taker_amount)`` in base units for a limit order of ``size`` shares.

    BUY gives pUSD for shares, SELL gives shares for pUSD; shares are truncated to the size
    precision, the notional is rounded to the amount precision.
    """
    cfg, price_units, shares_units = _prepare(size, price, tick_size)
    notional = _notional(shares_units, price_units, cfg)
    shares = _to_base(shares_units, cfg.size)
    return (notional, shares) if Side(side) is Side.BUY else (shares, notional)


def market_order_amounts(
    side: Side, amount: Decimal, price: Decimal, tick_size: Decimal
) -> tuple[int, int]:
    """``(maker_amount, taker_amount)`` for a market (FOK/FAK) order at worst price ``price``.

    BUY: ``amount`` is the pUSD to spend, shares = amount / price (truncated). SELL:
    ``amount`` is shares, pUSD = shares * price.
    """
    cfg, price_units, amount_units = _prepare(amount, price, tick_size)
    if Side(side) is Side.SELL:
        return _to_base(amount_units, cfg.size), _notional(amount_units, price_units, cfg)
    # shares = (amount_units / 10^size) / (price_units / 10^price)
    shares = _round_amount(amount_units * 10**cfg.price, price_units * 10**cfg.size, cfg.amount)
    return _to_base(amount_units, cfg.size), shares


def _prepare(quantity: Decimal, price: Decimal, tick_size: Decimal) -> tuple[RoundConfig, int, int]:
    """Validate inputs; return the config, the price in price units and the truncated quantity.

    Off-tick prices are refused (the server rejects them) rather than silently rounded.
    """
    cfg = round_config(tick_size)
    if not price_is_valid(price, tick_size):
        raise ValueError(
            f"invalid price {price} for tick {tick_size}: must be a multiple of the tick "
            f"between {tick_size} and {1 - tick_size}"
        )
    if not quantity.is_finite() or quantity <= 0:
        raise ValueError(f"order quantity must be a positive number, got {quantity}")
    units = int(quantity.scaleb(cfg.size).to_integral_value(rounding=ROUND_FLOOR))
    if units == 0:
        raise ValueError(f"order quantity {quantity} rounds down to zero")
    return cfg, int(price.scaleb(cfg.price)), units


def _notional(quantity_units: int, price_units: int, cfg: RoundConfig) -> int:
    """``quantity * price`` in base units, rounded to the amount precision."""
    return _round_amount(quantity_units * price_units, 10 ** (cfg.size + cfg.price), cfg.amount)


def _round_amount(numerator: int, denominator: int, places: int) -> int:
    """``numerator / denominator`` rounded as the official client does, in base units.

    Round up at ``places + 4`` digits, then truncate to ``places``.
    """
    guard = 10 ** (places + _GUARD_DIGITS)
    ceiled = -((-numerator * guard) // denominator)
    return _to_base(ceiled // 10**_GUARD_DIGITS, places)


def _to_base(units: int, places: int) -> int:
    """A count of ``10^-places`` steps as 6-decimal base units."""
    return units * (MICRO // int(10**places))
