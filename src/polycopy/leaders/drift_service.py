"""Checking followed leaders for drift, and what each rule does about it.

A worker checks every followed leader whose history is read (``DriftWatcher``): when it has
new fills, and every ``drift_check_seconds`` anyway (the recent window moves with time). The
latest report is stored per leader. An *episode* runs from the first check that drifts to
the first that does not. In an episode each rule acts once, by its ``on_leader_drift``:

- ``alert``: an audit entry ``leader_drift`` that notifications send as ``leader.drift``;
- ``pause``: the rule is halted with the reason (``RuleOut.status_reason``; a ``state_changed``
  audit entry) and the same ``leader_drift`` entry. A rule the user already paused is left
  as it is; a rule the user resumes during the episode is not paused again in it;
- ``ignore``: nothing.

When the episode ends, each rule that acted gets a ``leader_drift`` entry saying so. A paused
rule is never resumed by polycopy: the entry says it stays paused until the user resumes it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.audit.repository import AuditRepository
from polycopy.config import Settings
from polycopy.copying.service import set_rule_state
from polycopy.copying.types import DriftAction, TradingState
from polycopy.kit.db import Database
from polycopy.leaders.drift import DriftBuilder, DriftReport, DriftThresholds
from polycopy.leaders.drift_store import due_leaders, rules_of, stored_drift
from polycopy.leaders.repository import LeaderRepository
from polycopy.leaders.statistics_store import market_facts, newest_fill_id, stat_fills
from polycopy.models import CopyRule
from polycopy.models.leaders import LeaderDriftRow
from polycopy.signals.service import sleep_or_stop

log = structlog.get_logger(__name__)

ACTOR = "system:leader_drift"
AUDIT_ACTION = "leader_drift"
REASON_PREFIX = "leader drift: "
_REASON_LENGTH = 200  # copy_rules.status_reason


def drift_thresholds(settings: Settings) -> DriftThresholds:
    return DriftThresholds(
        window=dt.timedelta(days=settings.drift_window_days),
        size_factor=settings.drift_size_factor,
        frequency_factor=settings.drift_frequency_factor,
        new_category_share=settings.drift_new_category_share,
        min_trades=settings.drift_min_trades,
        min_positions=settings.drift_min_positions,
    )


async def drift_report(
    session: AsyncSession, leader_id: int, now: dt.datetime, thresholds: DriftThresholds
) -> DriftReport:
    """The leader's drift from its stored fills, streamed (nothing stored, nothing done)."""
    builder = DriftBuilder(await market_facts(session, leader_id), now=now, thresholds=thresholds)
    async for fill in stat_fills(session, leader_id):
        builder.add(fill)
    return builder.result()


async def check_leader(
    session: AsyncSession, leader_id: int, now: dt.datetime, thresholds: DriftThresholds
) -> LeaderDriftRow:
    """Check one leader, store the report, and let each rule act on a starting or ending
    episode (once: the row is locked, and remembers which rules acted)."""
    last_fill_id = await newest_fill_id(session, leader_id)
    report = await drift_report(session, leader_id, now, thresholds)
    row = await stored_drift(session, leader_id, lock=True)
    if row is None:
        row = LeaderDriftRow(leader_id=leader_id, episode=0, rules={}, drifting=False)
        session.add(row)
    was_drifting = row.drifting
    row.checked_at, row.last_fill_id = now, last_fill_id
    row.signals = [signal.as_json() for signal in report.signals]
    row.drifting = report.drifting
    leader = await LeaderRepository(session).get(leader_id)
    wallet = leader.wallet if leader else str(leader_id)
    rules = await rules_of(session, leader_id)
    if report.drifting:
        if not was_drifting:
            row.episode += 1
            row.drifting_since = now
            row.rules = {}
        acted = dict(row.rules)
        for rule in rules:
            if str(rule.id) not in acted:
                action = await _act(session, rule, row, report, wallet)
                if action is not None:
                    acted[str(rule.id)] = action
        row.rules = acted  # a new dict: the JSON column sees the change
    elif was_drifting:
        live = {str(rule.id): rule for rule in rules}
        for rule_id, action in row.rules.items():
            if rule_id in live:
                await _resolved(session, live[rule_id], row, DriftAction(action), wallet)
        row.rules = {}
        row.drifting_since = None
    await session.flush()
    return row


