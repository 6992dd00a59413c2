"""Shared emulator fixtures: a controllable clock, a small market and signed-order helpers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from polycopy.emulator.book import OrderType
from polycopy.emulator.state import ApiKey, EmulatorState, Market, OrderRequest
from polycopy.kit.money import MICRO
from polycopy.venues.polymarket.amounts import Side, limit_order_amounts, market_order_amounts
from polycopy.venues.polymarket.signing import (
    LocalOrderSigner,
    OrderFields,
    PrivateKey,
    SignatureType,
    post_order_body,
)

# Anvil's well-known development keys (never funded anywhere real).
ANVIL_KEY_0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
ANVIL_KEY_1 = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"
YES = 1111
NO = 2222
MAKER = "0x" + "aa" * 20


class Clock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@dataclass
class Trader:
    key: PrivateKey
    creds: ApiKey
    signer: LocalOrderSigner

    @property
    def address(self) -> str:
        return self.key.address

    def body(
        self,
        token_id: int,
        side: Side,
        maker_amount: int,
        taker_amount: int,
        order_type: str = "GTC",
        *,
        neg_risk: bool = False,
        post_only: bool = False,
        expiration: int = 0,
        salt: int = 1,
    ) -> dict[str, Any]:
        fields = OrderFields(
            salt=salt,
            maker=self.address,
            signer=self.address,
            token_id=token_id,
            maker_amount=maker_amount,
            taker_amount=taker_amount,
            side=side,
            signature_type=SignatureType.EOA,
            timestamp_ms=1_800_000_000_000 + salt,
            expiration=expiration,
        )
        signed = self.signer.sign_order(fields, neg_risk=neg_risk)
        return post_order_body(signed, self.creds.api_key, order_type, post_only=post_only)

    def limit(
        self, token_id: int, side: Side, size: str, price: str, order_type: str = "GTC", **kw: Any
    ) -> dict[str, Any]:
        maker, taker = limit_order_amounts(side, Decimal(size), Decimal(price), Decimal("0.01"))
        return self.body(token_id, side, maker, taker, order_type, **kw)

    def market(
        self, token_id: int, side: Side, amount: str, price: str, order_type: str = "FOK"
    ) -> dict[str, Any]:
        maker, taker = market_order_amounts(side, Decimal(amount), Decimal(price), Decimal("0.01"))
        return self.body(token_id, side, maker, taker, order_type)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def state(clock: Clock) -> EmulatorState:
    """One market (tick 0.01, min 5) with asks 0.50/0.51 and bids 0.48/0.47 from MAKER."""
    st = EmulatorState(seed=7, clock=clock)
    st.add_market(
        Market(
            condition_id="0x" + "cd" * 32,
            question="Test market?",
            slug="test-market",
            tokens=((YES, "Yes"), (NO, "No")),
            event_slug="test-event",
        )
    )
    st.fund(MAKER, 10_000 * MICRO)
    st.split(MAKER, "0x" + "cd" * 32, 1_000 * MICRO)
    for side, ticks in ((Side.SELL, 50), (Side.SELL, 51), (Side.BUY, 48), (Side.BUY, 47)):
        rest(st, MAKER, YES, side, ticks * 10_000, 100 * MICRO)
    return st


def rest(
    st: EmulatorState,
    address: str,
    token_id: int,
    side: Side,
    price: int,
    size: int,
    order_type: OrderType = OrderType.GTC,
) -> str:
    """Place an unsigned (internal-path) order, GTC by default."""
    order_id = st.internal_order_id()
    st.place_order(
        OrderRequest(
            order_id=order_id,
            owner="internal",
            maker=address,
            signer=address,
            token_id=token_id,
            side=side,
            price=price,
            size=size,
            order_type=order_type,
        )
    )
    return order_id


@pytest.fixture
def make_trader(state: EmulatorState) -> Callable[[str, int], Trader]:
    def make(hex_key: str = ANVIL_KEY_0, pusd: int = 1_000 * MICRO) -> Trader:
        key = PrivateKey.from_hex(hex_key)
        if pusd:
            state.fund(key.address, pusd)
        return Trader(key, state.derive_api_key(key.address, 0), LocalOrderSigner(key))

    return make


@pytest.fixture
def trader(make_trader: Callable[..., Trader]) -> Trader:
    return make_trader()
