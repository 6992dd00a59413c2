"""Limits and per-leader books on the real pipeline: emulator over HTTP, SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from polycopy.copying.service import create_rule, set_global_kill_switch, update_rule
from polycopy.copying.settings import RuleSettings
from polycopy.copying.types import DecisionAction, SkipReason, TradingState
from polycopy.emulator.synthetic import SyntheticLeader
from polycopy.kit.db import Database
from polycopy.kit.money import MICRO
from polycopy.models import (
    AuditEvent,
    CopyRule,
    Decision,
    ExchangeFill,
    FollowerAccount,
    Leader,
    LeaderFill,
    Lot,
    Order,
)
from polycopy.signals.types import TradeSide
from tests.pipeline_support import Sim, running_sim, utcnow


async def _rule(db: Database) -> CopyRule:
    async with db.transaction() as session:
        rule = await session.scalar(select(CopyRule).order_by(CopyRule.id))
        assert rule is not None
        return rule


async def _set_settings(db: Database, **settings: object) -> None:
    async with db.transaction() as session:
        rule = await session.scalar(select(CopyRule).order_by(CopyRule.id))
        assert rule is not None
        await update_rule(session, rule, RuleSettings.model_validate(settings), actor="test")


async def test_concurrent_workers_never_exceed_the_market_exposure_limit(db: Database) -> None:
    async with running_sim(db) as sim:
        await _set_settings(
            db, fixed_amount_micros=5 * MICRO, max_market_exposure_micros=12 * MICRO
        )
        for _ in range(5):
            sim.leader_trades(buy=True, shares=20 * MICRO)
        detector = sim.engine("detector")
        fills = await detector.poll_once()
        assert fills >= 5
        # Decide-only first: every reservation is made before any fill changes the costs.
        workers = [sim.engine(f"worker-{i}", send_at_once=False) for i in range(4)]
        await asyncio.gather(*(w.decide_pending() for w in workers))
        await asyncio.gather(*(w.step() for w in workers))
        async with db.transaction() as session:
            reserved = await session.scalar(
                select(func.sum(Order.amount_micros)).where(Order.side == TradeSide.BUY)
            )
            spent = await session.scalar(select(func.sum(Lot.cost_micros)))
            skips = (
                await session.scalars(
                    select(Decision.reason).where(Decision.action == DecisionAction.SKIP)
                )
            ).all()
            decisions = await session.scalar(select(func.count()).select_from(Decision))
        assert decisions == fills
        assert reserved == 12 * MICRO  # 5 + 5 + the 2 left under the cap
        assert spent is not None
        assert spent <= 12 * MICRO
        assert skips
        assert set(skips) == {SkipReason.MARKET_EXPOSURE.value}


async def _second_leader(sim: Sim, db: Database, seed: int = 99) -> SyntheticLeader:
    state = sim.server.state
    market = next(iter(state.markets.values()))
    address = "0x" + "7" * 40
    state.fund(address, 100_000 * MICRO)
    leader = SyntheticLeader(state, address, market, seed=seed)
    async with db.transaction() as session:
        account = await session.scalar(select(FollowerAccount))
        assert account is not None
        await create_rule(
            session,
            account,
            address,
            RuleSettings(fixed_amount_micros=4 * MICRO),
            actor="test",
            now=utcnow(),
        )
    return leader


async def test_one_leaders_sell_never_touches_another_leaders_lots(db: Database) -> None:
    async with running_sim(db) as sim:
        engine = sim.engine()
        other = await _second_leader(sim, db)
        token_id = sim.leader.market.tokens[0][0]
        sim.leader.buy_percent = other.buy_percent = 100
        sim.leader.min_shares = sim.leader.max_shares = other.min_shares = other.max_shares = (
            20 * MICRO
        )
        while sim.leader_position(token_id) == 0:
            sim.leader.step()
        while other.state.wallet(other.address).positions.get(token_id, 0) == 0:
            other.step()
        await engine.step()

        async def lots_by_leader() -> dict[str, int]:
            async with db.transaction() as session:
                rows = (
                    await session.execute(
                        select(Leader.wallet, func.sum(Lot.remaining_size_micros))
                        .join(Lot, Lot.leader_id == Leader.id)
                        .where(Lot.token_id == str(token_id))
                        .group_by(Leader.wallet)
                    )
                ).all()
            return {wallet: int(total) for wallet, total in rows}

        before = await lots_by_leader()
        assert set(before) == {sim.leader.address, other.address}
        assert sum(before.values()) == sim.follower_position(token_id)

        sim.leader_trades(buy=False, shares=sim.leader_position(token_id))  # leader 1 exits
        await engine.step()
        after = await lots_by_leader()
        assert after[other.address] == before[other.address]  # untouched
        assert after[sim.leader.address] < 10_000  # leader 1's lots closed (dust aside)
        assert sum(after.values()) == sim.follower_position(token_id)


async def test_a_loss_stop_moves_the_rule_to_exits_only(db: Database) -> None:
    async with running_sim(db) as sim:
        engine = sim.engine()
        sim.leader_trades(buy=True, shares=20 * MICRO)
        await engine.step()
        # Leader sells into the bid: the follower realises a loss on the round trip.
        sim.leader_trades(
            buy=False, shares=sim.leader_position(sim.leader.market.tokens[0][0]) or MICRO
        )
        await engine.step()
        async with db.transaction() as session:
            realized = int(await session.scalar(select(func.sum(Lot.realized_pnl_micros))) or 0)
        assert realized < 0
        await _set_settings(db, fixed_amount_micros=5 * MICRO, daily_loss_stop_micros=-realized)
        sim.leader_trades(buy=True, shares=20 * MICRO)
        await engine.step()
        rule = await _rule(db)
        assert rule.status is TradingState.REDUCING
        assert rule.status_reason == SkipReason.DAILY_LOSS_STOP.value
        async with db.transaction() as session:
            last = await session.scalar(select(Decision).order_by(Decision.id.desc()))
            audit = await session.scalar(
                select(AuditEvent).where(AuditEvent.action == "state_changed")
            )
        assert last is not None
        assert last.reason == SkipReason.DAILY_LOSS_STOP.value
        assert audit is not None
        assert audit.details["to"] == "reducing"
        sim.leader_trades(buy=True, shares=20 * MICRO)
        await engine.step()
        async with db.transaction() as session:
            last = await session.scalar(select(Decision).order_by(Decision.id.desc()))
        assert last is not None
        assert last.reason == SkipReason.REDUCING_ONLY.value


async def test_the_global_kill_switch_stops_every_copy(db: Database) -> None:
    async with running_sim(db) as sim:
        async with db.transaction() as session:
            await set_global_kill_switch(session, True, actor="admin")
        sim.leader_trades(buy=True)
        await sim.engine().step()
        async with db.transaction() as session:
            reasons = set((await session.scalars(select(Decision.reason))).all())
            orders = await session.scalar(select(func.count()).select_from(Order))
        assert reasons == {SkipReason.GLOBAL_KILL_SWITCH.value}
        assert orders == 0


async def test_proportional_allocation_uses_the_leaders_portfolio_value(db: Database) -> None:
    from polycopy.kit.money import to_micros
    from polycopy.venues.polymarket.data_api import DataApiClient

    async with running_sim(db) as sim:
        await _set_settings(db, allocation="proportional", budget_micros=100 * MICRO)
        sim.leader_trades(buy=True, shares=40 * MICRO)
        engine = sim.engine()
        value_rows = await DataApiClient(sim.http, sim.server.base_urls["data"]).value_v1(
            sim.leader.address
        )
        value = to_micros(value_rows[0].value, exact=False)
        await engine.step()
        async with db.transaction() as session:
            last = await session.scalar(select(Decision).order_by(Decision.id.desc()))
            fill = await session.get(LeaderFill, last.leader_fill_id) if last else None
        assert last is not None
        assert fill is not None
        assert value > 0
        assert last.details["allocation_micros"] == fill.usdc_micros * 100 * MICRO // value


async def test_event_exposure_and_daily_spend_limits_cap_buys(db: Database) -> None:
    async with running_sim(db) as sim:
        await _set_settings(db, fixed_amount_micros=5 * MICRO, max_event_exposure_micros=12 * MICRO)
        async with db.transaction() as session:
            account = await session.scalar(select(FollowerAccount))
            assert account is not None
            account.limits = {"max_daily_spend_micros": 8 * MICRO}
        engine = sim.engine()
        for _ in range(3):
            sim.leader_trades(buy=True, shares=20 * MICRO)
            await engine.step()
        async with db.transaction() as session:
            spent = await session.scalar(
                select(func.sum(ExchangeFill.amount_micros + ExchangeFill.fee_micros)).where(
                    ExchangeFill.side == TradeSide.BUY
                )
            )
            reasons = set(
                (
                    await session.scalars(
                        select(Decision.reason).where(Decision.action == DecisionAction.SKIP)
                    )
                ).all()
            )
            capped = (
                await session.scalars(
                    select(Decision.details).where(Decision.action == DecisionAction.COPY)
                )
            ).all()
        # The daily spend (8, counting what fills actually cost) binds before the event cap (12).
        assert spent is not None
        assert 7 * MICRO < spent <= 8 * MICRO
        assert any(d.get("capped_by") == "daily_spend" for d in capped)
        assert reasons == {SkipReason.DAILY_SPEND.value}
