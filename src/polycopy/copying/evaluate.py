"""Decide one (leader fill, copy rule): an order intent, or a skip with its reason and numbers.

A pure function of the fill, the rule, the follower's live state (including exposure
reserved by pending orders) and the market at decision time, so it is property tested and
reused unchanged by previews and backtests. The order of the checks is the order a trader
would ask the questions: may I trade at all, do I want this trade, how much, does the book
allow it, and does every limit still hold.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from polycopy.copying.settings import AccountLimits, Conviction, RuleSettings
from polycopy.copying.sizing import (
    MIN_MARKETABLE_NOTIONAL_MICROS,
    SHARE_STEP_MICROS,
    allocation_amount,
    conviction_amount,
    depth_within,
    proportional_ceiling,
    proportional_share,
    ratio_text,
    rule_worst_price,
    shares_within,
    to_step,
)
from polycopy.copying.types import (
    AllocationMode,
    BelowMinimum,
    SideMode,
    SkipReason,
    TradingState,
    ValueSource,
)
from polycopy.kit.money import MICRO
from polycopy.markets.risk import RiskFacts, market_risk
from polycopy.signals.types import TradeSide

Levels = tuple[tuple[int, int], ...]  # (price, size) in micro-units, best first


@dataclass(frozen=True, slots=True)
class FillView:
    side: TradeSide
    token_id: str
    price_micros: int
    size_micros: int
    usdc_micros: int
    occurred_at: dt.datetime


@dataclass(frozen=True, slots=True)
class MarketView:
    tick_size_micros: int
    min_order_size_micros: int
    closed: bool = False
    end_date: dt.datetime | None = None
    question: str = ""
    tags: frozenset[str] = frozenset()
    opposite_token_id: str | None = None
    # What is known of the market's risk (markets/risk.py) apart from its spread and time to
    # end, which come from the book and the end date; None: nothing (a backtest's markets).
    risk: RiskFacts | None = None


@dataclass(frozen=True, slots=True)
class BookView:
    """Top of the book of the token the follower would trade."""

    bids: Levels = ()
    asks: Levels = ()


@dataclass(frozen=True, slots=True)
class FollowerView:
    """The follower's live state; exposures include pending orders' reservations."""

    market_exposure: int = 0
    event_exposure: int = 0
    leader_exposure: int = 0
    total_exposure: int = 0
    open_positions: int = 0
    holds_token: bool = False
    daily_spend: int = 0
    rule_daily_pnl: int = 0
    account_daily_pnl: int = 0
    rule_drawdown: int = 0
    account_drawdown: int = 0
    held_for_leader: int = 0  # shares of the traded token bought for this leader, not yet sold
    plan_room: int | None = None  # pUSD the billing plan still allows this month (None: no cap)


@dataclass(frozen=True, slots=True)
class LeaderView:
    position_before_micros: int = 0  # the leader's shares of the token before this fill
    portfolio_value_micros: int | None = None
    value_source: ValueSource | None = None  # what the value counts (None: not known)
    # The median of the leader's last trades before this one (conviction sizing; None:
    # no earlier trade, or not read because no rule needs it).
    median_trade_micros: int | None = None
    # Consensus (per rule): the group's wallets that bought this outcome within the rule's
    # window, and those that did not; read from stored leader fills (or a backtest's).
    agreed: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class States:
    global_halted: bool = False
    account: TradingState = TradingState.ACTIVE
    rule: TradingState = TradingState.ACTIVE


@dataclass(frozen=True, slots=True)
class OrderIntent:
    side: TradeSide
    token_id: str
    limit_price_micros: int  # worst acceptable price
    amount_micros: int | None  # pUSD to spend (buy)
    size_micros: int | None  # shares to sell (sell)


@dataclass(frozen=True, slots=True)
class Stop:
    """A loss or drawdown stop that fired: the scope moves to REDUCING."""

    scope: str  # "rule" or "account"
    reason: SkipReason


@dataclass(frozen=True, slots=True)
class Verdict:
    intent: OrderIntent | None
    reason: SkipReason | None
    details: dict[str, int | str] = field(default_factory=dict)
    stop: Stop | None = None


def _skip(reason: SkipReason, details: dict[str, int | str], stop: Stop | None = None) -> Verdict:
    return Verdict(None, reason, details, stop)


def evaluate(
    fill: FillView,
    rule: RuleSettings,
    account: AccountLimits,
    follower: FollowerView,
    market: MarketView,
    book: BookView,
    leader: LeaderView,
    states: States,
    *,
    now: dt.datetime,
    stale_after: dt.timedelta,
) -> Verdict:
    details: dict[str, int | str] = {
        "leader_side": fill.side.value,
        "leader_price_micros": fill.price_micros,
        "leader_size_micros": fill.size_micros,
        "leader_usdc_micros": fill.usdc_micros,
    }
    halted = _halted(states)
    if halted is not None:
        return _skip(halted, details)
    if (rule.sides is SideMode.BUY_ONLY and fill.side is TradeSide.SELL) or (
        rule.sides is SideMode.SELL_ONLY and fill.side is TradeSide.BUY
    ):
        details["sides"] = rule.sides.value
        return _skip(SkipReason.SIDE_FILTERED, details)
    token_id, reference = fill.token_id, fill.price_micros
    if rule.inverse:
        if market.opposite_token_id is None:
            return _skip(SkipReason.UNKNOWN_MARKET, details)
        token_id, reference = market.opposite_token_id, MICRO - fill.price_micros
        details["inverse"] = 1
    details["reference_price_micros"] = reference
    if fill.side is TradeSide.SELL:
        return _exit(fill, rule, follower, market, book, leader, token_id, reference, details)
    return _entry(
        fill,
        rule,
        account,
        follower,
        market,
        book,
        leader,
        states,
        token_id,
        reference,
        details,
        now=now,
        stale_after=stale_after,
    )


def _halted(states: States) -> SkipReason | None:
    if states.global_halted:
        return SkipReason.GLOBAL_KILL_SWITCH
    if states.account is TradingState.HALTED:
        return SkipReason.ACCOUNT_HALTED
    if states.rule is TradingState.HALTED:
        return SkipReason.RULE_PAUSED
    return None


def _stop(
    rule: RuleSettings, account: AccountLimits, f: FollowerView
) -> tuple[str, SkipReason] | None:
    checks = (
        ("rule", SkipReason.DAILY_LOSS_STOP, rule.daily_loss_stop_micros, -f.rule_daily_pnl),
        (
            "account",
            SkipReason.DAILY_LOSS_STOP,
            account.daily_loss_stop_micros,
            -f.account_daily_pnl,
        ),
        ("rule", SkipReason.DRAWDOWN_STOP, rule.drawdown_stop_micros, f.rule_drawdown),
        ("account", SkipReason.DRAWDOWN_STOP, account.drawdown_stop_micros, f.account_drawdown),
    )
    for scope, reason, limit, loss in checks:
        if limit is not None and loss >= limit:
            return scope, reason
    return None


def _filters(
    fill: FillView,
    rule: RuleSettings,
    market: MarketView,
    reference: int | None,
    details: dict[str, int | str],
    *,
    now: dt.datetime,
    stale_after: dt.timedelta,
) -> SkipReason | None:
    """Does the follower want this trade at all? (``reference`` None: no price to check)"""
    if market.closed:
        return SkipReason.MARKET_CLOSED
    age = now - fill.occurred_at
    if age > stale_after:
        details["age_seconds"] = int(age.total_seconds())
        return SkipReason.STALE
    if rule.min_leader_trade_micros is not None and fill.usdc_micros < rule.min_leader_trade_micros:
        details["min_leader_trade_micros"] = rule.min_leader_trade_micros
        return SkipReason.LEADER_TRADE_TOO_SMALL
    low, high = rule.price_min_micros, rule.price_max_micros
    if reference is not None and (
        (low is not None and reference < low) or (high is not None and reference > high)
    ):
        details["price_min_micros"] = low or 0
        details["price_max_micros"] = high or MICRO
        return SkipReason.PRICE_OUT_OF_BAND
    if rule.min_seconds_to_end is not None or rule.max_seconds_to_end is not None:
        if market.end_date is None:
            details["end_date"] = "unknown"
            return SkipReason.TOO_FAR_FROM_END
        left = int((market.end_date - now).total_seconds())
        details["seconds_to_end"] = left
        if rule.min_seconds_to_end is not None and left < rule.min_seconds_to_end:
            return SkipReason.TOO_CLOSE_TO_END
        if rule.max_seconds_to_end is not None and left > rule.max_seconds_to_end:
            return SkipReason.TOO_FAR_FROM_END
    tags = {t.lower() for t in market.tags}
    if (rule.allow_tags and not tags & {t.lower() for t in rule.allow_tags}) or (
        tags & {t.lower() for t in rule.deny_tags}
    ):
        details["tags"] = ",".join(sorted(tags))
        return SkipReason.TAG_FILTERED
    question = market.question.lower()
    if (rule.allow_keywords and not any(k.lower() in question for k in rule.allow_keywords)) or any(
        k.lower() in question for k in rule.deny_keywords
    ):
        return SkipReason.KEYWORD_FILTERED
    return None


def _allocation(
    fill: FillView,
    rule: RuleSettings,
    account: AccountLimits,
    follower: FollowerView,
    market: MarketView,
    leader: LeaderView,
    states: States,
    reference: int | None,
    details: dict[str, int | str],
    *,
    now: dt.datetime,
    stale_after: dt.timedelta,
) -> Verdict | int:
    """What a buy (or a split, without a price) may spend before limits, or the skip that
    stops it first: reducing-only state, a loss or drawdown stop, a filter."""
    if TradingState.REDUCING in (states.account, states.rule):
        return _skip(SkipReason.REDUCING_ONLY, details)
    fired = _stop(rule, account, follower)
    if fired is not None:
        scope, reason = fired
        details["stop_scope"] = scope
        return _skip(reason, details, Stop(scope, reason))
    filtered = _filters(fill, rule, market, reference, details, now=now, stale_after=stale_after)
    if filtered is not None:
        return _skip(filtered, details)
    value = leader.portfolio_value_micros
    if rule.allocation is AllocationMode.PROPORTIONAL and value:
        _proportion(rule, fill, leader, value, details)
    wanted = allocation_amount(rule, fill.usdc_micros, value)
    if wanted is None:
        return _skip(SkipReason.NO_LEADER_VALUE, details)
    if rule.conviction is not None:
        wanted = _conviction(rule.conviction, fill, leader, wanted, details)
    if rule.consensus is not None:
        details["consensus_min_leaders"] = rule.consensus.min_leaders
        details["consensus_agreed"] = ",".join(leader.agreed)
        details["consensus_missing"] = ",".join(leader.missing)
        if len(leader.agreed) < rule.consensus.min_leaders:
            return _skip(SkipReason.NO_CONSENSUS, details)
        # Sized by how many agree: k agreeing leaders give the allocation, 2k twice it.
        wanted = wanted * len(leader.agreed) // rule.consensus.min_leaders
    details["allocation_micros"] = wanted
    return wanted


def _conviction(
    conviction: Conviction,
    fill: FillView,
    leader: LeaderView,
    base: int,
    details: dict[str, int | str],
) -> int:
    """The allocation scaled by the leader's conviction, with the numbers that made it."""
    median = leader.median_trade_micros
    details["conviction_base_micros"] = base
    details["conviction_median_micros"] = median if median is not None else "none"
    details["conviction_ratio"] = ratio_text(fill.usdc_micros, median) if median else "1"
    amount = conviction_amount(conviction, base, fill.usdc_micros, median)
    details["conviction_micros"] = amount
    return amount


