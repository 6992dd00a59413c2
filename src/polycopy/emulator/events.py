"""In-process pub/sub from the emulated venue to its real-time channels.

``EmulatorState`` publishes when an order is accepted (with the trades it made) or cancelled;
the chain publishes when a trade's transaction is mined and confirmed. The websocket
channels, the RTDS feed and the chain subscribe, so every feed is derived from the one
order path and none of them can disagree with the REST views. Delivery is synchronous, on
the thread that mutates the state (the event loop's), so subscribers see changes in order.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from polycopy.emulator.state import Order, Placement, Trade

log = logging.getLogger(__name__)


class TradeStatus(StrEnum):
    """Settlement stages of a CLOB trade, as the user channel reports them."""

    MATCHED = "MATCHED"
    MINED = "MINED"
    CONFIRMED = "CONFIRMED"


@dataclass(frozen=True, slots=True)
class OrderPlaced:
    """An accepted order; ``placement.trades`` is its immediate match (one transaction)."""

    placement: Placement


@dataclass(frozen=True, slots=True)
class OrderCanceled:
    """A live order left the book without trading (cancel, cancel-all or GTD expiry)."""

    order: Order


@dataclass(frozen=True, slots=True)
class TradeStatusChanged:
    """The transaction carrying ``trade`` reached ``status`` in block ``block_number``."""

    trade: Trade
    status: TradeStatus
    block_number: int
    block_hash: str


Event: TypeAlias = OrderPlaced | OrderCanceled | TradeStatusChanged
Subscriber: TypeAlias = Callable[[Event], None]


class EventBus:
    """Synchronous fan-out; a failing subscriber is logged and never breaks the publisher."""

    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        """Add ``subscriber``; returns the function that removes it again."""
        self._subscribers.append(subscriber)

        def unsubscribe() -> None:
            if subscriber in self._subscribers:
                self._subscribers.remove(subscriber)

        return unsubscribe

    def publish(self, event: Event) -> None:
        for subscriber in tuple(self._subscribers):
            try:
                subscriber(event)
            except Exception:
                log.exception("emulator event subscriber failed on %s", type(event).__name__)
