"""Alerts end to end on both backends: checked over the real database, sent to a json://
apprise channel and a signed webhook on loopback; once per episode, rate-limited by the
cooldown, "resolved" when the condition ends; thresholds and states scoped to their owner."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from fastapi import FastAPI
from sqlalchemy import update

from polycopy.admin.repository import RUNTIME_PREFIX, SystemSettingRepository
from polycopy.alerts.service import AlertEvaluator
from polycopy.api.app import create_app
from polycopy.kit.crypto import SecretBox
from polycopy.kit.db import Database
from polycopy.kit.outbound import OutboundClient, OutboundPolicy
from polycopy.models import Order
from polycopy.models.leaders import LeaderDriftRow
from polycopy.notifications.service import send_due
from polycopy.orders.types import OrderStatus
from polycopy.signals.types import TradeSide
from tests.api.conftest import ADMIN_EMAIL, LEADER, SECRET_KEY, User, api_settings
from tests.api.receiving import Receiver, receiving
from tests.api.seed import copied_buy, copied_trade

SignUp = Callable[..., Awaitable[User]]
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


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime.now(dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


def _titles(receiver: Receiver) -> list[str]:
    return [m["title"] for m in receiver.messages]


async def _set_order(db: Database, order_id: int, status: OrderStatus) -> None:
    async with db.transaction() as session:
        await session.execute(update(Order).where(Order.id == order_id).values(status=status))


async def test_fire_once_resolve_and_rate_limit(
    db: Database, sign_up: SignUp, receiver: Receiver
) -> None:
    alice, bob = await sign_up(), await sign_up()
    account = await alice.account()
    rule = await alice.rule(account["id"], LEADER)
    channel = await alice.post(
        "/api/v1/notification-channels",
        {
            "label": "ops",
            "url": f"json://127.0.0.1:{receiver.port}/apprise",
            "events": ["alert.dead_letters", "alert.daily_loss"],
        },
    )
    assert channel.status_code == 201, channel.text
    hook = await alice.post(
        "/api/v1/webhooks", {"url": f"{receiver.url}/hook", "events": ["alert.dead_letters"]}
    )
    assert hook.status_code == 201, hook.text
    settings = await alice.client.put(
        "/api/v1/alerts/settings",
        json={"daily_loss_micros": 1_000_000, "cooldown_seconds": 3600, "drawdown_micros": None},
        headers={"X-CSRF-Token": alice.csrf},
    )
    assert settings.status_code == 200, settings.text
    assert (await alice.get("/api/v1/alerts/settings")).json()["drawdown_micros"] is None
    assert (await bob.get("/api/v1/alerts/settings")).json()["drawdown_micros"] == 50_000_000

    clock, box = Clock(), SecretBox(SECRET_KEY)
    evaluator = AlertEvaluator(db, box, ALLOW_LOOPBACK, now=clock, every=dt.timedelta(minutes=1))
    assert await evaluator.step() == 0  # all calm: states remembered, nothing sent
    states = (await alice.get("/api/v1/alerts")).json()
    assert {s["kind"] for s in states} >= {"dead_letters", "daily_loss", "low_balance"}
    assert not any(s["firing"] for s in states)

    # An order could not be sent: told once to the channel and the webhook.
    async with db.transaction() as session:
        order = await copied_buy(
            session,
            rule["id"],
            size_micros=2_000_000,
            at=clock.now,
            status=OrderStatus.DEAD_LETTERED,
        )
    assert await evaluator.step() == 1
    assert _titles(receiver) == ["Alert: dead letters"]
    assert "could not be sent" in receiver.messages[0]["message"]
    async with OutboundClient(ALLOW_LOOPBACK, 5) as outbound:
        assert await send_due(db, box, outbound, now=clock.now) == 1
    [(headers, body)] = receiver.hooks
    payload = json.loads(body)
    assert headers["polycopy-event"] == "alert.dead_letters"
    assert payload["data"]["state"] == "firing"
    assert payload["data"]["dead_letters"] == 1

    # Still dead-lettered: no second message (one per episode).
    clock.now += dt.timedelta(minutes=1)
    assert await evaluator.step() == 0
    assert len(receiver.messages) == 1

    # Retried: "resolved".
    await _set_order(db, order.id, OrderStatus.SIGNED)
    clock.now += dt.timedelta(minutes=1)
    assert await evaluator.step() == 1
    assert _titles(receiver) == ["Alert: dead letters", "Resolved: dead letters"]

    # Dead again within the cooldown: remembered, not sent; nor is its end.
    await _set_order(db, order.id, OrderStatus.DEAD_LETTERED)
    clock.now += dt.timedelta(minutes=1)
    assert await evaluator.step() == 0
    [dead] = [s for s in (await alice.get("/api/v1/alerts")).json() if s["kind"] == "dead_letters"]
    assert (dead["firing"], dead["notified"], dead["episode"]) == (True, False, 2)
    await _set_order(db, order.id, OrderStatus.SIGNED)
    clock.now += dt.timedelta(minutes=1)
    assert await evaluator.step() == 0
    # After the cooldown, a new episode is told again.
    await _set_order(db, order.id, OrderStatus.DEAD_LETTERED)
    clock.now += dt.timedelta(hours=1)
    assert await evaluator.step() == 1
    assert _titles(receiver)[-1] == "Alert: dead letters"

    # A loss today above the threshold: the daily-loss alert (10 shares bought at 0.41,
    # sold at 0.10: -3.10 pUSD).
    async with db.transaction() as session:
        await copied_buy(session, rule["id"], size_micros=10_000_000, at=clock.now)
        await copied_trade(
            session,
            rule["id"],
            side=TradeSide.SELL,
            leader_price_micros=100_000,
            price_micros=100_000,
            size_micros=10_000_000,
            fee_micros=0,
            at=clock.now,
        )
    assert await evaluator.step() == 1
    assert _titles(receiver)[-1] == "Alert: daily loss"
    assert "$3.1" in receiver.messages[-1]["message"]

    # Bob's own alerts are calm, and he was sent nothing (his checks see none of Alice's).
    assert not any(a["firing"] for a in (await bob.get("/api/v1/alerts")).json())


async def test_operator_alerts_go_to_admins_only(
    db: Database, sign_up: SignUp, receiver: Receiver
) -> None:
    admin, user = await sign_up(ADMIN_EMAIL), await sign_up()
    for who in (admin, user):
        created = await who.post(
            "/api/v1/notification-channels",
            {
                "label": "ops",
                "url": f"json://127.0.0.1:{receiver.port}/apprise",
                "events": ["alert.circuit_breaker", "alert.worker_down"],
            },
        )
        assert created.status_code == 201, created.text
    clock = Clock()

    async def report(at: dt.datetime, breaker: str) -> None:
        async with db.transaction() as session:
            await SystemSettingRepository(session).put(
                RUNTIME_PREFIX + "w1",
                {
                    "reported_at": at.isoformat(),
                    "breakers": [{"name": "clob", "state": breaker}],
                    "rate_limits": {},
                },
            )

    evaluator = AlertEvaluator(
        db, SecretBox(SECRET_KEY), ALLOW_LOOPBACK, now=clock, every=dt.timedelta(minutes=1)
    )
    await report(clock.now, "open")
    assert await evaluator.step() == 1
    clock.now += dt.timedelta(minutes=10)  # w1 silent since, its breaker closed
    await report(clock.now - dt.timedelta(minutes=10), "closed")
    assert await evaluator.step() == 2
    assert sorted(_titles(receiver)) == [
        "Alert: circuit breaker",
        "Alert: worker down",
        "Resolved: circuit breaker",
    ]
    assert len(receiver.messages) == 3  # the plain user got none
    assert (await user.get("/api/v1/alerts")).json() == []


async def test_alert_settings_are_validated(sign_up: SignUp) -> None:
    user = await sign_up()
    for body, name in (
        ({"drawdown_micros": "5"}, "drawdown_micros"),
        ({"daily_loss_micros": 0}, "daily_loss_micros"),
        ({"cooldown_seconds": -1}, "cooldown_seconds"),
        ({"no_such_alert": 1}, "no_such_alert"),
    ):
        response = await user.client.put(
            "/api/v1/alerts/settings", json=body, headers={"X-CSRF-Token": user.csrf}
        )
        assert response.status_code == 422, body
        assert name in response.text
    assert (await user.get("/api/v1/alerts/settings")).json()["cooldown_seconds"] == 900


async def test_leader_drift_is_an_alert_too(
    db: Database, sign_up: SignUp, receiver: Receiver
) -> None:
    alice = await sign_up()
    account = await alice.account()
    rule = await alice.rule(account["id"], LEADER)
    created = await alice.post(
        "/api/v1/notification-channels",
        {
            "label": "ops",
            "url": f"json://127.0.0.1:{receiver.port}/apprise",
            "events": ["alert.leader_drift"],
        },
    )
    assert created.status_code == 201, created.text
    clock = Clock()
    evaluator = AlertEvaluator(
        db, SecretBox(SECRET_KEY), ALLOW_LOOPBACK, now=clock, every=dt.timedelta(minutes=1)
    )
    assert await evaluator.step() == 0
    async with db.transaction() as session:
        session.add(
            LeaderDriftRow(
                leader_id=rule["leader_id"],
                checked_at=clock.now,
                drifting=True,
                episode=1,
                signals=[{"kind": "trade_size", "drifting": True}],
                rules={},
            )
        )
    assert await evaluator.step() == 1
    assert _titles(receiver) == ["Alert: leader drift"]
    assert "trade_size" in receiver.messages[0]["message"]
    async with db.transaction() as session:
        await session.execute(update(LeaderDriftRow).values(drifting=False))
    clock.now += dt.timedelta(minutes=5)
    assert await evaluator.step() == 1
    assert _titles(receiver) == ["Alert: leader drift", "Resolved: leader drift"]
