"""SIGKILL the worker process at random points, many times, during a run with hundreds of
decisions; afterwards every copy decision has exactly one order at the emulator and the stored
books match the emulator's."""

from __future__ import annotations

import asyncio
import json
import random
import sys
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import URL

from polycopy.copying.types import DecisionAction
from polycopy.kit.db import Database
from polycopy.kit.money import MICRO
from polycopy.models import Decision, ExchangeFill, LeaderFill, Lot, Order
from polycopy.orders.types import TERMINAL_STATUSES
from polycopy.signals.types import TradeSide
from tests.pipeline_support import FOLLOWER_FUNDS, cli_env, running_sim

KILLS = 8
LEADER_TRADES = 150


def _worker_env(database_url: URL, tmp_path: Path) -> dict[str, str]:
    return cli_env(database_url, tmp_path, poll_interval_seconds="0.05", order_lease_seconds="1")


async def _settled(db: Database) -> bool:
    """Every leader trade detected and decided, and no order still open."""
    async with db.transaction() as session:
        detected = await session.scalar(select(func.count()).select_from(LeaderFill))
        undecided = await session.scalar(
            select(func.count()).select_from(LeaderFill).where(LeaderFill.decided_at.is_(None))
        )
        open_orders = await session.scalar(
            select(func.count()).select_from(Order).where(Order.status.not_in(TERMINAL_STATUSES))
        )
    return (detected or 0) >= LEADER_TRADES and undecided == 0 and open_orders == 0


async def test_sigkill_at_random_points_never_duplicates_or_loses_an_order(
    db: Database, database_url: URL, tmp_path: Path
) -> None:
    rng = random.Random(20261128)
    async with running_sim(db) as sim:
        token_id = sim.leader.market.tokens[0][0]
        for i in range(LEADER_TRADES):
            held = sim.leader_position(token_id)
            if i % 5 == 4 and held >= 2 * MICRO:
                sim.leader_trades(buy=False, shares=held // 2 // 10_000 * 10_000)
            else:
                sim.leader_trades(buy=True, shares=rng.choice([10, 20, 40]) * MICRO)
        urls_file = tmp_path / "urls.json"
        urls_file.write_text(json.dumps(sim.server.base_urls))
        env = _worker_env(database_url, tmp_path)
        command = [sys.executable, "-m", "polycopy", "worker", "--urls-file", str(urls_file)]

        for _ in range(KILLS):
            process = await asyncio.create_subprocess_exec(*command, env=env)
            await asyncio.sleep(rng.uniform(0.8, 2.5))
            process.kill()  # SIGKILL: no clean-up of any kind
            await process.wait()
        process = await asyncio.create_subprocess_exec(*command, env=env)
        try:
            async with asyncio.timeout(120):
                while not await _settled(db):  # noqa: ASYNC110 (polls another process)
                    await asyncio.sleep(0.25)
        finally:
            process.terminate()
            await process.wait()

        async with db.transaction() as session:
            copies = (
                await session.scalars(
                    select(Decision.id).where(Decision.action == DecisionAction.COPY)
                )
            ).all()
            orders = (await session.scalars(select(Order))).all()
            fills = (await session.scalars(select(ExchangeFill))).all()
            decided = await session.scalar(select(func.count()).select_from(Decision))
            leader_fills = await session.scalar(select(func.count()).select_from(LeaderFill))

        assert leader_fills >= LEADER_TRADES
        assert decided == leader_fills  # one decision per fill and rule: none lost
        async with db.transaction() as session:
            reasons = Counter((await session.scalars(select(Decision.reason))).all())
        assert len(copies) >= 80, reasons  # many decisions in the run, most of them copies
        per_decision = Counter(o.decision_id for o in orders)
        assert set(per_decision) == set(copies)
        assert set(per_decision.values()) == {1}  # exactly one order per copy decision

        venue = {o.order_id: o for o in sim.follower_orders()}
        ours = {o.order_hash for o in orders if o.order_hash}
        assert set(venue) <= ours  # nothing at the venue that we did not decide
        for order in orders:
            if order.filled_size_micros > 0:
                assert order.order_hash in venue
        # The stored books match the venue's.
        mismatched = [
            (
                o.id,
                o.side.value,
                o.status.value,
                o.filled_size_micros,
                venue[o.order_hash].size_matched,
            )
            for o in orders
            if o.order_hash in venue and o.filled_size_micros != venue[o.order_hash].size_matched
        ]
        assert not mismatched
        for token, _outcome in sim.leader.market.tokens:
            async with db.transaction() as session:
                held = await session.scalar(
                    select(func.sum(Lot.remaining_size_micros)).where(Lot.token_id == str(token))
                )
            assert sim.follower_position(token) == int(held or 0)
        spent = sum(f.amount_micros for f in fills if f.side is TradeSide.BUY)
        received = sum(f.amount_micros for f in fills if f.side is TradeSide.SELL)
        venue_pusd = sim.server.state.wallet(sim.follower).pusd
        assert abs(FOLLOWER_FUNDS - spent + received - venue_pusd) <= len(fills)
