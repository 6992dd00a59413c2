"""Position drifts over the API: the owner lists the raised ones and acknowledges one into the
baseline (audited); nothing changes for a second acknowledge or for another user."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy import select

from polycopy.kit.db import Database
from polycopy.models import AuditEvent, PositionBaseline
from polycopy.orders.repository import ReconciliationRepository
from tests.api.conftest import User

SignUp = Callable[..., Awaitable[User]]
TOKEN = "71321045679252212594626385532706912750332728571942532289631379312455583992563"
OTHER_TOKEN = "52114319501245915516055106046884209969926127482827954674443846427813813222426"
QUIET_TOKEN = "21742633143463906290569050155826241533067272736897614950488156847949938836455"


async def _seed(db: Database, account_id: int) -> None:
    """What the reconciler stores on raising: the drift next to the user's baseline."""
    async with db.transaction() as session:
        repo = ReconciliationRepository(session)
        raised = repo.add_baseline(account_id, TOKEN)
        raised.baseline_micros, raised.alerted_micros = 2_000_000, 1_500_000
        repo.add_baseline(account_id, OTHER_TOKEN).alerted_micros = -250_000
        repo.add_baseline(account_id, QUIET_TOKEN).baseline_micros = 7_000_000


async def _rows(db: Database, account_id: int) -> dict[str, tuple[int, int | None]]:
    async with db.transaction() as session:
        rows = await session.scalars(
            select(PositionBaseline).where(PositionBaseline.follower_account_id == account_id)
        )
        return {r.token_id: (r.baseline_micros, r.alerted_micros) for r in rows}


async def _acknowledged(db: Database, account_id: int) -> list[tuple[str, dict[str, object]]]:
    async with db.transaction() as session:
        rows = await session.scalars(
            select(AuditEvent)
            .where(
                AuditEvent.entity_id == str(account_id),
                AuditEvent.action == "position_drift_acknowledged",
            )
            .order_by(AuditEvent.id)
        )
        return [(r.actor, dict(r.details)) for r in rows]


async def test_acknowledge_moves_the_drift_into_the_baseline(db: Database, sign_up: SignUp) -> None:
    user = await sign_up()
    account = await user.account()
    await _seed(db, account["id"])
    drifts_url = f"/api/v1/accounts/{account['id']}/position-drifts"

    listed = await user.get(drifts_url)
    assert listed.status_code == 200, listed.text
    shown = {d["token_id"]: d for d in listed.json()}
    assert sorted(shown) == sorted([TOKEN, OTHER_TOKEN])
    first = shown[TOKEN]
    assert (first["drift_micros"], first["drift"]) == (1_500_000, "1.5")
    assert (first["baseline_micros"], first["baseline"]) == (2_000_000, "2")
    assert first["account_id"] == account["id"]
    assert first["updated_at"]
    assert (shown[OTHER_TOKEN]["drift"], shown[OTHER_TOKEN]["baseline"]) == ("-0.25", "0")

    acknowledged = await user.post(f"{drifts_url}/{TOKEN}/acknowledge")
    assert acknowledged.status_code == 200, acknowledged.text
    assert acknowledged.json() == {
        "account_id": account["id"],
        "token_id": TOKEN,
        "baseline_micros": 3_500_000,
        "baseline": "3.5",
    }
    assert [d["token_id"] for d in (await user.get(drifts_url)).json()] == [OTHER_TOKEN]
    rows = await _rows(db, account["id"])
    assert rows[TOKEN] == (3_500_000, None)
    assert rows[OTHER_TOKEN] == (0, -250_000)
    assert await _acknowledged(db, account["id"]) == [
        (f"user:{user.id}", {"token_id": TOKEN, "drift_micros": 1_500_000})
    ]

    again = await user.post(f"{drifts_url}/{TOKEN}/acknowledge")
    assert again.status_code == 422, again.text
    assert again.json()["error"]["code"] == "invalid_input"
    assert TOKEN in again.json()["error"]["message"]
    quiet = await user.post(f"{drifts_url}/{QUIET_TOKEN}/acknowledge")
    assert quiet.status_code == 422, quiet.text
    assert await _rows(db, account["id"]) == rows
    assert len(await _acknowledged(db, account["id"])) == 1


async def test_replayed_acknowledge_answers_the_stored_baseline(
    db: Database, sign_up: SignUp
) -> None:
    user = await sign_up()
    account = await user.account()
    await _seed(db, account["id"])
    url = f"/api/v1/accounts/{account['id']}/position-drifts/{OTHER_TOKEN}/acknowledge"
    key = {"Idempotency-Key": "ack-drift-1"}
    first = await user.post(url, headers=key)
    second = await user.post(url, headers=key)
    assert first.status_code == second.status_code == 200, second.text
    assert first.json() == second.json()
    assert first.json()["baseline"] == "-0.25"
    assert second.headers["idempotent-replayed"] == "true"
    assert len(await _acknowledged(db, account["id"])) == 1


async def test_another_users_account_is_not_found(db: Database, sign_up: SignUp) -> None:
    alice, mallory = await sign_up(), await sign_up()
    account = await alice.account()
    await _seed(db, account["id"])
    before = await _rows(db, account["id"])
    drifts_url = f"/api/v1/accounts/{account['id']}/position-drifts"

    listed = await mallory.get(drifts_url)
    acknowledged = await mallory.post(f"{drifts_url}/{TOKEN}/acknowledge")
    for response in (listed, acknowledged):
        assert response.status_code == 404, response.text
        assert response.json()["error"]["code"] == "not_found"
    assert await _rows(db, account["id"]) == before
    assert await _acknowledged(db, account["id"]) == []
    assert len((await alice.get(drifts_url)).json()) == 2
