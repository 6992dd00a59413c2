"""Pipeline rows for API tests: leader fills, decisions, orders, and fills booked for real.

Fills go through ``polycopy.portfolio.service.book_fill`` (the accounting the executor uses),
so lots and realised PnL are the real thing, not hand-written numbers.
"""

from __future__ import annotations

import datetime as dt
import itertools

from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.copying.types import DecisionAction
from polycopy.models import CopyRule, Decision, LeaderFill, Order, OrderEvent
from polycopy.orders.types import OrderStatus, OrderType
from polycopy.portfolio.service import book_fill
from polycopy.signals.types import FillSource, LeaderEventType, TradeSide
from polycopy.venues.base import VenueFill

CONDITION = "0x" + "c1" * 32
TOKEN = "123"
_ids = itertools.count(1)


async def leader_fill(
    session: AsyncSession,
    leader_id: int,
    *,
    side: TradeSide,
    price_micros: int,
    size_micros: int,
    at: dt.datetime,
    token_id: str = TOKEN,
) -> LeaderFill:
    n = next(_ids)
    fill = LeaderFill(
        identity=f"seed-{n}",
        leader_id=leader_id,
        event_type=LeaderEventType.TRADE,
        transaction_hash="0x" + f"{n:064x}",
        condition_id=CONDITION,
        token_id=token_id,
        side=side,
        price_micros=price_micros,
        size_micros=size_micros,
        usdc_micros=price_micros * size_micros // 1_000_000,
        occurred_at=at,
        first_seen_at=at,
        first_source=FillSource.DATA_API,
    )
    session.add(fill)
    await session.flush()
    return fill


async def copied_buy(
    session: AsyncSession,
    rule_id: int,
    *,
    size_micros: int,
    at: dt.datetime,
    fee_micros: int = 0,
    status: OrderStatus = OrderStatus.FILLED,
) -> Order:
    """The usual copy in these tests: the leader buys at 0.40, the follower gets 0.41."""
    return await copied_trade(
        session,
        rule_id,
        side=TradeSide.BUY,
        leader_price_micros=400_000,
        price_micros=410_000,
        size_micros=size_micros,
        fee_micros=fee_micros,
        at=at,
        status=status,
    )


async def copied_trade(
    session: AsyncSession,
    rule_id: int,
    *,
    side: TradeSide,
    leader_price_micros: int,
    price_micros: int,
    size_micros: int,
    fee_micros: int,
    at: dt.datetime,
    status: OrderStatus = OrderStatus.FILLED,
) -> Order:
    """A leader fill, the copy decision, the order, and (unless not filled) its venue fill."""
    rule = await session.get(CopyRule, rule_id)
    assert rule is not None
    fill = await leader_fill(
        session,
        rule.leader_id,
        side=side,
        price_micros=leader_price_micros,
        size_micros=size_micros,
        at=at,
    )
    amount = price_micros * size_micros // 1_000_000
    decision = Decision(
        leader_fill_id=fill.id,
        copy_rule_id=rule.id,
        rule_version=rule.version,
        follower_account_id=rule.follower_account_id,
        action=DecisionAction.COPY,
        side=side,
        token_id=TOKEN,
        limit_price_micros=price_micros,
        amount_micros=amount if side is TradeSide.BUY else None,
        size_micros=size_micros if side is TradeSide.SELL else None,
    )
    session.add(decision)
    await session.flush()
    order = Order(
        idempotency_key=f"pc-seed-{next(_ids)}",
        decision_id=decision.id,
        follower_account_id=rule.follower_account_id,
        leader_id=rule.leader_id,
        condition_id=CONDITION,
        token_id=TOKEN,
        side=side,
        order_type=OrderType.FAK,
        status=status,
        limit_price_micros=price_micros,
        amount_micros=decision.amount_micros,
        size_micros=decision.size_micros,
        last_error="venue kept failing" if status is OrderStatus.DEAD_LETTERED else None,
    )
    session.add(order)
    await session.flush()
    session.add(OrderEvent(order_id=order.id, from_status=None, to_status=status))
    if status is OrderStatus.FILLED:
        await book_fill(
            session,
            order,
            VenueFill(
                venue_trade_id=f"t-{order.id}",
                token_id=TOKEN,
                side=side,
                price_micros=price_micros,
                size_micros=size_micros,
                amount_micros=amount,
                fee_micros=fee_micros,
                filled_at=at,
            ),
        )
    await session.flush()
    return order
