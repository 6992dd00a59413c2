"""Admin routes: role and scope checks, kill switches, queue, dead letters, health, audit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

import httpx
import pytest
from sqlalchemy import select

from polycopy.admin.runtime import publish_runtime_state
from polycopy.kit.breaker import CircuitBreaker
from polycopy.kit.db import Database
from polycopy.models import AuditEvent, FollowerAccount, LeaderFillSighting, Order, OrderEvent
from polycopy.orders.types import OrderStatus
from polycopy.signals.types import FillSource, TradeSide
from tests.api.conftest import ADMIN_EMAIL, LEADER, User
from tests.api.seed import copied_buy, leader_fill

SignUp = Callable[..., Awaitable[User]]
T0 = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)

ADMIN_GETS = (
    "/api/v1/admin/users",
    "/api/v1/admin/accounts",
    "/api/v1/admin/kill-switch",
    "/api/v1/admin/queue",
    "/api/v1/admin/dead-letters",
    "/api/v1/admin/sources",
    "/api/v1/admin/runtime",
    "/api/v1/admin/audit",
)


async def test_admin_routes_need_the_admin_role_and_scope(
    sign_up: SignUp, client_factory: Callable[[], httpx.AsyncClient]
) -> None:
    admin, user = await sign_up(ADMIN_EMAIL), await sign_up()
    account = await user.account()
    for path in ADMIN_GETS:
        refused = await user.get(path)
        assert refused.status_code == 403, path
        assert refused.json()["error"]["code"] == "admin_required"
        assert (await admin.get(path)).status_code == 200, path
    for method, path, body in (
        ("PUT", "/api/v1/admin/kill-switch", {"on": True}),
        ("POST", f"/api/v1/admin/accounts/{account['id']}/halt", None),
        ("POST", "/api/v1/admin/dead-letters/1/retry", None),
    ):
        refused = await user.client.request(
            method, path, json=body, headers={"X-CSRF-Token": user.csrf}
        )
        assert refused.status_code == 403, path
    # A user cannot mint an admin token; an admin's token needs the admin scope.
    denied = await user.post("/api/v1/tokens", {"name": "x", "scopes": ["admin"]})
    assert denied.status_code == 422
    assert denied.json()["error"]["field"] == "scopes"
    anon = client_factory()
    narrow = (await admin.post("/api/v1/tokens", {"name": "n", "scopes": ["orders:read"]})).json()
    wide = (await admin.post("/api/v1/tokens", {"name": "w", "scopes": ["admin"]})).json()
    bearer = lambda t: {"Authorization": f"Bearer {t['token']}"}  # noqa: E731
    narrow_answer = await anon.get("/api/v1/admin/users", headers=bearer(narrow))
    assert narrow_answer.json()["error"]["code"] == "insufficient_scope"
    listed = await anon.get("/api/v1/admin/users", headers=bearer(wide))
    assert listed.status_code == 200
    emails = {u["email"] for u in listed.json()["items"]}
    assert {ADMIN_EMAIL, user.email} <= emails
    # Admin account listings carry no credentials either.
    accounts = (await admin.get("/api/v1/admin/accounts", params={"user_id": user.id})).json()
    assert [a["id"] for a in accounts["items"]] == [account["id"]]
    assert "credentials" not in accounts["items"][0]


async def test_kill_switches_are_audited_and_visible_to_the_owner(
    db: Database, sign_up: SignUp
) -> None:
    admin, user, other = await sign_up(ADMIN_EMAIL), await sign_up(), await sign_up()
    account = await user.account()
    assert (await admin.get("/api/v1/admin/kill-switch")).json() == {"on": False}
    switched = await admin.client.put(
        "/api/v1/admin/kill-switch", json={"on": True}, headers={"X-CSRF-Token": admin.csrf}
    )
    assert switched.json() == {"on": True}
    assert (await admin.get("/api/v1/admin/kill-switch")).json() == {"on": True}

    halted = await admin.post(
        f"/api/v1/admin/accounts/{account['id']}/halt", {"reason": "suspicious activity"}
    )
    assert halted.status_code == 200
    assert halted.json()["trading_state"] == "halted"
    assert halted.json()["user_id"] == user.id
    assert (await admin.post("/api/v1/admin/accounts/999999/halt")).status_code == 404

    # The owner reads the admin's action in their own audit log; another user does not.
    mine = (await user.get("/api/v1/audit")).json()["items"]
    halt = next(e for e in mine if e["action"] == "state_changed")
    assert halt["actor"] == f"user:{admin.id}"
    assert halt["details"]["reason"] == "suspicious activity"
    theirs = (await other.get("/api/v1/audit")).json()["items"]
    assert all(e["entity_id"] != str(account["id"]) for e in theirs)
    assert not any(e["entity_type"] == "system" for e in mine)
    # The global switch is in the admin's audit view.
    everything = (await admin.get("/api/v1/admin/audit", params={"entity_type": "system"})).json()
    assert [e["details"] for e in everything["items"]] == [{"on": True}]
    async with db.transaction() as session:
        actions = set((await session.scalars(select(AuditEvent.action))).all())
    assert {"set", "state_changed", "signed_up"} <= actions


async def test_queue_dead_letters_and_retry(db: Database, sign_up: SignUp) -> None:
    admin, user = await sign_up(ADMIN_EMAIL), await sign_up()
    account = await user.account()
    rule = await user.rule(account["id"], LEADER)
    async with db.transaction() as session:
        dead = await copied_buy(
            session, rule["id"], size_micros=10_000_000, at=T0, status=OrderStatus.DEAD_LETTERED
        )
        await copied_buy(
            session, rule["id"], size_micros=5_000_000, at=T0, status=OrderStatus.CREATED
        )
    queue = (await admin.get("/api/v1/admin/queue")).json()
    assert queue["by_status"] == {"dead_lettered": 1, "created": 1}
    assert queue["dead_lettered"] == 1
    assert queue["due_now"] == 1
    letters = (await admin.get("/api/v1/admin/dead-letters")).json()["items"]
    assert [o["id"] for o in letters] == [dead.id]
    assert letters[0]["last_error"] == "venue kept failing"

    retried = await admin.post(f"/api/v1/admin/dead-letters/{dead.id}/retry")
    assert retried.status_code == 200, retried.text
    assert retried.json()["status"] == "created"  # never signed: it is signed afresh
    history = (await user.get(f"/api/v1/orders/{dead.id}")).json()["events"]
    assert [e["to_status"] for e in history] == ["dead_lettered", "created"]
    assert history[-1]["details"]["retried_by"] == f"user:{admin.id}"
    again = await admin.post(f"/api/v1/admin/dead-letters/{dead.id}/retry")
    assert again.status_code == 422  # no longer dead-lettered: nothing changes
    assert (await admin.post("/api/v1/admin/dead-letters/999999/retry")).status_code == 404
    async with db.transaction() as session:
        order = await session.get(Order, dead.id)
        assert order is not None
        assert order.status is OrderStatus.CREATED
        events = (
            await session.scalars(select(OrderEvent).where(OrderEvent.order_id == dead.id))
        ).all()
        assert len(events) == 2
        audit = (
            await session.scalars(
                select(AuditEvent).where(AuditEvent.action == "dead_letter_retried")
            )
        ).all()
    assert [(a.actor, a.entity_id) for a in audit] == [(f"user:{admin.id}", str(dead.id))]
    # The owner sees the retry of their order in their audit log.
    mine = (await user.get("/api/v1/audit", params={"entity_type": "order"})).json()["items"]
    assert [e["action"] for e in mine] == ["dead_letter_retried"]
    assert (await admin.get("/api/v1/admin/queue")).json()["by_status"] == {"created": 2}


async def test_detection_health_and_worker_runtime(db: Database, sign_up: SignUp) -> None:
    admin, user = await sign_up(ADMIN_EMAIL), await sign_up()
    rule = await user.rule((await user.account())["id"], LEADER)
    async with db.transaction() as session:
        for n, delay in enumerate((1, 2, 3, 10)):
            fill = await leader_fill(
                session,
                rule["leader_id"],
                side=TradeSide.BUY,
                price_micros=500_000,
                size_micros=1_000_000,
                at=T0 + dt.timedelta(minutes=n),
            )
            session.add(
                LeaderFillSighting(
                    leader_fill_id=fill.id,
                    source=FillSource.RTDS,
                    seen_at=fill.occurred_at + dt.timedelta(seconds=delay),
                )
            )
        breaker = CircuitBreaker("clob POST /order", threshold=1)
        breaker.record_failure(T0)
        await publish_runtime_state(
            session,
            "worker-a",
            breakers=[breaker],
            rate_limits={"clob": {"remaining": 12}},
            now=T0,
        )
    sources = {s["source"]: s for s in (await admin.get("/api/v1/admin/sources")).json()}
    rtds = sources["rtds"]
    assert rtds["sightings"] == 4
    assert rtds["latency_sample"] == 4
    assert rtds["latency_p50_ms"] == 3000
    assert rtds["latency_p95_ms"] == 10_000
    assert sources["data_api"]["first_reports"] == 4  # the seeded fills' first source
    assert sources["data_api"]["cursors"] == 1  # the rule advanced the poller's cursor
    assert sources["chain"]["latency_p50_ms"] is None

    runtime = (await admin.get("/api/v1/admin/runtime")).json()
    [worker] = runtime["workers"]
    assert worker["worker"] == "worker-a"
    assert worker["breakers"][0]["state"] == "open"
    assert worker["rate_limits"] == {"clob": {"remaining": 12}}
    assert set(runtime["api_rate_limits"]) == {"per_ip", "per_user", "sign_in_failures"}


@pytest.mark.parametrize("path", ["/api/v1/admin/users", "/api/v1/admin/queue"])
async def test_admin_routes_need_authentication(
    path: str, client_factory: Callable[[], httpx.AsyncClient]
) -> None:
    answer = await client_factory().get(path)
    assert answer.status_code == 401


async def test_account_owner_scoping_survives_admin_halts(db: Database, sign_up: SignUp) -> None:
    """An admin halting someone's account does not hand it to the admin's own lists."""
    admin, user = await sign_up(ADMIN_EMAIL), await sign_up()
    account = await user.account()
    await admin.post(f"/api/v1/admin/accounts/{account['id']}/halt")
    assert (await admin.get(f"/api/v1/accounts/{account['id']}")).status_code == 404
    assert (await admin.get("/api/v1/accounts")).json()["items"] == []
    async with db.transaction() as session:
        row = await session.get(FollowerAccount, account["id"])
        assert row is not None
        assert row.user_id == user.id
