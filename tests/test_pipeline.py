"""A leader fill travels detect → decide → order → fill → lot, against the emulator over HTTP."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from polycopy.accounts.types import AccountMode
from polycopy.admin.repository import PipelineStatsRepository
from polycopy.copying.sizing import to_step
from polycopy.copying.types import DecisionAction, TradingState
from polycopy.kit.db import Database
from polycopy.kit.money import MICRO
from polycopy.models import (
    CopyRule,
    Decision,
    ExchangeFill,
    LeaderFill,
    LeaderFillSighting,
    Lot,
    Order,
)
from polycopy.orders.types import OrderStatus
from polycopy.signals.types import TradeSide
from tests.pipeline_support import running_sim


async def _count(db: Database, model: type) -> int:
    async with db.transaction() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_leader_buy_add_sell_half_sell_rest_is_mirrored_into_lots(db: Database) -> None:
    async with running_sim(db) as sim:
        engine = sim.engine()
        await engine.start()
        sim.leader_trades(buy=True, shares=20 * MICRO)
        await engine.step()

        async with db.transaction() as session:
            counts = await PipelineStatsRepository(session).counts()
            lots = (await session.scalars(select(Lot))).all()
            orders = (await session.scalars(select(Order))).all()
        assert counts.leader_fills >= 1
        assert counts.decisions_copy == counts.leader_fills
        assert counts.orders_by_status == {"filled": counts.leader_fills}
        assert len(lots) == len(orders) == counts.leader_fills
        assert all(o.order_hash and o.signed_payload for o in orders)
        assert sorted(o.order_id for o in sim.follower_orders()) == sorted(
            o.order_hash or "" for o in orders
        )
        token_id = int(lots[0].token_id)
        assert sim.follower_position(token_id) == sum(lot.remaining_size_micros for lot in lots)

        sim.leader_trades(buy=True, shares=10 * MICRO)  # the leader adds
        await engine.step()
        held = await _held(db)
        assert held == sim.follower_position(token_id)
        assert await _count(db, Lot) > len(lots)

        leader_before = sim.leader_position(token_id)
        sim.leader_trades(buy=False, shares=to_step(leader_before // 2))  # sells about half
        await engine.step()
        leader_after = sim.leader_position(token_id)
        remaining = await _held(db)
        sell_fills = await _count_where(db, Decision.side == TradeSide.SELL)
        expected = held * leader_after // leader_before
        assert abs(remaining - expected) <= 10_000 * (sell_fills + 1)  # 0.01-share steps
        assert 0 < remaining < held
        assert sim.follower_position(token_id) == remaining

        sim.leader_trades(buy=False, shares=leader_after)  # and then the rest
        await engine.step()
        assert sim.leader_position(token_id) == 0
        flat = await _held(db)
        assert flat < 10_000  # flat, but for sub-cent dust the venue cannot sell
        assert sim.follower_position(token_id) == flat
        async with db.transaction() as session:
            statuses = set((await session.scalars(select(Order.status))).all())
            realized = sum((await session.scalars(select(Lot.realized_pnl_micros))).all())
        assert statuses == {OrderStatus.FILLED}
        assert realized != 0


async def _held(db: Database) -> int:
    async with db.transaction() as session:
        return int(await session.scalar(select(func.sum(Lot.remaining_size_micros))) or 0)


async def _count_where(db: Database, *where: object) -> int:
    async with db.transaction() as session:
        stmt = select(func.count()).select_from(Decision).where(*where)  # type: ignore[arg-type]
        return int(await session.scalar(stmt) or 0)


async def test_rereads_and_restarts_decide_each_fill_once(db: Database) -> None:
    async with running_sim(db) as sim:
        sim.leader_trades(buy=True)
        sim.leader_trades(buy=True)
        first = sim.engine("first")
        await first.start()
        await first.step()
        fills, decisions, orders = (
            await _count(db, LeaderFill),
            await _count(db, Decision),
            await _count(db, Order),
        )
        assert fills >= 2
        assert decisions == orders == fills
        # A restarted engine re-reads the same activity window: nothing new may appear.
        second = sim.engine("second")
        await second.start()
        await second.step()
        await second.step()
        assert (await _count(db, LeaderFill), await _count(db, Decision)) == (fills, decisions)
        assert await _count(db, Order) == orders
        assert len(sim.follower_orders()) == orders
        assert await _count(db, LeaderFillSighting) == fills


async def test_concurrent_deciders_decide_each_pair_exactly_once(db: Database) -> None:
    async with running_sim(db) as sim:
        for _ in range(3):
            sim.leader_trades(buy=True)
        detector = sim.engine("detector")
        assert await detector.poll_once() >= 3
        workers = [sim.engine(f"worker-{i}") for i in range(4)]
        await asyncio.gather(*(w.decide_pending() for w in workers))
        async with db.transaction() as session:
            pairs = (
                await session.execute(
                    select(Decision.leader_fill_id, Decision.copy_rule_id, func.count()).group_by(
                        Decision.leader_fill_id, Decision.copy_rule_id
                    )
                )
            ).all()
            fills = await session.scalar(select(func.count()).select_from(LeaderFill))
        assert len(pairs) == fills
        assert all(count == 1 for _, _, count in pairs)
        await asyncio.gather(*(w.step() for w in workers))
        assert await _count(db, ExchangeFill) == fills
        assert len(sim.follower_orders()) == fills


async def test_a_paused_rule_skips_with_a_reason(db: Database) -> None:
    async with running_sim(db) as sim:
        sim.leader_trades(buy=True)
        engine = sim.engine()
        assert await engine.poll_once() >= 1
        async with db.transaction() as session:  # paused between detection and decision
            rule = await session.scalar(select(CopyRule))
            assert rule is not None
            rule.status = TradingState.HALTED
        await engine.decide_pending()
        await engine.step()
        async with db.transaction() as session:
            decision = await session.scalar(select(Decision))
        assert decision is not None
        assert decision.action is DecisionAction.SKIP
        assert decision.reason == "rule_paused"
        assert await _count(db, Order) == 0


async def test_an_exit_waits_for_the_entry_it_would_sell(db: Database) -> None:
    async with running_sim(db) as sim:
        engine = sim.engine(send_at_once=False)
        sim.leader_trades(buy=True, shares=20 * MICRO)
        await engine.step()  # first entry filled: the follower holds shares
        sim.leader_trades(buy=True, shares=20 * MICRO)
        await engine.poll_once()
        await engine.decide_pending()  # second entry decided, not sent
        token_id = sim.leader.market.tokens[0][0]
        sim.leader_trades(buy=False, shares=sim.leader_position(token_id))
        await engine.poll_once()
        await engine.decide_pending()
        async with db.transaction() as session:
            sells = await session.scalar(
                select(func.count()).select_from(Order).where(Order.side == TradeSide.SELL)
            )
            waiting = await session.scalar(
                select(func.count())
                .select_from(LeaderFill)
                .where(LeaderFill.decided_at.is_(None), LeaderFill.side == TradeSide.SELL)
            )
        assert sells == 0  # not decided while the entry it would sell is pending
        assert waiting
        await engine.step()  # the entry fills, then the exit is decided and sent
        await engine.step()
        async with db.transaction() as session:
            statuses = set((await session.scalars(select(Order.status))).all())
            sides = set((await session.scalars(select(Order.side))).all())
        assert statuses == {OrderStatus.FILLED}
        assert sides == {TradeSide.BUY, TradeSide.SELL}
        assert await _held(db) < 10_000


async def test_a_paper_account_books_simulated_fills_and_sends_nothing(db: Database) -> None:
    async with running_sim(db, mode=AccountMode.PAPER) as sim:
        engine = sim.engine()
        sim.leader_trades(buy=True, shares=20 * MICRO)
        await engine.step()
        async with db.transaction() as session:
            orders = (await session.scalars(select(Order))).all()
            lots = (await session.scalars(select(Lot))).all()
        assert orders
        assert {o.status for o in orders} == {OrderStatus.FILLED}
        assert all(o.signed_payload for o in orders)  # signed as for real, never sent
        assert lots
        assert sum(lot.size_micros for lot in lots) > 0
        assert sim.follower_orders() == []
        assert sim.server.state.wallet(sim.follower).positions == {}
