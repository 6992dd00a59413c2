"""Decide every (leader fill, copy rule) pair exactly once: copy with an order, or skip.

The decision, its order (which is the exposure reservation) and any stop it fires are one
transaction taken with the follower account row locked, so concurrent workers can neither
decide a pair twice (unique constraint) nor break a limit together (they serialise on the
lock and each sees the other's reservations).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.accounts.repository import FollowerAccountRepository
from polycopy.admin.repository import GLOBAL_KILL_SWITCH, SystemSettingRepository
from polycopy.audit.repository import AuditRepository
from polycopy.billing.pricing import month_start
from polycopy.billing.repository import BillingRepository
from polycopy.copying.evaluate import (
    BookView,
    FillView,
    FollowerView,
    LeaderView,
    MarketView,
    OrderIntent,
    States,
    Verdict,
    evaluate,
    evaluate_split,
)
from polycopy.copying.leader_events import leader_event_verdicts, record_splits
from polycopy.copying.repository import CopyRuleRepository, DecisionRepository
from polycopy.copying.runs import FillKind, Run
from polycopy.copying.settings import AccountLimits, RuleSettings
from polycopy.copying.sizing import CONVICTION_LOOKBACK, median_trade
from polycopy.copying.types import DecisionAction, LeaderValue, SkipReason, TradingState
from polycopy.kit.errors import InvalidInputError
from polycopy.leaders.service import follow_wallet, normalise_wallet
from polycopy.markets.repository import MarketRepository
from polycopy.markets.risk import stored_facts
from polycopy.models import CopyRule, Decision, FollowerAccount, LeaderFill, Market, Order
from polycopy.orders.repository import OrderRepository
from polycopy.orders.service import create_orders
from polycopy.portfolio.exposure import drawdown
from polycopy.portfolio.repository import AtRisk, ExposureRepository, LotRepository
from polycopy.signals.repository import (
    LeaderFillRepository,
    SourceCursorRepository,
    leader_position_before,
)
from polycopy.signals.types import FillSource, LeaderEventType, TradeSide


@dataclass(frozen=True, slots=True)
class MarketContext:
    """What the decider needs from outside the database, fetched before the transaction."""

    books: Mapping[str, BookView]  # by token id
    leader_values: Mapping[int, LeaderValue | None]  # by leader id (proportional rules)
    #: Outcome tokens by market, as far as the caller read them (the others are read here).
    tokens: Mapping[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Decided:
    """What deciding a fill made in the caller's transaction: a decision per rule, and the
    order of each copy, due at once: the caller sends them itself or wakes the workers
    (``queue_orders``)."""

    decisions: list[Decision]
    orders: list[Order]
    market: Market | None  # the fill's, which the orders trade in
    fill_id: int


@dataclass(frozen=True, slots=True)
class Burst:
    """What one transaction of :func:`decide_fills` did with a leader's pending fills."""

    decided: list[Decided]  # per fill it decided (for some rules, or all), in order
    #: The last fill it is done with for now (decided, or left for a later round); None when
    #: the first still has rules to decide (a fan-out's next chunk) or must wait.
    through: int | None
    #: The next fill reads what this run's copies did at the venue: book their answers first.
    wait: bool


def _day_start(now: dt.datetime) -> dt.datetime:
    return now.astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)


@dataclass(frozen=True, slots=True)
class _Plan:
    """One rule about to decide fills, with its parsed settings and its account's limits."""

    rule: CopyRule
    account: FollowerAccount
    settings: RuleSettings
    limits: AccountLimits

    def traded(self, token_id: str, opposite: str | None) -> str:
        """The token this rule trades when the leader trades ``token_id``."""
        return opposite if self.settings.inverse and opposite else token_id

    @property
    def stops_on_losses(self) -> bool:
        """Whether a loss or drawdown stop reads this rule's realised PnL."""
        return any(
            stop is not None
            for stop in (
                self.settings.daily_loss_stop_micros,
                self.settings.drawdown_stop_micros,
                self.limits.daily_loss_stop_micros,
                self.limits.drawdown_stop_micros,
            )
        )


def _plans(rules: Sequence[CopyRule], accounts: Mapping[int, FollowerAccount]) -> list[_Plan]:
    return [
        _Plan(
            rule,
            accounts[rule.follower_account_id],
            RuleSettings.model_validate(rule.settings),
            AccountLimits.model_validate(accounts[rule.follower_account_id].limits),
        )
        for rule in rules
    ]


