"""Every way a Polymarket call can fail, as typed exceptions.

``retryable`` separates what may succeed if the same request is sent again (rate limits,
5xx, a venue pausing, a dropped connection) from what never will (bad signature, no
balance or allowance, a geoblocked region, an order the rules refuse). Callers branch on
the type or on ``retryable``, never on message text: the text is matched once, here.
"""

from __future__ import annotations

import re

from polycopy.kit.errors import PolycopyError


class VenueError(PolycopyError):
    """A venue call failed; ``retryable`` says whether the same request may be tried again."""

    code = "venue_error"
    retryable = False

    def __init__(
        self, message: str, *, status: int | None = None, retryable: bool | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.payload: object = None  # the venue's parsed error body, when it sent JSON
        if retryable is not None:
            self.retryable = retryable


# --- retryable --------------------------------------------------------------------------


class VenueUnavailableError(VenueError):
    """The request was not sent (connection refused, DNS, pool timeout): safe to resend."""

    code = "venue_unavailable"
    retryable = True


class VenueTimeoutError(VenueError):
    """The request may or may not have reached the venue: its outcome is unknown."""

    code = "venue_timeout"
    retryable = True


class RateLimitedError(VenueError):
    """HTTP 429; ``retry_after`` is the venue's ``Retry-After`` in seconds, when it sent one."""

    code = "rate_limited"
    retryable = True

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message, status=429)
        self.retry_after = retry_after


class VenueServerError(VenueError):
    """5xx, or 425 (matching engine restarting): the venue failed, not the request."""

    code = "venue_server_error"
    retryable = True


class TradingPausedError(VenueError):
    """The exchange only accepts cancels (or post-only orders) for now (503)."""

    code = "trading_paused"
    retryable = True


# --- permanent --------------------------------------------------------------------------


class MalformedResponseError(VenueError):
    """The venue answered, but not with the shape its API promises (or truncated)."""

    code = "malformed_response"


class InvalidRequestError(VenueError):
    """HTTP 400 or another 4xx for a request the venue will not accept as sent."""

    code = "invalid_request"


class NotFoundError(VenueError):
    code = "not_found"


class AuthenticationError(VenueError):
    """401: API key, passphrase or L1/L2 signature refused."""

    code = "unauthorized"


class GeoblockedError(VenueError):
    """403: trading is not available from this region (Polymarket's geoblock)."""

    code = "geoblocked"


class ClosedOnlyError(VenueError):
    """The account may only close positions (``/auth/ban-status/closed-only``)."""

    code = "closed_only"


class OrderRejectedError(VenueError):
    """The exchange refused an order; subclasses name the rule it broke."""

    code = "order_rejected"


class OrderKilledError(OrderRejectedError):
    """A fill-or-kill order could not fill completely, or a fill-and-kill order found
    nothing to match at its limit: the venue killed it (the book moved)."""

    code = "order_killed"


class InsufficientBalanceError(OrderRejectedError):
    """Not enough pUSD (or shares), or no allowance for the exchange contracts."""

    code = "insufficient_balance"


class InvalidSignatureError(OrderRejectedError):
    """The order signature does not verify (often a wrong signature type or funder)."""

    code = "invalid_signature"


class MinimumSizeError(OrderRejectedError):
    code = "below_minimum_size"


class TickSizeError(OrderRejectedError):
    code = "invalid_tick_size"


class DuplicateOrderError(OrderRejectedError):
    """The exchange already has an order with this hash."""

    code = "duplicate_order"


class OrderVersionMismatchError(OrderRejectedError):
    """The order was signed for another exchange version (V1 fields, wrong domain)."""

    code = "order_version_mismatch"


#: (pattern in the venue's error text or code, exception), first match wins.
_ORDER_RULES: tuple[tuple[re.Pattern[str], type[VenueError]], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), kind)
    for pattern, kind in (
        (r"order_version_mismatch", OrderVersionMismatchError),
        (
            r"fully filled or killed|partially filled or killed|FOK_ORDER_NOT_FILLED",
            OrderKilledError,
        ),
        (
            r"not enough balance|allowance|INVALID_ORDER_NOT_ENOUGH_BALANCE",
            InsufficientBalanceError,
        ),
        (r"invalid signature|INVALID_SIGNATURE", InvalidSignatureError),
        (r"lower than the minimum|INVALID_ORDER_MIN_SIZE", MinimumSizeError),
        (r"duplicated|INVALID_ORDER_DUPLICATED", DuplicateOrderError),
        (r"tick size|INVALID_ORDER_MIN_TICK_SIZE", TickSizeError),
        (r"closed.only", ClosedOnlyError),
        (
            r"restricted in your region|geoblock|not available in your (country|region)",
            GeoblockedError,
        ),
        (r"post.only mode|cancel.only|post_only_mode", TradingPausedError),
    )
)


def classify(
    detail: str, *, status: int | None, context: str = "", retry_after: float | None = None
) -> VenueError:
    """The typed error for a venue answer: HTTP ``status`` (None for an order the venue
    answered with ``success: false``) and the venue's error text or code in ``detail``."""
    where = f"{context} -> {status}: " if context and status is not None else ""
    message = f"{where}{detail}" if where else (f"{context}: {detail}" if context else detail)
    if status == 429:
        return RateLimitedError(message, retry_after=retry_after)
    for pattern, kind in _ORDER_RULES:
        if pattern.search(detail):
            return kind(message, status=status)
    if status is None:
        return OrderRejectedError(message)
    if status == 401:
        return AuthenticationError(message, status=status)
    if status == 403:
        return GeoblockedError(message, status=status)
    if status == 404:
        return NotFoundError(message, status=status)
    if status == 425 or status >= 500:
        return VenueServerError(message, status=status)
    return InvalidRequestError(message, status=status)
