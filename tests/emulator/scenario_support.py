"""Helpers for scenario, replay and round-trip tests: recorded data, clocks, JSON with Decimals.

Recorded Polymarket payloads have no licence for redistribution: they are read in place from
the shared data directory (``POLYCOPY_REAL_DATA`` overrides it) and tests skip when it is
absent. Nothing from them is copied into the repository.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from polycopy.emulator.recorded import load_payload
from polycopy.emulator.scenario import Scenario

from .conftest import Clock

REAL_DATA = Path(
    os.environ.get(
        "POLYCOPY_REAL_DATA", Path(__file__).resolve().parents[3] / "shared/data/polymarket-real"
    )
)


def real(relative: str) -> Path:
    """A recorded file, or a clean skip when the recordings are not on this machine."""
    path = REAL_DATA / relative
    if not path.is_file():
        pytest.skip(f"recorded Polymarket data not available ({path})")
    return path


def load_real(relative: str) -> Any:
    """A recorded payload (JSON, JSON lines, gzipped or not) with numbers as ``Decimal``."""
    return load_payload(real(relative))


def write_scenario(directory: Path, text: str, name: str = "scenario.toml") -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def run_replays(scenario: Scenario, clock: Clock) -> None:
    """Walk the test clock through every replayed row's due time, stepping the replays."""
    dues = sorted(
        {replay.start + step.offset for replay in scenario.replays for step in replay.steps}
    )
    for due in dues:
        clock.now = max(clock.now, due)
        for replay in scenario.replays:
            replay.step()
    assert all(replay.done for replay in scenario.replays)


def oldest_first(feed: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A newest-first Data API feed in time order; of two rows in one second, the one listed
    later happened first (the feed walks ``(timestamp, sequence)`` downwards)."""
    ranked = sorted(enumerate(feed), key=lambda pair: (pair[1]["timestamp"], -pair[0]))
    return [row for _, row in ranked]


async def eventually(done: Callable[[], bool], within_s: float = 10.0) -> None:
    """Poll ``done`` until it holds; fail after ``within_s`` seconds instead of hanging."""
    async with asyncio.timeout(within_s):
        for _ in itertools.count():
            if done():
                return
            await asyncio.sleep(0.01)


def body(response: httpx.Response) -> Any:
    """A response's JSON with numbers as ``Decimal`` (the models refuse floats)."""
    assert response.status_code == 200, response.text
    return json.loads(response.content, parse_float=Decimal)
