"""Sign-in sessions, personal API tokens, idempotency records and leader watchlists.

Session and API tokens are opaque random strings; only their SHA-256 is stored, so a copy of
the database lets nobody sign in. Stored idempotent responses are encrypted, and hold no
secret shown once (a new token is stored empty).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from polycopy.models.base import Base, CreatedAt, JSONType, utcnow


class UserSession(CreatedAt, Base):
    """A browser sign-in; the cookie holds the token, the row only its hash."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[dt.datetime]
    revoked_at: Mapped[dt.datetime | None]
    user_agent: Mapped[str | None] = mapped_column(String(300))


class ApiToken(CreatedAt, Base):
    """A personal API token limited to scopes; shown once, stored as a hash."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))  # the first characters, to recognise it
    scopes: Mapped[list[str]] = mapped_column(JSONType, default=list)
    expires_at: Mapped[dt.datetime | None]
    last_used_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]


class IdempotencyRecord(Base):
    """The response to a mutation sent with an ``Idempotency-Key``, kept per user for
    ``idempotency_ttl_seconds`` (then purged); fields shown once are stored empty."""

    __tablename__ = "idempotency_records"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(255))
    request_hash: Mapped[str] = mapped_column(String(64))  # HMAC of method, path and body
    status_code: Mapped[int] = mapped_column(Integer)
    encrypted_response: Mapped[bytes] = mapped_column(LargeBinary)


class LeaderWatch(CreatedAt, Base):
    """A leader a user added (the user's leader list; leaders themselves are shared)."""

    __tablename__ = "leader_watches"
    __table_args__ = (UniqueConstraint("user_id", "leader_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    leader_id: Mapped[int] = mapped_column(ForeignKey("leaders.id", ondelete="CASCADE"), index=True)
    # The user's own name for the leader: leader rows are shared, so a name there would
    # show to everyone who follows the wallet.
    label: Mapped[str | None] = mapped_column(String(200))
