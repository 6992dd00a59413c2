"""The alert evaluator a worker runs: read the facts, check them (``alerts/conditions``),
remember each alert's state, and send what changed to the user's channels and webhooks.

State changes and webhook deliveries are written in one transaction (each delivery at most
once per episode and step: its key names them); apprise messages go out after it commits.
Several workers may evaluate at once: the states are locked, so an episode is sent once.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.alerts.conditions import Facts, SourceFacts, WorkerFacts, readings, transition
from polycopy.alerts.repository import AlertFactsRepository
from polycopy.alerts.types import AlertKind, AlertMemory, Reading, Step
from polycopy.kit.crypto import SecretBox
from polycopy.kit.db import Database
from polycopy.kit.outbound import OutboundPolicy
from polycopy.models import AlertState
from polycopy.notifications.service import Notice, fan_out, send_messages
from polycopy.signals.service import sleep_or_stop

log = structlog.get_logger(__name__)


async def evaluate(session: AsyncSession, now: dt.datetime) -> list[Notice]:
    """Check every user's alerts once; store the states; return what to send."""
    repo = AlertFactsRepository(session)
    notices: list[Notice] = []
    operator: tuple[list[WorkerFacts], list[SourceFacts]] | None = None  # read once, for admins
    for user_id, admin, settings in await repo.users():
        if admin and operator is None:
            operator = (await repo.workers(), await repo.sources())
        workers, sources = operator if admin and operator else ([], [])
        facts = Facts(
            accounts=await repo.accounts(user_id, now),
            rules=await repo.rules(
                user_id,
                now,
                dt.timedelta(days=settings.tracking_window_days),
                tracking=settings.tracking_error_micros is not None,
            ),
            workers=workers,
            sources=sources,
            now=now,
        )
        found = {(r.kind.value, r.subject): r for r in readings(settings, facts)}
        cooldown = dt.timedelta(seconds=settings.cooldown_seconds)
        for key, state in (await repo.lock_states(user_id, set(found))).items():
            reading = found.get(key)
            memory, step = transition(
                AlertMemory(state.firing, state.notified, state.episode, state.last_notified_at),
                reading is not None and reading.firing,
                now,
                cooldown,
            )
            state.firing, state.notified = memory.firing, memory.notified
            state.episode, state.last_notified_at = memory.episode, memory.last_notified_at
            if step in (Step.FIRE, Step.QUIET):
                state.since = now
            if reading is not None and reading.firing:
                state.text = reading.text[:1000]
            if step in (Step.FIRE, Step.RESOLVE):
                notices.append(alert_notice(user_id, state, step, reading))
            if step is not Step.NONE:
                log.info(
                    "alert." + step.value, user_id=user_id, kind=state.kind, subject=state.subject
                )
    return notices


def alert_notice(user_id: int, state: AlertState, step: Step, reading: Reading | None) -> Notice:
    """The message of an alert firing or resolved; its key makes it once per episode."""
    kind = AlertKind(state.kind)
    name = kind.value.replace("_", " ")
    fired = step is Step.FIRE
    if fired:
        body = state.text
    else:
        now_text = f" Now: {reading.text}" if reading is not None else ""
        body = f"Resolved: {state.text}{now_text}"
    return Notice(
        user_id,
        kind.event,
        f"alert:{state.id}:{state.episode}:{step.value}",
        f"Alert: {name}" if fired else f"Resolved: {name}",
        body,
        {
            "alert": kind.value,
            "state": "firing" if fired else "resolved",
            "subject": state.subject,
            "episode": state.episode,
            "since": state.since.isoformat() if state.since else None,
            "explanation": body,
            **(reading.data if reading is not None else {}),
        },
    )


class AlertEvaluator:
    """A worker's alert checks, every ``every``."""

    def __init__(
        self,
        db: Database,
        box: SecretBox,
        policy: OutboundPolicy,
        *,
        now: Callable[[], dt.datetime],
        every: dt.timedelta,
    ) -> None:
        self.db = db
        self.box = box
        self.policy = policy
        self.now = now
        self.every = every

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await self.step()
            except Exception:  # the loop must outlive one bad round; the error is logged
                log.exception("alerts.step_failed")
            await sleep_or_stop(stop, self.every.total_seconds())

    async def step(self) -> int:
        """One evaluation; returns how many alerts fired or resolved. Webhook deliveries are
        queued (the dispatcher sends them); apprise messages are sent here."""
        async with self.db.transaction() as session:
            notices = await evaluate(session, self.now())
            messages = await fan_out(session, self.box, notices)
        await send_messages(messages, self.policy)
        return len(notices)
