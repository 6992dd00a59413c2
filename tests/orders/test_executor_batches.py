"""One account's due orders go out together (``POST /orders``), each with its own answer."""

from __future__ import annotations

from collections.abc import Sequence

from polycopy.kit.db import Database
from polycopy.kit.money import MICRO
from polycopy.orders.repository import OrderRepository
from polycopy.orders.types import OrderStatus
from polycopy.signals.types import TradeSide
from polycopy.venues.base import ExecutionVenue, OrderLookup, SignedOrder, SubmitResult
from tests.orders.fault_support import (
    assert_one_order_per_copy_decision,
    assert_one_venue_order_each,
    engine,
    events,
)
from tests.pipeline_support import running_sim


class BatchSizes:
    """Records how many orders each request carried."""

    def __init__(self, inner: ExecutionVenue, sizes: list[int]) -> None:
        self.inner = inner
        self.sizes = sizes

    async def submit_batch(self, orders: Sequence[SignedOrder]) -> list[SubmitResult]:
        self.sizes.append(len(orders))
        return await self.inner.submit_batch(orders)

    async def lookup(self, order_hash: str, *, side: TradeSide) -> OrderLookup:
        return await self.inner.lookup(order_hash, side=side)


async def test_one_accounts_due_orders_go_out_in_one_request(db: Database) -> None:
    async with running_sim(db) as sim:
        for _ in range(3):
            sim.leader_trades(buy=True, shares=20 * MICRO)
        sizes: list[int] = []
        sent: list[str] = []
        pipeline = engine(
            sim, "w", sent=sent, wrap=lambda v: BatchSizes(v, sizes), send_at_once=False
        )
        await pipeline.poll_once()
        await pipeline.decide_pending()
        assert await pipeline._executor.run_due() == 3

        assert sizes == [3]  # one POST /orders for the three, not three POST /order
        rows = await assert_one_order_per_copy_decision(db)
        assert len(rows) == 3
        assert sorted(sent) == sorted(o.order_hash or "" for o in rows)
        assert_one_venue_order_each(sim, rows)
        for order in rows:
            assert order.status is OrderStatus.FILLED
            assert order.filled_size_micros > 0
            path = [e.to_status for e in await events(db, order.id)]
            assert path == [
                OrderStatus.CREATED,
                OrderStatus.SIGNED,
                OrderStatus.SUBMITTING,
                OrderStatus.FILLED,
            ]


async def test_an_order_the_venue_would_refuse_is_rejected_and_its_batch_still_goes(
    db: Database,
) -> None:
    async with running_sim(db) as sim:
        for _ in range(3):
            sim.leader_trades(buy=True, shares=20 * MICRO)
        sizes: list[int] = []
        pipeline = engine(
            sim, "w", sent=[], wrap=lambda v: BatchSizes(v, sizes), send_at_once=False
        )
        await pipeline.poll_once()
        await pipeline.decide_pending()
        async with db.transaction() as session:
            orders = await OrderRepository(session).get_all(
                [o.id for o in await assert_one_order_per_copy_decision(db)]
            )
            poisoned = min(orders.values(), key=lambda o: o.id)
            poisoned.limit_price_micros += 1  # off the tick grid: no valid amounts exist
        await pipeline._executor.run_due()

        assert sizes == [2]
        rows = {o.id: o for o in await assert_one_order_per_copy_decision(db)}
        refused = rows.pop(poisoned.id)
        assert refused.status is OrderStatus.REJECTED
        assert refused.order_hash is None  # never signed, never sent
        assert "tick" in (refused.last_error or "")
        assert all(o.status is OrderStatus.FILLED for o in rows.values())
