"""SQLite for asyncio without a thread per connection.

SQLAlchemy's ``sqlite+aiosqlite`` runs every call (cursor, execute, fetch, close) on the
connection's thread and waits for the event loop to be woken with the answer: four thread
hand-offs per statement, about 0.2 ms each on a small machine, where the statement itself
takes a few tens of microseconds. The copy path runs a few dozen statements per leader fill,
so the hand-offs were most of its reaction time.

This module gives SQLAlchemy's aiosqlite dialect a connection with the same interface that
runs each call at once, on the event loop's thread (``Database`` passes it as the engine's
``async_creator``). The one thing that may wait is the database lock another connection or
process holds: SQLite's own busy handler would then block the event loop, so it is turned
off (``busy_timeout=0``) and a locked statement is retried here with ``asyncio.sleep``
until ``busy_wait_s`` has passed. A statement refused with "database is locked" did
nothing, so running it again is safe.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

#: First and longest pause between attempts while another writer holds the lock.
_FIRST_PAUSE_S = 0.0005
_LONGEST_PAUSE_S = 0.02


class _Immediate:
    """aiosqlite's internal call queue, as the dialect uses it to set ``isolation_level``:
    the call runs at once."""

    def put_nowait(self, item: tuple[asyncio.Future[None], Callable[[], None]]) -> None:
        future, function = item
        try:
            function()
        except Exception as error:  # handed back to the awaiting dialect
            future.set_exception(error)
        else:
            future.set_result(None)


class InlineCursor:
    def __init__(self, cursor: sqlite3.Cursor, busy_wait_s: float) -> None:
        self._cursor = cursor
        self._busy_wait_s = busy_wait_s

    async def __aenter__(self) -> InlineCursor:
        return self

    async def __aexit__(self, *_: object) -> None:
        self._cursor.close()

    async def execute(self, sql: str, parameters: Sequence[Any] = ()) -> InlineCursor:
        await _when_unlocked(lambda: self._cursor.execute(sql, parameters), self._busy_wait_s)
        return self

    async def executemany(self, sql: str, parameters: Iterable[Sequence[Any]]) -> InlineCursor:
        rows = list(parameters)
        await _when_unlocked(lambda: self._cursor.executemany(sql, rows), self._busy_wait_s)
        return self

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(self._cursor.arraysize if size is None else size)

    async def close(self) -> None:
        self._cursor.close()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value


class InlineConnection:
    """The part of ``aiosqlite.Connection`` SQLAlchemy's dialect uses, run inline."""

    def __init__(self, connection: sqlite3.Connection, busy_wait_s: float) -> None:
        self._conn = connection
        self._connection: sqlite3.Connection | None = connection
        self._tx = _Immediate()
        self._busy_wait_s = busy_wait_s

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    def cursor(self) -> InlineCursor:
        return InlineCursor(self._conn.cursor(), self._busy_wait_s)

    async def execute(self, sql: str, parameters: Sequence[Any] = ()) -> InlineCursor:
        return await self.cursor().execute(sql, parameters)

    async def commit(self) -> None:
        await _when_unlocked(self._conn.commit, self._busy_wait_s)

    async def rollback(self) -> None:
        self._conn.rollback()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)

    async def close(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()

    def stop(self) -> None:
        """Terminate: close at once (there is no thread to stop)."""
        if self._connection is not None:
            self._connection = None
            self._conn.close()


async def connect(path: str, *, busy_wait_s: float) -> InlineConnection:
    """A connection whose lock waits yield to the event loop for up to ``busy_wait_s``."""
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA busy_timeout=0")
    return InlineConnection(connection, busy_wait_s)


async def _when_unlocked(call: Callable[[], object], busy_wait_s: float) -> None:
    deadline = time.monotonic() + busy_wait_s
    pause = _FIRST_PAUSE_S
    while True:
        try:
            call()
            return
        except sqlite3.OperationalError as error:
            locked = "database is locked" in str(error) or "database is busy" in str(error)
            if not locked or time.monotonic() >= deadline:
                raise
        await asyncio.sleep(pause)
        pause = min(pause * 2, _LONGEST_PAUSE_S)
