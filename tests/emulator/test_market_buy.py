"""A market BUY spends its pUSD, as on Polymarket, and every surface of the emulator agrees.

A FOK/FAK BUY signs ``makerAmount`` = the pUSD to spend and ``takerAmount`` = the shares that
buys at its worst price. On the CTF exchange the taker keeps the surplus of a better price as
shares: it spends the whole pUSD and gets more shares than its takerAmount. The answer to
``POST /order``, the trades (REST and user channel), the Data API's activity and positions,
the chain's logs and the balances all say the same, and the polycopy adapter reads the same
fill from the answer and from a look-up.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import httpx
import pytest
from websockets.asyncio.client import connect

from polycopy.emulator.chain import ORDER_FILLED_TOPIC
from polycopy.emulator.state import EmulatorState, RequestRefused
from polycopy.kit.money import MICRO
from polycopy.signals.types import TradeSide
from polycopy.venues.base import SignedOrder, SubmitOutcome
from polycopy.venues.polymarket.amounts import Side
from polycopy.venues.polymarket.auth import ApiCreds
from polycopy.venues.polymarket.clob import PolymarketVenue
from polycopy.venues.polymarket.signing import order_fields_from_wire, order_hash

from .conftest import MAKER, YES, Trader
from .realtime_support import CONDITION, activity, barrier, recv_events, serve
from .test_chain import _filled, _rpc
from .test_ws_user import _auth

#: $60 at worst 0.52 against MAKER's asks (100 at 0.50, 100 at 0.51): $50 buys the 100
#: shares at 0.50, the last $10 buys 19.607843 shares at 0.51 (rounded down).
SPEND, WORST = "60", "0.52"
SHARES = 119_607_843
SIGNED_SHARES = 115_384_600  # 60 / 0.52, rounded down to 4 decimals: what the order signs


def _venue(http: httpx.AsyncClient, url: str, trader: Trader) -> PolymarketVenue:
    creds = ApiCreds(trader.creds.api_key, trader.creds.secret, trader.creds.passphrase)
    now = lambda: dt.datetime(2027, 1, 15, tzinfo=dt.UTC)  # noqa: E731
    return PolymarketVenue(http, url, creds=creds, signer_address=trader.address, now=now)


async def test_a_market_buy_spends_its_pusd_and_every_view_agrees(
    state: EmulatorState, trader: Trader
) -> None:
    body = trader.market(YES, Side.BUY, SPEND, WORST)
    assert (body["order"]["makerAmount"], body["order"]["takerAmount"]) == (
        str(60 * MICRO),
        str(SIGNED_SHARES),
    )
    hash_ = "0x" + order_hash(order_fields_from_wire(body["order"]), neg_risk=False).hex()
    async with (
        serve(state) as server,
        httpx.AsyncClient() as http,
        connect(server.base_urls["clob_ws_user"]) as ws,
    ):
        await ws.send(_auth(trader, markets=[CONDITION]))
        await barrier(ws)
        venue = _venue(http, server.base_urls["clob"], trader)
        [sent] = await venue.submit_batch([SignedOrder(body, hash_, TradeSide.BUY)])
        frames = [e for e in await recv_events(ws) if e["event_type"] == "trade"]
        trades = await venue.client.trades()
        looked_up = await venue.lookup(hash_, side=TradeSide.BUY)
        order = await venue.client.order(hash_)
        pusd = await venue.client.balance_allowance()
        shares = await venue.client.balance_allowance(asset_type="CONDITIONAL", token_id=str(YES))
        rows = await activity(server, trader.address)
        positions = (
            await http.get(server.base_urls["data"] + "/positions", params={"user": trader.address})
        ).json()
        server.chain.mine_block()
        rpc_http, rpc = await _rpc(server)
        async with rpc_http:
            logs = await rpc.call("eth_getLogs", {"topics": [ORDER_FILLED_TOPIC]})

    # The answer: the whole $60 made, more shares taken than signed.
    assert sent.outcome is SubmitOutcome.ACCEPTED
    [fill] = sent.fills
    assert (fill.amount_micros, fill.size_micros) == (60 * MICRO, SHARES)
    assert fill.size_micros > SIGNED_SHARES
    # The trades, over REST and the user channel: the maker prices, summing to the same.
    assert sorted((t.price, t.size) for t in trades) == [
        (Decimal("0.5"), Decimal(100)),
        (Decimal("0.51"), Decimal("19.607843")),
    ]
    assert sorted((e["price"], e["size"]) for e in frames) == [
        ("0.5", "100"),
        ("0.51", "19.607843"),
    ]
    # A look-up rebuilds the fill from the trades' size x price: the same shares, and the
    # pUSD the last trade's rounded-down price x size leaves out (at most 1 micro-pUSD).
    [again] = looked_up.fills
    assert (again.amount_micros, again.size_micros) == (60 * MICRO - 1, SHARES)
    assert order is not None
    assert (order.original_size, order.size_matched) == (Decimal("115.3846"), Decimal("119.607843"))
    # The chain: the wallet paid exactly $60 and holds every share; the logs say so too.
    assert int(pusd.balance) == 940 * MICRO == state.wallet(trader.address).pusd
    assert int(shares.balance) == SHARES
    taker_log = next(f for f in map(_filled, logs) if f["order_hash"] == hash_)
    assert (taker_log["maker_amount"], taker_log["taker_amount"]) == (60 * MICRO, SHARES)
    maker_paid = sum(f["taker_amount"] for f in map(_filled, logs) if f["maker"] == MAKER)
    assert maker_paid == 60 * MICRO
    # The Data API: one taker row for the whole fill, and the position it opened.
    [row] = rows
    assert (row["size"], row["usdc_size"]) == (119.607843, 60)
    [position] = positions
    assert (position["size"], position["initialValue"]) == (119.607843, 60)


def test_a_fok_buy_is_killed_when_its_pusd_cannot_all_be_spent(
    state: EmulatorState, trader: Trader
) -> None:
    # The asks within 0.51 cost $101: a $102 FOK is killed although they hold its signed
    # 200 shares; a FAK spends the $101 and kills the last $1.
    with pytest.raises(RequestRefused, match="FOK orders are fully filled or killed"):
        state.submit_signed_order(trader.market(YES, Side.BUY, "102", "0.51"), trader.creds)
    assert state.wallet(trader.address).pusd == 1_000 * MICRO
    placement = state.submit_signed_order(
        trader.market(YES, Side.BUY, "102", "0.51", "FAK"), trader.creds
    )
    assert (placement.making, placement.taking) == (101 * MICRO, 200 * MICRO)
    assert state.wallet(trader.address).pusd == 899 * MICRO


def test_a_market_buy_needs_its_whole_pusd_free(state: EmulatorState, trader: Trader) -> None:
    state.wallet(trader.address).pusd = 59_999_999
    with pytest.raises(RequestRefused, match="not enough balance"):
        state.submit_signed_order(trader.market(YES, Side.BUY, SPEND, WORST), trader.creds)


def test_a_crossing_limit_buy_still_buys_its_shares(state: EmulatorState, trader: Trader) -> None:
    # A GTC BUY is share-denominated: 10 shares at the 0.50 ask cost $5, not its $5.20.
    placement = state.submit_signed_order(trader.limit(YES, Side.BUY, "10", "0.52"), trader.creds)
    assert (placement.making, placement.taking) == (5 * MICRO, 10 * MICRO)
