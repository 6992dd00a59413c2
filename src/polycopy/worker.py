"""``polycopy worker``: the copy engine as a long-running process.

It reconciles before it trades, then decides and executes until told to stop (SIGINT/SIGTERM
finish the current round), while the detector (``signals.detector``) runs the enabled sources
beside it, as ``polycopy ingest`` does: the Data API poller with its adaptive intervals and
backoff (``poll_max_interval_seconds``), the chain and RTDS streams. Killed outright, it loses
nothing: the next start reconciles whatever was in flight and detection resumes from its
cursors.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import signal

import structlog

from polycopy.admin.keys import box_from_settings
from polycopy.admin.runtime import report_runtime
from polycopy.alerts.service import AlertEvaluator
from polycopy.backtest.jobs import BacktestRunner
from polycopy.billing.service import BillingSweeper
from polycopy.config import Settings
from polycopy.engine import EngineTimings, VenueUrls, build_engine
from polycopy.kit.clock import follow_clock
from polycopy.kit.db import Database
from polycopy.kit.heap import settle_after_startup
from polycopy.kit.http import http_client
from polycopy.kit.outbound import OutboundPolicy
from polycopy.leaders.drift_service import DriftWatcher, drift_thresholds
from polycopy.models.base import utcnow
from polycopy.orders.reconciliation import ReconcileSettings
from polycopy.signals.backfill import Backfiller
from polycopy.signals.detector import DetectionUrls, build_detector
from polycopy.venues.polymarket.data_api import DataApiClient
from polycopy.venues.polymarket.ratelimit import shared_readings

log = structlog.get_logger(__name__)


def venue_urls(settings: Settings) -> VenueUrls:
    """The venue's URLs (an emulator's once ``Settings.with_urls_file`` has read its file)."""
    return VenueUrls(
        clob=settings.venue("clob_url"),
        data=settings.venue("data_api_url"),
        gamma=settings.venue("gamma_url"),
        relayer=settings.relayer_url or "",
        clob_ws_user=settings.clob_ws_user_url or "",
        rpc=settings.polygon_rpc_url or "",
    )


def reconcile_settings(settings: Settings, urls: VenueUrls) -> ReconcileSettings:
    positions = settings.reconcile_positions_seconds
    return ReconcileSettings(
        user_channel_url=urls.clob_ws_user if settings.reconcile_user_channel else "",
        stall_after=settings.user_channel_stall_seconds,
        sweep_every=dt.timedelta(seconds=settings.reconcile_sweep_seconds),
        positions_every=dt.timedelta(seconds=positions) if positions else None,
        position_grace=dt.timedelta(seconds=settings.reconcile_position_grace_seconds),
    )


async def run_worker(
    settings: Settings,
    urls: VenueUrls,
    *,
    worker_id: str,
    detection: DetectionUrls | None = None,
) -> None:
    db = Database(settings.database)
    box = box_from_settings(settings)  # previous keys too: rotation runs with workers up
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        now = await follow_clock(settings.clock_url, timeout_seconds=settings.venue_timeout_seconds)
        async with http_client(settings.venue_timeout_seconds) as http:
            engine = build_engine(
                db,
                box,
                http,
                urls=urls,
                timings=EngineTimings(
                    poll_interval=dt.timedelta(seconds=settings.poll_interval_seconds),
                    stale_after=dt.timedelta(seconds=settings.stale_buy_after_seconds),
                ),
                worker_id=worker_id,
                now=now,
                lease=dt.timedelta(seconds=settings.order_lease_seconds),
                poll=False,  # the detector's Data API poller detects
                reconcile=reconcile_settings(settings, urls),
            )
            detection = detection or DetectionUrls(
                data=urls.data,
                gamma=urls.gamma,
                rtds=settings.rtds_url,
                rpc_http=settings.polygon_rpc_url,
                rpc_ws=settings.polygon_ws_url,
            )
            detector = build_detector(db, http, settings, detection, now=now)
            settle_after_startup()
            log.info("worker.started", worker_id=worker_id, mode=settings.mode.value)
            async with asyncio.TaskGroup() as group:
                if detector.sources:
                    group.create_task(detector.run(stop))
                group.create_task(engine.run(stop))
                # Leaders' histories (``signals/backfill.py``) and their statistics.
                group.create_task(Backfiller(db, DataApiClient(http, urls.data), now=now).run(stop))
                # Followed leaders departing from their own history (``leaders/drift_service.py``).
                group.create_task(
                    DriftWatcher(
                        db,
                        now=now,
                        thresholds=drift_thresholds(settings),
                        every=dt.timedelta(seconds=settings.drift_check_seconds),
                    ).run(stop)
                )
                # Alert conditions, sent to channels and webhooks (``alerts/service.py``).
                group.create_task(
                    AlertEvaluator(
                        db,
                        box,
                        OutboundPolicy.parse(settings.outbound_allow_hosts),
                        now=now,
                        every=dt.timedelta(seconds=settings.alert_check_seconds),
                    ).run(stop)
                )
                # Subscriptions whose time came (``billing/service.py``).
                group.create_task(
                    BillingSweeper(
                        db,
                        settings,
                        now=utcnow,
                        every=dt.timedelta(seconds=settings.billing_sweep_seconds),
                    ).run(stop)
                )
                # Backtests the API queued (``backtest/jobs.py``).
                group.create_task(
                    BacktestRunner(
                        db,
                        now=now,
                        stale_after=dt.timedelta(seconds=settings.stale_buy_after_seconds),
                    ).run(stop)
                )
                group.create_task(
                    report_runtime(
                        db,
                        worker_id,
                        stop,
                        every=settings.runtime_report_seconds,
                        now=now,
                        rate_limits=shared_readings,
                        breakers=engine.breakers,
                    )
                )
            log.info("worker.stopped", worker_id=worker_id)
    finally:
        await db.dispose()
