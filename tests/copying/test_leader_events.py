"""A leader's MERGE and CONVERSION, and the merge offered when two rules leave a
follower holding both outcomes: decisions, settlements and the books they move."""

from __future__ import annotations

import datetime as dt
import secrets

import pytest
from sqlalchemy import select

from polycopy.copying.reasons import explain
from polycopy.copying.service import MarketContext, decide_fill
from polycopy.copying.settings import RuleSettings
from polycopy.copying.types import SkipReason
from polycopy.kit.db import Database
from polycopy.kit.errors import InvalidInputError
from polycopy.kit.money import MICRO
from polycopy.models import CopyRule, Decision, LeaderFill, Lot, Settlement
from polycopy.settlements.service import answer_merge_offer, book_settlement, offer_merges
from polycopy.settlements.types import SettlementStatus
from polycopy.signals.types import LeaderEventType, TradeSide
from polycopy.venues.base import SettlementAction, SettlementResult, SubmitOutcome, VenueFill
from tests.copying.support import (
    NOW,
    Binary,
    add_fill,
    add_follower,
    add_market,
    add_rule,
    book,
    copy_decision,
    wallet,
)

CONTEXT = MarketContext(books={}, leader_values={})


async def _decide(db: Database, fill_id: int) -> list[Decision]:
    async with db.transaction() as session:
        fill = await session.get(LeaderFill, fill_id)
        assert fill is not None
        decided = await decide_fill(
            session, fill, CONTEXT, now=NOW, stale_after=dt.timedelta(minutes=5)
        )
        return decided.decisions


