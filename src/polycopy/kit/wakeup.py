"""Waking idle workers when there is work: leader fills to decide, orders to send.

A transaction that creates work calls :func:`notify` with a channel. The wake-up is delivered
when (and only if) that transaction commits: to listeners in this process by an after-commit
hook, and on PostgreSQL to every other process by ``NOTIFY`` (PostgreSQL delivers it at
commit). Each worker waits on a :class:`Wakeup` as well as on its poll interval, so a fill
stored by the detector is decided at once and a new order is sent at once, instead of at the
next poll. Wake-ups are only hints: a worker still polls, so a lost one (listener
reconnecting, worker busy) costs at most one poll interval.
"""

from __future__ import annotations

import asyncio
import contextlib
import weakref
from collections.abc import AsyncIterator

import psycopg
import structlog
from sqlalchemy import event, text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from polycopy.kit.db import Database

log = structlog.get_logger(__name__)

#: Orders became sendable (created, or made due again).
ORDERS_DUE = "polycopy_orders_due"
#: Leader fills were stored and wait for their decisions.
FILLS_STORED = "polycopy_fills_stored"
#: How long a failed listener waits before it connects again.
RECONNECT_DELAY_S = 1.0
#: How long the listener blocks on its socket before it looks at its stop flag again.
_NOTIFY_POLL_S = 1.0
_PENDING = "polycopy.wakeup.pending"
#: The listeners of this process, woken directly at commit.
_LOCAL: weakref.WeakSet[Wakeup] = weakref.WeakSet()


async def notify(session: AsyncSession, channel: str) -> None:
    """Wake the listeners of ``channel`` when this transaction commits.

    Calling it many times in one transaction costs one wake-up (PostgreSQL also folds
    identical notifications of one transaction into one).
    """
    pending: set[str] = session.info.setdefault(_PENDING, set())
    if channel in pending:
        return
    pending.add(channel)
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("SELECT pg_notify(:channel, '')"), {"channel": channel})


@event.listens_for(Session, "after_commit")
def _wake_local_listeners(session: Session) -> None:
    channels = session.info.pop(_PENDING, None)
    if channels:
        for wakeup in list(_LOCAL):
            wakeup.wake(channels)


@event.listens_for(Session, "after_rollback")
def _forget_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)


def _libpq_dsn(url: URL) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


class Wakeup:
    """What an idle worker waits on: its poll interval, a stop request, or work on one of
    its channels. Use :meth:`listening` to get one."""

    def __init__(self, channels: frozenset[str]) -> None:
        self.channels = channels
        self._due = asyncio.Event()
        self._woken: set[str] = set()
        #: Set once ``LISTEN`` is in effect (never on SQLite); tests wait on it.
        self.ready = asyncio.Event()
        #: Wake-ups that came from a notification (not from the poll interval).
        self.wakes = 0
        #: True while a worker is idle in :meth:`wait`.
        self.waiting = False

    def wake(self, channels: set[str] | frozenset[str] | None = None) -> None:
        """Work arrived on ``channels`` (all of this listener's when not known)."""
        hit = self.channels if channels is None else self.channels & channels
        if hit:
            self._woken |= hit
            self._due.set()

    async def wait(self, stop: asyncio.Event, seconds: float) -> frozenset[str]:
        """Wait up to ``seconds``; the channels that had work (empty: nothing came)."""
        if stop.is_set():
            return frozenset()
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
            woken, self._woken = frozenset(self._woken), set()
            self._due.clear()
            self.wakes += 1
            return woken
        return frozenset()

    @classmethod
    @contextlib.asynccontextmanager
    async def listening(cls, db: Database, *channels: str) -> AsyncIterator[Wakeup]:
        """A ``Wakeup`` for these channels, fed by commits in this process and, on
        PostgreSQL, by ``LISTEN``, for as long as the block runs."""
        wakeup = cls(frozenset(channels))
        _LOCAL.add(wakeup)
        task = (
            None
            if db.is_sqlite
            else asyncio.create_task(wakeup._listen(_libpq_dsn(db.url)), name="wakeup")
        )
        try:
            yield wakeup
        finally:
            _LOCAL.discard(wakeup)
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    async def _listen(self, dsn: str) -> None:
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(dsn, autocommit=True) as conn:
                    for channel in sorted(self.channels):
                        await conn.execute(f"LISTEN {channel}")
                    self.ready.set()
                    # Anything committed before LISTEN took effect is found by the next poll;
                    # wake once so that poll happens now.
                    self.wake()
                    while True:
                        async for notice in conn.notifies(timeout=_NOTIFY_POLL_S):
                            self.wake({notice.channel})
            except (psycopg.Error, OSError) as exc:
                self.ready.clear()
                log.warning("wakeup.listener_lost", error=repr(exc), retry_in_s=RECONNECT_DELAY_S)
                await asyncio.sleep(RECONNECT_DELAY_S)
