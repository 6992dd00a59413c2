"""Webhooks (signed, retried with backoff, delivery log) and apprise channels, delivered over
loopback to a real receiver; scoped to their owner; secrets never shown again."""

from __future__ import annotations

import datetime as dt
import json
import socket
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from fastapi import FastAPI
from sqlalchemy import text

from polycopy.api.app import create_app
from polycopy.copying.types import DecisionAction
from polycopy.kit.crypto import SecretBox
from polycopy.kit.db import Database
from polycopy.kit.outbound import OutboundClient, OutboundPolicy
from polycopy.models import Decision
from polycopy.notifications.service import MAX_ATTEMPTS, dispatch_round, send_due
from polycopy.notifications.signing import SIGNATURE_HEADER, verify
from polycopy.signals.types import TradeSide
from tests.api.conftest import ADMIN_EMAIL, LEADER, SECRET_KEY, User, api_settings
from tests.api.receiving import Receiver, receiving
from tests.api.seed import copied_buy, leader_fill

SignUp = Callable[..., Awaitable[User]]
T0 = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)


# The receivers are on loopback: the operator's allowlist lets webhooks and channels reach it.
ALLOW_LOOPBACK = OutboundPolicy.parse(["127.0.0.1"])


@pytest.fixture
def app(db: Database) -> FastAPI:
    return create_app(
        api_settings(admin_email=ADMIN_EMAIL, outbound_allow_hosts=["127.0.0.1"]), database=db
    )


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    async with receiving() as state:
        yield state


async def test_signed_deliveries_retries_and_channels(
    db: Database, sign_up: SignUp, receiver: Receiver
) -> None:
    alice, bob = await sign_up(), await sign_up()
    account = await alice.account()
    rule = await alice.rule(account["id"], LEADER)
    created = await alice.post(
        "/api/v1/webhooks",
        {
            "url": f"{receiver.url}/hook",
            "events": ["order.filled", "decision.skipped", "state.changed"],
            "description": "my bot",
        },
    )
    assert created.status_code == 201, created.text
    hook = created.json()
    secret = hook["secret"]
    assert secret.startswith("whsec_")
    listed = await alice.get("/api/v1/webhooks")
    assert secret not in listed.text
    channel = await alice.post(
        "/api/v1/notification-channels",
        {
            "label": "ops",
            "url": f"json://127.0.0.1:{receiver.port}/apprise",
            "events": ["state.changed"],
        },
    )
    assert channel.status_code == 201, channel.text
    assert channel.json()["scheme"] == "json"
    assert "apprise" not in (await alice.get("/api/v1/notification-channels")).text
    async with db.transaction() as session:
        dumped = " ".join(
            [
                repr(tuple(r))
                for table in (
                    "webhooks",
                    "notification_channels",
                    "audit_events",
                    "idempotency_records",
                )
                for r in (await session.execute(text(f"SELECT * FROM {table}"))).all()
            ]
        )
    assert secret not in dumped
    assert "/apprise" not in dumped

    box = SecretBox(SECRET_KEY)
    async with OutboundClient(ALLOW_LOOPBACK, 5) as outbound:
        first = await dispatch_round(db, box, outbound, now=T0)  # starts the cursor: no history
        assert first.notices == 0
        async with db.transaction() as session:
            await copied_buy(session, rule["id"], size_micros=2_000_000, at=T0)
            fill = await leader_fill(
                session,
                rule["leader_id"],
                side=TradeSide.BUY,
                price_micros=950_000,
                size_micros=1_000_000,
                at=T0,
            )
            session.add(
                Decision(
                    leader_fill_id=fill.id,
                    copy_rule_id=rule["id"],
                    rule_version=1,
                    follower_account_id=account["id"],
                    action=DecisionAction.SKIP,
                    reason="price_out_of_band",
                    details={
                        "reference_price_micros": 950_000,
                        "price_min_micros": 50_000,
                        "price_max_micros": 900_000,
                    },
                )
            )
        halted = await alice.post(f"/api/v1/accounts/{account['id']}/halt", {"reason": "vacation"})
        assert halted.status_code == 200
        receiver.fail_next = 1  # the first delivery fails: it is retried later
        round_one = await dispatch_round(db, box, outbound, now=T0)
        assert round_one.notices == 3
        assert round_one.messages_sent == 1
        assert round_one.deliveries_sent == 2
        log = (await alice.get(f"/api/v1/webhooks/{hook['id']}/deliveries")).json()["items"]
        pending = [d for d in log if d["status"] == "pending"]
        assert len(pending) == 1
        assert pending[0]["attempts"] == 1
        assert pending[0]["last_status_code"] == 503
        assert pending[0]["last_error"] == "http_5xx"
        # Nothing is due before its backoff ends.
        assert await send_due(db, box, outbound, now=T0 + dt.timedelta(seconds=5)) == 0
        assert await send_due(db, box, outbound, now=T0 + dt.timedelta(seconds=11)) == 1
        # Seen again, an event is not delivered twice.
        await dispatch_round(db, box, outbound, now=T0 + dt.timedelta(seconds=20))
    log = (await alice.get(f"/api/v1/webhooks/{hook['id']}/deliveries")).json()["items"]
    assert sorted(d["status"] for d in log) == ["delivered"] * 3
    assert len(receiver.hooks) == 3
    types = set()
    for headers, body in receiver.hooks:
        assert verify(secret, headers[SIGNATURE_HEADER.lower()], body, now=int(T0.timestamp()) + 11)
        assert not verify(
            "whsec_wrong", headers[SIGNATURE_HEADER.lower()], body, now=int(T0.timestamp())
        )
        payload = json.loads(body)
        types.add(payload["type"])
        assert headers["polycopy-event"] == payload["type"]
    assert types == {"order.filled", "decision.skipped", "state.changed"}
    skipped = next(json.loads(b) for _, b in receiver.hooks if b"decision.skipped" in b)
    assert "0.95" in skipped["data"]["explanation"]
    [message] = receiver.messages
    assert "vacation" in message["message"]

    # Bob sees none of it and can change none of it.
    url = f"/api/v1/webhooks/{hook['id']}"
    assert (await bob.get(url)).status_code == 404
    assert (await bob.get(f"{url}/deliveries")).status_code == 404
    assert (await bob.patch(url, {"active": False})).status_code == 404
    assert (await bob.delete(url)).status_code == 404
    assert (await bob.post(f"{url}/ping")).status_code == 404
    assert (
        await bob.delete(f"/api/v1/notification-channels/{channel.json()['id']}")
    ).status_code == 404
    assert (await bob.get("/api/v1/webhooks")).json()["items"] == []
    assert (await bob.get("/api/v1/notification-channels")).json()["items"] == []
    assert (await alice.get(url)).json()["active"] is True


