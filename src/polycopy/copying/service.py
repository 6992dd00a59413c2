"""Decide every (leader fill, copy rule) pair exactly once: copy with an order, or skip.

The decision, its order (which is the exposure reservation) and any stop it fires are one
transaction taken with the follower account row locked, so concurrent workers can neither
decide a pair twice (unique constraint) nor break a limit together (they serialise on the
lock and each sees the other's reservations).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.accounts.repository import FollowerAccountRepository
from polycopy.admin.repository import GLOBAL_KILL_SWITCH, SystemSettingRepository
from polycopy.audit.repository import AuditRepository
from polycopy.copying.evaluate import (
    BookView,
    FillView,
    FollowerView,
    LeaderView,
    MarketView,
    States,
    Verdict,
    evaluate,
    evaluate_split,
)
from polycopy.copying.leader_events import leader_event_verdicts, record_splits
from polycopy.copying.repository import CopyRuleRepository, DecisionRepository
from polycopy.copying.settings import AccountLimits, RuleSettings
from polycopy.copying.types import DecisionAction, LeaderValue, SkipReason, TradingState
from polycopy.kit.errors import InvalidInputError
from polycopy.leaders.service import follow_wallet
from polycopy.markets.repository import MarketRepository
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


@dataclass(frozen=True, slots=True)
class Decided:
    """What deciding a fill made in the caller's transaction: a decision per rule, and the
    order of each copy, due at once: the caller sends them itself or wakes the workers
    (``queue_orders``)."""

    decisions: list[Decision]
    orders: list[Order]
    market: Market | None  # the fill's, which the orders trade in


def _day_start(now: dt.datetime) -> dt.datetime:
    return now.astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)


@dataclass(frozen=True, slots=True)
class _Plan:
    """One rule about to decide the fill, with its parsed settings and the token it trades."""

    rule: CopyRule
    account: FollowerAccount
    settings: RuleSettings
    limits: AccountLimits
    traded: str


@dataclass(frozen=True, slots=True)
class FollowerStates:
    """The followers' state for one fill's decisions, read in bulk before deciding.

    A fan-out decides the same fill for thousands of rules: each read below is one statement
    for all of them, and a read no configured limit needs is not made. Exact because a
    follower has at most one rule per leader, so no decision of this fill changes the state
    another one reads (the accounts are locked while they are read and decided).
    """

    at_risk: Mapping[int, tuple[list[AtRisk], list[AtRisk]]] = field(default_factory=dict)
    events: Mapping[str, str] = field(default_factory=dict)
    spent_today: Mapping[int, int] = field(default_factory=dict)
    rule_pnls_today: Mapping[int, list[int]] = field(default_factory=dict)
    account_pnls_today: Mapping[int, list[int]] = field(default_factory=dict)
    rule_pnls: Mapping[int, list[int]] = field(default_factory=dict)
    account_pnls: Mapping[int, list[int]] = field(default_factory=dict)
    held: Mapping[tuple[int, str], int] = field(default_factory=dict)
    promised: Mapping[tuple[int, str], int] = field(default_factory=dict)

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
        lots, pending = self.at_risk.get(account_id, ([], []))
        rows = lots + pending
        event_exposure = daily_spend = 0
        if rule.max_event_exposure_micros is not None:
            event = self.events[condition_id]
            event_exposure = sum(
                r.amount_micros for r in rows if self.events[r.condition_id] == event
            )
        if limits.max_daily_spend_micros is not None:
            daily_spend = self.spent_today[account_id] + sum(r.amount_micros for r in pending)
        return FollowerView(
            market_exposure=sum(r.amount_micros for r in rows if r.condition_id == condition_id),
            event_exposure=event_exposure,
            leader_exposure=sum(r.amount_micros for r in rows if r.leader_id == leader_id),
            total_exposure=sum(r.amount_micros for r in rows),
            open_positions=len({r.token_id for r in rows}),
            holds_token=any(r.token_id == token_id for r in rows),
            daily_spend=daily_spend,
            rule_daily_pnl=sum(self.rule_pnls_today.get(account_id, [])),
            account_daily_pnl=sum(self.account_pnls_today.get(account_id, [])),
            rule_drawdown=drawdown(self.rule_pnls.get(account_id, [])),
            account_drawdown=drawdown(self.account_pnls.get(account_id, [])),
        )


async def follower_states(
    session: AsyncSession,
    plans: list[_Plan],
    leader_id: int,
    condition_id: str,
    token_ids: list[str],
    *,
    selling: bool,
    now: dt.datetime,
) -> FollowerStates:
    """Read, for all planned decisions at once, what their limits look at."""
    accounts = {plan.account.id for plan in plans}
    if not accounts:
        return FollowerStates()
    if selling:
        return FollowerStates(
            held=await LotRepository(session).held_sizes(accounts, leader_id, token_ids),
            promised=await OrderRepository(session).pending_sell_sizes(
                accounts, leader_id, token_ids
            ),
        )

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
        events = await MarketRepository(session).event_keys(held_markets | {condition_id})
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


def _market_view(market: Market, token_ids: list[str], token_id: str) -> MarketView:
    others = [t for t in token_ids if t != token_id]
    return MarketView(
        tick_size_micros=market.tick_size_micros,
        min_order_size_micros=market.min_order_size_micros,
        closed=market.closed or not market.active,
        end_date=market.end_date,
        question=market.question,
        tags=frozenset(market.tags or ()),
        opposite_token_id=others[0] if len(token_ids) == 2 and others else None,
    )


def _leader_view(value: LeaderValue | None, position_before: int = 0) -> LeaderView:
    return LeaderView(
        position_before_micros=position_before,
        portfolio_value_micros=value.micros if value is not None else None,
        value_source=value.source if value is not None else None,
    )


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
    market_view = _market_view(market, token_ids, fill.token_id)
    plans = []
    for rule in rules:
        settings = RuleSettings.model_validate(rule.settings)
        account = accounts[rule.follower_account_id]
        opposite = market_view.opposite_token_id
        plans.append(
            _Plan(
                rule,
                account,
                settings,
                AccountLimits.model_validate(account.limits),
                opposite if settings.inverse and opposite else fill.token_id,
            )
        )
    selling = fill.side is TradeSide.SELL
    states = await follower_states(
        session,
        plans,
        fill.leader_id,
        market.condition_id,
        token_ids,
        selling=selling,
        now=now,
    )
    fill_view = FillView(
        fill.side,
        fill.token_id,
        fill.price_micros,
        fill.size_micros,
        fill.usdc_micros,
        fill.occurred_at,
    )
    leader = _leader_view(
        context.leader_values.get(fill.leader_id),
        await leader_position_before(session, fill.leader_id, fill.token_id, fill.id)
        if selling
        else 0,
    )
    return [
        evaluate(
            fill_view,
            plan.settings,
            plan.limits,
            states.view(
                plan.account.id,
                plan.rule.leader_id,
                market.condition_id,
                plan.traded,
                selling=selling,
                rule=plan.settings,
                limits=plan.limits,
            ),
            market_view,
            context.books.get(plan.traded, BookView()),
            leader,
            States(
                global_halted=global_halted,
                account=plan.account.trading_state,
                rule=plan.rule.status,
            ),
            now=now,
            stale_after=stale_after,
        )
        for plan in plans
    ]


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
    plans = [
        _Plan(
            rule,
            accounts[rule.follower_account_id],
            RuleSettings.model_validate(rule.settings),
            AccountLimits.model_validate(accounts[rule.follower_account_id].limits),
            token_ids[0],
        )
        for rule in rules
    ]
    states = await follower_states(
        session, plans, fill.leader_id, market.condition_id, token_ids, selling=False, now=now
    )
    amount = fill.usdc_micros or fill.size_micros
    fill_view = FillView(TradeSide.BUY, token_ids[0], 0, fill.size_micros, amount, fill.occurred_at)
    market_view = _market_view(market, token_ids, token_ids[0])
    leader = _leader_view(context.leader_values.get(fill.leader_id))
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
                leader,
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
    following = CopyRuleRepository(session).following
    more = False
    if limit is not None:  # one more than the chunk: whether more are left after it
        rules = list(await following(fill.leader_id, undecided=fill.id, limit=limit + 1))
        rules, more = rules[:limit], len(rules) > limit
    else:
        rules = list(await following(fill.leader_id))
    if only_rule_ids is not None:
        rules = [rule for rule in rules if rule.id in only_rule_ids]
    market = await MarketRepository(session).get(fill.condition_id)
    global_halted = bool(
        (await SystemSettingRepository(session).get(GLOBAL_KILL_SWITCH)).get("on", False)
    )
    token_ids = (
        [t.token_id for t in await MarketRepository(session).tokens(market.condition_id)]
        if market is not None
        else [fill.token_id or ""]
    )
    # Lock first, then look: a concurrent decider that got here earlier has committed.
    accounts = await FollowerAccountRepository(session).lock_all(
        {rule.follower_account_id for rule in rules}
    )
    decisions = DecisionRepository(session)
    done = await decisions.decided_rules(fill.id)
    rules = [rule for rule in rules if rule.id not in done]
    deferred = False
    if fill.side is TradeSide.SELL and rules:
        # The shares a proportional exit would sell are still being bought: decide the exit
        # once they are booked (the fill stays undecided for those followers until then).
        buying = await OrderRepository(session).entries_pending(
            {rule.follower_account_id for rule in rules}, fill.leader_id, token_ids
        )
        deferred = bool(buying)
        rules = [rule for rule in rules if rule.follower_account_id not in buying]
    verdicts = await rule_verdicts(
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
    decided = await decisions.add_all(
        [
            {
                "leader_fill_id": fill.id,
                "copy_rule_id": rule.id,
                "rule_version": rule.version,
                "follower_account_id": rule.follower_account_id,
                "action": DecisionAction.COPY if verdict.intent else DecisionAction.SKIP,
                "reason": verdict.reason.value if verdict.reason else None,
                "side": verdict.intent.side if verdict.intent else None,
                "token_id": verdict.intent.token_id if verdict.intent else None,
                "limit_price_micros": _limit_price(verdict),
                "size_micros": verdict.intent.size_micros if verdict.intent else None,
                "amount_micros": verdict.intent.amount_micros if verdict.intent else None,
                "details": verdict.details,
            }
            for rule, verdict in zip(rules, verdicts, strict=True)
        ]
    )
    orders = []
    if market is not None:
        orders = await create_orders(
            session,
            fill,
            [
                (decision, rule, verdict.intent)
                for decision, rule, verdict in zip(decided, rules, verdicts, strict=True)
                if verdict.intent is not None
            ],
        )
    for rule, verdict in zip(rules, verdicts, strict=True):
        if verdict.stop is not None:
            account = accounts[rule.follower_account_id]
            target: CopyRule | FollowerAccount = rule if verdict.stop.scope == "rule" else account
            await _set_state(
                session, target, TradingState.REDUCING, verdict.stop.reason.value, actor="risk"
            )
    if not deferred and not more:
        await LeaderFillRepository(session).mark_decided(fill.id, now)
    return Decided(decided, orders, market)


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
