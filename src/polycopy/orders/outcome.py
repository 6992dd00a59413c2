"""What became of a copy: its outcome, derived from the status of its orders, never stored.

A copy decision is one order, or a chain of them (a chase, a re-placed remainder). The
outcome of the chain and a sentence that says why are what the decisions API, the web app
and notifications show next to "Copied", so a copy the venue killed, refused or that could
not be sent never reads as copied.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from polycopy.kit.money import micros_str
from polycopy.models import Order
from polycopy.orders.service import asked_shares
from polycopy.orders.types import TERMINAL_STATUSES, OrderStatus, OrderType
from polycopy.signals.types import TradeSide
from polycopy.venues.polymarket.errors import OrderKilledError


class CopyOutcome(enum.StrEnum):
    PENDING = "pending"  # on its way to the venue, or resting on the book
    FILLED = "filled"  # every share it asked for
    PARTIALLY_FILLED = "partially_filled"  # some shares; the rest was killed or cancelled
    KILLED = "killed"  # FOK/FAK: the book no longer had the shares at the limit
    EXPIRED = "expired"  # a resting order ended (time to live, venue) with nothing filled
    REJECTED = "rejected"  # the venue (or polycopy, before signing) refused the order
    DEAD_LETTERED = "dead_lettered"  # every send failed; an admin can retry it


#: How ``/portfolio/leaders`` tallies copies: expired resting orders got nothing, as killed
#: ones; refused and given-up orders failed.
TALLY = {
    CopyOutcome.PENDING: "pending",
    CopyOutcome.FILLED: "filled",
    CopyOutcome.PARTIALLY_FILLED: "partly_filled",
    CopyOutcome.KILLED: "killed",
    CopyOutcome.EXPIRED: "killed",
    CopyOutcome.REJECTED: "failed",
    CopyOutcome.DEAD_LETTERED: "failed",
}


def killed(order: Order) -> bool:
    """The venue killed this FOK/FAK order: it matched nothing at its limit."""
    return order.status is OrderStatus.REJECTED and (order.last_error or "").startswith(
        OrderKilledError.code
    )


@dataclass(frozen=True, slots=True)
class Outcome:
    """A copy's outcome with the figures behind it (micro-units)."""

    outcome: CopyOutcome
    order_type: OrderType  # of the last order of the chain
    reason: str | None  # the venue's or polycopy's words for an order that did not fill
    asked_shares: int | None  # what the first order asked for (None: not signed yet)
    filled_size_micros: int
    filled_amount_micros: int


def outcome_of(chain: Sequence[Order]) -> Outcome | None:
    """The outcome of a decision's orders, oldest first (None when it has none)."""
    if not chain:
        return None
    last = chain[-1]
    filled = sum(o.filled_size_micros for o in chain)
    spent = sum(o.filled_amount_micros for o in chain)
    reason = last.last_error
    if any(o.status not in TERMINAL_STATUSES for o in chain):
        outcome = CopyOutcome.PENDING
    elif last.status is OrderStatus.FILLED:
        outcome = CopyOutcome.FILLED
    elif filled > 0:
        outcome = CopyOutcome.PARTIALLY_FILLED
    elif killed(last):
        outcome = CopyOutcome.KILLED
    elif last.status is OrderStatus.REJECTED:
        outcome = CopyOutcome.REJECTED
    elif last.status is OrderStatus.DEAD_LETTERED:
        outcome = CopyOutcome.DEAD_LETTERED
    elif last.order_type.rests:
        outcome = CopyOutcome.EXPIRED
    else:  # a marketable order found at the venue with nothing matched
        outcome, reason = CopyOutcome.KILLED, reason or "matched nothing at its limit"
    return Outcome(outcome, last.order_type, reason, asked_shares(chain[0]), filled, spent)


def _what(side: TradeSide | None, amount: int | None, size: int | None) -> str:
    if side is TradeSide.BUY and amount is not None:
        return f"buy for ${micros_str(amount)}"
    if size is not None:
        return f"sell of {micros_str(size)} shares"
    return "order"


_KIND = {
    OrderType.FOK: "fill-or-kill ",
    OrderType.FAK: "fill-and-kill ",
    OrderType.GTC: "resting ",
    OrderType.GTD: "resting ",
}


def describe(
    result: Outcome,
    *,
    side: TradeSide | None,
    amount_micros: int | None,
    size_micros: int | None,
    limit_price_micros: int | None,
) -> str | None:
    """One sentence on a copy that did not (fully) happen; None when it filled or is on
    its way (the decision's own explanation says it all then)."""
    what = _KIND[result.order_type] + _what(side, amount_micros, size_micros)
    limit = "its limit" if limit_price_micros is None else micros_str(limit_price_micros)
    why = f" ({result.reason})" if result.reason else ""
    match result.outcome:
        case CopyOutcome.FILLED | CopyOutcome.PENDING:
            return None
        case CopyOutcome.PARTIALLY_FILLED:
            of = "" if result.asked_shares is None else f" of {micros_str(result.asked_shares)}"
            return (
                f"Partly copied: the {what} at a price no worse than {limit} got "
                f"{micros_str(result.filled_size_micros)}{of} shares for "
                f"${micros_str(result.filled_amount_micros)}; the rest did not fill before "
                "it was killed or cancelled, and its money was released."
            )
        case CopyOutcome.KILLED:
            book = (
                "had nothing to match"
                if result.order_type is OrderType.FAK
                else "no longer held every share"
            )
            return (
                f"Not copied: the {what} was killed by the venue: when it "
                f"arrived the book {book} at {limit} or better{why}."
            )
        case CopyOutcome.EXPIRED:
            return (
                f"Not copied: the {what} at a price no worse than {limit} "
                "rested until it was cancelled or expired, and nothing filled."
            )
        case CopyOutcome.REJECTED:
            return f"Not copied: the {what} was refused{why}."
        case CopyOutcome.DEAD_LETTERED:
            return (
                f"Not copied: the {what} could not be sent{why}; it was given up after its "
                "last attempt, and an admin can retry it."
            )
