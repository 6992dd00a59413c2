"""Typed messages of the CLOB market and user channels and of RTDS.

A frame is one JSON object or an array of them; ``parse_market_frame`` and friends return
the typed events it holds, skip event types polycopy does not know (the venue adds them
over time) and raise ``MalformedResponseError`` for a frame that is not JSON or an event
of a known type with the wrong shape.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Annotated, Any, Literal, TypeVar

from pydantic import Field, TypeAdapter, ValidationError, model_validator

from polycopy.venues.polymarket.errors import MalformedResponseError
from polycopy.venues.polymarket.models import BookLevel, CamelModel, Dec, OptDec, VenueModel

EventT = TypeVar("EventT")


# --- market channel ---------------------------------------------------------------------


class BookEvent(VenueModel):
    """A full book for one asset (on subscribe and after trades); levels best last."""

    event_type: Literal["book"]
    asset_id: str
    market: str
    bids: list[BookLevel]
    asks: list[BookLevel]
    timestamp: str
    hash: str = ""
    tick_size: OptDec = None
    last_trade_price: OptDec = None


class PriceChange(VenueModel):
    asset_id: str
    price: Dec
    size: Dec  # the level's new size; 0 removes it
    side: Literal["BUY", "SELL"]
    hash: str = ""
    best_bid: OptDec = None
    best_ask: OptDec = None


class PriceChangeEvent(VenueModel):
    event_type: Literal["price_change"]
    market: str
    timestamp: str
    price_changes: list[PriceChange]

    @model_validator(mode="before")
    @classmethod
    def _single_change_schema(cls, value: Any) -> Any:
        """Before 2025-09-15 a price change carried one level at the top level."""
        if isinstance(value, dict) and "price_changes" not in value and "price" in value:
            keys = ("asset_id", "price", "size", "side", "hash")
            return {**value, "price_changes": [{k: value[k] for k in keys if k in value}]}
        return value


class LastTradePriceEvent(VenueModel):
    """A trade on the market channel; it carries no wallet address."""

    event_type: Literal["last_trade_price"]
    asset_id: str
    market: str
    price: Dec
    size: Dec
    side: str
    timestamp: str
    fee_rate_bps: OptDec = None
    transaction_hash: str | None = None


class TickSizeChangeEvent(VenueModel):
    event_type: Literal["tick_size_change"]
    asset_id: str
    market: str
    old_tick_size: Dec
    new_tick_size: Dec
    timestamp: str


class BestBidAskEvent(VenueModel):
    event_type: Literal["best_bid_ask"]
    asset_id: str
    market: str
    best_bid: OptDec = None
    best_ask: OptDec = None
    spread: OptDec = None
    timestamp: str


class NewMarketEvent(VenueModel):
    event_type: Literal["new_market"]
    market: str
    assets_ids: list[str]
    outcomes: list[str] = Field(default_factory=list)
    question: str = ""
    slug: str = ""
    timestamp: str


class MarketResolvedEvent(VenueModel):
    event_type: Literal["market_resolved"]
    market: str
    assets_ids: list[str]
    winning_asset_id: str
    winning_outcome: str = ""
    timestamp: str


MarketEvent = Annotated[
    BookEvent
    | PriceChangeEvent
    | LastTradePriceEvent
    | TickSizeChangeEvent
    | BestBidAskEvent
    | NewMarketEvent
    | MarketResolvedEvent,
    Field(discriminator="event_type"),
]

# --- user channel -----------------------------------------------------------------------


class OrderEvent(VenueModel):
    """One of the account's orders was placed, updated (filled) or cancelled."""

    event_type: Literal["order"]
    id: str
    market: str
    asset_id: str
    side: str
    original_size: Dec
    size_matched: Dec
    price: Dec
    type: str  # PLACEMENT, UPDATE, CANCELLATION
    status: str = ""
    order_type: str = ""
    maker_address: str = ""
    associate_trades: list[str] = Field(default_factory=list)
    timestamp: str = ""


