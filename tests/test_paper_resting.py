"""The paper venue's resting orders: the marketable part fills now, the rest rests at its
limit and fills when a later book crosses it; GTD orders expire, cancels close."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from decimal import Decimal

from polycopy.emulator.book import OrderType
from polycopy.emulator.server import EmulatorServer, default_state
from polycopy.emulator.state import EmulatorState, OrderRequest
from polycopy.emulator.synthetic import LiquidityProvider
from polycopy.kit.http import http_client
from polycopy.kit.money import MICRO
from polycopy.signals.types import TradeSide
from polycopy.venues.base import SubmitOutcome
from polycopy.venues.paper import PaperVenue
from polycopy.venues.polymarket.amounts import Side, limit_order_amounts
from polycopy.venues.polymarket.clob import ClobPublicClient


@dataclass
class Book:
    state: EmulatorState
    token: int
    clock: list[float]

    def only_ask(self, price: int, shares: int) -> None:
        """Every ask goes; one trader offers ``shares`` at ``price``."""
        provider = next(a for a in self.state.actors if isinstance(a, LiquidityProvider))
        asks = [o.order_id for o in self.state.live_orders(provider.address) if o.side is Side.SELL]
        self.state.cancel(asks, provider.address)
        seller = "0x" + secrets.token_hex(20)
        market = self.state.market_for_token(self.token)
        assert market is not None
        self.state.fund(seller, 100 * MICRO)
        self.state.split(seller, market.condition_id, 50 * MICRO)
        self.state.place_order(
            OrderRequest(
                order_id=self.state.internal_order_id(),
                owner=self.state.derive_api_key(seller, 0).api_key,
                maker=seller,
                signer=seller,
                token_id=self.token,
                side=Side.SELL,
                price=price,
                size=shares,
                order_type=OrderType.GTC,
            )
        )


@asynccontextmanager
async def paper_venue() -> AsyncIterator[tuple[PaperVenue, Book]]:
    clock = [1_900_000_000.0]
    state = default_state(3, clock=lambda: clock[0])
    token = next(iter(state.markets.values())).tokens[0][0]
    async with EmulatorServer(state, run_actors=False) as server, http_client(10) as http:
        clob = ClobPublicClient(http, server.base_urls["clob"])
        venue = PaperVenue(clob, now=lambda: dt.datetime.fromtimestamp(clock[0], dt.UTC))
        yield venue, Book(state, token, clock)


def limit_buy(token: int, shares: str, price: str, kind: str, expiration: int = 0) -> dict:
    maker, taker = limit_order_amounts(Side.BUY, Decimal(shares), Decimal(price), Decimal("0.01"))
    order = {
        "tokenId": str(token),
        "makerAmount": str(maker),
        "takerAmount": str(taker),
        "expiration": str(expiration),
    }
    return {"order": order, "orderType": kind}


async def test_the_marketable_part_fills_now_and_the_rest_fills_when_the_book_crosses_it() -> None:
    async with paper_venue() as (venue, book):
        book.only_ask(500_000, 5 * MICRO)
        answer = await venue.submit(
            limit_buy(book.token, "20", "0.51", "GTC"), order_hash="0xa", side=TradeSide.BUY
        )
        assert answer.outcome is SubmitOutcome.ACCEPTED
        assert answer.venue_status == "live"
        (now,) = answer.fills
        assert (now.size_micros, now.price_micros, now.venue_trade_id) == (
            5 * MICRO,
            500_000,
            "0xa",
        )

        found = await venue.lookup("0xa", side=TradeSide.BUY)
        assert found.open
        assert len(found.fills) == 1  # nothing crosses 0.51 yet

        book.only_ask(490_000, 10 * MICRO)  # a seller comes down through the limit
        found = await venue.lookup("0xa", side=TradeSide.BUY)
        assert found.open
        later = found.fills[-1]
        # A maker fills at its own limit and pays no fee.
        assert (later.size_micros, later.price_micros, later.fee_micros) == (10 * MICRO, 510_000, 0)
        assert later.venue_trade_id == "0xa:2"
        again = await venue.lookup("0xa", side=TradeSide.BUY)
        assert [f.venue_trade_id for f in again.fills] == ["0xa", "0xa:2"]  # each trade once

        cancelled = await venue.cancel(["0xa"])
        assert cancelled.canceled == ["0xa"]
        found = await venue.lookup("0xa", side=TradeSide.BUY)
        assert not found.open
        assert found.venue_status == "canceled"
        assert sum(f.size_micros for f in found.fills) == 15 * MICRO
        assert (await venue.cancel(["0xa"])).not_canceled == {"0xa": "order not found or not live"}


async def test_a_paper_gtd_order_expires_and_a_fak_never_rests() -> None:
    async with paper_venue() as (venue, book):
        book.only_ask(600_000, 5 * MICRO)
        expiration = int(book.clock[0]) + 120
        body = limit_buy(book.token, "10", "0.50", "GTD", expiration)
        answer = await venue.submit(body, order_hash="0xd", side=TradeSide.BUY)
        assert (answer.venue_status, answer.fills) == ("live", [])
        book.clock[0] += 119
        assert (await venue.lookup("0xd", side=TradeSide.BUY)).open
        book.clock[0] += 1
        found = await venue.lookup("0xd", side=TradeSide.BUY)
        assert not found.open
        assert found.venue_status == "canceled"
        assert found.fills == []

        fak = await venue.submit(
            limit_buy(book.token, "10", "0.50", "FAK"), order_hash="0xf", side=TradeSide.BUY
        )
        assert fak.outcome is SubmitOutcome.REJECTED  # nothing marketable, nothing rests
