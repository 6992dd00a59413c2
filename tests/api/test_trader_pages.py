"""What the web app's pages need from the API: the demo's leader on the demo user's list,
unfollowing a leader (refused while a rule copies it) and market names by condition id."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import httpx
from fastapi import FastAPI

from polycopy.api.app import create_app
from polycopy.api.sign_in_link import one_time_sign_in
from polycopy.demo import DEMO_EMAIL, seed_follower
from polycopy.emulator.server import EmulatorServer, default_state
from polycopy.emulator.synthetic import LiquidityProvider, SyntheticLeader
from polycopy.kit.db import Database
from tests.api.conftest import (
    LEADER,
    OTHER_LEADER,
    PASSWORD,
    User,
    api_settings,
    key_address,
    private_key,
    register,
)

SignUp = Callable[..., Awaitable[User]]


async def test_the_demo_leader_is_on_the_demo_users_list(db: Database, app: FastAPI) -> None:
    key = "0x" + "42" * 32
    await seed_follower(db, app.state.context.box, leader_wallet=LEADER, key_hex=key)
    one_time_sign_in(app, DEMO_EMAIL, path="/demo/sign-in", token="demo-token")
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        signed = await client.get("/demo/sign-in", params={"token": "demo-token"})
        assert signed.status_code == 303
        listed = (await client.get("/api/v1/leaders")).json()["items"]
        assert [item["wallet"] for item in listed] == [LEADER]
        leader_id = listed[0]["id"]
        assert (await client.get(f"/api/v1/leaders/{leader_id}")).status_code == 200
        assert (await client.get(f"/api/v1/leaders/{leader_id}/fills")).status_code == 200
        [rule] = (await client.get("/api/v1/rules")).json()["items"]
        assert rule["leader_id"] == leader_id


async def test_a_leader_is_unfollowed_only_once_no_rule_copies_it(sign_up: SignUp) -> None:
    alice, bob = await sign_up(), await sign_up()
    account = await alice.account()
    rule = await alice.rule(account["id"], LEADER)
    leader_id = rule["leader_id"]
    other = (await alice.post("/api/v1/leaders", {"wallet": OTHER_LEADER})).json()["id"]

    refused = await alice.delete(f"/api/v1/leaders/{leader_id}")
    assert refused.status_code == 409, refused.text
    error = refused.json()["error"]
    assert error["code"] == "leader_has_rules"
    assert f"#{rule['id']}" in error["message"]
    assert (await alice.get(f"/api/v1/leaders/{leader_id}")).status_code == 200

    assert (await bob.delete(f"/api/v1/leaders/{other}")).status_code == 404  # not bob's

    assert (await alice.delete(f"/api/v1/leaders/{other}")).status_code == 204
    assert (await alice.delete(f"/api/v1/rules/{rule['id']}")).status_code == 204
    assert (await alice.delete(f"/api/v1/leaders/{leader_id}")).status_code == 204
    assert (await alice.get("/api/v1/leaders")).json()["items"] == []
    assert (await alice.get(f"/api/v1/leaders/{leader_id}")).status_code == 404
    assert (await alice.delete(f"/api/v1/leaders/{leader_id}")).status_code == 404


async def test_markets_are_named_from_gamma_once_then_from_the_database(db: Database) -> None:
    async with EmulatorServer(default_state(3), run_actors=False) as server:
        condition_id, market = next(iter(server.state.markets.items()))
        app = create_app(api_settings(gamma_url=server.base_urls["gamma"]), database=db)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as client:
            await register(client, "m@example.com")
            unknown = "0x" + "ee" * 32
            asked = {"condition_id": [condition_id, unknown]}
            first = await client.get("/api/v1/markets", params=asked)
            assert first.status_code == 200, first.text
            [named] = first.json()  # the market Gamma does not know is left out
            assert named["condition_id"] == condition_id
            assert named["question"] == market.question
            assert [o["outcome"] for o in named["outcomes"]] == [o for _, o in market.tokens]
            assert named["url"].startswith("https://polymarket.com/")
    # Gamma gone: the stored market is still named.
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        await client.post(
            "/api/v1/auth/sign-in", json={"email": "m@example.com", "password": PASSWORD}
        )
        again = await client.get("/api/v1/markets", params={"condition_id": [condition_id]})
        assert [m["question"] for m in again.json()] == [market.question]
        too_many = await client.get("/api/v1/markets", params={"condition_id": ["x"] * 101})
        assert too_many.status_code == 422


async def test_a_paper_account_needs_no_key_and_a_key_names_its_signer(sign_up: SignUp) -> None:
    alice = await sign_up()
    paper = await alice.post(
        "/api/v1/accounts", {"label": "paper", "mode": "paper", "signature_type": 0}
    )
    assert paper.status_code == 201, paper.text
    made = paper.json()
    assert made["has_credentials"] is True
    assert made["wallet_address"] == made["funder"]  # the key polycopy made signs and funds
    proxy = "0x" + "12" * 20
    behind = await alice.post(
        "/api/v1/accounts",
        {"label": "proxy", "signature_type": 1, "funder": proxy},
    )
    assert behind.status_code == 201, behind.text
    assert behind.json()["funder"] == proxy
    assert behind.json()["wallet_address"] not in (proxy, made["wallet_address"])

    key = private_key(61)
    derived = await alice.post(
        "/api/v1/accounts",
        {"label": "mine", "signature_type": 0, "credentials": {"private_key": key}},
    )
    assert derived.status_code == 201, derived.text
    assert derived.json()["wallet_address"] == key_address(key).lower()

    refused = [
        ({"label": "x", "signature_type": 0, "wallet_address": proxy}, "wallet_address"),
        ({"label": "x", "signature_type": 3, "funder": proxy}, "credentials"),
        (
            {"label": "x", "signature_type": 0, "credentials": {"private_key": "0x" + "00" * 32}},
            "credentials.private_key",
        ),
    ]
    for body, field in refused:
        answer = await alice.post("/api/v1/accounts", body)
        assert answer.status_code == 422, (field, answer.text)
        assert answer.json()["error"]["field"] == field
    assert len((await alice.get("/api/v1/accounts")).json()["items"]) == 3


async def test_sessions_are_listed_and_one_can_be_signed_out(
    sign_up: SignUp, client_factory: Callable[[], httpx.AsyncClient]
) -> None:
    alice = await sign_up()
    other = client_factory()
    await other.post("/api/v1/auth/sign-in", json={"email": alice.email, "password": PASSWORD})
    listed = (await alice.get("/api/v1/me/sessions")).json()
    assert len(listed) == 2
    [mine] = [s for s in listed if s["current"]]
    [theirs] = [s for s in listed if not s["current"]]
    assert (await other.get("/api/v1/me")).status_code == 200
    assert (await alice.delete(f"/api/v1/me/sessions/{theirs['id']}")).status_code == 204
    assert (await other.get("/api/v1/me")).status_code == 401
    assert [s["id"] for s in (await alice.get("/api/v1/me/sessions")).json()] == [mine["id"]]
    assert (await alice.delete(f"/api/v1/me/sessions/{theirs['id']}")).status_code == 404
    bob = await sign_up()
    assert (await bob.delete(f"/api/v1/me/sessions/{mine['id']}")).status_code == 404


async def test_a_wallet_is_looked_up_before_it_is_added(db: Database) -> None:
    async with EmulatorServer(default_state(5), run_actors=False) as server:
        leader = next(a for a in server.state.actors if isinstance(a, SyntheticLeader))
        liquidity = next(a for a in server.state.actors if isinstance(a, LiquidityProvider))
        for _ in range(10):
            liquidity.step()
            leader.step()
        app = create_app(api_settings(data_api_url=server.base_urls["data"]), database=db)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as client:
            signed = await register(client, "lookup@example.com")
            wallet = leader.address.lower()
            found = await client.get("/api/v1/leaders/lookup", params={"wallet": wallet})
            assert found.status_code == 200, found.text
            assert found.json()["has_activity"] is True
            assert found.json()["last_activity_at"] is not None
            assert found.json()["leader_id"] is None
            assert (await client.get("/api/v1/leaders")).json()["items"] == []  # not added

            unused = await client.get("/api/v1/leaders/lookup", params={"wallet": "0x" + "9" * 40})
            assert unused.json() | {"wallet": None} == {
                "wallet": None,
                "leader_id": None,
                "has_activity": False,
                "last_activity_at": None,
            }
            bad = await client.get("/api/v1/leaders/lookup", params={"wallet": "0x12"})
            assert bad.status_code == 422

            csrf = {"X-CSRF-Token": signed.json()["csrf_token"]}
            added = await client.post("/api/v1/leaders", json={"wallet": wallet}, headers=csrf)
            again = await client.get("/api/v1/leaders/lookup", params={"wallet": wallet})
            assert again.json()["leader_id"] == added.json()["id"]
