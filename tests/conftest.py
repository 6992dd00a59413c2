"""Shared fixtures: a migrated database on SQLite and, where reachable, PostgreSQL.

PostgreSQL tests run against a real server (``POLYCOPY_TEST_POSTGRES_URL``, default the
local one). Without a server they skip with a message, except when
``POLYCOPY_REQUIRE_POSTGRES=1`` (CI), where an unreachable server fails them.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import URL, make_url

from polycopy.kit import migrate
from polycopy.kit.db import Database

POSTGRES_URL = os.environ.get(
    "POLYCOPY_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
REQUIRE_POSTGRES = os.environ.get("POLYCOPY_REQUIRE_POSTGRES") == "1"


def _postgres_admin_dsn() -> str:
    return make_url(POSTGRES_URL).set(drivername="postgresql").render_as_string(hide_password=False)


def _postgres_unreachable_reason() -> str | None:
    try:
        with psycopg.connect(_postgres_admin_dsn(), connect_timeout=3):
            return None
    except psycopg.Error as exc:
        return f"PostgreSQL not reachable at {POSTGRES_URL} ({exc.__class__.__name__})"


@pytest.fixture(scope="session")
def postgres_server() -> str:
    reason = _postgres_unreachable_reason()
    if reason is not None:
        if REQUIRE_POSTGRES:
            pytest.fail(f"{reason}; POLYCOPY_REQUIRE_POSTGRES=1 makes this an error")
        pytest.skip(f"{reason}; set POLYCOPY_TEST_POSTGRES_URL to run PostgreSQL tests")
    return POSTGRES_URL


def _create_postgres_database(server_url: str) -> tuple[URL, str]:
    name = f"polycopy_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_postgres_admin_dsn(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return make_url(server_url).set(database=name, drivername="postgresql+psycopg"), name


def _drop_postgres_database(name: str) -> None:
    with psycopg.connect(_postgres_admin_dsn(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[URL]:
    """An empty database of each supported kind."""
    if request.param == "sqlite":
        yield URL.create("sqlite+aiosqlite", database=str(tmp_path / "test.sqlite"))
        return
    server = request.getfixturevalue("postgres_server")
    url, name = _create_postgres_database(server)
    try:
        yield url
    finally:
        _drop_postgres_database(name)


@pytest.fixture
async def db(database_url: URL) -> AsyncIterator[Database]:
    """A migrated database, disposed after the test."""
    await asyncio.to_thread(migrate.upgrade, database_url)
    database = Database(database_url)
    try:
        yield database
    finally:
        await database.dispose()
