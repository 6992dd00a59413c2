"""Run the enabled detection sources side by side, each supervised, all fed the same
followed wallets (re-read every ``refresh_interval``, so following or dropping a leader takes
effect without a restart).

A source whose run ends or fails is restarted after a backoff; on restart it resumes from its
cursors (chain, Data API) and so back-fills the gap. While one source is down the others keep
reporting, and any of them suffices to create the fill.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import httpx
import structlog

from polycopy.config import Settings
from polycopy.kit.db import Database
from polycopy.kit.errors import ConfigError
from polycopy.signals import metrics
from polycopy.signals.service import Ingest
from polycopy.signals.sources.chain import ChainSource, TokenMarkets
from polycopy.signals.sources.data_api import DataApiActivitySource, DataApiPoller
from polycopy.signals.sources.rtds import RtdsSource
from polycopy.signals.types import FillSource
from polycopy.venues.polymarket.chain import PolygonRpc
from polycopy.venues.polymarket.data_api import DataApiClient
from polycopy.venues.polymarket.gamma import GammaClient

log = structlog.get_logger(__name__)


class Source(Protocol):
    name: FillSource

    @property
    def healthy(self) -> bool: ...

    def follow(self, leaders: dict[str, int]) -> None: ...

    async def run(self, ingest: Ingest, stop: asyncio.Event) -> None: ...


class Detector:
    def __init__(
        self,
        ingest: Ingest,
        sources: list[Source],
        *,
        refresh_interval: float = 2.0,
        restart_backoff: float = 0.5,
    ) -> None:
        self.ingest = ingest
        self.sources = sources
        self.refresh_interval = refresh_interval
        self.restart_backoff = restart_backoff
        self.followed: dict[str, int] = {}

    async def refresh(self) -> None:
        followed = await self.ingest.followed()
        if followed != self.followed:
            log.info("detect.followed", wallets=len(followed))
        self.followed = followed
        for source in self.sources:
            source.follow(followed)

    async def run(self, stop: asyncio.Event) -> None:
        await self.refresh()
        async with asyncio.TaskGroup() as group:
            for source in self.sources:
                group.create_task(self._supervise(source, stop))
            while not stop.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.refresh_interval)
                if not stop.is_set():
                    try:
                        await self.refresh()
                    except Exception:  # the database may be briefly away; keep detecting
                        log.exception("detect.refresh_failed")

    async def _supervise(self, source: Source, stop: asyncio.Event) -> None:
        failures = 0
        while not stop.is_set():
            try:
                await source.run(self.ingest, stop)
                failures = 0
            except Exception:
                failures += 1
                log.exception("detect.source_failed", source=source.name.value)
            if stop.is_set():
                return
            metrics.SOURCE_RECONNECTS.labels(source.name.value).inc()
            delay = min(30.0, self.restart_backoff * (1 << min(failures, 6)))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), delay)


@dataclass(frozen=True, slots=True)
class DetectionUrls:
    data: str
    gamma: str
    rtds: str | None
    rpc_http: str | None
    rpc_ws: str | None


def detection_urls(settings: Settings) -> DetectionUrls:
    """Polymarket's (or a node's) URLs, or an emulator's once ``with_urls_file`` read them."""
    return DetectionUrls(
        data=settings.venue("data_api_url"),
        gamma=settings.venue("gamma_url"),
        rtds=settings.rtds_url,
        rpc_http=settings.polygon_rpc_url,
        rpc_ws=settings.polygon_ws_url,
    )


def build_detector(
    db: Database,
    http: httpx.AsyncClient,
    settings: Settings,
    urls: DetectionUrls,
    *,
    now: Callable[[], dt.datetime],
) -> Detector:
    """The sources this deployment enables (``detect_*`` settings), over one ingest: those
    of ``polycopy ingest`` and of ``polycopy worker``."""
    ingest = Ingest(db, now=now)
    stale = settings.source_stale_after_seconds
    sources: list[Source] = []
    if settings.detect_chain:
        if not urls.rpc_http or not urls.rpc_ws:
            raise ConfigError("detect_chain needs polygon_rpc_url and polygon_ws_url")
        markets = TokenMarkets(db, GammaClient(http, urls.gamma))
        sources.append(
            ChainSource(
                PolygonRpc(http, urls.rpc_http),
                urls.rpc_ws,
                now=now,
                markets=markets,
                stale_after=stale,
                reorg_depth=settings.chain_reorg_depth_blocks,
            )
        )
    if settings.detect_rtds:
        if not urls.rtds:
            raise ConfigError("detect_rtds needs rtds_url")
        sources.append(RtdsSource(urls.rtds, now=now, stale_after=stale))
    if settings.detect_data_api:
        sources.append(
            DataApiPoller(
                DataApiActivitySource(DataApiClient(http, urls.data), now),
                interval=settings.poll_interval_seconds,
                max_interval=settings.poll_max_interval_seconds,
            )
        )
    return Detector(ingest, sources, refresh_interval=settings.follow_refresh_seconds)


async def run_ingest(settings: Settings, urls: DetectionUrls) -> None:
    """``polycopy ingest``: detection only, until SIGINT/SIGTERM. Killed outright it loses
    nothing: the next start resumes from the stored cursors. Several may run at once."""
    import signal

    from polycopy.kit.clock import follow_clock
    from polycopy.kit.http import http_client

    db = Database(settings.database)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        now = await follow_clock(settings.clock_url, timeout_seconds=settings.venue_timeout_seconds)
        async with http_client(settings.venue_timeout_seconds) as http:
            detector = build_detector(db, http, settings, urls, now=now)
            log.info("ingest.started", sources=[s.name.value for s in detector.sources])
            await detector.run(stop)
    finally:
        await db.dispose()
