"""Leader drift through the API: GET /leaders/{id}/drift is yours only and shows each signal
with its numbers; on_leader_drift is a validated rule setting; a rule the worker paused for
drift says why in RuleOut."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

from polycopy.kit.db import Database
from polycopy.leaders.drift import DriftThresholds
from polycopy.leaders.drift_service import check_leader
from polycopy.signals.types import TradeSide
from tests.api.conftest import LEADER, User
from tests.api.seed import leader_fill

NOW = dt.datetime.now(dt.UTC)


async def test_drift_is_yours_only_and_a_paused_rule_says_why(
    db: Database, sign_up: Callable[..., Awaitable[User]]
) -> None:
    alice, bob = await sign_up(), await sign_up()
    account = await alice.account()
    refused = await alice.post(
        "/api/v1/rules",
        {
            "account_id": account["id"],
            "leader_wallet": LEADER,
            "settings": {
                "allocation": "fixed",
                "fixed_amount_micros": 5_000_000,
                "on_leader_drift": "sometimes",
            },
        },
    )
    assert refused.status_code == 422
    assert "on_leader_drift" in refused.text
    rule = await alice.rule(account["id"], LEADER, on_leader_drift="pause")
    assert rule["settings"]["on_leader_drift"] == "pause"
    base = f"/api/v1/leaders/{rule['leader_id']}/drift"
    assert (await bob.get(base)).status_code == 404  # not on bob's list
    assert (await alice.get("/api/v1/leaders/999999/drift")).status_code == 404

    quiet = (await alice.get(base)).json()
    assert quiet["drifting"] is False
    assert [s["kind"] for s in quiet["signals"]] == ["size", "categories", "frequency", "win_rate"]
    assert "too few trades" in quiet["signals"][0]["explanation"]

    async with db.transaction() as session:  # three weeks of 10-share buys at 0.50, then 0.90
        for hours in range(0, 28 * 24, 12):
            at = NOW - dt.timedelta(days=28) + dt.timedelta(hours=hours + 1)
            price = 900_000 if at >= NOW - dt.timedelta(days=7) else 500_000
            await leader_fill(
                session,
                rule["leader_id"],
                side=TradeSide.BUY,
                price_micros=price,
                size_micros=10_000_000 if price == 500_000 else 100_000_000,
                at=at,
            )
    live = (await alice.get(base)).json()  # computed on the spot: newer fills than any check
    size = live["signals"][0]
    assert live["drifting"] is True
    assert size == {
        "kind": "size",
        "drifting": True,
        "baseline": "5000000",
        "recent": "90000000",
        "threshold": "3",
        "explanation": size["explanation"],
    }
    assert "$90 (14 trades), against $5 before (42 trades): 18.0× the size" in (size["explanation"])

    async with db.transaction() as session:  # the worker's check: it pauses the rule
        await check_leader(session, rule["leader_id"], NOW, DriftThresholds())
    stored = (await alice.get(base)).json()
    assert stored["checked_at"].startswith(NOW.isoformat()[:19])
    assert stored["signals"] == live["signals"]
    paused = (await alice.get(f"/api/v1/rules/{rule['id']}")).json()
    assert paused["status"] == "halted"
    assert paused["status_reason"].startswith("leader drift: Its median trade")
    assert (await bob.get(f"/api/v1/rules/{rule['id']}")).status_code == 404
