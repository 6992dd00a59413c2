from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from polycopy.models.base import Base, Micros, Timestamps


class Lot(Timestamps, Base):
    """Shares bought for one leader; only that leader's sells close it.

    ``cost_micros`` is what the remaining shares cost (pro-rata when partly sold), so
    realised PnL of a sale is proceeds minus the cost of the shares it consumed.
    """

    __tablename__ = "lots"
    __table_args__ = (
        CheckConstraint("remaining_size_micros >= 0", name="remaining_non_negative"),
        CheckConstraint("remaining_size_micros <= size_micros", name="remaining_le_size"),
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
    opened_by_fill_id: Mapped[int] = mapped_column(
        ForeignKey("exchange_fills.id", ondelete="RESTRICT"), unique=True
    )
    size_micros: Mapped[int] = mapped_column(Micros)
    remaining_size_micros: Mapped[int] = mapped_column(Micros)
    cost_micros: Mapped[int] = mapped_column(Micros)
    realized_pnl_micros: Mapped[int] = mapped_column(Micros, default=0)
    opened_at: Mapped[dt.datetime]
    closed_at: Mapped[dt.datetime | None]
