"""When each fill became visible on each detection source (``GET /admin/visibility``).

A detection benchmark (``bench/detection.py``) measures from this moment to polycopy having
stored the fill, so it needs the emulator's side of the clock per source: the Data API shows
a trade's rows once it is placed and the indexing lag has passed, RTDS when its activity
message is sent (after its own lag), the chain when the block carrying the trade's logs is
announced on the websocket. Times are wall-clock (``time.time()``), comparable with another
process on the same host. Only the first showing of a transaction counts (a reorg's
re-announcement does not); the oldest entries go once ``KEPT`` are held per source.
"""

from __future__ import annotations

import time
from decimal import Decimal
from enum import StrEnum

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from polycopy.emulator.events import Event, OrderPlaced
from polycopy.emulator.state import EmulatorState
from polycopy.emulator.wire import JSONResponse

#: Transactions remembered per source (a long emulator run stays bounded).
KEPT = 100_000


class Shown(StrEnum):
    DATA_API = "data_api"
    RTDS = "rtds"
    CHAIN = "chain"


class Visibility:
    """First wall-clock time each transaction hash was shown on each source."""

    def __init__(self, state: EmulatorState) -> None:
        self.state = state
        self._at: dict[Shown, dict[str, float]] = {source: {} for source in Shown}

    def on_event(self, event: Event) -> None:
        """A placed order's trades reach the Data API's rows once the indexing lag (emulated
        seconds) has passed."""
        if isinstance(event, OrderPlaced) and event.placement.trades:
            lag = float(self.state.faults.indexing_lag()) / self.state.time_factor
            at = time.time() + lag
            for trade in event.placement.trades:
                self.shown(Shown.DATA_API, trade.transaction_hash, at)

    def shown(self, source: Shown, transaction_hash: str, at: float | None = None) -> None:
        seen = self._at[source]
        key = transaction_hash.lower()
        if key in seen:
            return
        seen[key] = time.time() if at is None else at
        if len(seen) > KEPT:
            del seen[next(iter(seen))]

    def report(self) -> dict[str, dict[str, Decimal]]:
        """Per source, transaction hash → unix seconds (microseconds kept)."""
        return {
            source.value: {tx: Decimal(f"{at:.6f}") for tx, at in seen.items()}
            for source, seen in self._at.items()
        }

    def routes(self) -> list[BaseRoute]:
        async def visibility(_: Request) -> Response:
            return JSONResponse(self.report())

        return [Route("/visibility", visibility, methods=["GET"])]
