"""Database engine, sessions and the one place that commits.

Services and repositories only ``flush``; ``Database.transaction()`` commits when the block
ends without an exception and rolls back otherwise. On SQLite every transaction starts with
``BEGIN IMMEDIATE`` so that writers serialise at the start instead of failing at commit,
which is what makes "lock the follower row, check limits, reserve" safe on both backends.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, literal_column
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import URL, Row
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from polycopy.kit import sqlite_inline

SQLITE_BUSY_TIMEOUT_MS = 30_000
#: Bound parameters one statement may carry: PostgreSQL's wire protocol counts them in 16
#: bits; SQLite's default limit since 3.32 is 32,766. A multi-row insert is cut to fit.
MAX_BOUND_PARAMETERS = {"postgresql": 65_535, "sqlite": 32_766}


def _prepare_sqlite(engine: AsyncEngine) -> None:
    sync_engine = engine.sync_engine

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def create_engine(url: URL, *, echo: bool = False) -> AsyncEngine:
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        database = url.database or ":memory:"
        engine = create_async_engine(
            url,
            echo=echo,
            pool_size=5,
            max_overflow=10,
            # Statements run on the event loop's thread, lock waits yield to it.
            async_creator=lambda: sqlite_inline.connect(
                database, busy_wait_s=SQLITE_BUSY_TIMEOUT_MS / 1000
            ),
        )
        _prepare_sqlite(engine)
        return engine
    return create_async_engine(url, echo=echo, pool_pre_ping=True, pool_size=10)


class Database:
    """Owns the engine and hands out transactional sessions."""

    def __init__(self, url: URL, *, echo: bool = False) -> None:
        self.url = url
        self.engine = create_engine(url, echo=echo)
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session whose work is committed as one unit, or not at all."""
        async with self._sessions() as session, session.begin():
            yield session

    async def dispose(self) -> None:
        await self.engine.dispose()


def insert_ignoring(session: AsyncSession, target: Any) -> Any:
    """An INSERT into ``target`` (a table or a mapped class) that skips the rows colliding
    with a unique constraint, on either backend."""
    dialect = session.get_bind().dialect.name
    insert_fn = pg_insert if dialect == "postgresql" else sqlite_insert
    return insert_fn(target).on_conflict_do_nothing()


async def insert_ignore(session: AsyncSession, table: Any, values: dict[str, Any]) -> bool:
    """Insert a row unless it collides with a unique constraint; True when inserted.

    Used where several workers or sources may race to create the same row (leader fills,
    sightings, exchange fills): the database decides, nobody fails.
    """
    # RETURNING, not rowcount: psycopg reports a row count for a conflicting insert too.
    statement = insert_ignoring(session, table).values(**values)
    inserted = await session.scalar(statement.returning(literal_column("1")))
    return inserted is not None


async def insert_ignore_all(
    session: AsyncSession, table: Any, rows: Sequence[dict[str, Any]], *returning: Any
) -> list[Row[Any]]:
    """``insert_ignore`` for many rows, as few statements as the driver's cap on bound
    parameters allows; returns ``returning`` of the rows inserted (in no particular order:
    SQLite does not promise one)."""
    if not rows:
        return []
    dialect = session.get_bind().dialect.name
    # Each row binds at most one parameter per column (Python-side defaults included).
    per_statement = MAX_BOUND_PARAMETERS[dialect] // max(len(table.columns), len(rows[0]))
    inserted: list[Row[Any]] = []
    for start in range(0, len(rows), per_statement):
        chunk = list(rows[start : start + per_statement])
        statement = insert_ignoring(session, table).values(chunk)
        if returning:
            inserted += (await session.execute(statement.returning(*returning))).all()
        else:
            await session.execute(statement)
    return inserted
