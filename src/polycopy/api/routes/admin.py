"""Admin: users, kill switches, the order queue, dead letters, detection health, audit log.

Every route needs the admin role (and, for an API token, the ``admin`` scope).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Annotated, Any

from fastapi import APIRouter, Query

from polycopy.admin.repository import (
    GLOBAL_KILL_SWITCH,
    AdminRepository,
    SystemSettingRepository,
)
from polycopy.api.deps import Context, DbSession, Idempotency, Principal, auth, mutation
from polycopy.api.errors import not_found
from polycopy.api.pagination import MAX_ROW_ID, Page, PageQuery, RowId, page_of
from polycopy.api.routes.accounts import account_out
from polycopy.api.routes.activity import order_out
from polycopy.api.schemas import (
    AdminAccountOut,
    AdminUserOut,
    AuditEventOut,
    BreakerOut,
    KillSwitchOut,
    KillSwitchSet,
    OrderOut,
    QueueOut,
    RuntimeOut,
    SourceHealthOut,
    StateChange,
    UserOut,
    WorkerRuntimeOut,
)
from polycopy.audit.repository import AuditReader
from polycopy.copying.service import set_account_state, set_global_kill_switch
from polycopy.copying.types import TradingState
from polycopy.models import FollowerAccount, OrderEvent
from polycopy.orders.service import retry_dead_letter
from polycopy.orders.types import OrderStatus

router = APIRouter(prefix="/admin", tags=["admin"])

Admin = Annotated[Principal, auth(admin=True)]
AdminWriter = Annotated[Idempotency, mutation(admin=True)]
LATENCY_SAMPLE = 500


@router.get("/users", response_model=Page[AdminUserOut])
async def list_users(principal: Admin, session: DbSession, page: PageQuery) -> Page[AdminUserOut]:
    """Every user, newest first, with how many follower accounts each has."""
    rows = await AdminRepository(session).users(before=page.before, limit=page.limit + 1)
    return page_of(
        rows,
        page,
        lambda r: AdminUserOut(**UserOut.model_validate(r[0]).model_dump(), accounts=r[1]),
        lambda r: r[0].id,
    )


def _admin_account(account: FollowerAccount) -> AdminAccountOut:
    return AdminAccountOut(**account_out(account).model_dump(), user_id=account.user_id)


@router.get("/accounts", response_model=Page[AdminAccountOut])
async def list_all_accounts(
    principal: Admin,
    session: DbSession,
    page: PageQuery,
    user_id: Annotated[
        int | None, Query(ge=1, le=MAX_ROW_ID, description="Only this user's accounts")
    ] = None,
) -> Page[AdminAccountOut]:
    """Every follower account (never its credentials), newest first."""
    rows = await AdminRepository(session).accounts(
        before=page.before, limit=page.limit + 1, user_id=user_id
    )
    return page_of(rows, page, _admin_account, lambda r: r.id)


async def _set_account_state(
    account_id: int, body: StateChange | None, idem: Idempotency, state: TradingState
) -> Any:
    async def handler() -> AdminAccountOut:
        account = await AdminRepository(idem.session).account(account_id)
        if account is None:
            raise not_found("follower account")
        reason = (body.reason if body else None) or (
            "halted by an administrator" if state is TradingState.HALTED else None
        )
        await set_account_state(
            idem.session, account, state, reason=reason, actor=idem.principal.actor
        )
        return _admin_account(account)

    return await idem.run(body, handler, status_code=200)


@router.post("/accounts/{account_id}/halt", response_model=AdminAccountOut)
async def halt_any_account(
    account_id: RowId, idem: AdminWriter, body: StateChange | None = None
) -> Any:
    """Any account's kill switch; the owner sees it in their audit log."""
    return await _set_account_state(account_id, body, idem, TradingState.HALTED)


@router.post("/accounts/{account_id}/resume", response_model=AdminAccountOut)
async def resume_any_account(
    account_id: RowId, idem: AdminWriter, body: StateChange | None = None
) -> Any:
    """Let any account copy again."""
    return await _set_account_state(account_id, body, idem, TradingState.ACTIVE)


@router.get("/kill-switch", response_model=KillSwitchOut)
async def get_kill_switch(principal: Admin, session: DbSession) -> KillSwitchOut:
    """Is the global kill switch on?"""
    value = await SystemSettingRepository(session).get(GLOBAL_KILL_SWITCH)
    return KillSwitchOut(on=bool(value.get("on", False)))


@router.put("/kill-switch", response_model=KillSwitchOut)
async def set_kill_switch(body: KillSwitchSet, idem: AdminWriter) -> Any:
    """The global kill switch: while on, nothing is copied for anyone."""

    async def handler() -> KillSwitchOut:
        await set_global_kill_switch(idem.session, body.on, actor=idem.principal.actor)
        return KillSwitchOut(on=body.on)

    return await idem.run(body, handler, status_code=200)


