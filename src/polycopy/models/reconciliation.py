from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from polycopy.models.base import Base, Micros, Timestamps


class TradesCursor(Timestamps, Base):
    """Where the ``/data/trades`` sweep of a follower account goes on from (match time, unix
    seconds). It never passes a trade whose order was still in flight when it was seen."""

    __tablename__ = "trades_cursors"

    follower_account_id: Mapped[int] = mapped_column(
        ForeignKey("follower_accounts.id", ondelete="CASCADE"), primary_key=True
    )
    after: Mapped[int] = mapped_column(BigInteger)


class PositionBaseline(Timestamps, Base):
    """Shares of a token at the venue that no order of polycopy explains, accepted as the
    user's own (``baseline_micros``, signed), and the unexplained drift last raised as an
    alert (so one drift is raised once, not every round)."""

    __tablename__ = "position_baselines"

    follower_account_id: Mapped[int] = mapped_column(
        ForeignKey("follower_accounts.id", ondelete="CASCADE"), primary_key=True
    )
    token_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    baseline_micros: Mapped[int] = mapped_column(Micros, default=0)
    alerted_micros: Mapped[int | None] = mapped_column(Micros)
