"""Leader rows are shared by everyone who follows a wallet; the name a user gives a leader is
on their own watch of it, so another user never sees it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.pool import NullPool

from polycopy.kit import migrate
from polycopy.kit.db import Database
from polycopy.models import Leader
from tests.api.conftest import LEADER, User

SignUp = Callable[..., Awaitable[User]]


async def _names(user: User) -> dict[str, str | None]:
    listed = (await user.get("/api/v1/leaders")).json()["items"]
    return {item["wallet"]: item["name"] for item in listed}


async def test_each_user_sees_their_own_name_for_a_shared_leader(
    db: Database, sign_up: SignUp
) -> None:
    alice, bob, carol = await sign_up(), await sign_up(), await sign_up()
    first = await alice.post("/api/v1/leaders", {"wallet": LEADER, "name": "the whale"})
    assert first.status_code == 201, first.text
    assert first.json()["name"] == "the whale"
    second = await bob.post("/api/v1/leaders", {"wallet": LEADER, "name": "bob's pick"})
    assert second.json()["id"] == first.json()["id"]  # one shared row
    assert second.json()["name"] == "bob's pick"
    account = await carol.account()
    await carol.rule(account["id"], LEADER)  # on carol's list through a rule, unnamed

    assert await _names(alice) == {LEADER: "the whale"}
    assert await _names(bob) == {LEADER: "bob's pick"}
    assert await _names(carol) == {LEADER: None}
    leader_id = first.json()["id"]
    assert (await bob.get(f"/api/v1/leaders/{leader_id}")).json()["name"] == "bob's pick"
    async with db.transaction() as session:
        assert not hasattr(await session.get(Leader, leader_id), "name")

    # Adding it again with a name renames it for that user only; without one keeps the name.
    renamed = await alice.post("/api/v1/leaders", {"wallet": LEADER, "name": "ex-whale"})
    assert renamed.json()["name"] == "ex-whale"
    kept = await bob.post("/api/v1/leaders", {"wallet": LEADER})
    assert kept.json()["name"] == "bob's pick"
    assert await _names(alice) == {LEADER: "ex-whale"}
    assert await _names(carol) == {LEADER: None}


def test_the_migration_gives_a_shared_name_to_whoever_added_the_leader_first(
    database_url: URL,
) -> None:
    """Before 0012 the name was on the leader row, given by the first user to add it."""
    migrate.upgrade(database_url, "0011")
    engine = create_engine(migrate.sync_url(database_url), poolclass=NullPool)
    try:
        with engine.begin() as connection:
            for user_id in (1, 2):
                connection.execute(
                    text(
                        "INSERT INTO users (id, email, role, created_at, updated_at) "
                        "VALUES (:id, :email, 'user', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                    ),
                    {"id": user_id, "email": f"u{user_id}@example.com"},
                )
            connection.execute(
                text(
                    "INSERT INTO leaders (id, wallet, name, profile, created_at, updated_at) "
                    "VALUES (1, :wallet, 'the whale', '{}', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                ),
                {"wallet": LEADER},
            )
            for watch_id, user_id in ((1, 1), (2, 2)):
                connection.execute(
                    text(
                        "INSERT INTO leader_watches (id, user_id, leader_id, created_at) "
                        "VALUES (:id, :user, 1, CURRENT_TIMESTAMP)"
                    ),
                    {"id": watch_id, "user": user_id},
                )
        migrate.upgrade(database_url)
        with engine.connect() as connection:
            labels = connection.execute(
                text("SELECT user_id, label FROM leader_watches ORDER BY user_id")
            ).all()
        assert [tuple(row) for row in labels] == [(1, "the whale"), (2, None)]
        migrate.downgrade(database_url, "0011")
        with engine.connect() as connection:
            name = connection.execute(text("SELECT name FROM leaders WHERE id = 1")).scalar()
        assert name == "the whale"
    finally:
        engine.dispose()
