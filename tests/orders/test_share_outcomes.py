"""Order outcomes are measured in shares: a marketable buy that got every share it asked for is
filled whatever it paid below its limit, and a remainder is the shares not got, never the
pUSD a better price saved. Pure chains (hypothesis) and the emulator over loopback HTTP."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from polycopy.copying.settings import RuleSettings
from polycopy.kit.db import Database
from polycopy.kit.money import MICRO
from polycopy.models import Lot, Market, Order
from polycopy.orders.outcome import CopyOutcome, outcome_of
from polycopy.orders.resting import replacement, resting_terms, unfilled, unfilled_shares
from polycopy.orders.service import asked_shares, filled_status
from polycopy.orders.types import ExpiryPolicy, OrderStatus, OrderType, RemainderPolicy
from polycopy.signals.types import TradeSide
from polycopy.venues.paper import walk_book
from polycopy.venues.polymarket.amounts import Side, market_buy_fills, market_order_amounts
from polycopy.venues.polymarket.errors import OrderKilledError
from tests.orders.resting_support import order_events, stored_orders, unsaved_order, world

TICK = 10_000
MIN_SHARES = 5 * MICRO
MARKET = Market(condition_id="0xc", tick_size_micros=TICK, min_order_size_micros=MIN_SHARES)
NOW = dt.datetime(2026, 11, 28, tzinfo=dt.UTC)
LEADER_PRICE = 510_000


def _sign(order: Order) -> None:
    """Sign ``order`` as the executor does: a resting order for shares (or, too small to
    rest, a FOK at its worst price), a marketable one for its pUSD (a buy) or shares."""
    terms = resting_terms(order, MARKET, NOW) if order.order_type.rests else None
    if terms is not None:
        order.maker_amount, order.taker_amount, _ = terms
        return
    buying = order.side is TradeSide.BUY
    quantity = order.amount_micros if buying else order.size_micros
    order.maker_amount, order.taker_amount = market_order_amounts(
        Side.BUY if buying else Side.SELL,
        Decimal(quantity or 0) / MICRO,
        Decimal(order.limit_price_micros) / MICRO,
        Decimal(TICK) / MICRO,
    )


def _book(order: Order, shares: int, price: int) -> None:
    order.filled_size_micros += shares
    order.filled_amount_micros += shares * price // MICRO


levels = st.lists(
    st.tuples(
        st.integers(1, 99).map(lambda t: t * TICK), st.integers(1, 4_000).map(lambda s: s * TICK)
    ),
    max_size=6,
)


@settings(max_examples=500, deadline=None)
@given(
    side=st.sampled_from(TradeSide),
    kind=st.sampled_from(OrderType),
    quantity=st.integers(1 * MICRO, 300 * MICRO).map(lambda q: q // TICK * TICK),
    worst=st.integers(5, 95).map(lambda t: t * TICK),
    remainder=st.sampled_from(RemainderPolicy),
    chase=st.booleans(),
    book=levels,
    rounds=st.lists(
        st.tuples(st.integers(0, 100), st.none() | st.integers(1, 99).map(lambda t: t * TICK)),
        min_size=1,
        max_size=6,
    ),
)
def test_shares_filled_plus_shares_released_equal_shares_intended(
    side: TradeSide,
    kind: OrderType,
    quantity: int,
    worst: int,
    remainder: RemainderPolicy,
    chase: bool,
    book: list[tuple[int, int]],
    rounds: list[tuple[int, int | None]],
) -> None:
    """FOK, FAK and resting chains: the first order takes what the book offers within its
    limit (better prices first), later ones fill ``percent`` of their shares as makers.
    Along the chain, shares filled + shares released == shares the first order asked for,
    pUSD spent + pUSD released == pUSD reserved, a marketable order that matched all its
    shares is filled, and no order is placed for a remainder once every share matched."""
    buying = side is TradeSide.BUY
    rests = kind.rests or (kind is OrderType.FAK and remainder is RemainderPolicy.REST)
    policy = {
        "ttl_seconds": 60,
        "on_expiry": (ExpiryPolicy.CHASE if chase and kind.rests else ExpiryPolicy.CANCEL).value,
        "max_chases": 3,
        "remainder": remainder.value,
        "worst_price_micros": worst,
    }
    order = unsaved_order(
        side, kind, quantity, worst, policy if rests else None, OrderStatus.SUBMITTING
    )
    # Asks for a buy, bids for a sell, best first; a resting order meets the book as a maker.
    offers = sorted(book, reverse=not buying)
    intended: int | None = None
    surplus = 0  # shares a market BUY got beyond its signed ones (a better price)
    filled = spent = released = released_pusd = 0
    for n, (percent, best) in enumerate(rounds):
        _sign(order)
        asked = asked_shares(order)
        assert asked is not None
        if intended is None:
            intended = asked
        if n == 0 and not order.order_type.rests and buying:
            # A market BUY spends its signed pUSD; a better price buys more shares.
            bought = market_buy_fills(offers, order.limit_price_micros, order.maker_amount or 0)
            if order.order_type is OrderType.FOK and sum(c for *_, c in bought) < (
                order.maker_amount or 0
            ):
                bought = []  # killed: nothing changes hands
            for _, size, cost in bought:
                order.filled_size_micros += size
                order.filled_amount_micros += cost
            surplus = max(0, order.filled_size_micros - asked)
            if order.filled_size_micros >= asked:
                # Every share it signed for, and more: filled, nothing re-placed.
                assert filled_status(order) is OrderStatus.FILLED
        elif n == 0 and not order.order_type.rests:
            taken = walk_book(offers, side, order.limit_price_micros, asked)
            got = sum(size for _, size in taken)
            if order.order_type is OrderType.FOK and got < asked:
                taken, got = [], 0  # killed: nothing changes hands
            for price, size in taken:
                _book(order, size, price)
            if got == asked:
                # Every share matched: filled, nothing re-placed.
                assert filled_status(order) is OrderStatus.FILLED
        else:
            got = asked * percent // 100 // TICK * TICK
            _book(order, got, order.limit_price_micros)
        assert order.filled_size_micros <= asked + surplus
        if buying:
            assert order.filled_amount_micros <= (order.amount_micros or 0)
            assert (
                order.filled_amount_micros * MICRO
                < order.filled_size_micros * order.limit_price_micros + MICRO
            )  # never above the limit (rounding: 1 micro-pUSD)
        filled += order.filled_size_micros
        spent += order.filled_amount_micros if buying else order.filled_size_micros
        if filled_status(order) is OrderStatus.FILLED:
            released += max(0, asked - order.filled_size_micros)
            released_pusd += unfilled(order)
            break
        step = replacement(order, ended_by_ttl=True, best=best, min_shares=MIN_SHARES)
        if step is None:
            released += unfilled_shares(order)
            released_pusd += unfilled(order)
            break
        assert 0 < step.shares <= unfilled_shares(order)
        moved = step.reserve(order)
        assert moved <= unfilled(order)
        released += unfilled_shares(order) - step.shares
        released_pusd += unfilled(order) - moved
        child = unsaved_order(
            side, step.order_type, moved, step.price, policy, OrderStatus.SUBMITTING
        )
        child.chase_count = step.chase_count
        _sign(child)
        assert asked_shares(child) == step.shares  # it asks for the rest, not for the money
        order = child
    else:
        released += unfilled_shares(order)  # still resting when the rounds end: cancelled
        released_pusd += unfilled(order)
    assert intended is not None
    assert filled + released == intended + surplus
    assert spent + released_pusd == quantity


@pytest.mark.parametrize("remainder", [RemainderPolicy.DROP, RemainderPolicy.REST])
async def test_a_fak_buy_that_matched_every_share_at_a_better_price_is_filled(
    db: Database, remainder: RemainderPolicy
) -> None:
    """$5 at a worst price of 0.56 signs 8.9285 shares; the book sells at 0.51, so the venue
    spends the whole $5 on 9.803921 shares (the taker keeps the better price as shares). It
    is filled (not a partial with a remainder), its lot holds every share at the $5 it cost,
    and no remainder order follows."""
    settings = RuleSettings.model_validate(
        {
            "fixed_amount_micros": 5 * MICRO,
            "max_slippage_bps": 1_000,
            "order_type": OrderType.FAK,
            "remainder": remainder,
            "order_ttl_seconds": 30,
        }
    )
    async with world(db, settings) as w:
        token = w.leader_buys()
        await w.step()
        await w.run_for(35)
        (order,) = await stored_orders(db)
        assert order.order_type is OrderType.FAK
        assert order.limit_price_micros == 560_000
        assert order.taker_amount == 8_928_500
        assert order.filled_size_micros == 9_803_921  # more shares than it signed for
        assert order.filled_amount_micros == 5 * MICRO  # every pUSD, none above 0.51
        assert order.status is OrderStatus.FILLED
        events = await order_events(db, order.id)
        assert [e.to_status for e in events][-1] is OrderStatus.FILLED
        assert OrderStatus.PARTIALLY_FILLED not in [e.to_status for e in events]
        assert len(w.venue_orders()) == 1  # no remainder order
        assert w.state.wallet(w.follower).positions[token] == 9_803_921
        async with db.transaction() as session:
            lots = (await session.scalars(select(Lot))).all()
        assert [(lot.size_micros, lot.cost_micros) for lot in lots] == [(9_803_921, 5 * MICRO)]
        result = outcome_of([order])
        assert result is not None
        assert result.outcome is CopyOutcome.FILLED


async def test_a_fok_copy_the_book_moved_away_from_is_killed_and_says_so(db: Database) -> None:
    """The asks within the limit are gone when the FOK arrives: the venue kills it, and
    the copy's outcome is ``killed`` with the venue's words, not "copied"."""
    settings = RuleSettings.model_validate({"fixed_amount_micros": 5 * MICRO})
    async with world(db, settings) as w:
        token = w.leader_buys()
        w.before_send.append(lambda: w.pull_asks(token, up_to=900_000))
        await w.step()
        (order,) = await stored_orders(db)
        assert order.status is OrderStatus.REJECTED
        assert (order.last_error or "").startswith(OrderKilledError.code)
        result = outcome_of([order])
        assert result is not None
        assert result.outcome is CopyOutcome.KILLED
        assert "fully filled or killed" in (result.reason or "")


async def test_a_fak_whose_answer_was_lost_keeps_its_partial_fill_and_drops_the_rest(
    db: Database,
) -> None:
    """A FAK matched 5 of its 17.8571 shares and the answer was lost: found by its hash, it
    is partly filled (not filled), and the remainder policy ends it, releasing the rest."""
    settings = RuleSettings.model_validate(
        {"fixed_amount_micros": 10 * MICRO, "max_slippage_bps": 1_000, "order_type": "FAK"}
    )
    async with world(db, settings) as w:
        token = w.leader_buys()

        def thin_book() -> None:
            w.pull_asks(token, up_to=900_000)
            w.trader(Side.SELL, token, 520_000, 5 * MICRO, "GTC")

        w.before_send.append(thin_book)
        faults = w.server.base_urls["admin"] + "/faults"
        drop = {"clob": {"drop_order_rate": 1, "paths": ["/order", "/orders"]}}
        assert (await w.http.post(faults, json=drop)).status_code == 200
        await w.step()
        (order,) = await stored_orders(db)
        assert order.status is OrderStatus.UNKNOWN
        assert (await w.http.delete(faults)).status_code == 200
        await w.step(1)
        await w.step(1)
        (order,) = await stored_orders(db)
        assert order.filled_size_micros == 5 * MICRO
        assert order.status is OrderStatus.CANCELLED
        statuses = [e.to_status for e in await order_events(db, order.id)]
        assert OrderStatus.FILLED not in statuses
        assert statuses[-2:] == [OrderStatus.PARTIALLY_FILLED, OrderStatus.CANCELLED]
        result = outcome_of([order])
        assert result is not None
        assert result.outcome is CopyOutcome.PARTIALLY_FILLED