@dataclass(frozen=True, slots=True)
class FollowerStates:
    """The followers' state for a transaction's decisions, read in bulk before deciding.

    A fan-out decides the same fill for thousands of rules: each read below is one statement
    for all of them, and a read no configured limit needs is not made. A burst decides many
    fills of one leader: the copies of each are added as the reservations their orders make
    (:meth:`reserve`), so the fills after it see them as they would after its commit. Exact
    because a follower has at most one rule per leader, the accounts are locked while they
    are read and decided, and a fill that reads what a copy did at the venue waits for it
    (``copying/runs.py``).
    """

    at_risk: dict[int, tuple[list[AtRisk], list[AtRisk]]] = field(default_factory=dict)
    events: Mapping[str, str] = field(default_factory=dict)
    spent_today: Mapping[int, int] = field(default_factory=dict)
    rule_pnls_today: Mapping[int, list[int]] = field(default_factory=dict)
    account_pnls_today: Mapping[int, list[int]] = field(default_factory=dict)
    rule_pnls: Mapping[int, list[int]] = field(default_factory=dict)
    account_pnls: Mapping[int, list[int]] = field(default_factory=dict)
    held: Mapping[tuple[int, str], int] = field(default_factory=dict)
    promised: dict[tuple[int, str], int] = field(default_factory=dict)
    #: Billing plans' monthly notional still free, by user; and each account's user.
    plan_rooms: dict[int, int] = field(default_factory=dict)
    users: Mapping[int, int] = field(default_factory=dict)
    #: Per account, the above summed once, then kept up to date by :meth:`reserve`.
    _sums: dict[int, _Sums] = field(default_factory=dict, init=False)

    def view(
        self,
        account_id: int,
        leader_id: int,
        condition_id: str,
        token_id: str,
        *,
        selling: bool,
        rule: RuleSettings,
        limits: AccountLimits,
    ) -> FollowerView:
        """One follower's view; fields no configured limit reads stay 0."""
        if selling:
            key = (account_id, token_id)
            return FollowerView(
                held_for_leader=max(0, self.held.get(key, 0) - self.promised.get(key, 0))
            )
        sums = self._summed(account_id)
        event_exposure = daily_spend = 0
        if rule.max_event_exposure_micros is not None:
            event = self.events[condition_id]
            event_exposure = sum(
                amount for market, amount in sums.by_market.items() if self.events[market] == event
            )
        if limits.max_daily_spend_micros is not None:
            daily_spend = self.spent_today[account_id] + sums.pending
        rule_daily_pnl, account_daily_pnl, rule_drawdown, account_drawdown = sums.pnl
        return FollowerView(
            market_exposure=sums.by_market[condition_id],
            event_exposure=event_exposure,
            leader_exposure=sums.by_leader[leader_id],
            total_exposure=sums.total,
            open_positions=len(sums.rows_by_token),
            holds_token=token_id in sums.rows_by_token,
            daily_spend=daily_spend,
            rule_daily_pnl=rule_daily_pnl,
            account_daily_pnl=account_daily_pnl,
            rule_drawdown=rule_drawdown,
            account_drawdown=account_drawdown,
            plan_room=self.plan_rooms.get(self.users.get(account_id, 0)),
        )

    def _summed(self, account_id: int) -> _Sums:
        sums = self._sums.get(account_id)
        if sums is None:
            lots, pending = self.at_risk.get(account_id, ([], []))
            sums = self._sums[account_id] = _Sums(
                pnl=(
                    sum(self.rule_pnls_today.get(account_id, [])),
                    sum(self.account_pnls_today.get(account_id, [])),
                    drawdown(self.rule_pnls.get(account_id, [])),
                    drawdown(self.account_pnls.get(account_id, [])),
                )
            )
            for row in lots:
                sums.add(row, pending=False)
            for row in pending:
                sums.add(row, pending=True)
        return sums

    def reserve(
        self, account_id: int, leader_id: int, condition_id: str, intent: OrderIntent
    ) -> None:
        """Count a copy just decided as its order reserves it (the pUSD of a buy, the shares
        of a sale), for the decisions after it in the same transaction."""
        if intent.side is TradeSide.SELL:
            key = (account_id, intent.token_id)
            self.promised[key] = self.promised.get(key, 0) + (intent.size_micros or 0)
            return
        row = AtRisk(leader_id, condition_id, intent.token_id, intent.amount_micros or 0)
        user_id = self.users.get(account_id, 0)
        if user_id in self.plan_rooms:
            self.plan_rooms[user_id] -= row.amount_micros
        self.at_risk.setdefault(account_id, ([], []))[1].append(row)
        if account_id in self._sums:
            self._sums[account_id].add(row, pending=True)


