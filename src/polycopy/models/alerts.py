"""Alert thresholds per user, and each alert's state between checks (``polycopy.alerts``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from polycopy.models.base import Base, Timestamps


class AlertSettingsRow(Timestamps, Base):
    """A user's validated ``AlertSettings``; no row: the defaults."""

    __tablename__ = "alert_settings"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)


class AlertState(Timestamps, Base):
    """One alert for one subject of one user: is it firing, was this episode told, and when
    was the last message (the rate limit's clock)."""

    __tablename__ = "alert_states"
    __table_args__ = (UniqueConstraint("user_id", "kind", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(100))
    firing: Mapped[bool] = mapped_column(default=False)
    notified: Mapped[bool] = mapped_column(default=False)
    episode: Mapped[int] = mapped_column(Integer, default=0)
    since: Mapped[dt.datetime | None]  # when the current (or last) episode started
    last_notified_at: Mapped[dt.datetime | None]
    text: Mapped[str] = mapped_column(String(1000), default="")
