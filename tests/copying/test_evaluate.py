"""Property tests of the decision function: no limit is ever exceeded, whatever the inputs."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from polycopy.copying.evaluate import (
    BookView,
    FillView,
    FollowerView,
    LeaderView,
    MarketView,
    States,
    Verdict,
    evaluate,
)
from polycopy.copying.reasons import explain
from polycopy.copying.settings import AccountLimits, RuleSettings
from polycopy.copying.sizing import (
    MIN_MARKETABLE_NOTIONAL_MICROS,
    SHARE_STEP_MICROS,
    depth_within,
    worst_price,
)
from polycopy.copying.types import AllocationMode, BelowMinimum, SideMode, SkipReason, TradingState
from polycopy.kit.money import MICRO
from polycopy.signals.types import TradeSide

NOW = dt.datetime(2026, 11, 28, 12, tzinfo=dt.UTC)
TICKS = [100_000, 10_000, 5_000, 2_500, 1_000, 100]
money = st.sampled_from([5, 50, 500, 5_000]).map(lambda n: n * MICRO) | st.integers(
    1, 100_000 * MICRO
)
maybe_money = st.none() | money


@st.composite
def rules(draw: st.DrawFn) -> RuleSettings:
    mode = draw(st.sampled_from(list(AllocationMode)))
    low = draw(st.integers(1, 50 * MICRO))
    return RuleSettings(
        allocation=mode,
        fixed_amount_micros=draw(money),
        percentage_bps=draw(st.integers(1, 50_000)),
        budget_micros=draw(money),
        range_min_micros=low,
        range_max_micros=low + draw(st.integers(0, 500 * MICRO)),
        multiplier_bps=draw(st.sampled_from([10_000, 5_000, 25_000]) | st.integers(1, 30_000)),
        below_minimum=draw(st.sampled_from(list(BelowMinimum))),
        min_trade_micros=draw(st.none() | st.integers(1, 5 * MICRO)),
        max_trade_micros=draw(st.none() | st.integers(5 * MICRO, 1_000 * MICRO)),
        max_market_exposure_micros=draw(maybe_money),
        max_event_exposure_micros=draw(maybe_money),
        leader_budget_micros=draw(maybe_money),
        max_slippage_bps=draw(st.integers(0, 3_000) | st.integers(500, 3_000)),
        max_spread_micros=draw(st.none() | st.integers(1, MICRO - 1)),
        min_book_depth_micros=draw(st.none() | st.integers(1, 500 * MICRO)),
        sides=draw(st.sampled_from([SideMode.BOTH] * 4 + list(SideMode))),
        inverse=draw(st.booleans()),
    )


accounts = st.builds(
    AccountLimits,
    max_total_exposure_micros=maybe_money,
    max_open_positions=st.none() | st.integers(1, 20),
    max_daily_spend_micros=maybe_money,
    daily_loss_stop_micros=maybe_money,
    drawdown_stop_micros=maybe_money,
)
followers = st.builds(
    FollowerView,
    market_exposure=st.integers(0, 10_000 * MICRO),
    event_exposure=st.integers(0, 10_000 * MICRO),
    leader_exposure=st.integers(0, 10_000 * MICRO),
    total_exposure=st.integers(0, 50_000 * MICRO),
    open_positions=st.integers(0, 30),
    holds_token=st.booleans(),
    daily_spend=st.integers(0, 10_000 * MICRO),
    rule_daily_pnl=st.integers(-1_000 * MICRO, 1_000 * MICRO),
    account_daily_pnl=st.integers(-1_000 * MICRO, 1_000 * MICRO),
    rule_drawdown=st.integers(0, 1_000 * MICRO),
    account_drawdown=st.integers(0, 1_000 * MICRO),
    held_for_leader=st.integers(0, 10_000 * MICRO),
)


@st.composite
def scenarios(draw: st.DrawFn, *, copyable: bool = False) -> tuple:  # type: ignore[type-arg]
    """Random decisions; ``copyable`` keeps the trading states active so most are copies."""
    rule = draw(rules())
    if copyable:
        rule = rule.model_copy(
            update={
                "sides": SideMode.BOTH,
                "daily_loss_stop_micros": None,
                "drawdown_stop_micros": None,
                "min_book_depth_micros": None,
            }
        )
    tick = draw(st.sampled_from(TICKS))
    steps = MICRO // tick
    mid = draw(st.integers(2, steps - 2))
    # The book of the token the follower trades, around that token's price.
    traded_mid = steps - mid if rule.inverse else mid
    sizes = st.integers(0, 2_000 * MICRO - SHARE_STEP_MICROS).map(lambda n: 2_000 * MICRO - n)
    levels = st.integers(0, 4).map(lambda n: 4 - n)  # mostly deep books, sometimes empty
    asks = tuple((min(steps - 1, traded_mid + i) * tick, draw(sizes)) for i in range(draw(levels)))
    bids = tuple((max(1, traded_mid - i) * tick, draw(sizes)) for i in range(draw(levels)))
    market = MarketView(
        tick_size_micros=tick,
        min_order_size_micros=5 * MICRO,
        opposite_token_id="2",
        question="Will it happen?",
    )
    price = mid * tick
    side = draw(st.sampled_from(list(TradeSide)))
    typical = st.sampled_from([20, 100, 500, 2_000]).map(lambda n: n * MICRO)
    size = draw(typical | st.integers(SHARE_STEP_MICROS, 5_000 * MICRO))
    fill = FillView(side, "1", price, size, size * price // MICRO, NOW - dt.timedelta(seconds=5))
    leader = LeaderView(
        position_before_micros=draw(st.integers(0, 10_000 * MICRO)),
        portfolio_value_micros=draw(
            st.integers(MICRO, 10**7 * MICRO) if copyable else st.none() | st.integers(0, 10**7)
        ),
    )
    mostly_active = st.sampled_from([TradingState.ACTIVE] * 8 + list(TradingState))
    states = (
        States()
        if copyable
        else States(
            global_halted=draw(st.integers(0, 9)) == 9,
            account=draw(mostly_active),
            rule=draw(mostly_active),
        )
    )
    book = BookView(bids=bids, asks=asks)
    account, follower = draw(accounts), draw(followers)
    if copyable:
        account = account.model_copy(
            update={"daily_loss_stop_micros": None, "drawdown_stop_micros": None}
        )
        follower = replace(
            follower, open_positions=0, held_for_leader=follower.held_for_leader + 100 * MICRO
        )
    return fill, rule, account, follower, market, book, leader, states


def _run(s: tuple, **replaced: object) -> Verdict:  # type: ignore[type-arg]
    """Evaluate a scenario tuple, with some of its parts replaced by name."""
    names = ("fill", "rule", "account", "follower", "market", "book", "leader", "states")
    parts = {**dict(zip(names, s, strict=True)), **replaced}
    return evaluate(*(parts[n] for n in names), now=NOW, stale_after=dt.timedelta(minutes=5))  # type: ignore[arg-type]


@settings(max_examples=500)
@given(scenarios())
def test_every_outcome_is_a_copy_or_a_reason_the_user_can_read(s: tuple) -> None:  # type: ignore[type-arg]
    verdict = _run(s)
    assert (verdict.intent is None) == (verdict.reason is not None)
    text = explain(verdict.reason, verdict.details)
    assert "{" not in text


@settings(max_examples=1500)
@given(scenarios(copyable=True))
def test_no_copy_ever_exceeds_a_limit(s: tuple) -> None:  # type: ignore[type-arg]
    fill, rule, account, follower, market, book, _leader, states = s
    verdict = _run(s)
    # Filtering (not returning) makes Hypothesis fail its health check if the generator
    # stops producing copies, so this test cannot silently become vacuous.
    assume(verdict.intent is not None)
    intent = verdict.intent
    assert intent is not None
    assert not states.global_halted
    assert TradingState.HALTED not in (states.account, states.rule)
    tick = market.tick_size_micros
    assert intent.limit_price_micros % tick == 0
    assert tick <= intent.limit_price_micros <= MICRO - tick
    if intent.side is TradeSide.BUY:
        assert fill.side is TradeSide.BUY
        assert rule.sides is not SideMode.SELL_ONLY
        assert TradingState.REDUCING not in (states.account, states.rule)
        amount = intent.amount_micros
        assert amount is not None
        assert amount % SHARE_STEP_MICROS == 0
        assert amount >= MIN_MARKETABLE_NOTIONAL_MICROS
        assert amount >= (rule.min_trade_micros or 0)
        for cap, used in (
            (rule.max_trade_micros, 0),
            (rule.max_market_exposure_micros, follower.market_exposure),
            (rule.max_event_exposure_micros, follower.event_exposure),
            (rule.leader_budget_micros, follower.leader_exposure),
            (account.max_total_exposure_micros, follower.total_exposure),
            (account.max_daily_spend_micros, follower.daily_spend),
        ):
            if cap is not None:
                assert used + amount <= cap
        if account.max_open_positions is not None and not follower.holds_token:
            assert follower.open_positions < account.max_open_positions
        assert book.asks[0][0] <= intent.limit_price_micros
        assert amount <= depth_within(book.asks, TradeSide.BUY, intent.limit_price_micros)
        if rule.min_book_depth_micros is not None:
            assert depth_within(book.asks, TradeSide.BUY, intent.limit_price_micros) >= (
                rule.min_book_depth_micros
            )
        if account.daily_loss_stop_micros is not None:
            assert -follower.account_daily_pnl < account.daily_loss_stop_micros
    else:
        assert fill.side is TradeSide.SELL
        assert rule.sides is not SideMode.BUY_ONLY
        size = intent.size_micros
        assert size is not None
        assert size % SHARE_STEP_MICROS == 0
        assert 0 < size <= follower.held_for_leader
        assert size * intent.limit_price_micros // MICRO >= MIN_MARKETABLE_NOTIONAL_MICROS
        assert book.bids[0][0] >= intent.limit_price_micros
    expected_token = "2" if rule.inverse else "1"
    assert intent.token_id == expected_token


@given(scenarios())
def test_a_stop_that_fires_skips_the_buy_and_names_its_scope(s: tuple) -> None:  # type: ignore[type-arg]
    verdict = _run(s)
    if verdict.stop is not None:
        assert verdict.intent is None
        assert verdict.reason in (SkipReason.DAILY_LOSS_STOP, SkipReason.DRAWDOWN_STOP)
        assert verdict.stop.scope in ("rule", "account")


def _base(**rule_overrides: object) -> tuple:  # type: ignore[type-arg]
    market = MarketView(
        tick_size_micros=10_000, min_order_size_micros=5 * MICRO, question="Will it happen?"
    )
    book = BookView(bids=((490_000, 1_000 * MICRO),), asks=((510_000, 1_000 * MICRO),))
    fill = FillView(TradeSide.BUY, "1", 500_000, 100 * MICRO, 50 * MICRO, NOW)
    rule = RuleSettings.model_validate({"fixed_amount_micros": 10 * MICRO, **rule_overrides})
    return fill, rule, AccountLimits(), FollowerView(), market, book, LeaderView(), States()


@pytest.mark.parametrize(
    ("overrides", "follower", "reason"),
    [
        ({"price_min_micros": 600_000}, FollowerView(), SkipReason.PRICE_OUT_OF_BAND),
        ({"max_slippage_bps": 0}, FollowerView(), SkipReason.SLIPPAGE),
        ({"max_spread_micros": 10_000}, FollowerView(), SkipReason.SPREAD_TOO_WIDE),
        (
            {"min_leader_trade_micros": 100 * MICRO},
            FollowerView(),
            SkipReason.LEADER_TRADE_TOO_SMALL,
        ),
        (
            {"max_market_exposure_micros": 20 * MICRO},
            FollowerView(market_exposure=20 * MICRO),
            SkipReason.MARKET_EXPOSURE,
        ),
        (
            {"leader_budget_micros": 5 * MICRO},
            FollowerView(leader_exposure=4_500_000),
            SkipReason.LEADER_BUDGET,
        ),
        (
            {"daily_loss_stop_micros": 10 * MICRO},
            FollowerView(rule_daily_pnl=-10 * MICRO),
            SkipReason.DAILY_LOSS_STOP,
        ),
        ({"sides": "sell_only"}, FollowerView(), SkipReason.SIDE_FILTERED),
        ({"fixed_amount_micros": 500_000}, FollowerView(), SkipReason.BELOW_MINIMUM),
        ({"deny_keywords": ["HAPPEN"]}, FollowerView(), SkipReason.KEYWORD_FILTERED),
        ({"allow_tags": ["sports"]}, FollowerView(), SkipReason.TAG_FILTERED),
        ({}, FollowerView(), None),
    ],
)
def test_each_limit_skips_with_its_own_reason(
    overrides: dict[str, object], follower: FollowerView, reason: SkipReason | None
) -> None:
    verdict = _run(_base(**overrides), follower=follower)
    assert verdict.reason is reason
    text = explain(verdict.reason, verdict.details)
    assert text
    assert "{" not in text


def test_a_cap_shrinks_the_copy_to_the_room_left() -> None:
    verdict = _run(
        _base(max_market_exposure_micros=25 * MICRO),
        follower=FollowerView(market_exposure=18 * MICRO),
    )
    assert verdict.intent is not None
    assert verdict.intent.amount_micros == 7 * MICRO
    assert verdict.details["capped_by"] == "market_exposure"


def test_round_up_to_the_minimum_only_when_the_limits_allow_it() -> None:
    args = _base(fixed_amount_micros=400_000, below_minimum="round_up")
    rule = args[1]
    verdict = _run(args)
    assert verdict.intent is not None
    assert verdict.intent.amount_micros == MIN_MARKETABLE_NOTIONAL_MICROS
    capped = RuleSettings.model_validate({**rule.snapshot(), "max_trade_micros": 900_000})
    verdict = _run(args, rule=capped)
    assert verdict.reason is SkipReason.MAX_TRADE


@given(
    held=st.integers(SHARE_STEP_MICROS, 10_000 * MICRO),
    before=st.integers(SHARE_STEP_MICROS, 10_000 * MICRO),
    data=st.data(),
)
def test_a_sell_mirrors_the_leaders_proportion(held: int, before: int, data: st.DataObject) -> None:
    sold = data.draw(st.integers(SHARE_STEP_MICROS, before))
    market = MarketView(tick_size_micros=10_000, min_order_size_micros=5 * MICRO)
    book = BookView(bids=((500_000, 100_000 * MICRO),))
    fill = FillView(TradeSide.SELL, "1", 500_000, sold, sold // 2, NOW)
    verdict = evaluate(
        fill,
        RuleSettings(fixed_amount_micros=MICRO),
        AccountLimits(),
        FollowerView(held_for_leader=held),
        market,
        book,
        LeaderView(position_before_micros=before),
        States(),
        now=NOW,
        stale_after=dt.timedelta(minutes=5),
    )
    expected = held if sold >= before else held * sold // before
    if verdict.intent is None:
        assert verdict.reason is SkipReason.BELOW_MINIMUM
        # A sell too small to send names its shares and their worth, never "?".
        text = explain(verdict.reason, verdict.details)
        assert "?" not in text
        assert "shares" in text
        return
    assert verdict.intent.size_micros is not None
    assert 0 <= expected - verdict.intent.size_micros < SHARE_STEP_MICROS


@given(st.sampled_from(list(SkipReason)))
def test_every_reason_has_a_plain_language_explanation(reason: SkipReason) -> None:
    text = explain(reason, {})
    assert text.endswith(".")
    assert "{" not in text


def test_worst_price_never_leaves_the_book_range() -> None:
    assert worst_price(TradeSide.BUY, 990_000, 5_000, 10_000) == 990_000
    assert worst_price(TradeSide.SELL, 10_000, 5_000, 10_000) == 10_000


def test_invalid_settings_name_the_field() -> None:
    from polycopy.copying.service import validate_rule_settings
    from polycopy.kit.errors import InvalidInputError

    with pytest.raises(InvalidInputError, match="max_slippage_bps"):
        validate_rule_settings({"fixed_amount_micros": MICRO, "max_slippage_bps": -1})
    with pytest.raises(InvalidInputError, match="needs percentage_bps"):
        validate_rule_settings({"allocation": "percentage"})
    with pytest.raises(InvalidInputError, match="price_min_micros must not be greater"):
        validate_rule_settings(
            {"fixed_amount_micros": MICRO, "price_min_micros": 900_000, "price_max_micros": 100_000}
        )
