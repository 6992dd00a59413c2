"""``polycopy worker``: the copy engine as a long-running process.

It reconciles before it trades, then polls, decides and executes until told to stop
(SIGINT/SIGTERM finish the current round). Killed outright, it loses nothing: the next start
reconciles whatever was in flight.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import signal
from pathlib import Path

import structlog

from polycopy.config import Settings
from polycopy.engine import EngineTimings, VenueUrls, build_engine
from polycopy.kit.crypto import SecretBox
from polycopy.kit.db import Database
from polycopy.kit.errors import ConfigError
from polycopy.kit.http import http_client

log = structlog.get_logger(__name__)
STALE_BUY_AFTER = dt.timedelta(minutes=5)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def venue_urls(settings: Settings, urls_file: Path | None) -> VenueUrls:
    """Polymarket's URLs from the settings, or an emulator's from its ``--urls-file``."""
    if urls_file is None:
        return VenueUrls(
            clob=settings.clob_url, data=settings.data_api_url, gamma=settings.gamma_url
        )
    try:
        urls = json.loads(urls_file.read_text())
        return VenueUrls(clob=urls["clob"], data=urls["data"], gamma=urls["gamma"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"urls_file: cannot read service URLs from {urls_file}: {exc}") from None


async def run_worker(settings: Settings, urls: VenueUrls, *, worker_id: str) -> None:
    db = Database(settings.database)
    box = SecretBox(settings.secret_key.get_secret_value())
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        async with http_client(settings.venue_timeout_seconds) as http:
            engine = build_engine(
                db,
                box,
                http,
                urls=urls,
                timings=EngineTimings(
                    poll_interval=dt.timedelta(seconds=settings.poll_interval_seconds),
                    stale_after=STALE_BUY_AFTER,
                ),
                worker_id=worker_id,
                now=utcnow,
                lease=dt.timedelta(seconds=settings.order_lease_seconds),
            )
            log.info("worker.started", worker_id=worker_id, mode=settings.mode.value)
            await engine.run(stop)
            log.info("worker.stopped", worker_id=worker_id)
    finally:
        await db.dispose()
