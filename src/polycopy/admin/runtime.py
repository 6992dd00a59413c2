"""In-process state (circuit breakers, rate limits) that workers publish for the admin API.

Breakers and token buckets live in each worker's memory; the API runs elsewhere. A worker
calls ``publish_runtime_state`` now and then, and the admin endpoint shows the last report
of every worker with its time, so a stale report is visibly stale.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.admin.repository import RUNTIME_PREFIX, SystemSettingRepository
from polycopy.kit.breaker import CircuitBreaker
from polycopy.kit.db import Database

log = structlog.get_logger(__name__)


def breaker_state(breaker: CircuitBreaker, now: dt.datetime) -> dict[str, Any]:
    return {
        "name": breaker.name,
        "state": breaker.state(now).value,
        "failures": breaker.failures,
        "openings": breaker.openings,
        "opened_until": breaker.opened_until.isoformat() if breaker.opened_until else None,
    }


async def publish_runtime_state(
    session: AsyncSession,
    worker_id: str,
    *,
    breakers: Iterable[CircuitBreaker],
    rate_limits: Mapping[str, Mapping[str, Any]],
    now: dt.datetime,
) -> None:
    """Store this worker's breaker states and rate-limit readings (JSON-safe values)."""
    await SystemSettingRepository(session).put(
        (RUNTIME_PREFIX + worker_id)[:100],
        {
            "reported_at": now.isoformat(),
            "breakers": [breaker_state(b, now) for b in breakers],
            "rate_limits": {name: dict(values) for name, values in rate_limits.items()},
        },
    )


async def report_runtime(
    db: Database,
    worker_id: str,
    stop: asyncio.Event,
    *,
    every: float,
    now: Callable[[], dt.datetime],
    breakers: Callable[[], Iterable[CircuitBreaker]] = tuple,
    rate_limits: Callable[[], Mapping[str, Mapping[str, Any]]] = dict,
) -> None:
    """Publish this worker's state now, then every ``every`` seconds and once more when
    ``stop`` is set. A failed report is logged and retried: it must not stop the worker."""
    while True:
        try:
            async with db.transaction() as session:
                await publish_runtime_state(
                    session, worker_id, breakers=breakers(), rate_limits=rate_limits(), now=now()
                )
        except Exception:  # the database may be briefly away: report next time
            log.exception("runtime.report_failed", worker_id=worker_id)
        if stop.is_set():
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), every)
