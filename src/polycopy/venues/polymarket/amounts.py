"""Order-amount rounding for CLOB V2 orders, exactly as the official unified SDK does it.

The server validates the decimal precision of ``makerAmount``/``takerAmount`` per tick size
(reference §4.5), and an order is identified by the hash of its amounts, so polycopy computes
them the way the official client (``polymarket-client``, ``_internal/actions/orders``) does,
step for step, in ``Decimal`` arithmetic (no floats). The deprecated py-clob-client-v2 does the
same steps on binary floats and differs for a few percent of inputs (a size of 0.29 becomes
0.28 shares, a worst price of 0.29 is signed at 0.28): polycopy does not copy those
artefacts (docs/adapters.md, "Amount rounding"). Results are integer base units (6 decimals).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import (
    ROUND_CEILING,
    ROUND_FLOOR,
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)

#: Largest order quantity (shares or pUSD) accepted: far beyond any real order.
MAX_QUANTITY = Decimal(10) ** 12

#: Ticks per pUSD on the finest grid any market can move to (tick 0.0001).
_FINEST_TICKS = 10_000

#: The SDK computes in Python's default decimal context (28 significant digits, half-even).
#: polycopy pins that context, so a caller changing its thread's context cannot change an
#: order. Products stay exact in it; a market BUY's quotient (up to 10^16 shares) and the
#: normal form of a caller's quantity of more than 28 digits are rounded, as the SDK's are.
_SDK_CONTEXT = Context(
    prec=28,
    rounding=ROUND_HALF_EVEN,
    Emin=-999_999,
    Emax=999_999,
    capitals=1,
    clamp=0,
    flags=[],
    traps=[InvalidOperation, DivisionByZero, Overflow],
)
_STEPS = {places: Decimal(1).scaleb(-places) for places in range(11)}
_BASE_UNITS = Decimal(1_000_000)
_ONE = Decimal(1)


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

    BUY gives pUSD for shares, SELL gives shares for pUSD: the SDK's
    ``create_limit_order``. The shares are floored to the size precision, the pUSD is
    ``shares * price`` (see ``_round_counter``); the price is on the tick grid already.
    """
    cfg = _checked_config(size, price, tick_size)
    shares = _floor_quantity(size, cfg.size)
    pusd = _round_counter(_SDK_CONTEXT.multiply(shares, price), cfg.amount)
    shares_units, pusd_units = _nonzero_base_units(shares, pusd, size, price)
    if side is Side.BUY:
        return pusd_units, shares_units
    return shares_units, pusd_units


def market_order_amounts(
    side: Side, amount: Decimal, price: Decimal, tick_size: Decimal
) -> tuple[int, int]:
    """``(maker_amount, taker_amount)`` for a market (FOK/FAK) order at worst price ``price``.

    BUY: ``amount`` is the pUSD to spend; SELL: ``amount`` is shares. The SDK's
    ``create_market_order`` with ``max_price`` (BUY) or ``min_price`` (SELL): the maker
    amount is floored to the size precision, the taker amount (shares bought, or pUSD
    received) is derived at ``price`` (see ``_round_counter``). The SDK also floors the
    price to the price precision, which leaves a price on the tick grid as it is.
    """
    cfg = _checked_config(amount, price, tick_size)
    maker = _floor_quantity(amount, cfg.size)
    if side is Side.BUY:
        taker = _round_counter(_SDK_CONTEXT.divide(maker, price), cfg.amount)
    else:
        taker = _round_counter(_SDK_CONTEXT.multiply(maker, price), cfg.amount)
    maker_units, taker_units = _nonzero_base_units(maker, taker, amount, price)
    if side is Side.BUY and not _keeps_worst_price(maker_units, taker_units, price):
        raise ValueError(
            f"a market BUY of {amount} pUSD cannot keep the worst price {price} at this "
            "amount precision: spend more or choose another worst price"
        )
    return maker_units, taker_units


