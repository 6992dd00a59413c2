"""The emulator's clock: real time, or time running ``factor`` times faster from a chosen start.

Everything in the emulated world that stamps or waits on time reads ``EmulatorState.now()``
(this clock), and actors sleep ``interval / factor`` wall seconds, so an accelerated
scenario replays an hour of recorded activity in a minute with every timestamp consistent.
"""

from __future__ import annotations

import time
from collections.abc import Callable


class EmulatorClock:
    """Emulated seconds since the epoch: ``start + (wall elapsed) x factor``.

    Elapsed wall time is measured on a monotonic clock, so an accelerated clock never runs
    backwards when the host adjusts its time.
    """

    def __init__(
        self,
        factor: float = 1.0,
        start: float | None = None,
        *,
        wall: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if not factor > 0:
            raise ValueError("the clock factor must be positive")
        self.factor = factor
        self._monotonic = monotonic
        self._origin_wall = monotonic()
        self.start = wall() if start is None else start

    def __call__(self) -> float:
        return self.start + (self._monotonic() - self._origin_wall) * self.factor

    def wall_seconds(self, emulated: float) -> float:
        """How long ``emulated`` seconds of emulator time last on the wall clock."""
        return emulated / self.factor
