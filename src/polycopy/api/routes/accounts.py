"""Follower accounts: the Polymarket accounts polycopy trades for. Credentials are write-only."""

from __future__ import annotations

from secrets import token_hex
from typing import Annotated, Any

import httpx
from fastapi import APIRouter, Path, status

from polycopy.accounts.credentials import (
    CredentialProblem,
    api_creds_problem,
    authenticate,
    key_address,
)
from polycopy.accounts.service import link_follower_account, replace_credentials
from polycopy.accounts.types import AccountMode, is_quarantined
from polycopy.api.deps import (
    ApiContext,
    Context,
    DbSession,
    Idempotency,
    Principal,
    auth,
    mutation,
)
from polycopy.api.errors import PLAN_LIMIT, ApiError, not_found
from polycopy.api.pagination import Page, PageQuery, RowId, page_of
from polycopy.api.repository import OwnedRepository
from polycopy.api.schemas import (
    AccountCreate,
    AccountCredentials,
    AccountOut,
    AccountUpdate,
    CredentialsReplace,
    PositionBaselineOut,
    PositionDriftOut,
    StateChange,
)
from polycopy.audit.repository import AuditRepository
from polycopy.auth.types import Scope
from polycopy.billing.service import BillingService
from polycopy.billing.types import Limit
from polycopy.copying.service import set_account_state
from polycopy.copying.types import TradingState
from polycopy.kit.errors import VenueNotConfiguredError
from polycopy.kit.money import micros_str
from polycopy.models import FollowerAccount
from polycopy.orders.reconciliation import acknowledge_drift
from polycopy.orders.repository import ReconciliationRepository
from polycopy.venues.directory import seal_credentials
from polycopy.venues.polymarket.auth import ApiCreds
from polycopy.venues.polymarket.signing import SignatureType, checksum_address

router = APIRouter(prefix="/accounts", tags=["accounts"])

Reader = Annotated[Principal, auth(Scope.ACCOUNTS_READ)]
Writer = Annotated[Idempotency, mutation(Scope.ACCOUNTS_WRITE)]
TokenId = Annotated[
    str, Path(min_length=1, max_length=80, description="The outcome token's id (a decimal string)")
]


def account_out(account: FollowerAccount) -> AccountOut:
    return AccountOut(
        id=account.id,
        label=account.label,
        mode=account.mode,
        signature_type=account.signature_type,
        wallet_address=account.signer_address,
        funder=account.wallet_address,
        trading_state=account.trading_state,
        state_reason=account.state_reason,
        limits=account.limits,
        quarantined=account.trading_state is TradingState.HALTED
        and is_quarantined(account.state_reason),
        has_credentials=account.encrypted_credentials is not None,
        created_at=account.created_at,
    )


async def _checked_secrets(
    credentials: AccountCredentials, signer: str, context: ApiContext
) -> dict[str, str]:
    """The credentials' secrets, once they can work: the key (or session key) is the
    signer's, the CLOB API credentials decode and, where a venue is reachable, the venue
    accepts them (in sim without an emulator that one call is skipped). 422 naming the
    field otherwise; nothing is stored."""
    secrets = credentials.secrets()
    try:
        for name in ("private_key", "session_key"):
            if name in secrets:
                address = key_address(secrets[name])
                field = f"credentials.{name}"
                if address is None:
                    raise ApiError(
                        422,
                        "validation_error",
                        f"{field}: not a valid secp256k1 private key",
                        field=field,
                    )
                if address != signer:
                    raise ApiError(
                        422,
                        "validation_error",
                        f"{field}: does not belong to wallet_address",
                        field=field,
                    )
        if "api_key" in secrets:
            creds = ApiCreds(secrets["api_key"], secrets["secret"], secrets["passphrase"])
            problem = api_creds_problem(creds, strict=True) or await _authenticate(
                creds, signer, context
            )
            if problem is not None:
                raise ApiError(
                    422,
                    "validation_error",
                    f"{problem.field}: {problem.message}",
                    field=problem.field,
                )
    except ApiError:
        secrets.clear()
        raise
    return secrets


def _signer_of(credentials: AccountCredentials) -> str:
    """The address of the key (or session key) given: what signs when no address is."""
    for name in ("private_key", "session_key"):
        secret = getattr(credentials, name)
        if secret is not None:
            address = key_address(secret.get_secret_value())
            if address is None:
                field = f"credentials.{name}"
                raise ApiError(
                    422,
                    "validation_error",
                    f"{field}: not a valid secp256k1 private key",
                    field=field,
                )
            return address
    raise AssertionError("AccountCredentials holds a key or a session key")


