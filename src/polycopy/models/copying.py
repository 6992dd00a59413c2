from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from polycopy.copying.types import DecisionAction, TradingState
from polycopy.models.base import Base, CreatedAt, Micros, Timestamps, enum_column, utcnow
from polycopy.signals.types import TradeSide


class CopyRule(Timestamps, Base):
    """What a follower account copies from one leader, and within which limits.

    ``settings`` holds a validated ``RuleSettings``; every change bumps ``version`` and
    stores a ``CopyRuleVersion`` snapshot, so each decision names the settings it used.
    """

    __tablename__ = "copy_rules"
    __table_args__ = (
        UniqueConstraint("follower_account_id", "leader_id"),
        CheckConstraint("version >= 1", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    follower_account_id: Mapped[int] = mapped_column(
        ForeignKey("follower_accounts.id", ondelete="CASCADE"), index=True
    )
    leader_id: Mapped[int] = mapped_column(
        ForeignKey("leaders.id", ondelete="RESTRICT"), index=True
    )
    version: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[TradingState] = mapped_column(
        enum_column(TradingState, "rule_status"), default=TradingState.ACTIVE
    )
    status_reason: Mapped[str | None] = mapped_column(String(200))
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Set when the user deletes the rule: it is halted and hidden, its decisions are kept.
    deleted_at: Mapped[dt.datetime | None]
    # Set once the leader's open positions were mirrored (``mirror_open_positions``).
    mirrored_at: Mapped[dt.datetime | None]


class CopyRuleVersion(Base):
    """Immutable snapshot of a rule's settings at one version."""

    __tablename__ = "copy_rule_versions"

    copy_rule_id: Mapped[int] = mapped_column(
        ForeignKey("copy_rules.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    settings: Mapped[dict[str, Any]]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Decision(CreatedAt, Base):
    """The copy engine's verdict on one leader fill for one copy rule (exactly one)."""

    __tablename__ = "decisions"
    __table_args__ = (UniqueConstraint("leader_fill_id", "copy_rule_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    leader_fill_id: Mapped[int] = mapped_column(
        ForeignKey("leader_fills.id", ondelete="RESTRICT"), index=True
    )
    copy_rule_id: Mapped[int] = mapped_column(
        ForeignKey("copy_rules.id", ondelete="RESTRICT"), index=True
    )
    rule_version: Mapped[int] = mapped_column(Integer)
    follower_account_id: Mapped[int] = mapped_column(
        ForeignKey("follower_accounts.id", ondelete="RESTRICT"), index=True
    )
    action: Mapped[DecisionAction] = mapped_column(enum_column(DecisionAction, "decision_action"))
    reason: Mapped[str | None] = mapped_column(String(64))
    # The order intent, when copying.
    side: Mapped[TradeSide | None] = mapped_column(enum_column(TradeSide, "trade_side"))
    token_id: Mapped[str | None] = mapped_column(String(80))
    limit_price_micros: Mapped[int | None] = mapped_column(Micros)
    size_micros: Mapped[int | None] = mapped_column(Micros)  # shares (sells)
    amount_micros: Mapped[int | None] = mapped_column(Micros)  # pUSD (buys)
    # Sizing inputs and the numbers that triggered a skip, for the user and for audits.
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
