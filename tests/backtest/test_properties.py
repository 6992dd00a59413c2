"""Invariants of the pricing model and the replay's accounting, on generated histories."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from polycopy.backtest.core import Backtest, Decision
from polycopy.backtest.pricing import (
    DEPTH_PROFILE_MICROS,
    RecordedBooks,
    execute,
    fee_micros,
    modelled_book,
)
from polycopy.copying.evaluate import BookView, OrderIntent
from polycopy.copying.settings import AccountLimits, RuleSettings
from polycopy.copying.types import SkipReason
from polycopy.kit.money import MICRO
from polycopy.signals.types import TradeSide
from tests.backtest.support import redeem, trade

prices = st.integers(min_value=10_000, max_value=990_000)


@given(price=st.integers(min_value=1, max_value=MICRO - 1))
def test_the_modelled_book_is_one_tick_wide_and_ordered(price: int) -> None:
    book = modelled_book(price)
    best_bid, best_ask = book.bids[0][0] if book.bids else 0, book.asks[0][0]
    assert best_ask - best_bid <= 10_000 or not book.bids
    assert [p for p, _ in book.asks] == sorted({p for p, _ in book.asks})
    assert [p for p, _ in book.bids] == sorted({p for p, _ in book.bids}, reverse=True)
    assert all(0 < p < MICRO and s > 0 for p, s in book.asks + book.bids)
    assert len(book.asks) <= len(DEPTH_PROFILE_MICROS)


@given(
    price=prices, amount=st.integers(min_value=1, max_value=5_000 * MICRO), slack=st.integers(0, 20)
)
def test_a_buy_spends_its_amount_within_its_limit_and_pays_more_as_it_grows(
    price: int, amount: int, slack: int
) -> None:
    book = modelled_book(price)
    limit = min(MICRO - 10_000, book.asks[0][0] + slack * 10_000)
    filled = execute(OrderIntent(TradeSide.BUY, "t", limit, amount, None), book)
    if filled is None:
        return
    assert filled.notional_micros == amount
    levels = len(book.asks)
    assert filled.shares_micros * book.asks[0][0] <= amount * MICRO  # never below the touch
    assert (filled.shares_micros + levels) * limit >= amount * MICRO  # nor above the limit
    bigger = execute(OrderIntent(TradeSide.BUY, "t", limit, amount * 2, None), book)
    if bigger is not None:  # size impact: twice the money never buys more than twice the shares
        assert bigger.shares_micros <= 2 * filled.shares_micros + levels


@given(price=prices, size=st.integers(min_value=1, max_value=20_000 * MICRO))
def test_a_sale_gets_at_most_the_best_bid_and_at_least_its_limit(price: int, size: int) -> None:
    book = modelled_book(price)
    if not book.bids:
        return
    limit = book.bids[-1][0]
    filled = execute(OrderIntent(TradeSide.SELL, "t", limit, None, size), book)
    if filled is None:
        assert size > sum(s for _, s in book.bids)
        return
    assert filled.shares_micros == size
    assert size * limit // MICRO - len(book.bids) <= filled.notional_micros
    assert filled.notional_micros <= size * book.bids[0][0] // MICRO


@given(shares=st.integers(0, 10**12), price=st.integers(0, MICRO), rate=st.integers(0, 10_000))
def test_the_fee_is_bounded_by_a_quarter_of_the_rate(shares: int, price: int, rate: int) -> None:
    fee = fee_micros(shares, price, rate)
    assert 0 <= fee <= shares * rate // 40_000
    assert fee_micros(shares, MICRO - price, rate) == fee  # symmetric in p and 1 − p


# --- the replay -----------------------------------------------------------------------------

rows = st.lists(
    st.tuples(
        st.integers(0, 600),  # seconds after the previous row
        st.sampled_from(["buy", "sell", "redeem"]),
        st.sampled_from(["t-yes", "t-no"]),
        prices,
        st.integers(1 * MICRO, 2_000 * MICRO),
    ),
    max_size=40,
)
rules = st.builds(
    lambda amount, slip, cap: RuleSettings(
        fixed_amount_micros=amount, max_slippage_bps=slip, max_market_exposure_micros=cap
    ),
    st.integers(1 * MICRO, 300 * MICRO),
    st.integers(0, 2_000),
    st.one_of(st.none(), st.integers(1 * MICRO, 500 * MICRO)),
)


@settings(max_examples=150, deadline=None)
@given(history=rows, rule=rules, delay=st.integers(0, 120), fee=st.integers(0, 1_000))
def test_every_fill_is_decided_once_and_pnl_is_the_sum_of_the_lots(
    history: list[tuple[int, str, str, int, int]], rule: RuleSettings, delay: int, fee: int
) -> None:
    decisions: list[Decision] = []
    backtest = Backtest(
        rule,
        AccountLimits(max_total_exposure_micros=2_000 * MICRO),
        delay_seconds=delay,
        fee_rate_bps=fee,
        keep_lots=True,
        bucket_seconds=300,
        on_decision=decisions.append,
    )
    ts = 1_700_000_000
    trades = 0
    for gap, kind, token, price, size in history:
        ts += gap
        if kind == "redeem":
            backtest.feed(redeem(ts, size))
            continue
        side = TradeSide.BUY if kind == "buy" else TradeSide.SELL
        backtest.feed(trade(ts, side, price, size, token=token))
        trades += 1
    report = backtest.finish()
    assert sorted(d.ordinal for d in decisions) == list(range(1, trades + 1))
    assert report.fills == trades == report.copies + report.skips
    lots = backtest.lots
    assert report.pnl_micros == sum(lot.pnl_micros for lot in lots)
    assert report.realized_pnl_micros + report.unrealized_pnl_micros == report.pnl_micros
    assert all(lot.remaining_size_micros >= 0 and lot.remaining_cost_micros >= 0 for lot in lots)
    assert report.spent_micros == sum(lot.cost_micros for lot in lots)
    assert report.capital_needed_micros <= 2_000 * MICRO + 2_000 * MICRO * fee // 40_000
    assert report.fees_micros >= 0
    assert fee > 0 or report.fees_micros == 0


def test_a_recorded_book_decides_where_there_is_one() -> None:
    """Where a recorded book exists it decides: thin depth cuts or skips a copy the model's
    book would have filled whole."""
    rule = RuleSettings(fixed_amount_micros=50 * MICRO)
    outcomes = []
    for asks in (None, ((510_000, 3 * MICRO),), ((510_000, 1 * MICRO),)):
        books = (
            None
            if asks is None
            else RecordedBooks({"t-yes": [(1_700_000_000, BookView(asks=asks))]})
        )
        decisions: list[Decision] = []
        backtest = Backtest(rule, books=books, on_decision=decisions.append)
        backtest.feed(trade(1_700_000_010, TradeSide.BUY, 500_000, 100 * MICRO))
        backtest.finish()
        d = decisions[0]
        outcomes.append((d.action, d.reason, d.amount_micros, d.details.get("capped_by")))
    assert outcomes == [
        ("copy", None, 50 * MICRO, None),
        ("copy", None, 1_530_000, SkipReason.BOOK_TOO_THIN.value),
        ("skip", SkipReason.BOOK_TOO_THIN.value, None, SkipReason.BOOK_TOO_THIN.value),
    ]


def test_a_sale_realises_fifo_and_a_redemption_pays_the_winner() -> None:
    rule = RuleSettings(fixed_amount_micros=10 * MICRO, max_slippage_bps=2_000)
    backtest = Backtest(rule, keep_lots=True)
    t0 = 1_700_000_000
    backtest.feed(trade(t0, TradeSide.BUY, 400_000, 100 * MICRO))
    backtest.feed(trade(t0 + 1, TradeSide.BUY, 500_000, 100 * MICRO))
    backtest.feed(trade(t0 + 2, TradeSide.SELL, 600_000, 100 * MICRO))  # half the leader's
    backtest.feed(trade(t0 + 3, TradeSide.BUY, 300_000, 50 * MICRO, token="t-no"))
    backtest.feed(redeem(t0 + 10, 100 * MICRO))  # the leader's 100 yes shares paid 100
    report = backtest.finish()
    first, second, other = backtest.lots
    assert first.remaining_size_micros == second.remaining_size_micros == 0  # sold, then redeemed
    assert first.realized_micros > 0
    assert other.realized_micros == -other.cost_micros
    assert report.redemptions == 1
    assert report.payouts_micros > 0
    assert report.pnl_micros == sum(lot.pnl_micros for lot in backtest.lots)
    assert report.open_lots == 0
    assert report.unrealized_pnl_micros == 0
    assert dt.datetime.fromisoformat(report.as_json()["to"]).timestamp() == t0 + 10
