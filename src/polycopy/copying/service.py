"""Decide every (leader fill, copy rule) pair exactly once: copy with an order, or skip.

The decision, its order (which is the exposure reservation) and any stop it fires are one
transaction taken with the follower account row locked, so concurrent workers can neither
decide a pair twice (unique constraint) nor break a limit together (they serialise on the
lock and each sees the other's reservations).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

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
)
from polycopy.copying.repository import CopyRuleRepository, DecisionRepository
from polycopy.copying.settings import AccountLimits, RuleSettings
from polycopy.copying.types import DecisionAction, SkipReason, TradingState
from polycopy.kit.errors import InvalidInputError
from polycopy.leaders.service import follow_wallet
from polycopy.markets.repository import MarketRepository
from polycopy.models import CopyRule, Decision, FollowerAccount, LeaderFill, Market
from polycopy.orders.repository import OrderRepository
from polycopy.orders.service import create_order
from polycopy.portfolio.exposure import drawdown
from polycopy.portfolio.repository import ExposureRepository, LotRepository
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
    leader_values: Mapping[int, int | None]  # leader id → portfolio value (proportional mode)


def _day_start(now: dt.datetime) -> dt.datetime:
    return now.astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)


async def follower_view(
    session: AsyncSession,
    account_id: int,
    leader_id: int,
    market: Market,
    token_id: str,
    *,
    selling: bool,
    rule: RuleSettings,
    limits: AccountLimits,
    now: dt.datetime,
) -> FollowerView:
    """The follower's state, reading only what this decision's limits look at.

    A fan-out decides the same fill for thousands of rules: a query no configured limit
    needs is a query saved thousands of times. Fields nobody reads stay 0.
    """
    exposure = ExposureRepository(session)
    if selling:
        held = await LotRepository(session).held_size(account_id, leader_id, token_id)
        promised = await OrderRepository(session).pending_sell_size(account_id, leader_id, token_id)
        return FollowerView(held_for_leader=max(0, held - promised))
    lots, pending = await exposure.at_risk(account_id)
    rows = lots + pending
    event_exposure = daily_spend = rule_pnl = account_pnl = rule_dd = account_dd = 0
    if rule.max_event_exposure_micros is not None:
        events = await exposure.event_keys({r.condition_id for r in rows} | {market.condition_id})
        event = events[market.condition_id]
        event_exposure = sum(r.amount_micros for r in rows if events[r.condition_id] == event)
    day = _day_start(now)
    if limits.max_daily_spend_micros is not None:
        daily_spend = await exposure.spent_since(account_id, day) + sum(
            r.amount_micros for r in pending
        )
    if rule.daily_loss_stop_micros is not None:
        rule_pnl = sum(await exposure.realized_pnls(account_id, leader_id=leader_id, since=day))
    if limits.daily_loss_stop_micros is not None:
        account_pnl = sum(await exposure.realized_pnls(account_id, since=day))
    if rule.drawdown_stop_micros is not None:
        rule_dd = drawdown(await exposure.realized_pnls(account_id, leader_id=leader_id))
    if limits.drawdown_stop_micros is not None:
        account_dd = drawdown(await exposure.realized_pnls(account_id))
    return FollowerView(
        market_exposure=sum(r.amount_micros for r in rows if r.condition_id == market.condition_id),
        event_exposure=event_exposure,
        leader_exposure=sum(r.amount_micros for r in rows if r.leader_id == leader_id),
        total_exposure=sum(r.amount_micros for r in rows),
        open_positions=len({r.token_id for r in rows}),
        holds_token=any(r.token_id == token_id for r in rows),
        daily_spend=daily_spend,
        rule_daily_pnl=rule_pnl,
        account_daily_pnl=account_pnl,
        rule_drawdown=rule_dd,
        account_drawdown=account_dd,
    )


async def _market_view(session: AsyncSession, market: Market, token_id: str) -> MarketView:
    tokens = await MarketRepository(session).tokens(market.condition_id)
    others = [t.token_id for t in tokens if t.token_id != token_id]
    return MarketView(
        tick_size_micros=market.tick_size_micros,
        min_order_size_micros=market.min_order_size_micros,
        closed=market.closed or not market.active,
        end_date=market.end_date,
        question=market.question,
        tags=frozenset(market.tags or ()),
        opposite_token_id=others[0] if len(tokens) == 2 and others else None,
    )


def _skip(reason: SkipReason, **details: int | str) -> Verdict:
    return Verdict(None, reason, dict(details))


async def _verdict(
    session: AsyncSession,
    fill: LeaderFill,
    rule: CopyRule,
    account: FollowerAccount,
    market: Market | None,
    context: MarketContext,
    *,
    global_halted: bool,
    now: dt.datetime,
    stale_after: dt.timedelta,
) -> Verdict:
    if fill.event_type is not LeaderEventType.TRADE or fill.side is None or not fill.token_id:
        return _skip(SkipReason.NOT_A_TRADE, event_type=fill.event_type.value)
    if market is None:
        return _skip(SkipReason.UNKNOWN_MARKET, condition_id=fill.condition_id)
    settings = RuleSettings.model_validate(rule.settings)
    limits = AccountLimits.model_validate(account.limits)
    market_view = await _market_view(session, market, fill.token_id)
    traded = (
        market_view.opposite_token_id
        if settings.inverse and market_view.opposite_token_id
        else fill.token_id
    )
    return evaluate(
        FillView(
            fill.side,
            fill.token_id,
            fill.price_micros,
            fill.size_micros,
            fill.usdc_micros,
            fill.occurred_at,
        ),
        settings,
        limits,
        await follower_view(
            session,
            account.id,
            rule.leader_id,
            market,
            traded,
            selling=fill.side is TradeSide.SELL,
            rule=settings,
            limits=limits,
            now=now,
        ),
        market_view,
        context.books.get(traded, BookView()),
        LeaderView(
            position_before_micros=await leader_position_before(
                session, fill.leader_id, fill.token_id, fill.id
            )
            if fill.side is TradeSide.SELL
            else 0,
            portfolio_value_micros=context.leader_values.get(fill.leader_id),
        ),
        States(global_halted=global_halted, account=account.trading_state, rule=rule.status),
        now=now,
        stale_after=stale_after,
    )


async def decide_fill(
    session: AsyncSession,
    fill: LeaderFill,
    context: MarketContext,
    *,
    now: dt.datetime,
    stale_after: dt.timedelta,
) -> list[Decision]:
    """Decide the fill for every rule following its leader that has not decided it yet."""
    rules = await CopyRuleRepository(session).following(fill.leader_id)
    market = await MarketRepository(session).get(fill.condition_id)
    decisions = DecisionRepository(session)
    accounts = FollowerAccountRepository(session)
    global_halted = bool(
        (await SystemSettingRepository(session).get(GLOBAL_KILL_SWITCH)).get("on", False)
    )
    decided = []
    deferred = False
    tokens = (
        [t.token_id for t in await MarketRepository(session).tokens(market.condition_id)]
        if market is not None
        else [fill.token_id or ""]
    )
    for rule in rules:
        # Lock first, then look: a concurrent decider that got here earlier has committed.
        account = await accounts.lock(rule.follower_account_id)
        if await decisions.exists(fill.id, rule.id):
            continue
        if fill.side is TradeSide.SELL and await OrderRepository(session).entries_pending(
            account.id, rule.leader_id, tokens
        ):
            # The shares a proportional exit would sell are still being bought: decide the
            # exit once they are booked (the fill stays undecided until then).
            deferred = True
            continue
        verdict = await _verdict(
            session,
            fill,
            rule,
            account,
            market,
            context,
            global_halted=global_halted,
            now=now,
            stale_after=stale_after,
        )
        intent = verdict.intent
        decision = await decisions.add(
            Decision(
                leader_fill_id=fill.id,
                copy_rule_id=rule.id,
                rule_version=rule.version,
                follower_account_id=account.id,
                action=DecisionAction.COPY if intent else DecisionAction.SKIP,
                reason=verdict.reason.value if verdict.reason else None,
                side=intent.side if intent else None,
                token_id=intent.token_id if intent else None,
                limit_price_micros=intent.limit_price_micros if intent else None,
                size_micros=intent.size_micros if intent else None,
                amount_micros=intent.amount_micros if intent else None,
                details=verdict.details,
            )
        )
        if intent is not None and market is not None:
            await create_order(session, decision, fill, rule, intent)
        if verdict.stop is not None:
            target: CopyRule | FollowerAccount = rule if verdict.stop.scope == "rule" else account
            await _set_state(
                session, target, TradingState.REDUCING, verdict.stop.reason.value, actor="risk"
            )
        decided.append(decision)
    if not deferred:
        await LeaderFillRepository(session).mark_decided(fill.id, now)
    return decided


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
