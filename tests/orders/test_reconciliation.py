"""Fill and position reconciliation: the pure rules (hypothesis), then against the emulator
over loopback: fills only ``/data/trades`` knows of, the start-up sweep, drift repaired and
drift raised."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from polycopy.copying.types import TradingState
from polycopy.kit.db import Database
from polycopy.kit.money import MICRO
from polycopy.models import AuditEvent, CopyRule, OrderEvent
from polycopy.notifications.service import collect
from polycopy.notifications.types import NotificationEvent
from polycopy.orders.reconciliation import (
    BookedFill,
    PositionAction,
    PositionVerdict,
    Sighting,
    TokenPosition,
    acknowledge_drift,
    compare_positions,
    next_cursor,
    uncovered_fills,
)
from polycopy.orders.types import OrderStatus
from polycopy.signals.types import TradeSide
from polycopy.venues.base import VenueFill
from tests.orders.fault_support import (
    assert_one_order_per_copy_decision,
    assert_one_venue_order_each,
)
from tests.orders.reconcile_support import (
    all_orders,
    fills_of,
    held,
    reconciler,
    reconciling_engine,
    venue_trade_ids,
)
from tests.pipeline_support import running_sim

TOLERANCE = MICRO
AT = dt.datetime(2026, 11, 28, tzinfo=dt.UTC)

# --- positions: the pure comparison ------------------------------------------------------

shares = st.integers(min_value=-50 * MICRO, max_value=50 * MICRO)
positions = st.builds(
    TokenPosition,
    held=st.integers(min_value=0, max_value=50 * MICRO),
    venue=st.integers(min_value=0, max_value=50 * MICRO),
    unbooked=shares,
    baseline=shares,
    alerted=st.none() | shares,
    traded=st.booleans(),
    busy=st.booleans(),
)
tokens = st.dictionaries(st.sampled_from(["1", "2", "3", "4"]), positions, max_size=4)


def _apply(p: TokenPosition, verdicts: list[PositionVerdict]) -> TokenPosition:
    """What acting on the verdicts leaves (as the reconciler does)."""
    for verdict in verdicts:
        if verdict.action is PositionAction.BOOK:
            p = dataclasses.replace(p, held=p.held + p.unbooked, unbooked=0)
        elif verdict.action is PositionAction.BASELINE:
            p = dataclasses.replace(p, baseline=verdict.shares)
        elif verdict.action is PositionAction.ALERT:
            p = dataclasses.replace(p, alerted=verdict.shares)
        else:
            p = dataclasses.replace(p, alerted=None)
    return p


@given(tokens)
def test_acting_on_the_verdicts_settles_every_token(state: dict[str, TokenPosition]) -> None:
    """Once acted on, a second comparison of the same venue finds nothing to do: our
    trades are booked once, a baseline is set once, a drift is raised once."""
    verdicts = compare_positions(state, TOLERANCE)
    after = {
        token: _apply(p, [v for v in verdicts if v.token_id == token]) for token, p in state.items()
    }
    assert compare_positions(after, TOLERANCE) == []


@given(tokens)
def test_what_each_verdict_is_given_for(state: dict[str, TokenPosition]) -> None:
    verdicts = compare_positions(state, TOLERANCE)
    for token, p in state.items():
        mine = [v for v in verdicts if v.token_id == token]
        books = [v for v in mine if v.action is PositionAction.BOOK]
        # Our own venue trades are always booked, however busy the token is.
        assert books == (
            [PositionVerdict(PositionAction.BOOK, token, p.unbooked)] if p.unbooked else []
        )
        alerts = [v for v in mine if v.action is PositionAction.ALERT]
        if p.busy or not p.traded:
            assert alerts == []  # never raised while the venue may lag, nor for own shares
        if p.busy:
            assert mine == books
        explained = abs(p.venue - p.held - p.unbooked - p.baseline) <= TOLERANCE
        if explained:
            assert alerts == []
        for alert in alerts:
            assert alert.shares == p.venue - p.held - p.unbooked - p.baseline
            assert alert.shares != p.alerted  # the same drift is raised once


def test_shares_of_a_token_polycopy_never_traded_become_the_baseline() -> None:
    own = {"9": TokenPosition(held=0, venue=7 * MICRO, traded=False)}
    assert compare_positions(own) == [PositionVerdict(PositionAction.BASELINE, "9", 7 * MICRO)]
    drift = {"9": TokenPosition(held=3 * MICRO, venue=10 * MICRO)}
    assert compare_positions(drift) == [PositionVerdict(PositionAction.ALERT, "9", 7 * MICRO)]


# --- fills: which sightings are new --------------------------------------------------------

trade_ids = st.sampled_from([f"t{i}" for i in range(6)])


def _sighting(trade_id: str, *, taker: bool, size: int = MICRO) -> Sighting:
    fill = VenueFill(trade_id, "1", TradeSide.BUY, MICRO // 2, size, size // 2, 0, AT)
    return Sighting("0xorder", taker, fill, 100)


def _booked_shares(booked: list[BookedFill], sizes: dict[str, int], takers: set[str]) -> int:
    """Shares the booked fills stand for (a taker match: its named trades, or all)."""
    total = 0
    for fill in booked:
        if fill.venue_trade_id == "0xorder":
            names = fill.trade_ids if fill.trade_ids is not None else tuple(takers)
            total += sum(sizes[t] for t in names)
        else:
            total += sizes[fill.venue_trade_id]
    return total


@given(
    st.lists(st.tuples(trade_ids, st.booleans()), max_size=8),
    st.lists(st.lists(st.integers(min_value=0, max_value=7), max_size=8), max_size=4),
)
def test_every_trade_is_booked_once_however_often_and_in_whatever_batches_it_is_seen(
    parts: list[tuple[str, bool]], batches: list[list[int]]
) -> None:
    roles = dict(parts)  # a trade id is one part of the order: taker or maker
    sizes = {trade: (i + 1) * MICRO for i, trade in enumerate(sorted(roles))}
    sightings = [_sighting(t, taker=taker, size=sizes[t]) for t, taker in roles.items()]
    booked: list[BookedFill] = []
    rounds = [[sightings[i] for i in batch if i < len(sightings)] for batch in batches]
    for seen in [*rounds, sightings, sightings]:  # every trade is seen at last, twice
        for fill in uncovered_fills("0xorder", seen, booked):
            assert all(b.venue_trade_id != fill.venue_trade_id for b in booked)
            booked.append(BookedFill(fill.venue_trade_id, fill.trade_ids))
    takers = {t for t, taker in roles.items() if taker}
    assert _booked_shares(booked, sizes, takers) == sum(sizes.values())


def test_an_answer_that_named_no_trades_stands_for_every_taker_trade() -> None:
    answer = [BookedFill("0xorder", None)]
    seen = [_sighting("t1", taker=True), _sighting("t2", taker=False)]
    assert [f.venue_trade_id for f in uncovered_fills("0xorder", seen, answer)] == ["t2"]


def test_the_cursor_never_passes_a_trade_left_for_later_nor_goes_back() -> None:
    assert next_cursor(100, [105, 110], []) == 110
    assert next_cursor(100, [105, 110], [107]) == 106
    assert next_cursor(100, [], [90]) == 100
    assert next_cursor(100, [], []) == 100


# --- against the emulator ---------------------------------------------------------------------


async def test_a_fill_only_in_data_trades_is_booked_once(db: Database) -> None:
    """No user channel, and the answer misread as a refusal: the sweep finds the trade,
    books it once however often it sweeps, and the order's status is corrected."""
    async with running_sim(db) as sim:
        pipeline = reconciling_engine(sim, misread="rejected")
        await pipeline.start()
        sim.leader_trades(buy=True, shares=20 * MICRO)
        await pipeline.poll_once()
        await pipeline.decide_pending()
        (order,) = await all_orders(db)
        assert order.status is OrderStatus.REJECTED
        for _ in range(3):  # the first round's sweep books it, the next find it booked
            await pipeline.step()
        (order,) = await all_orders(db)
        assert order.status is OrderStatus.FILLED
        fills = await fills_of(db, order.id)
        trades = venue_trade_ids(sim, order.order_hash or "")
        assert len(fills) == 1
        assert set(fills[0].trade_ids or []) == trades
        token = order.token_id
        assert await held(db, order.follower_account_id, token) == sim.follower_position(int(token))
        async with db.transaction() as session:
            events = (
                await session.scalars(select(OrderEvent).where(OrderEvent.order_id == order.id))
            ).all()
        assert events[-1].to_status is OrderStatus.FILLED
        assert events[-1].details == {"reconciled": "sweep"}
        assert_one_venue_order_each(sim, await assert_one_order_per_copy_decision(db))


