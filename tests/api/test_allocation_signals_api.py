"""Conviction and consensus settings over the API: bad ones are a 422 naming the field and
nothing is stored; a backtest of a consensus rule is refused the same way."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from polycopy.kit.db import Database
from tests.api.conftest import LEADER, OTHER_LEADER, User

SignUp = Callable[..., Awaitable[User]]
BASE: dict[str, Any] = {"allocation": "fixed", "fixed_amount_micros": 5_000_000}


def _refused(response: httpx.Response, field: str) -> None:
    assert response.status_code == 422, response.text
    assert response.json()["error"]["field"] == field, response.text


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"conviction": {"min_micros": 9_000_000, "max_micros": 1_000_000}}, "settings.conviction"),
        ({"conviction": {"max_micros": 1_000_000}}, "settings.conviction.min_micros"),
        (
            {"consensus": {"min_leaders": 2, "window_seconds": 60, "wallets": [LEADER]}},
            "settings.consensus",
        ),
        (
            {"consensus": {"min_leaders": 1, "window_seconds": 0}},
            "settings.consensus.window_seconds",
        ),
        # The account follows no one yet: this rule's leader is the only one of its group.
        ({"consensus": {"min_leaders": 2, "window_seconds": 60}}, "consensus.min_leaders"),
    ],
)
async def test_bad_conviction_or_consensus_is_refused_and_nothing_stored(
    db: Database, sign_up: SignUp, extra: dict[str, Any], field: str
) -> None:
    user = await sign_up()
    account = await user.account()
    body = {"account_id": account["id"], "leader_wallet": LEADER, "settings": BASE | extra}
    _refused(await user.post("/api/v1/rules", body), field)
    assert (await user.get("/api/v1/rules")).json()["items"] == []


async def test_a_consensus_rule_is_stored_and_its_backtest_refused(
    db: Database, sign_up: SignUp
) -> None:
    user = await sign_up()
    account = await user.account()
    consensus = {"min_leaders": 2, "window_seconds": 600, "wallets": [LEADER, OTHER_LEADER]}
    settings = BASE | {"consensus": consensus, "conviction": {"min_micros": 1, "max_micros": 9}}
    created = await user.post(
        "/api/v1/rules",
        {"account_id": account["id"], "leader_wallet": LEADER, "settings": settings},
    )
    assert created.status_code == 201, created.text
    assert created.json()["settings"]["consensus"]["min_leaders"] == 2
    leader_id = int((await user.post("/api/v1/leaders", {"wallet": OTHER_LEADER})).json()["id"])
    _refused(
        await user.post("/api/v1/backtests", {"leader_id": leader_id, "settings": settings}),
        "consensus",
    )
    assert (await user.get("/api/v1/backtests")).json() == []
