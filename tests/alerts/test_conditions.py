"""The pure alert checks: what fires, and the episode/rate-limit rules of ``transition``."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given
from hypothesis import strategies as st

from polycopy.alerts.conditions import (
    AccountFacts,
    Facts,
    SourceFacts,
    WorkerFacts,
    readings,
    transition,
)
from polycopy.alerts.types import AlertKind, AlertMemory, AlertSettings, Step

T0 = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)


def _account(**kw: object) -> AccountFacts:
    base: dict[str, object] = {
        "account_id": 1,
        "label": "main",
        "realized_pnls": [],
        "pnl_today": 0,
        "dead_letters": 0,
        "balance_refusal": None,
    }
    return AccountFacts(**(base | kw))  # type: ignore[arg-type]


def _firing(settings: AlertSettings, facts: Facts) -> set[AlertKind]:
    return {r.kind for r in readings(settings, facts) if r.firing}


def test_thresholds_fire_at_and_above_and_off_means_never() -> None:
    settings = AlertSettings(drawdown_micros=10, daily_loss_micros=5, dead_letters=2)
    calm = _account(realized_pnls=[20, -9], pnl_today=-4, dead_letters=1)
    assert _firing(settings, Facts([calm], now=T0)) == set()
    bad = _account(realized_pnls=[20, -10], pnl_today=-5, dead_letters=2, balance_refusal="x")
    assert _firing(settings, Facts([bad], now=T0)) == {
        AlertKind.DRAWDOWN,
        AlertKind.DAILY_LOSS,
        AlertKind.DEAD_LETTERS,
        AlertKind.LOW_BALANCE,
    }
    off = AlertSettings(
        drawdown_micros=None, daily_loss_micros=None, dead_letters=None, low_balance=False
    )
    assert readings(off, Facts([bad], now=T0)) == []


def test_operator_checks_workers_breakers_and_a_lagging_source() -> None:
    settings = AlertSettings(worker_stale_seconds=60, source_silent_seconds=600)
    workers = [
        WorkerFacts("w1", T0 - dt.timedelta(seconds=59), ["clob"]),
        WorkerFacts("w2", T0 - dt.timedelta(seconds=60), []),
    ]
    sources = [
        SourceFacts("data_api", T0),
        SourceFacts("rtds", T0 - dt.timedelta(seconds=600)),
        SourceFacts("chain", T0 - dt.timedelta(seconds=599)),
    ]
    firing = {
        (r.kind, r.subject)
        for r in readings(settings, Facts(workers=workers, sources=sources, now=T0))
        if r.firing
    }
    assert firing == {
        (AlertKind.CIRCUIT_BREAKER, "breaker:w1:clob"),
        (AlertKind.WORKER_DOWN, "worker:w2"),
        (AlertKind.SOURCE_DOWN, "source:rtds"),
    }
    # One source alone, or all silent alike (nobody trades): nothing to compare.
    assert _firing(settings, Facts(sources=sources[1:2], now=T0)) == set()


@given(
    st.lists(st.tuples(st.booleans(), st.integers(min_value=0, max_value=4_000)), max_size=60),
    st.integers(min_value=0, max_value=3_000),
)
def test_one_message_per_episode_resolved_once_and_rate_limited(
    checks: list[tuple[bool, int]], cooldown_s: int
) -> None:
    """Over any run of checks: a message only when the condition flips; every "resolved"
    follows its own "firing"; two "firing" messages are at least the cooldown apart; and
    every episode is counted, told or not."""
    memory, now, cooldown = AlertMemory(), T0, dt.timedelta(seconds=cooldown_s)
    sent: list[tuple[Step, dt.datetime]] = []
    previous, episodes = False, 0
    for firing, gap in checks:
        now += dt.timedelta(seconds=gap)
        memory, step = transition(memory, firing, now, cooldown)
        assert memory.firing is firing
        if firing and not previous:
            episodes += 1
            assert step in (Step.FIRE, Step.QUIET)
        elif firing == previous:
            assert step is Step.NONE
        if step in (Step.FIRE, Step.RESOLVE):
            sent.append((step, now))
        previous = firing
    assert memory.episode == episodes
    kinds = [s for s, _ in sent]
    for i, step in enumerate(kinds):
        if step is Step.RESOLVE:
            assert i > 0
            assert kinds[i - 1] is Step.FIRE
    fires = [at for s, at in sent if s is Step.FIRE]
    assert all(b - a >= cooldown for a, b in itertools.pairwise(fires))


def test_a_new_episode_within_the_cooldown_stays_quiet_and_so_does_its_end() -> None:
    hour = dt.timedelta(hours=1)
    memory, step = transition(AlertMemory(), True, T0, hour)
    assert step is Step.FIRE
    memory, step = transition(memory, False, T0 + dt.timedelta(minutes=5), hour)
    assert step is Step.RESOLVE
    memory, step = transition(memory, True, T0 + dt.timedelta(minutes=10), hour)
    assert step is Step.QUIET
    memory, step = transition(memory, False, T0 + dt.timedelta(minutes=20), hour)
    assert step is Step.NONE
    memory, step = transition(memory, True, T0 + hour, hour)
    assert (step, memory.episode) == (Step.FIRE, 3)
