from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, event, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, aliased

from polycopy.accounts.types import AccountMode
from polycopy.models import (
    CopyRule,
    Decision,
    ExchangeFill,
    FollowerAccount,
    Lot,
    Order,
    OrderEvent,
    PositionBaseline,
    TradesCursor,
)
from polycopy.orders.types import TERMINAL_STATUSES, OrderStatus, OrderType
from polycopy.signals.types import TradeSide

SENDABLE = (OrderStatus.CREATED, OrderStatus.SIGNED)
#: Sent, and the outcome not known: a look-up by hash decides.
UNANSWERED = (OrderStatus.SUBMITTING, OrderStatus.UNKNOWN)
# Built once: an alias of a mapped class costs a proxy per column.
_CANDIDATE = aliased(Order, name="candidate")
_ENTRY = aliased(Order, name="entry")
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
        # render_nulls: a first event (no from_status) goes in the same statement as the rest.
        insert(OrderEvent).execution_options(render_nulls=True),
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

    async def chains(self, decision_ids: Sequence[int]) -> dict[int, list[Order]]:
        """Each decision's orders (the first one and its replacements), oldest first."""
        chains: dict[int, list[Order]] = {}
        if not decision_ids:
            return chains
        stmt = select(Order).where(Order.decision_id.in_(decision_ids)).order_by(Order.id)
        for order in (await self.session.scalars(stmt)).all():
            chains.setdefault(order.decision_id, []).append(order)
        return chains

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
    ) -> list[Order]:
        """Lease up to ``limit`` due orders to ``owner`` (one ``UPDATE ... RETURNING``).

        ``SKIP LOCKED`` lets many PostgreSQL workers claim disjoint rows; SQLite ignores it
        and relies on its single writer. An expired lease makes a dead worker's rows due.
        """
        candidate, entry = _CANDIDATE, _ENTRY
        # An exit waits for the entries it would sell: same account, leader and token.
        entry_open = (
            select(entry.id)
            .where(
                entry.follower_account_id == candidate.follower_account_id,
                entry.leader_id == candidate.leader_id,
                entry.token_id == candidate.token_id,
                entry.side == TradeSide.BUY,
                entry.id < candidate.id,
                entry.status.not_in(TERMINAL_STATUSES),
            )
            .exists()
        )
        due = (
            select(candidate.id)
            .where(
                candidate.status.in_(SENDABLE),
                or_(candidate.next_attempt_at.is_(None), candidate.next_attempt_at <= now),
                or_(candidate.lease_expires_at.is_(None), candidate.lease_expires_at < now),
                or_(candidate.side == TradeSide.BUY, ~entry_open),
            )
            .order_by(candidate.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        claimed = await self.session.scalars(
            update(Order)
            .where(Order.id.in_(due))
            .values(lease_owner=owner, lease_expires_at=now + lease)
            .returning(Order),
            execution_options={"populate_existing": True},
        )
        return sorted(claimed.all(), key=lambda order: order.id)

    async def working(self) -> Sequence[Order]:
        """Orders watched after their send (``orders/resting.py``): GTC/GTD orders not
        final yet (those still on their way keep their account's heartbeats up), and FAK
        orders whose unfilled rest the venue killed, waiting for the remainder policy."""
        stmt = (
            select(Order)
            .where(
                or_(
                    and_(
                        Order.order_type.in_((OrderType.GTC, OrderType.GTD)),
                        # IN, not NOT IN: the status index finds the few unfinished rows.
                        Order.status.in_([s for s in OrderStatus if s not in TERMINAL_STATUSES]),
                    ),
                    and_(
                        Order.order_type == OrderType.FAK,
                        Order.status == OrderStatus.PARTIALLY_FILLED,
                    ),
                )
            )
            .order_by(Order.id)
        )
        return (await self.session.scalars(stmt)).all()

    async def lock(self, order_id: int) -> Order | None:
        """The order, row-locked until the transaction ends (PostgreSQL)."""
        stmt = select(Order).where(Order.id == order_id).with_for_update()
        return (await self.session.scalars(stmt)).one_or_none()

    async def unsent(self, account_id: int, now: dt.datetime) -> Sequence[Order]:
        """The account's orders not sent (or refused before the book) and leased by no live
        worker, locked; rows another transaction holds are skipped, not waited for."""
        stmt = (
            select(Order)
            .where(
                Order.follower_account_id == account_id,
                Order.status.in_(SENDABLE),
                or_(Order.lease_expires_at.is_(None), Order.lease_expires_at < now),
            )
            .order_by(Order.id)
            .with_for_update(skip_locked=True)
        )
        return (await self.session.scalars(stmt)).all()

    async def lease_in_flight(
        self, *, now: dt.datetime, owner: str, lease: dt.timedelta
    ) -> list[Order]:
        """Lease to ``owner`` the orders whose last send has no known outcome and that no
        live worker holds (one ``UPDATE ... RETURNING``; rows another transaction holds are
        skipped): while ``owner`` looks them up, no other worker does."""
        candidates = (
            select(Order.id)
            .where(
                Order.status.in_(UNANSWERED),
                or_(Order.lease_expires_at.is_(None), Order.lease_expires_at < now),
            )
            .with_for_update(skip_locked=True)
        )
        leased = await self.session.scalars(
            update(Order)
            .where(Order.id.in_(candidates))
            .values(lease_owner=owner, lease_expires_at=now + lease)
            .returning(Order),
            execution_options={"populate_existing": True},
        )
        return sorted(leased.all(), key=lambda order: order.id)

    async def lock_all(self, order_ids: Sequence[int]) -> dict[int, Order]:
        """The orders, read afresh and row-locked until the transaction ends (PostgreSQL;
        SQLite serialises writers), in id order so that two lockers never deadlock."""
        stmt = (
            select(Order)
            .where(Order.id.in_(order_ids))
            .order_by(Order.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return {order.id: order for order in (await self.session.scalars(stmt)).all()}

    async def release(self, order_ids: Sequence[int], owner: str) -> None:
        """Give back the leases ``owner`` still holds on these orders."""
        await self.session.execute(
            update(Order)
            .where(Order.id.in_(order_ids), Order.lease_owner == owner)
            .values(lease_owner=None, lease_expires_at=None)
        )

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


class ReconciliationRepository:
    """What fill and position reconciliation reads and keeps (``orders/reconciliation.py``)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def accounts_with_orders(self, active_since: dt.datetime) -> set[int]:
        """Accounts with an order not final yet, or one that changed since ``active_since``."""
        rows = await self.session.scalars(
            select(Order.follower_account_id)
            .where(or_(Order.status.not_in(TERMINAL_STATUSES), Order.updated_at >= active_since))
            .distinct()
        )
        return set(rows.all())

    async def accounts_to_check(self) -> dict[int, str]:
        """Account → wallet, for every non-paper account with a copy rule."""
        rows = await self.session.execute(
            select(FollowerAccount.id, FollowerAccount.wallet_address)
            .join(CopyRule, CopyRule.follower_account_id == FollowerAccount.id)
            .where(FollowerAccount.mode != AccountMode.PAPER, CopyRule.deleted_at.is_(None))
            .distinct()
        )
        return {int(account_id): str(wallet) for account_id, wallet in rows.all()}

    async def cursor(self, account_id: int) -> int | None:
        row = await self.session.get(TradesCursor, account_id)
        return row.after if row is not None else None

    async def set_cursor(self, account_id: int, after: int) -> None:
        row = await self.session.get(TradesCursor, account_id)
        if row is None:
            self.session.add(TradesCursor(follower_account_id=account_id, after=after))
        else:
            row.after = after
        await self.session.flush()

    async def oldest_active_order(self, account_id: int, since: dt.datetime) -> dt.datetime | None:
        """When the account's oldest order not final, or changed since ``since``, was made."""
        return await self.session.scalar(
            select(func.min(Order.created_at)).where(
                Order.follower_account_id == account_id,
                or_(Order.status.not_in(TERMINAL_STATUSES), Order.updated_at >= since),
            )
        )

    async def orders_by_hash(
        self,
        account_id: int,
        hashes: set[str],
        *,
        lock_unless: frozenset[OrderStatus] | None = None,
    ) -> dict[str, Order]:
        """The account's orders with these hashes. With ``lock_unless``, only those in none
        of these statuses, locked and read afresh: two reconcilers book an order's trades one
        after the other, and orders the executor is settling are neither locked nor waited
        for."""
        if not hashes:
            return {}
        stmt = select(Order).where(
            Order.follower_account_id == account_id, Order.order_hash.in_(hashes)
        )
        if lock_unless is not None:
            stmt = (
                stmt.where(Order.status.not_in(lock_unless))
                .with_for_update()
                .execution_options(populate_existing=True)
            )
        rows = await self.session.scalars(stmt.order_by(Order.id))
        return {order.order_hash or "": order for order in rows.all()}

    async def fills_of(self, order_ids: list[int]) -> dict[int, list[ExchangeFill]]:
        fills: dict[int, list[ExchangeFill]] = {order_id: [] for order_id in order_ids}
        if order_ids:
            rows = await self.session.scalars(
                select(ExchangeFill).where(ExchangeFill.order_id.in_(order_ids))
            )
            for fill in rows.all():
                fills[fill.order_id].append(fill)
        return fills

    async def held(self, account_id: int) -> dict[str, int]:
        """Token → shares the account's open lots hold."""
        rows = await self.session.execute(
            select(Lot.token_id, func.sum(Lot.remaining_size_micros))
            .where(Lot.follower_account_id == account_id, Lot.remaining_size_micros > 0)
            .group_by(Lot.token_id)
        )
        return {token: int(size or 0) for token, size in rows.all()}

    async def traded_tokens(self, account_id: int) -> set[str]:
        """Tokens any order of polycopy traded or tried to trade for the account."""
        rows = await self.session.scalars(
            select(Order.token_id).where(Order.follower_account_id == account_id).distinct()
        )
        return set(rows.all())

    async def busy_tokens(self, account_id: int, since: dt.datetime) -> set[str]:
        """Tokens with an order of the account not final yet, or changed since ``since``."""
        rows = await self.session.scalars(
            select(Order.token_id)
            .where(
                Order.follower_account_id == account_id,
                or_(Order.status.not_in(TERMINAL_STATUSES), Order.updated_at >= since),
            )
            .distinct()
        )
        return set(rows.all())

    async def baselines(self, account_id: int) -> dict[str, PositionBaseline]:
        rows = await self.session.scalars(
            select(PositionBaseline).where(PositionBaseline.follower_account_id == account_id)
        )
        return {row.token_id: row for row in rows.all()}

    async def raised_drifts(self, account_id: int) -> list[PositionBaseline]:
        """The account's drifts raised and not yet acknowledged, by token."""
        rows = await self.session.scalars(
            select(PositionBaseline)
            .where(
                PositionBaseline.follower_account_id == account_id,
                PositionBaseline.alerted_micros.is_not(None),
            )
            .order_by(PositionBaseline.token_id)
        )
        return list(rows.all())

    def add_baseline(self, account_id: int, token_id: str) -> PositionBaseline:
        row = PositionBaseline(follower_account_id=account_id, token_id=token_id, baseline_micros=0)
        self.session.add(row)
        return row

    async def rules_trading(self, account_id: int, token_id: str) -> list[CopyRule]:
        """The account's rules whose leader polycopy placed orders in this token for."""
        leaders = (
            select(Order.leader_id)
            .where(Order.follower_account_id == account_id, Order.token_id == token_id)
            .distinct()
        )
        rows = await self.session.scalars(
            select(CopyRule)
            .where(
                CopyRule.follower_account_id == account_id,
                CopyRule.leader_id.in_(leaders),
                CopyRule.deleted_at.is_(None),
            )
            .order_by(CopyRule.id)
        )
        return list(rows.all())
