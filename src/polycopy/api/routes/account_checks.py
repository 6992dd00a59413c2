"""Can this account trade (the doctor), and the confirmed switch between paper and live."""

from __future__ import annotations

from typing import Annotated, Any

import httpx
from fastapi import APIRouter

from polycopy.accounts.doctor import (
    DoctorReport,
    Endpoints,
    Status,
    UnusableCredentialsError,
    account_setup,
    diagnose,
)
from polycopy.accounts.service import switch_account_mode
from polycopy.accounts.types import AccountMode
from polycopy.api.deps import ApiContext, Context, DbSession, Idempotency, Principal, auth, mutation
from polycopy.api.errors import PLAN_LIMIT, ApiError, not_found
from polycopy.api.pagination import RowId
from polycopy.api.repository import OwnedRepository
from polycopy.api.routes.accounts import account_out
from polycopy.api.schemas import AccountOut, DoctorCheckOut, DoctorOut, ModeChange
from polycopy.auth.types import Scope
from polycopy.billing.service import BillingService
from polycopy.models import FollowerAccount

router = APIRouter(prefix="/accounts", tags=["accounts"])

Reader = Annotated[Principal, auth(Scope.ACCOUNTS_READ)]
Writer = Annotated[Idempotency, mutation(Scope.ACCOUNTS_WRITE)]


async def _diagnose(account: FollowerAccount, context: ApiContext) -> DoctorReport:
    if account.encrypted_credentials is None:
        raise ApiError(
            409,
            "credentials_missing",
            "this account has no stored credentials: link it again with its signing key",
        )
    try:
        setup = account_setup(account, context.box)
    except UnusableCredentialsError:
        raise ApiError(
            409,
            "credentials_unusable",
            "the stored credentials cannot be used (they do not decrypt with this server's "
            "keys, or name no valid signer): replace them with PUT "
            f"/accounts/{account.id}/credentials",
        ) from None
    settings = context.settings
    async with httpx.AsyncClient(timeout=settings.venue_timeout_seconds) as http:
        return await diagnose(setup, http=http, endpoints=Endpoints.of(settings))


@router.get("/{account_id}/doctor", response_model=DoctorOut)
async def run_doctor(
    account_id: RowId, principal: Reader, session: DbSession, context: Context
) -> DoctorOut:
    """The checks of ``polycopy doctor``: wallet setup, clock, region, API key, restrictions,
    balance and approvals, each in plain words. A ``fail`` blocks trading; nothing changes."""
    account = await OwnedRepository(session, principal.user.id).account(account_id)
    if account is None:
        raise not_found("follower account")
    report = await _diagnose(account, context)
    return DoctorOut(
        account_id=account.id,
        can_trade=report.can_trade,
        checks=[
            DoctorCheckOut(name=c.name, status=c.status.value, summary=c.summary)
            for c in report.checks
        ],
    )


@router.post("/{account_id}/mode", response_model=AccountOut, responses=PLAN_LIMIT)
async def switch_mode(account_id: RowId, body: ModeChange, idem: Writer, context: Context) -> Any:
    """Switch between paper and live, confirmed (``confirm: true``) and audited. Going live
    runs the doctor first and is refused (409) while a check fails or credentials are missing."""

    async def handler() -> AccountOut:
        if not body.confirm:
            raise ApiError(
                422,
                "confirmation_required",
                "confirm: set it to true to confirm the switch",
                field="confirm",
            )
        if body.mode not in (AccountMode.PAPER, AccountMode.LIVE):
            raise ApiError(422, "validation_error", "mode: choose paper or live", field="mode")
        owned = OwnedRepository(idem.session, idem.principal.user.id)
        account = await owned.account(account_id)
        if account is None:
            raise not_found("follower account")
        if body.mode is AccountMode.LIVE and account.mode is not AccountMode.LIVE:
            await BillingService(
                idem.session, context.settings, actor=idem.principal.actor
            ).require_live_mode(idem.principal.user.id)
            report = await _diagnose(account, context)
            blockers = [c for c in report.checks if c.status is Status.FAIL]
            if blockers:
                found = "; ".join(f"{c.name}: {c.summary}" for c in blockers)
                raise ApiError(409, "doctor_blocker", f"cannot trade live yet. {found}")
        await switch_account_mode(idem.session, account, body.mode, actor=idem.principal.actor)
        return account_out(account)

    return await idem.run(body, handler, status_code=200)
