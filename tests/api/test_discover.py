"""Leader discovery from the leaderboard, over loopback to the emulator's Data API."""

from __future__ import annotations

import httpx

from polycopy.api.app import create_app
from polycopy.emulator.server import EmulatorServer, default_state
from polycopy.emulator.synthetic import LiquidityProvider, SyntheticLeader
from polycopy.kit.db import Database
from tests.api.conftest import PASSWORD, api_settings, register


async def test_discover_lists_leaderboard_wallets_and_marks_yours(db: Database) -> None:
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
            signed = await register(client, "d@example.com")
            csrf = {"X-CSRF-Token": signed.json()["csrf_token"]}
            board = await client.get(
                "/api/v1/leaders/discover", params={"period": "DAY", "order_by": "VOL"}
            )
            assert board.status_code == 200, board.text
            rows = board.json()
            mine = next(r for r in rows if r["wallet"] == leader.address.lower())
            assert mine["volume_micros"] > 0
            assert mine["leader_id"] is None
            assert [r["rank"] for r in rows] == sorted(r["rank"] for r in rows)

            added = await client.post(
                "/api/v1/leaders", json={"wallet": mine["wallet"]}, headers=csrf
            )
            assert added.status_code == 201
            again = await client.get(
                "/api/v1/leaders/discover", params={"period": "DAY", "order_by": "VOL"}
            )
            marked = next(r for r in again.json() if r["wallet"] == mine["wallet"])
            assert marked["leader_id"] == added.json()["id"]

            invalid = await client.get("/api/v1/leaders/discover", params={"limit": 51})
            assert invalid.status_code == 422

    # The Data API gone: a clear 502, not a crash.
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        await client.post(
            "/api/v1/auth/sign-in", json={"email": "d@example.com", "password": PASSWORD}
        )
        gone = await client.get("/api/v1/leaders/discover")
        assert gone.status_code == 502
        assert gone.json()["error"]["code"] == "upstream_error"
