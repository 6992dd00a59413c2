"""Credentials are checked when linked and when replaced, can be replaced (audited), and
live trading is reached only through the confirmed switch with the doctor's checks.

The venue check (one L2-authenticated call) runs against the emulator over loopback; in sim
without an emulator it is skipped, and only what can be checked offline is.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select, update

from polycopy.accounts.service import quarantine_account
from polycopy.api.app import create_app
from polycopy.emulator.server import EmulatorServer, default_state
from polycopy.kit.crypto import SecretBox
from polycopy.kit.db import Database
from polycopy.models import AuditEvent, FollowerAccount
from polycopy.venues.directory import seal_credentials, signer_from_credentials
from polycopy.venues.polymarket.clob import ClobPublicClient
from tests.api.conftest import ADMIN_EMAIL, User, api_settings, key_address, private_key

SignUp = Callable[..., Awaitable[User]]
MALFORMED = {"api_key": "k-1", "api_secret": "not base64 !!", "api_passphrase": "p-1"}


@pytest.fixture
async def venue() -> AsyncIterator[EmulatorServer]:
    async with EmulatorServer(default_state(5), run_actors=False) as server:
        yield server


@pytest.fixture
def app(db: Database, request: pytest.FixtureRequest) -> FastAPI:
    """The API; with the emulator's CLOB when the test asks for ``venue``."""
    urls: dict[str, str] = {}
    if "venue" in request.fixturenames:
        server: EmulatorServer = request.getfixturevalue("venue")
        urls = {"clob_url": server.base_urls["clob"], "geoblock_url": server.base_urls["geoblock"]}
    return create_app(api_settings(admin_email=ADMIN_EMAIL, **urls), database=db)


def _link_body(key: str, **credentials: Any) -> dict[str, Any]:
    return {
        "label": "main",
        "signature_type": 0,
        "wallet_address": key_address(key),
        "credentials": {"private_key": key, **credentials},
    }


async def _put(user: User, account_id: int, body: dict[str, Any], **headers: str) -> httpx.Response:
    return await user.client.put(
        f"/api/v1/accounts/{account_id}/credentials",
        json=body,
        headers={"X-CSRF-Token": user.csrf, **headers},
    )


async def _audit(db: Database, account_id: int, action: str) -> list[AuditEvent]:
    async with db.transaction() as session:
        stmt = select(AuditEvent).where(
            AuditEvent.entity_type == "follower_account",
            AuditEvent.entity_id == str(account_id),
            AuditEvent.action == action,
        )
        return list((await session.scalars(stmt)).all())


async def _venue_creds(venue: EmulatorServer, key: str) -> dict[str, str]:
    """API credentials the emulator issued to the key's address."""
    async with httpx.AsyncClient() as http:
        creds = await ClobPublicClient(http, venue.base_urls["clob"]).derive_api_creds(
            signer_from_credentials({"private_key": key})
        )
    return {
        "api_key": creds.api_key,
        "api_secret": creds.secret,
        "api_passphrase": creds.passphrase,
    }


async def test_live_mode_is_refused_at_link_time_and_by_any_route_but_the_confirmed_switch(
    sign_up: SignUp,
) -> None:
    alice = await sign_up()
    live = await alice.post("/api/v1/accounts", _link_body(private_key(31)) | {"mode": "live"})
    assert live.status_code == 422
    error = live.json()["error"]
    assert error["field"] == "mode"
    assert "paper" in error["message"]
    assert "/mode" in error["message"]
    assert (await alice.get("/api/v1/accounts")).json()["items"] == []  # nothing linked

    account = await alice.account()
    assert account["mode"] == "paper"
    patched = await alice.patch(f"/api/v1/accounts/{account['id']}", {"mode": "live"})
    assert patched.status_code == 422
    assert (await alice.get(f"/api/v1/accounts/{account['id']}")).json()["mode"] == "paper"