def paper_key(body: AccountCreate) -> dict[str, str]:
    """A new signing key for a paper account linked without credentials: paper orders are
    signed but never sent, and the key's own address holds nothing, so going live needs the
    account's real key (``PUT /accounts/{id}/credentials``, then the doctor's checks)."""
    if body.wallet_address is not None:
        raise ApiError(
            422,
            "validation_error",
            "wallet_address: it is the address of the signing key; without credentials "
            "polycopy makes the key, so leave it out (give the address holding your money as "
            "funder)",
            field="wallet_address",
        )
    if body.signature_type == SignatureType.POLY_1271:
        raise ApiError(
            422,
            "validation_error",
            "credentials: a deposit wallet signs with its session key: give it",
            field="credentials",
        )
    return {"private_key": "0x" + token_hex(32)}


async def _authenticate(
    creds: ApiCreds, signer: str, context: ApiContext
) -> CredentialProblem | None:
    try:
        clob_url = context.settings.venue("clob_url")
    except VenueNotConfiguredError:  # sim without an emulator: nothing to ask
        return None
    async with httpx.AsyncClient(timeout=context.settings.venue_timeout_seconds) as http:
        return await authenticate(http, clob_url, creds, checksum_address(signer))


@router.post(
    "", status_code=status.HTTP_201_CREATED, response_model=AccountOut, responses=PLAN_LIMIT
)
async def create_account(
    body: AccountCreate, idem: Writer, session: DbSession, context: Context
) -> Any:
    """Link a Polymarket account. Credentials are checked, encrypted at once and never
    returned; the signing address is the key's unless given. Without credentials, polycopy
    makes a paper signing key. An account is linked in paper (or sim) mode: live is reached
    only through ``POST /accounts/{id}/mode``, confirmed and checked by the doctor."""

    async def handler() -> AccountOut:
        await BillingService(session, context.settings, actor=idem.principal.actor).require_room(
            idem.principal.user.id, Limit.ACCOUNTS, context.clock()
        )
        if body.mode is AccountMode.LIVE:
            raise ApiError(
                422,
                "validation_error",
                "mode: link the account in paper mode, then switch it to live with "
                "POST /accounts/{id}/mode (confirmed, after the doctor's checks)",
                field="mode",
            )
        if body.funder is None and body.signature_type != 0:
            raise ApiError(
                422,
                "validation_error",
                "funder: required for signature types 1-3 (the proxy, Safe or deposit wallet)",
                field="funder",
            )
        if body.credentials is None:
            secrets = paper_key(body)
            signer = key_address(secrets["private_key"]) or ""
        else:
            signer = body.wallet_address or _signer_of(body.credentials)
            secrets = await _checked_secrets(body.credentials, signer, context)
        funder = body.funder or signer
        try:
            sealed = seal_credentials(context.box, funder, secrets)
        finally:
            secrets.clear()
        account = await link_follower_account(
            session,
            user=idem.principal.user,
            label=body.label,
            mode=body.mode,
            wallet_address=funder,
            signer_address=signer,
            signature_type=body.signature_type,
            encrypted_credentials=sealed,
            actor=idem.principal.actor,
        )
        return account_out(account)

    return await idem.run(body, handler, status_code=201)


@router.put("/{account_id}/credentials", response_model=AccountOut)
async def replace_account_credentials(
    account_id: RowId, body: CredentialsReplace, idem: Writer, context: Context
) -> Any:
    """Replace the account's credentials (a new API key, key or session key), checked as
    at linking and audited (without them). A quarantined account stays halted until you
    resume it; workers use the new credentials from the account's next order on."""

    async def handler() -> AccountOut:
        account = await OwnedRepository(idem.session, idem.principal.user.id).account(account_id)
        if account is None:
            raise not_found("follower account")
        signer = body.wallet_address or account.signer_address
        secrets = await _checked_secrets(body.credentials, signer, context)
        try:
            sealed = seal_credentials(context.box, account.wallet_address, secrets)
        finally:
            secrets.clear()
        await replace_credentials(
            idem.session, account, sealed, signer_address=signer, actor=idem.principal.actor
        )
        return account_out(account)

    return await idem.run(body, handler, status_code=200)


@router.get("", response_model=Page[AccountOut])
async def list_accounts(principal: Reader, session: DbSession, page: PageQuery) -> Page[AccountOut]:
    """Your follower accounts, newest first."""
    rows = await OwnedRepository(session, principal.user.id).accounts(
        before=page.before, limit=page.limit + 1
    )
    return page_of(rows, page, account_out, lambda r: r.id)


