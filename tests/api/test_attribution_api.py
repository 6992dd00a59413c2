"""Attribution over the API: a rule's gap split into parts, owner-scoped, periods checked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

from polycopy.copying.types import DecisionAction
from polycopy.kit.db import Database
from polycopy.models import CopyRule, Decision
from polycopy.signals.types import TradeSide
from tests.api.conftest import LEADER, OTHER_LEADER, User
from tests.api.seed import copied_buy, leader_fill

SignUp = Callable[..., Awaitable[User]]
T0 = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)


async def _history(db: Database, user: User) -> dict[str, int]:
    """Leader buys 10 at 0.40 twice: copied once (10 at 0.41, fee 0.01), skipped once
    (max_trade); another leader's trade at 0.50 is the newest price."""
    account = await user.account()
    rule = await user.rule(account["id"], LEADER)
    other = await user.rule(account["id"], OTHER_LEADER)
    async with db.transaction() as session:
        await copied_buy(session, rule["id"], size_micros=10_000_000, at=T0, fee_micros=10_000)
        skipped = await leader_fill(
            session,
            rule["leader_id"],
            side=TradeSide.BUY,
            price_micros=400_000,
            size_micros=10_000_000,
            at=T0 + dt.timedelta(hours=1),
        )
        found = await session.get(CopyRule, rule["id"])
        assert found is not None
        session.add(
            Decision(
                leader_fill_id=skipped.id,
                copy_rule_id=found.id,
                rule_version=found.version,
                follower_account_id=found.follower_account_id,
                action=DecisionAction.SKIP,
                reason="max_trade",
            )
        )
        await leader_fill(
            session,
            other["leader_id"],
            side=TradeSide.BUY,
            price_micros=500_000,
            size_micros=1_000_000,
            at=T0 + dt.timedelta(hours=3),
        )
    return rule


async def test_a_rules_gap_is_split_into_parts_that_add_up(db: Database, sign_up: SignUp) -> None:
    alice = await sign_up()
    rule = await _history(db, alice)
    until = (T0 + dt.timedelta(hours=4)).isoformat()

    response = await alice.get(f"/api/v1/rules/{rule['id']}/attribution", params={"to": until})
    assert response.status_code == 200, response.text
    body = response.json()
    parts = {(p["key"], p["reason"]): p["micros"] for p in body["parts"]}
    # You copied 4.10 of the leader's 4.00: the leader's 20 shares become 20.5 at 0.40,
    # worth 10.25 at 0.50 for 8.20 paid.
    assert body["leader_result_micros"] == 2_050_000
    assert body["follower_result_micros"] == 890_000  # 10 shares: 5.00 − 4.10 − 0.01
    assert body["gap_micros"] == 1_160_000
    assert parts[("skipped", "max_trade")] == 1_025_000
    assert parts[("slippage", None)] == 125_000  # 4.10 buys 10 shares, not 10.25
    assert parts[("fees", None)] == 10_000
    assert sum(parts.values()) == body["gap_micros"]
    assert (body["trades"], body["copied"]) == (2, 1)

    # Before the skipped trade only the copy counts; the mark is then the fills' 0.41.
    early = await alice.get(
        f"/api/v1/rules/{rule['id']}/attribution",
        params={"from": T0.isoformat(), "to": (T0 + dt.timedelta(minutes=30)).isoformat()},
    )
    assert early.json()["trades"] == 1
    assert sum(p["micros"] for p in early.json()["parts"]) == early.json()["gap_micros"]

    [by_leader] = (await alice.get(f"/api/v1/leaders/{rule['leader_id']}/attribution")).json()
    assert by_leader["rule_id"] == rule["id"]


async def test_attribution_is_owner_scoped_and_checks_the_period(
    db: Database, sign_up: SignUp
) -> None:
    alice, bob = await sign_up(), await sign_up()
    rule = await _history(db, alice)
    url = f"/api/v1/rules/{rule['id']}/attribution"

    assert (await bob.get(url)).status_code == 404
    assert (await bob.get(f"/api/v1/leaders/{rule['leader_id']}/attribution")).json() == []
    assert (await alice.get("/api/v1/leaders/999999/attribution")).status_code == 404
    inverted = await alice.get(
        url, params={"from": T0.isoformat(), "to": (T0 - dt.timedelta(days=1)).isoformat()}
    )
    assert inverted.status_code == 422
    assert inverted.json()["error"]["field"] == "to", inverted.text
