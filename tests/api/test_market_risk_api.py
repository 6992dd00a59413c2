"""A market's risk score over the API, read from the emulator's Gamma on loopback: each part
shown, the same score beside the market's name, an unknown market a 404, and with Gamma
gone the figures stored last time."""

from __future__ import annotations

import httpx

from polycopy.api.app import create_app
from polycopy.emulator.server import EmulatorServer, default_state
from polycopy.kit.db import Database
from polycopy.markets.risk import WEIGHTS, RiskPartKey
from tests.api.conftest import PASSWORD, api_settings, register


async def test_a_markets_risk_shows_each_part_and_its_score(db: Database) -> None:
    async with EmulatorServer(default_state(3), run_actors=False) as server:
        condition_id = next(iter(server.state.markets))
        app = create_app(api_settings(gamma_url=server.base_urls["gamma"]), database=db)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as client:
            assert (await client.get(f"/api/v1/markets/{condition_id}/risk")).status_code == 401
            await register(client, "risk@example.com")
            response = await client.get(f"/api/v1/markets/{condition_id}/risk")
            assert response.status_code == 200, response.text
            risk = response.json()
            parts = {p["key"]: p for p in risk["parts"]}
            assert list(parts) == [k.value for k in RiskPartKey]
            assert all(parts[k.value]["weight"] == w for k, w in WEIGHTS.items())
            # The emulator's Gamma states volume, best bid and ask, neg-risk, the end date
            # and the UMA status (none yet): those parts are known.
            for key in ("spread", "volume", "neg_risk", "resolution", "time_to_end"):
                assert parts[key]["points"] is not None, key
            assert parts["resolution"]["points"] == 0
            # Gamma's end date (2030) is far enough for no points: the score holds between
            # calls.
            assert parts["time_to_end"]["points"] == 0
            assert parts["time_to_end"]["value"] > 30 * 86_400
            assert risk["read_at"] is not None
            assert 0 <= risk["score"] <= 100
            named = await client.get("/api/v1/markets", params={"condition_id": [condition_id]})
            assert [m["risk_score"] for m in named.json()] == [risk["score"]]
            missing = await client.get(f"/api/v1/markets/0x{'ee' * 32}/risk")
            assert missing.status_code == 404
    # Gamma gone: the figures stored last time answer.
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        await client.post(
            "/api/v1/auth/sign-in", json={"email": "risk@example.com", "password": PASSWORD}
        )
        again = await client.get(f"/api/v1/markets/{condition_id}/risk")
        assert again.status_code == 200, again.text
        assert again.json()["score"] == risk["score"]
        assert again.json()["read_at"] == risk["read_at"]
