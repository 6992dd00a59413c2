from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import event, func, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, aliased

from polycopy.models import Decision, Order, OrderEvent
from polycopy.orders.types import TERMINAL_STATUSES, OrderStatus
from polycopy.signals.types import TradeSide

SENDABLE = (OrderStatus.CREATED, OrderStatus.SIGNED)
_QUEUED_EVENTS = "polycopy.orders.queued_events"


@event.listens_for(Session, "before_commit")
def _write_queued_events(session: Session) -> None:
    """Write the order events queued in this transaction, just before it commits.

    Runs inside the commit (so the events and the orders' new state commit together); a
    transaction that rolls back never gets here and its queued events go with its session.
    """
    queued = session.info.pop(_QUEUED_EVENTS, None)
    if not queued:
        return
    session.flush()  # orders created in this transaction need their ids
    session.execute(
        insert(OrderEvent),
        [
            {
                "order_id": order.id,
                "from_status": from_status,
                "to_status": to_status,
                "details": details,
            }
            for order, from_status, to_status, details in queued
        ],
    )


class OrderRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_all(self, rows: list[dict[str, Any]]) -> dict[str, Order]:
        """Insert orders in one statement; returns them by idempotency key.

        A bulk INSERT ... RETURNING rather than ``add_all``: on SQLite the unit of work
        inserts rows that need their ids back one statement at a time.
        """
        if not rows:
            return {}
        inserted = await self.session.scalars(insert(Order).returning(Order), rows)
        return {order.idempotency_key: order for order in inserted.all()}

    async def get(self, order_id: int) -> Order | None:
        return await self.session.get(Order, order_id)

    async def get_all(self, order_ids: list[int]) -> dict[int, Order]:
        rows = await self.session.scalars(select(Order).where(Order.id.in_(order_ids)))
        return {order.id: order for order in rows.all()}

    async def leader_fill_ids(self, order_ids: Sequence[int]) -> dict[int, int]:
        """The leader fill each order copies (its correlation id in logs and traces)."""
        if not order_ids:
            return {}
        rows = await self.session.execute(
            select(Order.id, Decision.leader_fill_id)
            .join(Decision, Decision.id == Order.decision_id)
            .where(Order.id.in_(order_ids))
        )
        return dict(rows.all())

    def add_event(
        self,
        order: Order,
        from_status: OrderStatus | None,
        to_status: OrderStatus,
        details: dict[str, Any] | None = None,
    ) -> None:
        """Queue the event; the transaction writes its queued events when it commits, in
        one multi-row INSERT (an event per order and transition would be a statement each)."""
        queued = self.session.info.setdefault(_QUEUED_EVENTS, [])
        queued.append((order, from_status, to_status, details or {}))

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

    async def entries_pending(
        self, account_ids: set[int], leader_id: int, token_ids: list[str]
    ) -> set[int]:
        """The accounts whose buys for this leader in these tokens are still on their way."""
        rows = await self.session.scalars(
            select(Order.follower_account_id)
            .where(
                Order.follower_account_id.in_(account_ids),
                Order.leader_id == leader_id,
                Order.token_id.in_(token_ids),
                Order.side == TradeSide.BUY,
                Order.status.not_in(TERMINAL_STATUSES),
            )
            .distinct()
        )
        return set(rows.all())

    async def pending_sell_sizes(
        self, account_ids: set[int], leader_id: int, token_ids: list[str]
    ) -> dict[tuple[int, str], int]:
        """(account, token) → shares promised to open sell orders: not available to a new
        sell."""
        rows = await self.session.execute(
            select(
                Order.follower_account_id,
                Order.token_id,
                func.sum(Order.size_micros - Order.filled_size_micros),
            )
            .where(
                Order.follower_account_id.in_(account_ids),
                Order.leader_id == leader_id,
                Order.token_id.in_(token_ids),
                Order.side == TradeSide.SELL,
                Order.status.not_in(TERMINAL_STATUSES),
            )
            .group_by(Order.follower_account_id, Order.token_id)
        )
        return {(account_id, token): int(size or 0) for account_id, token, size in rows.all()}
