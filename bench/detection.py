"""Detection latency: from a fill becoming visible on a source to polycopy having stored it.

Runs polycopy's detector (``signals.detector``, as ``polycopy worker`` and ``polycopy ingest``
build it) with all three sources on at once: chain logs over the websocket, RTDS, and Data
API polling (the adaptive poller at the deployment's ``poll_interval_seconds``). The emulator
runs in a process of its own, as the venue does in production, and notes the wall-clock time
it showed each fill on each source (``GET /admin/visibility``: the Data API once the trade is
placed and indexed, RTDS when its activity message goes out, the chain when the block
carrying the logs is announced). Polycopy's side is the moment each source's report of the
fill was committed (the first one creates the fill, later ones are its sightings).

The leader's fills come at random moments (``--gap`` apart at most), so they fall anywhere
within a poll interval; blocks are mined after each fill (``POST /admin/chain/mine``) as well
as every two seconds. Prints p50/p99/max per source, in milliseconds. The target is at most
50 ms p99 after the source shows the fill: a push source (chain, RTDS) is measured against it
directly; a polled source waits for its next poll, so the baseline, measured in the same run,
is one bare ``GET /v2/activity`` round trip: the rest of the Data API's figure is that wait.

    .venv/bin/python bench/detection.py [--fills 40] [--gap 0.3] [--postgres URL] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import httpx
from reaction import EmulatorProcess, fresh_database, percentile, seed, utcnow

from polycopy.config import Settings
from polycopy.kit.crypto import SecretBox
from polycopy.kit.db import Database
from polycopy.kit.http import http_client
from polycopy.kit.logging import configure_logging
from polycopy.kit.money import MICRO
from polycopy.signals.detector import DetectionUrls, Detector, build_detector
from polycopy.signals.service import CursorAdvance, Ingest, LeaderFillReport
from polycopy.signals.sources.data_api import WATCHED_TYPES
from polycopy.signals.types import FillSource
from polycopy.venues.polymarket.data_api import DataApiClient

#: The emulator's name of each source (``emulator/visibility.py``).
SOURCES = {FillSource.CHAIN: "chain", FillSource.RTDS: "rtds", FillSource.DATA_API: "data_api"}


class TimedIngest(Ingest):
    """The detector's ingest, noting when each source's report of a transaction committed."""

    def __init__(self, db: Database) -> None:
        super().__init__(db, now=utcnow)
        self.stored: dict[tuple[FillSource, str], float] = {}

    async def record(
        self, reports: Sequence[LeaderFillReport], *, advance: CursorAdvance | None = None
    ) -> int:
        created = await super().record(reports, advance=advance)
        committed = time.time()
        for report in reports:
            self.stored.setdefault((report.source, report.transaction_hash.lower()), committed)
        return created


def settings(urls: dict[str, str], sources: set[FillSource]) -> Settings:
    """These sources on, the deployment's defaults otherwise."""
    return Settings(
        mode="sim",
        secret_key="bench-secret" * 3,
        detect_chain=FillSource.CHAIN in sources,
        detect_rtds=FillSource.RTDS in sources,
        detect_data_api=FillSource.DATA_API in sources,
        rtds_url=urls["rtds"],
        polygon_rpc_url=urls["rpc_http"],
        polygon_ws_url=urls["rpc_ws"],
    )


async def detect(
    emulator: EmulatorProcess,
    http: httpx.AsyncClient,
    sources: set[FillSource],
    *,
    fills: int,
    gap: float,
    postgres: str | None,
    tmp: Path,
) -> dict[FillSource, list[float]]:
    """``fills`` leader fills at random moments, detected by these sources on a fresh
    database; per source, each fill's milliseconds from shown to stored."""
    urls = emulator.urls
    rng = random.Random(11)
    async with fresh_database(postgres, tmp, f"bench-detection-{len(sources)}") as db:
        await seed(db, SecretBox("bench-secret"), emulator.leader, 1)  # the leader followed
        config = settings(urls, sources)
        detection = DetectionUrls(
            data=urls["data"],
            gamma=urls["gamma"],
            rtds=urls["rtds"],
            rpc_http=urls["rpc_http"],
            rpc_ws=urls["rpc_ws"],
        )
        built = build_detector(db, http, config, detection, now=utcnow)
        ingest = TimedIngest(db)
        detector = Detector(ingest, built.sources, refresh_interval=config.follow_refresh_seconds)
        stop = asyncio.Event()
        running = asyncio.create_task(detector.run(stop))
        try:
            # A first fill, not measured: connections open, the market's tokens cached.
            await _fill(emulator, http)
            await _until_stored(ingest, len(sources), running)
            warm = {tx for _, tx in ingest.stored}
            for _ in range(fills):
                await asyncio.sleep(rng.uniform(0, gap))
                await _fill(emulator, http)
            await _until_stored(ingest, len(sources) * (len(warm) + fills), running)
        finally:
            stop.set()
            await running
    shown = (await http.get(f"{urls['admin']}/visibility")).raise_for_status().json()
    return {
        source: [
            (stored - float(shown[SOURCES[source]][tx])) * 1000
            for (found, tx), stored in ingest.stored.items()
            if found is source and tx not in warm
        ]
        for source in sources
    }


