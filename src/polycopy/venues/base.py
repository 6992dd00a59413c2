"""The execution port: every mode (live, paper, sim) places orders through this interface.

Only adapters differ between modes; the order state machine, sizing, risk and accounting
never know which venue they talk to.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from polycopy.signals.types import TradeSide

#: Orders per batch request (``POST /orders``), from the CLOB reference.
MAX_BATCH_ORDERS = 15


class SubmitOutcome(enum.StrEnum):
    """How a send ended, in Nautilus Trader's terms."""

    ACCEPTED = "accepted"  # the venue took the order (it may have filled)
    REJECTED = "rejected"  # the venue refused it for good
    RETRY = "retry"  # refused before it reached the book (429, 5xx): send the same bytes again
    UNKNOWN = "unknown"  # the send may or may not have arrived: reconcile, never re-sign


@dataclass(frozen=True, slots=True)
class VenueFill:
    """A fill of a follower order, as the venue reports it (micro-units)."""

    venue_trade_id: str
    token_id: str
    side: TradeSide
    price_micros: int
    size_micros: int  # shares
    amount_micros: int  # pUSD
    fee_micros: int
    filled_at: dt.datetime
    transaction_hash: str | None = None
    #: For an order's summed taker match (keyed by the order hash): the venue trades it
    #: stands for, so a trade seen again (user channel, ``/data/trades``) is not booked twice.
    trade_ids: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class SubmitResult:
    outcome: SubmitOutcome
    venue_status: str = ""  # live, matched, delayed, ... as the venue says
    error: str = ""
    fills: list[VenueFill] = field(default_factory=list)
    retry_after_seconds: float | None = None  # the venue's Retry-After, for RETRY


@dataclass(frozen=True, slots=True)
class OrderLookup:
    """What the venue knows about an order looked up by its hash (reconciliation, resting
    orders): whether it still rests on the book, and every fill so far (each venue trade
    once; the order's own taker match is one fill keyed by the order hash)."""

    found: bool
    venue_status: str = ""
    fills: list[VenueFill] = field(default_factory=list)
    open: bool = False


@dataclass(frozen=True, slots=True)
class CancelOutcome:
    """The venue's answer to a cancel: hashes cancelled, and the reason for the others."""

    canceled: list[str] = field(default_factory=list)
    not_canceled: dict[str, str] = field(default_factory=dict)


class SettlementAction(enum.StrEnum):
    """Conditional-token actions that turn positions into collateral or back."""

    REDEEM = "redeem"  # a resolved market's shares: 1 pUSD per winning share, 0 per losing
    MERGE = "merge"  # one share of every outcome → 1 pUSD
    SPLIT = "split"  # 1 pUSD → one share of every outcome


@dataclass(frozen=True, slots=True)
class SettlementResult:
    """How a redeem, merge or split ended (ACCEPTED: confirmed on chain)."""

    outcome: SubmitOutcome
    transaction_hash: str | None = None
    error: str = ""


@dataclass(frozen=True, slots=True)
class SignedOrder:
    """A signed order ready to send: its wire body, the hash it is known by, its side."""

    body: dict[str, Any]
    order_hash: str
    side: TradeSide


class ExecutionVenue(Protocol):
    """Sends signed orders and answers what became of them, for one follower account;
    settles positions (redeem, merge, split) for it."""

    async def submit_batch(self, orders: Sequence[SignedOrder]) -> list[SubmitResult]:
        """Send up to ``MAX_BATCH_ORDERS`` orders of this account; one answer per order, in
        order."""
        ...

    async def lookup(self, order_hash: str, *, side: TradeSide) -> OrderLookup: ...

    async def cancel(self, order_hashes: Sequence[str]) -> CancelOutcome:
        """Cancel resting orders of this account (already closed ones are not_canceled)."""
        ...

    async def heartbeat(self, heartbeat_id: str) -> str:
        """Keep this account's resting orders alive; returns the id to send next time."""
        ...

    async def open_orders(self) -> dict[str, int]:
        """This account's orders resting at the venue: hash → shares matched so far (one
        call, so an unchanged resting order needs no look-up of its own)."""
        ...

    async def settle(
        self,
        action: SettlementAction,
        condition_id: str,
        *,
        neg_risk: bool,
        shares_micros: int = 0,
    ) -> SettlementResult: ...
