"""A follower, leaders, markets and leader fills written straight to the database, for tests
of the decide and settlement paths that need no venue."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from polycopy.accounts.service import get_or_create_user, link_follower_account
from polycopy.accounts.types import AccountMode, Role
from polycopy.copying.service import create_rule
from polycopy.copying.settings import AccountLimits, RuleSettings
from polycopy.copying.types import DecisionAction
from polycopy.kit.db import Database
from polycopy.kit.money import MICRO
from polycopy.markets.repository import MarketRepository
from polycopy.models import CopyRule, Decision, FollowerAccount, LeaderFill, Order
from polycopy.orders.types import OrderStatus, OrderType
from polycopy.portfolio.service import book_fill
from polycopy.signals.types import FillSource, LeaderEventType, TradeSide
from polycopy.venues.base import VenueFill

NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)


def wallet() -> str:
    return "0x" + secrets.token_hex(20)


@dataclass(frozen=True, slots=True)
class Binary:
    condition_id: str
    yes: str
    no: str


async def add_market(db: Database, event_slug: str | None = None) -> Binary:
    market = Binary(
        "0x" + secrets.token_hex(32), str(secrets.randbits(64)), str(secrets.randbits(64))
    )
    async with db.transaction() as session:
        await MarketRepository(session).add_if_missing(
            {
                "condition_id": market.condition_id,
                "question": "Will it happen?",
                "event_slug": event_slug,
                "tick_size_micros": 10_000,
                "min_order_size_micros": 5 * MICRO,
                "tags": [],
                "neg_risk": False,
                "active": True,
                "closed": False,
                "created_at": NOW,
                "updated_at": NOW,
            },
            [
                {
                    "token_id": t,
                    "condition_id": market.condition_id,
                    "outcome": o,
                    "outcome_index": i,
                }
                for i, (t, o) in enumerate(((market.yes, "Yes"), (market.no, "No")))
            ],
        )
    return market


async def add_follower(db: Database, limits: AccountLimits | None = None) -> int:
    async with db.transaction() as session:
        user = await get_or_create_user(
            session, f"{secrets.token_hex(4)}@test.local", role=Role.USER, actor="test"
        )
        account = await link_follower_account(
            session,
            user=user,
            label="follower",
            mode=AccountMode.PAPER,
            wallet_address=wallet(),
            signer_address=wallet(),
            signature_type=0,
            encrypted_credentials=b"sealed",
            actor="test",
        )
        if limits is not None:
            account.limits = limits.snapshot()
        return account.id


async def add_rule(db: Database, account_id: int, leader: str, settings: RuleSettings) -> CopyRule:
    async with db.transaction() as session:
        account = await session.get(FollowerAccount, account_id)
        assert account is not None
        return await create_rule(session, account, leader, settings, actor="test", now=NOW)


async def add_fill(
    db: Database,
    leader_id: int,
    condition_id: str,
    token_id: str | None,
    *,
    side: TradeSide | None = TradeSide.BUY,
    size_micros: int = 20 * MICRO,
    price_micros: int = MICRO // 2,
    event_type: LeaderEventType = LeaderEventType.TRADE,
    at: dt.datetime = NOW,
) -> int:
    tx = "0x" + secrets.token_hex(32)
    async with db.transaction() as session:
        fill = LeaderFill(
            identity=f"{tx}:{event_type.value}",
            leader_id=leader_id,
            event_type=event_type,
            transaction_hash=tx,
            condition_id=condition_id,
            token_id=token_id,
            side=side,
            price_micros=price_micros,
            size_micros=size_micros,
            usdc_micros=size_micros * price_micros // MICRO,
            occurred_at=at,
            first_seen_at=at,
            first_source=FillSource.DATA_API,
        )
        session.add(fill)
        await session.flush()
        return fill.id


async def book(
    db: Database, rule: CopyRule, decision_id: int, market: Binary, fill: VenueFill
) -> None:
    """Book a venue fill of a (filled) order copied for the rule's leader."""
    async with db.transaction() as session:
        order = Order(
            idempotency_key=secrets.token_hex(16),
            decision_id=decision_id,
            follower_account_id=rule.follower_account_id,
            leader_id=rule.leader_id,
            condition_id=market.condition_id,
            token_id=fill.token_id,
            side=fill.side,
            order_type=OrderType.FOK,
            status=OrderStatus.FILLED,
            limit_price_micros=fill.price_micros,
            size_micros=fill.size_micros if fill.side is TradeSide.SELL else None,
            amount_micros=fill.amount_micros if fill.side is TradeSide.BUY else None,
        )
        session.add(order)
        await session.flush()
        assert await book_fill(session, order, fill) is not None


async def copy_decision(db: Database, rule: CopyRule, market: Binary) -> int:
    """A copy decision for the rule, for orders to hang from."""
    fill_id = await add_fill(db, rule.leader_id, market.condition_id, market.yes)
    async with db.transaction() as session:
        decision = Decision(
            leader_fill_id=fill_id,
            copy_rule_id=rule.id,
            rule_version=rule.version,
            follower_account_id=rule.follower_account_id,
            action=DecisionAction.COPY,
        )
        session.add(decision)
        await session.flush()
        return decision.id
