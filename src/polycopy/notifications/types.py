"""Vocabulary of notifications: what can be sent, and where a delivery stands."""

from __future__ import annotations

import enum


class NotificationEvent(enum.StrEnum):
    """Events a webhook or a channel can subscribe to."""

    ORDER_FILLED = "order.filled"  # an order filled (fully or partly, then done)
    ORDER_FAILED = "order.failed"  # rejected, expired, dead-lettered
    DECISION_SKIPPED = "decision.skipped"  # a leader fill was not copied, with the reason
    STATE_CHANGED = "state.changed"  # an account or rule was halted, paused or resumed
    PING = "ping"  # a test delivery asked for by the user


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"  # gave up after the last attempt
