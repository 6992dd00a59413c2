"""Decide every (leader fill, copy rule) pair exactly once: copy with an order, or skip.

The decision, its order and the account lock are one transaction, so concurrent workers
can neither decide a pair twice (unique constraint) nor break a limit together (row lock).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.accounts.repository import FollowerAccountRepository
from polycopy.audit.repository import AuditRepository
from polycopy.copying.repository import CopyRuleRepository, DecisionRepository
from polycopy.copying.sizing import FillView, MarketView, RuleView, Sizing, size_fixed_amount
from polycopy.copying.types import AllocationMode, DecisionAction, RuleStatus, SkipReason
from polycopy.leaders.service import follow_wallet
from polycopy.markets.repository import MarketRepository
from polycopy.models import CopyRule, Decision, FollowerAccount, LeaderFill, Market
from polycopy.orders.repository import OrderRepository
from polycopy.orders.service import create_order
from polycopy.portfolio.repository import LotRepository
from polycopy.signals.repository import LeaderFillRepository, SourceCursorRepository
from polycopy.signals.types import FillSource, LeaderEventType


def _skip(reason: SkipReason, **details: int | str) -> Sizing:
    return Sizing(None, reason, dict(details))


async def _size(
    session: AsyncSession,
    fill: LeaderFill,
    rule: CopyRule,
    account: FollowerAccount,
    market: Market | None,
    *,
    now: dt.datetime,
    stale_after: dt.timedelta,
) -> Sizing:
    if rule.status is not RuleStatus.ACTIVE or account.kill_switch:
        return _skip(SkipReason.RULE_PAUSED)
    if fill.event_type is not LeaderEventType.TRADE or fill.side is None or not fill.token_id:
        return _skip(SkipReason.NOT_A_TRADE, event_type=fill.event_type.value)
    if market is None:
        return _skip(SkipReason.UNKNOWN_MARKET, condition_id=fill.condition_id)
    age = now - fill.occurred_at
    if fill.side.value == "BUY" and age > stale_after:
        return _skip(SkipReason.STALE, age_seconds=int(age.total_seconds()))
    held = 0
    if fill.side.value == "SELL":
        lots = LotRepository(session)
        pending = await OrderRepository(session).pending_sell_size(
            account.id, rule.leader_id, fill.token_id
        )
        held = max(0, await lots.held_size(account.id, rule.leader_id, fill.token_id) - pending)
    return size_fixed_amount(
        FillView(fill.side, fill.token_id, fill.price_micros, fill.size_micros),
        RuleView(rule.fixed_amount_micros or 0, rule.max_slippage_bps),
        MarketView(market.tick_size_micros, market.min_order_size_micros),
        held,
    )


async def decide_fill(
    session: AsyncSession, fill: LeaderFill, *, now: dt.datetime, stale_after: dt.timedelta
) -> list[Decision]:
    """Decide the fill for every rule following its leader that has not decided it yet."""
    rules = await CopyRuleRepository(session).following(fill.leader_id)
    market = await MarketRepository(session).get(fill.condition_id)
    decisions_repo = DecisionRepository(session)
    accounts = FollowerAccountRepository(session)
    decided = []
    for rule in rules:
        # Lock first, then look: a concurrent decider that got here earlier has committed.
        account = await accounts.lock(rule.follower_account_id)
        if await decisions_repo.exists(fill.id, rule.id):
            continue
        sizing = await _size(session, fill, rule, account, market, now=now, stale_after=stale_after)
        intent = sizing.intent
        decision = await decisions_repo.add(
            Decision(
                leader_fill_id=fill.id,
                copy_rule_id=rule.id,
                rule_version=rule.version,
                follower_account_id=account.id,
                action=DecisionAction.COPY if intent else DecisionAction.SKIP,
                reason=sizing.reason.value if sizing.reason else None,
                side=intent.side if intent else None,
                token_id=intent.token_id if intent else None,
                limit_price_micros=intent.limit_price_micros if intent else None,
                size_micros=intent.size_micros if intent else None,
                amount_micros=intent.amount_micros if intent else None,
                details=sizing.details,
            )
        )
        if intent is not None and market is not None:
            await create_order(session, decision, fill, rule, intent)
        decided.append(decision)
    await LeaderFillRepository(session).mark_decided(fill.id, now)
    return decided


async def create_fixed_rule(
    session: AsyncSession,
    account: FollowerAccount,
    leader_wallet: str,
    *,
    fixed_amount_micros: int,
    max_slippage_bps: int,
    actor: str,
    now: dt.datetime,
) -> CopyRule:
    """Follow a leader with fixed-amount copying, starting from now (no history replay)."""
    leader = await follow_wallet(session, leader_wallet, actor=actor)
    rule = CopyRule(
        follower_account_id=account.id,
        leader_id=leader.id,
        version=1,
        status=RuleStatus.ACTIVE,
        allocation_mode=AllocationMode.FIXED,
        fixed_amount_micros=fixed_amount_micros,
        max_slippage_bps=max_slippage_bps,
        limits={},
    )
    snapshot: dict[str, object] = {
        "allocation_mode": rule.allocation_mode.value,
        "fixed_amount_micros": fixed_amount_micros,
        "max_slippage_bps": max_slippage_bps,
        "limits": {},
    }
    await CopyRuleRepository(session).add(rule, snapshot)
    await SourceCursorRepository(session).advance(
        leader.id, FillSource.DATA_API, int(now.timestamp())
    )
    await AuditRepository(session).record(
        actor=actor, entity_type="copy_rule", entity_id=rule.id, action="created", details=snapshot
    )
    return rule
