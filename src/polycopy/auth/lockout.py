"""Sign-in throttling per (e-mail, client address), counted in the database.

Every attempt takes a slot before its password is checked: the key's row is locked
(``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` serialises writers),
counted and committed, so however many attempts arrive at once, and at however many API
processes, at most ``max_failures`` are checked before the key is locked. The attempt that
reaches the limit locks the key at once (a success then clears it), and every later one
waits a delay that starts at ``first_delay`` and doubles per attempt up to ``max_delay``.

Keys are per client address, so a stranger who fails against someone's e-mail locks only
their own address out, not the owner. A key left alone for ``max_delay`` after its last
lock (or attempt) starts over.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.kit.db import insert_ignore
from polycopy.models import SignInThrottle


@dataclass(frozen=True, slots=True)
class LockoutPolicy:
    max_failures: int
    first_delay: dt.timedelta
    max_delay: dt.timedelta

    def delay(self, attempts: int) -> dt.timedelta | None:
        """The wait after the ``attempts``-th unsuccessful attempt (None below the limit)."""
        if attempts < self.max_failures:
            return None
        doublings = min(attempts - self.max_failures, 40)  # 2**40 seconds: past any cap
        return min(self.max_delay, self.first_delay * (1 << doublings))


@dataclass(frozen=True, slots=True)
class Reservation:
    """A counted attempt (``wait`` None: check the password now) or a refusal."""

    wait_seconds: int | None
    locked_until: dt.datetime | None


def throttle_key(secret: str, email: str, client: str) -> str:
    """An HMAC of the e-mail (as typed, trimmed and lower-cased) and the client address."""
    message = f"sign-in\x00{email.strip().lower()}\x00{client}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


async def _locked_row(session: AsyncSession, key: str, now: dt.datetime) -> SignInThrottle:
    values = {"key": key, "failures": 0, "locked_until": None, "last_attempt_at": now}
    while True:  # again only if a clean-up removed the row between the two statements
        await insert_ignore(session, SignInThrottle.__table__, values)
        row = await session.scalar(
            select(SignInThrottle)
            .where(SignInThrottle.key == key)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        if row is not None:
            return row


async def reserve(
    session: AsyncSession, key: str, *, now: dt.datetime, policy: LockoutPolicy
) -> Reservation:
    """Count one attempt for ``key`` before its password is checked, or refuse it.

    Commit before checking the password: the slot must be visible to parallel attempts.
    """
    row = await _locked_row(session, key, now)
    if row.locked_until is not None and now < row.locked_until:
        wait = math.ceil((row.locked_until - now).total_seconds())
        return Reservation(max(1, wait), row.locked_until)
    if now >= (row.locked_until or row.last_attempt_at) + policy.max_delay:
        row.failures = 0
    row.failures += 1
    delay = policy.delay(row.failures)
    row.locked_until = None if delay is None else now + delay
    row.last_attempt_at = now
    await session.flush()
    await _forget_quiet_keys(session, keep=key, now=now, policy=policy)
    return Reservation(None, row.locked_until)


async def clear(session: AsyncSession, key: str) -> None:
    """A successful sign-in: the key starts over."""
    await session.execute(delete(SignInThrottle).where(SignInThrottle.key == key))


async def _forget_quiet_keys(
    session: AsyncSession, *, keep: str, now: dt.datetime, policy: LockoutPolicy
) -> None:
    """Delete a few keys nobody tried for long (a lock never ends later than ``max_delay``
    after its attempt, so twice that is quiet); rows another attempt holds are skipped."""
    quiet = (
        select(SignInThrottle.key)
        .where(
            SignInThrottle.last_attempt_at < now - 2 * policy.max_delay,
            SignInThrottle.key != keep,
        )
        .limit(100)
        .with_for_update(skip_locked=True)
    )
    await session.execute(delete(SignInThrottle).where(SignInThrottle.key.in_(quiet)))