def _proportion(
    rule: RuleSettings,
    fill: FillView,
    leader: LeaderView,
    value: int,
    details: dict[str, int | str],
) -> None:
    """The inputs of proportional sizing, recorded so the decision can show its ratio."""
    budget = rule.budget_micros or 0
    details["leader_value_micros"] = value
    if leader.value_source is not None:
        details["leader_value_source"] = leader.value_source.value
    details["budget_micros"] = budget
    details["budget_ratio"] = ratio_text(budget, value) if value > 0 else "?"
    details["proportional_micros"] = (
        proportional_share(budget, fill.usdc_micros, value) if value > 0 else 0
    )


def _disproportionate(
    rule: RuleSettings,
    fill: FillView,
    leader: LeaderView,
    amount: int,
    details: dict[str, int | str],
) -> bool:
    """Whether a proportional copy of ``amount`` is more than the sanity bound allows."""
    value = leader.portfolio_value_micros
    if rule.allocation is not AllocationMode.PROPORTIONAL or not value or value <= 0:
        return False
    if rule.conviction is not None:  # scaled on purpose; the conviction's max bounds it
        return False
    ceiling = proportional_ceiling(rule, fill.usdc_micros, value)
    if amount <= ceiling:
        return False
    details["proportional_ceiling_micros"] = ceiling
    return True


