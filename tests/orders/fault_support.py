"""Helpers for the executor's fault and multi-worker tests (emulator over loopback)."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
from collections.abc import Callable, Sequence
from typing import Any

import httpx
from sqlalchemy import select

from polycopy.copying.types import DecisionAction
from polycopy.engine import CopyEngine, EngineTimings, VenueUrls, build_engine
from polycopy.kit.db import Database
from polycopy.models import Decision, Order, OrderEvent
from polycopy.orders.executor import CLAIM_BATCH
from polycopy.signals.types import TradeSide
from polycopy.venues.base import ExecutionVenue, OrderLookup, SignedOrder, SubmitResult
from tests.pipeline_support import Sim, utcnow


class CountingVenue:
    """The real venue adapter, recording every send (order hash) and every answer."""

    def __init__(self, inner: ExecutionVenue, sent: list[str]) -> None:
        self.inner = inner
        self.sent = sent
        self.results: list[SubmitResult] = []

    async def submit_batch(self, orders: Sequence[SignedOrder]) -> list[SubmitResult]:
        self.sent.extend(order.order_hash for order in orders)
        results = await self.inner.submit_batch(orders)
        self.results.extend(results)
        return results

    async def lookup(self, order_hash: str, *, side: TradeSide) -> OrderLookup:
        return await self.inner.lookup(order_hash, side=side)


def engine(
    sim: Sim,
    worker_id: str,
    *,
    sent: list[str] | None = None,
    http: httpx.AsyncClient | None = None,
    now: Callable[[], dt.datetime] = utcnow,
    poll_interval: dt.timedelta = dt.timedelta(seconds=0.1),
    claim_batch: int = CLAIM_BATCH,
    wrap: Callable[[ExecutionVenue], ExecutionVenue] | None = None,
    send_at_once: bool = True,
) -> CopyEngine:
    """A pipeline wired to the emulator; every send is appended to ``sent``."""
    record = sent if sent is not None else []

    def wrap_venue(venue: ExecutionVenue) -> ExecutionVenue:
        counted = CountingVenue(venue, record)
        return wrap(counted) if wrap is not None else counted

    urls = sim.server.base_urls
    return build_engine(
        sim.db,
        sim.box,
        http or sim.http,
        urls=VenueUrls(clob=urls["clob"], data=urls["data"], gamma=urls["gamma"]),
        timings=EngineTimings(poll_interval=poll_interval, stale_after=dt.timedelta(minutes=5)),
        worker_id=worker_id,
        now=now,
        rng=random.Random(0),
        wrap_venue=wrap_venue,
        claim_batch=claim_batch,
        send_at_once=send_at_once,
    )


async def set_faults(sim: Sim, body: dict[str, Any]) -> None:
    """``POST /admin/faults`` at run time, as an operator (or a chaos script) would."""
    response = await sim.http.post(sim.server.base_urls["admin"] + "/faults", json=body)
    assert response.status_code == 200, response.text


async def clear_faults(sim: Sim) -> None:
    response = await sim.http.delete(sim.server.base_urls["admin"] + "/faults")
    assert response.status_code == 200, response.text


async def orders(db: Database) -> list[Order]:
    async with db.transaction() as session:
        return list((await session.scalars(select(Order).order_by(Order.id))).all())


async def events(db: Database, order_id: int) -> list[OrderEvent]:
    async with db.transaction() as session:
        stmt = select(OrderEvent).where(OrderEvent.order_id == order_id).order_by(OrderEvent.id)
        return list((await session.scalars(stmt)).all())


async def assert_one_order_per_copy_decision(db: Database) -> list[Order]:
    """No lost decision: every copy decision has exactly one order (and no order is orphaned)."""
    async with db.transaction() as session:
        copies = (
            await session.scalars(select(Decision.id).where(Decision.action == DecisionAction.COPY))
        ).all()
        rows = list((await session.scalars(select(Order).order_by(Order.id))).all())
    assert copies, "the scenario produced no copy decision"
    assert sorted(o.decision_id for o in rows) == sorted(copies)
    return rows


def assert_one_venue_order_each(sim: Sim, rows: list[Order]) -> None:
    """The exchange holds exactly one order per stored order hash, and nothing else."""
    at_venue = [o.order_id for o in sim.follower_orders()]
    assert sorted(at_venue) == sorted(o.order_hash for o in rows if o.order_hash in at_venue)
    assert len(at_venue) == len(set(at_venue))
    assert set(at_venue) <= {o.order_hash for o in rows}


async def until(condition: Callable[[], Any], *, within: float = 20.0, every: float = 0.05) -> None:
    """Wait (bounded) until ``condition()`` (sync or async) is true."""
    async with asyncio.timeout(within):
        while True:
            value = condition()
            if asyncio.iscoroutine(value):
                value = await value
            if value:
                return
            await asyncio.sleep(every)
