"""Shared fixtures: a migrated database on SQLite and, where reachable, PostgreSQL.

PostgreSQL tests run against a real server (``POLYCOPY_TEST_POSTGRES_URL``, default the
local one). Without a server they skip with a message, except when
``POLYCOPY_REQUIRE_POSTGRES=1`` (CI), where an unreachable server fails them.
"""

from __future__ import annotations

import os
import sqlite3
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


@pytest.fixture(scope="session")
def migrated_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """One database per backend migrated once per session: each test's `db` is a copy.

    Migrating costs about half a second a database; a copy (SQLite's backup API, PostgreSQL's
    CREATE DATABASE ... TEMPLATE) a few milliseconds. test_migrations proves the chain itself.
    """
    templates: dict[str, str] = {}
    path = tmp_path_factory.mktemp("template") / "migrated.sqlite"
    migrate.upgrade(URL.create("sqlite+aiosqlite", database=str(path)))
    templates["sqlite"] = str(path)
    try:
        yield templates
    finally:
        if "postgresql" in templates:
            _drop_postgres_database(templates["postgresql"])


def _postgres_template(templates: dict[str, str], server: str) -> str:
    if "postgresql" not in templates:
        url, name = _create_postgres_database(server)
        migrate.upgrade(url)
        templates["postgresql"] = name
    return templates["postgresql"]


def _copy_migrated(templates: dict[str, str], url: URL, request: pytest.FixtureRequest) -> None:
    """Make the empty database at ``url`` a copy of the migrated template of its backend."""
    if url.get_backend_name() == "sqlite":
        with (
            sqlite3.connect(templates["sqlite"]) as source,
            sqlite3.connect(str(url.database)) as copy,
        ):
            source.backup(copy)
        return
    template = _postgres_template(templates, request.getfixturevalue("postgres_server"))
    with psycopg.connect(_postgres_admin_dsn(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{url.database}"')
        conn.execute(f'CREATE DATABASE "{url.database}" TEMPLATE "{template}"')


@pytest.fixture
async def db(
    database_url: URL, migrated_templates: dict[str, str], request: pytest.FixtureRequest
) -> AsyncIterator[Database]:
    """A migrated database, disposed after the test."""
    _copy_migrated(migrated_templates, database_url, request)
    database = Database(database_url)
    try:
        yield database
    finally:
        await database.dispose()