def _entry(
    fill: FillView,
    rule: RuleSettings,
    account: AccountLimits,
    follower: FollowerView,
    market: MarketView,
    book: BookView,
    leader: LeaderView,
    states: States,
    token_id: str,
    reference: int,
    details: dict[str, int | str],
    *,
    now: dt.datetime,
    stale_after: dt.timedelta,
) -> Verdict:
    wanted = _allocation(
        fill,
        rule,
        account,
        follower,
        market,
        leader,
        states,
        reference,
        details,
        now=now,
        stale_after=stale_after,
    )
    if isinstance(wanted, Verdict):
        return wanted
    limit = rule_worst_price(TradeSide.BUY, reference, rule, market.tick_size_micros)
    details["limit_price_micros"] = limit

    if not book.asks:
        return _skip(SkipReason.BOOK_TOO_THIN, details)
    best_ask = book.asks[0][0]
    details["best_ask_micros"] = best_ask
    if book.bids and rule.max_spread_micros is not None:
        spread = best_ask - book.bids[0][0]
        details["spread_micros"] = spread
        if spread > rule.max_spread_micros:
            return _skip(SkipReason.SPREAD_TOO_WIDE, details)
    if _too_risky(rule, market, book, details, now=now):
        return _skip(SkipReason.MARKET_TOO_RISKY, details)
    if best_ask > limit:
        return _skip(SkipReason.SLIPPAGE, details)
    depth = depth_within(book.asks, TradeSide.BUY, limit)
    details["depth_micros"] = depth
    if rule.min_book_depth_micros is not None and depth < rule.min_book_depth_micros:
        return _skip(SkipReason.BOOK_TOO_THIN, details)
    if (
        account.max_open_positions is not None
        and not follower.holds_token
        and follower.open_positions >= account.max_open_positions
    ):
        details["open_positions"] = follower.open_positions
        return _skip(SkipReason.MAX_OPEN_POSITIONS, details)

    sized = _fit(wanted, rule, account, follower, [(SkipReason.BOOK_TOO_THIN, depth)], details)
    if isinstance(sized, SkipReason):
        return _skip(sized, details)
    if _disproportionate(rule, fill, leader, sized, details):
        return _skip(SkipReason.DISPROPORTIONATE, details)
    return Verdict(OrderIntent(TradeSide.BUY, token_id, limit, sized, None), None, details)


