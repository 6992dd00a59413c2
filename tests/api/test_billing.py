"""Billing over the API on both backends: plans, subscribe/change/cancel, admin plans with
bad input refused and nothing stored, grant/extend, invoices paid by hand, plan limits on
every create (402 plan_limit, nothing created), downgrades that pause and delete nothing,
and nobody sees another user's subscription or invoices."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from polycopy.api.app import create_app
from polycopy.kit.db import Database
from tests.api.conftest import ADMIN_EMAIL, LEADER, OTHER_LEADER, User, api_settings, register

SignUp = Callable[..., Awaitable[User]]
PLANS = "/api/v1/billing/admin/plans"


def plan(code: str, **overrides: Any) -> dict[str, Any]:
    return {"code": code, "name": code.title(), "price_micros": 30_000_000} | overrides


async def _plans(admin: User) -> list[str]:
    return [p["code"] for p in (await admin.get(PLANS)).json()]


async def test_subscribe_pay_by_hand_and_cancel(sign_up: SignUp) -> None:
    admin, user = await sign_up(ADMIN_EMAIL), await sign_up()
    assert (await admin.post(PLANS, plan("pro"))).status_code == 201
    assert [p["code"] for p in (await user.get("/api/v1/billing/plans")).json()] == ["pro"]
    assert (await user.get("/api/v1/billing/subscription")).status_code == 404

    subscribed = await user.post("/api/v1/billing/subscribe", {"plan_code": "pro"})
    assert subscribed.status_code == 200, subscribed.text
    invoice = subscribed.json()["invoice"]
    assert invoice["amount_micros"] == 30_000_000
    assert invoice["reference"] in invoice["instructions"]
    sub = (await user.get("/api/v1/billing/subscription")).json()
    assert (sub["plan_code"], sub["status"]) == ("pro", "active")

    assert [i["id"] for i in (await admin.get("/api/v1/billing/admin/invoices")).json()] == [
        invoice["id"]
    ]
    paid = await admin.post(
        f"/api/v1/billing/admin/invoices/{invoice['id']}/paid", {"note": "cash"}
    )
    assert paid.status_code == 200, paid.text
    assert (paid.json()["status"], paid.json()["note"]) == ("paid", "cash")
    assert (await admin.get("/api/v1/billing/admin/invoices")).json() == []

    cancelled = await user.post("/api/v1/billing/cancel")
    assert cancelled.json()["subscription"]["status"] == "cancelled"
    audit = (await user.get("/api/v1/audit")).json()["items"]
    assert {"subscribed", "invoice_paid", "subscription_cancelled"} <= {e["action"] for e in audit}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (plan("neg", price_micros=-1), "price_micros"),
        (plan("fee", performance_fee_bps=10_001), "performance_fee_bps"),
        (plan("fee2", performance_fee_bps=-1), "performance_fee_bps"),
        (plan("Bad Code"), "code"),
    ],
)
async def test_bad_plans_are_refused_naming_the_field(
    sign_up: SignUp, body: dict[str, Any], field: str
) -> None:
    admin = await sign_up(ADMIN_EMAIL)
    response = await admin.post(PLANS, body)
    assert response.status_code == 422
    assert field in response.text
    assert await _plans(admin) == []


async def test_unknown_plans_and_non_admins_change_nothing(sign_up: SignUp) -> None:
    admin, user = await sign_up(ADMIN_EMAIL), await sign_up()
    unknown = await user.post("/api/v1/billing/subscribe", {"plan_code": "nope"})
    assert unknown.status_code == 422
    assert unknown.json()["error"]["field"] == "plan_code"
    granted = await admin.post(
        f"/api/v1/billing/admin/users/{user.id}/grant", {"plan_code": "nope"}
    )
    assert granted.status_code == 422
    updated = await admin.client.put(
        f"{PLANS}/nope", json=plan("nope"), headers={"X-CSRF-Token": admin.csrf}
    )
    assert updated.status_code == 422
    assert (await user.get("/api/v1/billing/subscription")).status_code == 404
    assert (await user.post(PLANS, plan("mine"))).status_code == 403
    assert await _plans(admin) == []


async def test_plan_limits_refuse_creates_and_change_nothing(sign_up: SignUp) -> None:
    admin, user = await sign_up(ADMIN_EMAIL), await sign_up()
    small = plan("small", max_follower_accounts=1, max_rules=1, max_api_tokens=0, live_mode=False)
    await admin.post(PLANS, small)
    grant = await admin.post(f"/api/v1/billing/admin/users/{user.id}/grant", {"plan_code": "small"})
    assert grant.status_code == 200, grant.text

    account = await user.account()
    refused = await user.post(
        "/api/v1/accounts", {"label": "two", "mode": "paper", "signature_type": 0}
    )
    assert refused.status_code == 402
    assert refused.json()["error"]["code"] == "plan_limit"
    assert refused.json()["error"]["field"] == "follower_accounts"
    assert len((await user.get("/api/v1/accounts")).json()["items"]) == 1

    await user.rule(account["id"], LEADER)
    second = await user.post(
        "/api/v1/rules",
        {
            "account_id": account["id"],
            "leader_wallet": OTHER_LEADER,
            "settings": {"allocation": "fixed", "fixed_amount_micros": 5_000_000},
        },
    )
    assert second.status_code == 402
    assert len((await user.get("/api/v1/rules")).json()["items"]) == 1

    token = await user.post("/api/v1/tokens", {"name": "ci", "scopes": ["accounts:read"]})
    assert token.status_code == 402
    assert (await user.get("/api/v1/tokens")).json()["items"] == []

    live = await user.post(
        f"/api/v1/accounts/{account['id']}/mode", {"mode": "live", "confirm": True}
    )
    assert live.status_code == 402
    assert (await user.get(f"/api/v1/accounts/{account['id']}")).json()["mode"] == "paper"


async def test_a_downgrade_pauses_what_is_over_and_deletes_nothing(sign_up: SignUp) -> None:
    admin, user = await sign_up(ADMIN_EMAIL), await sign_up()
    await admin.post(PLANS, plan("big", price_micros=60_000_000))
    await admin.post(PLANS, plan("one", max_rules=1))
    await admin.post(f"/api/v1/billing/admin/users/{user.id}/grant", {"plan_code": "big"})
    account = await user.account()
    first = await user.rule(account["id"], LEADER)
    second = await user.rule(account["id"], OTHER_LEADER)

    changed = await user.post("/api/v1/billing/change", {"plan_code": "one"})
    assert changed.status_code == 200, changed.text
    assert changed.json()["paused"] == [f"rule {second['id']} paused: over the plan's rules limit"]
    assert changed.json()["subscription"]["credit_micros"] > 0  # the rest of big, less one
    rules = {r["id"]: r["status"] for r in (await user.get("/api/v1/rules")).json()["items"]}
    assert rules == {first["id"]: "active", second["id"]: "halted"}


async def test_admin_extends_a_period(sign_up: SignUp) -> None:
    admin, user = await sign_up(ADMIN_EMAIL), await sign_up()
    await admin.post(PLANS, plan("pro"))
    await admin.post(f"/api/v1/billing/admin/users/{user.id}/grant", {"plan_code": "pro"})
    before = (await user.get("/api/v1/billing/subscription")).json()["period_end"]
    extended = await admin.post(f"/api/v1/billing/admin/users/{user.id}/extend", {"days": 10})
    assert extended.status_code == 200, extended.text
    assert extended.json()["subscription"]["period_end"] > before
    assert (
        await admin.post(f"/api/v1/billing/admin/users/{user.id}/extend", {"days": 0})
    ).status_code == 422


async def test_nobody_sees_another_users_billing(sign_up: SignUp) -> None:
    admin, owner, other = await sign_up(ADMIN_EMAIL), await sign_up(), await sign_up()
    await admin.post(PLANS, plan("pro"))
    invoice = (await owner.post("/api/v1/billing/subscribe", {"plan_code": "pro"})).json()[
        "invoice"
    ]
    assert (await other.get("/api/v1/billing/subscription")).status_code == 404
    assert (await other.get("/api/v1/billing/invoices")).json() == []
    assert (await other.get("/api/v1/billing/admin/invoices")).status_code == 403
    paid = await other.post(f"/api/v1/billing/admin/invoices/{invoice['id']}/paid", {"note": "x"})
    assert paid.status_code == 403
    assert [i["status"] for i in (await owner.get("/api/v1/billing/invoices")).json()] == ["open"]


async def test_the_free_plan_limits_are_settings(db: Database) -> None:
    app = create_app(api_settings(billing_free_accounts=0), database=db)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        csrf = (await register(client, "free@example.com")).json()["csrf_token"]
        refused = await client.post(
            "/api/v1/accounts",
            json={"label": "x", "mode": "paper", "signature_type": 0},
            headers={"X-CSRF-Token": csrf},
        )
        assert refused.status_code == 402
        assert "free" in refused.json()["error"]["message"]


async def test_two_creates_at_once_cannot_both_take_the_last_place(sign_up: SignUp) -> None:
    admin, user = await sign_up(ADMIN_EMAIL), await sign_up()
    await admin.post(PLANS, plan("one", max_api_tokens=1))
    await admin.post(f"/api/v1/billing/admin/users/{user.id}/grant", {"plan_code": "one"})
    body = {"name": "t", "scopes": ["accounts:read"]}
    answers = await asyncio.gather(*(user.post("/api/v1/tokens", body) for _ in range(2)))
    assert sorted(a.status_code for a in answers) == [201, 402]
    assert len((await user.get("/api/v1/tokens")).json()["items"]) == 1
