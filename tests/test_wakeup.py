"""Wake-ups: a committed transaction wakes the listeners of its channel (in this process, and
on PostgreSQL in every process by ``NOTIFY``); a stored leader fill is decided and its copy
sent at once instead of at the next poll."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt

import psycopg
import pytest

from polycopy.kit.db import Database
from polycopy.kit.wakeup import FILLS_STORED, ORDERS_DUE, Wakeup, _libpq_dsn, notify
from polycopy.orders.types import OrderStatus
from tests.orders.fault_support import (
    assert_one_order_per_copy_decision,
    engine,
    orders,
    until,
)
from tests.pipeline_support import running_sim

QUIET = 0.3  # how long a listener is watched to see that nothing woke it


async def _settled(db: Database, wakeup: Wakeup, stop: asyncio.Event) -> None:
    """On PostgreSQL, wait for ``LISTEN`` and take the wake-up every fresh listener gives
    itself (it covers what was committed before ``LISTEN`` took effect)."""
    if not db.is_sqlite:
        async with asyncio.timeout(20):
            await wakeup.ready.wait()
        await wakeup.wait(stop, 0.5)


async def test_a_commit_wakes_the_listeners_of_its_channel_only(db: Database) -> None:
    stop = asyncio.Event()
    async with Wakeup.listening(db, ORDERS_DUE) as wakeup:
        await _settled(db, wakeup, stop)
        async with db.transaction() as session:
            await notify(session, FILLS_STORED)
        assert await wakeup.wait(stop, QUIET) == frozenset()
        async with db.transaction() as session:
            await notify(session, ORDERS_DUE)
            await notify(session, ORDERS_DUE)  # once per transaction is enough
        assert await wakeup.wait(stop, 20.0) == {ORDERS_DUE}
        stop.set()
        assert await wakeup.wait(stop, 20.0) == frozenset()  # a stop request ends the wait


async def test_a_rolled_back_transaction_wakes_nobody(db: Database) -> None:
    stop = asyncio.Event()
    async with Wakeup.listening(db, ORDERS_DUE, FILLS_STORED) as wakeup:
        await _settled(db, wakeup, stop)

        async def notify_then_fail() -> None:
            async with db.transaction() as session:
                await notify(session, ORDERS_DUE)
                raise RuntimeError("rolled back")

        with pytest.raises(RuntimeError):
            await notify_then_fail()
        assert await wakeup.wait(stop, 1.0) == frozenset()
        async with db.transaction() as session:  # the next transaction starts clean
            await notify(session, FILLS_STORED)
        assert await wakeup.wait(stop, 20.0) == {FILLS_STORED}


async def test_a_notification_from_another_process_wakes_a_postgresql_listener(
    db: Database,
) -> None:
    if db.is_sqlite:
        pytest.skip("PostgreSQL only: SQLite has one process")
    stop = asyncio.Event()
    async with Wakeup.listening(db, FILLS_STORED) as wakeup:
        await _settled(db, wakeup, stop)
        # A connection of its own, as an ingest process would hold: no local hook can fire.
        async with await psycopg.AsyncConnection.connect(
            _libpq_dsn(db.url), autocommit=True
        ) as other:
            await other.execute(f"NOTIFY {ORDERS_DUE}")
            assert await wakeup.wait(stop, QUIET) == frozenset()  # not its channel
            await other.execute(f"NOTIFY {FILLS_STORED}")
            assert await wakeup.wait(stop, 20.0) == {FILLS_STORED}


async def test_a_stored_fill_is_copied_before_the_next_poll(db: Database) -> None:
    async with running_sim(db) as sim:
        sent: list[str] = []
        # Polls once at start, then not for an hour: only the wake-up can make it decide.
        worker = engine(sim, "worker", sent=sent, poll_interval=dt.timedelta(hours=1))
        stop = asyncio.Event()
        running = asyncio.create_task(worker.run(stop))
        try:
            await until(lambda: worker.wakeup is not None and worker.wakeup.waiting, within=20)
            sim.leader_trades(buy=True)
            detector = engine(sim, "detector", send_at_once=False)
            assert await detector.poll_once() == 1  # stores the fill; decides nothing

            async def copied() -> bool:
                rows = await orders(db)
                return bool(rows) and rows[0].status is OrderStatus.FILLED

            await until(copied, within=20)  # far below the hour-long poll interval
            (order,) = await assert_one_order_per_copy_decision(db)
            assert sent == [order.order_hash]
            assert not running.done()  # still in its first poll interval
        finally:
            stop.set()
            async with asyncio.timeout(20):
                await running


async def test_copies_left_to_the_queue_wake_the_workers_and_copies_sent_at_once_do_not(
    db: Database,
) -> None:
    stop = asyncio.Event()
    async with running_sim(db) as sim, Wakeup.listening(db, ORDERS_DUE) as wakeup:
        await _settled(db, wakeup, stop)
        sim.leader_trades(buy=True)
        sender = engine(sim, "sender")  # decides and sends its copies itself
        assert await sender.poll_once() == 1
        await sender.decide_pending()
        (sent,) = await orders(db)
        assert sent.status is OrderStatus.FILLED
        assert await wakeup.wait(stop, QUIET) == frozenset()  # nobody else had work

        sim.leader_trades(buy=True)
        decider = engine(sim, "decider", send_at_once=False)  # decides, never executes
        assert await decider.poll_once() == 1
        await decider.decide_pending()
        queued = [o for o in await orders(db) if o.id != sent.id]
        assert [o.status for o in queued] == [OrderStatus.CREATED]
        assert await wakeup.wait(stop, 20.0) == {ORDERS_DUE}


class StuckUpkeep:
    """A redemption round that never ends (a relayer that hangs, thousands of accounts)."""

    def __init__(self) -> None:
        self.entered = asyncio.Event()

    async def run(self) -> None:
        self.entered.set()
        await asyncio.Event().wait()


async def test_a_stuck_upkeep_round_does_not_hold_back_a_copy(db: Database) -> None:
    async with running_sim(db) as sim:
        sent: list[str] = []
        worker = engine(sim, "worker", sent=sent, poll_interval=dt.timedelta(hours=1))
        stuck = StuckUpkeep()
        worker.settler = stuck  # type: ignore[assignment]
        stop = asyncio.Event()
        running = asyncio.create_task(worker.run(stop))
        try:
            async with asyncio.timeout(20):
                await stuck.entered.wait()
            await until(lambda: worker.wakeup is not None and worker.wakeup.waiting, within=20)
            sim.leader_trades(buy=True)
            detector = engine(sim, "detector", send_at_once=False)
            assert await detector.poll_once() == 1

            async def copied() -> bool:
                rows = await orders(db)
                return bool(rows) and rows[0].status is OrderStatus.FILLED

            await until(copied, within=20)
            assert len(sent) == 1
        finally:
            stop.set()
            running.cancel()  # the stuck round never returns on its own
            with contextlib.suppress(asyncio.CancelledError):
                await running
