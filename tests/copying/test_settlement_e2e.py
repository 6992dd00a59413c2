"""End to end on the emulator over HTTP: mirrored entries and exits per leader, then the
market resolves and the follower's lots are redeemed through the relayer."""

from __future__ import annotations

import datetime as dt
import random
import secrets

import httpx
from sqlalchemy import select

from polycopy.copying.reasons import explain
from polycopy.copying.service import create_rule, update_rule
from polycopy.copying.settings import RuleSettings
from polycopy.copying.sizing import BPS, to_step
from polycopy.copying.types import AllocationMode, DecisionAction, SkipReason
from polycopy.emulator.book import OrderType
from polycopy.emulator.state import OrderRequest
from polycopy.engine import CopyEngine, EngineTimings, VenueUrls, build_engine
from polycopy.kit.db import Database
from polycopy.kit.money import MICRO
from polycopy.models import CopyRule, Decision, FollowerAccount, Leader, LeaderFill, Lot, Settlement
from polycopy.settlements.service import answer_merge_offer
from polycopy.settlements.types import SettlementStatus
from polycopy.signals.types import LeaderEventType
from polycopy.venues.base import SettlementAction
from polycopy.venues.polymarket.amounts import Side
from polycopy.venues.polymarket.signing import PrivateKey
from tests.pipeline_support import Sim, running_sim, utcnow

SLIPPAGE_TICKS = 3
PERCENT_BPS = 5_000  # the first leader is copied at 50 % of its trade
FIXED = 3 * MICRO  # the second at $3 a buy


def _engine(sim: Sim, *, resolution_check: dt.timedelta) -> CopyEngine:
    urls = sim.server.base_urls
    return build_engine(
        sim.db,
        sim.box,
        sim.http,
        urls=VenueUrls(
            clob=urls["clob"], data=urls["data"], gamma=urls["gamma"], relayer=urls["relayer"]
        ),
        timings=EngineTimings(
            poll_interval=dt.timedelta(seconds=0.1),
            stale_after=dt.timedelta(minutes=5),
            resolution_check=resolution_check,
        ),
        worker_id="settle",
        now=utcnow,
        rng=random.Random(0),
    )


def _trade(sim: Sim, address: str, token_id: int, side: Side, shares: int) -> None:
    """A marketable order of ``address`` through the emulator's one order path."""
    sim.liquidity.step()
    state = sim.server.state
    tick = state.market_for_token(token_id).tick_size  # type: ignore[union-attr]
    best = state.books[token_id].best(Side.SELL if side is Side.BUY else Side.BUY)
    assert best is not None
    price = best + SLIPPAGE_TICKS * tick if side is Side.BUY else best - SLIPPAGE_TICKS * tick
    placement = state.place_order(
        OrderRequest(
            order_id=state.internal_order_id(),
            owner=state.derive_api_key(address, 0).api_key,
            maker=address.lower(),
            signer=address.lower(),
            token_id=token_id,
            side=side,
            price=min(max(price, tick), MICRO - tick),
            size=shares,
            order_type=OrderType.FAK,
        )
    )
    assert placement.taking > 0


async def _second_leader(sim: Sim) -> str:
    """A second leader, followed by the same account at a fixed amount; the first leader's
    rule switches to a percentage of the leader's trade."""
    wallet = PrivateKey.from_hex("0x" + secrets.token_hex(32)).address
    sim.server.state.fund(wallet, 10_000 * MICRO)
    async with sim.db.transaction() as session:
        account = (await session.scalars(select(FollowerAccount))).one()
        first = (await session.scalars(select(CopyRule))).one()
        await update_rule(
            session,
            first,
            RuleSettings(
                allocation=AllocationMode.PERCENTAGE,
                percentage_bps=PERCENT_BPS,
                max_slippage_bps=500,
            ),
            actor="test",
        )
        await create_rule(
            session,
            account,
            wallet,
            RuleSettings(fixed_amount_micros=FIXED, max_slippage_bps=500),
            actor="test",
            now=utcnow(),
        )
    return wallet


