"""SQL for webhooks, deliveries, channels and the events they are made from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.copying.types import DecisionAction
from polycopy.kit.db import insert_ignore
from polycopy.models import (
    AuditEvent,
    CopyRule,
    Decision,
    FollowerAccount,
    NotificationChannel,
    Order,
    OrderEvent,
    Webhook,
    WebhookDelivery,
)
from polycopy.notifications.types import DeliveryStatus
from polycopy.orders.types import OrderStatus

NOTABLE_ORDER_STATUSES = (
    OrderStatus.FILLED,
    OrderStatus.REJECTED,
    OrderStatus.EXPIRED,
    OrderStatus.DEAD_LETTERED,
)

#: Audit actions that are notified: state changes, and leader drift (``leaders/drift_service``).
NOTIFIED_AUDIT = ("state_changed", "leader_drift")


class WebhookRepository:
    """A user's webhooks and channels; every read is scoped to ``user_id``."""

    def __init__(self, session: AsyncSession, user_id: int) -> None:
        self.session = session
        self.user_id = user_id

    async def add(self, row: Webhook | NotificationChannel) -> None:
        self.session.add(row)
        await self.session.flush()

    async def webhook(self, webhook_id: int) -> Webhook | None:
        return await self.session.scalar(
            select(Webhook).where(Webhook.id == webhook_id, Webhook.user_id == self.user_id)
        )

    async def webhooks(self, *, before: int | None, limit: int) -> Sequence[Webhook]:
        stmt = select(Webhook).where(Webhook.user_id == self.user_id)
        if before is not None:
            stmt = stmt.where(Webhook.id < before)
        return (await self.session.scalars(stmt.order_by(Webhook.id.desc()).limit(limit))).all()

    async def deliveries(
        self, webhook_id: int, *, before: int | None, limit: int
    ) -> Sequence[WebhookDelivery]:
        stmt = (
            select(WebhookDelivery)
            .join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
            .where(WebhookDelivery.webhook_id == webhook_id, Webhook.user_id == self.user_id)
        )
        if before is not None:
            stmt = stmt.where(WebhookDelivery.id < before)
        return (
            await self.session.scalars(stmt.order_by(WebhookDelivery.id.desc()).limit(limit))
        ).all()

    async def delete(self, row: Webhook | NotificationChannel) -> None:
        await self.session.delete(row)
        await self.session.flush()

    async def channel(self, channel_id: int) -> NotificationChannel | None:
        return await self.session.scalar(
            select(NotificationChannel).where(
                NotificationChannel.id == channel_id, NotificationChannel.user_id == self.user_id
            )
        )

    async def channels(self, *, before: int | None, limit: int) -> Sequence[NotificationChannel]:
        stmt = select(NotificationChannel).where(NotificationChannel.user_id == self.user_id)
        if before is not None:
            stmt = stmt.where(NotificationChannel.id < before)
        return (
            await self.session.scalars(stmt.order_by(NotificationChannel.id.desc()).limit(limit))
        ).all()