class UserMakerOrder(VenueModel):
    order_id: str
    maker_address: str = ""
    matched_amount: Dec
    price: Dec
    side: str = ""
    asset_id: str = ""


class TradeEvent(VenueModel):
    """A fill of one of the account's orders; ``status`` moves MATCHED → MINED → CONFIRMED."""

    event_type: Literal["trade"]
    id: str
    taker_order_id: str
    market: str
    asset_id: str
    side: str
    size: Dec
    price: Dec
    status: str
    trader_side: str = ""
    transaction_hash: str | None = None
    match_time: str = ""
    maker_orders: list[UserMakerOrder] = Field(default_factory=list)
    timestamp: str = ""

    @model_validator(mode="before")
    @classmethod
    def _matchtime_spelling(cls, value: Any) -> Any:
        """The docs also spell it ``matchtime``."""
        if isinstance(value, dict) and "match_time" not in value and "matchtime" in value:
            return {**value, "match_time": value["matchtime"]}
        return value


UserEvent = Annotated[OrderEvent | TradeEvent, Field(discriminator="event_type")]

# --- RTDS -------------------------------------------------------------------------------


class RtdsTrade(CamelModel):
    """An ``activity/trades`` (or ``orders_matched``) payload: it names the wallet."""

    proxy_wallet: str
    asset: str
    condition_id: str
    side: str
    size: Dec
    price: Dec
    timestamp: int
    transaction_hash: str
    outcome: str = ""
    outcome_index: int = 999
    slug: str = ""
    event_slug: str = ""


class RtdsMessage(VenueModel):
    topic: str
    type: str
    timestamp: int
    payload: dict[str, Any]
    connection_id: str = ""


_MARKET_TYPES = frozenset(
    (
        "book",
        "price_change",
        "last_trade_price",
        "tick_size_change",
        "best_bid_ask",
        "new_market",
        "market_resolved",
    )
)
_USER_TYPES = frozenset(("order", "trade"))
_MARKET_EVENT: TypeAdapter[MarketEvent] = TypeAdapter(MarketEvent)
_USER_EVENT: TypeAdapter[UserEvent] = TypeAdapter(UserEvent)


def _frame_items(text: str | bytes) -> list[Any]:
    try:
        frame = json.loads(text, parse_float=Decimal)
    except ValueError:
        raise MalformedResponseError("websocket frame is not JSON (truncated?)") from None
    return frame if isinstance(frame, list) else [frame]


def _events(text: str | bytes, adapter: TypeAdapter[EventT], known: frozenset[str]) -> list[EventT]:
    events: list[EventT] = []
    for item in _frame_items(text):
        if not isinstance(item, dict):
            raise MalformedResponseError("websocket event is not a JSON object")
        if item.get("event_type") not in known:
            continue  # a type polycopy does not use (yet)
        try:
            events.append(adapter.validate_python(item))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise MalformedResponseError(
                f"malformed {item.get('event_type')} event: {where}: {first['msg']}"
            ) from None
    return events


def parse_market_frame(text: str | bytes) -> list[MarketEvent]:
    return _events(text, _MARKET_EVENT, _MARKET_TYPES)


def parse_user_frame(text: str | bytes) -> list[UserEvent]:
    return _events(text, _USER_EVENT, _USER_TYPES)


def parse_rtds_frame(text: str | bytes) -> list[RtdsMessage]:
    messages: list[RtdsMessage] = []
    for item in _frame_items(text):
        try:
            messages.append(RtdsMessage.model_validate(item))
        except ValidationError as exc:
            raise MalformedResponseError(
                f"malformed RTDS message: {exc.errors()[0]['msg']}"
            ) from None
    return messages


def rtds_trade(message: RtdsMessage) -> RtdsTrade:
    try:
        return RtdsTrade.model_validate(message.payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise MalformedResponseError(
            f"malformed RTDS {message.topic}/{message.type} payload: {first['loc']}: {first['msg']}"
        ) from None
