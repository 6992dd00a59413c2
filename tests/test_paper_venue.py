"""Paper and sim fills agree on size, amount and fee for the same book and the same order."""

from __future__ import annotations

import secrets
import time
from decimal import Decimal

import pytest

from polycopy.emulator.server import EmulatorServer, default_state
from polycopy.emulator.synthetic import LiquidityProvider
from polycopy.kit.http import http_client
from polycopy.kit.money import MICRO
from polycopy.signals.types import TradeSide
from polycopy.venues.base import SubmitOutcome
from polycopy.venues.paper import PaperVenue
from polycopy.venues.polymarket.amounts import Side, market_order_amounts
from polycopy.venues.polymarket.clob import ClobPublicClient, PolymarketVenue
from polycopy.venues.polymarket.signing import (
    LocalOrderSigner,
    OrderFields,
    PrivateKey,
    SignatureType,
    new_salt,
    post_order_body,
)
from tests.pipeline_support import utcnow


@pytest.mark.parametrize(("pusd", "worst"), [(Decimal(30), "0.60"), (Decimal(500), "0.55")])
async def test_paper_fill_equals_the_emulators_fill(pusd: Decimal, worst: str) -> None:
    state = default_state(5)
    provider = next(a for a in state.actors if isinstance(a, LiquidityProvider))
    provider.level_size = 300 * MICRO  # several levels deep so the order walks the book
    provider.step()
    key = PrivateKey.from_hex("0x" + secrets.token_hex(32))
    state.fund(key.address, 10_000 * MICRO)
    market = next(iter(state.markets.values()))
    token = market.tokens[0][0]
    signer = LocalOrderSigner(key)
    async with EmulatorServer(state, run_actors=False) as server, http_client(10) as http:
        clob = ClobPublicClient(http, server.base_urls["clob"])
        creds = await clob.derive_api_creds(signer)
        paper = PaperVenue(clob, now=utcnow)
        real = PolymarketVenue(
            http, server.base_urls["clob"], creds=creds, signer_address=key.address, now=utcnow
        )
        tick = Decimal(market.tick_size) / MICRO
        for side, quantity, price in (
            (Side.BUY, pusd, Decimal(worst)),
            (Side.SELL, None, Decimal("0.01")),
        ):
            if quantity is None:  # sell what the buy bought, down to the 0.01 step
                held = state.wallet(key.address).positions[token]
                quantity = Decimal(held // 10_000 * 10_000) / MICRO
            maker, taker = market_order_amounts(side, quantity, price, tick)
            signed = signer.sign_order(
                OrderFields(
                    salt=new_salt(),
                    maker=key.address,
                    signer=key.address,
                    token_id=token,
                    maker_amount=maker,
                    taker_amount=taker,
                    side=side,
                    signature_type=SignatureType.EOA,
                    timestamp_ms=int(time.time() * 1000),
                ),
                neg_risk=False,
            )
            body = post_order_body(signed, owner=creds.api_key, order_type="FAK")
            trade_side = TradeSide(side.name)
            simulated = await paper.submit(body, order_hash=signed.order_hash, side=trade_side)
            sent = await real.submit(body, order_hash=signed.order_hash, side=trade_side)
            assert simulated.outcome is sent.outcome is SubmitOutcome.ACCEPTED
            (p,), (s,) = simulated.fills, sent.fills
            assert p.size_micros == s.size_micros
            assert abs(p.amount_micros - s.amount_micros) <= 10  # per-maker rounding
            assert p.fee_micros == pytest.approx(s.fee_micros, abs=10)
            assert abs(p.price_micros - s.price_micros) <= 1


async def test_paper_fok_is_all_or_nothing_and_never_sends() -> None:
    state = default_state(6)
    key = PrivateKey.from_hex("0x" + secrets.token_hex(32))
    market = next(iter(state.markets.values()))
    signer = LocalOrderSigner(key)
    async with EmulatorServer(state, run_actors=False) as server, http_client(10) as http:
        paper = PaperVenue(ClobPublicClient(http, server.base_urls["clob"]), now=utcnow)
        maker, taker = market_order_amounts(
            Side.BUY, Decimal(1_000_000), Decimal("0.99"), Decimal(market.tick_size) / MICRO
        )
        signed = signer.sign_order(
            OrderFields(
                salt=new_salt(),
                maker=key.address,
                signer=key.address,
                token_id=market.tokens[0][0],
                maker_amount=maker,
                taker_amount=taker,
                side=Side.BUY,
                signature_type=SignatureType.EOA,
                timestamp_ms=int(time.time() * 1000),
            ),
            neg_risk=False,
        )
        orders_before = len(state.orders)
        result = await paper.submit(
            post_order_body(signed, owner="paper", order_type="FOK"),
            order_hash=signed.order_hash,
            side=TradeSide.BUY,
        )
        assert result.outcome is SubmitOutcome.REJECTED
        assert "FOK" in result.error
        assert len(state.orders) == orders_before  # nothing reached the venue
        assert not (await paper.lookup(signed.order_hash, side=TradeSide.BUY)).found
