"""HTTP faults per service: latency, 5xx and 429 with each service's own error body,
accepted-then-dropped orders, Data API indexing lag; seeded, and switchable at run time."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from py_clob_client_v2 import ClobClient
from py_clob_client_v2.clob_types import MarketOrderArgsV2, OrderType
from py_clob_client_v2.exceptions import PolyApiException

from polycopy.emulator.app import create_app
from polycopy.emulator.faults import FaultSettings, ServiceFaults
from polycopy.emulator.scenario import load_scenario
from polycopy.emulator.server import EmulatorServer, default_state
from polycopy.emulator.state import EmulatorState, Market, OrderStatus
from polycopy.kit.money import MICRO
from polycopy.venues.polymarket.amounts import Side
from polycopy.venues.polymarket.auth import ApiCreds, l2_headers, serialize_body
from polycopy.venues.polymarket.signing import LocalOrderSigner, PrivateKey
from tests.orders.fault_support import until

from .conftest import ANVIL_KEY_0, MAKER, NO, YES, Clock, Trader, rest
from .scenario_support import write_scenario

ADDRESS = PrivateKey.from_hex(ANVIL_KEY_0).address
WAIT_S = 10


@pytest_asyncio.fixture
async def server() -> AsyncIterator[EmulatorServer]:
    async with EmulatorServer(default_state(seed=21), run_actors=False, mine_blocks=False) as srv:
        yield srv


async def _set(server: EmulatorServer, body: dict[str, Any]) -> httpx.Response:
    async with httpx.AsyncClient(base_url=server.base_urls["admin"]) as admin:
        return await admin.post("/faults", json=body)


def _yes(server: EmulatorServer) -> int:
    return next(iter(server.state.markets.values())).tokens[0][0]


async def test_latency_is_added(server: EmulatorServer) -> None:
    assert (await _set(server, {"gamma": {"latency_ms": [150, 250]}})).status_code == 200
    async with httpx.AsyncClient(base_url=server.base_urls["gamma"], timeout=WAIT_S) as http:
        started = time.monotonic()
        slow = await http.get("/markets")
        slowed = time.monotonic() - started
        clob_started = time.monotonic()
        await http.get(server.base_urls["clob"] + "/ok")
        clob_took = time.monotonic() - clob_started
    assert slow.status_code == 200
    assert slowed >= 0.14  # at least the configured minimum (no upper bound is asserted)
    assert clob_took < slowed  # other services are untouched


async def test_5xx_bodies_per_service(server: EmulatorServer) -> None:
    faults = {"error_rate": 1, "error_status": 503, "retry_after_s": 4}
    await _set(server, {"clob": faults, "data": faults, "gamma": faults})
    urls = server.base_urls
    async with httpx.AsyncClient(timeout=WAIT_S) as http:
        clob = await http.get(urls["clob"] + "/book", params={"token_id": _yes(server)})
        data_v2 = await http.get(urls["data"] + "/v2/activity", params={"user": ADDRESS})
        data_v1 = await http.get(urls["data"] + "/activity", params={"user": ADDRESS})
        gamma = await http.get(urls["gamma"] + "/markets")
    for response in (clob, data_v2, data_v1, gamma):
        assert response.status_code == 503
        assert response.headers["retry-after"] == "4"
    assert clob.json() == {"error": "Service Unavailable"}
    assert data_v1.json() == {"error": "Service Unavailable"}
    body = data_v2.json()
    assert body["code"] == "dependency_unavailable"
    assert body["retryable"] is True
    assert body["trace_id"] == data_v2.headers["x-trace-id"]
    assert body["parameter"] is None
    assert gamma.json() == {"type": "internal error", "error": "service unavailable"}
    await _set(server, {"data": {"error_rate": 1}})
    async with httpx.AsyncClient(timeout=WAIT_S) as http:
        internal = await http.get(urls["data"] + "/v2/trades")
    assert internal.status_code == 500
    assert internal.json()["code"] == "internal"
    assert internal.json()["retryable"] is False
    assert "retry-after" not in internal.headers


async def test_429_with_retry_after(server: EmulatorServer) -> None:
    await _set(server, {"data": {"rate_limit_rate": 1, "retry_after_s": 7}})
    async with httpx.AsyncClient(base_url=server.base_urls["data"], timeout=WAIT_S) as http:
        limited = await http.get("/v2/activity", params={"user": ADDRESS})
        v1 = await http.get("/activity", params={"user": ADDRESS})
    assert limited.status_code == 429
    assert v1.status_code == 429
    assert limited.headers["retry-after"] == "7"
    body = limited.json()
    assert body["error"]
    assert body["code"] == "rate_limited"
    assert body["retryable"] is True
    assert set(body) == {"error", "code", "retryable", "trace_id", "parameter"}
    assert v1.json() == {"error": "Too Many Requests"}


async def test_faults_can_be_scoped_to_paths(server: EmulatorServer) -> None:
    await _set(server, {"data": {"error_rate": 1, "paths": ["/v2/trades"]}})
    async with httpx.AsyncClient(base_url=server.base_urls["data"], timeout=WAIT_S) as http:
        assert (await http.get("/v2/trades")).status_code == 500
        assert (await http.get("/v2/activity", params={"user": ADDRESS})).status_code == 200


async def test_same_seed_same_faults() -> None:
    async def statuses(seed: int) -> list[int]:
        state = default_state(seed, clock=Clock())
        state.faults.apply(FaultSettings(gamma=ServiceFaults(error_rate=0.5)))
        transport = httpx.ASGITransport(app=create_app(state))
        async with httpx.AsyncClient(transport=transport, base_url="http://emulator") as http:
            return [(await http.get("/gamma/markets")).status_code for _ in range(40)]

    first = await statuses(3)
    assert first == await statuses(3)
    assert set(first) == {200, 500}
    assert first != await statuses(4)


async def test_accepted_order_then_dropped_connection(server: EmulatorServer) -> None:
    """The order is placed and matched; the client sees a transport error, not a status."""
    state = server.state
    state.fund(ADDRESS, 100 * MICRO)
    key = PrivateKey.from_hex(ANVIL_KEY_0)
    trader = Trader(key, state.derive_api_key(ADDRESS, 0), LocalOrderSigner(key))
    creds = ApiCreds(trader.creds.api_key, trader.creds.secret, trader.creds.passphrase)
    yes = _yes(server)
    order = trader.market(yes, Side.BUY, "10", "0.99", order_type="FOK")
    text = serialize_body(order)
    headers = l2_headers(
        creds, ADDRESS, method="POST", request_path="/order", body=text, timestamp=1
    )
    await _set(server, {"clob": {"drop_order_rate": 1}})
    async with httpx.AsyncClient(base_url=server.base_urls["clob"], timeout=WAIT_S) as http:
        with pytest.raises(httpx.TransportError):
            await http.post("/order", content=text, headers=headers)
        # Nothing else is dropped: reads still answer.
        assert (await http.get("/book", params={"token_id": yes})).status_code == 200
    [placed] = state.orders_signed_by(ADDRESS)
    assert placed.status is OrderStatus.MATCHED
    assert placed.trade_ids
    assert state.wallet(ADDRESS).positions[yes] > 0


async def test_official_client_sees_a_dropped_order_as_an_exception(
    server: EmulatorServer,
) -> None:
    state = server.state
    state.fund(ADDRESS, 100 * MICRO)
    yes = str(_yes(server))
    client = ClobClient(
        server.base_urls["clob"], chain_id=137, key=ANVIL_KEY_0, signature_type=0, funder=ADDRESS
    )

    def connect_and_buy() -> None:
        client.set_api_creds(client.create_or_derive_api_key())
        client.create_and_post_market_order(
            MarketOrderArgsV2(token_id=yes, amount=5, side="BUY"), order_type=OrderType.FOK
        )

    await _set(server, {"clob": {"drop_order_rate": 1, "paths": ["/order"]}})
    with pytest.raises(PolyApiException) as caught:
        await asyncio.wait_for(asyncio.to_thread(connect_and_buy), WAIT_S)
    assert caught.value.status_code is None  # a transport failure, not an HTTP answer
    assert caught.value.error_msg == "Request exception!"
    assert [o.status for o in state.orders_signed_by(ADDRESS)] == [OrderStatus.MATCHED]


async def test_a_held_answer_leaves_when_released_and_lifting_the_hold_keeps_it(
    server: EmulatorServer,
) -> None:
    """``hold_answers``: the answer is made at once and delivered on release; lifting the
    hold answers later requests at once but keeps the held one (so one client's answer can
    be late while others go on)."""
    assert (await _set(server, {"gamma": {"hold_answers": True, "paths": ["/markets"]}})).is_success
    async with httpx.AsyncClient(base_url=server.base_urls["gamma"], timeout=WAIT_S) as http:
        asked = asyncio.create_task(http.get("/markets"))
        await until(lambda: server.state.faults.held == 1, within=WAIT_S)
        assert (await _set(server, {"gamma": {}})).is_success
        later = await http.get("/markets")  # answered at once
        assert later.status_code == 200
        assert not asked.done()
        assert server.state.faults.held == 1
        async with httpx.AsyncClient(base_url=server.base_urls["admin"]) as admin:
            released = (await admin.post("/faults/release")).json()
        assert released == {"released": 1}
        assert (await asked).json() == later.json()
    assert server.state.faults.held == 0


async def test_indexing_lag_delays_every_data_api_view() -> None:
    """A fill shows up on the Data API only ``indexing_lag_s`` emulator seconds later."""
    clock = Clock()
    state = EmulatorState(seed=1, clock=clock)
    market = state.add_market(
        Market("0x" + "cd" * 32, "Lag?", "lag", ((YES, "Yes"), (NO, "No")), event_slug="lag")
    )
    state.fund(MAKER, 1_000 * MICRO)
    state.split(MAKER, market.condition_id, 100 * MICRO)
    taker = "0x" + "dd" * 20
    state.fund(taker, 100 * MICRO)
    state.faults.apply(FaultSettings(data=ServiceFaults(indexing_lag_s=5)))
    clock.now += 100  # the split is long indexed
    rest(state, MAKER, YES, Side.SELL, 500_000, 10 * MICRO)
    rest(state, taker, YES, Side.BUY, 500_000, 10 * MICRO)  # fills at clock.now
    transport = httpx.ASGITransport(app=create_app(state))

    async def views() -> tuple[int, int, int]:
        async with httpx.AsyncClient(transport=transport, base_url="http://emulator") as http:
            activity = (await http.get("/data/v2/activity", params={"user": taker})).json()
            trades = (await http.get("/data/trades", params={"user": taker})).json()
            positions = (await http.get("/data/positions", params={"user": taker})).json()
        return len(activity["data"]), len(trades), len(positions)

    assert await views() == (0, 0, 0)
    clock.now += 4.5
    assert await views() == (0, 0, 0)
    clock.now += 1.5
    assert await views() == (1, 1, 1)
    state.faults.clear("data")
    assert state.faults.indexing_lag() == 0


async def test_admin_faults_endpoints(server: EmulatorServer) -> None:
    async with httpx.AsyncClient(base_url=server.base_urls["admin"], timeout=WAIT_S) as admin:
        bad = await admin.post("/faults", json={"clob": {"error_rate": 2}})
        unknown = await admin.post("/faults", json={"chain": {}})
        not_json = await admin.post("/faults", content=b"{")
        assert (await admin.get("/faults")).json()["clob"]["error_rate"] == 0
        ok = await admin.post("/faults", json={"clob": {"latency_ms": 5, "error_rate": 0.25}})
        shown = (await admin.get("/faults")).json()
        cleared = await admin.delete("/faults", params={"service": "clob"})
        wrong = await admin.delete("/faults", params={"service": "chain"})
    assert bad.status_code == 400
    assert bad.json() == {"error": "clob.error_rate: Input should be less than or equal to 1"}
    assert unknown.status_code == 400
    assert "chain" in unknown.json()["error"]
    assert not_json.status_code == 400
    assert ok.status_code == 200
    assert shown["clob"]["latency_ms"] == [5, 5]
    assert shown["clob"]["error_rate"] == 0.25
    assert shown["data"]["error_rate"] == 0  # services not named are unchanged
    assert cleared.json()["clob"]["error_rate"] == 0
    assert wrong.status_code == 400


def test_scenario_faults_are_live(tmp_path: Path) -> None:
    path = write_scenario(tmp_path, "[faults.data]\nindexing_lag_s = 2.5\nerror_rate = 0.1\n")
    state = load_scenario(path)
    assert str(state.faults.indexing_lag()) == "2.5"
    assert str(state.faults.get("data").error_rate) == "0.1"
