"""Two workers reconciling the same in-flight orders on one PostgreSQL never undo each other.

Each worker leases an order before it looks it up and applies the verdict only if the order
is still in doubt and still its own. The emulator holds a look-up's answer (made at once,
delivered when the test releases it: ``hold_answers``), so the race of the chaos run is
reproduced by states, not by timing. A randomized run then mixes look-ups held and released,
lost and failed answers, leases running out and workers dying, and checks that every order
ends where the exchange says it is.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select, text

from polycopy.engine import CopyEngine
from polycopy.kit.db import Database
from polycopy.kit.money import MICRO
from polycopy.models import ExchangeFill, Lot, Order, OrderEvent
from polycopy.orders.executor import LEASE
from polycopy.orders.types import IN_FLIGHT, TERMINAL_STATUSES, OrderStatus
from polycopy.portfolio.service import book_fills
from polycopy.signals.types import TradeSide
from polycopy.venues.base import (
    ExecutionVenue,
    OrderLookup,
    SignedOrder,
    SubmitResult,
    VenueFill,
)
from tests.orders.fault_support import (
    assert_one_venue_order_each,
    clear_faults,
    engine,
    events,
    orders,
    set_faults,
    until,
)
from tests.pipeline_support import Sim, running_sim, utcnow

LOOKUPS = ["/data/order/"]  # GET /data/order/{hash}; /data/orders and /data/trades are not held
SENDS = ["/order"]
S = OrderStatus


def _postgres_only(db: Database) -> None:
    if db.is_sqlite:
        pytest.skip("PostgreSQL only: SQLite runs one writer at a time")


async def _release(sim: Sim) -> int:
    answer = await sim.http.post(sim.server.base_urls["admin"] + "/faults/release")
    assert answer.status_code == 200, answer.text
    return int(answer.json()["released"])


@pytest.mark.parametrize("b_lease", ["runs_out", "holds"])
async def test_a_look_up_answered_late_never_undoes_what_another_worker_did(
    db: Database, b_lease: str
) -> None:
    """The chaos run's reproduction: X is unknown after a 500; B looks X up and the venue
    says "not found", but the answer is late. Meanwhile A (B's lease on X run out) looks X
    up, resends and fills it. B's late verdict is dropped: X stays filled, sent twice."""
    _postgres_only(db)
    clock = [utcnow()]
    async with running_sim(db) as sim:
        sim.leader_trades(buy=True)
        sent_a: list[str] = []
        sent_b: list[str] = []
        a = engine(sim, "a", sent=sent_a, now=lambda: clock[0])
        await set_faults(sim, {"clob": {"error_rate": 1, "error_status": 500, "paths": SENDS}})
        await a.step()
        (x,) = await orders(db)
        assert x.status is S.UNKNOWN
        assert sim.follower_orders() == []  # the 500 was refused before the book

        await set_faults(sim, {"clob": {"hold_answers": True, "paths": LOOKUPS}})
        b = engine(sim, "b", sent=sent_b)
        looking = asyncio.create_task(b._executor.reconcile_in_flight())
        await until(lambda: sim.server.state.faults.held == 1)  # "not found", not yet told
        await set_faults(sim, {"clob": {}})  # everyone else is answered at once
        if b_lease == "runs_out":
            clock[0] = utcnow() + LEASE + dt.timedelta(seconds=1)
        await a.step()
        (x,) = await orders(db)
        if b_lease == "runs_out":  # A took X over: looked it up, resent it, it filled
            assert x.status is S.FILLED
        else:  # B's lease is live: A left X alone
            assert (x.status, x.lease_owner) == (S.UNKNOWN, "b/reconcile")

        assert await _release(sim) == 1
        assert await looking == 1
        for worker in (b, a):
            await worker.step()
        (x,) = await orders(db)
        assert x.status is S.FILLED
        path = [(e.from_status, e.to_status) for e in await events(db, x.id)]
        assert path == [
            (None, S.CREATED),
            (S.CREATED, S.SIGNED),
            (S.SIGNED, S.SUBMITTING),
            (S.SUBMITTING, S.UNKNOWN),
            (S.UNKNOWN, S.SIGNED),  # found by A (its lease ran out) or by B: never both
            (S.SIGNED, S.SUBMITTING),
            (S.SUBMITTING, S.FILLED),
        ]
        assert sorted(sent_a + sent_b) == [x.order_hash, x.order_hash]  # never a third time
        assert_one_venue_order_each(sim, [x])
        (at_venue,) = sim.follower_orders()
        assert at_venue.status == "matched"


class Crash(Exception):
    """Stands for the worker's process dying at this instruction."""


@dataclass
class Chaos:
    rng: random.Random
    crash_rate: float


class DyingVenue:
    """The real venue adapter; the worker dies (raises) at random around sends and
    look-ups, after the venue acted or before."""

    def __init__(self, inner: ExecutionVenue, chaos: Chaos) -> None:
        self.inner = inner
        self.chaos = chaos

    def _maybe_die(self, where: str) -> None:
        if self.chaos.rng.random() < self.chaos.crash_rate:
            raise Crash(where)

    async def submit_batch(self, orders: Sequence[SignedOrder]) -> list[SubmitResult]:
        self._maybe_die("before the send")
        results = await self.inner.submit_batch(orders)
        self._maybe_die("after the send")
        return results

    async def lookup(self, order_hash: str, *, side: TradeSide) -> OrderLookup:
        found = await self.inner.lookup(order_hash, side=side)
        self._maybe_die("after the look-up")
        return found


@pytest.mark.parametrize("seed", [11, 22, 33])
async def test_two_workers_racing_end_every_order_where_the_exchange_has_it(
    db: Database, seed: int
) -> None:
    _postgres_only(db)
    rng = random.Random(seed)
    chaos = Chaos(random.Random(seed + 1), crash_rate=0.15)
    clock = [utcnow()]
    async with running_sim(db, seed=seed) as sim:
        sent: list[str] = []
        lives = defaultdict(int)

        def spawn(slot: str) -> CopyEngine:
            lives[slot] += 1  # a restarted process: a new worker id
            return engine(
                sim,
                f"{slot}{lives[slot]}",
                sent=sent,
                now=lambda: clock[0],
                wrap=lambda venue: DyingVenue(venue, chaos),
            )

        workers = {"a": spawn("a"), "b": spawn("b")}

        async def round_of(slot: str) -> None:
            try:
                await workers[slot].step()
            except Crash:
                workers[slot] = spawn(slot)

        jumps = 0
        for turn in range(14):
            for _ in range(2 if turn < 8 else 0):
                sim.leader_trades(buy=True, shares=10 * MICRO)
            sends = rng.choice(
                [
                    {},
                    {"error_rate": 0.5, "error_status": 500},
                    {"drop_order_rate": 0.5},
                    {"error_rate": 0.3, "drop_order_rate": 0.3},
                ]
            )
            clob = {**sends, "paths": SENDS} if sends else {}
            # Fills stay fresh (decided, not skipped as stale) while leases run out.
            if jumps < 4 and rng.random() < 0.4:
                clock[0] += LEASE + dt.timedelta(seconds=1)
                jumps += 1
            first, second = rng.sample(["a", "b"], 2)
            if rng.random() < 0.5:
                await set_faults(sim, {"clob": clob})
                await asyncio.gather(round_of(first), round_of(second))
                continue
            # The first worker's look-ups are answered now and told late.
            await set_faults(sim, {"clob": {**clob, "hold_answers": True, "paths": LOOKUPS}})
            held = asyncio.create_task(round_of(first))
            await until(lambda: sim.server.state.faults.held > 0 or held.done())  # noqa: B023
            await set_faults(sim, {"clob": clob})
            if rng.random() < 0.5:
                clock[0] += LEASE + dt.timedelta(seconds=1)  # the second may take over
            await round_of(second)
            await _release(sim)
            await held

        # The venue heals and nobody dies: every order is settled.
        await clear_faults(sim)
        chaos.crash_rate = 0

        async def settled() -> bool:
            clock[0] += workers["a"]._executor.breaker.max_cooldown
            for slot in ("a", "b"):
                await round_of(slot)
            return all(o.status in TERMINAL_STATUSES for o in await orders(db))

        await until(settled, within=120, every=0)

        rows = await orders(db)
        assert len(rows) >= 3, "the run made too few copies to race over"
        at_venue = {o.order_id: o for o in sim.follower_orders()}
        assert_one_venue_order_each(sim, rows)
        async with db.transaction() as session:
            fills = (await session.scalars(select(ExchangeFill))).all()
            lots = (await session.scalars(select(Lot))).all()
            history = (await session.scalars(select(OrderEvent).order_by(OrderEvent.id))).all()
        booked: dict[int, int] = defaultdict(int)
        for fill in fills:
            booked[fill.order_id] += fill.size_micros
        for order in rows:
            venue = at_venue.get(order.order_hash or "")
            if venue is not None:  # final status = the exchange's status, shares = its shares
                assert (order.status, venue.status) == (S.FILLED, "matched"), order.id
                assert booked[order.id] == order.filled_size_micros == venue.size_matched
            else:  # never on the book: refused, killed or given up, nothing booked
                assert order.status in (S.REJECTED, S.DEAD_LETTERED), order.id
                assert booked[order.id] == order.filled_size_micros == 0
        held_by_us: dict[str, int] = defaultdict(int)
        for lot in lots:
            held_by_us[lot.token_id] += lot.remaining_size_micros
        for token_id, shares in held_by_us.items():
            assert shares == sim.follower_position(int(token_id))
        last: dict[int, OrderStatus] = {}
        for event in history:  # one unbroken history per order: no write over a stale read
            assert event.from_status == last.get(event.order_id), event.order_id
            last[event.order_id] = event.to_status
        assert not [o for o in rows if o.status in IN_FLIGHT or o.lease_owner]


async def test_one_fill_booked_by_two_transactions_at_once_is_booked_once(db: Database) -> None:
    """The second insert waits for the first transaction, then skips the row: no
    UniqueViolation, and the order's filled shares and the lots count the fill once."""
    _postgres_only(db)
    async with running_sim(db) as sim:
        sim.leader_trades(buy=True)
        decider = engine(sim, "decider", send_at_once=False)
        await decider.poll_once()
        await decider.decide_pending()
        (queued,) = await orders(db)
        fill = VenueFill(
            venue_trade_id="trade-1",
            token_id=queued.token_id,
            side=TradeSide.BUY,
            price_micros=MICRO // 2,
            size_micros=4 * MICRO,
            amount_micros=2 * MICRO,
            fee_micros=0,
            filled_at=utcnow(),
        )

        async def book() -> int:
            async with db.transaction() as session:
                order = await session.get(Order, queued.id)
                assert order is not None
                return len(await book_fills(session, [(order, fill)]))

        async def waiting_on_a_lock() -> bool:
            async with db.transaction() as session:
                waits = await session.scalar(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                        " AND datname = current_database()"
                    )
                )
            return bool(waits)

        async with db.transaction() as first:
            order = await first.get(Order, queued.id)
            assert order is not None
            assert len(await book_fills(first, [(order, fill)])) == 1
            second = asyncio.create_task(book())
            await until(waiting_on_a_lock)  # its insert waits for this transaction
        assert await second == 0
        async with db.transaction() as session:
            booked = await session.scalar(select(func.count()).select_from(ExchangeFill))
            lots = (await session.scalars(select(Lot.size_micros))).all()
            filled = await session.scalar(
                select(Order.filled_size_micros).where(Order.id == queued.id)
            )
        assert (booked, list(lots), filled) == (1, [fill.size_micros], fill.size_micros)
