"""A fill followed by many rules is decided a chunk of rules per transaction, each chunk's
copies sent as soon as it commits; a crash between chunks loses no decision and sends no
order twice."""

from __future__ import annotations

import secrets
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy import engine as engine_module
from polycopy.demo import seed_follower
from polycopy.kit.db import Database
from polycopy.models import Decision, FollowerAccount, LeaderFill, Market, Order
from polycopy.orders.executor import LEASE
from polycopy.orders.types import OrderStatus
from polycopy.venues.polymarket.signing import PrivateKey
from tests.orders.fault_support import assert_one_order_per_copy_decision, engine
from tests.pipeline_support import FOLLOWER_FUNDS, Sim, running_sim, utcnow

FOLLOWERS = 5


class Crash(Exception):
    """Stands for the process dying at this instruction."""


async def _more_followers(sim: Sim) -> set[str]:
    """Four more followers of the same leader (five in all); their wallets."""
    wallets = {sim.follower.lower()}
    for _ in range(FOLLOWERS - 1):
        key_hex = "0x" + secrets.token_hex(32)
        address = PrivateKey.from_hex(key_hex).address
        sim.server.state.fund(address, FOLLOWER_FUNDS)
        await seed_follower(sim.db, sim.box, leader_wallet=sim.leader.address, key_hex=key_hex)
        wallets.add(address.lower())
    return wallets


async def _decisions_per_rule(db: Database) -> Counter[int]:
    async with db.transaction() as session:
        return Counter((await session.scalars(select(Decision.copy_rule_id))).all())


async def _fills_undecided(db: Database) -> int:
    async with db.transaction() as session:
        rows = await session.scalars(select(LeaderFill.id).where(LeaderFill.decided_at.is_(None)))
        return len(rows.all())


def _venue_orders(sim: Sim, wallets: set[str]) -> list[str]:
    return [o.order_id for o in sim.server.state.orders.values() if o.maker in wallets]


async def _assert_every_copy_filled_and_sent_once(
    db: Database, sim: Sim, wallets: set[str], sent: list[str]
) -> None:
    rows = await assert_one_order_per_copy_decision(db)
    assert len(rows) == FOLLOWERS
    assert all(o.status is OrderStatus.FILLED for o in rows)
    assert sorted(sent) == sorted(o.order_hash or "" for o in rows)  # each sent once
    assert sorted(_venue_orders(sim, wallets)) == sorted(sent)


@pytest.fixture
def two_rules_a_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine_module, "DECIDE_CHUNK", 2)


@pytest.mark.usefixtures("two_rules_a_chunk")
async def test_every_rule_of_a_chunked_fan_out_decides_once_and_copies_once(
    db: Database,
) -> None:
    async with running_sim(db) as sim:
        wallets = await _more_followers(sim)
        sim.leader_trades(buy=True)
        sent: list[str] = []
        pipeline = engine(sim, "w", sent=sent)
        assert await pipeline.poll_once() == 1
        await pipeline.decide_pending()

        assert await _decisions_per_rule(db) == Counter(dict.fromkeys(range(1, 6), 1))
        assert await _fills_undecided(db) == 0  # marked with the last chunk only
        await _assert_every_copy_filled_and_sent_once(db, sim, wallets, sent)


@pytest.mark.usefixtures("two_rules_a_chunk")
async def test_a_crash_between_chunks_loses_no_decision_and_sends_nothing_twice(
    db: Database,
) -> None:
    async with running_sim(db) as sim:
        wallets = await _more_followers(sim)
        sim.leader_trades(buy=True)
        doomed = engine(sim, "doomed")
        take = doomed._executor.take
        chunks = 0

        async def dying_in_the_second_chunk(
            session: AsyncSession, orders: list[Order], market: Market, leader_fill_id: int
        ) -> Any:
            nonlocal chunks
            chunks += 1
            if chunks == 2:  # inside the second chunk's transaction: it rolls back
                raise Crash
            return await take(session, orders, market, leader_fill_id)

        doomed._executor.take = dying_in_the_second_chunk  # type: ignore[method-assign]
        await doomed.poll_once()
        with pytest.raises(Crash):
            await doomed.decide_pending()
        assert await _fills_undecided(db) == 1  # the rules after the crash are still owed
        assert sum((await _decisions_per_rule(db)).values()) == 2  # the first chunk's

        later = lambda: utcnow() + LEASE  # noqa: E731 (the dead worker's leases ran out)
        restarted = engine(sim, "restarted", now=later)
        await restarted.start()  # reconcile what was in flight first
        await restarted.step()

        assert await _decisions_per_rule(db) == Counter(dict.fromkeys(range(1, 6), 1))
        assert await _fills_undecided(db) == 0
        rows = await assert_one_order_per_copy_decision(db)
        assert len(rows) == FOLLOWERS
        assert all(o.status is OrderStatus.FILLED for o in rows)
        at_venue = _venue_orders(sim, wallets)
        assert sorted(at_venue) == sorted(o.order_hash or "" for o in rows)  # one each


@pytest.mark.usefixtures("two_rules_a_chunk")
async def test_a_fan_out_books_its_answers_once_every_copy_is_out(db: Database) -> None:
    async with running_sim(db) as sim:
        await _more_followers(sim)
        sim.leader_trades(buy=True)
        sent: list[str] = []
        pipeline = engine(sim, "w", sent=sent)
        settle = pipeline._executor._settle
        sent_when_booking: list[int] = []

        async def noting(results: dict[int, Any], fill_of: dict[int, int]) -> None:
            sent_when_booking.append(len(sent))
            await settle(results, fill_of)

        pipeline._executor._settle = noting  # type: ignore[method-assign]
        await pipeline.poll_once()
        await pipeline.decide_pending()

        # Three chunks were sent one after another; no booking ran before the last send.
        assert sent_when_booking
        assert set(sent_when_booking) == {FOLLOWERS}
        rows = await assert_one_order_per_copy_decision(db)
        assert [o.status for o in rows] == [OrderStatus.FILLED] * FOLLOWERS


async def test_copies_a_half_open_breaker_holds_back_go_to_the_queue_unleased(
    db: Database,
) -> None:
    async with running_sim(db) as sim:
        wallets = await _more_followers(sim)
        sim.leader_trades(buy=True)
        sent: list[str] = []
        pipeline = engine(sim, "w", sent=sent)
        async with db.transaction() as session:
            accounts = (await session.scalars(select(FollowerAccount.id))).all()
        for account_id in accounts:  # every trader built: they sign in the deciding transaction
            await pipeline._executor._traders.for_account(account_id)
        breaker = pipeline._executor.breaker
        breaker.opened_until = utcnow() - LEASE  # the cool-down is over: one trial call
        await pipeline.poll_once()
        await pipeline.decide_pending()

        rows = await assert_one_order_per_copy_decision(db)
        assert len(rows) == FOLLOWERS
        [trial] = [o for o in rows if o.status is OrderStatus.FILLED]
        assert sent == [trial.order_hash]
        held = [o for o in rows if o is not trial]
        # Signed, not sent, and free for the queue now, not only when a lease runs out.
        assert {o.status for o in held} == {OrderStatus.SIGNED}
        assert {(o.lease_owner, o.lease_expires_at) for o in held} == {(None, None)}

        assert await pipeline._executor.run_due() == FOLLOWERS - 1  # the breaker closed
        await _assert_every_copy_filled_and_sent_once(db, sim, wallets, sent)
