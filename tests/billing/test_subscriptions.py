"""Every subscription state change on both backends, through the service on a real database:
subscribe (trial or paid), past due with grace, paid again, expired, cancelled, renewed,
granted and extended by an admin, changed with proration; each one audited."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from polycopy.billing.service import BillingService, BillingSweeper, ManualProvider
from polycopy.billing.types import PlanIn, SubscriptionStatus
from polycopy.config import Settings
from polycopy.kit.db import Database
from polycopy.kit.errors import (
    ConflictError,
    IllegalTransitionError,
    InvalidInputError,
    NotFoundError,
)
from polycopy.models import AuditEvent, User

S = SubscriptionStatus
T0 = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)
SETTINGS = Settings(secret_key="billing-tests", mode="sim", billing_grace_days=3)


async def _setup(db: Database, **plan: object) -> int:
    async with db.transaction() as session:
        user = User(email="payer@example.com", password_hash=None)
        session.add(user)
        await session.flush()
        service = BillingService(session, SETTINGS, actor="admin:test")
        await service.create_plan(PlanIn(code="pro", name="Pro", price_micros=30_000_000))
        await service.create_plan(PlanIn(code="max", name="Max", price_micros=60_000_000))
        await service.create_plan(
            PlanIn(code="trial", name="Trial", price_micros=10_000_000, trial_days=14)
        )
        return user.id


async def _run(db: Database, fn: str, *args: object) -> object:
    async with db.transaction() as session:
        return await getattr(BillingService(session, SETTINGS, actor="user:test"), fn)(*args)


async def _status(db: Database, user_id: int) -> str:
    async with db.transaction() as session:
        sub = await BillingService(session, SETTINGS, actor="t").repo.subscription(user_id)
        assert sub is not None
        return sub.status


async def test_paid_plan_goes_past_due_then_active_when_paid(db: Database) -> None:
    user_id = await _setup(db)
    changed = await _run(db, "subscribe", user_id, "pro", T0)
    invoice = changed.invoice  # type: ignore[attr-defined]
    assert invoice.amount_micros == 30_000_000
    assert invoice.reference.startswith("PC-")
    assert await _status(db, user_id) == S.ACTIVE
    assert await _run(db, "sweep", T0 + DAY) == 1
    assert await _status(db, user_id) == S.PAST_DUE
    async with db.transaction() as session:
        service = BillingService(session, SETTINGS, actor="admin:test")
        paid = await service.mark_paid(invoice.id, "bank transfer 42", T0 + DAY, ManualProvider())
        assert (paid.status, paid.provider, paid.note) == ("paid", "manual", "bank transfer 42")
    assert await _status(db, user_id) == S.ACTIVE
    async with db.transaction() as session:
        with pytest.raises(ConflictError):  # paid once only
            await BillingService(session, SETTINGS, actor="a").mark_paid(
                invoice.id, "again", T0 + DAY, ManualProvider()
            )


async def test_an_unpaid_invoice_expires_after_the_grace_period(db: Database) -> None:
    user_id = await _setup(db)
    await _run(db, "subscribe", user_id, "pro", T0)
    await _run(db, "sweep", T0)
    assert await _status(db, user_id) == S.PAST_DUE
    await _run(db, "sweep", T0 + 2 * DAY)
    assert await _status(db, user_id) == S.PAST_DUE  # grace holds
    await _run(db, "sweep", T0 + 3 * DAY)
    assert await _status(db, user_id) == S.EXPIRED
    async with db.transaction() as session:
        code, _ = await BillingService(session, SETTINGS, actor="t").limits(user_id)
    assert code == "free"


async def test_a_trial_becomes_active_with_an_invoice_at_its_end(db: Database) -> None:
    user_id = await _setup(db)
    changed = await _run(db, "subscribe", user_id, "trial", T0)
    assert changed.invoice is None  # type: ignore[attr-defined]
    assert await _status(db, user_id) == S.TRIALING
    await _run(db, "sweep", T0 + 14 * DAY)
    assert await _status(db, user_id) == S.ACTIVE
    async with db.transaction() as session:
        invoices = await BillingService(session, SETTINGS, actor="t").repo.invoices(user_id)
    assert [i.amount_micros for i in invoices] == [10_000_000]


async def test_cancelled_holds_the_plan_until_the_period_ends(db: Database) -> None:
    user_id = await _setup(db)
    await _run(db, "grant", user_id, "pro", 30, T0)
    await _run(db, "cancel", user_id, T0 + DAY)
    assert await _status(db, user_id) == S.CANCELLED
    with pytest.raises(IllegalTransitionError):  # the table has no cancelled -> cancelled
        await _run(db, "cancel", user_id, T0 + DAY)
    async with db.transaction() as session:
        code, _ = await BillingService(session, SETTINGS, actor="t").limits(user_id)
    assert code == "pro"
    await _run(db, "sweep", T0 + 30 * DAY)
    assert await _status(db, user_id) == S.EXPIRED
    with pytest.raises(NotFoundError):  # nothing left to cancel
        await _run(db, "cancel", user_id, T0 + 30 * DAY)
    await _run(db, "extend", user_id, 10, T0 + 31 * DAY)  # admin brings it back
    assert await _status(db, user_id) == S.ACTIVE


async def test_an_active_period_renews_with_a_new_invoice(db: Database) -> None:
    user_id = await _setup(db)
    await _run(db, "grant", user_id, "pro", 30, T0)
    await _run(db, "sweep", T0 + 30 * DAY)
    async with db.transaction() as session:
        service = BillingService(session, SETTINGS, actor="t")
        sub = await service.repo.subscription(user_id)
        invoices = await service.repo.invoices(user_id)
    assert sub is not None
    assert sub.period_end == T0 + 60 * DAY
    assert [(i.amount_micros, i.status) for i in invoices] == [(30_000_000, "open")]


async def test_a_change_is_prorated_and_a_downgrade_credits(db: Database) -> None:
    user_id = await _setup(db)
    await _run(db, "grant", user_id, "pro", 30, T0)
    up = await _run(db, "change", user_id, "max", T0 + 15 * DAY)
    assert up.invoice.amount_micros == 15_000_000  # type: ignore[attr-defined]
    down = await _run(db, "change", user_id, "pro", T0 + 15 * DAY)
    assert down.invoice is None  # type: ignore[attr-defined]
    assert down.subscription.credit_micros == 15_000_000  # type: ignore[attr-defined]
    # The credit pays the next renewal first.
    await _run(db, "sweep", T0 + 30 * DAY)
    async with db.transaction() as session:
        invoices = await BillingService(session, SETTINGS, actor="t").repo.invoices(user_id)
    assert invoices[0].amount_micros == 15_000_000


async def test_bad_input_changes_nothing(db: Database) -> None:
    user_id = await _setup(db)
    with pytest.raises(InvalidInputError, match=r"^plan_code: "):
        await _run(db, "subscribe", user_id, "nope", T0)
    await _run(db, "subscribe", user_id, "pro", T0)
    with pytest.raises(ConflictError):
        await _run(db, "subscribe", user_id, "max", T0)


async def test_every_change_is_audited_on_the_user(db: Database) -> None:
    user_id = await _setup(db)
    await _run(db, "subscribe", user_id, "pro", T0)
    await _run(db, "sweep", T0)
    await _run(db, "extend", user_id, 5, T0)
    await _run(db, "cancel", user_id, T0)
    async with db.transaction() as session:
        actions = (
            await session.scalars(
                select(AuditEvent.action)
                .where(AuditEvent.entity_type == "user", AuditEvent.entity_id == str(user_id))
                .order_by(AuditEvent.id)
            )
        ).all()
    assert actions == ["subscribed", "past_due", "period_extended", "subscription_cancelled"]


async def test_the_workers_sweeper_commits_what_the_sweep_moved(db: Database) -> None:
    user_id = await _setup(db)
    await _run(db, "subscribe", user_id, "pro", T0)
    sweeper = BillingSweeper(db, SETTINGS, now=lambda: T0 + DAY, every=DAY)
    assert await sweeper.step() == 1
    assert await _status(db, user_id) == S.PAST_DUE
    assert await sweeper.step() == 0  # nothing more until the grace period ends