async def _buy(db: Database, rule: CopyRule, market: Binary, token: str, shares: int) -> None:
    decision = await copy_decision(db, rule, market)
    amount = shares // 2  # at 0.50
    fill = VenueFill(secrets.token_hex(8), token, TradeSide.BUY, MICRO // 2, shares, amount, 0, NOW)
    await book(db, rule, decision, market, fill)


async def _held(db: Database, account_id: int) -> dict[tuple[int, str], int]:
    async with db.transaction() as session:
        lots = (
            await session.scalars(select(Lot).where(Lot.follower_account_id == account_id))
        ).all()
    held: dict[tuple[int, str], int] = {}
    for lot in lots:
        key = (lot.leader_id, lot.token_id)
        held[key] = held.get(key, 0) + lot.remaining_size_micros
    return held


async def test_a_leader_merge_is_mirrored_in_proportion_on_that_leaders_lots(
    db: Database,
) -> None:
    account_id = await add_follower(db)
    market = await add_market(db)
    leader = await add_rule(db, account_id, wallet(), RuleSettings(fixed_amount_micros=MICRO))
    other = await add_rule(db, account_id, wallet(), RuleSettings(fixed_amount_micros=MICRO))
    await _buy(db, leader, market, market.yes, 10 * MICRO)
    await _buy(db, leader, market, market.no, 6 * MICRO)
    await _buy(db, other, market, market.no, 8 * MICRO)  # another leader's: never merged
    # The leader held 20 complete sets (as polycopy saw its trades) and merges 10 of them.
    for token in (market.yes, market.no):
        await add_fill(db, leader.leader_id, market.condition_id, token, size_micros=20 * MICRO)
    merge = await add_fill(
        db,
        leader.leader_id,
        market.condition_id,
        None,
        side=None,
        size_micros=10 * MICRO,
        event_type=LeaderEventType.MERGE,
    )
    async with db.transaction() as session:  # the earlier trades are decided already
        for fill in (await session.scalars(select(LeaderFill))).all():
            if fill.id != merge:
                fill.decided_at = NOW

    [decision] = await _decide(db, merge)
    assert decision.reason == SkipReason.MERGE_MIRRORED.value
    assert decision.details["merge_shares_micros"] == 3 * MICRO  # 6 sets x 10 / 20
    assert "3 sets" in explain(decision.reason, decision.details)
    async with db.transaction() as session:
        settlement = (await session.scalars(select(Settlement))).one()
    assert settlement.status is SettlementStatus.PENDING
    assert settlement.action is SettlementAction.MERGE
    assert (settlement.leader_id, settlement.leader_fill_id) == (leader.leader_id, merge)

    async with db.transaction() as session:
        done = await book_settlement(
            session, settlement.id, SettlementResult(SubmitOutcome.ACCEPTED, "0xabc"), NOW
        )
    assert done is not None
    assert done.status is SettlementStatus.DONE
    assert done.payout_micros == 3 * MICRO
    assert done.realized_pnl_micros == 0  # bought at 0.50 + 0.50, merged for 1.00
    held = await _held(db, account_id)
    assert held[(leader.leader_id, market.yes)] == 7 * MICRO
    assert held[(leader.leader_id, market.no)] == 3 * MICRO
    assert held[(other.leader_id, market.no)] == 8 * MICRO

    # Booking the same answer again changes nothing.
    async with db.transaction() as session:
        await book_settlement(
            session, settlement.id, SettlementResult(SubmitOutcome.ACCEPTED, "0xabc"), NOW
        )
    assert await _held(db, account_id) == held


async def test_conversion_and_empty_merges_are_explained_not_copied(db: Database) -> None:
    account_id = await add_follower(db)
    market = await add_market(db)
    rule = await add_rule(db, account_id, wallet(), RuleSettings(fixed_amount_micros=MICRO))
    for kind, reason in (
        (LeaderEventType.CONVERSION, SkipReason.NOT_A_TRADE),
        (LeaderEventType.MERGE, SkipReason.NOTHING_TO_MERGE),
        (LeaderEventType.REDEEM, SkipReason.LEADER_REDEEMED),
    ):
        fill = await add_fill(
            db, rule.leader_id, market.condition_id, None, side=None, event_type=kind
        )
        [decision] = await _decide(db, fill)
        assert decision.reason == reason.value
        assert decision.token_id is None
        text = explain(decision.reason, decision.details)
        assert "{" not in text
        assert "?" not in text
    async with db.transaction() as session:
        assert (await session.scalars(select(Settlement))).all() == []


async def test_both_outcomes_held_across_rules_are_offered_as_a_merge(db: Database) -> None:
    account_id = await add_follower(db)
    market = await add_market(db)
    yes_rule = await add_rule(db, account_id, wallet(), RuleSettings(fixed_amount_micros=MICRO))
    no_rule = await add_rule(db, account_id, wallet(), RuleSettings(fixed_amount_micros=MICRO))
    await _buy(db, yes_rule, market, market.yes, 10 * MICRO)
    async with db.transaction() as session:
        assert await offer_merges(session) == []  # one outcome only: nothing to offer
    await _buy(db, no_rule, market, market.no, 4 * MICRO)
    async with db.transaction() as session:
        [offer] = await offer_merges(session)
    assert offer.status is SettlementStatus.OFFERED
    assert offer.shares_micros == 4 * MICRO
    async with db.transaction() as session:
        assert [o.id for o in await offer_merges(session)] == [offer.id]  # offered once

    other_account = await add_follower(db)
    async with db.transaction() as session:
        with pytest.raises(InvalidInputError):
            await answer_merge_offer(session, other_account, offer.id, accept=True, actor="t")
    async with db.transaction() as session:
        accepted = await answer_merge_offer(session, account_id, offer.id, accept=True, actor="t")
    assert accepted.status is SettlementStatus.PENDING
    async with db.transaction() as session:
        with pytest.raises(InvalidInputError):  # answered already
            await answer_merge_offer(session, account_id, offer.id, accept=False, actor="t")
    async with db.transaction() as session:
        done = await book_settlement(
            session, offer.id, SettlementResult(SubmitOutcome.ACCEPTED, "0x1"), NOW
        )
    assert done is not None
    assert done.payout_micros == 4 * MICRO
    held = await _held(db, account_id)
    assert held[(yes_rule.leader_id, market.yes)] == 6 * MICRO
    assert held[(no_rule.leader_id, market.no)] == 0
    async with db.transaction() as session:
        assert await offer_merges(session) == []  # nothing left to pair


async def test_a_declined_offer_is_not_offered_again(db: Database) -> None:
    account_id = await add_follower(db)
    market = await add_market(db)
    rules = [
        await add_rule(db, account_id, wallet(), RuleSettings(fixed_amount_micros=MICRO))
        for _ in range(2)
    ]
    await _buy(db, rules[0], market, market.yes, 5 * MICRO)
    await _buy(db, rules[1], market, market.no, 5 * MICRO)
    async with db.transaction() as session:
        [offer] = await offer_merges(session)
    async with db.transaction() as session:
        declined = await answer_merge_offer(session, account_id, offer.id, accept=False, actor="t")
    assert declined.status is SettlementStatus.DECLINED
    async with db.transaction() as session:
        assert await offer_merges(session) == []


async def test_a_merge_with_an_unknown_outcome_is_never_sent_again(db: Database) -> None:
    account_id = await add_follower(db)
    market = await add_market(db)
    rules = [
        await add_rule(db, account_id, wallet(), RuleSettings(fixed_amount_micros=MICRO))
        for _ in range(2)
    ]
    await _buy(db, rules[0], market, market.yes, 5 * MICRO)
    await _buy(db, rules[1], market, market.no, 5 * MICRO)
    async with db.transaction() as session:
        [offer] = await offer_merges(session)
        await answer_merge_offer(session, account_id, offer.id, accept=True, actor="t")
    async with db.transaction() as session:
        retry = SettlementResult(SubmitOutcome.RETRY, error="429")
        again = await book_settlement(session, offer.id, retry, NOW)
        assert again is not None
        assert again.status is SettlementStatus.PENDING  # never reached the venue
        again.status = SettlementStatus.SENDING  # as the settler claims it before sending
    async with db.transaction() as session:
        lost = SettlementResult(SubmitOutcome.UNKNOWN, error="timeout")
        unknown = await book_settlement(session, offer.id, lost, NOW)
        assert unknown is not None
        assert unknown.status is SettlementStatus.SENDING
    held = await _held(db, account_id)
    assert held[(rules[0].leader_id, market.yes)] == 5 * MICRO  # nothing booked
