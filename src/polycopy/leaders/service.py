"""Leaders: the wallets followers copy."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.audit.repository import AuditRepository
from polycopy.kit.errors import InvalidInputError
from polycopy.leaders.repository import LeaderRepository
from polycopy.models import Leader


def normalise_wallet(wallet: str) -> str:
    value = wallet.strip().lower()
    if len(value) != 42 or not value.startswith("0x"):
        raise InvalidInputError(f"not a wallet address: {wallet!r}")
    try:
        int(value[2:], 16)
    except ValueError:
        raise InvalidInputError(f"not a wallet address: {wallet!r}") from None
    return value


async def follow_wallet(
    session: AsyncSession, wallet: str, *, actor: str, name: str | None = None
) -> Leader:
    """The leader row for a wallet, created on first use."""
    repo = LeaderRepository(session)
    address = normalise_wallet(wallet)
    existing = await repo.get_by_wallet(address)
    if existing is not None:
        return existing
    leader = await repo.add(Leader(wallet=address, name=name))
    await AuditRepository(session).record(
        actor=actor,
        entity_type="leader",
        entity_id=leader.id,
        action="created",
        details={"wallet": address},
    )
    return leader
