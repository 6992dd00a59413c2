"""The clock a process reads: the host's, or in sim the emulator's.

In sim every process (API, workers, ingest) must agree on one time, the emulator's, which may
start in the past (a recorded replay) or run faster than the host's. A process reads the
emulator's clock once at start (`follow_clock`) and then counts forward on its own monotonic
clock at the emulator's rate: no request per reading, and never backwards.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from polycopy.kit.errors import ConfigError

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, slots=True)
class FollowedClock:
    """Another process's time: ``origin`` seconds at local monotonic ``at``, at ``factor``."""

    origin: float
    at: float
    factor: float

    def __call__(self) -> dt.datetime:
        seconds = self.origin + (time.monotonic() - self.at) * self.factor
        return dt.datetime.fromtimestamp(seconds, dt.UTC)


async def follow_clock(url: str | None, *, timeout_seconds: float = 10.0) -> Clock:
    """The clock at ``url`` (``GET`` answering ``{"now": "<epoch seconds>", "factor": "<x>"}``),
    or the host's when ``url`` is None. The reading is taken as of the middle of the round trip.
    """
    if url is None:
        return system_clock
    try:
        async with httpx.AsyncClient(timeout=timeout_seconds) as http:
            sent = time.monotonic()
            response = await http.get(url)
            received = time.monotonic()
            response.raise_for_status()
            body = response.json()
            return FollowedClock(float(body["now"]), (sent + received) / 2, float(body["factor"]))
    except (httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"clock_url: cannot read the emulator's clock at {url}: {exc}") from None