async def test_start_up_sweeps_the_trades_of_orders_not_final_before_sending(
    db: Database,
) -> None:
    """An order the venue filled while polycopy took it for resting (the answer lost its
    fills) is booked by the next process's start-up, before it sends anything."""
    async with running_sim(db) as sim:
        first = reconciling_engine(sim, misread="live")
        await first.start()
        sim.leader_trades(buy=True, shares=20 * MICRO)
        await first.poll_once()
        await first.decide_pending()  # copied and sent; the process dies before its round ends
        (order,) = await all_orders(db)
        assert order.status is OrderStatus.LIVE
        assert await fills_of(db, order.id) == []

        sent: list[str] = []
        restarted = reconciling_engine(sim, sent=sent)
        await restarted.start()
        assert sent == []
        (order,) = await all_orders(db)
        assert order.status is OrderStatus.FILLED
        fills = await fills_of(db, order.id)
        assert [f.venue_trade_id for f in fills] == [order.order_hash]
        assert set(fills[0].trade_ids or []) == venue_trade_ids(sim, order.order_hash or "")
        await restarted.step()
        assert len(await fills_of(db, order.id)) == 1


async def test_a_drift_from_an_unbooked_trade_of_ours_is_repaired(db: Database) -> None:
    async with running_sim(db) as sim:
        pipeline = reconciling_engine(sim, misread="rejected", sweep_every=dt.timedelta(hours=1))
        await pipeline.start()
        sim.leader_trades(buy=True, shares=20 * MICRO)
        await pipeline.poll_once()
        await pipeline.decide_pending()  # copied and sent; no round has swept its trades
        (order,) = await all_orders(db)
        account_id, token = order.follower_account_id, order.token_id
        assert order.status is OrderStatus.REJECTED
        assert await held(db, account_id, token) == 0
        venue = sim.follower_position(int(token))
        assert venue > 0

        verdicts = await reconciler(pipeline).check_positions()
        assert verdicts == [PositionVerdict(PositionAction.BOOK, token, venue)]
        assert await held(db, account_id, token) == venue
        (order,) = await all_orders(db)
        assert order.status is OrderStatus.FILLED
        assert await reconciler(pipeline).check_positions() == []
        async with db.transaction() as session:
            rules = (await session.scalars(select(CopyRule))).all()
        assert all(rule.status is TradingState.ACTIVE for rule in rules)