def rule_drift_action(rule: CopyRule) -> DriftAction:
    """The rule's ``on_leader_drift`` (rules stored before it existed: the default, alert)."""
    return DriftAction(rule.settings.get("on_leader_drift", DriftAction.ALERT.value))


async def _act(
    session: AsyncSession, rule: CopyRule, row: LeaderDriftRow, report: DriftReport, wallet: str
) -> DriftAction | None:
    action = rule_drift_action(rule)
    if action is DriftAction.IGNORE:
        return None
    summary = report.summary()
    if action is DriftAction.PAUSE and rule.status is not TradingState.HALTED:
        reason = REASON_PREFIX + summary
        if len(reason) > _REASON_LENGTH:
            reason = reason[: _REASON_LENGTH - 1] + "…"
        await set_rule_state(session, rule, TradingState.HALTED, reason=reason, actor=ACTOR)
        then = "The rule is paused until you resume it."
    elif action is DriftAction.PAUSE:
        then = "The rule was already paused; it stays paused."
    else:
        then = "The rule keeps copying (on_leader_drift: alert)."
    await _record(
        session,
        rule,
        row,
        action,
        state="started",
        text=f"Leader {wallet} departs from its own history (rule #{rule.id}): {summary} {then}",
        kinds=[s.kind.value for s in report.signals if s.drifting],
    )
    return action


async def _resolved(
    session: AsyncSession, rule: CopyRule, row: LeaderDriftRow, action: DriftAction, wallet: str
) -> None:
    then = (
        "The rule stays paused until you resume it."
        if action is DriftAction.PAUSE and rule.status is TradingState.HALTED
        else "Nothing changes for the rule."
    )
    await _record(
        session,
        rule,
        row,
        action,
        state="resolved",
        text=f"Leader {wallet} trades like its own history again (rule #{rule.id}). {then}",
        kinds=[],
    )


async def _record(
    session: AsyncSession,
    rule: CopyRule,
    row: LeaderDriftRow,
    action: DriftAction,
    *,
    state: str,
    text: str,
    kinds: list[str],
) -> None:
    await AuditRepository(session).record(
        actor=ACTOR,
        entity_type="copy_rule",
        entity_id=rule.id,
        action=AUDIT_ACTION,
        details={
            "leader_id": row.leader_id,
            "episode": row.episode,
            "state": state,
            "action": action.value,
            "signals": kinds,
            "text": text,
        },
    )


class DriftWatcher:
    """A worker's drift checks: each due leader in its own transaction."""

    def __init__(
        self,
        db: Database,
        *,
        now: Callable[[], dt.datetime],
        thresholds: DriftThresholds,
        every: dt.timedelta,
    ) -> None:
        self.db = db
        self.now = now
        self.thresholds = thresholds
        self.every = every

    async def run(self, stop: asyncio.Event) -> None:
        # New fills are looked for more often than the periodic check comes round.
        pause = min(self.every.total_seconds(), 10.0)
        while not stop.is_set():
            try:
                await self.step()
            except Exception:  # the loop must outlive one bad round; the error is logged
                log.exception("drift.step_failed")
            await sleep_or_stop(stop, pause)

    async def step(self) -> int:
        """Check every due leader once; returns how many were checked."""
        now = self.now()
        async with self.db.transaction() as session:
            leaders = await due_leaders(session, checked_before=now - self.every)
        for leader_id in leaders:
            async with self.db.transaction() as session:
                row = await check_leader(session, leader_id, now, self.thresholds)
                if row.drifting:
                    log.info("drift.drifting", leader_id=leader_id, episode=row.episode)
        return len(leaders)
