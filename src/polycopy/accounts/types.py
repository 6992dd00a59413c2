"""Users and the Polymarket accounts they copy into."""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    USER = "user"
    ADMIN = "admin"


class AccountMode(enum.StrEnum):
    """Per follower account: where its orders go. Paper is the safe default."""

    LIVE = "live"
    PAPER = "paper"
    SIM = "sim"
