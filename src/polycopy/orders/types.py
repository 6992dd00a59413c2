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
    FOK = "FOK"
    FAK = "FAK"
    GTC = "GTC"
    GTD = "GTD"
