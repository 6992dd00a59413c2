"""Order book: unit cases plus property tests against a naive reference model."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from py_clob_client_v2.utilities import generate_orderbook_summary_hash, parse_raw_orderbook_summary

from polycopy.emulator.book import (
    Fill,
    MatchResult,
    OrderBook,
    OrderType,
    PostOnlyCrossError,
    book_summary,
)
from polycopy.venues.polymarket.amounts import Side

TICK = 10_000  # 0.01 in micros


def _rest(book: OrderBook, oid: str, side: Side, price: int, size: int) -> None:
    result = book.match(side, price, size, OrderType.GTC, order_id=oid, owner="o-" + oid)
    assert result.rested == size


def test_price_then_time_priority() -> None:
    book = OrderBook()
    _rest(book, "a", Side.SELL, 55 * TICK, 10)
    _rest(book, "b", Side.SELL, 54 * TICK, 10)
    _rest(book, "c", Side.SELL, 54 * TICK, 10)
    result = book.match(Side.BUY, 55 * TICK, 25, OrderType.FAK, order_id="t", owner="t")
    assert result.fills == (
        Fill("b", "o-b", 54 * TICK, 10, 5),
        Fill("c", "o-c", 54 * TICK, 10, 5),
        Fill("a", "o-a", 55 * TICK, 5, 2),
    )
    remaining = book.get("a")
    assert remaining is not None
    assert remaining.size == 5


def test_gtc_rests_remainder_at_its_limit() -> None:
    book = OrderBook()
    _rest(book, "a", Side.SELL, 50 * TICK, 4)
    result = book.match(Side.BUY, 52 * TICK, 10, OrderType.GTC, order_id="t", owner="t")
    assert result.filled == 4
    assert result.rested == 6
    assert result.killed == 0
    assert book.levels(Side.BUY) == [(52 * TICK, 6)]
    assert book.levels(Side.SELL) == []


def test_fok_is_all_or_nothing() -> None:
    book = OrderBook()
    _rest(book, "a", Side.BUY, 40 * TICK, 5)
    before = book.levels(Side.BUY)
    result = book.match(Side.SELL, 40 * TICK, 6, OrderType.FOK, order_id="t", owner="t")
    assert result.fills == ()
    assert result.killed == 6
    assert book.levels(Side.BUY) == before
    result = book.match(Side.SELL, 40 * TICK, 5, OrderType.FOK, order_id="u", owner="u")
    assert result.filled == 5
    assert book.levels(Side.BUY) == []


def test_fak_kills_the_rest() -> None:
    book = OrderBook()
    _rest(book, "a", Side.BUY, 40 * TICK, 5)
    result = book.match(Side.SELL, 39 * TICK, 8, OrderType.FAK, order_id="t", owner="t")
    assert result.filled == 5
    assert result.killed == 3
    assert result.rested == 0
    assert book.get("t") is None


def test_post_only_rejected_when_crossing() -> None:
    book = OrderBook()
    _rest(book, "a", Side.SELL, 50 * TICK, 5)
    with pytest.raises(PostOnlyCrossError):
        book.match(Side.BUY, 50 * TICK, 5, OrderType.GTC, order_id="t", owner="t", post_only=True)
    assert book.levels(Side.SELL) == [(50 * TICK, 5)]
    assert book.get("t") is None
    book.match(Side.BUY, 49 * TICK, 5, OrderType.GTC, order_id="t", owner="t", post_only=True)
    assert book.best(Side.BUY) == 49 * TICK


def test_cancel_removes_level() -> None:
    book = OrderBook()
    _rest(book, "a", Side.BUY, 40 * TICK, 5)
    assert book.cancel("a") == 5
    assert book.cancel("a") == 0
    assert book.levels(Side.BUY) == []
    assert book.best(Side.BUY) is None


def test_summary_is_best_last_and_hash_matches_official_client() -> None:
    book = OrderBook()
    _rest(book, "b1", Side.BUY, 40 * TICK, 5_000_000)
    _rest(book, "b2", Side.BUY, 45 * TICK, 1_250_000)
    _rest(book, "a1", Side.SELL, 60 * TICK, 7_000_000)
    _rest(book, "a2", Side.SELL, 55 * TICK, 2_000_000)
    body = book_summary(
        book,
        market="0xabc",
        asset_id="123",
        timestamp_ms=1_700_000_000_000,
        min_order_size=5_000_000,
        tick_size=TICK,
        neg_risk=False,
        last_trade_price=500_000,
    )
    assert body["bids"] == [{"price": "0.4", "size": "5"}, {"price": "0.45", "size": "1.25"}]
    assert body["asks"] == [{"price": "0.6", "size": "7"}, {"price": "0.55", "size": "2"}]
    assert body["tick_size"] == "0.01"
    assert body["min_order_size"] == "5"
    official = generate_orderbook_summary_hash(parse_raw_orderbook_summary(body))
    assert body["hash"] == official


# --- property tests against a reference model -------------------------------------------


@dataclass
class _RefOrder:
    oid: str
    side: Side
    price: int
    size: int
    seq: int


def _ref_match(
    resting: list[_RefOrder], side: Side, price: int, size: int
) -> list[tuple[str, int, int]]:
    """Naive price-time matching: sort every marketable maker by (price, arrival)."""
    if side is Side.BUY:
        makers = sorted(
            (o for o in resting if o.side is Side.SELL and o.price <= price),
            key=lambda o: (o.price, o.seq),
        )
    else:
        makers = sorted(
            (o for o in resting if o.side is Side.BUY and o.price >= price),
            key=lambda o: (-o.price, o.seq),
        )
    fills = []
    for maker in makers:
        if size == 0:
            break
        qty = min(size, maker.size)
        fills.append((maker.oid, maker.price, qty))
        size -= qty
    return fills


_op = st.one_of(
    st.tuples(
        st.just("order"),
        st.sampled_from([Side.BUY, Side.SELL]),
        st.integers(min_value=1, max_value=9),  # price in ticks of 0.1 keeps the book dense
        st.integers(min_value=1, max_value=50),
        st.sampled_from(list(OrderType)),
        st.booleans(),
    ),
    st.tuples(st.just("cancel"), st.integers(min_value=0, max_value=200)),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_op, min_size=1, max_size=80))
def test_book_properties(ops: list[tuple[object, ...]]) -> None:
    book = OrderBook()
    resting: list[_RefOrder] = []
    submitted: dict[str, int] = {}
    accounted: dict[str, int] = {}  # filled (as taker or maker) + killed + cancelled
    ids: list[str] = []
    for seq, op in enumerate(ops):
        if op[0] == "cancel":
            if not ids:
                continue
            oid = ids[int(op[1]) % len(ids)]  # type: ignore[call-overload]
            cancelled = book.cancel(oid)
            accounted[oid] += cancelled
            resting = [o for o in resting if o.oid != oid]
            continue
        _, side, ticks, size, order_type, post_only = op
        assert isinstance(side, Side)
        assert isinstance(order_type, OrderType)
        assert isinstance(ticks, int)
        assert isinstance(size, int)
        price = ticks * 100_000
        oid = f"o{seq}"
        ids.append(oid)
        submitted[oid] = size
        accounted[oid] = 0
        post_only = bool(post_only) and order_type.rests
        before = (book.levels(Side.BUY), book.levels(Side.SELL))
        expected = _ref_match(resting, side, price, size)
        expected_filled = sum(q for _, _, q in expected)
        try:
            result = book.match(
                side, price, size, order_type, order_id=oid, owner=oid, post_only=post_only
            )
        except PostOnlyCrossError:
            assert expected, "post-only rejected without crossing"
            assert (book.levels(Side.BUY), book.levels(Side.SELL)) == before
            accounted[oid] = size
            continue
        if order_type is OrderType.FOK and expected_filled < size:
            # All or nothing: the book is untouched.
            assert result.fills == ()
            assert result.killed == size
            assert (book.levels(Side.BUY), book.levels(Side.SELL)) == before
            accounted[oid] = size
            continue
        got = [(f.maker_order_id, f.price, f.size) for f in result.fills]
        assert got == expected  # price-time priority, maker's price
        for maker_id, _, qty in got:
            accounted[maker_id] += qty
            for o in resting:
                if o.oid == maker_id:
                    o.size -= qty
        resting = [o for o in resting if o.size > 0]
        accounted[oid] += result.filled + result.killed
        if result.rested:
            assert order_type.rests
            resting.append(_RefOrder(oid, side, price, result.rested, seq))
        else:
            assert not order_type.rests or result.filled == size
        # Never crossed.
        bid, ask = book.best(Side.BUY), book.best(Side.SELL)
        assert bid is None or ask is None or bid < ask
    # Conservation: every submitted unit is filled, resting, cancelled or killed.
    for oid, size in submitted.items():
        on_book = book.get(oid)
        assert accounted[oid] + (on_book.size if on_book else 0) == size
    assert sorted((o.oid, o.size) for o in resting) == sorted(
        (o.order_id, o.size) for o in book.orders()
    )


# --- market BUY: a pUSD budget ----------------------------------------------------------

SHARE = 1_000_000


def _market_buy(
    book: OrderBook, limit: int, budget: int, order_type: OrderType = OrderType.FOK
) -> MatchResult:
    # ``size`` is the signed takerAmount (the shares at the limit); the budget decides.
    shares = budget * SHARE // limit
    return book.match(Side.BUY, limit, shares, order_type, order_id="t", owner="t", budget=budget)


def test_market_buy_spends_its_budget_and_keeps_the_improvement_as_shares() -> None:
    # $5 at worst 0.52 against an ask at 0.50: $5.00 for 10 shares, not $4.81 for 9.61.
    book = OrderBook()
    _rest(book, "a", Side.SELL, 50 * TICK, 100 * SHARE)
    result = _market_buy(book, 52 * TICK, 5 * SHARE)
    assert result.fills == (Fill("a", "o-a", 50 * TICK, 10 * SHARE, 5 * SHARE),)
    assert result.killed == 0
    assert book.levels(Side.SELL) == [(50 * TICK, 90 * SHARE)]


def test_market_buy_walks_levels_and_rounds_the_last_shares_down() -> None:
    book = OrderBook()
    _rest(book, "a", Side.SELL, 50 * TICK, 4 * SHARE)
    _rest(book, "b", Side.SELL, 51 * TICK, 100 * SHARE)
    result = _market_buy(book, 52 * TICK, 5 * SHARE)
    # $2 for the 4 shares at 0.50, the other $3 for 5.882352 shares at 0.51 (floored): the
    # whole budget is spent, never more, and never below the ask's price.
    assert result.fills == (
        Fill("a", "o-a", 50 * TICK, 4 * SHARE, 2 * SHARE),
        Fill("b", "o-b", 51 * TICK, 5_882_352, 3 * SHARE),
    )
    assert result.killed == 0
    assert book.levels(Side.SELL) == [(51 * TICK, 100 * SHARE - 5_882_352)]


def test_market_buy_fok_is_killed_unless_the_whole_budget_can_be_spent() -> None:
    # 10 shares at 0.50 cost $5: enough shares for a $5.20 order at worst 0.52 (its 10
    # signed shares), not enough asks to spend its $5.20.
    book = OrderBook()
    _rest(book, "a", Side.SELL, 50 * TICK, 10 * SHARE)
    _rest(book, "far", Side.SELL, 53 * TICK, 100 * SHARE)
    result = _market_buy(book, 52 * TICK, 5_200_000)
    assert result.fills == ()
    assert result.killed == 5_200_000
    assert book.levels(Side.SELL) == [(53 * TICK, 100 * SHARE), (50 * TICK, 10 * SHARE)]
    # FAK spends what the asks within the limit take, and kills the rest of the pUSD.
    result = _market_buy(book, 52 * TICK, 5_200_000, OrderType.FAK)
    assert result.fills == (Fill("a", "o-a", 50 * TICK, 10 * SHARE, 5 * SHARE),)
    assert result.killed == 200_000
    assert book.levels(Side.SELL) == [(53 * TICK, 100 * SHARE)]


def test_only_a_market_buy_has_a_budget() -> None:
    book = OrderBook()
    _rest(book, "a", Side.BUY, 50 * TICK, 10 * SHARE)
    for side, order_type in ((Side.SELL, OrderType.FOK), (Side.BUY, OrderType.GTC)):
        with pytest.raises(ValueError, match="budget"):
            book.match(side, 50 * TICK, SHARE, order_type, order_id="t", owner="t", budget=SHARE)
    assert book.levels(Side.BUY) == [(50 * TICK, 10 * SHARE)]


_asks = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=99),  # price in ticks of 0.01
        st.integers(min_value=0, max_value=5_000_000),  # shares in micro-units
    ),
    min_size=0,
    max_size=8,
)


@settings(max_examples=300, deadline=None)
@given(
    _asks,
    st.integers(min_value=1, max_value=99),
    st.integers(min_value=1, max_value=3_000_000),
    st.sampled_from([OrderType.FOK, OrderType.FAK]),
)
def test_market_buy_properties(
    asks: list[tuple[int, int]], limit_ticks: int, budget: int, order_type: OrderType
) -> None:
    """A budget is spent on asks best first, never past the limit or the budget; a whole ask
    costs its size x price rounded down, the last one the rest of the budget (never 1
    micro-pUSD above its price); FOK spends all of it or nothing, FAK what the asks take."""
    book = OrderBook()
    resting = [_RefOrder(f"a{i}", Side.SELL, t * TICK, s, i) for i, (t, s) in enumerate(asks) if s]
    for order in resting:
        _rest(book, order.oid, Side.SELL, order.price, order.size)
    limit = limit_ticks * TICK
    within = sorted((o for o in resting if o.price <= limit), key=lambda o: (o.price, o.seq))
    takeable = sum(o.size * o.price // SHARE for o in within)
    before = book.levels(Side.SELL)
    shares = max(1, budget * SHARE // limit)
    result = book.match(Side.BUY, limit, shares, order_type, order_id="t", owner="t", budget=budget)
    spent = sum(f.cost for f in result.fills)
    assert spent + result.killed == budget
    if order_type is OrderType.FOK and takeable < budget:
        assert result.fills == ()
        assert book.levels(Side.SELL) == before
        return
    assert spent == min(budget, takeable)
    # Best price first, whole asks but the last: the reference's order, truncated.
    assert [f.maker_order_id for f in result.fills] == [o.oid for o in within][: len(result.fills)]
    for fill, order in zip(result.fills, within, strict=False):
        assert fill.price == order.price <= limit
        assert 0 < fill.size <= order.size
        exact = fill.size * fill.price
        assert exact - SHARE < fill.cost * SHARE < exact + SHARE
    assert all(f.size == o.size for f, o in zip(result.fills[:-1], within, strict=False))
    if spent < budget:  # FAK: every ask within the limit is taken
        assert [f.size for f in result.fills] == [o.size for o in within]
        assert book.best(Side.SELL) is None or book.best(Side.SELL) > limit