async def _lots(db: Database) -> dict[str, list[Lot]]:
    """Lots per leader wallet."""
    async with db.transaction() as session:
        rows = (await session.execute(select(Lot, Leader.wallet).join(Leader))).all()
    found: dict[str, list[Lot]] = {}
    for lot, wallet in rows:
        found.setdefault(wallet.lower(), []).append(lot)
    return found


def _held(lots: list[Lot]) -> int:
    return sum(lot.remaining_size_micros for lot in lots)


async def _assert_every_skip_explained(db: Database) -> None:
    async with db.transaction() as session:
        decisions = (await session.scalars(select(Decision))).all()
    for decision in decisions:
        if decision.action is DecisionAction.SKIP:
            assert decision.reason is not None
            text = explain(decision.reason, decision.details)
            assert text
            assert "{" not in text


async def test_mirrored_round_trip_then_redemption_after_resolution(db: Database) -> None:
    async with running_sim(db) as sim:
        state = sim.server.state
        market = next(iter(state.markets.values()))
        yes, no = (token for token, _ in market.tokens)
        leader_a = sim.leader.address.lower()
        leader_b = (await _second_leader(sim)).lower()
        engine = _engine(sim, resolution_check=dt.timedelta(hours=1))
        await engine.start()
        funds_before = state.wallet(sim.follower).pusd

        # Both leaders buy the same outcome in the same round.
        _trade(sim, leader_a, yes, Side.BUY, 20 * MICRO)
        _trade(sim, leader_b, yes, Side.BUY, 10 * MICRO)
        await engine.step()
        lots = await _lots(db)
        assert set(lots) == {leader_a, leader_b}
        async with db.transaction() as session:
            buys = (
                await session.execute(
                    select(Decision, LeaderFill, Leader.wallet)
                    .join(LeaderFill, LeaderFill.id == Decision.leader_fill_id)
                    .join(Leader, Leader.id == LeaderFill.leader_id)
                )
            ).all()
        for decision, fill, wallet in buys:
            assert decision.action is DecisionAction.COPY, decision.reason
            expected = (
                to_step(fill.usdc_micros * PERCENT_BPS // BPS)
                if wallet.lower() == leader_a
                else FIXED
            )
            assert decision.amount_micros == expected
        b_lots = _held(lots[leader_b])
        assert b_lots > 0

        _trade(sim, leader_a, yes, Side.BUY, 10 * MICRO)  # the first leader adds
        await engine.step()
        lots = await _lots(db)
        a_held = _held(lots[leader_a])
        assert len(lots[leader_a]) >= 2
        assert _held(lots[leader_b]) == b_lots

        leader_before = state.wallet(leader_a).positions[yes]
        _trade(sim, leader_a, yes, Side.SELL, to_step(leader_before // 2))  # sells half
        await engine.step()
        leader_after = state.wallet(leader_a).positions[yes]
        lots = await _lots(db)
        expected = a_held * leader_after // leader_before
        assert abs(_held(lots[leader_a]) - expected) <= 20_000  # 0.01-share steps
        assert _held(lots[leader_b]) == b_lots  # the other leader's lots are untouched

        _trade(sim, leader_a, yes, Side.SELL, leader_after)  # and the rest
        await engine.step()
        assert state.wallet(leader_a).positions.get(yes, 0) == 0
        lots = await _lots(db)
        dust = _held(lots[leader_a])
        assert dust < 10_000  # flat, but for sub-cent dust the venue cannot sell
        assert _held(lots[leader_b]) == b_lots
        held = dust + b_lots
        assert state.wallet(sim.follower).positions.get(yes, 0) == held

        # The market resolves for YES; the second leader redeems; the follower follows.
        async with httpx.AsyncClient() as http:
            admin = sim.server.base_urls["admin"]
            answer = await http.post(
                f"{admin}/markets/{market.condition_id}/resolve", json={"winner": str(yes)}
            )
            assert answer.status_code == 200, answer.text
            answer = await http.post(
                f"{admin}/wallets/{leader_b}/redeem", json={"condition_id": market.condition_id}
            )
            assert answer.status_code == 200, answer.text
        pusd_before_redeem = state.wallet(sim.follower).pusd
        await engine.step()

        lots = await _lots(db)
        assert all(
            lot.remaining_size_micros == 0 and lot.closed_at for ls in lots.values() for lot in ls
        )
        assert state.wallet(sim.follower).positions.get(yes, 0) == 0
        assert state.wallet(sim.follower).positions.get(no, 0) == 0
        assert state.wallet(sim.follower).pusd - pusd_before_redeem == held  # 1 pUSD a share
        async with db.transaction() as session:
            settlement = (await session.scalars(select(Settlement))).one()
            redeem_fill = (
                await session.scalars(
                    select(LeaderFill).where(LeaderFill.event_type == LeaderEventType.REDEEM)
                )
            ).one()
            confirmations = (
                await session.scalars(
                    select(Decision).where(Decision.leader_fill_id == redeem_fill.id)
                )
            ).all()
        assert settlement.action is SettlementAction.REDEEM
        assert settlement.status is SettlementStatus.DONE
        assert settlement.payout_micros == settlement.shares_micros == held
        assert settlement.transaction_hash
        assert settlement.leader_fill_id == redeem_fill.id  # the leader's REDEEM confirms
        assert [d.reason for d in confirmations] == [SkipReason.LEADER_REDEEMED.value]
        assert all(lot.settlement_id == settlement.id for lot in lots[leader_b])
        realized = sum(lot.realized_pnl_micros for ls in lots.values() for lot in ls)
        assert realized == state.wallet(sim.follower).pusd - funds_before
        await _assert_every_skip_explained(db)


async def test_redeems_without_waiting_for_the_leader_and_losers_close_at_zero(
    db: Database,
) -> None:
    async with running_sim(db) as sim:
        state = sim.server.state
        market = next(iter(state.markets.values()))
        yes, no = (token for token, _ in market.tokens)
        engine = _engine(sim, resolution_check=dt.timedelta(0))
        await engine.start()
        _trade(sim, sim.leader.address, yes, Side.BUY, 20 * MICRO)
        await engine.step()
        lots = await _lots(db)
        cost = sum(lot.cost_micros for ls in lots.values() for lot in ls)
        assert cost > 0
        pusd = state.wallet(sim.follower).pusd

        state.resolve(market.condition_id, no)  # the follower's outcome lost
        await engine.step()  # the leader has not redeemed: polycopy does not wait

        lots = await _lots(db)
        assert all(lot.remaining_size_micros == 0 for ls in lots.values() for lot in ls)
        assert sum(lot.realized_pnl_micros for ls in lots.values() for lot in ls) == -cost
        assert state.wallet(sim.follower).pusd == pusd  # losing shares pay nothing
        assert state.wallet(sim.follower).positions.get(yes, 0) == 0
        async with db.transaction() as session:
            settlement = (await session.scalars(select(Settlement))).one()
        assert settlement.status is SettlementStatus.DONE
        assert settlement.payout_micros == 0
        assert settlement.leader_fill_id is None

        # The leader redeems later: its REDEEM is linked as confirmation, not copied.
        state.redeem(sim.leader.address, market.condition_id)
        await engine.step()
        async with db.transaction() as session:
            settlement = (await session.scalars(select(Settlement))).one()
            decision = (
                await session.scalars(
                    select(Decision)
                    .join(LeaderFill, LeaderFill.id == Decision.leader_fill_id)
                    .where(LeaderFill.event_type == LeaderEventType.REDEEM)
                )
            ).one()
        assert decision.reason == SkipReason.LEADER_REDEEMED.value
        assert decision.details["payout_micros"] == 0
        assert settlement.leader_fill_id == decision.leader_fill_id
        assert "paid $0" in explain(decision.reason, decision.details)
        await _assert_every_skip_explained(db)


async def test_an_accepted_merge_offer_runs_through_the_relayer(db: Database) -> None:
    async with running_sim(db) as sim:
        state = sim.server.state
        market = next(iter(state.markets.values()))
        yes, no = (token for token, _ in market.tokens)
        leader_b = await _second_leader(sim)
        engine = _engine(sim, resolution_check=dt.timedelta(hours=1))
        await engine.start()
        _trade(sim, sim.leader.address, yes, Side.BUY, 20 * MICRO)
        _trade(sim, leader_b, no, Side.BUY, 20 * MICRO)
        await engine.step()
        held_yes = state.wallet(sim.follower).positions[yes]
        held_no = state.wallet(sim.follower).positions[no]
        async with db.transaction() as session:
            offer = (await session.scalars(select(Settlement))).one()
            account_id = offer.follower_account_id
        assert offer.status is SettlementStatus.OFFERED
        assert offer.shares_micros == min(held_yes, held_no)
        pusd = state.wallet(sim.follower).pusd

        async with db.transaction() as session:
            await answer_merge_offer(session, account_id, offer.id, accept=True, actor="user")
        await engine.step()

        pairs = offer.shares_micros
        assert state.wallet(sim.follower).positions.get(yes, 0) == held_yes - pairs
        assert state.wallet(sim.follower).positions.get(no, 0) == held_no - pairs
        assert state.wallet(sim.follower).pusd == pusd + pairs
        async with db.transaction() as session:
            done = await session.get(Settlement, offer.id)
        assert done is not None
        assert done.status is SettlementStatus.DONE
        assert done.transaction_hash
        lots = await _lots(db)
        assert _held(lots[sim.leader.address.lower()]) == held_yes - pairs
        assert _held(lots[leader_b.lower()]) == held_no - pairs
        merges = (
            await sim.http.get(
                f"{sim.server.base_urls['data']}/v2/activity",
                params={"user": sim.follower, "type": "MERGE"},
            )
        ).json()["data"]
        assert [m["transaction_hash"] for m in merges] == [done.transaction_hash]
        await _assert_every_skip_explained(db)


async def test_a_new_rule_mirrors_the_leaders_open_positions_once(db: Database) -> None:
    async with running_sim(db) as sim:
        state = sim.server.state
        market = next(iter(state.markets.values()))
        yes, no = (token for token, _ in market.tokens)
        leader = PrivateKey.from_hex("0x" + secrets.token_hex(32)).address.lower()
        state.fund(leader, 10_000 * MICRO)
        _trade(sim, leader, yes, Side.BUY, 30 * MICRO)  # held before anyone follows
        _trade(sim, leader, no, Side.BUY, 10 * MICRO)
        async with db.transaction() as session:
            account = (await session.scalars(select(FollowerAccount))).one()
            rule = await create_rule(
                session,
                account,
                leader,
                RuleSettings(
                    allocation=AllocationMode.PERCENTAGE,
                    percentage_bps=PERCENT_BPS,
                    max_trade_micros=4 * MICRO,
                    max_slippage_bps=500,
                    mirror_open_positions=True,
                ),
                actor="test",
                now=utcnow(),
            )
        engine = _engine(sim, resolution_check=dt.timedelta(hours=1))
        await engine.start()
        await engine.step()

        lots = (await _lots(db))[leader]
        held = {
            token: sum(lot.remaining_size_micros for lot in lots if lot.token_id == token)
            for token in (str(yes), str(no))
        }
        assert held[str(yes)] > 0
        assert held[str(no)] > 0
        assert state.wallet(sim.follower).positions[yes] == held[str(yes)]
        async with db.transaction() as session:
            decisions = (
                await session.scalars(select(Decision).where(Decision.copy_rule_id == rule.id))
            ).all()
            fills = (await session.scalars(select(LeaderFill))).all()
        assert len(decisions) == 2
        assert all(d.action is DecisionAction.COPY for d in decisions)
        for decision in decisions:
            assert decision.amount_micros is not None
            assert decision.amount_micros <= 4 * MICRO  # the rule's limits hold
        assert {f.size_micros for f in fills if f.leader_id == rule.leader_id} == {
            30 * MICRO,
            10 * MICRO,
        }
        await engine.step()  # mirrored once only
        async with db.transaction() as session:
            again = (
                await session.scalars(select(Decision).where(Decision.copy_rule_id == rule.id))
            ).all()
        assert len(again) == 2

        # The leader's exit of a mirrored position is mirrored in full.
        _trade(sim, leader, yes, Side.SELL, state.wallet(leader).positions[yes])
        await engine.step()
        lots = (await _lots(db))[leader]
        left = sum(lot.remaining_size_micros for lot in lots if lot.token_id == str(yes))
        assert left < 10_000  # flat, but for sub-cent dust
        await _assert_every_skip_explained(db)


async def test_a_leaders_split_and_merge_are_mirrored_through_the_relayer(db: Database) -> None:
    async with running_sim(db) as sim:
        state = sim.server.state
        market = next(iter(state.markets.values()))
        yes, no = (token for token, _ in market.tokens)
        leader = sim.leader.address.lower()
        state.fund(leader, 1_000 * MICRO)
        async with db.transaction() as session:
            rule = (await session.scalars(select(CopyRule))).one()
            await update_rule(
                session,
                rule,
                RuleSettings(fixed_amount_micros=20 * MICRO, max_slippage_bps=500),
                actor="test",
            )
        engine = _engine(sim, resolution_check=dt.timedelta(hours=1))
        await engine.start()
        pusd = state.wallet(sim.follower).pusd
        admin = sim.server.base_urls["admin"]

        # The leader splits 40 pUSD: the follower splits its fixed 20 through the relayer.
        answer = await sim.http.post(
            f"{admin}/wallets/{leader}/split",
            json={"condition_id": market.condition_id, "shares": "40"},
        )
        assert answer.status_code == 200, answer.text
        await engine.step()
        follower = state.wallet(sim.follower)
        assert (follower.positions[yes], follower.positions[no]) == (20 * MICRO, 20 * MICRO)
        assert follower.pusd == pusd - 20 * MICRO
        lots = (await _lots(db))[leader]
        assert sorted((lot.token_id, lot.remaining_size_micros) for lot in lots) == sorted(
            [(str(yes), 20 * MICRO), (str(no), 20 * MICRO)]
        )
        assert sum(lot.cost_micros for lot in lots) == 20 * MICRO
        async with db.transaction() as session:
            split = (await session.scalars(select(Settlement))).one()
            decision = (
                await session.scalars(select(Decision).where(Decision.reason.is_not(None)))
            ).one()
        assert (split.action, split.status) == (SettlementAction.SPLIT, SettlementStatus.DONE)
        assert split.transaction_hash
        assert decision.reason == SkipReason.SPLIT_MIRRORED.value
        assert decision.details["settlement_id"] == split.id

        # The leader merges 10 of its 40 sets: the follower merges a quarter of its sets.
        answer = await sim.http.post(
            f"{admin}/wallets/{leader}/merge",
            json={"condition_id": market.condition_id, "shares": "10"},
        )
        assert answer.status_code == 200, answer.text
        await engine.step()
        follower = state.wallet(sim.follower)
        assert (follower.positions[yes], follower.positions[no]) == (15 * MICRO, 15 * MICRO)
        assert follower.pusd == pusd - 15 * MICRO
        lots = (await _lots(db))[leader]
        assert _held([lot for lot in lots if lot.token_id == str(yes)]) == 15 * MICRO
        assert _held([lot for lot in lots if lot.token_id == str(no)]) == 15 * MICRO

        # The leader sells half of its 30 YES (all from its split): the follower sells half.
        _trade(sim, leader, yes, Side.SELL, 15 * MICRO)
        await engine.step()
        lots = (await _lots(db))[leader]
        left = _held([lot for lot in lots if lot.token_id == str(yes)])
        assert abs(left - 15 * MICRO // 2) <= 10_000  # 0.01-share steps
        assert state.wallet(sim.follower).positions[yes] == left
        assert _held([lot for lot in lots if lot.token_id == str(no)]) == 15 * MICRO
        await _assert_every_skip_explained(db)
