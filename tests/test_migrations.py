"""The one migration chain applies cleanly, matches the models, and rolls back, on every backend."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from polycopy.audit.repository import AuditRepository
from polycopy.kit import migrate
from polycopy.kit.db import Database
from polycopy.models import AuditEvent, Base


def _sync_engine(url: URL):  # type: ignore[no-untyped-def]
    return create_engine(migrate.sync_url(url), poolclass=NullPool)


def test_upgrade_matches_the_models_and_downgrade_removes_everything(database_url: URL) -> None:
    migrate.upgrade(database_url)
    assert migrate.current_revision(database_url) == migrate.head_revision(database_url)
    engine = _sync_engine(database_url)
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            assert set(Base.metadata.tables) <= tables
            diff = compare_metadata(
                MigrationContext.configure(connection, opts={"compare_type": True}),
                Base.metadata,
            )
            assert diff == [], f"models and migrations disagree: {diff}"
        migrate.downgrade(database_url, "base")
        with engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) <= {"alembic_version"}
        migrate.upgrade(database_url)  # and the chain applies again after a full rollback
        assert migrate.current_revision(database_url) == migrate.head_revision(database_url)
    finally:
        engine.dispose()


def test_upgrade_is_idempotent(database_url: URL) -> None:
    migrate.upgrade(database_url)
    migrate.upgrade(database_url)
    assert migrate.current_revision(database_url) == migrate.head_revision(database_url)


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_events SET action = 'x'", "DELETE FROM audit_events"]
)
async def test_audit_trail_is_append_only(db: Database, statement: str) -> None:
    async with db.transaction() as session:
        await AuditRepository(session).record(
            actor="test", entity_type="copy_rule", entity_id=1, action="created"
        )
    with pytest.raises(DBAPIError, match="append-only"):
        async with db.transaction() as session:
            await session.execute(text(statement))
    async with db.transaction() as session:
        count = await session.scalar(
            text("SELECT count(*) FROM audit_events WHERE action = 'created'")
        )
    assert count == 1


async def test_times_come_back_as_aware_utc(db: Database) -> None:
    async with db.transaction() as session:
        await AuditRepository(session).record(
            actor="test", entity_type="user", entity_id=1, action="created"
        )
    async with db.transaction() as session:
        event = await session.scalar(select(AuditEvent))
    assert event is not None
    assert event.created_at.tzinfo is dt.UTC
    assert abs(event.created_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)
