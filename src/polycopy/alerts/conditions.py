"""Pure alert checks: facts read from the database in, readings and state changes out.

``readings`` says, for every subject a user has, whether each enabled alert holds now;
``transition`` turns a stored memory and a reading into what to send: a new episode fires
once (deduplicated while it lasts), its end sends "resolved", and a new episode within the
cooldown after the last message stays quiet (rate limit), its end too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from polycopy.alerts.types import AlertKind, AlertMemory, AlertSettings, Reading, Step
from polycopy.kit.money import micros_str
from polycopy.portfolio.exposure import drawdown


@dataclass(frozen=True, slots=True)
class AccountFacts:
    account_id: int
    label: str
    realized_pnls: Sequence[int]  # every sale and settlement, oldest first
    pnl_today: int  # realised since 00:00 UTC
    dead_letters: int  # orders dead-lettered in the last day
    balance_refusal: str | None  # the venue's refusal (balance/allowance) since the last fill


@dataclass(frozen=True, slots=True)
class RuleFacts:
    rule_id: int
    leader_wallet: str
    gap_micros: int | None  # leader's result on the copied notional − yours (attribution)
    drifting: bool
    drift_text: str = ""


@dataclass(frozen=True, slots=True)
class WorkerFacts:
    worker_id: str
    reported_at: dt.datetime
    open_breakers: Sequence[str]


@dataclass(frozen=True, slots=True)
class SourceFacts:
    source: str
    last_seen_at: dt.datetime


@dataclass(frozen=True, slots=True)
class Facts:
    accounts: Sequence[AccountFacts] = ()
    rules: Sequence[RuleFacts] = ()
    workers: Sequence[WorkerFacts] = ()  # read for admins only
    sources: Sequence[SourceFacts] = ()  # read for admins only
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


def readings(settings: AlertSettings, facts: Facts) -> list[Reading]:
    """Every enabled alert for every subject in ``facts``, firing or not."""
    out: list[Reading] = []
    for account in facts.accounts:
        out += _account(settings, account)
    for rule in facts.rules:
        out += _rule(settings, rule)
    out += _workers(settings, facts.workers, facts.now)
    out += _sources(settings, facts.sources)
    return [r for r in out if settings.enabled(r.kind)]


def _pusd(micros: int) -> str:
    return f"${micros_str(micros)}"


def _account(settings: AlertSettings, a: AccountFacts) -> list[Reading]:
    subject, name = f"account:{a.account_id}", f"account {a.label!r} (#{a.account_id})"
    out = []
    if settings.drawdown_micros is not None:
        fall = drawdown(a.realized_pnls)
        out.append(
            Reading(
                AlertKind.DRAWDOWN,
                subject,
                fall >= settings.drawdown_micros,
                f"Realised PnL of {name} is {_pusd(fall)} below its peak "
                f"(alert at {_pusd(settings.drawdown_micros)}).",
                {"account_id": a.account_id, "drawdown_micros": fall},
            )
        )
    if settings.daily_loss_micros is not None:
        loss = max(0, -a.pnl_today)
        out.append(
            Reading(
                AlertKind.DAILY_LOSS,
                subject,
                loss >= settings.daily_loss_micros,
                f"{name.capitalize()} lost {_pusd(loss)} today (UTC) "
                f"(alert at {_pusd(settings.daily_loss_micros)}).",
                {"account_id": a.account_id, "loss_today_micros": loss},
            )
        )
    if settings.dead_letters is not None:
        out.append(
            Reading(
                AlertKind.DEAD_LETTERS,
                subject,
                a.dead_letters >= settings.dead_letters,
                f"{a.dead_letters} order(s) of {name} could not be sent in the last day "
                "(see Admin → dead letters).",
                {"account_id": a.account_id, "dead_letters": a.dead_letters},
            )
        )
    out.append(
        Reading(
            AlertKind.LOW_BALANCE,
            subject,
            a.balance_refusal is not None,
            f"The venue refused an order of {name} for its balance or allowance: "
            f"{a.balance_refusal}. Top up pUSD or approve the exchange (polycopy account doctor)."
            if a.balance_refusal
            else f"Orders of {name} fill again.",
            {"account_id": a.account_id, "refusal": a.balance_refusal},
        )
    )
    return out


def _rule(settings: AlertSettings, r: RuleFacts) -> list[Reading]:
    subject, out = f"rule:{r.rule_id}", []
    if settings.tracking_error_micros is not None and r.gap_micros is not None:
        out.append(
            Reading(
                AlertKind.TRACKING_ERROR,
                subject,
                r.gap_micros >= settings.tracking_error_micros,
                f"Rule #{r.rule_id} trails leader {r.leader_wallet} by {_pusd(r.gap_micros)} "
                f"over {settings.tracking_window_days} days on the notional it copied "
                f"(alert at {_pusd(settings.tracking_error_micros)}; see the rule's attribution).",
                {"rule_id": r.rule_id, "gap_micros": r.gap_micros},
            )
        )
    out.append(
        Reading(
            AlertKind.LEADER_DRIFT,
            subject,
            r.drifting,
            r.drift_text or f"Leader {r.leader_wallet} of rule #{r.rule_id} drifts.",
            {"rule_id": r.rule_id, "leader_wallet": r.leader_wallet},
        )
    )
    return out


def _workers(
    settings: AlertSettings, workers: Sequence[WorkerFacts], now: dt.datetime
) -> list[Reading]:
    out = []
    for w in workers:
        for breaker in w.open_breakers:
            out.append(
                Reading(
                    AlertKind.CIRCUIT_BREAKER,
                    f"breaker:{w.worker_id}:{breaker}",
                    True,
                    f"Worker {w.worker_id}: the circuit breaker {breaker!r} is open "
                    "(the venue keeps failing; orders wait).",
                    {"worker_id": w.worker_id, "breaker": breaker},
                )
            )
        if settings.worker_stale_seconds is not None:
            silent = int((now - w.reported_at).total_seconds())
            out.append(
                Reading(
                    AlertKind.WORKER_DOWN,
                    f"worker:{w.worker_id}",
                    silent >= settings.worker_stale_seconds,
                    f"Worker {w.worker_id} has not reported for {silent} s "
                    f"(alert after {settings.worker_stale_seconds} s).",
                    {"worker_id": w.worker_id, "silent_seconds": silent},
                )
            )
    return out


def _sources(settings: AlertSettings, sources: Sequence[SourceFacts]) -> list[Reading]:
    """A source is down when it saw nothing for ``source_silent_seconds`` before the newest
    sighting of any source: leaders that trade no more silence every source alike."""
    if settings.source_silent_seconds is None or len(sources) < 2:
        return []
    newest = max(s.last_seen_at for s in sources)
    out = []
    for s in sources:
        behind = int((newest - s.last_seen_at).total_seconds())
        out.append(
            Reading(
                AlertKind.SOURCE_DOWN,
                f"source:{s.source}",
                behind >= settings.source_silent_seconds,
                f"Detection source {s.source} saw nothing for {behind} s while others saw "
                f"fills (alert after {settings.source_silent_seconds} s).",
                {"source": s.source, "behind_seconds": behind},
            )
        )
    return out


def transition(
    memory: AlertMemory, firing: bool, now: dt.datetime, cooldown: dt.timedelta
) -> tuple[AlertMemory, Step]:
    """The stored memory after a check, and what to send."""
    if firing == memory.firing:
        return memory, Step.NONE  # still on (told once per episode) or still off
    if not firing:
        step = Step.RESOLVE if memory.notified else Step.NONE
        return replace(memory, firing=False), step
    episode = memory.episode + 1
    last = memory.last_notified_at
    if last is not None and now - last < cooldown:
        return AlertMemory(True, False, episode, last), Step.QUIET
    return AlertMemory(True, True, episode, now), Step.FIRE