@dataclass(slots=True)
class _Sums:
    """One account's pUSD at risk summed the ways its limits read it, and its PnL figures
    (daily of the rule, daily of the account, drawdown of each)."""

    pnl: tuple[int, int, int, int]
    total: int = 0
    pending: int = 0  # of the total, what orders reserve (not lots)
    by_market: Counter[str] = field(default_factory=Counter)
    by_leader: Counter[int] = field(default_factory=Counter)
    rows_by_token: Counter[str] = field(default_factory=Counter)

    def add(self, row: AtRisk, *, pending: bool) -> None:
        self.total += row.amount_micros
        self.pending += row.amount_micros if pending else 0
        self.by_market[row.condition_id] += row.amount_micros
        self.by_leader[row.leader_id] += row.amount_micros
        self.rows_by_token[row.token_id] += 1


async def follower_states(
    session: AsyncSession,
    plans: list[_Plan],
    leader_id: int,
    *,
    buys: Collection[str],
    sells: Collection[str],
    now: dt.datetime,
) -> FollowerStates:
    """Read, for all planned decisions at once, what their limits look at: for buys in the
    markets ``buys``, and for sales of the tokens ``sells``."""
    accounts = {plan.account.id for plan in plans}
    if not accounts:
        return FollowerStates()
    held: Mapping[tuple[int, str], int] = {}
    promised: dict[tuple[int, str], int] = {}
    if sells:
        tokens = sorted(sells)
        held = await LotRepository(session).held_sizes(accounts, leader_id, tokens)
        promised = await OrderRepository(session).pending_sell_sizes(accounts, leader_id, tokens)
    if not buys:
        return FollowerStates(held=held, promised=promised)

    def needing(wants: Callable[[_Plan], bool]) -> set[int]:
        return {plan.account.id for plan in plans if wants(plan)}

    exposure = ExposureRepository(session)
    exposed = needing(_limits_exposure)
    at_risk = await exposure.at_risk(exposed) if exposed else {}
    day = _day_start(now)
    events: dict[str, str] = {}
    if any(plan.settings.max_event_exposure_micros is not None for plan in plans):
        held_markets = {
            r.condition_id for lots, pending in at_risk.values() for r in lots + pending
        }
        events = await MarketRepository(session).event_keys(held_markets | set(buys))
    return FollowerStates(
        at_risk=at_risk,
        events=events,
        spent_today=await exposure.spent_since(
            needing(lambda p: p.limits.max_daily_spend_micros is not None), day
        ),
        rule_pnls_today=await exposure.realized_pnls(
            needing(lambda p: p.settings.daily_loss_stop_micros is not None),
            leader_id=leader_id,
            since=day,
        ),
        account_pnls_today=await exposure.realized_pnls(
            needing(lambda p: p.limits.daily_loss_stop_micros is not None), since=day
        ),
        rule_pnls=await exposure.realized_pnls(
            needing(lambda p: p.settings.drawdown_stop_micros is not None), leader_id=leader_id
        ),
        account_pnls=await exposure.realized_pnls(
            needing(lambda p: p.limits.drawdown_stop_micros is not None)
        ),
        held=held,
        promised=promised,
        plan_rooms=await BillingRepository(session).monthly_rooms(
            {plan.account.user_id for plan in plans}, month_start(now)
        ),
        users={plan.account.id: plan.account.user_id for plan in plans},
    )


def _limits_exposure(plan: _Plan) -> bool:
    """Whether a limit of this plan reads what the follower has at risk."""
    rule, account = plan.settings, plan.limits
    return any(
        limit is not None
        for limit in (
            rule.max_market_exposure_micros,
            rule.max_event_exposure_micros,
            rule.leader_budget_micros,
            rule.budget_micros,
            account.max_total_exposure_micros,
            account.max_open_positions,
            account.max_daily_spend_micros,
        )
    )


