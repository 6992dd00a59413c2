"""Webhooks and notification channels reach public addresses only (SSRF): internal IPv4 and
IPv6 destinations, names resolving to them (checked at each delivery, and pinned) and
redirects are refused, at creation with a 422 and at delivery without sending anything;
the operator's allowlist lets a named internal host through. Everything runs on loopback:
names resolve through a table that replaces the policy's resolver, connections are real."""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from fastapi import FastAPI
from pydantic import ValidationError
from sqlalchemy import text

from polycopy.api.app import create_app
from polycopy.config import Settings
from polycopy.kit import outbound
from polycopy.kit.crypto import SecretBox
from polycopy.kit.db import Database
from polycopy.kit.outbound import OutboundClient, OutboundPolicy, is_internal
from polycopy.notifications.destinations import apprise_plugin, send_apprise
from polycopy.notifications.service import send_due
from tests.api.conftest import ADMIN_EMAIL, SECRET_KEY, User, api_settings
from tests.api.receiving import Receiver, receiving

SignUp = Callable[..., Awaitable[User]]
T0 = dt.datetime(2026, 12, 8, 9, 0, tzinfo=dt.UTC)
PUBLIC = "93.184.215.14"  # a public address; never connected to
ALLOWED = "receiver.test"  # the operator's allowlisted internal host (the loopback receiver)

