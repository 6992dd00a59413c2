from polycopy.kit.db import Database, insert_ignore
from polycopy.models import Leader


async def test_insert_ignore_tells_a_new_row_from_a_conflict(db: Database) -> None:
    """Racing sources rely on this answer to know who created a row (both backends)."""
    values = {"wallet": "0x" + "ab" * 20, "profile": {}}
    async with db.transaction() as session:
        assert await insert_ignore(session, Leader.__table__, values)
    async with db.transaction() as session:
        assert not await insert_ignore(session, Leader.__table__, values)