def _too_risky(
    rule: RuleSettings,
    market: MarketView,
    book: BookView,
    details: dict[str, int | str],
    *,
    now: dt.datetime,
) -> bool:
    """Is the market's risk score above the rule's ``max_market_risk``? Unknown: no, and
    the decision's details say ``market_risk: unknown``."""
    if rule.max_market_risk is None:
        return False
    score = None
    if market.risk is not None:
        spread = book.asks[0][0] - book.bids[0][0] if book.asks and book.bids else None
        left = (
            int((market.end_date - now).total_seconds())
            if market.end_date
            else market.risk.seconds_to_end  # from Gamma's end date, as the caller read it
        )
        liquidity = market.risk.liquidity_micros
        if liquidity is None:  # Gamma did not say: what rests in the book now
            levels = book.bids + book.asks
            liquidity = sum(price * size // MICRO for price, size in levels) if levels else None
        facts = replace(
            market.risk, spread_micros=spread, seconds_to_end=left, liquidity_micros=liquidity
        )
        score = market_risk(facts).score
    if score is None:
        details["market_risk"] = "unknown"
        return False
    details["market_risk"] = score
    details["max_market_risk"] = rule.max_market_risk
    return score > rule.max_market_risk


def _fit(
    wanted: int,
    rule: RuleSettings,
    account: AccountLimits,
    follower: FollowerView,
    caps: list[tuple[SkipReason, int]],
    details: dict[str, int | str],
) -> int | SkipReason:
    """The amount to spend: under every exposure cap (the tightest binds) and ``caps``, on
    the 0.01 step, at least the minimum (rounded up to it only if the rule says so and
    every cap still holds); or the reason there is none."""
    for reason, cap, used in (
        (SkipReason.MAX_TRADE, rule.max_trade_micros, 0),
        (SkipReason.MARKET_EXPOSURE, rule.max_market_exposure_micros, follower.market_exposure),
        (SkipReason.EVENT_EXPOSURE, rule.max_event_exposure_micros, follower.event_exposure),
        (SkipReason.LEADER_BUDGET, rule.leader_budget_micros, follower.leader_exposure),
        # Proportional sizing's budget is a hard cap too: what the rule holds for the leader.
        (SkipReason.LEADER_BUDGET, rule.budget_micros, follower.leader_exposure),
        (SkipReason.TOTAL_EXPOSURE, account.max_total_exposure_micros, follower.total_exposure),
        (SkipReason.DAILY_SPEND, account.max_daily_spend_micros, follower.daily_spend),
        (SkipReason.PLAN_LIMIT, follower.plan_room, 0),
    ):
        if cap is not None:
            caps.append((reason, max(0, cap - used)))
    if rule.budget_micros is not None or rule.leader_budget_micros is not None:
        details["leader_exposure_micros"] = follower.leader_exposure
    binding, room = min(caps, key=lambda c: c[1]) if caps else (None, wanted)
    amount = to_step(min(wanted, room))
    if binding is not None and amount < wanted:
        details["capped_by"] = binding.value
    # The smallest amount worth sending, on the 0.01 step (rounded up, never below a minimum).
    minimum = -(
        -max(MIN_MARKETABLE_NOTIONAL_MICROS, rule.min_trade_micros or 0) // SHARE_STEP_MICROS
    )
    minimum *= SHARE_STEP_MICROS
    details["minimum_micros"] = minimum
    details["amount_micros"] = amount
    if amount < minimum:
        if binding is not None and to_step(room) < minimum:
            details["room_micros"] = room
            return binding
        if rule.below_minimum is not BelowMinimum.ROUND_UP:
            return SkipReason.BELOW_MINIMUM
        amount = minimum
        details["rounded_up"] = 1
        details["amount_micros"] = amount
    return amount


def evaluate_split(
    fill: FillView,
    rule: RuleSettings,
    account: AccountLimits,
    follower: FollowerView,
    market: MarketView,
    leader: LeaderView,
    states: States,
    *,
    new_positions: int,
    now: dt.datetime,
    stale_after: dt.timedelta,
) -> Verdict:
    """A leader's SPLIT of ``fill.usdc_micros`` pUSD, decided like a buy of that notional:
    the same allocation and limits (a split of X pUSD is exposure X), without the book and
    price checks of an order. A copy is reason ``split_mirrored`` with ``amount_micros``,
    the pUSD the follower splits; ``new_positions`` is how many outcomes it does not hold."""
    details: dict[str, int | str] = {
        "leader_shares_micros": fill.size_micros,
        "leader_usdc_micros": fill.usdc_micros,
    }
    halted = _halted(states)
    if halted is not None:
        return _skip(halted, details)
    if rule.sides is SideMode.SELL_ONLY:
        details["sides"] = rule.sides.value
        return _skip(SkipReason.SIDE_FILTERED, details)
    wanted = _allocation(
        fill,
        rule,
        account,
        follower,
        market,
        leader,
        states,
        None,
        details,
        now=now,
        stale_after=stale_after,
    )
    if isinstance(wanted, Verdict):
        return wanted
    if (
        account.max_open_positions is not None
        and new_positions
        and follower.open_positions + new_positions > account.max_open_positions
    ):
        details["open_positions"] = follower.open_positions
        return _skip(SkipReason.MAX_OPEN_POSITIONS, details)
    sized = _fit(wanted, rule, account, follower, [], details)
    if isinstance(sized, SkipReason):
        return _skip(sized, details)
    if _disproportionate(rule, fill, leader, sized, details):
        return _skip(SkipReason.DISPROPORTIONATE, details)
    return Verdict(None, SkipReason.SPLIT_MIRRORED, details)


def _exit(
    fill: FillView,
    rule: RuleSettings,
    follower: FollowerView,
    market: MarketView,
    book: BookView,
    leader: LeaderView,
    token_id: str,
    reference: int,
    details: dict[str, int | str],
) -> Verdict:
    """Sell the leader's lots in the proportion the leader sold of their position."""
    held = follower.held_for_leader
    details["held_for_leader_micros"] = held
    if held < SHARE_STEP_MICROS:
        return _skip(SkipReason.NO_POSITION, details)
    before = leader.position_before_micros
    if before > fill.size_micros:
        target = held * fill.size_micros // before
        details["leader_sold_bps"] = fill.size_micros * 10_000 // before
    else:
        target = held  # the leader closed the position (or we cannot tell): close ours
    size = to_step(min(target, held))
    limit = rule_worst_price(TradeSide.SELL, reference, rule, market.tick_size_micros)
    details["limit_price_micros"] = limit
    if not book.bids:
        return _skip(SkipReason.BOOK_TOO_THIN, details)
    details["best_bid_micros"] = book.bids[0][0]
    if book.bids[0][0] < limit:
        return _skip(SkipReason.SLIPPAGE, details)
    size = min(size, to_step(shares_within(book.bids, limit)))
    details["size_micros"] = size
    details["minimum_micros"] = MIN_MARKETABLE_NOTIONAL_MICROS
    if size * limit // MICRO < MIN_MARKETABLE_NOTIONAL_MICROS:
        return _skip(SkipReason.BELOW_MINIMUM, details)
    return Verdict(OrderIntent(TradeSide.SELL, token_id, limit, None, size), None, details)
