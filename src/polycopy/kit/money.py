"""Money and quantity arithmetic in integer micro-units.

pUSD and outcome shares both have 6 decimals on chain, so every amount, size and price in
polycopy is an ``int`` count of micro-units (``1_000_000`` = 1 pUSD, 1 share, or a price of
1.0). ``Decimal`` is used only at the edges (wire formats, user input); float never.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal, InvalidOperation

MICRO = 1_000_000
_MICRO_D = Decimal(MICRO)


class MoneyError(ValueError):
    """A value that cannot be represented exactly as micro-units."""


def to_micros(value: Decimal | str | int, *, exact: bool = True) -> int:
    """Convert a decimal amount to micro-units.

    With ``exact`` (the default) a value with more than 6 decimals is refused rather than
    silently rounded: bad input must give a clear error and change nothing.
    """
    if isinstance(value, float):
        raise MoneyError("floats are not accepted for money; pass a str or Decimal")
    try:
        d = Decimal(value)
    except (InvalidOperation, ValueError) as exc:
        raise MoneyError(f"not a decimal number: {value!r}") from exc
    if not d.is_finite():
        raise MoneyError(f"not a finite number: {value!r}")
    scaled = d * _MICRO_D
    if exact and scaled != scaled.to_integral_value():
        raise MoneyError(f"{value!r} has more than 6 decimals")
    return int(scaled.to_integral_value(rounding=ROUND_DOWN))


def from_micros(micros: int) -> Decimal:
    """Micro-units as an exact ``Decimal`` (for display and wire formats)."""
    return (Decimal(micros) / _MICRO_D).normalize() if micros else Decimal(0)


def micros_str(micros: int) -> str:
    """Plain decimal string without exponent, e.g. ``1500000`` -> ``"1.5"``."""
    return format(from_micros(micros), "f")


def round_half_even_div(a: int, c: int) -> int:
    """``a / c`` rounded half-to-even, exact."""
    return int((Decimal(a) / Decimal(c)).to_integral_value(rounding=ROUND_HALF_EVEN))