def _checked_config(quantity: Decimal, price: Decimal, tick_size: Decimal) -> RoundConfig:
    """Validate the inputs and return the tick's config.

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
    if quantity > MAX_QUANTITY:
        raise ValueError(f"order quantity {quantity} is above the maximum {MAX_QUANTITY}")
    return cfg


def _keeps_worst_price(pusd_units: int, shares_units: int, price: Decimal) -> bool:
    """True if a BUY's signed price (pUSD / shares) stays below the next price on the
    finest grid a market can move to; else, once the market's tick became finer, the order
    could fill above its worst price. The SDK refuses such a BUY too."""
    next_price = int(_SDK_CONTEXT.multiply(price, _FINEST_TICKS)) + 1
    return pusd_units * _FINEST_TICKS < shares_units * next_price


def _floor_quantity(quantity: Decimal, places: int) -> Decimal:
    """The SDK's ``round_down`` of the caller's quantity: floored to ``places``.

    The SDK leaves a quantity that fits in ``places`` as it is and judges the fit on its
    28-digit normal form, so a quantity of more than 28 significant digits whose rounded
    form fits is kept whole (and its base units are then rounded half-even).
    """
    if quantity.normalize(_SDK_CONTEXT) != quantity and _decimal_places(quantity) <= places:
        return quantity
    return quantity.quantize(_STEPS[places], rounding=ROUND_FLOOR, context=_SDK_CONTEXT)


def _decimal_places(value: Decimal) -> int:
    """The SDK's ``decimal_places``: digits after the point once trailing zeros are gone."""
    exponent = value.normalize(_SDK_CONTEXT).as_tuple().exponent
    return 0 if isinstance(exponent, str) else max(0, -exponent)


def _round_counter(value: Decimal, places: int) -> Decimal:
    """The SDK's rounding of the amount derived from the price (``_round_amount``).

    Rounded up at ``places + 4`` decimals first, so a value a hair under a whole step (a
    quotient's last digits) lands on it, then floored to ``places``. The SDK skips each
    step when the value already fits; ``value`` comes out of the 28-digit context, so it
    is its own normal form and a step it fits is a no-op here too.
    """
    ceiled = value.quantize(_STEPS[places + 4], rounding=ROUND_CEILING, context=_SDK_CONTEXT)
    return ceiled.quantize(_STEPS[places], rounding=ROUND_FLOOR, context=_SDK_CONTEXT)


def _nonzero_base_units(
    quantity: Decimal, counter: Decimal, requested: Decimal, price: Decimal
) -> tuple[int, int]:
    """Both amounts in base units (the SDK's ``parse_amount``); an order for nothing is
    refused, where the SDK would sign a limit or SELL order the server then rejects."""
    quantity_units = _base_units(quantity)
    counter_units = _base_units(counter)
    if quantity_units == 0 or counter_units == 0:
        raise ValueError(f"order quantity {requested} at price {price} rounds down to zero")
    return quantity_units, counter_units


def _base_units(value: Decimal) -> int:
    """The SDK's ``parse_amount``: 6 decimals, half-even."""
    scaled = _SDK_CONTEXT.multiply(value, _BASE_UNITS)
    return int(scaled.quantize(_ONE, rounding=ROUND_HALF_EVEN, context=_SDK_CONTEXT))


def market_buy_fills(
    asks: Iterable[tuple[int, int]], limit: int, budget: int
) -> list[tuple[int, int, int]]:
    """``(price, shares, cost)`` a market (FOK/FAK) BUY takes from ``asks`` (best first,
    micro-units) for its ``budget`` (its makerAmount, pUSD) at prices up to ``limit``.

    The CTF exchange gives the taker the surplus of a better price as shares: the whole
    budget is spent while asks within the limit last. A whole ask costs ``size x price``
    rounded down; the ask the budget runs out in gives the shares the rest buys, rounded
    down to a micro-share, for all of the rest. So the cost is ``min(budget, what the asks
    cost)``, and FOK is all of the budget or nothing.
    """
    fills: list[tuple[int, int, int]] = []
    left = budget
    for price, size in asks:
        if left == 0 or price > limit:
            break
        if size <= 0:
            continue
        shares = min(size, left * 1_000_000 // price)  # >= 1: a price is below 1 pUSD
        cost = left if shares < size else shares * price // 1_000_000
        fills.append((price, shares, cost))
        left -= cost
    return fills
