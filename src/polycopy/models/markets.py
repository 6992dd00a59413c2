from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from polycopy.models.base import Base, JSONType, Micros, Timestamps


class Market(Timestamps, Base):
    """Cached market metadata (Gamma/CLOB) needed to size and sign orders."""

    __tablename__ = "markets"

    condition_id: Mapped[str] = mapped_column(String(66), primary_key=True)
    question: Mapped[str] = mapped_column(Text, default="")
    slug: Mapped[str | None] = mapped_column(String(300))
    event_slug: Mapped[str | None] = mapped_column(String(300))
    neg_risk: Mapped[bool] = mapped_column(default=False)
    tick_size_micros: Mapped[int] = mapped_column(Micros)
    min_order_size_micros: Mapped[int] = mapped_column(Micros)
    end_date: Mapped[dt.datetime | None]
    tags: Mapped[list[str]] = mapped_column(JSONType, default=list)
    active: Mapped[bool] = mapped_column(default=True)
    closed: Mapped[bool] = mapped_column(default=False)
    # Set once Gamma reports the market resolved: each winning share redeems for 1 pUSD.
    resolved_at: Mapped[dt.datetime | None]
    winning_token_id: Mapped[str | None] = mapped_column(String(80))
    # What Gamma says of the market's risk (``markets/risk.py``, ``risk_facts_json``):
    # liquidity, volume, UMA resolution status, recent volatility, and when it was read.
    risk_facts: Mapped[dict[str, Any] | None] = mapped_column(JSONType)


class MarketToken(Base):
    """An outcome token of a market (the CLOB asset id)."""

    __tablename__ = "market_tokens"

    token_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    condition_id: Mapped[str] = mapped_column(
        ForeignKey("markets.condition_id", ondelete="CASCADE"), index=True
    )
    outcome: Mapped[str] = mapped_column(String(200))
    outcome_index: Mapped[int] = mapped_column(Integer)
