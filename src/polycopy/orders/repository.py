from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from polycopy.models import Order, OrderEvent
from polycopy.orders.types import TERMINAL_STATUSES, OrderStatus
from polycopy.signals.types import TradeSide

SENDABLE = (OrderStatus.CREATED, OrderStatus.SIGNED)


class OrderRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, order: Order) -> Order:
        self.session.add(order)
        await self.session.flush()
        return order

    async def get(self, order_id: int) -> Order | None:
        return await self.session.get(Order, order_id)

    async def add_event(
        self,
        order: Order,
        from_status: OrderStatus | None,
        to_status: OrderStatus,
        details: dict[str, Any] | None = None,
    ) -> None:
        self.session.add(
            OrderEvent(
                order_id=order.id,
                from_status=from_status,
                to_status=to_status,
                details=details or {},
            )
        )
        await self.session.flush()

    async def claim_due(
        self, *, now: dt.datetime, owner: str, lease: dt.timedelta, limit: int
    ) -> Sequence[Order]:
        """Lease up to ``limit`` due orders to ``owner``.

        ``SKIP LOCKED`` lets many PostgreSQL workers claim disjoint rows; SQLite ignores it
        and relies on its single writer. An expired lease makes a dead worker's rows due.
        """
        entry = aliased(Order)
        # An exit waits for the entries it would sell: same account, leader and token.
        entry_open = (
            select(entry.id)
            .where(
                entry.follower_account_id == Order.follower_account_id,
                entry.leader_id == Order.leader_id,
                entry.token_id == Order.token_id,
                entry.side == TradeSide.BUY,
                entry.id < Order.id,
                entry.status.not_in(TERMINAL_STATUSES),
            )
            .exists()
        )
        stmt = (
            select(Order)
            .where(
                Order.status.in_(SENDABLE),
                or_(Order.next_attempt_at.is_(None), Order.next_attempt_at <= now),
                or_(Order.lease_expires_at.is_(None), Order.lease_expires_at < now),
                or_(Order.side == TradeSide.BUY, ~entry_open),
            )
            .order_by(Order.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        orders = (await self.session.scalars(stmt)).all()
        for order in orders:
            order.lease_owner = owner
            order.lease_expires_at = now + lease
        await self.session.flush()
        return orders

    async def in_flight(self, now: dt.datetime) -> Sequence[Order]:
        """Orders whose last send has no known outcome and no live worker holding them."""
        stmt = (
            select(Order)
            .where(
                Order.status.in_((OrderStatus.SUBMITTING, OrderStatus.UNKNOWN)),
                or_(Order.lease_expires_at.is_(None), Order.lease_expires_at < now),
            )
            .order_by(Order.id)
        )
        return (await self.session.scalars(stmt)).all()

    async def entries_pending(self, account_id: int, leader_id: int, token_ids: list[str]) -> bool:
        """Are buys for this leader in these tokens still on their way?"""
        found = await self.session.scalar(
            select(Order.id)
            .where(
                Order.follower_account_id == account_id,
                Order.leader_id == leader_id,
                Order.token_id.in_(token_ids),
                Order.side == TradeSide.BUY,
                Order.status.not_in(TERMINAL_STATUSES),
            )
            .limit(1)
        )
        return found is not None

    async def pending_sell_size(self, account_id: int, leader_id: int, token_id: str) -> int:
        """Shares already promised to open sell orders: not available to a new sell."""
        total = await self.session.scalar(
            select(func.coalesce(func.sum(Order.size_micros - Order.filled_size_micros), 0)).where(
                Order.follower_account_id == account_id,
                Order.leader_id == leader_id,
                Order.token_id == token_id,
                Order.side == TradeSide.SELL,
                Order.status.not_in(TERMINAL_STATUSES),
            )
        )
        return int(total or 0)
