"""Leader drift in the worker (``leaders/drift_service.py``) on a real database: one episode
alerts, pauses or leaves each rule alone by its on_leader_drift, exactly once; the end of the
episode is said, and a paused rule stays paused."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from polycopy.copying.service import set_rule_state
from polycopy.copying.settings import RuleSettings
from polycopy.copying.types import DriftAction, TradingState
from polycopy.kit.db import Database
from polycopy.kit.money import MICRO
from polycopy.leaders.drift import DriftThresholds
from polycopy.leaders.drift_service import DriftWatcher
from polycopy.models import AuditEvent, CopyRule, LeaderBackfill
from polycopy.models.leaders import LeaderDriftRow
from polycopy.notifications.service import collect
from polycopy.notifications.types import NotificationEvent
from polycopy.signals.backfill import BackfillStatus, request_backfill
from tests.copying.support import NOW, add_fill, add_follower, add_market, add_rule, wallet

WEEK = dt.timedelta(days=7)


class Clock:
    def __init__(self, at: dt.datetime) -> None:
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at


async def trades(db: Database, leader_id: int, start: dt.datetime, days: int, usdc: int) -> None:
    """Two buys a day for ``days`` days, each ``usdc`` micro-units (at 0.50 a share)."""
    market = await add_market(db)
    for half_day in range(2 * days):
        at = start + dt.timedelta(hours=12 * half_day)
        await add_fill(db, leader_id, market.condition_id, market.yes, size_micros=2 * usdc, at=at)


async def drift_audits(db: Database, rule_id: int) -> list[dict[str, object]]:
    async with db.transaction() as session:
        rows = await session.scalars(
            select(AuditEvent)
            .where(
                AuditEvent.entity_type == "copy_rule",
                AuditEvent.entity_id == str(rule_id),
                AuditEvent.action == "leader_drift",
            )
            .order_by(AuditEvent.id)
        )
        return [row.details for row in rows]


async def rule_state(db: Database, rule_id: int) -> tuple[TradingState, str | None]:
    async with db.transaction() as session:
        rule = await session.get(CopyRule, rule_id)
        assert rule is not None
        return rule.status, rule.status_reason


async def test_alert_pause_and_ignore_act_once_per_episode(db: Database) -> None:
    leader = wallet()
    rules = {}
    for name, action in [
        ("alert", DriftAction.ALERT),
        ("pause", DriftAction.PAUSE),
        ("resumed", DriftAction.PAUSE),
        ("ignore", DriftAction.IGNORE),
        ("user_paused", DriftAction.PAUSE),
    ]:
        settings = RuleSettings(fixed_amount_micros=5 * MICRO, on_leader_drift=action)
        rules[name] = await add_rule(db, await add_follower(db), leader, settings)
    leader_id = rules["alert"].leader_id
    async with db.transaction() as session:  # paused by its user before the drift
        user_paused = await session.get(CopyRule, rules["user_paused"].id)
        assert user_paused is not None
        await set_rule_state(session, user_paused, TradingState.HALTED, reason="mine", actor="test")
    start = NOW - 4 * WEEK
    await trades(db, leader_id, start, 21, 5 * MICRO)  # three weeks at $5
    await trades(db, leader_id, NOW - WEEK, 7, 50 * MICRO)  # then a week at $50
    clock = Clock(NOW)
    watcher = DriftWatcher(db, now=clock, thresholds=DriftThresholds(), every=dt.timedelta(hours=1))
    assert await watcher.step() == 0  # the history is not read yet: no verdict on part of it
    async with db.transaction() as session:
        await request_backfill(session, leader_id, NOW)
        job = await session.scalar(
            select(LeaderBackfill).where(LeaderBackfill.leader_id == leader_id)
        )
        assert job is not None
        job.status = BackfillStatus.DONE
        await collect(session)  # the notifications cursor starts here

    assert await watcher.step() == 1
    assert await watcher.step() == 0  # nothing new, not due yet
    async with db.transaction() as session:
        row = await session.scalar(
            select(LeaderDriftRow).where(LeaderDriftRow.leader_id == leader_id)
        )
        assert row is not None
        assert (row.drifting, row.episode, row.drifting_since) == (True, 1, NOW)
        size = next(s for s in row.signals if s["kind"] == "size")
        assert (size["drifting"], size["baseline"], size["recent"]) == (True, "5000000", "50000000")
        assert row.rules == {
            str(rules["alert"].id): "alert",
            **{str(rules[n].id): "pause" for n in ("pause", "resumed", "user_paused")},
        }

    assert await rule_state(db, rules["alert"].id) == (TradingState.ACTIVE, None)
    assert await rule_state(db, rules["ignore"].id) == (TradingState.ACTIVE, None)
    status, reason = await rule_state(db, rules["pause"].id)
    assert status is TradingState.HALTED
    assert reason is not None
    assert reason.startswith("leader drift: Its median trade")
    assert len(reason) <= 200
    assert await drift_audits(db, rules["ignore"].id) == []
    assert await rule_state(db, rules["user_paused"].id) == (TradingState.HALTED, "mine")
    (left,) = await drift_audits(db, rules["user_paused"].id)
    assert "already paused" in str(left["text"])
    alert = await drift_audits(db, rules["alert"].id)
    assert [(a["state"], a["action"], a["signals"]) for a in alert] == [
        ("started", "alert", ["size"])
    ]
    assert "$50 (14 trades), against $5 before (42 trades): 10.0× the size" in str(alert[0]["text"])
    assert "keeps copying" in str(alert[0]["text"])

    async with db.transaction() as session:  # the notifications of this episode, one per rule
        notices = await collect(session)
    drift = [n for n in notices if n.event is NotificationEvent.LEADER_DRIFT]
    assert sorted(n.data["rule_id"] for n in drift) == sorted(
        rules[n].id for n in ("alert", "pause", "resumed", "user_paused")
    )
    assert all(n.title == "Leader drifting" for n in drift)
    changed = [n for n in notices if n.event is NotificationEvent.STATE_CHANGED]
    assert len(changed) == 2  # the two paused rules

    # The user resumes one paused rule; a new fill of the same episode acts on no rule again.
    async with db.transaction() as session:
        resumed = await session.get(CopyRule, rules["resumed"].id)
        assert resumed is not None
        await set_rule_state(session, resumed, TradingState.ACTIVE, reason=None, actor="test")
    market = await add_market(db)
    await add_fill(db, leader_id, market.condition_id, market.yes, size_micros=100 * MICRO, at=NOW)
    assert await watcher.step() == 1
    assert await rule_state(db, rules["resumed"].id) == (TradingState.ACTIVE, None)
    assert len(await drift_audits(db, rules["alert"].id)) == 1
    assert len(await drift_audits(db, rules["pause"].id)) == 1

    # A week back at $5: the episode ends; the paused rule is not resumed, and says so.
    await trades(db, leader_id, NOW + dt.timedelta(hours=1), 7, 5 * MICRO)
    clock.at = NOW + WEEK + dt.timedelta(hours=2)
    assert await watcher.step() == 1
    async with db.transaction() as session:
        row = await session.scalar(
            select(LeaderDriftRow).where(LeaderDriftRow.leader_id == leader_id)
        )
        assert row is not None
        assert (row.drifting, row.episode, row.rules, row.drifting_since) == (False, 1, {}, None)
    assert await rule_state(db, rules["pause"].id) == (TradingState.HALTED, reason)
    ended = (await drift_audits(db, rules["pause"].id))[-1]
    assert (ended["state"], ended["action"]) == ("resolved", "pause")
    assert "stays paused until you resume it" in str(ended["text"])
    assert [a["state"] for a in await drift_audits(db, rules["alert"].id)] == [
        "started",
        "resolved",
    ]
    assert await drift_audits(db, rules["ignore"].id) == []
    async with db.transaction() as session:
        notices = await collect(session)
    assert {n.title for n in notices if n.event is NotificationEvent.LEADER_DRIFT} == {
        "Leader drift over"
    }
