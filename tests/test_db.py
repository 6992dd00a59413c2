from sqlalchemy import func, select

from polycopy.kit.db import Database, insert_ignore, insert_ignore_all
from polycopy.models import Leader


async def test_insert_ignore_tells_a_new_row_from_a_conflict(db: Database) -> None:
    """Racing sources rely on this answer to know who created a row (both backends)."""
    values = {"wallet": "0x" + "ab" * 20, "profile": {}}
    async with db.transaction() as session:
        assert await insert_ignore(session, Leader.__table__, values)
    async with db.transaction() as session:
        assert not await insert_ignore(session, Leader.__table__, values)


async def test_insert_ignore_all_takes_more_rows_than_one_statement_can_bind(
    db: Database,
) -> None:
    """A backfill writes thousands of rows at once: more bound parameters than either
    driver allows in one statement; every new row is created once, the old ones are kept."""
    rows = [{"wallet": f"0x{i:040x}", "profile": {}} for i in range(34_000)]
    async with db.transaction() as session:
        first = await insert_ignore_all(session, Leader.__table__, rows[:10], Leader.wallet)
    async with db.transaction() as session:
        created = await insert_ignore_all(session, Leader.__table__, rows, Leader.wallet)
        total = await session.scalar(select(func.count()).select_from(Leader))
    assert len(first) == 10
    assert sorted(r.wallet for r in created) == sorted(r["wallet"] for r in rows[10:])
    assert total == len(rows)