INTERNAL_HOSTS = [
    # IPv4: loopback, private (10/8, 192.168/16, 172.16/12), link-local (cloud metadata),
    # unspecified, multicast
    "127.0.0.1",
    "10.0.0.1",
    "169.254.169.254",
    "192.168.1.1",
    "172.16.0.1",
    "0.0.0.0",
    "224.0.0.1",
    # IPv6: loopback, unique-local, link-local, IPv4-mapped loopback, multicast
    "[::1]",
    "[fd00::1]",
    "[fe80::1]",
    "[::ffff:127.0.0.1]",
    "[ff02::1]",
    # 127.0.0.1 in decimal: a name to a URL parser, loopback once resolved
    "2130706433",
    # Names: the system's localhost, and names resolving (partly) to internal addresses
    "localhost",
    "internal.test",
    "mixed.test",
]


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Names the policy resolves (tests change it to rebind a name); others resolve as usual."""
    table = {
        ALLOWED: ["127.0.0.1"],
        "internal.test": ["10.0.0.7"],
        "mixed.test": [PUBLIC, "10.0.0.7"],  # one internal address is enough to refuse
        "public.test": [PUBLIC],
    }
    system = outbound.lookup

    def lookup(host: str) -> list[outbound.IPAddress]:
        if host in table:
            return [ipaddress.ip_address(a) for a in table[host]]
        return system(host)

    monkeypatch.setattr(outbound, "lookup", lookup)
    return table


@pytest.fixture
def app(db: Database, dns: dict[str, list[str]]) -> FastAPI:
    return create_app(
        api_settings(admin_email=ADMIN_EMAIL, outbound_allow_hosts=[ALLOWED]), database=db
    )


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    async with receiving() as state:
        yield state


@pytest.fixture
async def elsewhere() -> AsyncIterator[Receiver]:
    """Another loopback service, not allowlisted: nothing may ever reach it."""
    async with receiving() as state:
        yield state


def _refused(answer: Any, *, unparsable: bool = False) -> bool:
    """A 422 on ``url`` for its destination (or, for a URL apprise cannot parse, for that)."""
    error = answer.json()["error"]
    reason = "not a URL apprise" if unparsable else "refused destination"
    return bool(
        answer.status_code == 422 and error["field"] == "url" and reason in error["message"]
    )


async def test_internal_destinations_are_refused_at_creation(sign_up: SignUp) -> None:
    user = await sign_up()
    hook = await user.post(
        "/api/v1/webhooks", {"url": "https://public.test/hook", "events": ["ping"]}
    )
    assert hook.status_code == 201, hook.text
    for host in INTERNAL_HOSTS:
        for url in (f"https://{host}/hook", f"http://{host}:8080/hook"):
            created = await user.post("/api/v1/webhooks", {"url": url, "events": ["ping"]})
            assert _refused(created), (url, created.text)
        moved = await user.patch(
            f"/api/v1/webhooks/{hook.json()['id']}", {"url": f"https://{host}/hook"}
        )
        assert _refused(moved), (host, moved.text)
        for url in (
            f"json://{host}:8080/x",
            f"jsons://{host}/x",
            f"ntfys://{host}/topic",
            f"gotify://{host}/token123",
            f"mailtos://user:pass@example.com?smtp={host.strip('[]')}",
        ):
            channel = await user.post(
                "/api/v1/notification-channels", {"label": "x", "url": url, "events": ["ping"]}
            )
            assert _refused(channel, unparsable=apprise_plugin(url) is None), (url, channel.text)
    # Services at fixed public addresses, and a public host, are fine.
    for url in ("tgram://123456789:abcdefg_hijklmnop/987", "json://public.test/x"):
        channel = await user.post(
            "/api/v1/notification-channels", {"label": "x", "url": url, "events": ["ping"]}
        )
        assert channel.status_code == 201, (url, channel.text)
    [listed] = (await user.get("/api/v1/webhooks")).json()["items"]
    assert listed["url"] == "https://public.test/hook"


def test_address_classes() -> None:
    internal = [
        *("127.0.0.1", "10.0.0.1", "169.254.169.254", "192.168.1.1", "172.16.0.1"),
        *("0.0.0.0", "224.0.0.1", "100.64.0.1", "240.0.0.1", "255.255.255.255"),
        *("::1", "::", "fd00::1", "fe80::1", "ff02::1", "fec0::1", "::ffff:127.0.0.1"),
        *("::ffff:10.0.0.1", "64:ff9b::a00:1", "::127.0.0.1"),  # mapped, NAT64, compatible
    ]
    for address in internal:
        assert is_internal(ipaddress.ip_address(address)), address
    for address in (PUBLIC, "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"):
        assert not is_internal(ipaddress.ip_address(address)), address
    policy = OutboundPolicy.parse(["10.1.0.0/16", "[fd00::1]", "Hooks.Internal."])
    assert policy.allows_address(ipaddress.ip_address("10.1.2.3"))
    assert policy.allows_address(ipaddress.ip_address("::ffff:10.1.2.3"))
    assert policy.allows_address(ipaddress.ip_address("fd00::1"))
    assert not policy.allows_address(ipaddress.ip_address("10.2.0.1"))
    assert policy.hosts == {"hooks.internal"}


def test_the_allowlist_setting_is_validated() -> None:
    settings = Settings(outbound_allow_hosts=["hooks.lan", "10.0.0.0/8", "::1"])
    assert settings.outbound_allow_hosts == ["hooks.lan", "10.0.0.0/8", "::1"]
    assert Settings().outbound_allow_hosts == []  # nothing internal by default
    with pytest.raises(ValidationError, match="not a host name"):
        Settings(outbound_allow_hosts=["http://hooks.lan/x"])


async def _hook(user: User, url: str) -> int:
    created = await user.post("/api/v1/webhooks", {"url": url, "events": ["ping"]})
    assert created.status_code == 201, created.text
    hook_id = int(created.json()["id"])
    assert (await user.post(f"/api/v1/webhooks/{hook_id}/ping")).status_code == 204
    return hook_id


async def _deliver(db: Database, policy: OutboundPolicy) -> int:
    async with OutboundClient(policy, 5) as client:
        return await send_due(db, SecretBox(SECRET_KEY), client, now=T0)


async def _log(user: User, hook_id: int) -> dict[str, Any]:
    [delivery] = (await user.get(f"/api/v1/webhooks/{hook_id}/deliveries")).json()["items"]
    return dict(delivery)


async def test_the_allowlist_lets_a_named_internal_host_through_pinned(
    db: Database, sign_up: SignUp, receiver: Receiver
) -> None:
    user = await sign_up()
    hook_id = await _hook(user, f"http://{ALLOWED}:{receiver.port}/hook")
    assert await _deliver(db, OutboundPolicy.parse([ALLOWED])) == 1
    assert (await _log(user, hook_id))["status"] == "delivered"
    # Connected to the address checked (the system cannot resolve this name), under its name.
    [(headers, _)] = receiver.hooks
    assert headers["host"] == f"{ALLOWED}:{receiver.port}"
    # Apprise's connections are pinned the same way.
    url = f"json://{ALLOWED}:{receiver.port}/apprise"
    assert await send_apprise(url, "title", "hello", OutboundPolicy.parse([ALLOWED]))
    assert [m["message"] for m in receiver.messages] == ["hello"]


async def test_delivery_checks_the_destination_again(
    db: Database, sign_up: SignUp, receiver: Receiver, dns: dict[str, list[str]]
) -> None:
    """Without the allowlist, or once a name resolves internally (DNS rebinding), nothing is
    sent, and the log says why in a word."""
    user = await sign_up()
    named = await _hook(user, f"http://{ALLOWED}:{receiver.port}/hook")
    dns["rebind.test"] = [PUBLIC]
    rebound = await _hook(user, f"http://rebind.test:{receiver.port}/hook")
    stored = await _hook(user, f"http://{ALLOWED}:{receiver.port}/hook")
    async with db.transaction() as session:  # saved before addresses were checked
        await session.execute(
            text("UPDATE webhooks SET url = :url WHERE id = :id"),
            {"url": f"http://127.0.0.1:{receiver.port}/hook", "id": stored},
        )
    dns["rebind.test"] = ["127.0.0.1"]
    assert await _deliver(db, OutboundPolicy()) == 0
    for hook_id in (named, rebound, stored):
        delivery = await _log(user, hook_id)
        assert delivery["last_error"] == "refused_destination"
        assert delivery["last_status_code"] is None
        assert delivery["status"] == "pending"  # retried later, checked again then
    assert not await send_apprise(
        f"json://rebind.test:{receiver.port}/apprise", "title", "hello", OutboundPolicy()
    )
    assert receiver.hooks == []
    assert receiver.messages == []


async def test_a_name_rebound_between_check_and_connection_is_refused(
    receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Apprise resolves the name itself after the check: that resolution is checked too."""
    answers = [[PUBLIC], ["127.0.0.1"]]  # the check sees a public address, the connection not
    system = outbound.lookup

    def rebinding(host: str) -> list[outbound.IPAddress]:
        if host != "flip.test":
            return system(host)
        return [ipaddress.ip_address(a) for a in (answers.pop(0) if answers else ["127.0.0.1"])]

    monkeypatch.setattr(outbound, "lookup", rebinding)
    url = f"json://flip.test:{receiver.port}/apprise"
    assert not await send_apprise(url, "title", "hello", OutboundPolicy())
    assert answers == []  # both answers were asked for
    assert receiver.messages == []


async def test_no_redirect_is_followed(
    db: Database, sign_up: SignUp, receiver: Receiver, elsewhere: Receiver
) -> None:
    """An allowed receiver that redirects to an internal service: the second hop is never
    requested."""
    user = await sign_up()
    hook_id = await _hook(user, f"http://{ALLOWED}:{receiver.port}/hook")
    receiver.redirect_to = f"{elsewhere.url}/hook"
    policy = OutboundPolicy.parse([ALLOWED])
    assert await _deliver(db, policy) == 0
    delivery = await _log(user, hook_id)
    assert (delivery["last_status_code"], delivery["last_error"]) == (307, "http_3xx")
    receiver.redirect_to = f"{elsewhere.url}/apprise"
    url = f"json://{ALLOWED}:{receiver.port}/apprise"
    assert not await send_apprise(url, "title", "hello", policy)
    assert elsewhere.hooks == []
    assert elsewhere.messages == []
