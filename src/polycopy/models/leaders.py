from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from polycopy.models.base import Base, JSONType, Micros, Timestamps


class Leader(Timestamps, Base):
    """A wallet that followers copy; identified by its proxy/funder address (lower case).

    Shared by every user who follows the wallet: a user's own name for it is the label on
    their ``LeaderWatch``."""

    __tablename__ = "leaders"

    id: Mapped[int] = mapped_column(primary_key=True)
    wallet: Mapped[str] = mapped_column(String(42), unique=True)
    pseudonym: Mapped[str | None] = mapped_column(String(200))
    bio: Mapped[str | None] = mapped_column(Text)
    profile_image: Mapped[str | None] = mapped_column(String(1000))
    profile: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # The portfolio value proportional sizing last read (``leaders.value.LeaderValues``):
    # positions from the Data API, pUSD cash from the chain (None: not read).
    value_positions_micros: Mapped[int | None] = mapped_column(Micros)
    value_cash_micros: Mapped[int | None] = mapped_column(Micros)
    value_read_at: Mapped[dt.datetime | None]


class LeaderBackfill(Timestamps, Base):
    """A leader's history read from the Data API: one job row per leader, claimed by a worker.

    ``last_timestamp`` is the newest second whose rows are all stored: a run that stops
    (failure, restart, lease expiry) resumes there, inclusive (``signals/backfill.py``)."""

    __tablename__ = "leader_backfills"

    id: Mapped[int] = mapped_column(primary_key=True)
    leader_id: Mapped[int] = mapped_column(
        ForeignKey("leaders.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[str] = mapped_column(String(16), index=True)
    last_timestamp: Mapped[int] = mapped_column(Micros, default=0)
    cursor: Mapped[str | None] = mapped_column(Text)
    rows: Mapped[int] = mapped_column(Micros, default=0)
    fills_created: Mapped[int] = mapped_column(Micros, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    requested_at: Mapped[dt.datetime]
    due_at: Mapped[dt.datetime]
    lease_until: Mapped[dt.datetime | None]
    started_at: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]


class LeaderStatisticsRow(Timestamps, Base):
    """A leader's statistics for one period (``leaders/statistics.py``), as of ``last_fill_id``."""

    __tablename__ = "leader_statistics"
    __table_args__ = (UniqueConstraint("leader_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    leader_id: Mapped[int] = mapped_column(ForeignKey("leaders.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(8))
    computed_at: Mapped[dt.datetime]
    last_fill_id: Mapped[int] = mapped_column(Micros, default=0)
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)


class LeaderDriftRow(Timestamps, Base):
    """A followed leader's latest drift check (``leaders/drift.py``) and its current episode.

    An episode runs from the first check that drifts to the first that does not; ``rules``
    holds what each rule did in it (rule id -> "alert" or "pause"), so a rule is acted on at
    most once per episode, and told once when it ends (``leaders/drift_service.py``)."""

    __tablename__ = "leader_drift"

    id: Mapped[int] = mapped_column(primary_key=True)
    leader_id: Mapped[int] = mapped_column(
        ForeignKey("leaders.id", ondelete="CASCADE"), unique=True
    )
    checked_at: Mapped[dt.datetime]
    last_fill_id: Mapped[int] = mapped_column(Micros, default=0)
    drifting: Mapped[bool] = mapped_column(default=False)
    episode: Mapped[int] = mapped_column(Integer, default=0)
    drifting_since: Mapped[dt.datetime | None]
    signals: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    rules: Mapped[dict[str, Any]] = mapped_column(default=dict)
