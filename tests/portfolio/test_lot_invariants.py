"""Property tests of the books on a real database: random buys and sells for two leaders in
both outcomes of a market, then a merge and a resolution, all through the booking code.

After every step: the lots of each outcome add up to the follower's position in it, a sale
for one leader never changes another leader's lots, and realised PnL is exactly what was
received minus the cost of what left the books.
"""

from __future__ import annotations

import secrets
from collections import defaultdict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from polycopy.copying.settings import RuleSettings
from polycopy.copying.sizing import to_step
from polycopy.kit.db import Database
from polycopy.kit.money import MICRO
from polycopy.models import Lot, Settlement
from polycopy.settlements.service import (
    answer_merge_offer,
    book_settlement,
    claim_redemptions,
    offer_merges,
    record_resolution,
)
from polycopy.settlements.types import SettlementStatus
from polycopy.signals.types import TradeSide
from polycopy.venues.base import SettlementResult, SubmitOutcome, VenueFill
from tests.copying.support import (
    NOW,
    Binary,
    add_follower,
    add_market,
    add_rule,
    book,
    copy_decision,
    wallet,
)

buys = st.tuples(
    st.just("buy"),
    st.integers(0, 1),  # leader
    st.integers(0, 1),  # outcome
    st.integers(1, 500).map(lambda n: n * 10_000 * 10),  # 0.1 .. 50 shares
    st.integers(1, 99).map(lambda n: n * 10_000),  # price on a 0.01 tick
)
sells = st.tuples(
    st.just("sell"),
    st.integers(0, 1),
    st.integers(0, 1),
    st.integers(1, 10_000),  # share of the leader's lots sold, in basis points
    st.integers(1, 99).map(lambda n: n * 10_000),
)
scenarios = st.tuples(
    st.lists(buys | sells, min_size=1, max_size=12),
    st.booleans(),  # accept the merge offer, when there is one
    st.integers(0, 1),  # the winning outcome
)


class Books:
    """What the follower should hold and what the books should have earned."""

    def __init__(self) -> None:
        self.position: dict[str, int] = defaultdict(int)
        self.spent = 0
        self.received = 0


async def _lots(db: Database, account_id: int) -> list[Lot]:
    async with db.transaction() as session:
        stmt = select(Lot).where(Lot.follower_account_id == account_id).order_by(Lot.id)
        return list((await session.scalars(stmt)).all())


async def _check(db: Database, account_id: int, market: Binary, books: Books) -> list[Lot]:
    lots = await _lots(db, account_id)
    for token in (market.yes, market.no):
        held = sum(lot.remaining_size_micros for lot in lots if lot.token_id == token)
        assert held == books.position[token]
    remaining_cost = sum(lot.cost_micros for lot in lots)
    realized = sum(lot.realized_pnl_micros for lot in lots)
    assert realized == books.received - (books.spent - remaining_cost)
    assert all(lot.remaining_size_micros >= 0 and lot.cost_micros >= 0 for lot in lots)
    return lots


def _others(lots: list[Lot], leader_id: int) -> list[tuple[int, int, int, int]]:
    return [
        (lot.id, lot.remaining_size_micros, lot.cost_micros, lot.realized_pnl_micros)
        for lot in lots
        if lot.leader_id != leader_id
    ]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(scenario=scenarios)
async def test_lots_always_match_the_position_and_stay_per_leader(
    db: Database, scenario: tuple[list[tuple[str, int, int, int, int]], bool, int]
) -> None:
    steps, accept_merge, winner = scenario
    account_id = await add_follower(db)
    market = await add_market(db)
    tokens = (market.yes, market.no)
    rules = [
        await add_rule(db, account_id, wallet(), RuleSettings(fixed_amount_micros=MICRO))
        for _ in range(2)
    ]
    decisions = [await copy_decision(db, rule, market) for rule in rules]
    books = Books()
    for kind, leader, outcome, quantity, price in steps:
        rule, token = rules[leader], tokens[outcome]
        before = await _lots(db, account_id)
        if kind == "buy":
            amount = quantity * price // MICRO
            fee = amount // 100
            fill = VenueFill(
                secrets.token_hex(8), token, TradeSide.BUY, price, quantity, amount, fee, NOW
            )
            books.position[token] += quantity
            books.spent += amount + fee
        else:
            held = sum(
                lot.remaining_size_micros
                for lot in before
                if lot.leader_id == rule.leader_id and lot.token_id == token
            )
            size = to_step(held * quantity // 10_000)
            if size == 0:
                continue
            amount = size * price // MICRO
            fee = amount // 100
            fill = VenueFill(
                secrets.token_hex(8), token, TradeSide.SELL, price, size, amount, fee, NOW
            )
            books.position[token] -= size
            books.received += amount - fee
        await book(db, rule, decisions[leader], market, fill)
        after = await _check(db, account_id, market, books)
        if kind == "sell":  # the other leader's lots did not move
            assert _others(before, rule.leader_id) == _others(after, rule.leader_id)

    # Both outcomes held across the two rules: a merge is offered; accepted, it runs.
    async with db.transaction() as session:
        offers = [o for o in await offer_merges(session) if o.follower_account_id == account_id]
    pairs = min(books.position[t] for t in tokens)
    leaders_holding = {
        lot.leader_id for lot in await _lots(db, account_id) if lot.remaining_size_micros > 0
    }
    expect_offer = pairs > 0 and len(leaders_holding) == 2
    assert len(offers) == (1 if expect_offer else 0)
    if offers and accept_merge:
        async with db.transaction() as session:
            await answer_merge_offer(session, account_id, offers[0].id, accept=True, actor="test")
        async with db.transaction() as session:
            merged = await book_settlement(
                session, offers[0].id, SettlementResult(SubmitOutcome.ACCEPTED), NOW
            )
            assert merged is not None
            assert merged.status is SettlementStatus.DONE
            assert merged.shares_micros == merged.payout_micros == pairs
        for t in tokens:
            books.position[t] -= pairs
        books.received += pairs
        await _check(db, account_id, market, books)

    # The market resolves: every lot closes, winners at 1 pUSD a share, losers at 0.
    async with db.transaction() as session:
        await record_resolution(session, market.condition_id, tokens[winner], NOW)
        await claim_redemptions(session)
    lots = await _lots(db, account_id)
    if not any(lot.remaining_size_micros for lot in lots):
        return
    async with db.transaction() as session:
        pending = (
            await session.scalars(
                select(Settlement).where(
                    Settlement.follower_account_id == account_id,
                    Settlement.status == SettlementStatus.PENDING,
                )
            )
        ).one()
    async with db.transaction() as session:
        done = await book_settlement(
            session, pending.id, SettlementResult(SubmitOutcome.ACCEPTED, "0x01"), NOW
        )
    assert done is not None
    assert done.payout_micros == books.position[tokens[winner]]
    books.received += books.position[tokens[winner]]
    for t in tokens:
        books.position[t] = 0
    lots = await _check(db, account_id, market, books)
    assert all(lot.closed_at is not None for lot in lots)