class DispatchRepository:
    """The dispatcher's view across users: new events, subscribers, due deliveries."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def heads(self) -> dict[str, int]:
        out = {}
        for name, column in (
            ("decision", Decision.id),
            ("order_event", OrderEvent.id),
            ("audit", AuditEvent.id),
        ):
            out[name] = int(await self.session.scalar(select(func.max(column))) or 0)
        return out

    async def decisions_after(
        self, after: int, limit: int
    ) -> tuple[list[tuple[Decision, int]], int]:
        """Skips among the next ``limit`` decisions (with their user), and the new cursor."""
        rows = (
            await self.session.execute(
                select(Decision, FollowerAccount.user_id)
                .join(FollowerAccount, FollowerAccount.id == Decision.follower_account_id)
                .where(Decision.id > after)
                .order_by(Decision.id)
                .limit(limit)
            )
        ).all()
        skips = [(r[0], int(r[1])) for r in rows if r[0].action == DecisionAction.SKIP]
        return skips, (rows[-1][0].id if rows else after)

    async def order_events_after(
        self, after: int, limit: int
    ) -> tuple[list[tuple[OrderEvent, Order, int]], int]:
        """Notable order transitions (filled, failed) with their user, and the new cursor."""
        rows = (
            await self.session.execute(
                select(OrderEvent, Order, FollowerAccount.user_id)
                .join(Order, Order.id == OrderEvent.order_id)
                .join(FollowerAccount, FollowerAccount.id == Order.follower_account_id)
                .where(OrderEvent.id > after)
                .order_by(OrderEvent.id)
                .limit(limit)
            )
        ).all()
        notable = [
            (r[0], r[1], int(r[2])) for r in rows if r[0].to_status in NOTABLE_ORDER_STATUSES
        ]
        return notable, (rows[-1][0].id if rows else after)

    async def state_changes_after(
        self, after: int, limit: int
    ) -> tuple[list[tuple[AuditEvent, int]], int]:
        """Account and rule state changes, and leader drift on a rule, with their user; and
        the new cursor."""
        events = (
            await self.session.scalars(
                select(AuditEvent).where(AuditEvent.id > after).order_by(AuditEvent.id).limit(limit)
            )
        ).all()
        out: list[tuple[AuditEvent, int]] = []
        for event in events:
            if event.action not in NOTIFIED_AUDIT or not event.entity_id.isdigit():
                continue
            owner = await self._owner(event.entity_type, int(event.entity_id))
            if owner is not None:
                out.append((event, owner))
        return out, (events[-1].id if events else after)

    async def _owner(self, entity_type: str, entity_id: int) -> int | None:
        stmt: Select[Any]
        if entity_type == "follower_account":
            stmt = select(FollowerAccount.user_id).where(FollowerAccount.id == entity_id)
        elif entity_type == "copy_rule":
            stmt = (
                select(FollowerAccount.user_id)
                .join(CopyRule, CopyRule.follower_account_id == FollowerAccount.id)
                .where(CopyRule.id == entity_id)
            )
        else:
            return None
        owner = await self.session.scalar(stmt)
        return int(owner) if owner is not None else None

    async def subscribed_webhooks(self, user_ids: set[int]) -> Sequence[Webhook]:
        if not user_ids:
            return []
        return (
            await self.session.scalars(
                select(Webhook).where(Webhook.user_id.in_(user_ids), Webhook.active.is_(True))
            )
        ).all()

    async def subscribed_channels(self, user_ids: set[int]) -> Sequence[NotificationChannel]:
        if not user_ids:
            return []
        return (
            await self.session.scalars(
                select(NotificationChannel).where(
                    NotificationChannel.user_id.in_(user_ids),
                    NotificationChannel.active.is_(True),
                )
            )
        ).all()

    async def enqueue(
        self, webhook_id: int, event_type: str, event_key: str, payload: dict[str, Any]
    ) -> None:
        """One delivery per webhook and event, however often the event is seen."""
        await insert_ignore(
            self.session,
            WebhookDelivery.__table__,
            {
                "webhook_id": webhook_id,
                "event_type": event_type,
                "event_key": event_key,
                "payload": payload,
                "status": DeliveryStatus.PENDING.value,
                "attempts": 0,
                "created_at": dt.datetime.now(dt.UTC),
            },
        )

    async def due(self, now: dt.datetime, limit: int) -> Sequence[tuple[WebhookDelivery, Webhook]]:
        stmt = (
            select(WebhookDelivery, Webhook)
            .join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
            .where(
                WebhookDelivery.status == DeliveryStatus.PENDING,
                or_(
                    WebhookDelivery.next_attempt_at.is_(None),
                    WebhookDelivery.next_attempt_at <= now,
                ),
            )
            .order_by(WebhookDelivery.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return [(r[0], r[1]) for r in await self.session.execute(stmt)]

    async def delivery(self, delivery_id: int) -> WebhookDelivery | None:
        return await self.session.get(WebhookDelivery, delivery_id)