@router.get("/queue", response_model=QueueOut)
async def get_queue(principal: Admin, session: DbSession, context: Context) -> QueueOut:
    """The order queue: orders per status, how many are due, held, dead-lettered."""
    depth = await AdminRepository(session).queue_depth(context.venue_clock())
    return QueueOut(
        by_status=depth.by_status,
        due_now=depth.due_now,
        leased=depth.leased,
        oldest_due_at=depth.oldest_due_at,
        dead_lettered=depth.by_status.get(OrderStatus.DEAD_LETTERED.value, 0),
    )


@router.get("/dead-letters", response_model=Page[OrderOut])
async def list_dead_letters(
    principal: Admin, session: DbSession, page: PageQuery
) -> Page[OrderOut]:
    """Orders that ran out of attempts, newest first, with their history and last error."""
    repo = AdminRepository(session)
    rows = await repo.dead_letters(before=page.before, limit=page.limit + 1)
    history: defaultdict[int, list[OrderEvent]] = defaultdict(list)
    for event in await repo.order_events([o.id for o in rows[: page.limit]]):
        history[event.order_id].append(event)
    return page_of(rows, page, lambda o: order_out(o, history[o.id]), lambda o: o.id)


@router.post("/dead-letters/{order_id}/retry", response_model=OrderOut)
async def retry_dead_lettered_order(order_id: RowId, idem: AdminWriter) -> Any:
    """Send a dead-lettered order again: the same signed bytes, fresh attempts."""

    async def handler() -> OrderOut:
        repo = AdminRepository(idem.session)
        order = await repo.order(order_id)
        if order is None:
            raise not_found("order")
        await retry_dead_letter(idem.session, order, actor=idem.principal.actor)
        return order_out(order, list(await repo.order_events([order.id])))

    return await idem.run(None, handler, status_code=200)


def _percentile(sorted_values: list[int], fraction: float) -> int | None:
    if not sorted_values:
        return None
    index = min(len(sorted_values) - 1, int(fraction * len(sorted_values)))
    return sorted_values[index]


@router.get("/sources", response_model=list[SourceHealthOut])
async def get_detection_sources(principal: Admin, session: DbSession) -> list[SourceHealthOut]:
    """Detection health per source: reports, first reports, latency, read positions."""
    out = []
    for health in await AdminRepository(session).source_health(sample=LATENCY_SAMPLE):
        latencies = sorted(health.latencies_ms)
        out.append(
            SourceHealthOut(
                source=health.source,
                sightings=health.sightings,
                first_reports=health.first_reports,
                last_seen_at=health.last_seen_at,
                latency_sample=len(latencies),
                latency_p50_ms=_percentile(latencies, 0.5),
                latency_p95_ms=_percentile(latencies, 0.95),
                cursors=health.cursors,
                oldest_cursor_at=health.oldest_cursor_at,
            )
        )
    return out


def _when(value: Any) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if isinstance(value, str) else None


@router.get("/runtime", response_model=RuntimeOut)
async def get_runtime(principal: Admin, session: DbSession, context: Context) -> RuntimeOut:
    """Circuit breakers and venue rate limits as each worker last reported them."""
    workers = []
    for name, state in sorted((await AdminRepository(session).runtime_states()).items()):
        workers.append(
            WorkerRuntimeOut(
                worker=name,
                reported_at=_when(state.get("reported_at")),
                breakers=[
                    BreakerOut(
                        name=str(b.get("name", "")),
                        state=str(b.get("state", "")),
                        failures=int(b.get("failures", 0)),
                        openings=int(b.get("openings", 0)),
                        opened_until=_when(b.get("opened_until")),
                    )
                    for b in state.get("breakers", [])
                ],
                rate_limits=dict(state.get("rate_limits", {})),
            )
        )
    return RuntimeOut(workers=workers, api_rate_limits=context.limits_snapshot())


@router.get("/audit", response_model=Page[AuditEventOut])
async def list_all_audit_events(
    principal: Admin,
    session: DbSession,
    page: PageQuery,
    actor: Annotated[str | None, Query(max_length=200)] = None,
    entity_type: Annotated[str | None, Query(max_length=50)] = None,
    entity_id: Annotated[str | None, Query(max_length=100)] = None,
) -> Page[AuditEventOut]:
    """The whole audit log, newest first."""
    rows = await AuditReader(session).events(
        before=page.before,
        limit=page.limit + 1,
        actor=actor,
        entity_type=entity_type,
        entity_id=entity_id,
    )
    return page_of(rows, page, AuditEventOut.model_validate, lambda r: r.id)
