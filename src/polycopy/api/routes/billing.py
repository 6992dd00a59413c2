"""Billing: the plans on offer, your subscription and invoices; admins define plans, grant
and extend subscriptions and mark invoices paid (docs/billing.md)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, status

from polycopy.api.deps import Context, DbSession, Idempotency, Principal, auth, mutation
from polycopy.api.errors import not_found
from polycopy.api.pagination import RowId
from polycopy.api.schemas import (
    InvoiceOut,
    InvoicePayment,
    PeriodExtension,
    PlanChoice,
    PlanGrant,
    PlanOut,
    SubscriptionChangeOut,
    SubscriptionOut,
)
from polycopy.auth.types import Scope
from polycopy.billing.repository import BillingRepository
from polycopy.billing.service import BillingService, Changed, ManualProvider
from polycopy.billing.types import PlanIn
from polycopy.models import Invoice, Subscription

router = APIRouter(prefix="/billing", tags=["billing"])

Reader = Annotated[Principal, auth(Scope.ACCOUNTS_READ)]
Writer = Annotated[Idempotency, mutation(Scope.ACCOUNTS_WRITE)]
Admin = Annotated[Principal, auth(admin=True)]
AdminWriter = Annotated[Idempotency, mutation(admin=True)]
PAYMENTS = ManualProvider()


def invoice_out(invoice: Invoice) -> InvoiceOut:
    out = InvoiceOut.model_validate(invoice)
    if invoice.status == "open":
        out.instructions = PAYMENTS.instructions(invoice)
    return out


async def subscription_out(repo: BillingRepository, sub: Subscription) -> SubscriptionOut:
    plan = await repo.plan(sub.plan_id)
    assert plan is not None
    return SubscriptionOut(
        plan_code=plan.code,
        status=sub.status,
        period_start=sub.period_start,
        period_end=sub.period_end,
        grace_until=sub.grace_until,
        credit_micros=sub.credit_micros,
    )


async def change_out(service: BillingService, changed: Changed) -> SubscriptionChangeOut:
    return SubscriptionChangeOut(
        subscription=await subscription_out(service.repo, changed.subscription),
        invoice=invoice_out(changed.invoice) if changed.invoice else None,
        paused=changed.paused,
    )


@router.get("/plans", response_model=list[PlanOut])
async def list_plans(principal: Reader, session: DbSession) -> list[PlanOut]:
    """The plans on offer, cheapest first (the free plan, from settings, is not a row)."""
    plans = await BillingRepository(session).plans(active_only=True)
    return [PlanOut.model_validate(p) for p in plans]


@router.get("/subscription", response_model=SubscriptionOut)
async def get_subscription(principal: Reader, session: DbSession) -> SubscriptionOut:
    """Your subscription; 404 when you have none (the free plan's limits apply)."""
    repo = BillingRepository(session)
    sub = await repo.subscription(principal.user.id)
    if sub is None:
        raise not_found("subscription")
    return await subscription_out(repo, sub)


@router.get("/invoices", response_model=list[InvoiceOut])
async def list_invoices(principal: Reader, session: DbSession) -> list[InvoiceOut]:
    """Your invoices, newest first, with how to pay the open ones."""
    return [invoice_out(i) for i in await BillingRepository(session).invoices(principal.user.id)]


async def _user_change(
    idem: Idempotency, context: Context, body: PlanChoice | None, fn: str
) -> Any:
    async def handler() -> SubscriptionChangeOut:
        service = BillingService(idem.session, context.settings, actor=idem.principal.actor)
        args = (body.plan_code,) if body else ()
        changed = await getattr(service, fn)(idem.principal.user.id, *args, context.clock())
        return await change_out(service, changed)

    return await idem.run(body, handler, status_code=200)


@router.post("/subscribe", response_model=SubscriptionChangeOut)
async def subscribe(body: PlanChoice, idem: Writer, context: Context) -> Any:
    """Subscribe to a plan: a trial, or a first invoice to pay (the plan applies at once)."""
    return await _user_change(idem, context, body, "subscribe")


@router.post("/change", response_model=SubscriptionChangeOut)
async def change_plan(body: PlanChoice, idem: Writer, context: Context) -> Any:
    """Switch plans now; the rest of the period is prorated (charged, or credited)."""
    return await _user_change(idem, context, body, "change")


@router.post("/cancel", response_model=SubscriptionChangeOut)
async def cancel(idem: Writer, context: Context) -> Any:
    """Cancel at the period's end (the plan holds until then); open invoices are voided."""
    return await _user_change(idem, context, None, "cancel")


# --- admin -------------------------------------------------------------------------------


@router.get("/admin/plans", response_model=list[PlanOut])
async def admin_list_plans(principal: Admin, session: DbSession) -> list[PlanOut]:
    """Every plan, withdrawn ones too."""
    plans = await BillingRepository(session).plans(active_only=False)
    return [PlanOut.model_validate(p) for p in plans]


@router.post("/admin/plans", status_code=status.HTTP_201_CREATED, response_model=PlanOut)
async def create_plan(body: PlanIn, idem: AdminWriter, context: Context) -> Any:
    """Define a plan (its code is for ever; ``active: false`` withdraws it from sale)."""

    async def handler() -> PlanOut:
        service = BillingService(idem.session, context.settings, actor=idem.principal.actor)
        return PlanOut.model_validate(await service.create_plan(body))

    return await idem.run(body, handler, status_code=201)


@router.put("/admin/plans/{code}", response_model=PlanOut)
async def update_plan(code: str, body: PlanIn, idem: AdminWriter, context: Context) -> Any:
    """Replace a plan's price and limits (subscribers get them at once)."""

    async def handler() -> PlanOut:
        service = BillingService(idem.session, context.settings, actor=idem.principal.actor)
        return PlanOut.model_validate(await service.update_plan(code, body))

    return await idem.run(body, handler, status_code=200)


@router.post("/admin/users/{user_id}/grant", response_model=SubscriptionChangeOut)
async def grant(user_id: RowId, body: PlanGrant, idem: AdminWriter, context: Context) -> Any:
    """Put a user on a plan, nothing to pay, for ``days`` (default: one period)."""

    async def handler() -> SubscriptionChangeOut:
        service = BillingService(idem.session, context.settings, actor=idem.principal.actor)
        changed = await service.grant(user_id, body.plan_code, body.days, context.clock())
        return await change_out(service, changed)

    return await idem.run(body, handler, status_code=200)


@router.post("/admin/users/{user_id}/extend", response_model=SubscriptionChangeOut)
async def extend(user_id: RowId, body: PeriodExtension, idem: AdminWriter, context: Context) -> Any:
    """Add days to a user's period (an expired or past-due one becomes active)."""

    async def handler() -> SubscriptionChangeOut:
        service = BillingService(idem.session, context.settings, actor=idem.principal.actor)
        return await change_out(service, await service.extend(user_id, body.days, context.clock()))

    return await idem.run(body, handler, status_code=200)


@router.get("/admin/invoices", response_model=list[InvoiceOut])
async def admin_list_invoices(
    principal: Admin, session: DbSession, open_only: Annotated[bool, Query()] = True
) -> list[InvoiceOut]:
    """Everyone's invoices, newest first (by default the unpaid ones)."""
    invoices = await BillingRepository(session).invoices(None, open_only=open_only)
    return [invoice_out(i) for i in invoices]


@router.post("/admin/invoices/{invoice_id}/paid", response_model=InvoiceOut)
async def mark_paid(
    invoice_id: RowId, body: InvoicePayment, idem: AdminWriter, context: Context
) -> Any:
    """Mark an invoice paid offline, with a note (the manual payment provider)."""

    async def handler() -> InvoiceOut:
        service = BillingService(idem.session, context.settings, actor=idem.principal.actor)
        invoice = await service.mark_paid(invoice_id, body.note, context.clock(), PAYMENTS)
        return invoice_out(invoice)

    return await idem.run(body, handler, status_code=200)
