"""Acceptance: the official ``py_clob_client_v2.ClobClient``, pointed at the emulator by its
host alone, sees the CLOB's rejections exactly as it would on Polymarket: HTTP 400 with the
``{"error": ...}`` body, surfaced as ``PolyApiException`` (reference §4.4, §4.5, §4.7, §4.10).

Each rejected order is built and signed by the client itself; only the tampered signature is
edited after signing. A correctly signed twin of each order is accepted, so the rejection is
due to the one defect under test, and nothing of a rejected order reaches the book.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from typing import Any

import pytest
import pytest_asyncio
from py_clob_client_v2 import ClobClient
from py_clob_client_v2.clob_types import (
    CreateOrderOptions,
    OrderArgsV2,
    OrderType,
    PartialCreateOrderOptions,
)
from py_clob_client_v2.exceptions import PolyApiException

from polycopy.emulator.server import EmulatorServer, default_state
from polycopy.emulator.state import Market
from polycopy.kit.money import MICRO
from polycopy.venues.polymarket.signing import PrivateKey

from .conftest import ANVIL_KEY_0

ADDRESS = PrivateKey.from_hex(ANVIL_KEY_0).address
NEG_RISK = Market(
    condition_id="0x" + "4e" * 32,
    question="Will Alice win the election?",
    slug="will-alice-win",
    tokens=((424_242, "Yes"), (434_343, "No")),
    neg_risk=True,
    event_slug="election-winner",
)
ORDER_ID = r"0x[0-9a-f]{64}"


@pytest_asyncio.fixture
async def server() -> AsyncIterator[EmulatorServer]:
    state = default_state(seed=3)
    state.add_market(NEG_RISK)
    state.fund(ADDRESS, 1_000 * MICRO)
    async with EmulatorServer(state, run_actors=False, mine_blocks=False) as srv:
        yield srv


def _client(server: EmulatorServer) -> ClobClient:
    """The official client, unchanged but for the host."""
    client = ClobClient(
        server.base_urls["clob"], chain_id=137, key=ANVIL_KEY_0, signature_type=0, funder=ADDRESS
    )
    client.set_api_creds(client.create_or_derive_api_key())
    return client


def _demo_yes(server: EmulatorServer) -> str:
    market = next(m for m in server.state.markets.values() if not m.neg_risk)
    return str(market.tokens[0][0])


def _refusal(post: Callable[[], Any]) -> PolyApiException:
    with pytest.raises(PolyApiException) as caught:
        post()
    return caught.value


def _tampered(signature: str) -> str:
    """The same 65-byte signature with one byte of ``s`` changed."""
    raw = bytearray(bytes.fromhex(signature.removeprefix("0x")))
    raw[40] ^= 0x01
    return "0x" + raw.hex()


def _my_orders(server: EmulatorServer) -> int:
    return len(server.state.orders_signed_by(ADDRESS))


@pytest.mark.asyncio
async def test_a_tampered_signature_is_refused(server: EmulatorServer) -> None:
    yes = _demo_yes(server)

    def run() -> tuple[PolyApiException, dict[str, Any]]:
        client = _client(server)
        args = OrderArgsV2(token_id=yes, price=0.2, size=10, side="BUY")
        signed = client.create_order(args)
        forged = replace(signed, signature=_tampered(signed.signature))
        refused = _refusal(lambda: client.post_order(forged, OrderType.GTC))
        return refused, client.post_order(signed, OrderType.GTC)

    refused, genuine = await asyncio.to_thread(run)
    assert refused.status_code == 400
    assert refused.error_msg == {"error": "invalid signature"}
    assert genuine["success"] is True
    assert genuine["status"] == "live"
    assert _my_orders(server) == 1  # only the genuine order


@pytest.mark.asyncio
async def test_a_neg_risk_order_signed_for_the_standard_exchange_is_refused(
    server: EmulatorServer,
) -> None:
    yes = str(NEG_RISK.tokens[0][0])

    def run() -> tuple[bool, PolyApiException, dict[str, Any]]:
        client = _client(server)
        args = OrderArgsV2(token_id=yes, price=0.3, size=10, side="BUY")
        # The client asks the venue whether the market is neg-risk (and signs accordingly).
        flagged = client.get_neg_risk(yes)
        wrong = client.create_order(args, PartialCreateOrderOptions(neg_risk=False))
        refused = _refusal(lambda: client.post_order(wrong, OrderType.GTC))
        right = client.create_order(args)  # verifyingContract = the Neg Risk CTF Exchange
        return flagged, refused, client.post_order(right, OrderType.GTC)

    flagged, refused, accepted = await asyncio.to_thread(run)
    assert flagged is True
    assert refused.status_code == 400
    assert refused.error_msg == {"error": "invalid signature"}
    assert accepted["success"] is True
    assert _my_orders(server) == 1


@pytest.mark.asyncio
async def test_an_off_tick_price_is_refused(server: EmulatorServer) -> None:
    yes = _demo_yes(server)

    def run() -> tuple[PolyApiException, PolyApiException]:
        client = _client(server)
        # The client itself refuses a finer tick than the market's, so build with its
        # order builder at tick 0.001: 10 shares at 0.505 on a 0.01 market.
        off_tick = client.builder.build_order(
            OrderArgsV2(token_id=yes, price=0.505, size=10, side="BUY"),
            CreateOrderOptions(tick_size="0.001", neg_risk=False),
        )
        refused = _refusal(lambda: client.post_order(off_tick, OrderType.GTC))
        # An off-tick SELL is refused the same way.
        off_tick_sell = client.builder.build_order(
            OrderArgsV2(token_id=yes, price=0.333, size=10, side="SELL"),
            CreateOrderOptions(tick_size="0.001", neg_risk=False),
        )
        refused_sell = _refusal(lambda: client.post_order(off_tick_sell, OrderType.GTC))
        return refused, refused_sell

    refused, refused_sell = await asyncio.to_thread(run)
    assert refused.status_code == 400
    assert re.fullmatch(
        rf"INVALID_ORDER_MIN_TICK_SIZE: order {ORDER_ID} is invalid\. Price \(0\.505\) breaks "
        r"minimum tick size rule: 0\.01",
        refused.error_msg["error"],
    ), refused.error_msg
    assert refused_sell.status_code == 400
    assert "breaks minimum tick size rule: 0.01" in refused_sell.error_msg["error"]
    assert _my_orders(server) == 0


@pytest.mark.asyncio
async def test_a_size_below_the_minimum_is_refused(server: EmulatorServer) -> None:
    yes = _demo_yes(server)

    def run() -> tuple[PolyApiException, dict[str, Any]]:
        client = _client(server)
        refused = _refusal(
            lambda: client.create_and_post_order(
                OrderArgsV2(token_id=yes, price=0.2, size=4.99, side="BUY")
            )
        )
        accepted = client.create_and_post_order(
            OrderArgsV2(token_id=yes, price=0.2, size=5, side="BUY")
        )
        return refused, accepted

    refused, accepted = await asyncio.to_thread(run)
    assert refused.status_code == 400
    assert list(refused.error_msg) == ["error"]
    assert re.fullmatch(
        rf"order {ORDER_ID} is invalid\. Size \(4\.99\) lower than the minimum: 5",
        refused.error_msg["error"],
    ), refused.error_msg
    assert accepted["success"] is True
    assert _my_orders(server) == 1
