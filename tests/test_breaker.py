from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from polycopy.kit.breaker import BreakerState, CircuitBreaker

T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
S = dt.timedelta(seconds=1)


def test_opens_after_the_threshold_and_escalates_its_cool_down() -> None:
    breaker = CircuitBreaker("clob", threshold=3, base_cooldown=5 * S, max_cooldown=60 * S)
    for _ in range(3):
        assert breaker.allow(T0)
        breaker.record_failure(T0)
    assert breaker.state(T0) is BreakerState.OPEN
    assert not breaker.allow(T0 + 4 * S)
    assert breaker.allow(T0 + 5 * S)  # half-open: one trial
    assert not breaker.allow(T0 + 5 * S)  # and only one
    breaker.record_failure(T0 + 5 * S)  # trial failed: open again, twice as long
    assert breaker.opened_until == T0 + 15 * S
    assert breaker.allow(T0 + 15 * S)
    breaker.record_success()
    assert breaker.state(T0 + 15 * S) is BreakerState.CLOSED


@given(st.lists(st.booleans(), max_size=200))
def test_cool_down_never_exceeds_the_cap_and_success_always_closes(outcomes: list[bool]) -> None:
    breaker = CircuitBreaker("x", threshold=2, base_cooldown=S, max_cooldown=30 * S)
    now = T0
    for ok in outcomes:
        now += S
        if not breaker.allow(now):
            continue
        if ok:
            breaker.record_success()
            assert breaker.state(now) is BreakerState.CLOSED
        else:
            breaker.record_failure(now)
            if breaker.opened_until is not None:
                assert breaker.opened_until - now <= 30 * S
