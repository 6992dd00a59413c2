"""The leader's position behind a proportional exit counts its SPLITs, MERGEs and REDEEMs,
not only its trades: over random histories of a leader's trades, splits, merges and
redemptions, its next sale closes exactly that fraction of the follower's lots for that
leader, and never moves another leader's lots."""

from __future__ import annotations

import datetime as dt
import secrets

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from polycopy.copying.evaluate import BookView
from polycopy.copying.service import MarketContext, decide_fill
from polycopy.copying.settings import RuleSettings
from polycopy.copying.sizing import to_step
from polycopy.copying.types import SkipReason
from polycopy.kit.db import Database
from polycopy.kit.money import MICRO
from polycopy.models import LeaderFill, Lot, Order
from polycopy.portfolio.service import book_fill
from polycopy.signals.repository import leader_position_before, position_after
from polycopy.signals.types import LeaderEventType, TradeSide
from polycopy.venues.base import VenueFill
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

shares = st.integers(1, 1_000).map(lambda n: n * MICRO // 10)  # 0.1 .. 100 shares
bps = st.integers(1, 10_000)
events = st.one_of(
    st.tuples(st.just("buy"), st.integers(0, 1), shares),
    st.tuples(st.just("sell"), st.integers(0, 1), bps),
    st.tuples(st.just("merge"), st.just(0), bps),
    st.tuples(st.just("split"), st.just(0), shares),
    st.tuples(st.just("redeem"), st.just(0), st.just(0)),
)


def _apply(position: list[int], kind: str, outcome: int, quantity: int) -> int:
    """The model: move the leader's position; returns the event's size (0: no event)."""
    if kind == "buy":
        position[outcome] += quantity
        return quantity
    if kind == "sell":
        size = position[outcome] * quantity // 10_000
        position[outcome] -= size
        return size
    if kind == "merge":
        size = min(position) * quantity // 10_000
        position[0] -= size
        position[1] -= size
        return size
    if kind == "split":
        position[0] += quantity
        position[1] += quantity
        return quantity
    position[0] = position[1] = 0
    return 1


async def _lots(db: Database, account_id: int) -> list[tuple[int, int, str, int, int]]:
    async with db.transaction() as session:
        stmt = select(Lot).where(Lot.follower_account_id == account_id).order_by(Lot.id)
        return [
            (lot.id, lot.leader_id, lot.token_id, lot.remaining_size_micros, lot.cost_micros)
            for lot in (await session.scalars(stmt)).all()
        ]


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    history=st.lists(events, max_size=10),
    sold_bps=bps,
    held=st.integers(20, 2_000).map(lambda n: n * MICRO // 10),
    others_held=st.integers(1, 500).map(lambda n: n * MICRO // 10),
)
async def test_a_sale_closes_the_leaders_fraction_whatever_the_leader_split_or_merged(
    db: Database,
    history: list[tuple[str, int, int]],
    sold_bps: int,
    held: int,
    others_held: int,
) -> None:
    account_id = await add_follower(db)
    market = await add_market(db)
    tokens = (market.yes, market.no)
    rule = await add_rule(db, account_id, wallet(), RuleSettings(fixed_amount_micros=MICRO))
    other = await add_rule(db, account_id, wallet(), RuleSettings(fixed_amount_micros=MICRO))
    for r, size in ((rule, held), (other, others_held)):
        fill = VenueFill(
            secrets.token_hex(8), market.yes, TradeSide.BUY, MICRO // 2, size, size // 2, 0, NOW
        )
        await book(db, r, await copy_decision(db, r, market), market, fill)

    position = [20 * MICRO, 0]  # the leader buy ``copy_decision`` recorded
    for kind, outcome, quantity in history:
        size = _apply(position, kind, outcome, quantity)
        if size == 0:
            continue
        trade = kind in ("buy", "sell")
        await add_fill(
            db,
            rule.leader_id,
            market.condition_id,
            tokens[outcome] if trade else None,
            side=(TradeSide.BUY if kind == "buy" else TradeSide.SELL) if trade else None,
            size_micros=size,
            price_micros=MICRO // 2 if trade else MICRO,
            event_type=LeaderEventType.TRADE if trade else LeaderEventType[kind.upper()],
        )
    sold = max(position[0] * sold_bps // 10_000, MICRO)
    sale = await add_fill(
        db, rule.leader_id, market.condition_id, market.yes, side=TradeSide.SELL, size_micros=sold
    )
    async with db.transaction() as session:
        assert (
            await leader_position_before(session, rule.leader_id, market.yes, sale) == (position[0])
        )
        assert (
            await leader_position_before(session, rule.leader_id, market.no, sale) == (position[1])
        )
        for fill in (await session.scalars(select(LeaderFill))).all():
            if fill.id != sale:
                fill.decided_at = NOW  # the history was decided when it happened

    before = await _lots(db, account_id)
    context = MarketContext(
        books={market.yes: BookView(bids=((MICRO // 2, 10_000 * MICRO),))}, leader_values={}
    )
    async with db.transaction() as session:
        fill = await session.get(LeaderFill, sale)
        assert fill is not None
        [decision] = [
            d
            for d in (
                await decide_fill(
                    session, fill, context, now=NOW, stale_after=dt.timedelta(minutes=5)
                )
            ).decisions
            if d.copy_rule_id == rule.id
        ]
    expected = to_step(held * sold // position[0] if position[0] > sold else held)
    assert decision.details["held_for_leader_micros"] == held  # the other leader's excluded
    if decision.reason is not None:
        assert decision.reason == SkipReason.BELOW_MINIMUM.value
        assert expected * int(decision.details["limit_price_micros"]) // MICRO < MICRO
        return
    assert decision.size_micros == expected

    # Booked, the sale moves this leader's lot only.
    async with db.transaction() as session:
        order = (await session.scalars(select(Order).where(Order.decision_id == decision.id))).one()
        exit_fill = VenueFill(
            secrets.token_hex(8),
            market.yes,
            TradeSide.SELL,
            MICRO // 2,
            expected,
            expected // 2,
            0,
            NOW,
        )
        assert await book_fill(session, order, exit_fill) is not None
    after = await _lots(db, account_id)
    assert [lot for lot in after if lot[1] != rule.leader_id] == [
        lot for lot in before if lot[1] != rule.leader_id
    ]
    assert sum(lot[3] for lot in after if lot[1] == rule.leader_id) == held - expected


def test_a_position_never_goes_below_zero_at_any_step() -> None:
    trade, split, merge = LeaderEventType.TRADE, LeaderEventType.SPLIT, LeaderEventType.MERGE
    # Selling (or merging) shares polycopy never saw bought leaves 0, not a debt: a later
    # buy then counts whole, as the leader's real position does.
    after_sale = position_after(3 * MICRO, trade, TradeSide.SELL, 10 * MICRO)
    assert after_sale == 0
    assert position_after(after_sale, trade, TradeSide.BUY, 4 * MICRO) == 4 * MICRO
    assert position_after(MICRO, merge, None, 5 * MICRO) == 0
    assert position_after(MICRO, split, None, 5 * MICRO) == 6 * MICRO
    assert position_after(9 * MICRO, LeaderEventType.REDEEM, None, 0) == 0