async def test_credentials_that_cannot_sign_are_refused_at_link_time(sign_up: SignUp) -> None:
    """Sim without an emulator: the venue is not asked, what can be checked offline is."""
    alice = await sign_up()
    key = private_key(32)
    cases = [
        (_link_body(key, **MALFORMED), "credentials.api_secret"),
        (
            _link_body(key, api_key="has space", api_secret="c2VjcmV0", api_passphrase="p"),
            "credentials.api_key",
        ),
        (
            _link_body(key, api_key="k", api_secret="c2VjcmV0", api_passphrase="pass\u00e9"),
            "credentials.api_passphrase",
        ),
        (
            _link_body(key) | {"wallet_address": key_address(private_key(33))},
            "credentials.private_key",
        ),
        (
            {
                "label": "deposit",
                "signature_type": 3,
                "wallet_address": key_address(key),
                "funder": key_address(private_key(34)),
                "credentials": {
                    "session_key": private_key(35),
                    "deposit_wallet": key_address(private_key(34)),
                    "session_valid_until": 4_000_000_000,
                },
            },
            "credentials.session_key",
        ),
    ]
    for body, field in cases:
        refused = await alice.post("/api/v1/accounts", body)
        assert refused.status_code == 422, (field, refused.text)
        assert refused.json()["error"]["field"] == field
        assert "not base64 !!" not in refused.text  # the secret is never echoed
    assert (await alice.get("/api/v1/accounts")).json()["items"] == []
    good = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    linked = await alice.post(
        "/api/v1/accounts", _link_body(key, api_key="k", api_secret=good, api_passphrase="p")
    )
    assert linked.status_code == 201, linked.text  # well formed; no venue to ask in sim


async def test_the_venue_is_asked_whether_it_knows_the_credentials(
    venue: EmulatorServer, sign_up: SignUp
) -> None:
    alice = await sign_up()
    key = private_key(36)
    stranger = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    unknown = await alice.post(
        "/api/v1/accounts",
        _link_body(key, api_key="never-issued", api_secret=stranger, api_passphrase="p"),
    )
    assert unknown.status_code == 422
    assert unknown.json()["error"]["field"] == "credentials.api_key"
    assert "refused" in unknown.json()["error"]["message"]
    issued = await alice.post("/api/v1/accounts", _link_body(key, **await _venue_creds(venue, key)))
    assert issued.status_code == 201, issued.text


async def test_replacing_the_credentials_of_a_quarantined_account_lets_its_user_resume_it(
    db: Database, venue: EmulatorServer, sign_up: SignUp
) -> None:
    admin, alice, bob = await sign_up(ADMIN_EMAIL), await sign_up(), await sign_up()
    key = private_key(37)
    account = await alice.account(credentials={"private_key": key})
    async with db.transaction() as session:
        await quarantine_account(session, account["id"], "CLOB api_secret is not valid")
    shown = (await alice.get(f"/api/v1/accounts/{account['id']}")).json()
    assert shown["quarantined"] is True
    assert shown["trading_state"] == "halted"
    assert shown["state_reason"].startswith("quarantined: ")
    listed = (await admin.get("/api/v1/admin/accounts")).json()["items"]
    assert [a["quarantined"] for a in listed if a["id"] == account["id"]] == [True]

    bad = await _put(alice, account["id"], {"credentials": {"private_key": key, **MALFORMED}})
    assert bad.status_code == 422
    assert bad.json()["error"]["field"] == "credentials.api_secret"
    other_key = await _put(alice, account["id"], {"credentials": {"private_key": private_key(38)}})
    assert other_key.status_code == 422  # not the account's signer
    assert other_key.json()["error"]["field"] == "credentials.private_key"
    assert await _audit(db, account["id"], "credentials_replaced") == []

    body = {"credentials": {"private_key": key, **await _venue_creds(venue, key)}}
    assert (await _put(bob, account["id"], body)).status_code == 404
    replaced = await _put(alice, account["id"], body, **{"Idempotency-Key": "replace-1"})
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["quarantined"] is True  # halted until its user resumes it
    again = await _put(alice, account["id"], body, **{"Idempotency-Key": "replace-1"})
    assert again.headers.get("Idempotent-Replayed") == "true"
    (event,) = await _audit(db, account["id"], "credentials_replaced")
    assert event.details == {"quarantined": True}
    assert body["credentials"]["api_secret"] not in str(event.details)

    resumed = await alice.post(f"/api/v1/accounts/{account['id']}/resume")
    assert resumed.status_code == 200, resumed.text
    assert resumed.json()["trading_state"] == "active"
    assert resumed.json()["quarantined"] is False


async def test_the_doctor_explains_credentials_it_cannot_decrypt(
    db: Database, sign_up: SignUp
) -> None:
    alice = await sign_up()
    key = private_key(39)
    account = await alice.account(credentials={"private_key": key})
    elsewhere = seal_credentials(
        SecretBox("another server"), key_address(key), {"private_key": key}
    )
    async with db.transaction() as session:
        await session.execute(
            update(FollowerAccount)
            .where(FollowerAccount.id == account["id"])
            .values(encrypted_credentials=elsewhere)
        )
    doctor = await alice.get(f"/api/v1/accounts/{account['id']}/doctor")
    assert doctor.status_code == 409
    assert doctor.json()["error"]["code"] == "credentials_unusable"
    assert "/credentials" in doctor.json()["error"]["message"]
