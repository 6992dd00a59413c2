"""The whole product through the API alone, against the emulator: sign up, link an emulator
wallet, add a leader, create a rule; the copy engine runs; the copies, the decisions with
their reasons and the PnL appear in the API."""

from __future__ import annotations

import secrets

import httpx

from polycopy.api.app import create_app
from polycopy.copying.sizing import to_step
from polycopy.emulator.server import EmulatorServer, default_state
from polycopy.emulator.synthetic import SyntheticLeader
from polycopy.kit.crypto import SecretBox
from polycopy.kit.db import Database
from polycopy.kit.http import http_client
from polycopy.kit.money import MICRO
from polycopy.venues.polymarket.signing import PrivateKey
from tests.api.conftest import PASSWORD, SECRET_KEY, api_settings
from tests.pipeline_support import FOLLOWER_FUNDS, Sim


async def test_sign_up_link_follow_copy_and_see_pnl(db: Database) -> None:
    server = EmulatorServer(default_state(11), run_actors=False)
    leader = next(a for a in server.state.actors if isinstance(a, SyntheticLeader))
    key_hex = "0x" + secrets.token_hex(32)
    follower = PrivateKey.from_hex(key_hex).address
    server.state.fund(follower, FOLLOWER_FUNDS)
    async with server, http_client(10) as http:
        app = create_app(api_settings(data_api_url=server.base_urls["data"]), database=db)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver/api/v1"
        ) as api:
            credentials = {"email": "flow@example.com", "password": PASSWORD}
            assert (await api.post("/auth/sign-up", json=credentials)).status_code == 202
            signed = await api.post("/auth/sign-in", json=credentials)
            assert signed.status_code == 200
            api.headers["X-CSRF-Token"] = signed.json()["csrf_token"]
            account = await api.post(
                "/accounts",
                json={
                    "label": "emulator wallet",
                    "mode": "sim",
                    "signature_type": 0,
                    "wallet_address": follower,
                    "credentials": {"private_key": key_hex},
                },
            )
            assert account.status_code == 201, account.text
            added = await api.post("/leaders", json={"wallet": leader.address, "name": "whale"})
            assert added.status_code == 201
            rule = await api.post(
                "/rules",
                json={
                    "account_id": account.json()["id"],
                    "leader_wallet": leader.address,
                    "settings": {"fixed_amount_micros": 5 * MICRO, "max_slippage_bps": 500},
                },
            )
            assert rule.status_code == 201, rule.text

            sim = Sim(server, leader, follower, db, SecretBox(SECRET_KEY), http)
            engine = sim.engine()
            await engine.start()
            sim.leader_trades(buy=True, shares=20 * MICRO)
            await engine.step()

            decisions = (await api.get("/decisions")).json()["items"]
            assert decisions
            assert all(d["action"] == "copy" for d in decisions)
            assert all(d["explanation"] for d in decisions)
            orders = (await api.get("/orders")).json()["items"]
            assert {o["status"] for o in orders} == {"filled"}
            assert all(o["events"] for o in orders)
            fills = (await api.get("/leaders/" + str(added.json()["id"]) + "/fills")).json()
            assert len(fills["items"]) == len(decisions)
            portfolio = (await api.get("/portfolio")).json()
            [position] = portfolio["positions"]
            assert position["size_micros"] == sim.follower_position(int(position["token_id"]))
            assert position["mark"] is not None
            held = position["size_micros"]

            token = int(position["token_id"])
            sim.leader_trades(buy=False, shares=to_step(sim.leader_position(token)))
            await engine.step()
            await engine.step()

            after = (await api.get("/portfolio")).json()
            assert sum(p["size_micros"] for p in after["positions"]) < held
            assert after["totals"]["realized_pnl_micros"] != 0
            lots = (await api.get("/portfolio/lots")).json()["items"]
            assert after["totals"]["realized_pnl_micros"] == sum(
                lot["realized_pnl_micros"] for lot in lots
            )
            [result] = (await api.get("/portfolio/leaders")).json()
            assert result["copied"] == len((await api.get("/decisions")).json()["items"])
            assert result["realized_pnl_micros"] == after["totals"]["realized_pnl_micros"]
            sides = {d["side"] for d in (await api.get("/decisions")).json()["items"]}
            assert sides == {"BUY", "SELL"}
            audit = {e["action"] for e in (await api.get("/audit")).json()["items"]}
            assert {"signed_up", "linked", "created"} <= audit