def _market_view(
    market: Market, token_ids: list[str], token_id: str, now: dt.datetime
) -> MarketView:
    others = [t for t in token_ids if t != token_id]
    return MarketView(
        tick_size_micros=market.tick_size_micros,
        min_order_size_micros=market.min_order_size_micros,
        closed=market.closed or not market.active,
        end_date=market.end_date,
        question=market.question,
        tags=frozenset(market.tags or ()),
        opposite_token_id=others[0] if len(token_ids) == 2 and others else None,
        risk=stored_facts(market.risk_facts, neg_risk=market.neg_risk, now=now),
    )


def _leader_view(value: LeaderValue | None, position_before: int = 0) -> LeaderView:
    return LeaderView(
        position_before_micros=position_before,
        portfolio_value_micros=value.micros if value is not None else None,
        value_source=value.source if value is not None else None,
    )


async def _with_median(
    session: AsyncSession, fill: LeaderFill, plans: list[_Plan], leader: LeaderView
) -> LeaderView:
    """``leader`` with its median trade before ``fill``, read only when a rule sizes by
    conviction."""
    if not any(plan.settings.conviction is not None for plan in plans):
        return leader
    notionals = await LeaderFillRepository(session).notionals_before(fill, CONVICTION_LOOKBACK)
    return replace(leader, median_trade_micros=median_trade(notionals))


async def _agreement(
    session: AsyncSession, fill: LeaderFill, plan: _Plan, leader: LeaderView
) -> LeaderView:
    """``leader`` with who of the rule's consensus group bought the fill's outcome within
    the window up to it, from the stored fills (so a restart counts the same)."""
    consensus = plan.settings.consensus
    if consensus is None:
        return leader
    group = set(consensus.wallets) or await CopyRuleRepository(session).followed_wallets(
        plan.account.id
    )
    since = fill.occurred_at - dt.timedelta(seconds=consensus.window_seconds)
    bought = await LeaderFillRepository(session).buyers(
        fill.token_id or "", group, since, fill.occurred_at
    )
    return replace(leader, agreed=tuple(sorted(bought)), missing=tuple(sorted(group - bought)))


def _skip(reason: SkipReason, **details: int | str) -> Verdict:
    return Verdict(None, reason, dict(details))


async def rule_verdicts(
    session: AsyncSession,
    fill: LeaderFill,
    rules: list[CopyRule],
    accounts: Mapping[int, FollowerAccount],
    market: Market | None,
    token_ids: list[str],
    context: MarketContext,
    *,
    global_halted: bool,
    now: dt.datetime,
    stale_after: dt.timedelta,
) -> list[Verdict]:
    """The verdict of each rule on the fill, with the followers' state read in bulk."""
    if fill.event_type is LeaderEventType.SPLIT and market is not None and len(token_ids) == 2:
        return await split_verdicts(
            session,
            fill,
            rules,
            accounts,
            market,
            token_ids,
            context,
            global_halted=global_halted,
            now=now,
            stale_after=stale_after,
        )
    if fill.event_type is not LeaderEventType.TRADE:
        return await leader_event_verdicts(
            session, fill, rules, accounts, market, token_ids, global_halted=global_halted
        )
    if fill.side is None or not fill.token_id:
        return [_skip(SkipReason.NOT_A_TRADE, event_type=fill.event_type.value) for _ in rules]
    if market is None:
        return [_skip(SkipReason.UNKNOWN_MARKET, condition_id=fill.condition_id) for _ in rules]
    plans = _plans(rules, accounts)
    selling = fill.side is TradeSide.SELL
    states = await follower_states(
        session,
        plans,
        fill.leader_id,
        buys=() if selling else {market.condition_id},
        sells=token_ids if selling else (),
        now=now,
    )
    return await _trade_verdicts(
        session,
        fill,
        plans,
        states,
        market,
        token_ids,
        context,
        global_halted=global_halted,
        now=now,
        stale_after=stale_after,
    )


def _plain_trade(fill: LeaderFill, market: Market | None) -> bool:
    """A trade decided from the followers' state alone (what :func:`_trade_verdicts` takes)."""
    return (
        fill.event_type is LeaderEventType.TRADE
        and fill.side is not None
        and bool(fill.token_id)
        and market is not None
    )


