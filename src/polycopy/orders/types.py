"""Order vocabulary, following Nautilus Trader's execution semantics."""

from __future__ import annotations

import enum


class OrderStatus(enum.StrEnum):
    CREATED = "created"  # decided and reserved, not yet signed
    SIGNED = "signed"  # signed bytes and hash stored; safe to (re)send
    SUBMITTING = "submitting"  # a send is in flight
    LIVE = "live"  # accepted and resting at the venue
    PARTIALLY_FILLED = "partially_filled"
    FILLED = "filled"
    CANCELLED = "cancelled"
    REJECTED = "rejected"
    EXPIRED = "expired"
    UNKNOWN = "unknown"  # outcome of a send unknown; reconciliation decides
    DEAD_LETTERED = "dead_lettered"


TERMINAL_STATUSES = frozenset(
    {
        OrderStatus.FILLED,
        OrderStatus.CANCELLED,
        OrderStatus.REJECTED,
        OrderStatus.EXPIRED,
        OrderStatus.DEAD_LETTERED,
    }
)


class OrderType(enum.StrEnum):
    FOK = "FOK"  # fill completely now or not at all
    FAK = "FAK"  # fill what the book has now, the venue kills the rest
    GTC = "GTC"  # rests until filled or cancelled (polycopy cancels it at its time to live)
    GTD = "GTD"  # rests until its expiration (the venue expires it)

    @property
    def rests(self) -> bool:
        """True for limit orders that may rest on the book."""
        return self in (OrderType.GTC, OrderType.GTD)


class ExpiryPolicy(enum.StrEnum):
    """What happens to a resting order whose time to live ends unfilled."""

    CANCEL = "cancel"
    CHASE = "chase"  # cancel and re-place at the current best price, within the slippage limit


class RemainderPolicy(enum.StrEnum):
    """What happens to the unfilled rest of a partly filled order."""

    DROP = "drop"  # a partial fill is enough: the rest is cancelled, its reservation released
    REST = "rest"  # the rest keeps working: re-placed as a limit order, then the expiry policy
