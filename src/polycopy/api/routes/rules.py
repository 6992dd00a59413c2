"""Copy rules: what one follower account copies from one leader, and within which limits."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, status

from polycopy.api.deps import Context, DbSession, Idempotency, Principal, auth, mutation
from polycopy.api.errors import PLAN_LIMIT, ApiError, not_found
from polycopy.api.pagination import Page, PageQuery, RowId, RowIdFilter, page_of
from polycopy.api.repository import OwnedRepository
from polycopy.api.schemas import RuleCreate, RuleOut, RuleUpdate, StateChange
from polycopy.audit.repository import AuditRepository
from polycopy.auth.types import Scope
from polycopy.billing.service import BillingService
from polycopy.copying.service import create_rule, set_rule_state, update_rule
from polycopy.copying.types import TradingState
from polycopy.leaders.repository import LeaderRepository
from polycopy.leaders.service import follow_wallet
from polycopy.models import CopyRule, FollowerAccount, Leader

router = APIRouter(prefix="/rules", tags=["rules"])

Reader = Annotated[Principal, auth(Scope.RULES_READ)]
Writer = Annotated[Idempotency, mutation(Scope.RULES_WRITE)]

DELETED = "deleted by the user"


def rule_out(rule: CopyRule, leader: Leader) -> RuleOut:
    return RuleOut(
        id=rule.id,
        account_id=rule.follower_account_id,
        leader_id=leader.id,
        leader_wallet=leader.wallet,
        version=rule.version,
        status=rule.status,
        status_reason=rule.status_reason,
        settings=rule.settings,
        created_at=rule.created_at,
        updated_at=rule.updated_at,
    )


async def rule_target(
    owned: OwnedRepository, account_id: int, leader_wallet: str
) -> tuple[FollowerAccount, str]:
    """The caller's account and the leader's wallet (``WalletAddress``, already lower case) a
    rule names, or the 404 for an account that is not the caller's."""
    account = await owned.account(account_id)
    if account is None:
        raise ApiError(
            404, "not_found", "account_id: follower account not found", field="account_id"
        )
    return account, leader_wallet


@router.post("", status_code=status.HTTP_201_CREATED, response_model=RuleOut, responses=PLAN_LIMIT)
async def create_copy_rule(
    body: RuleCreate, idem: Writer, session: DbSession, context: Context
) -> Any:
    """Copy a leader into one of your accounts, from now on, under these settings."""

    async def handler() -> RuleOut:
        owned = OwnedRepository(session, idem.principal.user.id)
        account, wallet = await rule_target(owned, body.account_id, body.leader_wallet)
        actor = idem.principal.actor
        leader = await LeaderRepository(session).get_by_wallet(wallet)
        existing = await owned.rule_for(account.id, leader.id) if leader else None
        if existing is not None and existing.deleted_at is None:
            raise ApiError(
                409,
                "rule_exists",
                "leader_wallet: this account already copies this leader; update that rule",
                field="leader_wallet",
            )
        await BillingService(session, context.settings, actor=actor).require_rule_room(
            idem.principal.user.id, leader.id if leader else None, context.clock()
        )
        if existing is not None:  # a deleted rule comes back as a new version
            assert leader is not None
            existing.deleted_at = None
            await update_rule(session, existing, body.settings, actor=actor)
            await set_rule_state(session, existing, TradingState.ACTIVE, reason=None, actor=actor)
            rule = existing
        else:
            rule = await create_rule(
                session, account, wallet, body.settings, actor=actor, now=context.venue_clock()
            )
            leader = await follow_wallet(session, wallet, actor=actor)
        await owned.watch(leader.id)
        return rule_out(rule, leader)

    return await idem.run(body, handler, status_code=201)


@router.get("", response_model=Page[RuleOut])
async def list_rules(
    principal: Reader,
    session: DbSession,
    page: PageQuery,
    account_id: RowIdFilter = None,
) -> Page[RuleOut]:
    """Your copy rules (deleted ones hidden), newest first."""
    rows = await OwnedRepository(session, principal.user.id).rules(
        before=page.before, limit=page.limit + 1, account_id=account_id
    )
    return page_of(rows, page, lambda r: rule_out(*r), lambda r: r[0].id)


@router.get("/{rule_id}", response_model=RuleOut)
async def get_rule(rule_id: RowId, principal: Reader, session: DbSession) -> RuleOut:
    """One copy rule with its current settings and version."""
    found = await OwnedRepository(session, principal.user.id).rule(rule_id)
    if found is None:
        raise not_found("copy rule")
    return rule_out(*found)


@router.patch("/{rule_id}", response_model=RuleOut)
async def update_copy_rule(
    rule_id: RowId, body: RuleUpdate, idem: Writer, session: DbSession
) -> Any:
    """New settings make a new version; earlier decisions keep naming the version they used."""

    async def handler() -> RuleOut:
        found = await OwnedRepository(session, idem.principal.user.id).rule(rule_id)
        if found is None:
            raise not_found("copy rule")
        rule, leader = found
        await update_rule(session, rule, body.settings, actor=idem.principal.actor)
        return rule_out(rule, leader)

    return await idem.run(body, handler, status_code=200)


async def _set_state(
    rule_id: int,
    body: StateChange | None,
    idem: Idempotency,
    session: DbSession,
    state: TradingState,
    default_reason: str | None,
) -> Any:
    async def handler() -> RuleOut:
        found = await OwnedRepository(session, idem.principal.user.id).rule(rule_id)
        if found is None:
            raise not_found("copy rule")
        rule, leader = found
        reason = (body.reason if body else None) or default_reason
        await set_rule_state(session, rule, state, reason=reason, actor=idem.principal.actor)
        return rule_out(rule, leader)

    return await idem.run(body, handler, status_code=200)


@router.post("/{rule_id}/pause", response_model=RuleOut)
async def pause_rule(
    rule_id: RowId, idem: Writer, session: DbSession, body: StateChange | None = None
) -> Any:
    """Stop copying this leader (entries and exits) until resumed."""
    return await _set_state(rule_id, body, idem, session, TradingState.HALTED, "paused by the user")


@router.post("/{rule_id}/resume", response_model=RuleOut)
async def resume_rule(
    rule_id: RowId, idem: Writer, session: DbSession, body: StateChange | None = None
) -> Any:
    """Copy this leader again."""
    return await _set_state(rule_id, body, idem, session, TradingState.ACTIVE, None)


@router.delete("/{rule_id}", status_code=status.HTTP_204_NO_CONTENT, response_model=None)
async def delete_rule(rule_id: RowId, idem: Writer, session: DbSession, context: Context) -> Any:
    """Stop copying and hide the rule; its decisions and orders stay in your history."""

    async def handler() -> None:
        found = await OwnedRepository(session, idem.principal.user.id).rule(rule_id)
        if found is None:
            raise not_found("copy rule")
        rule, _ = found
        await set_rule_state(
            session, rule, TradingState.HALTED, reason=DELETED, actor=idem.principal.actor
        )
        rule.deleted_at = context.clock()
        await AuditRepository(session).record(
            actor=idem.principal.actor, entity_type="copy_rule", entity_id=rule.id, action="deleted"
        )

    return await idem.run(None, handler, status_code=204)
