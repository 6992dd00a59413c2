"""Helpers for the real-time channel tests: a served state, bounded receives, signed posts.

Every wait is bounded, so a channel that stays silent fails the test instead of hanging it.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import ClientConnection

from polycopy.emulator.realtime import RealtimeConfig
from polycopy.emulator.server import EmulatorServer
from polycopy.emulator.state import EmulatorState
from polycopy.venues.polymarket.auth import ApiCreds, l2_headers, serialize_body

from .conftest import Trader

TIMEOUT = 5.0
CONDITION = "0x" + "cd" * 32


@asynccontextmanager
async def serve(state: EmulatorState, **config: Any) -> AsyncIterator[EmulatorServer]:
    """The state on a loopback port, no actors, no miner (tests mine by hand), no RTDS lag."""
    settings = {"rtds_lag": 0.0, "confirmations": 2, **config}
    async with EmulatorServer(
        state, run_actors=False, mine_blocks=False, realtime=RealtimeConfig(**settings)
    ) as server:
        yield server


async def recv_text(ws: ClientConnection, within: float = TIMEOUT) -> str:
    message = await asyncio.wait_for(ws.recv(), within)
    assert isinstance(message, str)
    return message


async def recv(ws: ClientConnection, within: float = TIMEOUT) -> Any:
    return json.loads(await recv_text(ws, within))


async def recv_events(ws: ClientConnection, within: float = TIMEOUT) -> list[dict[str, Any]]:
    """One frame as a list of events (the channels send an object or an array)."""
    message = await recv(ws, within)
    return message if isinstance(message, list) else [message]


async def assert_silent(ws: ClientConnection, seconds: float = 0.3) -> None:
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(ws.recv(), seconds)


async def barrier(ws: ClientConnection, ping: str = "PING", pong: str = "PONG") -> None:
    """Frames are ordered: if the next frame after a ping is the pong, nothing came before."""
    await ws.send(ping)
    assert await recv_text(ws) == pong


async def post_order(server: EmulatorServer, trader: Trader, body: dict[str, Any]) -> Any:
    """POST /order over HTTP with L2 headers, as a client does; returns the JSON answer."""
    creds = ApiCreds(trader.creds.api_key, trader.creds.secret, trader.creds.passphrase)
    text = serialize_body(body)
    headers = l2_headers(
        creds, trader.address, method="POST", request_path="/order", body=text, timestamp=1
    )
    async with httpx.AsyncClient(base_url=server.base_urls["clob"]) as http:
        response = await http.post("/order", content=text, headers=headers)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["success"], answer
    return answer


async def cancel_order(server: EmulatorServer, trader: Trader, order_id: str) -> Any:
    creds = ApiCreds(trader.creds.api_key, trader.creds.secret, trader.creds.passphrase)
    text = serialize_body({"orderID": order_id})
    headers = l2_headers(
        creds, trader.address, method="DELETE", request_path="/order", body=text, timestamp=1
    )
    async with httpx.AsyncClient(base_url=server.base_urls["clob"]) as http:
        response = await http.request("DELETE", "/order", content=text, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def activity(server: EmulatorServer, address: str) -> list[dict[str, Any]]:
    """The wallet's Data API v2 TRADE rows, newest first."""
    async with httpx.AsyncClient(base_url=server.base_urls["data"]) as http:
        response = await http.get("/v2/activity", params={"user": address, "type": "TRADE"})
    assert response.status_code == 200, response.text
    rows: list[dict[str, Any]] = response.json()["data"]
    return rows


async def admin(server: EmulatorServer, path: str, body: dict[str, Any]) -> Any:
    async with httpx.AsyncClient(base_url=server.base_urls["admin"]) as http:
        response = await http.post(path, json=body)
    assert response.status_code == 200, response.text
    return response.json()
