"""Crash and fault tests: whatever instruction the executor dies at, the venue sees one order.

The emulator runs over loopback; a wrapper around the real venue adapter kills the executor
(raises) just before or just after the real send, as a process crash would.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

import pytest
from sqlalchemy import select

from polycopy.engine import CopyEngine
from polycopy.kit.db import Database
from polycopy.kit.money import MICRO
from polycopy.models import ExchangeFill, Lot, Order, OrderEvent
from polycopy.orders.executor import LEASE
from polycopy.orders.types import OrderStatus
from polycopy.signals.types import TradeSide
from polycopy.venues.base import (
    ExecutionVenue,
    OrderLookup,
    SignedOrder,
    SubmitOutcome,
    SubmitResult,
)
from tests.pipeline_support import running_sim, utcnow


class Crash(Exception):
    """Stands for the process dying at this instruction."""


class CrashingVenue:
    def __init__(self, inner: ExecutionVenue, *, when: str) -> None:
        self.inner = inner
        self.when = when
        self.armed = True

    async def submit_batch(self, orders: Sequence[SignedOrder]) -> list[SubmitResult]:
        if self.armed and self.when == "before_send":
            self.armed = False
            raise Crash
        results = await self.inner.submit_batch(orders)
        if self.armed and self.when == "after_send":
            self.armed = False
            raise Crash
        return results

    async def lookup(self, order_hash: str, *, side: TradeSide) -> OrderLookup:
        return await self.inner.lookup(order_hash, side=side)


async def _orders(db: Database) -> list[Order]:
    async with db.transaction() as session:
        return list((await session.scalars(select(Order).order_by(Order.id))).all())


async def _decide_then_execute(engine: CopyEngine) -> None:
    await engine.decide_pending()
    await engine.step()


@pytest.mark.parametrize("when", ["before_send", "after_send"])
@pytest.mark.parametrize("path", ["sent_by_the_decider", "sent_from_the_queue"])
async def test_a_crash_around_the_send_never_makes_a_second_order(
    db: Database, when: str, path: str
) -> None:
    async with running_sim(db) as sim:
        sim.leader_trades(buy=True)
        at_once = path == "sent_by_the_decider"
        crashing = sim.engine(
            "doomed", wrap_venue=lambda v: CrashingVenue(v, when=when), send_at_once=at_once
        )
        await crashing.poll_once()
        with pytest.raises(Crash):
            await _decide_then_execute(crashing)
        orders = await _orders(db)
        stuck = [o for o in orders if o.status is OrderStatus.SUBMITTING]
        assert len(stuck) == 1
        signed_hash = stuck[0].order_hash
        venue_before = len(sim.follower_orders())
        assert venue_before == (1 if when == "after_send" else 0)

        # The crashed worker's lease runs out; a restarted worker takes over.
        later = lambda: utcnow() + LEASE + dt.timedelta(seconds=1)  # noqa: E731
        restarted = sim.engine("restarted", now=later)
        await restarted.start()  # start-up reconciliation resolves the in-flight order
        await restarted.step()

        orders = await _orders(db)
        resolved = next(o for o in orders if o.id == stuck[0].id)
        assert resolved.status is OrderStatus.FILLED
        assert resolved.order_hash == signed_hash  # never re-signed
        venue_orders = [o for o in sim.follower_orders() if o.order_id == signed_hash]
        assert len(venue_orders) == 1  # one order at the venue, whatever happened
        async with db.transaction() as session:
            fills = (
                await session.scalars(
                    select(ExchangeFill).where(ExchangeFill.order_id == resolved.id)
                )
            ).all()
            lots = (
                await session.scalars(
                    select(Lot).where(Lot.opened_by_fill_id.in_([f.id for f in fills]))
                )
            ).all()
            events = (
                await session.scalars(
                    select(OrderEvent.to_status).where(OrderEvent.order_id == resolved.id)
                )
            ).all()
        assert len(fills) == 1
        assert fills[0].size_micros > 0
        assert [lot.size_micros for lot in lots] == [fills[0].size_micros]
        expected_path = (
            [OrderStatus.SUBMITTING, OrderStatus.SIGNED, OrderStatus.SUBMITTING, OrderStatus.FILLED]
            if when == "before_send"
            else [OrderStatus.SUBMITTING, OrderStatus.FILLED]
        )
        assert list(events)[-len(expected_path) :] == expected_path


class ThrottledVenue:
    """The venue answers 429 to every send (rate limited) until it is made healthy."""

    def __init__(self, inner: ExecutionVenue) -> None:
        self.inner = inner
        self.sends = 0
        self.healthy = False

    async def submit_batch(self, orders: Sequence[SignedOrder]) -> list[SubmitResult]:
        self.sends += len(orders)
        if self.healthy:
            return await self.inner.submit_batch(orders)
        return [SubmitResult(SubmitOutcome.RETRY, error="HTTP 429") for _ in orders]

    async def lookup(self, order_hash: str, *, side: TradeSide) -> OrderLookup:
        return await self.inner.lookup(order_hash, side=side)


async def test_retryable_errors_back_off_then_dead_letter_with_the_same_bytes(
    db: Database,
) -> None:
    from polycopy.orders import service

    async with running_sim(db) as sim:
        sim.leader_trades(buy=True)
        venues: list[ThrottledVenue] = []

        def wrap(v: ExecutionVenue) -> ExecutionVenue:
            venues.append(ThrottledVenue(v))
            return venues[-1]

        engine = sim.engine("throttled", wrap_venue=wrap)
        await engine.poll_once()
        await engine.decide_pending()
        await engine.step()
        first = (await _orders(db))[0]
        assert first.status is OrderStatus.SIGNED
        assert first.next_attempt_at is not None
        assert first.attempts == 1
        payload = first.signed_payload
        # Make every retry due at once until the attempts run out (a state, not a count of
        # steps: a loaded machine may leave a step with nothing due; the breaker, tested on
        # its own, is kept closed).
        for _ in range(10 * service.MAX_SEND_ATTEMPTS):
            final = next(o for o in await _orders(db) if o.id == first.id)
            if final.status is OrderStatus.DEAD_LETTERED:
                break
            async with db.transaction() as session:
                for order in (await session.scalars(select(Order))).all():
                    order.next_attempt_at = None
            engine._executor.breaker.record_success()
            await engine.step()
        final = next(o for o in await _orders(db) if o.id == first.id)
        assert final.status is OrderStatus.DEAD_LETTERED
        assert final.attempts == service.MAX_SEND_ATTEMPTS
        assert final.signed_payload == payload  # every attempt sent the same signed bytes
        assert sum(v.sends for v in venues) >= service.MAX_SEND_ATTEMPTS
        assert "429" in (final.last_error or "")
        assert not [o for o in sim.follower_orders() if o.order_id == final.order_hash]


def test_backoff_grows_and_is_capped() -> None:
    from polycopy.orders.service import BACKOFF_CAP, backoff

    rng = random.Random(1)
    samples = [max(backoff(n, rng) for _ in range(200)) for n in (1, 3, 20)]
    assert samples[0] < samples[1] <= BACKOFF_CAP
    assert samples[2] <= BACKOFF_CAP


async def test_an_admin_retry_of_a_dead_letter_sends_the_same_bytes_once(db: Database) -> None:
    from polycopy.orders.service import retry_dead_letter

    async with running_sim(db) as sim:
        sim.leader_trades(buy=True)
        engine = sim.engine("throttled", wrap_venue=ThrottledVenue)
        await engine.poll_once()
        await engine.decide_pending()
        for _ in range(8):
            async with db.transaction() as session:
                for order in (await session.scalars(select(Order))).all():
                    order.next_attempt_at = None
            engine._executor.breaker.record_success()  # keep the breaker out of this test
            await engine.step()
        dead = [o for o in await _orders(db) if o.status is OrderStatus.DEAD_LETTERED]
        assert dead
        async with db.transaction() as session:
            for order in (await session.scalars(select(Order))).all():
                if order.status is OrderStatus.DEAD_LETTERED:
                    await retry_dead_letter(session, order, actor="admin")
        healthy = sim.engine("healthy")
        await healthy.step()
        for before in dead:
            after = next(o for o in await _orders(db) if o.id == before.id)
            assert after.status is OrderStatus.FILLED
            assert after.order_hash == before.order_hash
            assert len([o for o in sim.follower_orders() if o.order_id == after.order_hash]) == 1


async def test_the_breaker_pauses_sending_while_the_venue_fails_then_resumes(
    db: Database,
) -> None:
    clock = [utcnow()]

    async with running_sim(db) as sim:
        sim.leader_trades(buy=True, shares=20 * MICRO)
        sim.leader_trades(buy=True, shares=20 * MICRO)
        throttled: list[ThrottledVenue] = []

        def wrap(v: ExecutionVenue) -> ExecutionVenue:
            throttled.append(ThrottledVenue(v))
            return throttled[-1]

        engine = sim.engine("flaky", now=lambda: clock[0], wrap_venue=wrap)
        await engine.poll_once()
        await engine.decide_pending()
        executor = engine._executor
        executor.breaker.threshold = 2
        for _ in range(4):
            async with db.transaction() as session:
                for order in (await session.scalars(select(Order))).all():
                    order.next_attempt_at = None
            await executor.run_due()
        assert executor.breaker.state(clock[0]).value == "open"
        sends = throttled[0].sends
        assert await executor.run_due() == 0  # paused: nothing is sent
        assert throttled[0].sends == sends
        # The venue recovers and the cool-down passes: sending resumes and orders fill.
        throttled[0].healthy = True
        clock[0] += executor.breaker.max_cooldown
        async with db.transaction() as session:
            for order in (await session.scalars(select(Order))).all():
                order.next_attempt_at = None
        await executor.run_due()
        statuses = {o.status for o in await _orders(db)}
        assert OrderStatus.FILLED in statuses
        assert executor.breaker.state(clock[0]).value == "closed"
