from __future__ import annotations

from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, LargeBinary, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from polycopy.accounts.types import AccountMode, Role
from polycopy.copying.types import TradingState
from polycopy.models.base import Base, Timestamps, enum_column


class User(Timestamps, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"), default=Role.USER)


class FollowerAccount(Timestamps, Base):
    """A Polymarket account that polycopy trades for; credentials are stored encrypted."""

    __tablename__ = "follower_accounts"
    __table_args__ = (
        CheckConstraint("signature_type BETWEEN 0 AND 3", name="signature_type_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(100))
    mode: Mapped[AccountMode] = mapped_column(
        enum_column(AccountMode, "account_mode"), default=AccountMode.PAPER
    )
    # The funder (maker) address: proxy, Safe, deposit wallet or the EOA itself.
    wallet_address: Mapped[str] = mapped_column(String(42), index=True)
    signer_address: Mapped[str] = mapped_column(String(42))
    signature_type: Mapped[int] = mapped_column(SmallInteger)
    # AES-GCM envelope (key material and API credentials); never stored in clear.
    encrypted_credentials: Mapped[bytes | None] = mapped_column(LargeBinary)
    trading_state: Mapped[TradingState] = mapped_column(
        enum_column(TradingState, "trading_state"), default=TradingState.ACTIVE
    )
    state_reason: Mapped[str | None] = mapped_column(String(200))
    # A validated ``AccountLimits``: limits over all of the account's rules together.
    limits: Mapped[dict[str, Any]] = mapped_column(default=dict)
