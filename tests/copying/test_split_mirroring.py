"""A leader's SPLIT mirrored like a buy: sized by the rule's allocation, held to its limits
(a split of X pUSD is exposure X, reserved until booked), booked as one lot per outcome for
that leader, and later exited in proportion like any bought shares."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from polycopy.copying.evaluate import (
    BookView,
    FillView,
    FollowerView,
    LeaderView,
    MarketView,
    States,
    evaluate_split,
)
from polycopy.copying.reasons import explain
from polycopy.copying.service import MarketContext, decide_fill
from polycopy.copying.settings import AccountLimits, RuleSettings
from polycopy.copying.sizing import MIN_MARKETABLE_NOTIONAL_MICROS, SHARE_STEP_MICROS
from polycopy.copying.types import SideMode, SkipReason
from polycopy.kit.db import Database
from polycopy.kit.money import MICRO
from polycopy.models import Decision, LeaderFill, Lot, Settlement
from polycopy.portfolio.repository import ExposureRepository
from polycopy.settlements.service import book_settlement
from polycopy.settlements.types import SettlementStatus
from polycopy.signals.types import LeaderEventType, TradeSide
from polycopy.venues.base import SettlementAction, SettlementResult, SubmitOutcome
from tests.copying.support import NOW, Binary, add_fill, add_follower, add_market, add_rule, wallet
from tests.copying.test_evaluate import accounts, followers, rules


def _context(market: Binary) -> MarketContext:
    """YES around 0.70, NO around 0.30."""
    return MarketContext(
        books={
            market.yes: BookView(bids=((690_000, 100 * MICRO),), asks=((710_000, 100 * MICRO),)),
            market.no: BookView(bids=((290_000, 100 * MICRO),), asks=((310_000, 100 * MICRO),)),
        },
        leader_values={},
    )


async def _decide(db: Database, fill_id: int, context: MarketContext) -> list[Decision]:
    async with db.transaction() as session:
        fill = await session.get(LeaderFill, fill_id)
        assert fill is not None
        decided = await decide_fill(
            session, fill, context, now=NOW, stale_after=dt.timedelta(minutes=5)
        )
        return decided.decisions


async def _split(db: Database, leader_id: int, market: Binary, pusd: int) -> int:
    return await add_fill(
        db,
        leader_id,
        market.condition_id,
        None,
        side=None,
        size_micros=pusd,
        price_micros=MICRO,  # usdc = shares: one pUSD per complete set
        event_type=LeaderEventType.SPLIT,
    )


async def _settlements(db: Database, account_id: int) -> list[Settlement]:
    async with db.transaction() as session:
        stmt = select(Settlement).where(Settlement.follower_account_id == account_id)
        return list((await session.scalars(stmt.order_by(Settlement.id))).all())


async def _lots(db: Database, account_id: int) -> list[Lot]:
    async with db.transaction() as session:
        stmt = select(Lot).where(Lot.follower_account_id == account_id).order_by(Lot.id)
        return list((await session.scalars(stmt)).all())


async def test_a_split_is_mirrored_in_proportion_and_booked_as_lots_of_both_outcomes(
    db: Database,
) -> None:
    account_id = await add_follower(db)
    market = await add_market(db)
    settings = RuleSettings(allocation="percentage", percentage_bps=1_000)  # 10 %
    rule = await add_rule(db, account_id, wallet(), settings)
    context = _context(market)

    [decision] = await _decide(db, await _split(db, rule.leader_id, market, 50 * MICRO), context)
    assert decision.reason == SkipReason.SPLIT_MIRRORED.value
    assert decision.details["amount_micros"] == 5 * MICRO
    text = explain(decision.reason, decision.details)
    assert "$50" in text
    assert "$5" in text
    [split] = await _settlements(db, account_id)
    assert (split.action, split.status) == (SettlementAction.SPLIT, SettlementStatus.PENDING)
    assert (split.leader_id, split.shares_micros) == (rule.leader_id, 5 * MICRO)
    assert split.prices == {market.yes: 700_000, market.no: 300_000}

    # Until it is booked, the split's pUSD is reserved exposure of the account.
    async with db.transaction() as session:
        lots, pending = (await ExposureRepository(session).at_risk({account_id}))[account_id]
    assert lots == []
    assert sum(r.amount_micros for r in pending) == 5 * MICRO
    assert {r.token_id for r in pending} == {market.yes, market.no}

    async with db.transaction() as session:
        done = await book_settlement(
            session, split.id, SettlementResult(SubmitOutcome.ACCEPTED, "0x5p"), NOW
        )
    assert done is not None
    assert done.status is SettlementStatus.DONE
    lots = await _lots(db, account_id)
    assert {(lot.token_id, lot.size_micros, lot.cost_micros) for lot in lots} == {
        (market.yes, 5 * MICRO, 3_500_000),
        (market.no, 5 * MICRO, 1_500_000),
    }
    assert all(lot.leader_id == rule.leader_id for lot in lots)
    assert all(lot.opened_by_settlement_id == split.id for lot in lots)
    assert all(lot.opened_by_fill_id is None for lot in lots)
    async with db.transaction() as session:
        spent = await ExposureRepository(session).spent_since({account_id}, NOW)
    assert spent == {account_id: 5 * MICRO}
    # Booking the answer again opens nothing more.
    async with db.transaction() as session:
        await book_settlement(session, split.id, SettlementResult(SubmitOutcome.ACCEPTED), NOW)
    assert len(await _lots(db, account_id)) == 2

    # The leader sells 20 of its 50 YES shares (all from the split): the follower sells 40 %
    # of its YES lot for that leader, which the split opened.
    sell = await add_fill(
        db,
        rule.leader_id,
        market.condition_id,
        market.yes,
        side=TradeSide.SELL,
        size_micros=20 * MICRO,
        price_micros=690_000,
    )
    [exit_] = await _decide(db, sell, context)
    assert exit_.reason is None
    assert exit_.side is TradeSide.SELL
    assert exit_.size_micros == 2 * MICRO
    assert exit_.details["leader_sold_bps"] == 4_000


async def test_a_split_is_held_to_the_buy_limits_and_reservations(db: Database) -> None:
    account_id = await add_follower(db, AccountLimits(max_total_exposure_micros=8 * MICRO))
    market = await add_market(db)
    rule = await add_rule(db, account_id, wallet(), RuleSettings(fixed_amount_micros=5 * MICRO))
    context = _context(market)

    [first] = await _decide(db, await _split(db, rule.leader_id, market, 40 * MICRO), context)
    assert first.reason == SkipReason.SPLIT_MIRRORED.value
    # The first split is not booked yet, but its 5 pUSD are reserved: 3 are left.
    [second] = await _decide(db, await _split(db, rule.leader_id, market, 40 * MICRO), context)
    assert second.reason == SkipReason.SPLIT_MIRRORED.value
    assert second.details["amount_micros"] == 3 * MICRO
    assert second.details["capped_by"] == SkipReason.TOTAL_EXPOSURE.value
    [third] = await _decide(db, await _split(db, rule.leader_id, market, 40 * MICRO), context)
    assert third.reason == SkipReason.TOTAL_EXPOSURE.value
    assert "{" not in explain(third.reason, third.details)
    assert [s.shares_micros for s in await _settlements(db, account_id)] == [5 * MICRO, 3 * MICRO]


async def test_a_sell_only_rule_does_not_split_and_a_refused_split_opens_nothing(
    db: Database,
) -> None:
    account_id = await add_follower(db)
    market = await add_market(db)
    sell_only = await add_rule(
        db, account_id, wallet(), RuleSettings(fixed_amount_micros=MICRO, sides="sell_only")
    )
    [skipped] = await _decide(
        db, await _split(db, sell_only.leader_id, market, 10 * MICRO), _context(market)
    )
    assert skipped.reason == SkipReason.SIDE_FILTERED.value

    rule = await add_rule(db, account_id, wallet(), RuleSettings(fixed_amount_micros=MICRO))
    await _decide(db, await _split(db, rule.leader_id, market, 10 * MICRO), _context(market))
    [split] = await _settlements(db, account_id)
    async with db.transaction() as session:
        refused = await book_settlement(
            session, split.id, SettlementResult(SubmitOutcome.REJECTED, error="no pUSD"), NOW
        )
    assert refused is not None
    assert refused.status is SettlementStatus.FAILED
    assert await _lots(db, account_id) == []
    async with db.transaction() as session:  # a refused split no longer reserves anything
        _, pending = (await ExposureRepository(session).at_risk({account_id}))[account_id]
    assert pending == []


@settings(max_examples=400, deadline=None)
@given(
    rule=rules(),
    limits=accounts,
    follower=followers,
    pusd=st.integers(1, 20_000 * MICRO),
    new_positions=st.integers(0, 2),
    value=st.none() | st.integers(1, 1_000_000 * MICRO),
)
def test_a_mirrored_split_never_exceeds_a_limit(
    rule: RuleSettings,
    limits: AccountLimits,
    follower: FollowerView,
    pusd: int,
    new_positions: int,
    value: int | None,
) -> None:
    verdict = evaluate_split(
        FillView(TradeSide.BUY, "1", 0, pusd, pusd, NOW),
        rule,
        limits,
        follower,
        MarketView(tick_size_micros=10_000, min_order_size_micros=5 * MICRO),
        LeaderView(portfolio_value_micros=value),
        States(),
        new_positions=new_positions,
        now=NOW,
        stale_after=dt.timedelta(minutes=5),
    )
    assert verdict.intent is None
    assert verdict.reason is not None
    assert "{" not in explain(verdict.reason, verdict.details)
    if verdict.reason is not SkipReason.SPLIT_MIRRORED:
        return
    assert rule.sides is not SideMode.SELL_ONLY
    amount = int(verdict.details["amount_micros"])
    assert amount % SHARE_STEP_MICROS == 0
    assert amount >= max(MIN_MARKETABLE_NOTIONAL_MICROS, rule.min_trade_micros or 0)
    for cap, used in (
        (rule.max_trade_micros, 0),
        (rule.max_market_exposure_micros, follower.market_exposure),
        (rule.max_event_exposure_micros, follower.event_exposure),
        (rule.leader_budget_micros, follower.leader_exposure),
        (limits.max_total_exposure_micros, follower.total_exposure),
        (limits.max_daily_spend_micros, follower.daily_spend),
    ):
        assert cap is None or used + amount <= cap
    if limits.max_open_positions is not None:
        assert follower.open_positions + new_positions <= limits.max_open_positions or (
            new_positions == 0
        )
