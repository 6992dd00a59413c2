"""Leaders: the wallets followers copy."""

from __future__ import annotations

import re

from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.audit.repository import AuditRepository
from polycopy.kit.errors import InvalidInputError
from polycopy.leaders.repository import LeaderRepository
from polycopy.models import Leader

_WALLET = re.compile(r"0x[0-9a-f]{40}")


def normalise_wallet(wallet: str) -> str:
    """``0x`` and 40 hex digits, in lower case (no sign, space or ``_`` that ``int`` would
    let through)."""
    value = wallet.strip().lower()
    if not _WALLET.fullmatch(value):
        raise InvalidInputError(f"not a wallet address: {wallet!r}")
    return value


async def follow_wallet(session: AsyncSession, wallet: str, *, actor: str) -> Leader:
    """The leader row for a wallet, created on first use (shared: a user's name for it is
    their watch's label)."""
    repo = LeaderRepository(session)
    address = normalise_wallet(wallet)
    existing = await repo.get_by_wallet(address)
    if existing is not None:
        return existing
    leader = await repo.add(Leader(wallet=address))
    await AuditRepository(session).record(
        actor=actor,
        entity_type="leader",
        entity_id=leader.id,
        action="created",
        details={"wallet": address},
    )
    return leader
