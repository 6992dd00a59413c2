"""A backup taken while the engine trades, with orders in flight, restores into a new
database on which the engine sends no order twice (the procedure of docs/deploy.md).

Two followers copy one leader against the emulator over loopback. At backup time one copy
has reached the venue without its answer being recorded, the other is signed and marked
``submitting`` but has not left. Another worker carries on after the backup and copies one
more leader fill before both die. On the restored copy, with the global kill switch on, a
worker looks the two in-flight orders up by hash (one found, one sent again with the same
signed bytes), decides the fill copied after the backup as a skip, and once the switch is
off copies a new fill. The emulator sees every order hash once, and every order of the
restored database ends in the emulator's state.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import secrets
import shutil
import sys
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import URL

from polycopy.copying.service import set_global_kill_switch
from polycopy.copying.types import DecisionAction, SkipReason
from polycopy.demo import seed_follower
from polycopy.engine import CopyEngine
from polycopy.kit import migrate
from polycopy.kit.db import Database
from polycopy.models import Decision, LeaderFill, Lot, Order, OrderEvent
from polycopy.orders.executor import LEASE
from polycopy.orders.types import TERMINAL_STATUSES, OrderStatus
from polycopy.signals.types import TradeSide
from polycopy.venues.base import ExecutionVenue, OrderLookup, SignedOrder, SubmitResult
from polycopy.venues.polymarket.signing import PrivateKey
from tests.conftest import REQUIRE_POSTGRES, _create_postgres_database, _drop_postgres_database
from tests.orders.fault_support import engine, orders, until
from tests.pipeline_support import FOLLOWER_FUNDS, Sim, running_sim, utcnow

ROOT = Path(__file__).resolve().parents[1]

#: The SQLite online backup, exactly as docs/deploy.md tells operators to run it.
SQLITE_BACKUP = (
    "import sqlite3, sys; sqlite3.connect(sys.argv[1]).backup(sqlite3.connect(sys.argv[2]))"
)


def _libpq(url: URL) -> str:
    """The URL as pg_dump and pg_restore take it (no SQLAlchemy driver)."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _require(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        message = f"{tool} is not installed (PostgreSQL client tools)"
        if REQUIRE_POSTGRES:
            pytest.fail(f"{message}; POLYCOPY_REQUIRE_POSTGRES=1 makes this an error")
        pytest.skip(message)
    return path


