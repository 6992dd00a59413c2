"""Users and their follower accounts."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.accounts.repository import FollowerAccountRepository, UserRepository
from polycopy.accounts.types import QUARANTINE_PREFIX, AccountMode, Role, is_quarantined
from polycopy.audit.repository import AuditRepository
from polycopy.copying.types import TradingState
from polycopy.kit.errors import InvalidInputError
from polycopy.leaders.service import normalise_wallet
from polycopy.models import FollowerAccount, User


async def get_or_create_user(
    session: AsyncSession, email: str, *, role: Role = Role.USER, actor: str
) -> User:
    repo = UserRepository(session)
    existing = await repo.get_by_email(email)
    if existing is not None:
        return existing
    user = await repo.add(User(email=email.lower(), role=role))
    await AuditRepository(session).record(
        actor=actor,
        entity_type="user",
        entity_id=user.id,
        action="created",
        details={"email": user.email},
    )
    return user


async def link_follower_account(
    session: AsyncSession,
    *,
    user: User,
    label: str,
    mode: AccountMode,
    wallet_address: str,
    signer_address: str,
    signature_type: int,
    encrypted_credentials: bytes,
    actor: str,
) -> FollowerAccount:
    """Link a Polymarket account; credentials arrive already encrypted (never in clear)."""
    if signature_type not in (0, 1, 2, 3):
        raise InvalidInputError(
            "signature_type must be 0 (EOA), 1 (proxy), 2 (Safe) or 3 (deposit wallet)"
        )
    account = await FollowerAccountRepository(session).add(
        FollowerAccount(
            user_id=user.id,
            label=label,
            mode=mode,
            wallet_address=normalise_wallet(wallet_address),
            signer_address=normalise_wallet(signer_address),
            signature_type=signature_type,
            encrypted_credentials=encrypted_credentials,
        )
    )
    await AuditRepository(session).record(
        actor=actor,
        entity_type="follower_account",
        entity_id=account.id,
        action="linked",
        details={
            "wallet_address": account.wallet_address,
            "signature_type": signature_type,
            "mode": mode.value,
        },
    )
    return account


async def switch_account_mode(
    session: AsyncSession, account: FollowerAccount, mode: AccountMode, *, actor: str
) -> None:
    """Paper ↔ live, audited. The caller has checked that a live account can trade."""
    if mode not in (AccountMode.PAPER, AccountMode.LIVE):
        raise InvalidInputError("mode: an account switches only between paper and live")
    before, account.mode = account.mode, mode
    if before is not mode:
        await AuditRepository(session).record(
            actor=actor,
            entity_type="follower_account",
            entity_id=account.id,
            action="mode_changed",
            details={"from": before.value, "to": mode.value},
        )


#: The actor of quarantines the engine decides.
QUARANTINE_ACTOR = "system:quarantine"


async def quarantine_account(
    session: AsyncSession, account_id: int, reason: str, *, actor: str = QUARANTINE_ACTOR
) -> FollowerAccount | None:
    """Halt one account whose own data keeps it from trading (credentials, signer, the venue
    refusing its key), so that it stops failing in every round beside everyone else's copies.

    Audited like any halt (``state_changed``, which notifications announce), with
    ``quarantined: true``; the reason says what to fix and never holds a secret. None when the
    account is gone or already quarantined for this reason (one entry, not one per round).
    """
    try:
        found = await FollowerAccountRepository(session).lock(account_id)
    except LookupError:  # deleted meanwhile: nothing left to stop
        return None
    text = (QUARANTINE_PREFIX + reason)[:200]
    if found.trading_state is TradingState.HALTED and found.state_reason == text:
        return None
    before = found.trading_state
    found.trading_state, found.state_reason = TradingState.HALTED, text
    await AuditRepository(session).record(
        actor=actor,
        entity_type="follower_account",
        entity_id=found.id,
        action="state_changed",
        details={
            "from": before.value,
            "to": TradingState.HALTED.value,
            "reason": text,
            "quarantined": True,
        },
    )
    return found


async def replace_credentials(
    session: AsyncSession,
    account: FollowerAccount,
    encrypted_credentials: bytes,
    *,
    signer_address: str,
    actor: str,
) -> None:
    """Store new (already encrypted, already checked) credentials, audited without them.

    A quarantined account stays halted until its user resumes it: the quarantine named what
    to fix, the user decides when to trade again. Workers notice the new credentials at the
    account's next send (``TraderDirectory.cached``).
    """
    signer = normalise_wallet(signer_address)
    details: dict[str, object] = {"quarantined": is_quarantined(account.state_reason)}
    if signer != account.signer_address:
        details["signer"] = {"from": account.signer_address, "to": signer}
    account.encrypted_credentials = encrypted_credentials
    account.signer_address = signer
    await AuditRepository(session).record(
        actor=actor,
        entity_type="follower_account",
        entity_id=account.id,
        action="credentials_replaced",
        details=details,
    )
