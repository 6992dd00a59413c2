"""The emulator over real loopback HTTP: the official CLOB client, Data API paging, Gamma."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import pytest_asyncio
from py_clob_client_v2 import ClobClient
from py_clob_client_v2.clob_types import (
    AssetType,
    BalanceAllowanceParams,
    MarketOrderArgsV2,
    OpenOrderParams,
    OrderArgsV2,
    OrderPayload,
    OrderType,
    TradeParams,
)
from py_clob_client_v2.exceptions import PolyApiException

from polycopy.emulator.book import OrderType as BookOrderType
from polycopy.emulator.server import EmulatorServer, default_state
from polycopy.emulator.state import Market
from polycopy.kit.money import MICRO
from polycopy.venues.polymarket.amounts import Side
from polycopy.venues.polymarket.auth import ApiCreds, l2_headers, serialize_body
from polycopy.venues.polymarket.signing import LocalOrderSigner, PrivateKey

from .conftest import ANVIL_KEY_0, Trader, rest

ADDRESS = PrivateKey.from_hex(ANVIL_KEY_0).address


@pytest_asyncio.fixture
async def server() -> AsyncIterator[EmulatorServer]:
    async with EmulatorServer(default_state(seed=11), run_actors=False) as srv:
        yield srv


def _market(server: EmulatorServer) -> Market:
    return next(iter(server.state.markets.values()))


@pytest.mark.asyncio
async def test_official_client_trades_against_the_emulator(server: EmulatorServer) -> None:
    state = server.state
    market = _market(server)
    yes = str(market.tokens[0][0])
    state.fund(ADDRESS, 1_000 * MICRO)
    client = ClobClient(
        server.base_urls["clob"], chain_id=137, key=ANVIL_KEY_0, signature_type=0, funder=ADDRESS
    )

    def connect_and_buy() -> dict[str, Any]:
        client.set_api_creds(client.create_or_derive_api_key())
        book = client.get_order_book(yes)
        assert client.get_order_book_hash(dict(book)) == book["hash"]
        fok = client.create_and_post_market_order(
            MarketOrderArgsV2(token_id=yes, amount=10, side="BUY"), order_type=OrderType.FOK
        )
        fak = client.create_and_post_market_order(
            MarketOrderArgsV2(token_id=yes, amount=5, side="SELL", order_type=OrderType.FAK),
            order_type=OrderType.FAK,
        )
        # One tick under the best ask: the best bid, but not marketable.
        bid = round(float(book["asks"][-1]["price"]) - 0.01, 2)
        gtc = client.create_and_post_order(
            OrderArgsV2(token_id=yes, price=bid, size=20, side="BUY"), order_type=OrderType.GTC
        )
        open_orders = client.get_open_orders(OpenOrderParams(asset_id=yes))
        return {"book": book, "fok": fok, "fak": fak, "gtc": gtc, "open": open_orders}

    first = await asyncio.to_thread(connect_and_buy)
    best_ask = first["book"]["asks"][-1]["price"]
    assert first["fok"]["success"]
    assert first["fok"]["status"] == "matched"
    assert first["fok"]["makingAmount"] == "10"  # a market BUY spends its whole amount
    # Matched FOK/FAK answers carry no hashes inline; the client resolved them from /data/trades.
    assert first["fok"]["transactionsHashes"][0].startswith("0x")
    assert first["fak"]["status"] == "matched"
    assert first["gtc"]["status"] == "live"
    assert [o["id"] for o in first["open"]] == [first["gtc"]["orderID"]]
    assert first["open"][0]["status"] == "ORDER_STATUS_LIVE"

    # Someone sells into the resting bid: the follower is now the maker.
    seller = "0x" + "bb" * 20
    state.fund(seller, 100 * MICRO)
    state.split(seller, market.condition_id, 100 * MICRO)
    bid = state.books[int(yes)].best(Side.BUY)
    assert bid is not None
    rest(state, seller, int(yes), Side.SELL, bid, 20 * MICRO, BookOrderType.FAK)

    def read_back() -> dict[str, Any]:
        order = client.get_order(first["gtc"]["orderID"])
        trades = client.get_trades()
        fok_trades = client.get_trades(TradeParams(id=first["fok"]["tradeIDs"][0]))
        balance = client.get_balance_allowance(
            BalanceAllowanceParams(asset_type=AssetType.COLLATERAL)
        )
        shares = client.get_balance_allowance(
            BalanceAllowanceParams(asset_type=AssetType.CONDITIONAL, token_id=yes)
        )
        return {
            "order": order,
            "trades": trades,
            "fok_trades": fok_trades,
            "balance": balance,
            "shares": shares,
            "open": client.get_open_orders(),
        }

    second = await asyncio.to_thread(read_back)
    assert second["order"]["status"] == "ORDER_STATUS_MATCHED"
    assert second["order"]["size_matched"] == "20"
    assert second["open"] == []
    sides = sorted((t["trader_side"], t["side"]) for t in second["trades"])
    assert ("MAKER", "SELL") in sides  # the seller's taker SELL, seen from our maker side
    assert ("TAKER", "BUY") in sides
    [fok_trade] = second["fok_trades"]
    assert fok_trade["price"] == best_ask
    assert fok_trade["status"] == "TRADE_STATUS_CONFIRMED"
    wallet = state.wallet(ADDRESS)
    assert second["balance"]["balance"] == str(wallet.pusd)
    assert second["shares"]["balance"] == str(wallet.positions[int(yes)])
    assert wallet.positions[int(yes)] > 20 * MICRO


@pytest.mark.asyncio
async def test_official_client_sees_rejections_and_cancels(server: EmulatorServer) -> None:
    yes = str(_market(server).tokens[0][0])
    server.state.fund(ADDRESS, 10 * MICRO)
    client = ClobClient(server.base_urls["clob"], chain_id=137, key=ANVIL_KEY_0)

    def run() -> tuple[PolyApiException, PolyApiException, dict[str, Any]]:
        client.set_api_creds(client.create_or_derive_api_key())
        with pytest.raises(PolyApiException) as too_big:
            client.create_and_post_order(OrderArgsV2(token_id=yes, price=0.3, size=100, side="BUY"))
        with pytest.raises(PolyApiException) as too_small:
            client.create_and_post_order(OrderArgsV2(token_id=yes, price=0.3, size=2, side="BUY"))
        live = client.create_and_post_order(
            OrderArgsV2(token_id=yes, price=0.3, size=10, side="BUY")
        )
        return too_big.value, too_small.value, client.cancel_order(OrderPayload(live["orderID"]))

    too_big, too_small, cancel = await asyncio.to_thread(run)
    assert too_big.status_code == 400
    assert too_big.error_msg == {"error": "not enough balance / allowance"}
    assert "lower than the minimum: 5" in too_small.error_msg["error"]
    assert len(cancel["canceled"]) == 1
    assert cancel["not_canceled"] == {}


@pytest.mark.asyncio
async def test_l2_requires_a_valid_hmac(server: EmulatorServer) -> None:
    key = server.state.derive_api_key(ADDRESS, 0)
    creds = ApiCreds(key.api_key, key.secret, key.passphrase)
    url = server.base_urls["clob"] + "/data/orders"
    async with httpx.AsyncClient() as http:
        good = l2_headers(
            creds, ADDRESS, method="GET", request_path="/data/orders", body=None, timestamp=1
        )
        assert (await http.get(url, headers=good)).status_code == 200
        # Signing the full path (with the /clob prefix) is not what the client does: refused.
        bad = l2_headers(
            creds, ADDRESS, method="GET", request_path="/clob/data/orders", body=None, timestamp=1
        )
        response = await http.get(url, headers=bad)
    assert response.status_code == 401
    assert response.json() == {"error": "Unauthorized/Invalid api key"}


@pytest.mark.asyncio
async def test_batch_orders_and_cancels(server: EmulatorServer) -> None:
    yes = _market(server).tokens[0][0]
    key = PrivateKey.from_hex(ANVIL_KEY_0)
    server.state.fund(ADDRESS, 100 * MICRO)
    trader = Trader(key, server.state.derive_api_key(ADDRESS, 0), LocalOrderSigner(key))
    creds = ApiCreds(trader.creds.api_key, trader.creds.secret, trader.creds.passphrase)

    def signed(method: str, path: str, payload: object) -> dict[str, Any]:
        body = serialize_body(payload)
        headers = l2_headers(
            creds, ADDRESS, method=method, request_path=path, body=body, timestamp=1
        )
        return {"content": body, "headers": headers}

    batch = [
        trader.limit(yes, Side.BUY, "10", "0.2", salt=1),
        trader.limit(yes, Side.BUY, "1", "0.2", salt=2),
    ]
    async with httpx.AsyncClient(base_url=server.base_urls["clob"]) as http:
        placed = (await http.post("/orders", **signed("POST", "/orders", batch))).json()
        too_many = await http.post("/orders", **signed("POST", "/orders", batch * 8))
        live_id = placed[0]["orderID"]
        cancel = await http.request(
            "DELETE", "/orders", **signed("DELETE", "/orders", [live_id, "0xdead"])
        )
    assert placed[0]["success"] is True
    assert placed[0]["status"] == "live"
    assert placed[1]["success"] is False
    assert "lower than the minimum" in placed[1]["errorMsg"]
    assert too_many.status_code == 400
    assert cancel.json() == {"canceled": [live_id], "not_canceled": {"0xdead": "order not found"}}


@pytest.mark.asyncio
async def test_public_market_data(server: EmulatorServer) -> None:
    market = _market(server)
    yes = str(market.tokens[0][0])
    base = server.base_urls["clob"]
    async with httpx.AsyncClient(base_url=base) as http:
        assert (await http.get("/time")).json() == int(server.state.now())
        assert (await http.get("/version")).json() == {"version": 2}
        book = (await http.get("/book", params={"token_id": yes})).json()
        bids, asks = book["bids"], book["asks"]
        assert [b["price"] for b in bids] == sorted(b["price"] for b in bids)  # best last
        assert [a["price"] for a in asks] == sorted((a["price"] for a in asks), reverse=True)
        mid = (await http.get("/midpoint", params={"token_id": yes})).json()["mid"]
        assert float(mid) == pytest.approx(
            (float(bids[-1]["price"]) + float(asks[-1]["price"])) / 2
        )
        assert (await http.get("/price", params={"token_id": yes, "side": "BUY"})).text == (
            '{"price":' + bids[-1]["price"] + "}"
        )
        assert (
            await http.get("/tick-size", params={"token_id": yes})
        ).text == '{"minimum_tick_size":0.01}'
        assert (await http.get("/neg-risk", params={"token_id": yes})).json() == {"neg_risk": False}
        books = (await http.post("/books", json=[{"token_id": yes}])).json()
        assert books[0]["asset_id"] == yes
        missing = await http.get("/book", params={"token_id": "123"})
        assert missing.status_code == 404
        assert (await http.get("/book", params={"token_id": "abc"})).status_code == 400


async def _make_history(server: EmulatorServer, trades: int) -> str:
    """Let the synthetic leader trade; returns its address."""
    leader = next(a for a in server.state.actors if a.role == "leader")
    provider = next(a for a in server.state.actors if a.role == "liquidity")
    while len(server.state.wallet_activity(leader.address)) < trades:
        provider.step()
        leader.step()
    return leader.address


@pytest.mark.asyncio
async def test_v2_activity_cursor_paging(server: EmulatorServer) -> None:
    leader = await _make_history(server, 25)
    rows = reversed(server.state.wallet_activity(leader))
    expected = [(r.transaction_hash, r.size) for r in rows if r.type == "TRADE"]
    async with httpx.AsyncClient(base_url=server.base_urls["data"]) as http:
        seen: list[tuple[str, float]] = []
        params: dict[str, Any] = {"user": leader, "limit": 7, "type": "TRADE"}
        offsets = []
        while True:
            response = await http.get("/v2/activity", params=params)
            assert response.status_code == 200
            assert response.headers["x-trace-id"]
            page = response.json()
            pagination = page["pagination"]
            assert pagination["has_more"] == (pagination["next_cursor"] is not None)
            assert pagination["limit"] == 7
            offsets.append(pagination["offset"])
            seen += [(row["transaction_hash"], row["size"]) for row in page["data"]]
            assert all(row["proxy_wallet"] == leader for row in page["data"])
            if not pagination["has_more"]:
                break
            params["cursor"] = pagination["next_cursor"]
        assert [(h, round(size * MICRO)) for h, size in seen] == expected
        assert offsets == list(range(0, 7 * len(offsets), 7))

        ascending = (
            await http.get(
                "/v2/activity", params={"user": leader, "limit": 1000, "sort_direction": "ASC"}
            )
        ).json()
        assert [(r["transaction_hash"], r["size"]) for r in ascending["data"]] == seen[::-1]
        row = ascending["data"][0]
        assert isinstance(row["size"], int | float)
        assert row["side"] in ("BUY", "SELL")
        assert row["title"] == "Will the demo market resolve YES?"
        assert row["outcome"] in ("Yes", "No")


@pytest.mark.asyncio
async def test_v2_activity_errors(server: EmulatorServer) -> None:
    leader = await _make_history(server, 1)
    async with httpx.AsyncClient(base_url=server.base_urls["data"]) as http:
        cases = {
            "user": {},
            "limit": {"user": leader, "limit": 1001},
            "offset": {"user": leader, "offset": 10},
            "type": {"user": leader, "type": "TRADE,BOGUS"},
            "sort_by": {"user": leader, "sort_by": "CASH"},
            "cursor": {"user": leader, "cursor": "not-a-cursor"},
        }
        for parameter, params in cases.items():
            response = await http.get("/v2/activity", params=params)
            assert response.status_code == 400, parameter
            body = response.json()
            assert body["code"] == "invalid_request"
            assert body["retryable"] is False
            assert body["parameter"] == parameter
            assert body["trace_id"] == response.headers["x-trace-id"]
            assert set(body) == {"error", "code", "retryable", "trace_id", "parameter"}


@pytest.mark.asyncio
async def test_v1_activity_and_v2_trades(server: EmulatorServer) -> None:
    leader = await _make_history(server, 6)
    liquidity = server.state.addresses("liquidity")[0]
    async with httpx.AsyncClient(base_url=server.base_urls["data"]) as http:
        v1 = (await http.get("/activity", params={"user": leader, "limit": 3, "offset": 1})).json()
        assert len(v1) == 3
        assert {"proxyWallet", "usdcSize", "transactionHash", "asset", "outcomeIndex"} <= set(v1[0])
        assert (
            await http.get("/activity", params={"user": leader, "offset": 5001})
        ).status_code == 400
        assert (await http.get("/activity")).json() == {"error": "user is required"}

        # The leader only takes: it appears in the taker-only feed, the LP only with makers.
        lp_taker = (await http.get("/v2/trades", params={"user": liquidity})).json()["data"]
        lp_all = (
            await http.get("/v2/trades", params={"user": liquidity, "taker_only": "false"})
        ).json()["data"]
        leader_rows = (await http.get("/v2/trades", params={"user": leader})).json()["data"]
        assert lp_taker == []
        assert len(lp_all) >= len(leader_rows) > 0
        assert "usdc_size" not in leader_rows[0]


@pytest.mark.asyncio
async def test_gamma_markets(server: EmulatorServer) -> None:
    market = _market(server)
    async with httpx.AsyncClient(base_url=server.base_urls["gamma"]) as http:
        [found] = (await http.get("/markets", params={"condition_ids": market.condition_id})).json()
        by_token = (
            await http.get("/markets", params={"clob_token_ids": str(market.tokens[1][0])})
        ).json()
        none = (await http.get("/markets", params={"slug": "nope"})).json()
    assert by_token == [found]
    assert none == []
    assert json.loads(found["outcomes"]) == ["Yes", "No"]
    assert json.loads(found["clobTokenIds"]) == [str(t) for t, _ in market.tokens]
    assert len(json.loads(found["outcomePrices"])) == 2
    assert found["orderPriceMinTickSize"] == 0.01
    assert found["orderMinSize"] == 5
    assert found["negRisk"] is False
    assert found["question"] == "Will the demo market resolve YES?"


@pytest.mark.asyncio
async def test_admin_funds_wallets(server: EmulatorServer) -> None:
    async with httpx.AsyncClient(base_url=server.base_urls["admin"]) as http:
        funded = await http.post("/wallets", json={"address": ADDRESS, "pusd": "250.5"})
        assert funded.json() == {"address": ADDRESS.lower(), "pusd": "250.5"}
        assert (await http.post("/wallets", json={"address": "0x12", "pusd": 1})).status_code == 400
        summary = (await http.get("/state")).json()
    assert summary["wallets"][ADDRESS.lower()]["pusd"] == "250.5"
    assert {a["role"] for a in summary["actors"]} == {"leader", "liquidity"}


@pytest.mark.asyncio
async def test_actors_run_as_tasks() -> None:
    state = default_state(seed=5)
    for actor in state.actors:
        actor.interval = 0.01
    leader = state.addresses("leader")[0]
    async with EmulatorServer(state):
        for _ in range(500):
            if len(state.wallet_activity(leader)) >= 3:
                break
            await asyncio.sleep(0.01)
    assert len(state.wallet_activity(leader)) >= 3
