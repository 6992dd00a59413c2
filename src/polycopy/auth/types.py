"""The vocabulary of authentication: token scopes and token formats."""

from __future__ import annotations

import enum
import hashlib
import hmac
import secrets

SESSION_TOKEN_PREFIX = "pcs_"  # noqa: S105 (a prefix, not a secret)
API_TOKEN_PREFIX = "pct_"  # noqa: S105


class Scope(enum.StrEnum):
    """What a personal API token may do; a browser session may do everything."""

    ACCOUNTS_READ = "accounts:read"
    ACCOUNTS_WRITE = "accounts:write"
    LEADERS_READ = "leaders:read"
    LEADERS_WRITE = "leaders:write"
    RULES_READ = "rules:read"
    RULES_WRITE = "rules:write"
    DECISIONS_READ = "decisions:read"
    ORDERS_READ = "orders:read"
    PORTFOLIO_READ = "portfolio:read"
    AUDIT_READ = "audit:read"
    EVENTS_READ = "events:read"
    NOTIFICATIONS_READ = "notifications:read"
    NOTIFICATIONS_WRITE = "notifications:write"
    # Only an admin's token may carry it; admin routes also check the user's role.
    ADMIN = "admin"


ALL_SCOPES = frozenset(Scope)


def new_token(prefix: str) -> str:
    """An opaque token with 256 bits of randomness."""
    return prefix + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What the database stores instead of the token (tokens are random, so SHA-256 suffices)."""
    return hashlib.sha256(token.encode()).hexdigest()


def csrf_token(secret_key: str, session_token: str) -> str:
    """The CSRF token of a session: an HMAC of the session token (signed double submit)."""
    return hmac.new(
        secret_key.encode(), b"csrf:" + session_token.encode(), hashlib.sha256
    ).hexdigest()
