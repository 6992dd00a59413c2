"""The decider keeps a user's copies within their billing plan's monthly notional: a copy is
capped to what is left, and skipped with ``plan_limit`` once nothing worth sending is left
(real pipeline on the emulator, both backends)."""

from __future__ import annotations

from sqlalchemy import select

from polycopy.billing.service import BillingService
from polycopy.billing.types import PlanIn
from polycopy.config import Settings
from polycopy.copying.reasons import explain
from polycopy.copying.service import update_rule
from polycopy.copying.settings import RuleSettings
from polycopy.copying.types import DecisionAction, SkipReason
from polycopy.kit.db import Database
from polycopy.kit.money import MICRO
from polycopy.models import CopyRule, Decision, FollowerAccount
from tests.pipeline_support import running_sim, utcnow

SETTINGS = Settings(secret_key="plan-limit-tests", mode="sim")


async def test_a_copy_over_the_monthly_notional_is_skipped_with_plan_limit(db: Database) -> None:
    async with running_sim(db) as sim:
        async with db.transaction() as session:
            rule = await session.scalar(select(CopyRule).order_by(CopyRule.id))
            account = await session.scalar(select(FollowerAccount))
            assert rule is not None
            assert account is not None
            settings = RuleSettings.model_validate({"fixed_amount_micros": 5 * MICRO})
            await update_rule(session, rule, settings, actor="test")
            billing = BillingService(session, SETTINGS, actor="admin:test")
            await billing.create_plan(
                PlanIn(
                    code="tiny", name="Tiny", price_micros=0, max_monthly_notional_micros=8 * MICRO
                )
            )
            await billing.grant(account.user_id, "tiny", None, utcnow())
        engine = sim.engine()
        for _ in range(3):
            sim.leader_trades(buy=True, shares=20 * MICRO)
            await engine.step()
        async with db.transaction() as session:
            decisions = (await session.scalars(select(Decision).order_by(Decision.id))).all()
        copies = [d for d in decisions if d.action == DecisionAction.COPY]
        skips = [d for d in decisions if d.action == DecisionAction.SKIP]
        assert [d.details["amount_micros"] for d in copies] == [5 * MICRO, 3 * MICRO]
        assert copies[1].details["capped_by"] == SkipReason.PLAN_LIMIT.value
        assert [d.reason for d in skips] == [SkipReason.PLAN_LIMIT.value]
        assert "billing plan" in explain(SkipReason.PLAN_LIMIT, skips[0].details)
