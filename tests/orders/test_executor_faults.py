"""The executor against the emulator's own fault injection (``POST /admin/faults``).

Each test turns a fault on at run time for ``POST /order`` only (look-ups by hash still
work, as they mostly do in real outages), drives the real pipeline, and checks the same
things: one order at the exchange per stored order, every copy decision has its order,
retryable errors are retried with the same signed bytes, permanent ones are kept with their
reason, and the breaker opens while the venue fails and closes once it recovers.

A stalled user channel is covered in ``test_user_channel.py`` (the reconciler's fallback to
``/data/trades`` polling, then its resubscription).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence

from sqlalchemy import select

from polycopy.kit.breaker import BreakerState
from polycopy.kit.db import Database
from polycopy.kit.http import http_client
from polycopy.kit.money import MICRO
from polycopy.models import ExchangeFill, Order
from polycopy.orders.types import OrderStatus
from polycopy.signals.types import TradeSide
from polycopy.venues.base import (
    ExecutionVenue,
    OrderLookup,
    SignedOrder,
    SubmitOutcome,
    SubmitResult,
)
from tests.orders.fault_support import (
    assert_one_order_per_copy_decision,
    assert_one_venue_order_each,
    clear_faults,
    engine,
    events,
    orders,
    set_faults,
)
from tests.pipeline_support import running_sim, utcnow

ORDER_ONLY = ["/order"]  # POST /order (and /orders); GET /data/order/{hash} is not faulted


async def _all_due(db: Database) -> None:
    async with db.transaction() as session:
        for order in (await session.scalars(select(Order))).all():
            order.next_attempt_at = None


async def test_a_5xx_burst_opens_the_breaker_then_every_order_fills_once(db: Database) -> None:
    clock = [utcnow()]
    async with running_sim(db) as sim:
        sim.leader_trades(buy=True, shares=20 * MICRO)
        sim.leader_trades(buy=True, shares=20 * MICRO)
        sent: list[str] = []
        pipeline = engine(sim, "w", sent=sent, now=lambda: clock[0])
        breaker = pipeline._executor.breaker
        await set_faults(sim, {"clob": {"error_rate": 1, "error_status": 500, "paths": ORDER_ONLY}})

        for _ in range(10):  # a 5xx may have reached the book: unknown, looked up, resent
            await pipeline.step()
            if breaker.state(clock[0]) is BreakerState.OPEN:
                break
        assert breaker.state(clock[0]) is BreakerState.OPEN
        assert len(sent) >= breaker.threshold
        assert sim.follower_orders() == []  # every 500 was refused before the book
        rows = await orders(db)
        assert all(o.status in (OrderStatus.SIGNED, OrderStatus.UNKNOWN) for o in rows)
        first_hashes = {o.id: o.order_hash for o in rows}
        reasons = [e.details.get("error", "") for o in rows for e in await events(db, o.id)]
        assert any("venue_server_error" in r and "500" in r for r in reasons)

        # Open: nothing goes out, however often the worker runs.
        paused = len(sent)
        await pipeline.step()
        await pipeline.step()
        assert len(sent) == paused

        # The venue recovers and the cool-down passes: one trial closes the breaker.
        await clear_faults(sim)
        clock[0] += breaker.max_cooldown
        await pipeline.step()
        await pipeline.step()
        assert breaker.state(clock[0]) is BreakerState.CLOSED
        rows = await assert_one_order_per_copy_decision(db)
        assert [o.status for o in rows] == [OrderStatus.FILLED] * len(rows)
        assert {o.id: o.order_hash for o in rows} == first_hashes  # never re-signed
        assert_one_venue_order_each(sim, rows)
        assert len(sim.follower_orders()) == len(rows)


async def test_429_with_retry_after_is_retried_later_with_the_same_bytes(db: Database) -> None:
    clock = [utcnow()]
    async with running_sim(db) as sim:
        sim.leader_trades(buy=True)
        sent: list[str] = []
        answered_at: list[float] = []

        class Timed:
            def __init__(self, inner: ExecutionVenue) -> None:
                self.inner = inner

            async def submit_batch(self, orders: Sequence[SignedOrder]) -> list[SubmitResult]:
                results = await self.inner.submit_batch(orders)
                answered_at.extend(time.monotonic() for _ in orders)
                return results

            async def lookup(self, order_hash: str, *, side: TradeSide) -> OrderLookup:
                return await self.inner.lookup(order_hash, side=side)

        pipeline = engine(sim, "w", sent=sent, now=lambda: clock[0], wrap=Timed)
        await set_faults(
            sim, {"clob": {"rate_limit_rate": 1, "retry_after_s": 2, "paths": ORDER_ONLY}}
        )
        await pipeline.step()
        (order,) = await orders(db)
        assert order.status is OrderStatus.SIGNED  # retryable: back in the queue
        assert order.attempts == 1
        assert "rate_limited" in (order.last_error or "")
        assert order.next_attempt_at is not None
        # The next attempt is no sooner than the venue's Retry-After (2 s).
        assert order.next_attempt_at >= clock[0] + dt.timedelta(seconds=2)
        assert sim.follower_orders() == []
        payload = order.signed_payload

        await pipeline.step()  # not due yet: nothing is sent
        assert len(sent) == 1

        await clear_faults(sim)
        clock[0] += dt.timedelta(minutes=1)  # past any backoff
        await pipeline.step()
        (order,) = await assert_one_order_per_copy_decision(db)
        assert order.status is OrderStatus.FILLED
        assert order.attempts == 2
        assert order.signed_payload == payload
        assert sent == [order.order_hash, order.order_hash]
        assert_one_venue_order_each(sim, [order])
        # The venue's Retry-After (2 s) held the resend back, although the order was due.
        assert answered_at[1] - answered_at[0] >= 1.5


async def test_sends_that_time_out_are_looked_up_and_resent_never_doubled(db: Database) -> None:
    clock = [utcnow()]
    async with running_sim(db) as sim, http_client(0.3) as impatient:
        sim.leader_trades(buy=True)
        sent: list[str] = []
        pipeline = engine(sim, "w", sent=sent, http=impatient, now=lambda: clock[0])
        breaker = pipeline._executor.breaker
        # The venue answers after the client has given up: every send's outcome is unknown.
        await set_faults(sim, {"clob": {"latency_ms": 1200, "paths": ORDER_ONLY}})
        await pipeline.step()
        (order,) = await orders(db)
        assert order.status is OrderStatus.UNKNOWN
        assert "venue_timeout" in (order.last_error or "")
        signed_hash = order.order_hash

        for _ in range(10):  # each round: look the hash up, not found, resend the same bytes
            await pipeline.step()
            if breaker.state(clock[0]) is BreakerState.OPEN:
                break
        assert breaker.state(clock[0]) is BreakerState.OPEN
        assert len(sent) >= breaker.threshold
        assert set(sent) == {signed_hash}
        path = [e.to_status for e in await events(db, order.id)]
        assert path.count(OrderStatus.UNKNOWN) >= 2
        assert len(sim.follower_orders()) <= 1  # at most the one order, however many sends

        await clear_faults(sim)
        clock[0] += breaker.max_cooldown
        await pipeline.step()
        await pipeline.step()
        assert breaker.state(clock[0]) is BreakerState.CLOSED
        (order,) = await assert_one_order_per_copy_decision(db)
        assert order.status is OrderStatus.FILLED
        assert order.order_hash == signed_hash  # never re-signed
        assert_one_venue_order_each(sim, [order])
        assert len(sim.follower_orders()) == 1
        async with db.transaction() as session:
            fills = (
                await session.scalars(select(ExchangeFill).where(ExchangeFill.order_id == order.id))
            ).all()
        assert len(fills) == 1  # booked once, however many sends and look-ups


async def test_an_order_accepted_then_dropped_is_booked_from_a_look_up(db: Database) -> None:
    async with running_sim(db) as sim:
        sim.leader_trades(buy=True)
        sent: list[str] = []
        pipeline = engine(sim, "w", sent=sent)
        await set_faults(sim, {"clob": {"drop_order_rate": 1, "paths": ORDER_ONLY}})
        await pipeline.step()
        (order,) = await orders(db)
        assert order.status is OrderStatus.UNKNOWN
        assert len(sim.follower_orders()) == 1  # it reached the book; the answer was lost

        await pipeline.step()  # the fault is still on: the look-up, not a resend, settles it
        (order,) = await assert_one_order_per_copy_decision(db)
        assert order.status is OrderStatus.FILLED
        assert sent == [order.order_hash]
        assert_one_venue_order_each(sim, [order])
        path = [e.to_status for e in await events(db, order.id)]
        assert path[-3:] == [OrderStatus.SUBMITTING, OrderStatus.UNKNOWN, OrderStatus.FILLED]
        assert order.filled_size_micros > 0


class StaleLookup:
    """The first look-up misses an order that is at the venue (an indexing race)."""

    def __init__(self, inner: ExecutionVenue) -> None:
        self.inner = inner
        self.misses = 1

    async def submit_batch(self, orders: Sequence[SignedOrder]) -> list[SubmitResult]:
        return await self.inner.submit_batch(orders)

    async def lookup(self, order_hash: str, *, side: TradeSide) -> OrderLookup:
        if self.misses:
            self.misses -= 1
            return OrderLookup(found=False)
        return await self.inner.lookup(order_hash, side=side)


async def test_a_resend_the_venue_already_has_is_reconciled_not_rejected(db: Database) -> None:
    async with running_sim(db) as sim:
        sim.leader_trades(buy=True)
        sent: list[str] = []
        pipeline = engine(sim, "w", sent=sent, wrap=StaleLookup)
        await set_faults(sim, {"clob": {"drop_order_rate": 1, "paths": ORDER_ONLY}})
        await pipeline.step()  # placed, answer lost: unknown
        await clear_faults(sim)
        await pipeline.step()  # stale look-up: "not found", so the same bytes go again
        (order,) = await orders(db)
        reasons = [str(e.details.get("error", "")) for e in await events(db, order.id)]
        assert any("duplicate_order" in r for r in reasons)  # the venue said it has it
        assert order.status is not OrderStatus.REJECTED
        await pipeline.step()
        (order,) = await assert_one_order_per_copy_decision(db)
        assert order.status is OrderStatus.FILLED
        assert sent == [order.order_hash, order.order_hash]
        assert_one_venue_order_each(sim, [order])
        assert order.filled_size_micros > 0


async def test_a_permanent_refusal_is_reported_with_its_reason_and_not_retried(
    db: Database,
) -> None:
    async with running_sim(db) as sim:
        sim.leader_trades(buy=True)
        sent: list[str] = []
        pipeline = engine(sim, "w", sent=sent, send_at_once=False)
        await pipeline.poll_once()
        await pipeline.decide_pending()
        sim.server.state.wallet(sim.follower).pusd = 0  # the follower's funds are gone
        for _ in range(3):
            await _all_due(db)
            await pipeline.step()
        (order,) = await assert_one_order_per_copy_decision(db)
        assert order.status is OrderStatus.REJECTED
        assert "insufficient_balance" in (order.last_error or "")
        assert "balance" in (order.last_error or "")
        assert sent == [order.order_hash]  # refused for good: sent once
        assert sim.follower_orders() == []
        rejected = (await events(db, order.id))[-1]
        assert rejected.to_status is OrderStatus.REJECTED
        assert "insufficient_balance" in str(rejected.details.get("error"))
        # A refusal is the venue working: it does not trip the breaker.
        assert pipeline._executor.breaker.state(utcnow()) is BreakerState.CLOSED
        assert pipeline._executor.breaker.failures == 0


class LostSends:
    """Every request is lost on the way: no answer, and nothing reaches the venue."""

    def __init__(self, inner: ExecutionVenue) -> None:
        self.inner = inner

    async def submit_batch(self, orders: Sequence[SignedOrder]) -> list[SubmitResult]:
        return [SubmitResult(SubmitOutcome.UNKNOWN, error="venue_timeout: lost") for _ in orders]

    async def lookup(self, order_hash: str, *, side: TradeSide) -> OrderLookup:
        return await self.inner.lookup(order_hash, side=side)


async def test_unanswered_sends_never_found_stop_at_the_attempt_cap(db: Database) -> None:
    from polycopy.orders.service import MAX_UNANSWERED_SENDS

    clock = [utcnow()]
    async with running_sim(db) as sim:
        sim.leader_trades(buy=True)
        sent: list[str] = []
        pipeline = engine(sim, "w", sent=sent, now=lambda: clock[0], wrap=LostSends)
        breaker = pipeline._executor.breaker
        await pipeline.step()  # decided (while the fill is fresh) and sent once
        for _ in range(2 * MAX_UNANSWERED_SENDS):
            clock[0] += breaker.max_cooldown  # the breaker's pauses are not what is tested
            await pipeline.step()
        (order,) = await orders(db)
        assert order.status is OrderStatus.DEAD_LETTERED
        assert order.attempts == MAX_UNANSWERED_SENDS
        assert f"no answer to {MAX_UNANSWERED_SENDS} sends" in (order.last_error or "")
        path = [e.to_status for e in await events(db, order.id)]
        assert path.count(OrderStatus.SUBMITTING) == MAX_UNANSWERED_SENDS
        assert path.count(OrderStatus.SIGNED) == MAX_UNANSWERED_SENDS  # signed once, then resends
        assert sim.follower_orders() == []