async def _trade_verdicts(
    session: AsyncSession,
    fill: LeaderFill,
    plans: list[_Plan],
    states: FollowerStates,
    market: Market,
    token_ids: list[str],
    context: MarketContext,
    *,
    global_halted: bool,
    now: dt.datetime,
    stale_after: dt.timedelta,
) -> list[Verdict]:
    """Each plan's verdict on a leader trade, from states read before (:func:`_plain_trade`)."""
    token_id, side = fill.token_id or "", fill.side or TradeSide.BUY
    market_view = _market_view(market, token_ids, token_id, now)
    selling = side is TradeSide.SELL
    fill_view = FillView(
        side, token_id, fill.price_micros, fill.size_micros, fill.usdc_micros, fill.occurred_at
    )
    leader = _leader_view(
        context.leader_values.get(fill.leader_id),
        await leader_position_before(session, fill.leader_id, token_id, fill.id) if selling else 0,
    )
    if not selling:
        leader = await _with_median(session, fill, plans, leader)
    verdicts = []
    for plan in plans:
        traded = plan.traded(token_id, market_view.opposite_token_id)
        verdicts.append(
            evaluate(
                fill_view,
                plan.settings,
                plan.limits,
                states.view(
                    plan.account.id,
                    plan.rule.leader_id,
                    market.condition_id,
                    traded,
                    selling=selling,
                    rule=plan.settings,
                    limits=plan.limits,
                ),
                market_view,
                context.books.get(traded, BookView()),
                leader if selling else await _agreement(session, fill, plan, leader),
                States(
                    global_halted=global_halted,
                    account=plan.account.trading_state,
                    rule=plan.rule.status,
                ),
                now=now,
                stale_after=stale_after,
            )
        )
    return verdicts


async def split_verdicts(
    session: AsyncSession,
    fill: LeaderFill,
    rules: list[CopyRule],
    accounts: Mapping[int, FollowerAccount],
    market: Market,
    token_ids: list[str],
    context: MarketContext,
    *,
    global_halted: bool,
    now: dt.datetime,
    stale_after: dt.timedelta,
) -> list[Verdict]:
    """A leader's SPLIT of a two-outcome market, decided for each rule like a buy of the
    pUSD it split (``evaluate_split``); each copy becomes a pending split settlement."""
    plans = _plans(rules, accounts)
    states = await follower_states(
        session, plans, fill.leader_id, buys={market.condition_id}, sells=(), now=now
    )
    amount = fill.usdc_micros or fill.size_micros
    fill_view = FillView(TradeSide.BUY, token_ids[0], 0, fill.size_micros, amount, fill.occurred_at)
    market_view = _market_view(market, token_ids, token_ids[0], now)
    leader = await _with_median(
        session, fill, plans, _leader_view(context.leader_values.get(fill.leader_id))
    )
    verdicts = []
    for plan in plans:
        lots, pending = states.at_risk.get(plan.account.id, ([], []))
        held = {r.token_id for r in lots + pending}
        view = states.view(
            plan.account.id,
            fill.leader_id,
            market.condition_id,
            token_ids[0],
            selling=False,
            rule=plan.settings,
            limits=plan.limits,
        )
        verdicts.append(
            evaluate_split(
                fill_view,
                plan.settings,
                plan.limits,
                view,
                market_view,
                await _agreement(session, fill, plan, leader),
                States(
                    global_halted=global_halted,
                    account=plan.account.trading_state,
                    rule=plan.rule.status,
                ),
                new_positions=len(set(token_ids) - held),
                now=now,
                stale_after=stale_after,
            )
        )
    return await record_splits(session, fill, rules, verdicts, token_ids, context.books)


async def decide_fill(
    session: AsyncSession,
    fill: LeaderFill,
    context: MarketContext,
    *,
    now: dt.datetime,
    stale_after: dt.timedelta,
    only_rule_ids: Collection[int] | None = None,
    limit: int | None = None,
) -> Decided:
    """Decide the fill for every rule following its leader that has not decided it yet
    (or only for ``only_rule_ids``: a start-up mirror's position, for the new rule alone;
    or only the next ``limit`` of them: a fan-out decided a chunk per transaction, so the
    first copies can leave while the rest are decided).

    All of them in this one transaction, with bulk reads and inserts: a fan-out to thousands
    of followers is a few statements, not a few per follower. The fill is marked decided
    with its last decision, so a crash between chunks leaves it to be finished.
    """
    rules, more = await _rules_owed(session, fill, limit)
    if only_rule_ids is not None:
        rules = [rule for rule in rules if rule.id in only_rule_ids]
    [decided] = await _decide(
        session,
        [fill],
        await _locked_plans(session, rules),
        context,
        now=now,
        stale_after=stale_after,
        finished=not more,
    )
    return decided