async def _run(*command: str) -> None:
    process = await asyncio.create_subprocess_exec(
        *command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    output, _ = await process.communicate()
    assert process.returncode == 0, f"{command[0]} failed: {output.decode()}"


async def _backup(database_url: URL, target: Path) -> None:
    """Back the live database up from another process, as an operator's cron job would."""
    if database_url.get_backend_name() == "sqlite":
        await _run(sys.executable, "-c", SQLITE_BACKUP, str(database_url.database), str(target))
    else:
        pg_dump = _require("pg_dump")
        await _run(pg_dump, "--format=custom", f"--file={target}", _libpq(database_url))


@asynccontextmanager
async def _restored(database_url: URL, backup: Path, tmp_path: Path) -> AsyncIterator[Database]:
    """The backup restored into a new database, migrated (a no-op on the same version)."""
    name = None
    try:
        if database_url.get_backend_name() == "sqlite":
            restored = database_url.set(database=str(tmp_path / "restored.sqlite"))
            shutil.copyfile(backup, str(restored.database))  # a backup file is no live database
        else:
            pg_restore = _require("pg_restore")
            restored, name = _create_postgres_database(_libpq(database_url))
            dbname = f"--dbname={_libpq(restored)}"
            await _run(pg_restore, "--no-owner", "--exit-on-error", dbname, str(backup))
        await asyncio.to_thread(migrate.upgrade, restored)
        db = Database(restored)
        try:
            yield db
        finally:
            await db.dispose()
    finally:
        if name is not None:
            _drop_postgres_database(name)


class Held:
    """Holds one leader fill's sends while the backup is taken: the first wallet's after it
    reached the venue (its answer is never recorded), the second's before it leaves."""

    def __init__(self, reaches_venue: str, stays_home: str) -> None:
        self.armed = False
        self.reaches_venue = reaches_venue
        self.stays_home = stays_home
        self.holding: set[str] = set()

    def wrap(self, inner: ExecutionVenue) -> ExecutionVenue:
        return HeldVenue(inner, self)


class HeldVenue:
    def __init__(self, inner: ExecutionVenue, held: Held) -> None:
        self.inner = inner
        self.held = held

    async def submit_batch(self, orders: Sequence[SignedOrder]) -> list[SubmitResult]:
        wallet = str(orders[0].body["order"]["maker"]).lower()
        if self.held.armed and wallet == self.held.stays_home:
            self.held.holding.add(wallet)
            await asyncio.Event().wait()  # never leaves: the worker dies here
        results = await self.inner.submit_batch(orders)
        if self.held.armed and wallet == self.held.reaches_venue:
            self.held.holding.add(wallet)
            await asyncio.Event().wait()  # at the venue; the worker dies before the answer
        return results

    async def lookup(self, order_hash: str, *, side: TradeSide) -> OrderLookup:
        return await self.inner.lookup(order_hash, side=side)


async def _another_follower(sim: Sim) -> str:
    key_hex = "0x" + secrets.token_hex(32)
    address = PrivateKey.from_hex(key_hex).address
    sim.server.state.fund(address, FOLLOWER_FUNDS)
    await seed_follower(sim.db, sim.box, leader_wallet=sim.leader.address, key_hex=key_hex)
    return address.lower()


def _venue_orders(sim: Sim, wallets: set[str]) -> dict[str, int]:
    """Order hash -> matched size, for every order of these wallets at the emulator."""
    found = [o for o in sim.server.state.orders.values() if o.maker in wallets]
    assert len({o.order_id for o in found}) == len(found)
    return {o.order_id: o.size_matched for o in found}


async def _filled_at_least(db: Database, count: int) -> bool:
    return sum(o.status is OrderStatus.FILLED for o in await orders(db)) >= count


async def _settled(db: Database, leader_fills: int) -> bool:
    """Every leader fill seen and decided, and no order still open."""
    async with db.transaction() as session:
        seen = await session.scalar(select(func.count()).select_from(LeaderFill))
        undecided = await session.scalar(
            select(func.count()).select_from(LeaderFill).where(LeaderFill.decided_at.is_(None))
        )
        open_orders = await session.scalar(
            select(func.count()).select_from(Order).where(Order.status.not_in(TERMINAL_STATUSES))
        )
    return seen == leader_fills and undecided == 0 and open_orders == 0


async def _kill_switch(db: Database, on: bool) -> None:
    async with db.transaction() as session:
        await set_global_kill_switch(session, on, actor="admin")


@asynccontextmanager
async def _running(copy_engine: CopyEngine) -> AsyncIterator[asyncio.Task[None]]:
    """The engine's loops, as a worker runs them, until the block ends (or dies)."""
    stop = asyncio.Event()
    task = asyncio.create_task(copy_engine.run(stop))
    try:
        yield task
    finally:
        stop.set()  # a clean stop finishes the round; a cancelled task is gone already
        async with asyncio.timeout(20):
            (outcome,) = await asyncio.gather(task, return_exceptions=True)
        if isinstance(outcome, Exception):
            raise outcome


async def test_a_backup_taken_with_orders_in_flight_restores_without_a_second_order(
    db: Database, database_url: URL, tmp_path: Path
) -> None:
    backup = tmp_path / "polycopy.backup"
    async with running_sim(db) as sim:
        first, second = sim.follower.lower(), await _another_follower(sim)
        wallets = {first, second}
        held = Held(reaches_venue=first, stays_home=second)
        sent_before: list[str] = []
        original = engine(sim, "original", sent=sent_before, wrap=held.wrap)
        async with _running(original) as dying:
            sim.leader_trades(buy=True)
            await until(lambda: _filled_at_least(db, 2))
            held.armed = True
            sim.leader_trades(buy=True)
            await until(lambda: held.holding == wallets)
            in_flight = {o.id: o for o in await orders(db) if o.status is OrderStatus.SUBMITTING}
            assert len(in_flight) == 2

            await _backup(database_url, backup)  # the engine is mid-send

            # Another worker carries on after the backup: one more fill is copied.
            sent_after_backup: list[str] = []
            async with _running(engine(sim, "carries-on", sent=sent_after_backup)):
                sim.leader_trades(buy=True)
                await until(lambda: _filled_at_least(db, 4))
            dying.cancel()  # the machine dies; only the backup is left
        assert len(sent_after_backup) == 2

        # Restore; the admin turns the global kill switch on before any worker starts.
        async with _restored(database_url, backup, tmp_path) as restored_db:
            restored_sim = dataclasses.replace(sim, db=restored_db)
            await _kill_switch(restored_db, on=True)
            backed_up = {o.id: o for o in await orders(restored_db)}
            assert {i: backed_up[i].status for i in in_flight} == dict.fromkeys(
                in_flight, OrderStatus.SUBMITTING
            )
            # The dead worker's leases run out; the restored worker takes over.
            later = lambda: utcnow() + LEASE + dt.timedelta(seconds=1)  # noqa: E731
            sent_restored: list[str] = []
            restarted = engine(restored_sim, "restored", sent=sent_restored, now=later)
            async with _running(restarted):
                await until(lambda: _settled(restored_db, leader_fills=3))
                await _kill_switch(restored_db, on=False)
                sim.leader_trades(buy=True)
                await until(lambda: _settled(restored_db, leader_fills=4))
                await until(lambda: _filled_at_least(restored_db, 6))
            final = await orders(restored_db)
            async with restored_db.transaction() as session:
                fills = (await session.scalars(select(LeaderFill.id).order_by(LeaderFill.id))).all()
                gap = (  # the third fill: the one copied after the backup
                    await session.scalars(
                        select(Decision).where(Decision.leader_fill_id == fills[2])
                    )
                ).all()
                events = {
                    order_id: list(
                        (
                            await session.scalars(
                                select(OrderEvent.to_status)
                                .where(OrderEvent.order_id == order_id)
                                .order_by(OrderEvent.id)
                            )
                        ).all()
                    )
                    for order_id in in_flight
                }
                lots = await session.scalar(select(func.sum(Lot.remaining_size_micros)))

        # Every order hash reached the emulator once, whichever worker or database sent it.
        every_send = sent_before + sent_after_backup + sent_restored
        assert Counter(every_send).most_common(1)[0][1] == 1
        venue = _venue_orders(sim, wallets)
        assert set(venue) == set(every_send)
        assert len(venue) == 4 * len(wallets)  # four leader fills: one order per follower each
        # The two in flight at backup time: found by hash, or sent again with the same bytes.
        reached, stayed = (
            next(o for o in in_flight.values() if o.order_hash in sent_before),
            next(o for o in in_flight.values() if o.order_hash not in sent_before),
        )
        by_id = {o.id: o for o in final}
        assert reached.order_hash not in sent_restored
        assert sent_restored.count(stayed.order_hash or "") == 1
        for order in in_flight.values():
            assert by_id[order.id].order_hash == order.order_hash  # never re-signed
            assert by_id[order.id].signed_payload == order.signed_payload
        assert events[reached.id][-2:] == [OrderStatus.SUBMITTING, OrderStatus.FILLED]
        assert events[stayed.id][-4:] == [
            OrderStatus.SUBMITTING,
            OrderStatus.SIGNED,
            OrderStatus.SUBMITTING,
            OrderStatus.FILLED,
        ]
        # The fill copied after the backup was decided again, as a skip: never a second order.
        assert [(d.action, d.reason) for d in gap] == [
            (DecisionAction.SKIP, SkipReason.GLOBAL_KILL_SWITCH.value)
        ] * 2
        # The restored database: three fills copied to two followers, each as the venue has it.
        assert len(final) == 6
        for order in final:
            assert order.status is OrderStatus.FILLED
            assert order.filled_size_micros == venue[order.order_hash or ""] > 0
        # Its books hold what it bought; the venue also holds what was bought after the backup
        # (the position check raises that as drift: docs/execution.md).
        after_backup = sum(venue[h] for h in sent_after_backup)
        assert lots + after_backup == sum(
            sim.server.state.wallet(w).positions.get(t, 0)
            for w in wallets
            for t, _ in sim.leader.market.tokens
        )


def test_the_documented_sqlite_backup_is_the_tested_one() -> None:
    assert SQLITE_BACKUP in (ROOT / "docs" / "deploy.md").read_text()
