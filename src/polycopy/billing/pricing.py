"""Pure money arithmetic for billing: proration of a period and performance fees.

Everything is integer micro-units (1 pUSD = 1_000_000). Rounding rule, the same everywhere:
the *unused* part of a period is rounded down (floor) and the *used* part is the rest, so a
period split into parts always adds up to its whole price exactly and a credit never exceeds
what was paid.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

MAX_BPS = 10_000


def month_start(now: dt.datetime) -> dt.datetime:
    """The calendar month (UTC) a monthly notional limit counts from."""
    return now.astimezone(dt.UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def unused_part(price_micros: int, period_seconds: int, remaining_seconds: int) -> int:
    """What is left of a period's price with ``remaining_seconds`` to go (floor)."""
    if price_micros < 0 or period_seconds <= 0:
        raise ValueError("price must be >= 0 and the period > 0")
    remaining = min(max(remaining_seconds, 0), period_seconds)
    return price_micros * remaining // period_seconds


def split_period(price_micros: int, period_seconds: int, used_seconds: int) -> tuple[int, int]:
    """(used, unused) parts of a period's price; they add up to the price exactly."""
    unused = unused_part(price_micros, period_seconds, period_seconds - used_seconds)
    return price_micros - unused, unused


@dataclass(frozen=True, slots=True)
class Proration:
    """A plan change mid-period: the new plan's price for the rest of the period less the old
    plan's unused part. At most one of the two is non-zero."""

    charge_micros: int
    credit_micros: int


def prorate_change(
    old_price_micros: int, new_price_micros: int, period_seconds: int, remaining_seconds: int
) -> Proration:
    """Charge (upgrade) or credit (downgrade) for switching plans with time left."""
    net = unused_part(new_price_micros, period_seconds, remaining_seconds) - unused_part(
        old_price_micros, period_seconds, remaining_seconds
    )
    return Proration(charge_micros=max(net, 0), credit_micros=max(-net, 0))


def performance_fee(
    realised_pnl_micros: int, high_water_micros: int, fee_bps: int
) -> tuple[int, int]:
    """(fee, new high-water mark): a fee only on realised PnL above the mark (floor)."""
    if not 0 <= fee_bps <= MAX_BPS:
        raise ValueError("fee_bps must be within 0..10000")
    if realised_pnl_micros <= high_water_micros:
        return 0, high_water_micros
    return (realised_pnl_micros - high_water_micros) * fee_bps // MAX_BPS, realised_pnl_micros
