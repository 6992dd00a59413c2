"""Redemption bookkeeping without a venue: who wins, retries, and what a loss stops."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from polycopy.copying.evaluate import BookView
from polycopy.copying.service import MarketContext, decide_fill
from polycopy.copying.settings import AccountLimits, RuleSettings
from polycopy.copying.types import SkipReason
from polycopy.kit.db import Database
from polycopy.kit.money import MICRO
from polycopy.models import LeaderFill, Lot, Market, Order, Settlement
from polycopy.orders.types import OrderStatus, OrderType
from polycopy.settlements.service import (
    book_settlement,
    claim_redemptions,
    record_resolution,
    resolved_winner,
)
from polycopy.settlements.types import SettlementStatus
from polycopy.signals.types import TradeSide
from polycopy.venues.base import SettlementResult, SubmitOutcome, VenueFill
from polycopy.venues.polymarket.models import GammaMarketInfo
from tests.copying.support import (
    NOW,
    add_fill,
    add_follower,
    add_market,
    add_rule,
    book,
    copy_decision,
    wallet,
)


def _gamma(closed: bool, prices: list[str]) -> GammaMarketInfo:
    return GammaMarketInfo.model_validate(
        {
            "conditionId": "0x01",
            "closed": closed,
            "outcomes": '["Yes", "No"]',
            "clobTokenIds": '["1", "2"]',
            "outcomePrices": str(prices).replace("'", '"'),
        }
    )


def test_a_winner_is_read_only_from_a_closed_market_settled_at_one_and_zero() -> None:
    assert resolved_winner(_gamma(True, ["1", "0"])) == "1"
    assert resolved_winner(_gamma(True, ["0", "1"])) == "2"
    assert resolved_winner(_gamma(False, ["1", "0"])) is None  # not closed yet
    assert resolved_winner(_gamma(True, ["0.5", "0.5"])) is None  # closed, not settled
    assert resolved_winner(_gamma(True, ["0.999", "0.001"])) is None


async def test_a_losing_redemption_counts_towards_the_daily_loss_stop(db: Database) -> None:
    account_id = await add_follower(db, AccountLimits(daily_loss_stop_micros=2 * MICRO))
    market = await add_market(db)
    rule = await add_rule(db, account_id, wallet(), RuleSettings(fixed_amount_micros=2 * MICRO))
    decision = await copy_decision(db, rule, market)
    fill = VenueFill("t1", market.yes, TradeSide.BUY, MICRO // 2, 10 * MICRO, 5 * MICRO, 0, NOW)
    await book(db, rule, decision, market, fill)
    async with db.transaction() as session:
        for leader_fill in (await session.scalars(select(LeaderFill))).all():
            leader_fill.decided_at = NOW
        await record_resolution(session, market.condition_id, market.no, NOW)
        again = await record_resolution(session, market.condition_id, market.yes, NOW)
        assert again is not None
        assert again.winning_token_id == market.no  # resolved once, for good
        await claim_redemptions(session)
        await claim_redemptions(session)  # still one pending redemption
        [pending] = (await session.scalars(select(Settlement))).all()

    # Refused: failed, then claimed again on the next round; accepted: booked once.
    async with db.transaction() as session:
        refused = SettlementResult(SubmitOutcome.REJECTED, error="relayer down")
        failed = await book_settlement(session, pending.id, refused, NOW)
        assert failed is not None
        assert failed.status is SettlementStatus.FAILED
        assert failed.error == "relayer down"
    async with db.transaction() as session:
        await claim_redemptions(session)
        [retried] = (await session.scalars(select(Settlement))).all()
        assert retried.status is SettlementStatus.PENDING
        assert retried.attempts == 1
        done = await book_settlement(
            session, retried.id, SettlementResult(SubmitOutcome.ACCEPTED, "0x02"), NOW
        )
        assert done is not None
        assert done.realized_pnl_micros == -5 * MICRO
        lot = (await session.scalars(select(Lot))).one()
        assert (lot.remaining_size_micros, lot.realized_pnl_micros) == (0, -5 * MICRO)

    # The loss stop now holds back the next buy in another market, with its reason.
    other = await add_market(db)
    buy = await add_fill(db, rule.leader_id, other.condition_id, other.yes)
    deep = ((MICRO // 2, 10_000 * MICRO),)
    context = MarketContext(books={other.yes: BookView(bids=deep, asks=deep)}, leader_values={})
    async with db.transaction() as session:
        leader_fill = await session.get(LeaderFill, buy)
        assert leader_fill is not None
        decided = await decide_fill(
            session, leader_fill, context, now=NOW, stale_after=dt.timedelta(minutes=5)
        )
    [verdict] = decided.decisions
    assert verdict.reason == SkipReason.DAILY_LOSS_STOP.value


async def test_copies_into_a_resolved_market_are_skipped_as_closed(db: Database) -> None:
    account_id = await add_follower(db)
    market = await add_market(db)
    rule = await add_rule(db, account_id, wallet(), RuleSettings(fixed_amount_micros=2 * MICRO))
    async with db.transaction() as session:
        await record_resolution(session, market.condition_id, market.yes, NOW)
        cached = await session.get(Market, market.condition_id)
        assert cached is not None
        assert cached.closed
    buy = await add_fill(db, rule.leader_id, market.condition_id, market.yes)
    async with db.transaction() as session:
        leader_fill = await session.get(LeaderFill, buy)
        assert leader_fill is not None
        decided = await decide_fill(
            session,
            leader_fill,
            MarketContext(books={}, leader_values={}),
            now=NOW,
            stale_after=dt.timedelta(minutes=5),
        )
    [verdict] = decided.decisions
    assert verdict.reason == SkipReason.MARKET_CLOSED.value


async def test_no_redemption_while_an_order_in_the_market_is_unfinished(db: Database) -> None:
    account_id = await add_follower(db)
    market = await add_market(db)
    rule = await add_rule(db, account_id, wallet(), RuleSettings(fixed_amount_micros=2 * MICRO))
    decision = await copy_decision(db, rule, market)
    fill = VenueFill("t1", market.yes, TradeSide.BUY, MICRO // 2, 10 * MICRO, 5 * MICRO, 0, NOW)
    await book(db, rule, decision, market, fill)
    async with db.transaction() as session:
        selling = Order(
            idempotency_key="sell-1",
            decision_id=decision,
            follower_account_id=account_id,
            leader_id=rule.leader_id,
            condition_id=market.condition_id,
            token_id=market.yes,
            side=TradeSide.SELL,
            order_type=OrderType.FOK,
            status=OrderStatus.UNKNOWN,  # sent, fate not known yet
            limit_price_micros=MICRO // 2,
            size_micros=10 * MICRO,
        )
        session.add(selling)
        await record_resolution(session, market.condition_id, market.yes, NOW)
        await claim_redemptions(session)
        assert (await session.scalars(select(Settlement))).all() == []
        selling.status = OrderStatus.CANCELLED
        await session.flush()
        await claim_redemptions(session)
        [claimed] = (await session.scalars(select(Settlement))).all()
    assert claimed.status is SettlementStatus.PENDING
