"""Notifications: turn pipeline events into signed webhook deliveries and apprise messages.

One round (``dispatch_round``) reads what happened since the last round (skips, fills and
failures of orders, halts and resumes), queues a delivery for every subscribed webhook (at
most one per webhook and event), sends apprise messages to subscribed channels, and sends
due deliveries. A failed delivery is retried with exponential backoff and, after the last
attempt, marked failed; the delivery log keeps every outcome. No database transaction is
held open while waiting on a receiver.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.admin.repository import SystemSettingRepository
from polycopy.copying.reasons import explain
from polycopy.kit.crypto import SecretBox
from polycopy.kit.db import Database
from polycopy.kit.money import micros_str
from polycopy.kit.outbound import OutboundClient, OutboundPolicy, RefusedDestinationError
from polycopy.models import Order
from polycopy.notifications.destinations import send_apprise
from polycopy.notifications.repository import DispatchRepository
from polycopy.notifications.signing import SIGNATURE_HEADER, sign
from polycopy.notifications.types import DeliveryError, DeliveryStatus, NotificationEvent
from polycopy.orders.outcome import CopyOutcome, describe, outcome_of
from polycopy.orders.types import OrderStatus

log = structlog.get_logger(__name__)

CURSOR_KEY = "notifications:cursor"
BATCH = 200
MAX_ATTEMPTS = 8
FIRST_RETRY = dt.timedelta(seconds=10)
LAST_RETRY = dt.timedelta(hours=1)
SEND_LEASE = dt.timedelta(minutes=2)
WEBHOOK_TIMEOUT_SECONDS = 10.0


def webhook_secret_context(webhook_id: int) -> str:
    return f"webhook:{webhook_id}"


def channel_url_context(channel_id: int) -> str:
    return f"notification_channel:{channel_id}"


def retry_delay(attempts: int) -> dt.timedelta:
    """Wait before the next attempt, after ``attempts`` failed ones (10 s, 20 s, ... 1 h)."""
    delay: dt.timedelta = FIRST_RETRY * 2 ** max(0, attempts - 1)
    return min(LAST_RETRY, delay)


@dataclass(frozen=True, slots=True)
class Notice:
    user_id: int
    event: NotificationEvent
    key: str  # unique per event, e.g. "decision:12"
    title: str
    body: str
    data: dict[str, Any] = field(default_factory=dict)


async def collect(session: AsyncSession) -> list[Notice]:
    """What happened since the last round; moves the cursor (history is never notified)."""
    settings = SystemSettingRepository(session)
    repo = DispatchRepository(session)
    cursor = await settings.get(CURSOR_KEY)
    if not cursor:
        await settings.put(CURSOR_KEY, await repo.heads())
        return []
    notices: list[Notice] = []
    skips, cursor["decision"] = await repo.decisions_after(cursor.get("decision", 0), BATCH)
    for decision, user_id in skips:
        numbers = {k: v for k, v in (decision.details or {}).items() if isinstance(v, int | str)}
        try:
            text = explain(decision.reason, numbers)
        except (KeyError, ValueError):
            text = decision.reason or "skipped"
        notices.append(
            Notice(
                user_id,
                NotificationEvent.DECISION_SKIPPED,
                f"decision:{decision.id}",
                "Leader fill not copied",
                text,
                {
                    "decision_id": decision.id,
                    "account_id": decision.follower_account_id,
                    "rule_id": decision.copy_rule_id,
                    "reason": decision.reason,
                    "explanation": text,
                },
            )
        )
    orders, cursor["order_event"] = await repo.order_events_after(
        cursor.get("order_event", 0), BATCH
    )
    for event, order, user_id in orders:
        filled = event.to_status is OrderStatus.FILLED
        title, text, outcome = order_notice(order, event.to_status)
        notices.append(
            Notice(
                user_id,
                NotificationEvent.ORDER_FILLED if filled else NotificationEvent.ORDER_FAILED,
                f"order_event:{event.id}",
                title,
                text,
                {
                    "order_id": order.id,
                    "account_id": order.follower_account_id,
                    "status": event.to_status.value,
                    "outcome": outcome,
                    "reason": order.last_error if not filled else None,
                    "explanation": text,
                    "side": order.side.value,
                    "token_id": order.token_id,
                    "filled_size_micros": order.filled_size_micros,
                    "filled_amount_micros": order.filled_amount_micros,
                },
            )
        )
    changes, cursor["audit"] = await repo.state_changes_after(cursor.get("audit", 0), BATCH)
    for audit, user_id in changes:
        details = audit.details or {}
        if audit.action == "leader_drift":
            notices.append(drift_notice(audit.id, user_id, int(audit.entity_id), details))
            continue
        notices.append(
            Notice(
                user_id,
                NotificationEvent.STATE_CHANGED,
                f"audit:{audit.id}",
                f"{audit.entity_type.replace('_', ' ').capitalize()} {details.get('to', '')}",
                f"{audit.entity_type.replace('_', ' ')} {audit.entity_id}: "
                f"{details.get('from', '')} → {details.get('to', '')}"
                + (f" ({details['reason']})" if details.get("reason") else ""),
                {
                    "entity_type": audit.entity_type,
                    "entity_id": audit.entity_id,
                    "from": details.get("from"),
                    "to": details.get("to"),
                    "reason": details.get("reason") or None,
                    "actor": audit.actor,
                },
            )
        )
    await settings.put(CURSOR_KEY, cursor)
    return notices


def drift_notice(audit_id: int, user_id: int, rule_id: int, details: dict[str, Any]) -> Notice:
    """A rule's leader started (or stopped) drifting: the words ``leaders/drift_service``
    recorded, with the numbers in them."""
    started = details.get("state") == "started"
    return Notice(
        user_id,
        NotificationEvent.LEADER_DRIFT,
        f"audit:{audit_id}",
        "Leader drifting" if started else "Leader drift over",
        str(details.get("text", "")),
        {
            "rule_id": rule_id,
            "leader_id": details.get("leader_id"),
            "episode": details.get("episode"),
            "state": details.get("state"),
            "action": details.get("action"),
            "signals": details.get("signals", []),
            "explanation": details.get("text"),
        },
    )


_TITLES = {
    CopyOutcome.FILLED: "Copy filled",
    CopyOutcome.PARTIALLY_FILLED: "Copy partly filled",
    CopyOutcome.KILLED: "Copy killed by the venue",
    CopyOutcome.EXPIRED: "Copy expired unfilled",
    CopyOutcome.REJECTED: "Copy refused",
    CopyOutcome.DEAD_LETTERED: "Copy could not be sent",
}


def order_notice(order: Order, status: OrderStatus) -> tuple[str, str, str | None]:
    """Title, text and outcome of an order's notable transition to ``status``: a killed,
    refused or unsent copy says so and why, never "filled"."""
    fallback = (
        f"Order {status.value}",
        f"{order.side.value} order {order.id}: {status.value}"
        + (f" ({order.last_error})" if order.last_error else ""),
        None,
    )
    result = outcome_of([order])
    if result is None or order.status is not status or result.outcome is CopyOutcome.PENDING:
        return fallback  # moved on since (a later round tells), or a step of a chain
    text = describe(
        result,
        side=order.side,
        amount_micros=order.amount_micros,
        size_micros=order.size_micros,
        limit_price_micros=order.limit_price_micros,
    ) or (
        f"Copied: {order.side.value.lower()} order {order.id} filled "
        f"{micros_str(order.filled_size_micros)} shares for "
        f"${micros_str(order.filled_amount_micros)}."
    )
    return _TITLES[result.outcome], text, result.outcome.value


async def fan_out(
    session: AsyncSession, box: SecretBox, notices: Sequence[Notice]
) -> list[tuple[str, Notice]]:
    """Queue webhook deliveries; return the (apprise URL, notice) messages to send now."""
    users = {n.user_id for n in notices}
    repo = DispatchRepository(session)
    hooks = await repo.subscribed_webhooks(users)
    channels = await repo.subscribed_channels(users)
    messages: list[tuple[str, Notice]] = []
    for notice in notices:
        for hook in hooks:
            if hook.user_id == notice.user_id and notice.event.value in hook.events:
                await repo.enqueue(hook.id, notice.event.value, notice.key, notice.data)
        for channel in channels:
            if channel.user_id == notice.user_id and notice.event.value in channel.events:
                url = box.decrypt(channel.encrypted_url, context=channel_url_context(channel.id))
                messages.append((url.decode(), notice))
    return messages


def delivery_body(event_key: str, event_type: str, created_at: dt.datetime, data: Any) -> bytes:
    return json.dumps(
        {"id": event_key, "type": event_type, "created_at": created_at.isoformat(), "data": data},
        separators=(",", ":"),
        sort_keys=True,
    ).encode()


@dataclass(frozen=True, slots=True)
class _Send:
    delivery_id: int
    url: str
    body: bytes
    secret: str
    event_type: str


def failure(status: int | None, exc: Exception | None) -> DeliveryError | None:
    """The delivery log's category of an attempt's outcome (None: delivered)."""
    if isinstance(exc, RefusedDestinationError):
        return DeliveryError.REFUSED_DESTINATION
    if isinstance(exc, httpx.TimeoutException):
        return DeliveryError.TIMEOUT
    if isinstance(exc, httpx.ConnectError):
        return DeliveryError.CONNECT_ERROR
    if exc is not None or status is None:
        return DeliveryError.NETWORK_ERROR
    if 200 <= status < 300:
        return None
    if status < 400:
        return DeliveryError.HTTP_3XX
    return DeliveryError.HTTP_4XX if status < 500 else DeliveryError.HTTP_5XX


async def send_due(
    db: Database, box: SecretBox, outbound: OutboundClient, *, now: dt.datetime, limit: int = 50
) -> int:
    """Send due deliveries; returns how many were delivered."""
    async with db.transaction() as session:
        sends = []
        for delivery, hook in await DispatchRepository(session).due(now, limit):
            secret = box.decrypt(hook.encrypted_secret, context=webhook_secret_context(hook.id))
            body = delivery_body(
                delivery.event_key, delivery.event_type, delivery.created_at, delivery.payload
            )
            sends.append(_Send(delivery.id, hook.url, body, secret.decode(), delivery.event_type))
            delivery.next_attempt_at = now + SEND_LEASE  # held while this round sends it
    outcomes: list[tuple[_Send, int | None, DeliveryError | None]] = []
    for item in sends:
        headers = {
            "content-type": "application/json",
            "user-agent": "polycopy-webhooks",
            SIGNATURE_HEADER: sign(item.secret, item.body, int(now.timestamp())),
            "Polycopy-Event": item.event_type,
            "Polycopy-Delivery": str(item.delivery_id),
        }
        try:
            response = await outbound.post(item.url, content=item.body, headers=headers)
            outcomes.append((item, response.status_code, failure(response.status_code, None)))
        except (RefusedDestinationError, httpx.HTTPError) as exc:
            outcomes.append((item, None, failure(None, exc)))
    delivered = 0
    async with db.transaction() as session:
        repo = DispatchRepository(session)
        for item, status, error in outcomes:
            found = await repo.delivery(item.delivery_id)
            if found is None:  # the webhook was deleted meanwhile
                continue
            delivery = found
            delivery.attempts += 1
            delivery.last_status_code = status
            delivery.last_error = error.value if error is not None else None
            if error is None:
                delivered += 1
                delivery.status = DeliveryStatus.DELIVERED
                delivery.delivered_at = now
                delivery.next_attempt_at = None
            elif delivery.attempts >= MAX_ATTEMPTS:
                delivery.status = DeliveryStatus.FAILED
                delivery.next_attempt_at = None
            else:
                delivery.next_attempt_at = now + retry_delay(delivery.attempts)
            log.info(
                "webhook_delivery",
                delivery_id=delivery.id,
                status=delivery.status.value,
                http_status=status,
                error=delivery.last_error,
                attempts=delivery.attempts,
            )
    return delivered


@dataclass(frozen=True, slots=True)
class RoundResult:
    notices: int
    messages_sent: int
    deliveries_sent: int


async def dispatch_round(
    db: Database,
    box: SecretBox,
    outbound: OutboundClient,
    *,
    now: dt.datetime,
) -> RoundResult:
    async with db.transaction() as session:
        notices = await collect(session)
        messages = await fan_out(session, box, notices)
    sent = await send_messages(messages, outbound.policy)
    delivered = await send_due(db, box, outbound, now=now)
    return RoundResult(len(notices), sent, delivered)


async def send_messages(messages: Sequence[tuple[str, Notice]], policy: OutboundPolicy) -> int:
    """Send apprise messages (outside any transaction); returns how many were sent."""
    sent = 0
    for url, notice in messages:
        try:
            sent += await send_apprise(url, notice.title, notice.body, policy)
        except Exception:  # a broken channel must not stop the others
            log.warning("notification_failed", event=notice.event.value, exc_info=True)
    return sent


async def run_dispatcher(
    db: Database, box: SecretBox, *, interval: float, policy: OutboundPolicy
) -> None:
    """Dispatch rounds until cancelled (``polycopy serve`` runs one; one is enough)."""
    async with OutboundClient(policy, WEBHOOK_TIMEOUT_SECONDS) as outbound:
        while True:
            try:
                await dispatch_round(db, box, outbound, now=dt.datetime.now(dt.UTC))
            except Exception:  # the next round tries again; the error is in the log
                log.warning("notification_round_failed", exc_info=True)
            await asyncio.sleep(interval)
