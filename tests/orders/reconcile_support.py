"""Helpers for the reconciliation tests: a pipeline with fast reconciliation settings, a
venue whose answers lose what happened, and the venue's and polycopy's views of a follower."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Sequence

from sqlalchemy import func, select

from polycopy.engine import CopyEngine, EngineTimings, VenueUrls, build_engine
from polycopy.kit.db import Database
from polycopy.models import ExchangeFill, Lot, Order
from polycopy.orders.reconciliation import Reconciler, ReconcileSettings
from polycopy.signals.types import TradeSide
from polycopy.venues.base import (
    ExecutionVenue,
    OrderLookup,
    SignedOrder,
    SubmitOutcome,
    SubmitResult,
)
from tests.orders.fault_support import CountingVenue
from tests.pipeline_support import Sim, utcnow


class LosingVenue:
    """The real venue, but its accepted answers are misread: as a refusal (``rejected``:
    polycopy believes an order failed that filled) or as resting without fills (``live``)."""

    def __init__(self, inner: ExecutionVenue, misread: str) -> None:
        self.inner = inner
        self.misread = misread

    async def submit_batch(self, orders: Sequence[SignedOrder]) -> list[SubmitResult]:
        results = await self.inner.submit_batch(orders)
        return [self._misread(result) for result in results]

    def _misread(self, result: SubmitResult) -> SubmitResult:
        if result.outcome is not SubmitOutcome.ACCEPTED:
            return result
        if self.misread == "rejected":
            return SubmitResult(SubmitOutcome.REJECTED, error="test: answer misread")
        return dataclasses.replace(result, venue_status="live", fills=[])

    async def lookup(self, order_hash: str, *, side: TradeSide) -> OrderLookup:
        return await self.inner.lookup(order_hash, side=side)


def reconciling_engine(
    sim: Sim,
    *,
    channel: bool = False,
    misread: str | None = None,
    sweep_every: dt.timedelta = dt.timedelta(0),
    stall_after: float = 30.0,
    sent: list[str] | None = None,
) -> CopyEngine:
    """A pipeline against the emulator whose reconciler sweeps as often as asked, follows
    the user channel when ``channel``, and never checks positions by itself."""
    record = sent if sent is not None else []

    def wrap(venue: ExecutionVenue) -> ExecutionVenue:
        counted = CountingVenue(venue, record)
        return LosingVenue(counted, misread) if misread else counted

    urls = sim.server.base_urls
    user_channel = urls["clob_ws_user"] if channel else ""
    return build_engine(
        sim.db,
        sim.box,
        sim.http,
        urls=VenueUrls(
            clob=urls["clob"], data=urls["data"], gamma=urls["gamma"], clob_ws_user=user_channel
        ),
        timings=EngineTimings(
            poll_interval=dt.timedelta(seconds=0.1), stale_after=dt.timedelta(minutes=5)
        ),
        worker_id="reconcile-test",
        now=utcnow,
        rng=random.Random(0),
        wrap_venue=wrap,
        reconcile=ReconcileSettings(
            user_channel_url=user_channel,
            stall_after=stall_after,
            sweep_every=sweep_every,
            positions_every=None,
            position_grace=dt.timedelta(0),
        ),
    )


def reconciler(engine: CopyEngine) -> Reconciler:
    assert engine.reconciler is not None
    return engine.reconciler


async def all_orders(db: Database) -> list[Order]:
    async with db.transaction() as session:
        return list((await session.scalars(select(Order).order_by(Order.id))).all())


async def fills_of(db: Database, order_id: int) -> list[ExchangeFill]:
    async with db.transaction() as session:
        stmt = select(ExchangeFill).where(ExchangeFill.order_id == order_id)
        return list((await session.scalars(stmt.order_by(ExchangeFill.id))).all())


async def held(db: Database, account_id: int, token_id: str) -> int:
    """Shares polycopy's open lots hold."""
    async with db.transaction() as session:
        total = await session.scalar(
            select(func.sum(Lot.remaining_size_micros)).where(
                Lot.follower_account_id == account_id, Lot.token_id == token_id
            )
        )
    return int(total or 0)


def venue_trade_ids(sim: Sim, order_hash: str) -> set[str]:
    """The emulator's trades of one order (as taker or maker)."""
    return {
        trade.trade_id
        for trade in sim.server.state.trades.values()
        if order_hash in (trade.taker_order.order_id, trade.maker_order.order_id)
    }