async def test_shares_nobody_explains_raise_an_alert_once_and_halt_the_rule(
    db: Database,
) -> None:
    async with running_sim(db) as sim:
        pipeline = reconciling_engine(sim)
        rec = reconciler(pipeline)
        async with db.transaction() as session:
            assert await collect(session) == []  # the notification cursor starts here
        await pipeline.start()
        sim.leader_trades(buy=True, shares=20 * MICRO)
        await pipeline.step()
        (order,) = await all_orders(db)
        account_id, token = order.follower_account_id, order.token_id
        assert order.status is OrderStatus.FILLED
        assert await rec.check_positions() == []  # booked and at the venue alike

        # Shares polycopy never bought appear in a token it trades, and the user holds a
        # token polycopy never touched.
        wallet = sim.server.state.wallet(sim.follower)
        wallet.opening[int(token)] = (5 * MICRO, 2 * MICRO)
        other = next(
            token_id
            for market in sim.server.state.markets.values()
            for token_id, _ in market.tokens
            if str(token_id) != token
        )
        wallet.opening[other] = (7 * MICRO, 3 * MICRO)

        verdicts = await rec.check_positions()
        assert sorted(verdicts, key=lambda v: v.action) == sorted(
            [
                PositionVerdict(PositionAction.ALERT, token, 5 * MICRO),
                PositionVerdict(PositionAction.BASELINE, str(other), 7 * MICRO),
            ],
            key=lambda v: v.action,
        )
        async with db.transaction() as session:
            (rule,) = (await session.scalars(select(CopyRule))).all()
            assert rule.status is TradingState.HALTED
            assert (rule.status_reason or "").startswith("position drift")
            audits = (await session.scalars(select(AuditEvent).order_by(AuditEvent.id))).all()
            notices = await collect(session)
        drift = next(a for a in audits if a.action == "position_drift")
        assert drift.details["drift_micros"] == 5 * MICRO
        assert any(a.action == "position_baseline" for a in audits)
        halted = [
            n
            for n in notices
            if n.event is NotificationEvent.STATE_CHANGED and n.data["entity_type"] == "copy_rule"
        ]
        assert [n.data["to"] for n in halted] == ["halted"]

        assert await rec.check_positions() == []  # raised once, not every round
        async with db.transaction() as session:
            await acknowledge_drift(session, account_id, token, actor="user:1")
        assert await rec.check_positions() == []
        wallet.opening[int(token)] = (7 * MICRO, 2 * MICRO)  # two more shares nobody bought
        drifted = await rec.check_positions()
        assert drifted == [PositionVerdict(PositionAction.ALERT, token, 2 * MICRO)]