def figures(lags: list[float]) -> dict[str, float]:
    return {
        "n": len(lags),
        "p50_ms": round(percentile(lags, 0.5), 1),
        "p99_ms": round(percentile(lags, 0.99), 1),
        "max_ms": round(max(lags), 1),
    }


async def measure(fills: int, gap: float, postgres: str | None, tmp: Path) -> dict[str, object]:
    """All three sources side by side (as a worker with every source on), then the Data API
    alone (a deployment without the push sources: its poller is the only one finding fills,
    so it stays at its base interval while the leader trades)."""
    emulator = EmulatorProcess(seed=11, level_size=100 * MICRO)
    try:
        async with http_client(30) as http:
            run = functools.partial(detect, fills=fills, gap=gap, postgres=postgres, tmp=tmp)
            together = await run(emulator, http, set(SOURCES))
            alone = await run(emulator, http, {FillSource.DATA_API})
            request = await activity_request_ms(emulator, http, 30)
    finally:
        await emulator.close()
    config = Settings(mode="sim")
    report: dict[str, object] = {
        "fills": fills,
        "poll_interval_ms": config.poll_interval_seconds * 1000,
        "poll_max_interval_ms": config.poll_max_interval_seconds * 1000,
    }
    for source, name in SOURCES.items():
        report[name] = figures(together[source])
    report["data_api_alone"] = figures(alone[FillSource.DATA_API])
    report["baseline_activity_request"] = figures(request)
    return report


async def activity_request_ms(
    emulator: EmulatorProcess, http: httpx.AsyncClient, rounds: int
) -> list[float]:
    """The baseline: one bare ``GET /v2/activity`` of the leader (a poll reads it and
    ``/v2/trades``), so the Data API's figures split into waiting for the next poll and
    the poll itself."""
    client = DataApiClient(http, emulator.urls["data"])
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        await client.activity_page(emulator.leader, types=WATCHED_TYPES)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


async def _fill(emulator: EmulatorProcess, http: httpx.AsyncClient) -> None:
    """One leader buy, then a block carrying it."""
    await emulator.call("leader_buys")
    (await http.post(f"{emulator.urls['admin']}/chain/mine")).raise_for_status()


async def _until_stored(ingest: TimedIngest, count: int, running: asyncio.Task[None]) -> None:
    async with asyncio.timeout(120):
        while len(ingest.stored) < count:
            if running.done():
                running.result()
                raise RuntimeError("the detector stopped")
            await asyncio.sleep(0.005)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fills", type=int, default=40)
    parser.add_argument("--gap", type=float, default=0.3, help="most seconds between fills")
    parser.add_argument("--postgres", help="a PostgreSQL server URL (default: SQLite)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    configure_logging("ERROR")
    with tempfile.TemporaryDirectory() as tmp:
        report = asyncio.run(measure(args.fills, args.gap, args.postgres, Path(tmp)))
    if args.json:
        print(json.dumps(report))
        return 0
    print(
        f"{args.fills} fills; Data API polled every {report['poll_interval_ms']:.0f} ms, "
        f"a quiet leader down to every {report['poll_max_interval_ms']:.0f} ms; "
        "shown on the source → stored, and the baseline: one bare GET /v2/activity"
    )
    for name in [*SOURCES.values(), "data_api_alone", "baseline_activity_request"]:
        row = report[name]
        assert isinstance(row, dict)
        print(
            f"  {name:25} p50 {row['p50_ms']:8.1f} ms  "
            f"p99 {row['p99_ms']:8.1f} ms  max {row['max_ms']:8.1f} ms  (n={row['n']})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
