"""Vocabulary of notifications: what can be sent, and where a delivery stands."""

from __future__ import annotations

import enum


class NotificationEvent(enum.StrEnum):
    """Events a webhook or a channel can subscribe to."""

    ORDER_FILLED = "order.filled"  # an order filled (fully or partly, then done)
    ORDER_FAILED = "order.failed"  # rejected, expired, dead-lettered
    DECISION_SKIPPED = "decision.skipped"  # a leader fill was not copied, with the reason
    STATE_CHANGED = "state.changed"  # an account or rule was halted, paused or resumed
    LEADER_DRIFT = "leader.drift"  # a followed leader started or stopped drifting (per rule)
    PING = "ping"  # a test delivery asked for by the user
    # Alerts (``polycopy.alerts``): sent when a condition starts and, "resolved", when it ends.
    ALERT_DRAWDOWN = "alert.drawdown"
    ALERT_DAILY_LOSS = "alert.daily_loss"
    ALERT_TRACKING_ERROR = "alert.tracking_error"
    ALERT_LEADER_DRIFT = "alert.leader_drift"
    ALERT_CIRCUIT_BREAKER = "alert.circuit_breaker"
    ALERT_DEAD_LETTERS = "alert.dead_letters"
    ALERT_LOW_BALANCE = "alert.low_balance"
    ALERT_WORKER_DOWN = "alert.worker_down"
    ALERT_SOURCE_DOWN = "alert.source_down"


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"  # gave up after the last attempt


class DeliveryError(enum.StrEnum):
    """Why a delivery attempt failed, as the delivery log shows it: a category, never the
    receiver's or the network's own words (they could describe an internal service)."""

    REFUSED_DESTINATION = "refused_destination"  # an internal address: nothing was sent
    CONNECT_ERROR = "connect_error"  # no connection (refused, unresolvable, TLS)
    TIMEOUT = "timeout"
    NETWORK_ERROR = "network_error"  # the connection failed after the request went out
    HTTP_3XX = "http_3xx"  # a redirect: never followed
    HTTP_4XX = "http_4xx"
    HTTP_5XX = "http_5xx"
