"""Subscriptions: subscribe, change (prorated), cancel, admin grant/extend, invoices paid
through a payment provider, the periodic sweep, and the plan limits every create checks.

Every change is audited on the user (``entity_type="user"``) so the user sees it in their
own audit trail; plan definitions are audited as ``billing_plan``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.audit.repository import AuditRepository
from polycopy.billing.pricing import prorate_change
from polycopy.billing.repository import BillingRepository
from polycopy.billing.types import (
    HOLDS_PLAN,
    InvoiceStatus,
    Limit,
    PlanIn,
    PlanLimits,
    SubscriptionStatus,
    check_transition,
)
from polycopy.config import Settings
from polycopy.copying.service import set_rule_state
from polycopy.copying.types import TradingState
from polycopy.kit.db import Database
from polycopy.kit.errors import ConflictError, InvalidInputError, NotFoundError, PlanLimitError
from polycopy.models import Invoice, Plan, Subscription
from polycopy.signals.service import sleep_or_stop

log = structlog.get_logger(__name__)

FREE = "free"


class PaymentProvider(Protocol):
    """How an invoice gets paid. ``manual``: an admin marks it paid with a note; an on-chain
    pUSD provider or a card processor would sit behind the same port."""

    name: str

    def instructions(self, invoice: Invoice) -> str: ...


class ManualProvider:
    name = "manual"

    def instructions(self, invoice: Invoice) -> str:
        return (
            f"Pay {invoice.amount_micros / 1_000_000:.6f} pUSD as the operator tells you, "
            f"quoting reference {invoice.reference}; an administrator marks it paid."
        )


def plan_limits(plan: Plan) -> PlanLimits:
    return PlanLimits(
        follower_accounts=plan.max_follower_accounts,
        rules=plan.max_rules,
        leaders=plan.max_leaders,
        api_tokens=plan.max_api_tokens,
        monthly_notional_micros=plan.max_monthly_notional_micros,
        live_mode=plan.live_mode,
    )


def free_limits(settings: Settings) -> PlanLimits:
    return PlanLimits(
        follower_accounts=settings.billing_free_accounts,
        rules=settings.billing_free_rules,
        leaders=settings.billing_free_leaders,
        api_tokens=settings.billing_free_api_tokens,
        monthly_notional_micros=None,  # the free plan copies without a monthly cap
        live_mode=settings.billing_free_live_mode,
    )


@dataclass(slots=True)
class Changed:
    """A subscription after a change, with what the change did beyond it."""

    subscription: Subscription
    invoice: Invoice | None = None
    paused: list[str] = field(default_factory=list)  # what a downgrade paused, in words


class BillingService:
    def __init__(self, session: AsyncSession, settings: Settings, *, actor: str) -> None:
        self.session = session
        self.settings = settings
        self.actor = actor
        self.repo = BillingRepository(session)
        self.audit = AuditRepository(session)

    # --- plans (admin) -------------------------------------------------------------------

    async def create_plan(self, body: PlanIn) -> Plan:
        if body.code == FREE or await self.repo.plan_by_code(body.code) is not None:
            raise ConflictError(f"code: a plan {body.code!r} exists (or is reserved)")
        plan = Plan(**body.model_dump())
        await self.repo.add(plan)
        await self._audit_plan(plan, "billing_plan_created", body)
        return plan

    async def update_plan(self, code: str, body: PlanIn) -> Plan:
        plan = await self._plan(code, field="code")
        if body.code != code:
            raise InvalidInputError("code: a plan's code cannot change")
        for name, value in body.model_dump().items():
            setattr(plan, name, value)
        await self.session.flush()
        await self._audit_plan(plan, "billing_plan_updated", body)
        return plan

    async def _audit_plan(self, plan: Plan, action: str, body: PlanIn) -> None:
        await self.audit.record(
            actor=self.actor,
            entity_type="billing_plan",
            entity_id=plan.id,
            action=action,
            details=body.model_dump(mode="json"),
        )

    async def _plan(self, code: str, *, field: str = "plan_code") -> Plan:
        plan = await self.repo.plan_by_code(code)
        if plan is None or not plan.active:
            raise InvalidInputError(f"{field}: no plan {code!r}")
        return plan

    # --- limits --------------------------------------------------------------------------

    async def limits(self, user_id: int) -> tuple[str, PlanLimits]:
        """The plan whose limits apply now: the subscription's while it holds, else free."""
        sub = await self.repo.subscription(user_id)
        if sub is not None and sub.status in HOLDS_PLAN:
            plan = await self.repo.plan(sub.plan_id)
            assert plan is not None
            return plan.code, plan_limits(plan)
        return FREE, free_limits(self.settings)

    async def require_room(self, user_id: int, limit: Limit, now: dt.datetime) -> None:
        """Refuse one more of ``limit`` when the plan is full (nothing is changed)."""
        code, limits = await self.limits(user_id)
        cap = limits.of(limit)
        if cap is None:
            return
        await self.repo.lock_user(user_id)
        if await self.repo.usage(user_id, limit, now) >= cap:
            raise PlanLimitError(
                f"{limit.value}: your plan ({code}) allows {cap}; upgrade it "
                f"(GET /api/v1/billing/plans) or remove one"
            )

    async def require_rule_room(
        self, user_id: int, leader_id: int | None, now: dt.datetime
    ) -> None:
        """One more rule; and one more leader unless the user already follows this one."""
        await self.require_room(user_id, Limit.RULES, now)
        followed = {r.leader_id for r in await self.repo.rules_newest_first(user_id)}
        if leader_id is None or leader_id not in followed:
            await self.require_room(user_id, Limit.LEADERS, now)

    async def require_live_mode(self, user_id: int) -> None:
        code, limits = await self.limits(user_id)
        if not limits.live_mode:
            raise PlanLimitError(f"mode: your plan ({code}) does not include live mode")

    # --- the user's subscription ---------------------------------------------------------

    async def subscribe(self, user_id: int, code: str, now: dt.datetime) -> Changed:
        plan = await self._plan(code)
        sub = await self.repo.subscription(user_id, lock=True)
        if sub is not None and sub.status in HOLDS_PLAN:
            raise ConflictError("plan_code: you have a subscription; change or cancel it")
        status = SubscriptionStatus.TRIALING if plan.trial_days else SubscriptionStatus.ACTIVE
        days = plan.trial_days or plan.period_days
        if sub is None:
            sub = Subscription(
                user_id=user_id,
                plan_id=plan.id,
                status=status,
                period_start=now,
                period_end=now + dt.timedelta(days=days),
                grace_until=None,
                credit_micros=0,
            )
            await self.repo.add(sub)
        else:
            self._move(sub, status)
            sub.plan_id, sub.period_start = plan.id, now
            sub.period_end, sub.grace_until = now + dt.timedelta(days=days), None
        invoice = None
        if status is SubscriptionStatus.ACTIVE:
            invoice = await self._invoice(sub, plan.price_micros, f"{plan.name}: first period", now)
        await self._audit(sub, "subscribed", plan=plan.code, invoice=invoice)
        return Changed(sub, invoice)

    async def change(self, user_id: int, code: str, now: dt.datetime) -> Changed:
        """Switch plans at once; the rest of the period is prorated (docs/billing.md)."""
        sub = await self._current(user_id)
        if sub.status == SubscriptionStatus.CANCELLED:
            raise ConflictError("status: a cancelled subscription cannot change plans")
        new = await self._plan(code)
        old = await self.repo.plan(sub.plan_id)
        assert old is not None
        if new.id == old.id:
            raise ConflictError(f"plan_code: you are on {code} already")
        invoice = None
        if sub.status != SubscriptionStatus.TRIALING:
            period = int((sub.period_end - sub.period_start).total_seconds())
            remaining = int((sub.period_end - now).total_seconds())
            proration = prorate_change(old.price_micros, new.price_micros, period, remaining)
            sub.credit_micros += proration.credit_micros
            invoice = await self._invoice(
                sub, proration.charge_micros, f"{old.name} to {new.name}: rest of period", now
            )
        sub.plan_id = new.id
        await self.session.flush()
        paused = await self._pause_over_limit(user_id, plan_limits(new))
        await self._audit(
            sub, "plan_changed", plan=new.code, previous=old.code, invoice=invoice, paused=paused
        )
        return Changed(sub, invoice, paused)

    async def cancel(self, user_id: int, now: dt.datetime) -> Changed:
        """Ends at the period's end (the plan holds until then); open invoices are voided."""
        sub = await self._current(user_id)
        self._move(sub, SubscriptionStatus.CANCELLED)
        for invoice in await self.repo.open_invoices(sub.id):
            invoice.status = InvoiceStatus.VOID
        await self._audit(sub, "subscription_cancelled")
        return Changed(sub)

    async def _current(self, user_id: int) -> Subscription:
        sub = await self.repo.subscription(user_id, lock=True)
        if sub is None or sub.status not in HOLDS_PLAN:
            raise NotFoundError("subscription not found")
        return sub

    # --- admin ---------------------------------------------------------------------------

    async def grant(self, user_id: int, code: str, days: int | None, now: dt.datetime) -> Changed:
        """Put a user on a plan for ``days`` (default: one period), nothing to pay."""
        plan = await self._plan(code)
        sub = await self.repo.subscription(user_id, lock=True)
        end = now + dt.timedelta(days=days or plan.period_days)
        if sub is None:
            sub = Subscription(
                user_id=user_id,
                plan_id=plan.id,
                status=SubscriptionStatus.ACTIVE,
                period_start=now,
                period_end=end,
                grace_until=None,
                credit_micros=0,
            )
            await self.repo.add(sub)
        else:
            self._move(sub, SubscriptionStatus.ACTIVE)
            sub.plan_id, sub.period_start, sub.period_end, sub.grace_until = plan.id, now, end, None
            for invoice in await self.repo.open_invoices(sub.id):
                invoice.status = InvoiceStatus.VOID
        paused = await self._pause_over_limit(user_id, plan_limits(plan))
        await self._audit(sub, "plan_granted", plan=plan.code, days=days, paused=paused)
        return Changed(sub, None, paused)

    async def extend(self, user_id: int, days: int, now: dt.datetime) -> Changed:
        """Add days to the period; an expired or past-due subscription becomes active."""
        sub = await self.repo.subscription(user_id, lock=True)
        if sub is None:
            raise NotFoundError("subscription not found")
        if sub.status == SubscriptionStatus.EXPIRED:
            self._move(sub, SubscriptionStatus.ACTIVE)
            sub.period_start, sub.period_end = now, now + dt.timedelta(days=days)
        else:
            if sub.status == SubscriptionStatus.PAST_DUE:
                self._move(sub, SubscriptionStatus.ACTIVE)
            sub.period_end += dt.timedelta(days=days)
        sub.grace_until = None
        await self._audit(sub, "period_extended", days=days)
        return Changed(sub)

    async def mark_paid(
        self, invoice_id: int, note: str, now: dt.datetime, provider: PaymentProvider
    ) -> Invoice:
        """Settle an open invoice; a past-due subscription is active again."""
        invoice = await self.repo.invoice(invoice_id, lock=True)
        if invoice is None:
            raise NotFoundError("invoice not found")
        if invoice.status != InvoiceStatus.OPEN:
            raise ConflictError(f"invoice_id: the invoice is {invoice.status}, not open")
        invoice.status, invoice.paid_at = InvoiceStatus.PAID, now
        invoice.provider, invoice.note = provider.name, note
        sub = await self.repo.subscription(invoice.user_id, lock=True)
        assert sub is not None
        if sub.status == SubscriptionStatus.PAST_DUE and not [
            i for i in await self.repo.open_invoices(sub.id) if i.id != invoice.id
        ]:
            self._move(sub, SubscriptionStatus.ACTIVE)
            sub.grace_until = None
        await self._audit(sub, "invoice_paid", invoice=invoice, note=note)
        return invoice

    # --- the sweep -----------------------------------------------------------------------

    async def sweep(self, now: dt.datetime) -> int:
        """Move subscriptions whose time came: late invoice -> past due (grace starts), grace
        over -> expired, trial over -> active with an invoice, period over -> renewed (or
        expired when cancelled). Late invoices are judged first, so one this sweep issues waits
        for the next. Returns how many changed."""
        changed = 0
        for invoice in await self.repo.invoices(None, open_only=True):
            late = await self.repo.subscription(invoice.user_id)
            if (
                late is not None
                and late.status == SubscriptionStatus.ACTIVE
                and invoice.due_at <= now
            ):
                self._move(late, SubscriptionStatus.PAST_DUE)
                grace = dt.timedelta(days=self.settings.billing_grace_days)
                late.grace_until = invoice.due_at + grace
                await self._audit(late, "past_due", invoice=invoice)
                changed += 1
        for sub in await self.repo.due_subscriptions(now):
            before = sub.status
            await self._advance(sub, now)
            changed += sub.status != before
        await self.session.flush()
        return changed

    async def _advance(self, sub: Subscription, now: dt.datetime) -> None:
        status = SubscriptionStatus(sub.status)
        if status == SubscriptionStatus.PAST_DUE and sub.grace_until and sub.grace_until <= now:
            self._move(sub, SubscriptionStatus.EXPIRED)
            await self._audit(sub, "expired", why="grace period over, invoice unpaid")
        elif status == SubscriptionStatus.CANCELLED and sub.period_end <= now:
            self._move(sub, SubscriptionStatus.EXPIRED)
            await self._audit(sub, "expired", why="cancelled, period over")
        elif status in (SubscriptionStatus.TRIALING, SubscriptionStatus.ACTIVE) and (
            sub.period_end <= now
        ):
            plan = await self.repo.plan(sub.plan_id)
            assert plan is not None
            self._move(sub, SubscriptionStatus.ACTIVE)
            sub.period_start = sub.period_end
            sub.period_end = sub.period_start + dt.timedelta(days=plan.period_days)
            invoice = await self._invoice(sub, plan.price_micros, f"{plan.name}: renewal", now)
            await self._audit(sub, "renewed", plan=plan.code, invoice=invoice)

    # --- helpers -------------------------------------------------------------------------

    def _move(self, sub: Subscription, new: SubscriptionStatus) -> None:
        check_transition(SubscriptionStatus(sub.status), new)
        sub.status = new

    async def _invoice(
        self, sub: Subscription, amount: int, description: str, now: dt.datetime
    ) -> Invoice | None:
        """An invoice for what the credit does not cover; ``None`` when nothing is due."""
        used = min(sub.credit_micros, amount)
        sub.credit_micros -= used
        if amount - used <= 0:
            return None
        invoice = Invoice(
            user_id=sub.user_id,
            subscription_id=sub.id,
            reference="PC-" + secrets.token_hex(6).upper(),
            amount_micros=amount - used,
            status=InvoiceStatus.OPEN,
            description=description,
            due_at=now,
            paid_at=None,
            provider=None,
            note="",
        )
        await self.repo.add(invoice)
        return invoice

    async def _pause_over_limit(self, user_id: int, limits: PlanLimits) -> list[str]:
        """A downgrade deletes nothing: the newest rules over the rules (or leaders) limit
        are halted with reason ``plan_limit``; what was paused is returned in words."""
        rules = list(reversed(await self.repo.rules_newest_first(user_id)))  # oldest first
        kept: list[int] = []
        leaders: set[int] = set()
        paused: list[str] = []
        for rule in rules:
            if rule.status == TradingState.HALTED:
                continue
            new_leader = rule.leader_id not in leaders
            over_rules = limits.rules is not None and len(kept) >= limits.rules
            over_leaders = (
                limits.leaders is not None and new_leader and len(leaders) >= limits.leaders
            )
            if over_rules or over_leaders:
                await set_rule_state(
                    self.session, rule, TradingState.HALTED, reason="plan_limit", actor=self.actor
                )
                what = "rules" if over_rules else "leaders"
                paused.append(f"rule {rule.id} paused: over the plan's {what} limit")
            else:
                kept.append(rule.id)
                leaders.add(rule.leader_id)
        return paused

    async def _audit(
        self,
        sub: Subscription,
        action: str,
        *,
        invoice: Invoice | None = None,
        **details: object,
    ) -> None:
        facts: dict[str, object] = {"status": sub.status, "subscription_id": sub.id, **details}
        if invoice is not None:
            facts["invoice"] = {"id": invoice.id, "amount_micros": invoice.amount_micros}
        await self.audit.record(
            actor=self.actor,
            entity_type="user",
            entity_id=sub.user_id,
            action=action,
            details=facts,
        )


class BillingSweeper:
    """A worker's billing sweep (:meth:`BillingService.sweep`), every ``every``."""

    def __init__(
        self,
        db: Database,
        settings: Settings,
        *,
        now: Callable[[], dt.datetime],
        every: dt.timedelta,
    ) -> None:
        self.db, self.settings, self.now, self.every = db, settings, now, every

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await self.step()
            except Exception:  # the loop must outlive one bad round; the error is logged
                log.exception("billing.sweep_failed")
            await sleep_or_stop(stop, self.every.total_seconds())

    async def step(self) -> int:
        async with self.db.transaction() as session:
            return await BillingService(session, self.settings, actor="billing").sweep(self.now())