async def _rules_owed(
    session: AsyncSession, fill: LeaderFill, limit: int | None
) -> tuple[list[CopyRule], bool]:
    """The rules that have not decided the fill, the first ``limit`` of them, and whether
    more are left after those."""
    following = CopyRuleRepository(session).following
    if limit is None:
        return list(await following(fill.leader_id)), False
    rules = list(await following(fill.leader_id, undecided=fill.id, limit=limit + 1))
    return rules[:limit], len(rules) > limit


async def _locked_plans(session: AsyncSession, rules: list[CopyRule]) -> list[_Plan]:
    """The rules' plans, their follower accounts locked in one statement (in id order, so
    two deciders cannot deadlock). Lock first, then look: a concurrent decider that got
    here earlier has committed."""
    accounts = await FollowerAccountRepository(session).lock_all(
        {rule.follower_account_id for rule in rules}
    )
    return _plans(rules, accounts)


async def decide_fills(
    session: AsyncSession,
    fills: Sequence[LeaderFill],
    context: MarketContext,
    run: Run,
    *,
    now: dt.datetime,
    stale_after: dt.timedelta,
    limit: int,
) -> Burst:
    """Decide the next of a leader's pending fills (in order) in this one transaction, about
    ``limit`` decisions in all: a fan-out's next chunk of rules, or as many fills as fit.

    The fills after the first see its copies as reservations, exactly as after its commit
    (:meth:`FollowerStates.reserve`); one that reads what a copy of ``run`` did at the venue
    is left for after those answers are booked (``wait``, ``copying/runs.py``).
    """
    first = fills[0]
    rules = list(await CopyRuleRepository(session).following(first.leader_id, limit=limit + 1))
    if len(rules) > limit:  # a fan-out: the rules of the first fill, a chunk at a time
        fills = [first]
        rules, more = await _rules_owed(session, first, limit)
    else:
        fills, more = fills[: max(1, limit // max(1, len(rules)))], False
    plans = await _locked_plans(session, rules)
    taken, wait = run.take(
        [FillKind(f.condition_id, f.event_type, f.side) for f in fills],
        stops_on_losses=any(plan.stops_on_losses for plan in plans),
    )
    fills = fills[:taken]
    if not fills:
        return Burst([], None, wait)
    decided = await _decide(
        session, fills, plans, context, now=now, stale_after=stale_after, finished=not more
    )
    unfinished = more and bool(decided[0].decisions)  # the next chunk is owed at once
    return Burst(decided, None if unfinished else fills[-1].id, wait)


async def _decide(
    session: AsyncSession,
    fills: Sequence[LeaderFill],
    plans: list[_Plan],
    context: MarketContext,
    *,
    now: dt.datetime,
    stale_after: dt.timedelta,
    finished: bool,
) -> list[Decided]:
    """Decide ``fills`` (one leader's, in order) for those of the locked ``plans`` that have
    not yet, and mark each decided (unless ``finished`` is False: rules are left; or an exit
    waits for the entries it sells). Plain trades are decided from one read of the
    followers' state, each fill's copies reserved for the fills after it; other fills read
    their own (:func:`decide_fills` gives leader events a transaction of their own)."""
    market_repo = MarketRepository(session)
    markets = {cid: await market_repo.get(cid) for cid in {f.condition_id for f in fills}}
    tokens: dict[str, list[str]] = {}
    for cid, market in markets.items():
        if market is not None:
            tokens[cid] = context.tokens.get(cid) or [
                t.token_id for t in await market_repo.tokens(cid)
            ]

    def tokens_of(fill: LeaderFill) -> list[str]:
        return tokens.get(fill.condition_id) or [fill.token_id or ""]

    global_halted = bool(
        (await SystemSettingRepository(session).get(GLOBAL_KILL_SWITCH)).get("on", False)
    )
    done = await DecisionRepository(session).decided_rules([fill.id for fill in fills])
    accounts = {plan.account.id: plan.account for plan in plans}
    owed = {fill.id: [p for p in plans if (fill.id, p.rule.id) not in done] for fill in fills}
    deferred: set[int] = set()
    buying: dict[str, set[int]] = {}  # by market: accounts whose entries are on their way
    for fill in fills:
        if fill.side is TradeSide.SELL and owed[fill.id]:
            # The shares a proportional exit would sell are still being bought: decide the
            # exit once they are booked (the fill stays undecided for those followers).
            if fill.condition_id not in buying:
                buying[fill.condition_id] = await OrderRepository(session).entries_pending(
                    set(accounts), fill.leader_id, tokens_of(fill)
                )
            if any(p.account.id in buying[fill.condition_id] for p in owed[fill.id]):
                deferred.add(fill.id)
                owed[fill.id] = [
                    p for p in owed[fill.id] if p.account.id not in buying[fill.condition_id]
                ]
    plain = [f for f in fills if owed[f.id] and _plain_trade(f, markets[f.condition_id])]
    plain_ids = {f.id for f in plain}
    states = await follower_states(
        session,
        list({p.rule.id: p for f in plain for p in owed[f.id]}.values()),
        fills[0].leader_id,
        buys={f.condition_id for f in plain if f.side is not TradeSide.SELL},
        sells={t for f in plain if f.side is TradeSide.SELL for t in tokens_of(f)},
        now=now,
    )
    verdicts: dict[int, list[Verdict]] = {}
    for fill in fills:
        todo, market = owed[fill.id], markets[fill.condition_id]
        if fill.id in plain_ids and market is not None:
            verdicts[fill.id] = await _trade_verdicts(
                session,
                fill,
                todo,
                states,
                market,
                tokens_of(fill),
                context,
                global_halted=global_halted,
                now=now,
                stale_after=stale_after,
            )
            for plan, verdict in zip(todo, verdicts[fill.id], strict=True):
                if verdict.intent is not None:
                    states.reserve(
                        plan.account.id, fill.leader_id, fill.condition_id, verdict.intent
                    )
        else:
            verdicts[fill.id] = await rule_verdicts(
                session,
                fill,
                [p.rule for p in todo],
                accounts,
                market,
                tokens_of(fill),
                context,
                global_halted=global_halted,
                now=now,
                stale_after=stale_after,
            )
        # A stop that fired holds the fills after this one too (as if decided one by one).
        for plan, verdict in zip(todo, verdicts[fill.id], strict=True):
            if verdict.stop is not None:
                target: CopyRule | FollowerAccount = (
                    plan.rule if verdict.stop.scope == "rule" else plan.account
                )
                await _set_state(
                    session, target, TradingState.REDUCING, verdict.stop.reason.value, actor="risk"
                )
    inserted = iter(
        await DecisionRepository(session).add_all(
            [
                _decision_row(fill, plan.rule, verdict)
                for fill in fills
                for plan, verdict in zip(owed[fill.id], verdicts[fill.id], strict=True)
            ]
        )
    )
    decisions = {fill.id: [next(inserted) for _ in owed[fill.id]] for fill in fills}
    copies = [
        (
            fill,
            [
                (decision, plan.rule, verdict.intent)
                for decision, plan, verdict in zip(
                    decisions[fill.id], owed[fill.id], verdicts[fill.id], strict=True
                )
                if verdict.intent is not None and markets[fill.condition_id] is not None
            ],
        )
        for fill in fills
    ]
    # The orders of all the fills are one insert; their events go with the commit, in one more.
    with session.no_autoflush:
        orders = await create_orders(session, copies)
    out = [
        Decided(decisions[fill.id], fill_orders, markets[fill.condition_id], fill.id)
        for (fill, _), fill_orders in zip(copies, orders, strict=True)
    ]
    if finished:
        await LeaderFillRepository(session).mark_decided(
            [fill.id for fill in fills if fill.id not in deferred], now
        )
    return out


def _decision_row(fill: LeaderFill, rule: CopyRule, verdict: Verdict) -> dict[str, Any]:
    intent = verdict.intent
    return {
        "leader_fill_id": fill.id,
        "copy_rule_id": rule.id,
        "rule_version": rule.version,
        "follower_account_id": rule.follower_account_id,
        "action": DecisionAction.COPY if intent else DecisionAction.SKIP,
        "reason": verdict.reason.value if verdict.reason else None,
        "side": intent.side if intent else None,
        "token_id": intent.token_id if intent else None,
        "limit_price_micros": _limit_price(verdict),
        "size_micros": intent.size_micros if intent else None,
        "amount_micros": intent.amount_micros if intent else None,
        "details": verdict.details,
    }


def _limit_price(verdict: Verdict) -> int | None:
    """The copy's limit price; for a skip, the limit it would have had (when it got that far)."""
    if verdict.intent is not None:
        return verdict.intent.limit_price_micros
    limit = verdict.details.get("limit_price_micros")
    return limit if isinstance(limit, int) else None


async def _set_state(
    session: AsyncSession,
    target: CopyRule | FollowerAccount,
    state: TradingState,
    reason: str | None,
    *,
    actor: str,
) -> None:
    if isinstance(target, CopyRule):
        before, target.status, target.status_reason = target.status, state, reason
        entity = "copy_rule"
    else:
        before, target.trading_state, target.state_reason = target.trading_state, state, reason
        entity = "follower_account"
    await AuditRepository(session).record(
        actor=actor,
        entity_type=entity,
        entity_id=target.id,
        action="state_changed",
        details={"from": before.value, "to": state.value, "reason": reason or ""},
    )


def validate_rule_settings(raw: Mapping[str, object]) -> RuleSettings:
    """Parse user input into settings, or a clear error naming the field; nothing is stored."""
    try:
        return RuleSettings.model_validate(dict(raw))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "settings"
        raise InvalidInputError(f"{where}: {first['msg'].removeprefix('Value error, ')}") from None


async def _consensus_reachable(
    session: AsyncSession, account_id: int, settings: RuleSettings, leader: str | None = None
) -> None:
    """Refuse a consensus over the account's followed leaders that asks for more of them
    than it follows (with ``leader``, the one this new rule adds)."""
    consensus = settings.consensus
    if consensus is None or consensus.wallets:
        return  # no consensus, or a listed group (``Consensus`` checks its size)
    followed = await CopyRuleRepository(session).followed_wallets(account_id)
    count = len(followed | ({leader} if leader else set()))
    if consensus.min_leaders > count:
        raise InvalidInputError(
            f"consensus.min_leaders: {consensus.min_leaders} is more than the {count} "
            "leaders this account follows"
        )


async def create_rule(
    session: AsyncSession,
    account: FollowerAccount,
    leader_wallet: str,
    settings: RuleSettings,
    *,
    actor: str,
    now: dt.datetime,
) -> CopyRule:
    """Follow a leader from now on (no history replay) under validated settings."""
    await _consensus_reachable(session, account.id, settings, normalise_wallet(leader_wallet))
    leader = await follow_wallet(session, leader_wallet, actor=actor)
    snapshot = settings.snapshot()
    rule = await CopyRuleRepository(session).add(
        CopyRule(
            follower_account_id=account.id,
            leader_id=leader.id,
            version=1,
            status=TradingState.ACTIVE,
            settings=snapshot,
        ),
        snapshot,
    )
    await SourceCursorRepository(session).advance(
        leader.id, FillSource.DATA_API, int(now.timestamp())
    )
    await AuditRepository(session).record(
        actor=actor, entity_type="copy_rule", entity_id=rule.id, action="created", details=snapshot
    )
    return rule


async def update_rule(
    session: AsyncSession, rule: CopyRule, settings: RuleSettings, *, actor: str
) -> CopyRule:
    """New settings make a new version; decisions keep naming the version they used."""
    await _consensus_reachable(session, rule.follower_account_id, settings)
    snapshot = settings.snapshot()
    rule.version += 1
    rule.settings = snapshot
    await CopyRuleRepository(session).add_version(rule, snapshot)
    await AuditRepository(session).record(
        actor=actor,
        entity_type="copy_rule",
        entity_id=rule.id,
        action="updated",
        details={"version": rule.version, **snapshot},
    )
    return rule


async def set_rule_state(
    session: AsyncSession, rule: CopyRule, state: TradingState, *, reason: str | None, actor: str
) -> None:
    """Pause (halt), resume (active) or limit a rule to exits (reducing)."""
    await _set_state(session, rule, state, reason, actor=actor)


async def set_account_state(
    session: AsyncSession,
    account: FollowerAccount,
    state: TradingState,
    *,
    reason: str | None,
    actor: str,
) -> None:
    """The account's kill switch (halted) and its resume (active)."""
    await _set_state(session, account, state, reason, actor=actor)


async def set_global_kill_switch(session: AsyncSession, on: bool, *, actor: str) -> None:
    await SystemSettingRepository(session).put(GLOBAL_KILL_SWITCH, {"on": on})
    await AuditRepository(session).record(
        actor=actor,
        entity_type="system",
        entity_id=GLOBAL_KILL_SWITCH,
        action="set",
        details={"on": on},
    )
