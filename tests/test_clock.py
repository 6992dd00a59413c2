"""One clock in sim: a process follows the emulator's time (``polycopy.kit.clock``), which may
start in the past and run faster than the host's, instead of reading the host clock."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polycopy.emulator.scenario import load_scenario
from polycopy.emulator.server import EmulatorServer
from polycopy.kit.clock import FollowedClock, follow_clock, system_clock
from polycopy.kit.errors import ConfigError

FACTOR = 50
PAST = dt.datetime(2025, 12, 15, 14, 0, tzinfo=dt.UTC)


def _seconds(reading: dt.datetime) -> float:
    assert reading.tzinfo is not None  # an aware UTC time, comparable with stored ones
    return reading.timestamp()


@given(
    origin=st.floats(1e9, 3e9),
    factor=st.sampled_from([1.0, 2.5, 60.0, 600.0]),
    behind=st.floats(0, 3600),
)
def test_a_followed_clock_runs_at_its_factor(origin: float, factor: float, behind: float) -> None:
    """Read ``behind`` local seconds after its origin, it shows ``behind × factor`` more
    (bracketed by the monotonic clock read around the reading, so nothing is timed)."""
    at = time.monotonic() - behind
    clock = FollowedClock(origin, at, factor)
    low = origin + (time.monotonic() - at) * factor
    reading = _seconds(clock())
    high = origin + (time.monotonic() - at) * factor
    assert low - 1e-6 <= reading <= high + 1e-6  # microsecond rounding of a datetime


@given(factor=st.sampled_from([1.0, 60.0, 600.0, 10_000.0]))
def test_a_followed_clock_never_runs_backwards(factor: float) -> None:
    clock = FollowedClock(1_765_807_459.0, time.monotonic(), factor)
    readings = [clock() for _ in range(200)]
    assert readings == sorted(readings)


async def test_no_url_is_the_hosts_clock() -> None:
    assert await follow_clock(None) is system_clock


async def test_it_follows_an_accelerated_emulator_that_started_in_the_past(
    tmp_path: Path,
) -> None:
    scenario = tmp_path / "clock.toml"
    scenario.write_text(
        f"[clock]\nmode = 'accelerated'\nfactor = {FACTOR}\nstart = {PAST.isoformat()}\n"
    )
    state = load_scenario(scenario)
    async with EmulatorServer(state, run_actors=False, mine_blocks=False) as server:
        before, sent = state.now(), time.monotonic()
        clock = await follow_clock(server.base_urls["clock"])
        reading = _seconds(clock())
        received, after = time.monotonic(), state.now()
        # The reading is the emulator's time at the middle of the round trip, carried on:
        # off by at most the round trip at the emulator's rate.
        allowance = (received - sent) * FACTOR
        assert before - allowance <= reading <= after + allowance
        assert isinstance(clock, FollowedClock)
        assert clock.factor == FACTOR
    # Not the host's time: the emulator's began in the past.
    assert reading < _seconds(system_clock()) - 86_400


async def test_a_url_that_is_not_a_clock_names_clock_url() -> None:
    async with EmulatorServer(run_actors=False, mine_blocks=False) as server:
        for url in (
            f"{server.base_urls['admin']}/no-such-clock",  # 404
            f"{server.base_urls['admin']}/state",  # JSON, but not a clock's
        ):
            with pytest.raises(ConfigError, match=r"^clock_url: .*" + url):
                await follow_clock(url)
    with pytest.raises(ConfigError, match="clock_url"):  # nobody listening
        await follow_clock(f"http://127.0.0.1:{server.port}/admin/clock", timeout_seconds=2)
