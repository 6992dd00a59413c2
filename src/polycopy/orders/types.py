"""Order vocabulary, following Nautilus Trader's execution semantics."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType

from pydantic import BaseModel, ConfigDict, Field

from polycopy.kit.fields import StrictInt
from polycopy.kit.money import MICRO


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


class Move(enum.Enum):
    """What entitles an order to move from one status to another."""

    STEP = "step"  # its own course: signed, sent, the venue's answer or a look-up, its end
    FILL = "fill"  # its booked fills: it goes exactly where they put it (``filled_status``)
    ADMIN = "admin"  # an operator retries a dead letter (the same signed bytes)


_S = OrderStatus
#: Every move an order may make, and what entitles it; ``orders.service.transition`` refuses
#: any other. A final status is left only by a fill the venue reports late (booked whatever
#: the status: the money moved) or by an admin's retry of a dead letter. A fill on a
#: cancelled or expired order moves it only when it completes the order: the rest was
#: cancelled at the venue, so it is not partly filled and working again.
TRANSITIONS: Mapping[OrderStatus, Mapping[OrderStatus, Move]] = MappingProxyType(
    {
        _S.CREATED: {_S.SIGNED: Move.STEP, _S.REJECTED: Move.STEP},
        _S.SIGNED: {_S.SUBMITTING: Move.STEP, _S.REJECTED: Move.STEP},
        _S.SUBMITTING: {
            _S.LIVE: Move.STEP,
            _S.PARTIALLY_FILLED: Move.FILL,
            _S.FILLED: Move.FILL,
            _S.CANCELLED: Move.STEP,  # found at the venue, marketable and killed
            _S.REJECTED: Move.STEP,
            _S.SIGNED: Move.STEP,  # retryable error, or not found at the venue: resend
            _S.UNKNOWN: Move.STEP,
            _S.DEAD_LETTERED: Move.STEP,
        },
        _S.UNKNOWN: {
            _S.LIVE: Move.STEP,
            _S.PARTIALLY_FILLED: Move.FILL,
            _S.FILLED: Move.FILL,
            _S.CANCELLED: Move.STEP,
            _S.SIGNED: Move.STEP,
            _S.DEAD_LETTERED: Move.STEP,
        },
        _S.LIVE: {
            _S.PARTIALLY_FILLED: Move.FILL,
            _S.FILLED: Move.FILL,
            _S.CANCELLED: Move.STEP,
            _S.EXPIRED: Move.STEP,
        },
        _S.PARTIALLY_FILLED: {
            _S.PARTIALLY_FILLED: Move.FILL,  # more of it filled
            _S.FILLED: Move.FILL,
            _S.CANCELLED: Move.STEP,
            _S.EXPIRED: Move.STEP,
        },
        _S.FILLED: {},
        _S.CANCELLED: {_S.FILLED: Move.FILL},
        _S.EXPIRED: {_S.FILLED: Move.FILL},
        # Believed to have traded nothing; a venue trade of theirs says otherwise.
        _S.REJECTED: {_S.PARTIALLY_FILLED: Move.FILL, _S.FILLED: Move.FILL},
        _S.DEAD_LETTERED: {
            _S.PARTIALLY_FILLED: Move.FILL,
            _S.FILLED: Move.FILL,
            _S.CREATED: Move.ADMIN,
            _S.SIGNED: Move.ADMIN,
        },
    }
)


def _in_flight() -> frozenset[OrderStatus]:
    """Statuses from which the order's own steps still lead to a send."""
    found = {_S.SUBMITTING}
    while True:
        more = {
            status
            for status, moves in TRANSITIONS.items()
            if any(to in found and move is Move.STEP for to, move in moves.items())
        }
        if more <= found:
            return frozenset(found)
        found |= more


#: Final: nothing but a late fill or an admin's retry moves the order on; its unfilled
#: reservation is released.
TERMINAL_STATUSES = frozenset(
    status for status, moves in TRANSITIONS.items() if Move.STEP not in moves.values()
)
#: Orders whose fate the send's answer (or the look-up by hash) still has to tell; a fill
#: seen elsewhere waits for it.
IN_FLIGHT = _in_flight()


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


class RestingPolicy(BaseModel):
    """What polycopy does with a resting order (or a FAK's unfilled rest), snapshot from
    its rule when the copy is decided, so a rule edited later does not change orders
    placed. Validated when it is written and when it is read; these are its only defaults."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ttl_seconds: StrictInt = Field(default=60, gt=0)
    on_expiry: ExpiryPolicy = ExpiryPolicy.CANCEL
    max_chases: StrictInt = Field(default=3, ge=0)
    remainder: RemainderPolicy = RemainderPolicy.DROP
    #: The slippage limit: a chase never moves the price past it.
    worst_price_micros: StrictInt = Field(gt=0, lt=MICRO)
