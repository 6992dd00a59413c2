"""Several workers on one PostgreSQL: disjoint claims, one send per order, and wake-ups by
``LISTEN/NOTIFY`` instead of waiting for the poll interval."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter

import pytest

from polycopy.kit.db import Database
from polycopy.kit.money import MICRO
from polycopy.orders.repository import OrderRepository
from polycopy.orders.types import TERMINAL_STATUSES, OrderStatus
from tests.orders.fault_support import (
    assert_one_order_per_copy_decision,
    assert_one_venue_order_each,
    engine,
    events,
    orders,
    until,
)
from tests.pipeline_support import running_sim, utcnow

LEADER_TRADES = 16


def _postgres_only(db: Database) -> None:
    if db.is_sqlite:
        pytest.skip("PostgreSQL only: on SQLite one process claims the orders")


async def test_claims_of_concurrent_transactions_skip_each_others_rows(db: Database) -> None:
    _postgres_only(db)
    async with running_sim(db) as sim:
        for _ in range(4):
            sim.leader_trades(buy=True, shares=10 * MICRO)
        decider = engine(sim, "decider", send_at_once=False)
        await decider.poll_once()
        await decider.decide_pending()
        queued = [o.id for o in await orders(db)]
        assert len(queued) >= 3  # a fill can be skipped (slippage); enough are copied
        now, lease = utcnow(), dt.timedelta(seconds=60)
        async with db.transaction() as first:
            # The first worker holds its rows' locks (uncommitted); the second must neither
            # wait for them nor take them.
            held = await OrderRepository(first).claim_due(now=now, owner="a", lease=lease, limit=2)
            async with asyncio.timeout(10), db.transaction() as second:
                other = await OrderRepository(second).claim_due(
                    now=now, owner="b", lease=lease, limit=10
                )
        assert len(held) == 2
        assert {o.id for o in held} | {o.id for o in other} == set(queued)
        assert not {o.id for o in held} & {o.id for o in other}
        owners = {o.id: o.lease_owner for o in await orders(db)}
        assert Counter(owners.values()) == Counter({"a": 2, "b": len(queued) - 2})


async def test_two_workers_share_the_queue_and_send_every_order_once(db: Database) -> None:
    _postgres_only(db)
    async with running_sim(db) as sim:
        for _ in range(LEADER_TRADES):
            sim.leader_trades(buy=True, shares=10 * MICRO)
        decider = engine(sim, "decider", send_at_once=False)
        await decider.poll_once()
        await decider.decide_pending()
        created = await orders(db)
        assert len(created) >= LEADER_TRADES // 2  # some fills may be skipped (slippage)
        sent: dict[str, list[str]] = {"w1": [], "w2": []}
        # Small claims, so the two workers keep meeting at the queue.
        workers = [engine(sim, name, sent=sent[name], claim_batch=2) for name in sent]

        async def drained() -> bool:
            await asyncio.gather(*(w._executor.run_due() for w in workers))
            return all(o.status in TERMINAL_STATUSES for o in await orders(db))

        await until(drained, within=60, every=0)
        rows = await assert_one_order_per_copy_decision(db)
        assert [o.status for o in rows] == [OrderStatus.FILLED] * len(rows)
        sends = Counter(sent["w1"] + sent["w2"])
        assert sends == Counter({o.order_hash: 1 for o in rows})  # each order sent exactly once
        assert sent["w1"], "the work was not shared"
        assert sent["w2"], "the work was not shared"
        assert not set(sent["w1"]) & set(sent["w2"])
        assert_one_venue_order_each(sim, rows)
        assert len(sim.follower_orders()) == len(rows)
        for row in rows:  # one send attempt per order in its history, too
            path = [e.to_status for e in await events(db, row.id)]
            assert path.count(OrderStatus.SUBMITTING) == 1


async def test_an_idle_worker_is_woken_by_notify_and_sends_before_its_next_poll(
    db: Database,
) -> None:
    _postgres_only(db)
    async with running_sim(db) as sim:
        sent: list[str] = []
        # Polls once at start, then not for an hour: only a notification can make it send.
        idle = engine(sim, "idle", sent=sent, poll_interval=dt.timedelta(hours=1))
        stop = asyncio.Event()
        running = asyncio.create_task(idle.run(stop))
        try:

            def settled_idle() -> bool:
                wakeup = idle.wakeup
                return (
                    wakeup is not None
                    and wakeup.ready.is_set()
                    and wakeup.waiting
                    and not wakeup._due.is_set()
                )

            await until(settled_idle, within=20)
            assert idle.wakeup is not None
            wakes_before = idle.wakeup.wakes
            assert sent == []

            sim.leader_trades(buy=True)
            decider = engine(sim, "decider", send_at_once=False)  # decides, never executes
            await decider.poll_once()
            await decider.decide_pending()  # commits the order: NOTIFY is delivered now

            async def sent_by_idle() -> bool:
                rows = await orders(db)
                return bool(rows) and rows[0].status is OrderStatus.FILLED

            await until(sent_by_idle, within=20)  # far below the hour-long poll interval
            (order,) = await assert_one_order_per_copy_decision(db)
            assert sent == [order.order_hash]  # the idle worker sent it, the decider did not
            assert idle.wakeup.wakes > wakes_before
            assert not running.done()  # still in its first poll interval
        finally:
            stop.set()
            async with asyncio.timeout(20):
                await running
        assert idle.wakeup is None
