"""Waking idle workers when orders become due (PostgreSQL ``LISTEN/NOTIFY``).

A transaction that creates a sendable order calls :func:`notify_orders`; PostgreSQL delivers
the notification when (and only if) that transaction commits, so a woken worker always finds
the row. Each worker holds one extra connection that ``LISTEN``\\s and sets an event; the
engine waits on that event as well as on its poll interval, so a new order is sent at once
instead of at the next poll. Notifications are only a hint: a worker still polls, so a lost
notification (listener reconnecting, worker busy) costs at most one poll interval.

SQLite has no ``NOTIFY`` and one process does all the work, so there it is a no-op: the
listener only waits for the poll interval.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import psycopg
import structlog
from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.kit.db import Database

log = structlog.get_logger(__name__)

CHANNEL = "polycopy_orders_due"
#: How long a failed listener waits before it connects again.
RECONNECT_DELAY_S = 1.0
#: How long the listener blocks on its socket before it looks at its stop flag again.
_NOTIFY_POLL_S = 1.0


def _is_postgres(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


async def notify_orders(session: AsyncSession) -> None:
    """Wake listening workers when this transaction commits (PostgreSQL; no-op elsewhere).

    PostgreSQL folds identical notifications of one transaction into one, so calling this
    once per created order costs one notification per transaction.
    """
    if _is_postgres(session):
        await session.execute(text("SELECT pg_notify(:channel, '')"), {"channel": CHANNEL})


def _libpq_dsn(url: URL) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


class OrderWakeup:
    """What an idle worker waits on: its poll interval, a stop request, or a notification.

    Use :meth:`listening` to get one; on SQLite it never wakes early.
    """

    def __init__(self) -> None:
        self._due = asyncio.Event()
        #: Set once ``LISTEN`` is in effect (never on SQLite); tests wait on it.
        self.ready = asyncio.Event()
        #: Wake-ups that came from a notification (not from the poll interval).
        self.wakes = 0
        #: True while a worker is idle in :meth:`wait`.
        self.waiting = False

    def wake(self) -> None:
        self._due.set()

    async def wait(self, stop: asyncio.Event, seconds: float) -> bool:
        """Wait up to ``seconds``; True when woken by a notification."""
        if stop.is_set():
            return False
        waiters = {
            asyncio.ensure_future(self._due.wait()),
            asyncio.ensure_future(stop.wait()),
        }
        self.waiting = True
        try:
            await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        finally:
            self.waiting = False
            for waiter in waiters:
                waiter.cancel()
            await asyncio.gather(*waiters, return_exceptions=True)
        if self._due.is_set() and not stop.is_set():
            self._due.clear()
            self.wakes += 1
            return True
        return False

    @classmethod
    @contextlib.asynccontextmanager
    async def listening(cls, db: Database) -> AsyncIterator[OrderWakeup]:
        """An ``OrderWakeup`` fed by ``LISTEN`` on PostgreSQL, for as long as the block runs."""
        wakeup = cls()
        if db.is_sqlite:
            yield wakeup
            return
        task = asyncio.create_task(wakeup._listen(_libpq_dsn(db.url)), name="order-wakeup")
        try:
            yield wakeup
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _listen(self, dsn: str) -> None:
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(dsn, autocommit=True) as conn:
                    await conn.execute(f"LISTEN {CHANNEL}")
                    self.ready.set()
                    # Anything committed before LISTEN took effect is found by the next poll;
                    # wake once so that poll happens now.
                    self.wake()
                    while True:
                        async for _ in conn.notifies(timeout=_NOTIFY_POLL_S):
                            self.wake()
            except (psycopg.Error, OSError) as exc:
                self.ready.clear()
                log.warning("orders.wakeup_lost", error=repr(exc), retry_in_s=RECONNECT_DELAY_S)
                await asyncio.sleep(RECONNECT_DELAY_S)
