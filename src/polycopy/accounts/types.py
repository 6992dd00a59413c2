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


#: ``state_reason`` of a halted account that the engine quarantined: its own data (credentials,
#: signer, a refusal by the venue aimed at it) keeps it from trading, and no other account.
QUARANTINE_PREFIX = "quarantined: "
#: The error code its orders end with.
ACCOUNT_QUARANTINED = "account_quarantined"


def is_quarantined(state_reason: str | None) -> bool:
    """Whether an account's state reason is a quarantine (its trading state is then halted)."""
    return (state_reason or "").startswith(QUARANTINE_PREFIX)
