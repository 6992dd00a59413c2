"""Accounts, leaders, rules, decisions and orders: owner scoping, secrets, validation, paging."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import select, text

from polycopy.copying.types import DecisionAction
from polycopy.kit.crypto import SecretBox
from polycopy.kit.db import Database
from polycopy.models import (
    AuditEvent,
    CopyRule,
    CopyRuleVersion,
    Decision,
    FollowerAccount,
    LeaderFill,
    Order,
    OrderEvent,
)
from polycopy.orders.types import OrderStatus, OrderType
from polycopy.signals.types import FillSource, LeaderEventType, TradeSide
from polycopy.venues.directory import credentials_context
from tests.api.conftest import LEADER, OTHER_LEADER, SECRET_KEY, User, key_address, private_key
from tests.api.seed import leader_fill

SignUp = Callable[..., Awaitable[User]]
NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)


async def test_account_secrets_are_write_only_and_encrypted(db: Database, sign_up: SignUp) -> None:
    user = await sign_up()
    key = private_key(77)
    account = await user.account(
        credentials={
            "private_key": key,
            "api_key": "my-api-key-1234",
            "api_secret": "my-api-secret-5678AA",
            "api_passphrase": "my-passphrase-9012",
        }
    )
    assert account["has_credentials"] is True
    assert account["wallet_address"] == key_address(key).lower()
    assert account["funder"] == key_address(key).lower()
    secrets = (key, key[2:], "my-api-key-1234", "my-api-secret-5678AA", "my-passphrase-9012")
    for response in (
        await user.get("/api/v1/accounts"),
        await user.get(f"/api/v1/accounts/{account['id']}"),
    ):
        assert response.status_code == 200
        assert not any(s in response.text for s in secrets)
    assert "private_key" not in json.dumps(account)

    async with db.transaction() as session:
        row = await session.get(FollowerAccount, account["id"])
        dumped = [
            repr(tuple(r))
            for table in ("follower_accounts", "audit_events", "idempotency_records")
            for r in (await session.execute(text(f"SELECT * FROM {table}"))).all()
        ]
    assert row is not None
    assert row.encrypted_credentials is not None
    blob = bytes(row.encrypted_credentials)
    assert not any(s.encode() in blob for s in secrets)
    assert not any(s in d for s in secrets for d in dumped)
    # And the blob is what the trader directory will decrypt.
    clear = json.loads(SecretBox(SECRET_KEY).decrypt(blob, context=credentials_context(row)))
    assert clear == {
        "private_key": key,
        "api_key": "my-api-key-1234",
        "secret": "my-api-secret-5678AA",
        "passphrase": "my-passphrase-9012",
    }


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"signature_type": 4}, "signature_type"),
        ({"mode": "real"}, "mode"),
        ({"wallet_address": "0x1234"}, "wallet_address"),
        ({"signature_type": 2}, "funder"),
        ({"credentials": {}}, "credentials"),
        ({"credentials": {"private_key": "0xzz"}}, "credentials.private_key"),
        ({"credentials": {"private_key": "0x" + "11" * 32}}, "credentials.private_key"),
        ({"label": ""}, "label"),
        ({"unknown": 1}, "unknown"),
    ],
)
async def test_account_validation_names_the_field(
    db: Database, sign_up: SignUp, change: dict[str, Any], field: str
) -> None:
    user = await sign_up()
    key = private_key(5)
    body = {
        "label": "x",
        "signature_type": 0,
        "wallet_address": key_address(key),
        "credentials": {"private_key": key},
    } | change
    response = await user.post("/api/v1/accounts", body)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["field"] == field
    assert response.json()["error"]["message"].startswith(field)
    async with db.transaction() as session:
        assert (await session.scalars(select(FollowerAccount))).all() == []


async def test_proxy_account_with_a_funder(sign_up: SignUp) -> None:
    user = await sign_up()
    key = private_key(9)
    funder = "0x" + "9f" * 20
    account = await user.account(
        signature_type=1,
        wallet_address=key_address(key),
        funder=funder,
        credentials={"private_key": key},
        mode="sim",
    )
    assert account["funder"] == funder
    assert account["signature_type"] == 1
    assert account["mode"] == "sim"


async def test_rules_lifecycle_versions_and_audit(db: Database, sign_up: SignUp) -> None:
    user = await sign_up()
    account = await user.account()
    rule = await user.rule(account["id"], LEADER.upper().replace("0X", "0x"))
    assert rule["version"] == 1
    assert rule["leader_wallet"] == LEADER
    assert rule["status"] == "active"

    updated = await user.patch(
        f"/api/v1/rules/{rule['id']}",
        {"settings": {"allocation": "percentage", "percentage_bps": 5_000}},
    )
    assert updated.status_code == 200, updated.text
    assert updated.json()["version"] == 2
    assert updated.json()["settings"]["percentage_bps"] == 5_000

    paused = await user.post(f"/api/v1/rules/{rule['id']}/pause")
    assert paused.json()["status"] == "halted"
    assert paused.json()["status_reason"] == "paused by the user"
    resumed = await user.post(f"/api/v1/rules/{rule['id']}/resume")
    assert resumed.json()["status"] == "active"

    duplicate = await user.post(
        "/api/v1/rules",
        {
            "account_id": account["id"],
            "leader_wallet": LEADER,
            "settings": {"fixed_amount_micros": 1_000_000},
        },
    )
    assert duplicate.status_code == 409
    assert duplicate.json()["error"]["code"] == "rule_exists"

    leaders = await user.get("/api/v1/leaders")
    assert [leader["wallet"] for leader in leaders.json()["items"]] == [LEADER]

    assert (await user.delete(f"/api/v1/rules/{rule['id']}")).status_code == 204
    assert (await user.get(f"/api/v1/rules/{rule['id']}")).status_code == 404
    assert (await user.get("/api/v1/rules")).json()["items"] == []
    async with db.transaction() as session:
        row = await session.get(CopyRule, rule["id"])
        assert row is not None
        assert row.deleted_at is not None
        assert row.status.value == "halted"
        versions = (await session.scalars(select(CopyRuleVersion.version))).all()
        actions = (
            await session.scalars(
                select(AuditEvent.action).where(AuditEvent.entity_type == "copy_rule")
            )
        ).all()
    assert sorted(versions) == [1, 2]
    assert actions == [
        "created",
        "updated",
        "state_changed",
        "state_changed",
        "state_changed",
        "deleted",
    ]

    # Re-creating the deleted rule brings it back as a new version.
    again = await user.rule(account["id"], LEADER)
    assert again["id"] == rule["id"]
    assert again["version"] == 3
    assert again["status"] == "active"


@pytest.mark.parametrize(
    ("settings", "field", "words"),
    [
        (
            {"allocation": "fixed", "fixed_amount_micros": -5},
            "settings.fixed_amount_micros",
            "greater than 0",
        ),
        ({"allocation": "fixed"}, "settings", "fixed_amount_micros"),
        ({"allocation": "bogus"}, "settings.allocation", ""),
        ({"fixed_amount_micros": 1, "max_slippage_bps": 20_000}, "settings.max_slippage_bps", ""),
        (
            {"fixed_amount_micros": 1, "min_trade_micros": 9, "max_trade_micros": 1},
            "settings",
            "min_trade_micros",
        ),
        ({"fixed_amount_micros": 1, "typo_setting": 1}, "settings.typo_setting", ""),
    ],
)
async def test_rule_validation_errors_name_the_field(
    db: Database, sign_up: SignUp, settings: dict[str, Any], field: str, words: str
) -> None:
    user = await sign_up()
    account = await user.account()
    response = await user.post(
        "/api/v1/rules",
        {"account_id": account["id"], "leader_wallet": LEADER, "settings": settings},
    )
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert error["field"] == field
    assert words in error["message"]
    async with db.transaction() as session:
        assert (await session.scalars(select(CopyRule))).all() == []
    bad_wallet = await user.post(
        "/api/v1/rules",
        {
            "account_id": account["id"],
            "leader_wallet": "nope",
            "settings": {"fixed_amount_micros": 1},
        },
    )
    assert bad_wallet.json()["error"]["field"] == "leader_wallet"


async def _seed_activity(db: Database, rule_id: int, account_id: int) -> tuple[int, int, int]:
    """A skip decision, a copy decision and its order with two events, for one rule."""
    async with db.transaction() as session:
        rule = await session.get(CopyRule, rule_id)
        assert rule is not None
        fills = []
        for n in range(2):
            fill = LeaderFill(
                identity=f"fill-{rule_id}-{n}",
                leader_id=rule.leader_id,
                event_type=LeaderEventType.TRADE,
                transaction_hash="0x" + f"{rule_id:02x}{n:02x}" * 16,
                condition_id="0x" + "c1" * 32,
                token_id="123",
                side=TradeSide.BUY,
                price_micros=400_000,
                size_micros=10_000_000,
                usdc_micros=4_000_000,
                occurred_at=NOW,
                first_seen_at=NOW,
                first_source=FillSource.DATA_API,
            )
            session.add(fill)
            fills.append(fill)
        await session.flush()
        skip = Decision(
            leader_fill_id=fills[0].id,
            copy_rule_id=rule_id,
            rule_version=1,
            follower_account_id=account_id,
            action=DecisionAction.SKIP,
            reason="price_out_of_band",
            details={
                "reference_price_micros": 400_000,
                "price_min_micros": 500_000,
                "price_max_micros": 900_000,
            },
        )
        copy = Decision(
            leader_fill_id=fills[1].id,
            copy_rule_id=rule_id,
            rule_version=1,
            follower_account_id=account_id,
            action=DecisionAction.COPY,
            side=TradeSide.BUY,
            token_id="123",
            limit_price_micros=410_000,
            amount_micros=5_000_000,
        )
        session.add_all([skip, copy])
        await session.flush()
        order = Order(
            idempotency_key=f"pc-test-{rule_id}",
            decision_id=copy.id,
            follower_account_id=account_id,
            leader_id=rule.leader_id,
            condition_id="0x" + "c1" * 32,
            token_id="123",
            side=TradeSide.BUY,
            order_type=OrderType.FAK,
            status=OrderStatus.LIVE,
            limit_price_micros=410_000,
            amount_micros=5_000_000,
        )
        session.add(order)
        await session.flush()
        session.add_all(
            [
                OrderEvent(order_id=order.id, from_status=None, to_status=OrderStatus.CREATED),
                OrderEvent(
                    order_id=order.id, from_status=OrderStatus.CREATED, to_status=OrderStatus.LIVE
                ),
            ]
        )
        return skip.id, copy.id, order.id


async def test_decisions_and_orders_with_explanations_and_history(
    db: Database, sign_up: SignUp
) -> None:
    user = await sign_up()
    account = await user.account()
    rule = await user.rule(account["id"], LEADER)
    skip_id, copy_id, order_id = await _seed_activity(db, rule["id"], account["id"])

    listed = await user.get("/api/v1/decisions")
    assert [d["id"] for d in listed.json()["items"]] == [copy_id, skip_id]
    skip = (await user.get(f"/api/v1/decisions/{skip_id}")).json()
    assert skip["reason"] == "price_out_of_band"
    assert skip["action"] == "skip"
    assert skip["explanation"] == "The price 0.4 is outside your band of 0.5 to 0.9."
    copy = listed.json()["items"][0]
    assert copy["explanation"] == "Copied: buy for $5 at a price no worse than 0.41."
    by_rule = await user.get("/api/v1/decisions", params={"rule_id": rule["id"], "limit": 1})
    assert len(by_rule.json()["items"]) == 1
    next_page = await user.get(
        "/api/v1/decisions", params={"limit": 1, "cursor": by_rule.json()["next_cursor"]}
    )
    assert [d["id"] for d in next_page.json()["items"]] == [skip_id]
    assert next_page.json()["next_cursor"] is None

    orders = await user.get("/api/v1/orders")
    assert orders.status_code == 200
    (order,) = orders.json()["items"]
    assert order["id"] == order_id
    assert [(e["from_status"], e["to_status"]) for e in order["events"]] == [
        (None, "created"),
        ("created", "live"),
    ]
    single = await user.get(f"/api/v1/orders/{order_id}")
    assert single.json()["events"] == order["events"]
    assert "signed_payload" not in single.json()


async def test_a_user_never_reads_or_changes_another_users_resources(
    db: Database, sign_up: SignUp
) -> None:
    alice, mallory = await sign_up(), await sign_up()
    account = await alice.account()
    rule = await alice.rule(account["id"], LEADER)
    leader_id = rule["leader_id"]
    skip_id, _, order_id = await _seed_activity(db, rule["id"], account["id"])
    mallory_account = await mallory.account()

    reads = [
        f"/api/v1/accounts/{account['id']}",
        f"/api/v1/rules/{rule['id']}",
        f"/api/v1/decisions/{skip_id}",
        f"/api/v1/orders/{order_id}",
        f"/api/v1/leaders/{leader_id}",
    ]
    for path in reads:
        response = await mallory.get(path)
        assert response.status_code == 404, path
        assert response.json()["error"]["code"] == "not_found"
        assert (await alice.get(path)).status_code == 200, path
    for path in ("/api/v1/rules", "/api/v1/decisions", "/api/v1/orders", "/api/v1/leaders"):
        assert (await mallory.get(path)).json()["items"] == [], path
    assert [a["id"] for a in (await mallory.get("/api/v1/accounts")).json()["items"]] == [
        mallory_account["id"]
    ]
    # Filters by someone else's account or rule find nothing either.
    for path, params in (
        ("/api/v1/decisions", {"account_id": account["id"]}),
        ("/api/v1/decisions", {"rule_id": rule["id"]}),
        ("/api/v1/orders", {"account_id": account["id"]}),
        ("/api/v1/rules", {"account_id": account["id"]}),
    ):
        assert (await mallory.get(path, params=params)).json()["items"] == []

    writes = [
        ("patch", f"/api/v1/rules/{rule['id']}", {"settings": {"fixed_amount_micros": 1}}),
        ("post", f"/api/v1/rules/{rule['id']}/pause", None),
        ("post", f"/api/v1/rules/{rule['id']}/resume", None),
        ("delete", f"/api/v1/rules/{rule['id']}", None),
        ("post", f"/api/v1/accounts/{account['id']}/halt", None),
        ("post", f"/api/v1/accounts/{account['id']}/resume", None),
        (
            "post",
            "/api/v1/rules",
            {
                "account_id": account["id"],
                "leader_wallet": OTHER_LEADER,
                "settings": {"fixed_amount_micros": 1_000_000},
            },
        ),
    ]
    for method, path, body in writes:
        if method == "delete":
            response = await mallory.delete(path)
        else:
            response = await getattr(mallory, method)(path, body)
        assert response.status_code == 404, (method, path, response.text)

    after = (await alice.get(f"/api/v1/rules/{rule['id']}")).json()
    assert (after["version"], after["status"]) == (1, "active")
    assert (await alice.get(f"/api/v1/accounts/{account['id']}")).json()[
        "trading_state"
    ] == "active"
    assert len((await alice.get("/api/v1/rules")).json()["items"]) == 1


async def test_account_kill_switch(sign_up: SignUp) -> None:
    user = await sign_up()
    account = await user.account()
    halted = await user.post(f"/api/v1/accounts/{account['id']}/halt", {"reason": "holiday"})
    assert halted.json()["trading_state"] == "halted"
    assert halted.json()["state_reason"] == "holiday"
    resumed = await user.post(f"/api/v1/accounts/{account['id']}/resume")
    assert resumed.json()["trading_state"] == "active"


async def test_pagination_walks_every_row_once(sign_up: SignUp) -> None:
    user = await sign_up()
    for n in range(5):
        await user.post("/api/v1/leaders", {"wallet": "0x" + f"{n + 1:02x}" * 20})
    seen: list[int] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = (await user.get("/api/v1/leaders", params=params)).json()
        seen += [leader["id"] for leader in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == 5
    assert seen == sorted(seen, reverse=True)
    bad = await user.get("/api/v1/leaders", params={"cursor": "!!"})
    assert bad.status_code == 422
    assert bad.json()["error"]["field"] == "cursor"
    too_many = await user.get("/api/v1/leaders", params={"limit": 1000})
    assert too_many.json()["error"]["field"] == "limit"


async def test_leader_fills_are_visible_only_for_leaders_on_your_list(
    db: Database, sign_up: SignUp
) -> None:
    alice, bob = await sign_up(), await sign_up()
    leader = (await alice.post("/api/v1/leaders", {"wallet": LEADER})).json()
    async with db.transaction() as session:
        await leader_fill(
            session,
            leader["id"],
            side=TradeSide.BUY,
            price_micros=420_000,
            size_micros=3_000_000,
            at=NOW,
        )
    fills = (await alice.get(f"/api/v1/leaders/{leader['id']}/fills")).json()["items"]
    assert [(f["price_micros"], f["side"]) for f in fills] == [(420_000, "BUY")]
    assert (await bob.get(f"/api/v1/leaders/{leader['id']}/fills")).status_code == 404
    # Once Bob adds the leader himself, the (public) fills are his to see too.
    await bob.post("/api/v1/leaders", {"wallet": LEADER})
    assert len((await bob.get(f"/api/v1/leaders/{leader['id']}/fills")).json()["items"]) == 1
