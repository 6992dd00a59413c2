from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from polycopy.models.base import Base, JSONType, Micros, Timestamps, enum_column
from polycopy.settlements.types import SettlementStatus
from polycopy.venues.base import SettlementAction


class Lot(Timestamps, Base):
    """Shares bought for one leader; only that leader's sells close it.

    ``cost_micros`` is what the remaining shares cost (pro-rata when partly sold), so
    realised PnL of a sale is proceeds minus the cost of the shares it consumed. A lot is
    opened by a fill of a buy, or by a mirrored split (one lot per outcome).
    """

    __tablename__ = "lots"
    __table_args__ = (
        CheckConstraint("remaining_size_micros >= 0", name="remaining_non_negative"),
        CheckConstraint("remaining_size_micros <= size_micros", name="remaining_le_size"),
        CheckConstraint(
            "(opened_by_fill_id IS NULL) <> (opened_by_settlement_id IS NULL)",
            name="opened_by_one",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    follower_account_id: Mapped[int] = mapped_column(
        ForeignKey("follower_accounts.id", ondelete="RESTRICT"), index=True
    )
    leader_id: Mapped[int] = mapped_column(
        ForeignKey("leaders.id", ondelete="RESTRICT"), index=True
    )
    condition_id: Mapped[str] = mapped_column(String(66))
    token_id: Mapped[str] = mapped_column(String(80), index=True)
    outcome: Mapped[str | None] = mapped_column(String(200))
    opened_by_fill_id: Mapped[int | None] = mapped_column(
        ForeignKey("exchange_fills.id", ondelete="RESTRICT"), unique=True
    )
    opened_by_settlement_id: Mapped[int | None] = mapped_column(
        ForeignKey("settlements.id", ondelete="RESTRICT"), index=True
    )
    size_micros: Mapped[int] = mapped_column(Micros)
    remaining_size_micros: Mapped[int] = mapped_column(Micros)
    cost_micros: Mapped[int] = mapped_column(Micros)
    realized_pnl_micros: Mapped[int] = mapped_column(Micros, default=0)
    opened_at: Mapped[dt.datetime]
    closed_at: Mapped[dt.datetime | None]
    # The redemption or merge that closed (or reduced) the lot, when not a sale.
    settlement_id: Mapped[int | None] = mapped_column(
        ForeignKey("settlements.id", ondelete="RESTRICT"), index=True
    )


class Settlement(Timestamps, Base):
    """A redeem or merge of a follower's shares in one market, and what it paid.

    A redemption runs when the market resolves, without waiting for the leader; the
    leader's own REDEEM, once seen, is linked as confirmation (``leader_fill_id``). A merge
    either mirrors a leader's MERGE (``leader_id``) or is offered to the user when two
    rules left both outcomes held (status ``offered`` until accepted).
    """

    __tablename__ = "settlements"
    __table_args__ = (
        CheckConstraint("shares_micros >= 0", name="shares_non_negative"),
        CheckConstraint("attempts >= 0", name="attempts_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    follower_account_id: Mapped[int] = mapped_column(
        ForeignKey("follower_accounts.id", ondelete="RESTRICT"), index=True
    )
    condition_id: Mapped[str] = mapped_column(String(66), index=True)
    action: Mapped[SettlementAction] = mapped_column(
        enum_column(SettlementAction, "settlement_action")
    )
    status: Mapped[SettlementStatus] = mapped_column(
        enum_column(SettlementStatus, "settlement_status"), index=True
    )
    leader_id: Mapped[int | None] = mapped_column(ForeignKey("leaders.id", ondelete="RESTRICT"))
    leader_fill_id: Mapped[int | None] = mapped_column(
        ForeignKey("leader_fills.id", ondelete="RESTRICT")
    )
    shares_micros: Mapped[int] = mapped_column(Micros, default=0)  # per outcome (merge, split)
    # A split's outcome prices (token id -> micro-units) when it was decided: the pUSD it
    # costs is shared among the outcomes' new lots in this proportion.
    prices: Mapped[dict[str, int] | None] = mapped_column(JSONType)
    payout_micros: Mapped[int] = mapped_column(Micros, default=0)
    realized_pnl_micros: Mapped[int] = mapped_column(Micros, default=0)
    transaction_hash: Mapped[str | None] = mapped_column(String(66))
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    settled_at: Mapped[dt.datetime | None]
