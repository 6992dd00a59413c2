"""The export download: owner-scoped, streamed, the same rows as the CLI; bad input names
the field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

import httpx
import pytest
from fastapi import FastAPI

from polycopy.exports.types import ExportFormat, ExportKind
from polycopy.kit.db import Database
from tests.api.conftest import LEADER, User
from tests.api.seed import copied_buy
from tests.exports.support import read_export

SignUp = Callable[..., Awaitable[User]]
T0 = dt.datetime(2026, 5, 4, 10, 0, tzinfo=dt.UTC)


async def _account_with_a_fill(db: Database, user: User) -> int:
    account = await user.account()
    rule = await user.rule(account["id"], LEADER)
    async with db.transaction() as session:
        await copied_buy(session, rule["id"], size_micros=10_000_000, at=T0, fee_micros=10_000)
    return int(account["id"])


@pytest.mark.parametrize("fmt", list(ExportFormat))
async def test_a_download_is_the_owners_rows(
    db: Database, sign_up: SignUp, fmt: ExportFormat
) -> None:
    alice, bob = await sign_up(), await sign_up()
    account_id = await _account_with_a_fill(db, alice)
    await _account_with_a_fill(db, bob)
    url = f"/api/v1/accounts/{account_id}/export"
    for kind in ExportKind:
        response = await alice.get(url, params={"what": kind.value, "format": fmt.value})
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith(
            "text/csv" if fmt is ExportFormat.CSV else "application/json"
        )
        assert (
            f"account-{account_id}-{kind.value}.{fmt.value}"
            in response.headers["content-disposition"]
        )
        rows = read_export(kind, fmt, response.text)
        assert len(rows) == 1
        assert rows[0]["account_id"] == account_id
    fills = await alice.get(url, params={"what": "fills", "from": "2026-05-04T10:00:01"})
    assert read_export(ExportKind.FILLS, ExportFormat.CSV, fills.text) == []
    day = await alice.get(url, params={"what": "fills", "from": "2026-05-04", "to": "2026-05-05"})
    [fill] = read_export(ExportKind.FILLS, ExportFormat.CSV, day.text)
    assert (fill["filled_at"], fill["fee_micros"]) == (T0, 10_000)

    # Another user's account is not found, whatever the kind; nothing of it is sent.
    for kind in ExportKind:
        other = await bob.get(url, params={"what": kind.value})
        assert other.status_code == 404
        assert other.json()["error"]["code"] == "not_found"
    missing = await alice.get("/api/v1/accounts/999999/export", params={"what": "fills"})
    assert missing.status_code == 404


async def test_bad_input_is_a_4xx_naming_the_field(
    db: Database, sign_up: SignUp, app: FastAPI
) -> None:
    alice = await sign_up()
    account_id = await _account_with_a_fill(db, alice)
    url = f"/api/v1/accounts/{account_id}/export"
    cases = {
        "what": {"what": "trades"},
        "to": {"what": "fills", "from": "2026-05-05", "to": "2026-05-04"},
        "format": {"what": "fills", "format": "xlsx"},
        "from": {"what": "fills", "from": "yesterday"},
    }
    for field, params in cases.items():
        response = await alice.get(url, params=params)
        assert response.status_code == 422, (field, response.text)
        assert response.json()["error"]["field"] == field, response.json()
    assert (await alice.get(url)).status_code == 422  # `what` is required

    # Anonymous: 401. A token needs the scope its kind's listing needs.
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as anonymous:
        assert (await anonymous.get(url, params={"what": "fills"})).status_code == 401
        created = await alice.post("/api/v1/tokens", {"name": "t", "scopes": ["orders:read"]})
        auth = {"Authorization": f"Bearer {created.json()['token']}"}
        orders = await anonymous.get(url, params={"what": "orders"}, headers=auth)
        assert orders.status_code == 200
        assert len(read_export(ExportKind.ORDERS, ExportFormat.CSV, orders.text)) == 1
        lots = await anonymous.get(url, params={"what": "lots"}, headers=auth)
        assert lots.status_code == 403
        assert "portfolio:read" in lots.json()["error"]["message"]
