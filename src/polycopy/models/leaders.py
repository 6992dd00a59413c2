from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from polycopy.models.base import Base, Micros, Timestamps


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
