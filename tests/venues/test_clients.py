"""The REST clients over real loopback HTTP against the emulator (a mock transport only
where a venue response header cannot be produced by the emulator)."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import httpx
import pytest

from polycopy.emulator.server import EmulatorServer, default_state
from polycopy.emulator.state import Market
from polycopy.kit.money import MICRO
from polycopy.signals.types import TradeSide
from polycopy.venues.base import SubmitOutcome
from polycopy.venues.polymarket import errors
from polycopy.venues.polymarket.amounts import Side, limit_order_amounts, market_order_amounts
from polycopy.venues.polymarket.auth import ApiCreds
from polycopy.venues.polymarket.clob import ClobPublicClient, ClobTradingClient, PolymarketVenue
from polycopy.venues.polymarket.data_api import DataApiClient, PagingLimitError
from polycopy.venues.polymarket.gamma import GammaClient, MarketNotTradableError
from polycopy.venues.polymarket.ratelimit import CLOB_LIMITS, RateLimiter
from polycopy.venues.polymarket.signers import SealedKey
from polycopy.venues.polymarket.signing import (
    LocalOrderSigner,
    OrderFields,
    SignatureType,
    SignedOrder,
    new_salt,
    post_order_body,
)

# Well-known public test key (anvil / hardhat account #0). Never real funds.
KEY_HEX = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
SIGNER = LocalOrderSigner(SealedKey.from_hex(KEY_HEX))


@dataclass
class Venue:
    server: EmulatorServer
    http: httpx.AsyncClient
    creds: ApiCreds
    market: Market

    @property
    def urls(self) -> dict[str, str]:
        return self.server.base_urls

    @property
    def token(self) -> int:
        return self.market.tokens[0][0]

    @property
    def public(self) -> ClobPublicClient:
        return ClobPublicClient(self.http, self.urls["clob"])

    @property
    def trading(self) -> ClobTradingClient:
        return ClobTradingClient(
            self.http, self.urls["clob"], creds=self.creds, signer_address=SIGNER.address
        )

    def best(self, side: Side) -> Decimal:
        best = self.server.state.books[self.token].best(side)
        assert best is not None
        return Decimal(best) / MICRO

    def sign(self, side: Side, maker: int, taker: int) -> SignedOrder:
        fields = OrderFields(
            salt=new_salt(),
            maker=SIGNER.address,
            signer=SIGNER.address,
            token_id=self.token,
            maker_amount=maker,
            taker_amount=taker,
            side=side,
            signature_type=SignatureType.EOA,
            timestamp_ms=1_761_950_000_000,
        )
        return SIGNER.sign_order(fields, neg_risk=self.market.neg_risk)

    def limit(self, side: Side, size: str, price: Decimal) -> SignedOrder:
        tick = Decimal(self.market.tick_size) / MICRO
        return self.sign(side, *limit_order_amounts(side, Decimal(size), price, tick))

    def buy_now(self, pusd: str) -> SignedOrder:
        tick = Decimal(self.market.tick_size) / MICRO
        worst = self.best(Side.SELL) + 5 * tick
        return self.sign(Side.BUY, *market_order_amounts(Side.BUY, Decimal(pusd), worst, tick))

    def body(self, signed: SignedOrder, order_type: str = "GTC") -> dict[str, Any]:
        return post_order_body(signed, self.creds.api_key, order_type)


@pytest.fixture
async def venue() -> AsyncIterator[Venue]:
    async with (
        EmulatorServer(default_state(11), run_actors=False) as server,
        httpx.AsyncClient(timeout=10) as http,
    ):
        server.state.fund(SIGNER.address, 1_000 * MICRO)
        creds = await ClobPublicClient(http, server.base_urls["clob"]).derive_api_creds(SIGNER)
        market = next(iter(server.state.markets.values()))
        yield Venue(server, http, creds, market)


async def test_public_market_data(venue: Venue) -> None:
    public, token = venue.public, str(venue.token)
    book = await public.book(token)
    assert book.asset_id == token
    assert book.bids[-1].price == venue.best(Side.BUY)  # best last
    assert book.asks[-1].price == venue.best(Side.SELL)
    assert book.tick_size == Decimal("0.01")
    [again] = await public.books([token])
    assert again.bids == book.bids
    assert await public.price(token, "BUY") == venue.best(Side.BUY)
    assert await public.midpoint(token) == (venue.best(Side.BUY) + venue.best(Side.SELL)) / 2
    assert await public.spread(token) == venue.best(Side.SELL) - venue.best(Side.BUY)
    assert await public.tick_size(token) == Decimal("0.01")
    assert await public.neg_risk(token) is venue.market.neg_risk
    assert await public.fee_rate_bps(token) == venue.market.fee_rate_bps
    info = await public.clob_market(venue.market.condition_id)
    assert [t.token_id for t in info.tokens] == [str(t) for t, _ in venue.market.tokens]
    assert info.min_order_size == 5
    assert abs(await public.server_time() - dt.datetime.now(dt.UTC).timestamp()) < 5
    with pytest.raises(errors.NotFoundError):
        await public.book("1")
    with pytest.raises(errors.InvalidRequestError):
        await public.book("not-a-token")


async def test_resting_orders_look_ups_and_cancels(venue: Venue) -> None:
    trading = venue.trading
    low = venue.best(Side.BUY) - Decimal("0.05")
    first, second, third = (venue.limit(Side.BUY, "10", low) for _ in range(3))
    answer = await trading.post_order(venue.body(first))
    assert answer.success
    assert answer.status == "live"
    batch = await trading.post_orders([venue.body(second), venue.body(third)])
    assert [a.order_id for a in batch] == [second.order_hash, third.order_hash]
    live = await trading.open_orders(market=venue.market.condition_id)
    assert {o.id for o in live} == {first.order_hash, second.order_hash, third.order_hash}
    order = await trading.order(first.order_hash)
    assert order is not None
    assert order.original_size == 10
    assert order.price == low
    assert await trading.order("0x" + "00" * 32) is None
    cancelled = await trading.cancel_order(first.order_hash)
    assert cancelled.canceled == [first.order_hash]
    again = await trading.cancel_orders([first.order_hash, second.order_hash, second.order_hash])
    assert again.canceled == [second.order_hash]
    assert first.order_hash in again.not_canceled
    assert (await trading.cancel_all()).canceled == [third.order_hash]
    assert await trading.open_orders() == []


async def test_fills_are_found_in_trades_and_by_the_venue_lookup(venue: Venue) -> None:
    trading = venue.trading
    signed = venue.buy_now("10")
    answer = await trading.post_order(venue.body(signed, "FOK"))
    assert answer.status == "matched"
    assert answer.taking_amount > 0
    trades = await trading.trades()
    assert {t.id for t in trades} == set(answer.trade_ids)
    assert all(t.taker_order_id == signed.order_hash for t in trades)
    one = await trading.trades(trade_id=answer.trade_ids[0])
    assert [t.id for t in one] == answer.trade_ids[:1]
    polymarket = PolymarketVenue(
        venue.http,
        venue.urls["clob"],
        creds=venue.creds,
        signer_address=SIGNER.address,
        now=lambda: dt.datetime.now(dt.UTC),
    )
    found = await polymarket.lookup(signed.order_hash, side=TradeSide.BUY)
    assert found.found
    assert sum(f.size_micros for f in found.fills) == int(answer.taking_amount * MICRO)
    assert not (await polymarket.lookup("0x" + "11" * 32, side=TradeSide.BUY)).found
    funds = await trading.balance_allowance()
    assert funds.balance == venue.server.state.wallet(SIGNER.address).pusd
    shares = await trading.balance_allowance(asset_type="CONDITIONAL", token_id=str(venue.token))
    assert shares.balance == int(answer.taking_amount * MICRO)
    assert await trading.closed_only() is False


async def test_venue_classifies_rejections(venue: Venue) -> None:
    polymarket = PolymarketVenue(
        venue.http,
        venue.urls["clob"],
        creds=venue.creds,
        signer_address=SIGNER.address,
        now=lambda: dt.datetime.now(dt.UTC),
    )
    low = venue.best(Side.BUY) - Decimal("0.05")
    small = venue.limit(Side.BUY, "1", low)
    result = await polymarket.submit(
        venue.body(small), order_hash=small.order_hash, side=TradeSide.BUY
    )
    assert result.outcome is SubmitOutcome.REJECTED
    assert result.error.startswith("below_minimum_size")
    ok = venue.limit(Side.BUY, "10", low)
    first = await polymarket.submit(venue.body(ok), order_hash=ok.order_hash, side=TradeSide.BUY)
    assert first.outcome is SubmitOutcome.ACCEPTED
    duplicate = await polymarket.submit(
        venue.body(ok), order_hash=ok.order_hash, side=TradeSide.BUY
    )
    # The venue already has these bytes: what became of them is a look-up, not a rejection.
    assert duplicate.outcome is SubmitOutcome.UNKNOWN
    assert duplicate.error.startswith("duplicate_order")
    huge = venue.limit(Side.BUY, "100000", low)
    poor = await polymarket.submit(venue.body(huge), order_hash=huge.order_hash, side=TradeSide.BUY)
    assert poor.error.startswith("insufficient_balance")
    await venue.http.post(f"{venue.urls['admin']}/access", json={"geoblocked": True})
    other = venue.limit(Side.BUY, "10", low)
    blocked = await polymarket.submit(
        venue.body(other), order_hash=other.order_hash, side=TradeSide.BUY
    )
    assert blocked.outcome is SubmitOutcome.REJECTED
    assert blocked.error.startswith("geoblocked")
    with pytest.raises(errors.GeoblockedError):
        await venue.trading.post_order(venue.body(other))
    bad_creds = ApiCreds(venue.creds.api_key, venue.creds.secret, "wrong-passphrase")
    with pytest.raises(errors.AuthenticationError):
        await ClobTradingClient(
            venue.http, venue.urls["clob"], creds=bad_creds, signer_address=SIGNER.address
        ).open_orders()


async def test_unreachable_venue_means_retry_the_same_bytes() -> None:
    async with httpx.AsyncClient(timeout=2) as http:
        polymarket = PolymarketVenue(
            http,
            "http://127.0.0.1:9",
            creds=ApiCreds("k", "c2VjcmV0", "p"),
            signer_address=SIGNER.address,
            now=lambda: dt.datetime.now(dt.UTC),
        )
        result = await polymarket.submit({"order": {}}, order_hash="0x1", side=TradeSide.BUY)
    assert result.outcome is SubmitOutcome.RETRY
    assert result.error.startswith("venue_unavailable")


async def test_data_api_v2_and_v1(venue: Venue) -> None:
    await venue.trading.post_order(venue.body(venue.buy_now("10"), "FOK"))
    data = DataApiClient(venue.http, venue.urls["data"])
    page = await data.activity_page(SIGNER.address, types=["TRADE"], limit=5000)
    [row] = page.data
    assert row.token_id == str(venue.token)
    assert row.side == "BUY"
    assert not page.pagination.has_more
    trades = await data.trades_page(user=SIGNER.address)
    assert [t.transaction_hash for t in trades.data] == [row.transaction_hash]
    positions = await data.positions_page(SIGNER.address)
    assert [p.token_id for p in positions.data] == [str(venue.token)]
    v1 = [r async for r in data.activity_v1(SIGNER.address, types=["TRADE"])]
    assert [(r.transaction_hash, r.size, r.usdc_size) for r in v1] == [
        (row.transaction_hash, row.size, row.usdc_size)
    ]
    v1_trades = [t async for t in data.trades_v1(user=SIGNER.address)]
    assert [t.token_id for t in v1_trades] == [str(venue.token)]
    v1_positions = [p async for p in data.positions_v1(SIGNER.address)]
    assert v1_positions[0].size == positions.data[0].size
    [value] = await data.value_v1(SIGNER.address)
    assert value.value > 0
    board = await data.leaderboard_v1(period="ALL", order_by="VOL")
    assert all(entry.rank >= 1 for entry in board)
    with pytest.raises(PagingLimitError):
        await data.leaderboard_v1(offset=1001)


async def drain(rows: AsyncIterator[Any], into: list[Any]) -> None:
    async for row in rows:
        into.append(row)


async def test_v1_offset_paging_stops_at_the_documented_cap() -> None:
    served: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params["offset"])
        served.append(offset)
        row = {
            "proxyWallet": "0x1",
            "timestamp": offset,
            "conditionId": "0xc",
            "type": "TRADE",
            "size": 1,
            "usdcSize": 1,
            "transactionHash": f"0x{offset}",
            "price": 1,
        }
        return httpx.Response(200, json=[row] * int(request.url.params["limit"]))

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
        data = DataApiClient(http, "https://data.test")
        rows: list[Any] = []
        with pytest.raises(PagingLimitError, match="offset 5000"):
            await drain(data.activity_v1("0x1"), rows)
    assert served == list(range(0, 5001, 500))
    assert len(rows) == 11 * 500


async def test_gamma_markets_and_events(venue: Venue) -> None:
    gamma = GammaClient(venue.http, venue.urls["gamma"])
    market = await gamma.market_by_condition(venue.market.condition_id)
    assert market is not None
    assert market.clob_token_ids == [str(t) for t, _ in venue.market.tokens]
    assert market.outcomes == ["Yes", "No"]
    assert market.tick_size == Decimal("0.01")
    assert len(market.outcome_prices) == 2
    assert await gamma.market_by_condition("0x" + "ab" * 32) is None
    listed = await gamma.markets(token_ids=[str(venue.token)])
    assert [m.condition_id for m in listed] == [venue.market.condition_id]
    events = await gamma.events(slugs=[venue.market.event_slug])
    assert [m.condition_id for e in events for m in e.markets] == [venue.market.condition_id]


async def test_gamma_market_without_trading_parameters_is_named() -> None:
    raw = {"conditionId": "0xc", "outcomes": '["Yes","No"]', "clobTokenIds": '["1","2"]'}

    def handler(_: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=[raw])

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
        gamma = GammaClient(http, "https://gamma.test")
        [info] = await gamma.markets()
        assert info.tick_size is None
        with pytest.raises(MarketNotTradableError, match="orderPriceMinTickSize"):
            await gamma.market_by_condition("0xc")


async def test_heartbeats_keep_orders_alive_and_lapsing_cancels_them(venue: Venue) -> None:
    trading, state = venue.trading, venue.server.state
    clock = [state.now()]
    state._clock = lambda: clock[0]  # the emulator's clock, moved by hand
    low = venue.best(Side.BUY) - Decimal("0.05")
    resting = venue.limit(Side.BUY, "10", low)
    await trading.post_order(venue.body(resting))
    first = await trading.heartbeat()
    adopted = await trading.heartbeat("stale-id")  # stale id: the client adopts the current one
    assert adopted not in ("", first)
    clock[0] += 10
    second = await trading.heartbeat(adopted)
    assert second != adopted
    assert (await trading.order(resting.order_hash)) is not None
    assert [o.id for o in await trading.open_orders()] == [resting.order_hash]
    clock[0] += 16  # no heartbeat for longer than 10 s + 5 s: every open order goes
    assert await trading.open_orders() == []
    assert state.orders[resting.order_hash].status.value == "canceled"


async def test_cancel_market_orders_cancels_only_that_market(venue: Venue) -> None:
    trading = venue.trading
    low = venue.best(Side.BUY) - Decimal("0.05")
    orders = [venue.limit(Side.BUY, "10", low) for _ in range(2)]
    for order in orders:
        await trading.post_order(venue.body(order))
    result = await trading.cancel_market_orders(market="0x" + "0" * 64)
    assert result.canceled == []
    result = await trading.cancel_market_orders(
        market=venue.market.condition_id, asset_id=str(venue.token)
    )
    assert sorted(result.canceled) == sorted(o.order_hash for o in orders)


async def test_trading_tier_follows_the_venue_header() -> None:
    def handler(_: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, headers={"Poly-RateLimit-Tier": "Gold"}, json={"canceled": [], "not_canceled": {}}
        )

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
        trading = ClobTradingClient(
            http,
            "https://clob.test",
            creds=ApiCreds("key", "c2VjcmV0", "pass"),
            signer_address=SIGNER.address,
            limiter=RateLimiter(CLOB_LIMITS),
        )
        assert trading.tier == "Standard"
        await trading.cancel_all()
        assert trading.tier == "Gold"


async def test_orders_follow_the_signers_budget_from_the_rate_limit_headers(
    venue: Venue,
) -> None:
    """The emulator sends the per-signer budget headers (``rate_limit_remaining``): the
    signer's order bucket spends what the venue says is left, then waits for its reset."""
    faults = {"clob": {"rate_limit_remaining": 1, "rate_limit_reset_s": 60, "paths": ["/order"]}}
    response = await venue.http.post(venue.urls["admin"] + "/faults", json=faults)
    assert response.status_code == 200, response.text
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    trading = ClobTradingClient(
        venue.http,
        venue.urls["clob"],
        creds=venue.creds,
        signer_address=SIGNER.address,
        sleep=sleep,
    )
    low = venue.best(Side.BUY) - Decimal("0.05")
    for _ in range(2):  # the first answer says one order is left in this window
        await trading.post_order(venue.body(venue.limit(Side.BUY, "10", low)))
    assert waits == []
    await trading.post_order(venue.body(venue.limit(Side.BUY, "10", low)))
    assert len(waits) == 1
    assert 50 < waits[0] <= 61  # until the reset the venue named


async def test_batch_and_cancel_limits_are_enforced_before_sending(venue: Venue) -> None:
    with pytest.raises(ValueError, match="1 to 15"):
        await venue.trading.post_orders([{}] * 16)
    with pytest.raises(ValueError, match="1 to 1000"):
        await venue.trading.cancel_orders([f"0x{i}" for i in range(1001)])
