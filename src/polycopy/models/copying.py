from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from polycopy.copying.types import AllocationMode, DecisionAction, RuleStatus
from polycopy.models.base import Base, CreatedAt, Micros, Timestamps, enum_column, utcnow
from polycopy.signals.types import TradeSide


class CopyRule(Timestamps, Base):
    """What a follower account copies from one leader, and with which limits.

    Every change bumps ``version`` and stores a ``CopyRuleVersion`` snapshot, so each
    decision can name the exact settings it was made under.
    """

    __tablename__ = "copy_rules"
    __table_args__ = (
        UniqueConstraint("follower_account_id", "leader_id"),
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint("fixed_amount_micros IS NULL OR fixed_amount_micros > 0", name="fixed_pos"),
        CheckConstraint("max_slippage_bps >= 0 AND max_slippage_bps <= 10000", name="slippage"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    follower_account_id: Mapped[int] = mapped_column(
        ForeignKey("follower_accounts.id", ondelete="CASCADE"), index=True
    )
    leader_id: Mapped[int] = mapped_column(
        ForeignKey("leaders.id", ondelete="RESTRICT"), index=True
    )
    version: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[RuleStatus] = mapped_column(
        enum_column(RuleStatus, "rule_status"), default=RuleStatus.ACTIVE
    )
    allocation_mode: Mapped[AllocationMode] = mapped_column(
        enum_column(AllocationMode, "allocation_mode"), default=AllocationMode.FIXED
    )
    fixed_amount_micros: Mapped[int | None] = mapped_column(Micros)
    max_slippage_bps: Mapped[int] = mapped_column(Integer, default=200)
    # Limits added by later versions of the copy engine; validated by its schemas.
    limits: Mapped[dict[str, Any]] = mapped_column(default=dict)


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
