from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from polycopy.models.base import Base, CreatedAt, JSONType, Micros, Timestamps, enum_column
from polycopy.orders.types import OrderStatus, OrderType
from polycopy.signals.types import TradeSide


class Order(Timestamps, Base):
    """A follower order and, at the same time, its row in the execution work queue.

    The signed payload and its hash are stored before the first send, so every retry sends
    the same bytes and the venue sees one order.
    """

    __tablename__ = "orders"
    __table_args__ = (
        CheckConstraint("attempts >= 0", name="attempts_non_negative"),
        CheckConstraint("filled_size_micros >= 0", name="filled_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(80), unique=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id", ondelete="RESTRICT"))
    follower_account_id: Mapped[int] = mapped_column(
        ForeignKey("follower_accounts.id", ondelete="RESTRICT"), index=True
    )
    leader_id: Mapped[int] = mapped_column(ForeignKey("leaders.id", ondelete="RESTRICT"))
    condition_id: Mapped[str] = mapped_column(String(66))
    token_id: Mapped[str] = mapped_column(String(80))
    side: Mapped[TradeSide] = mapped_column(enum_column(TradeSide, "trade_side"))
    order_type: Mapped[OrderType] = mapped_column(enum_column(OrderType, "order_type"))
    status: Mapped[OrderStatus] = mapped_column(
        enum_column(OrderStatus, "order_status"), index=True
    )
    limit_price_micros: Mapped[int] = mapped_column(Micros)
    size_micros: Mapped[int | None] = mapped_column(Micros)  # shares to sell
    amount_micros: Mapped[int | None] = mapped_column(Micros)  # pUSD to spend
    maker_amount: Mapped[int | None] = mapped_column(Micros)
    taker_amount: Mapped[int | None] = mapped_column(Micros)
    signed_payload: Mapped[dict[str, Any] | None]
    order_hash: Mapped[str | None] = mapped_column(String(66), unique=True)
    filled_size_micros: Mapped[int] = mapped_column(Micros, default=0)
    filled_amount_micros: Mapped[int] = mapped_column(Micros, default=0)
    fee_micros: Mapped[int] = mapped_column(Micros, default=0)
    # Resting orders (GTC/GTD, and a FAK whose remainder rests): when polycopy ends it, the
    # rule's policy as decided (ttl_seconds, on_expiry, max_chases, remainder,
    # worst_price_micros), and the order it replaces (a chase or a re-placed remainder).
    expires_at: Mapped[dt.datetime | None]
    policy: Mapped[dict[str, Any] | None]
    chase_of_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id", ondelete="RESTRICT"))
    chase_count: Mapped[int] = mapped_column(Integer, default=0)
    # Queue bookkeeping.
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    lease_owner: Mapped[str | None] = mapped_column(String(100))
    lease_expires_at: Mapped[dt.datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)


class OrderEvent(CreatedAt, Base):
    """Append-only history of an order's transitions (a database trigger refuses edits)."""

    __tablename__ = "order_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="RESTRICT"), index=True)
    from_status: Mapped[OrderStatus | None] = mapped_column(enum_column(OrderStatus, "from_status"))
    to_status: Mapped[OrderStatus] = mapped_column(enum_column(OrderStatus, "to_status"))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)


class ExchangeFill(CreatedAt, Base):
    """A fill of a follower order as reported by the venue; each venue trade applies once."""

    __tablename__ = "exchange_fills"
    __table_args__ = (UniqueConstraint("order_id", "venue_trade_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="RESTRICT"), index=True)
    follower_account_id: Mapped[int] = mapped_column(
        ForeignKey("follower_accounts.id", ondelete="RESTRICT"), index=True
    )
    venue_trade_id: Mapped[str] = mapped_column(String(100))
    token_id: Mapped[str] = mapped_column(String(80))
    side: Mapped[TradeSide] = mapped_column(enum_column(TradeSide, "trade_side"))
    price_micros: Mapped[int] = mapped_column(Micros)
    size_micros: Mapped[int] = mapped_column(Micros)
    amount_micros: Mapped[int] = mapped_column(Micros)
    fee_micros: Mapped[int] = mapped_column(Micros, default=0)
    # For sells: proceeds minus the cost of the lots the sale consumed.
    realized_pnl_micros: Mapped[int] = mapped_column(Micros, default=0)
    transaction_hash: Mapped[str | None] = mapped_column(String(66))
    filled_at: Mapped[dt.datetime] = mapped_column(index=True)
    # The venue trades an order's summed taker match (keyed by the order hash) stands for;
    # None when the venue did not name them (then it stands for every taker trade).
    trade_ids: Mapped[list[str] | None] = mapped_column(JSONType)