@router.get("/{account_id}", response_model=AccountOut)
async def get_account(account_id: RowId, principal: Reader, session: DbSession) -> AccountOut:
    """One of your follower accounts (never its credentials)."""
    account = await OwnedRepository(session, principal.user.id).account(account_id)
    if account is None:
        raise not_found("follower account")
    return account_out(account)


@router.patch("/{account_id}", response_model=AccountOut)
async def update_account(account_id: RowId, body: AccountUpdate, idem: Writer) -> Any:
    """Rename the account or replace its limits (an audit event records the change)."""

    async def handler() -> AccountOut:
        account = await OwnedRepository(idem.session, idem.principal.user.id).account(account_id)
        if account is None:
            raise not_found("follower account")
        changes: dict[str, Any] = {}
        if body.label is not None and body.label != account.label:
            changes["label"] = {"from": account.label, "to": body.label}
            account.label = body.label
        if body.limits is not None:
            limits = body.limits.snapshot()
            if limits != account.limits:
                changes["limits"] = {"from": account.limits, "to": limits}
                account.limits = limits
        if changes:
            await AuditRepository(idem.session).record(
                actor=idem.principal.actor,
                entity_type="follower_account",
                entity_id=account.id,
                action="updated",
                details=changes,
            )
        return account_out(account)

    return await idem.run(body, handler, status_code=200)


async def _set_state(
    account_id: int,
    body: StateChange | None,
    idem: Idempotency,
    session: DbSession,
    state: TradingState,
    default_reason: str | None,
) -> Any:
    async def handler() -> AccountOut:
        account = await OwnedRepository(session, idem.principal.user.id).account(account_id)
        if account is None:
            raise not_found("follower account")
        reason = (body.reason if body else None) or default_reason
        await set_account_state(session, account, state, reason=reason, actor=idem.principal.actor)
        return account_out(account)

    return await idem.run(body, handler, status_code=200)


@router.post("/{account_id}/halt", response_model=AccountOut)
async def halt_account(
    account_id: RowId, idem: Writer, session: DbSession, body: StateChange | None = None
) -> Any:
    """The account's kill switch: copy nothing more until resumed."""
    return await _set_state(
        account_id, body, idem, session, TradingState.HALTED, "halted by the user"
    )


@router.post("/{account_id}/resume", response_model=AccountOut)
async def resume_account(
    account_id: RowId, idem: Writer, session: DbSession, body: StateChange | None = None
) -> Any:
    """Copy again (entries and exits)."""
    return await _set_state(account_id, body, idem, session, TradingState.ACTIVE, None)


@router.get("/{account_id}/position-drifts", response_model=list[PositionDriftOut])
async def list_position_drifts(
    account_id: RowId, principal: Reader, session: DbSession
) -> list[PositionDriftOut]:
    """Shares at the venue that nothing explains, raised by the reconciler (the rules trading
    the token are halted), by token; acknowledge one to accept it as your own."""
    if await OwnedRepository(session, principal.user.id).account(account_id) is None:
        raise not_found("follower account")
    return [
        PositionDriftOut(
            account_id=account_id,
            token_id=row.token_id,
            baseline_micros=row.baseline_micros,
            baseline=micros_str(row.baseline_micros),
            drift_micros=row.alerted_micros,
            drift=micros_str(row.alerted_micros),
            updated_at=row.updated_at,
        )
        for row in await ReconciliationRepository(session).raised_drifts(account_id)
        if row.alerted_micros is not None
    ]


@router.post(
    "/{account_id}/position-drifts/{token_id}/acknowledge", response_model=PositionBaselineOut
)
async def acknowledge_position_drift(account_id: RowId, token_id: TokenId, idem: Writer) -> Any:
    """Accept a raised drift as your own shares: it joins the token's baseline and is not
    raised again (audited). The halted rules stay halted until you resume them. 422 when no
    drift of this token is raised."""

    async def handler() -> PositionBaselineOut:
        session = idem.session
        if await OwnedRepository(session, idem.principal.user.id).account(account_id) is None:
            raise not_found("follower account")
        baseline = await acknowledge_drift(
            session, account_id, token_id, actor=idem.principal.actor
        )
        return PositionBaselineOut(
            account_id=account_id,
            token_id=token_id,
            baseline_micros=baseline,
            baseline=micros_str(baseline),
        )

    return await idem.run(None, handler, status_code=200)