async def test_a_dead_receiver_is_given_up_after_the_last_attempt(
    db: Database, sign_up: SignUp
) -> None:
    user = await sign_up()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}/gone"
    hook = (await user.post("/api/v1/webhooks", {"url": dead, "events": ["order.filled"]})).json()
    assert (await user.post(f"/api/v1/webhooks/{hook['id']}/ping")).status_code == 204
    box = SecretBox(SECRET_KEY)
    now = T0
    async with OutboundClient(ALLOW_LOOPBACK, 2) as outbound:
        for _ in range(MAX_ATTEMPTS):
            assert await send_due(db, box, outbound, now=now) == 0
            now += dt.timedelta(hours=2)
    [delivery] = (await user.get(f"/api/v1/webhooks/{hook['id']}/deliveries")).json()["items"]
    assert delivery["status"] == "failed"
    assert delivery["attempts"] == MAX_ATTEMPTS
    assert delivery["last_error"] == "connect_error"  # a category, not the error's text


async def test_webhook_input_is_validated(sign_up: SignUp) -> None:
    user = await sign_up()
    for body, field_name in (
        ({"url": "ftp://example.com/x", "events": ["ping"]}, "url"),
        ({"url": "https://example.com/x", "events": []}, "events"),
        ({"url": "https://example.com/x", "events": ["nonsense"]}, "events.0"),
    ):
        answer = await user.post("/api/v1/webhooks", body)
        assert answer.status_code == 422, body
        assert answer.json()["error"]["field"] == field_name
    bad = await user.post(
        "/api/v1/notification-channels", {"label": "x", "url": "nothing://", "events": ["ping"]}
    )
    assert bad.status_code == 422
    assert (await user.get("/api/v1/webhooks")).json()["items"] == []


async def test_a_channel_can_be_tested_and_paused(sign_up: SignUp, receiver: Receiver) -> None:
    alice, bob = await sign_up(), await sign_up()
    created = await alice.post(
        "/api/v1/notification-channels",
        {
            "label": "phone",
            "url": f"json://127.0.0.1:{receiver.port}/apprise",
            "events": ["order.filled"],
        },
    )
    assert created.status_code == 201, created.text
    channel_id = created.json()["id"]
    tested = await alice.post(f"/api/v1/notification-channels/{channel_id}/test")
    assert tested.status_code == 200, tested.text
    assert tested.json()["sent"] is True
    [message] = receiver.messages
    assert "test" in message["title"]
    assert (await bob.post(f"/api/v1/notification-channels/{channel_id}/test")).status_code == 404

    paused = await alice.patch(f"/api/v1/notification-channels/{channel_id}", {"active": False})
    assert paused.status_code == 200, paused.text
    assert paused.json()["active"] is False
    [listed] = (await alice.get("/api/v1/notification-channels")).json()["items"]
    assert listed["active"] is False
    assert (
        await bob.patch(f"/api/v1/notification-channels/{channel_id}", {"active": True})
    ).status_code == 404

    dead = await alice.post(  # nothing listens there: the answer says so, no error
        "/api/v1/notification-channels",
        {"label": "gone", "url": "json://127.0.0.1:9/apprise", "events": ["order.filled"]},
    )
    failed = await alice.post(f"/api/v1/notification-channels/{dead.json()['id']}/test")
    assert failed.status_code == 200
    assert failed.json()["sent"] is False
    assert "did not accept" in failed.json()["message"]
