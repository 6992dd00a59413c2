from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from polycopy.models.base import Base, Micros, Timestamps, enum_column
from polycopy.signals.types import FillSource, LeaderEventType, TradeSide


class LeaderFill(Base):
    """One fill (or other event) of a leader, whichever sources reported it.

    ``identity`` is the cross-source key (see ``polycopy.signals.identity``); the unique
    constraint on it is the last guard against deciding a fill twice.
    """

    __tablename__ = "leader_fills"

    id: Mapped[int] = mapped_column(primary_key=True)
    identity: Mapped[str] = mapped_column(String(200), unique=True)
    leader_id: Mapped[int] = mapped_column(
        ForeignKey("leaders.id", ondelete="RESTRICT"), index=True
    )
    event_type: Mapped[LeaderEventType] = mapped_column(
        enum_column(LeaderEventType, "leader_event_type")
    )
    transaction_hash: Mapped[str] = mapped_column(String(66), index=True)
    log_index: Mapped[int | None] = mapped_column(Integer)
    occurrence: Mapped[int] = mapped_column(Integer, default=0)
    condition_id: Mapped[str] = mapped_column(String(66), index=True)
    token_id: Mapped[str | None] = mapped_column(String(80))
    outcome: Mapped[str | None] = mapped_column(String(200))
    side: Mapped[TradeSide | None] = mapped_column(enum_column(TradeSide, "trade_side"))
    price_micros: Mapped[int] = mapped_column(Micros, default=0)
    size_micros: Mapped[int] = mapped_column(Micros, default=0)
    usdc_micros: Mapped[int] = mapped_column(Micros, default=0)
    occurred_at: Mapped[dt.datetime]  # block time reported by the source
    first_seen_at: Mapped[dt.datetime]
    first_source: Mapped[FillSource] = mapped_column(enum_column(FillSource, "fill_source"))
    raw: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Set once the copy engine has decided this fill for every rule following the leader.
    decided_at: Mapped[dt.datetime | None]
    # Block of the chain sighting; set when a reorganisation removed that log (cleared when
    # the log is mined again). Whatever was decided on a reorged fill needs a second look.
    block_number: Mapped[int | None] = mapped_column(Micros)
    reorged_at: Mapped[dt.datetime | None]


class LeaderFillSighting(Base):
    """When each source first reported a fill (detection latency per source)."""

    __tablename__ = "leader_fill_sightings"

    leader_fill_id: Mapped[int] = mapped_column(
        ForeignKey("leader_fills.id", ondelete="CASCADE"), primary_key=True
    )
    source: Mapped[FillSource] = mapped_column(
        enum_column(FillSource, "fill_source"), primary_key=True
    )
    seen_at: Mapped[dt.datetime]


class SourceCursor(Timestamps, Base):
    """Where a source stopped reading a leader's history, so a restart back-fills the gap."""

    __tablename__ = "source_cursors"
    __table_args__ = (UniqueConstraint("leader_id", "source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    leader_id: Mapped[int] = mapped_column(ForeignKey("leaders.id", ondelete="CASCADE"))
    source: Mapped[FillSource] = mapped_column(enum_column(FillSource, "fill_source"))
    cursor: Mapped[str | None] = mapped_column(String(1000))
    last_timestamp: Mapped[int] = mapped_column(Micros, default=0)  # unix seconds
