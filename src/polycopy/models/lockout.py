"""Sign-in attempts counted per (e-mail, client address), shared by every API process."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from polycopy.models.base import Base


class SignInThrottle(Base):
    """Attempts since the last success for one e-mail from one client address.

    An attempt is counted before its password is checked, under a row lock, so parallel
    tries cannot outrun the limit. The key is an HMAC: no e-mail or address is stored.
    """

    __tablename__ = "sign_in_throttles"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None]
    last_attempt_at: Mapped[dt.datetime] = mapped_column(index=True)
