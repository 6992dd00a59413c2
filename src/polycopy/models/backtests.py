from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from polycopy.models.base import Base, Micros, Timestamps


class BacktestJob(Timestamps, Base):
    """A user's backtest of a leader, run by a worker (``backtest/jobs.py``).

    ``request`` is the API's request as JSON (rule settings, account, delay, window); a
    worker claims a queued job under a lease, so one that crashed is run again from the
    start by another once the lease runs out. ``result`` is the report as JSON."""

    __tablename__ = "backtest_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    leader_id: Mapped[int] = mapped_column(ForeignKey("leaders.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    request: Mapped[dict[str, Any]] = mapped_column(default=dict)
    progress_done: Mapped[int] = mapped_column(Micros, default=0)
    progress_total: Mapped[int | None] = mapped_column(Micros)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    result: Mapped[dict[str, Any] | None]
    requested_at: Mapped[dt.datetime]
    lease_until: Mapped[dt.datetime | None]
    started_at: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]
