"""EmulatorState: the CLOB's validation rules, settlement and Data API rows."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from polycopy.emulator.book import OrderType
from polycopy.emulator.state import EmulatorState, Market, OrderStatus, RequestRefused
from polycopy.kit.money import MICRO
from polycopy.venues.polymarket.amounts import Side

from .conftest import ANVIL_KEY_1, MAKER, NO, YES, Clock, Trader, rest

CONDITION = "0x" + "cd" * 32


def _reject(state: EmulatorState, trader: Trader, body: dict[str, Any]) -> str:
    with pytest.raises(RequestRefused) as info:
        state.submit_signed_order(body, trader.creds)
    assert info.value.status == 400
    return info.value.message


def _total_pusd(state: EmulatorState) -> int:
    return sum(w.pusd for w in state.wallets.values()) + state.fees_collected


def test_limit_order_rests_and_reserves_balance(state: EmulatorState, trader: Trader) -> None:
    placement = state.submit_signed_order(trader.limit(YES, Side.BUY, "10", "0.45"), trader.creds)
    order = placement.order
    assert order.status is OrderStatus.LIVE
    assert placement.trades == ()
    assert order.price == 450_000
    assert order.original_size == 10 * MICRO
    assert state.books[YES].best(Side.BUY) == 480_000  # MAKER's bid is still best
    assert state.free_pusd(state.wallet(trader.address)) == 1_000 * MICRO - 4_500_000
    assert order.order_id.startswith("0x")
    assert len(order.order_id) == 66


def test_market_buy_fills_and_moves_money(state: EmulatorState, trader: Trader) -> None:
    before = _total_pusd(state)
    placement = state.submit_signed_order(trader.market(YES, Side.BUY, "60", "0.51"), trader.creds)
    # $60 at worst 0.51 signs 117.6470 shares, but the venue spends the whole $60: $50 on
    # the 100 shares at 0.50, the last $10 on 19.607843 shares at 0.51 (the taker keeps
    # the price improvement as shares).
    assert placement.order.original_size == 117_647_000
    shares = 119_607_843
    assert placement.order.status is OrderStatus.MATCHED
    assert [t.price for t in placement.trades] == [500_000, 510_000]
    assert [t.cost for t in placement.trades] == [50 * MICRO, 10 * MICRO]
    assert placement.taking == shares
    assert placement.making == 60 * MICRO
    buyer = state.wallet(trader.address)
    assert buyer.positions == {YES: shares}
    assert buyer.pusd == 1_000 * MICRO - placement.making
    assert _total_pusd(state) == before
    # One transaction for the whole match, and one activity row per order filled in it (as
    # on chain, one OrderFilled per order): the taker's whole fill at its average price.
    tx_hashes = {t.transaction_hash for t in placement.trades}
    assert len(tx_hashes) == 1
    assert re.fullmatch(r"0x[0-9a-f]{64}", tx_hashes.pop())
    mine = state.wallet_activity(trader.address)
    theirs = [r for r in state.wallet_activity(MAKER) if r.type == "TRADE"]
    assert [(r.side, r.size, r.usdc_size, r.taker) for r in mine] == [
        (Side.BUY, shares, placement.making, True)
    ]
    assert mine[0].price == (100 * MICRO * 500_000 + (shares - 100 * MICRO) * 510_000) // shares
    assert [(r.side, r.size, r.taker) for r in theirs] == [
        (Side.SELL, 100 * MICRO, False),
        (Side.SELL, shares - 100 * MICRO, False),
    ]
    assert [r.usdc_size for r in theirs] == [50 * MICRO, 10 * MICRO]
    assert state.last_trade_price[YES] == 510_000


def test_resting_order_fills_as_maker(state: EmulatorState, trader: Trader) -> None:
    state.submit_signed_order(trader.limit(YES, Side.BUY, "10", "0.49"), trader.creds)
    [order] = state.live_orders(trader.address)
    rest(state, MAKER, YES, Side.SELL, 490_000, 4 * MICRO, OrderType.FAK)  # MAKER takes
    assert order.size_matched == 4 * MICRO
    assert order.status is OrderStatus.LIVE
    rest(state, MAKER, YES, Side.SELL, 490_000, 6 * MICRO, OrderType.FAK)
    assert order.status is OrderStatus.MATCHED
    assert state.wallet(trader.address).positions == {YES: 10 * MICRO}
    rows = state.wallet_activity(trader.address)
    assert [(r.side, r.taker) for r in rows] == [(Side.BUY, False), (Side.BUY, False)]


def test_taker_fee_is_charged_in_pusd(
    state: EmulatorState, make_trader: Callable[..., Trader]
) -> None:
    state.add_market(
        Market(
            condition_id="0x" + "ee" * 32,
            question="Fee market?",
            slug="fee-market",
            tokens=((3333, "Yes"), (4444, "No")),
            fee_rate_bps=1_000,
        )
    )
    state.split(MAKER, "0x" + "ee" * 32, 500 * MICRO)
    rest(state, MAKER, 3333, Side.SELL, 500_000, 100 * MICRO)
    trader = make_trader()
    before = _total_pusd(state)
    placement = state.submit_signed_order(
        trader.limit(3333, Side.BUY, "100", "0.5", "FOK"), trader.creds
    )
    fee = 100 * MICRO * 1_000 // 10_000 * 500_000 * 500_000 // MICRO // MICRO  # 100 x 0.1 x 0.25
    assert placement.trades[0].fee == fee == 2_500_000
    assert state.wallet(trader.address).pusd == 1_000 * MICRO - 50 * MICRO - fee
    assert state.fees_collected == fee
    assert _total_pusd(state) == before


def test_invalid_signature(state: EmulatorState, trader: Trader) -> None:
    body = trader.limit(YES, Side.BUY, "10", "0.45")
    body["order"]["makerAmount"] = "4600000"
    assert _reject(state, trader, body) == "invalid signature"


def test_order_signed_for_the_wrong_exchange(state: EmulatorState, trader: Trader) -> None:
    body = trader.limit(YES, Side.BUY, "10", "0.45", neg_risk=True)
    assert _reject(state, trader, body) == "invalid signature"
    state.add_market(
        Market(
            condition_id="0x" + "ab" * 32,
            question="Neg risk?",
            slug="neg-risk",
            tokens=((5555, "Yes"), (6666, "No")),
            neg_risk=True,
        )
    )
    assert _reject(state, trader, trader.limit(5555, Side.BUY, "10", "0.45")) == "invalid signature"
    placed = state.submit_signed_order(
        trader.limit(5555, Side.BUY, "10", "0.45", neg_risk=True), trader.creds
    )
    assert placed.order.status is OrderStatus.LIVE


def test_v1_order_rejected_with_version_mismatch(state: EmulatorState, trader: Trader) -> None:
    body = trader.limit(YES, Side.BUY, "10", "0.45")
    body["order"] |= {"feeRateBps": "0", "nonce": "0", "taker": "0x" + "00" * 20}
    assert "order_version_mismatch" in _reject(state, trader, body)


def test_price_off_tick(state: EmulatorState, trader: Trader) -> None:
    # 10 shares for 5.55 pUSD: price 0.555 is not a multiple of 0.01.
    message = _reject(state, trader, trader.body(YES, Side.BUY, 5_550_000, 10 * MICRO))
    assert "INVALID_ORDER_MIN_TICK_SIZE" in message
    assert "breaks minimum tick size rule: 0.01" in message
    # A price of 1.0 is on the grid but outside [tick, 1 - tick].
    message = _reject(state, trader, trader.body(YES, Side.BUY, 10 * MICRO, 10 * MICRO, salt=2))
    assert "INVALID_ORDER_MIN_TICK_SIZE" in message


def test_amount_precision(state: EmulatorState, trader: Trader) -> None:
    message = _reject(state, trader, trader.body(YES, Side.BUY, 4_500_000, 10_001_000))
    assert message == (
        "invalid amounts, the buy orders maker amount supports a max accuracy of 4 decimals, "
        "taker amount a max of 2 decimals"
    )


def test_size_below_minimum(state: EmulatorState, trader: Trader) -> None:
    message = _reject(state, trader, trader.limit(YES, Side.BUY, "1.08", "0.45"))
    assert re.fullmatch(
        r"order 0x[0-9a-f]{64} is invalid\. Size \(1\.08\) lower than the minimum: 5", message
    )


def test_not_enough_balance(
    state: EmulatorState, trader: Trader, make_trader: Callable[..., Trader]
) -> None:
    poor = make_trader(ANVIL_KEY_1, pusd=4 * MICRO)
    assert _reject(state, poor, poor.limit(YES, Side.BUY, "10", "0.45")) == (
        "not enough balance / allowance"
    )
    assert _reject(state, trader, trader.limit(YES, Side.SELL, "10", "0.55")) == (
        "not enough balance / allowance"
    )
    # Open orders reserve funds: 2 x 600 pUSD does not fit in 1000.
    state.submit_signed_order(trader.limit(YES, Side.BUY, "1200", "0.45", salt=3), trader.creds)
    second = trader.limit(YES, Side.BUY, "1200", "0.45", salt=4)
    assert _reject(state, trader, second) == "not enough balance / allowance"


def test_duplicate_order(state: EmulatorState, trader: Trader) -> None:
    body = trader.limit(YES, Side.BUY, "10", "0.45")
    state.submit_signed_order(body, trader.creds)
    assert "INVALID_ORDER_DUPLICATED" in _reject(state, trader, body)


def test_owner_must_be_the_api_key(state: EmulatorState, trader: Trader) -> None:
    body = trader.limit(YES, Side.BUY, "10", "0.45")
    body["owner"] = "someone-else"
    assert _reject(state, trader, body) == "the order owner has to be the owner of the API KEY"


def test_signer_must_own_the_api_key(
    state: EmulatorState, trader: Trader, make_trader: Callable[..., Trader]
) -> None:
    other = make_trader(ANVIL_KEY_1)
    body = trader.limit(YES, Side.BUY, "10", "0.45")
    body["owner"] = other.creds.api_key
    with pytest.raises(RequestRefused, match="signer address has to be the address of the API KEY"):
        state.submit_signed_order(body, other.creds)


def test_fok_that_cannot_fill_changes_nothing(state: EmulatorState, trader: Trader) -> None:
    levels = state.books[YES].levels(Side.SELL)
    message = _reject(state, trader, trader.market(YES, Side.BUY, "200", "0.51"))
    assert message == "order couldn't be fully filled. FOK orders are fully filled or killed."
    assert state.books[YES].levels(Side.SELL) == levels
    assert state.wallet(trader.address).pusd == 1_000 * MICRO
    assert state.wallet_activity(trader.address) == []


def test_fak_fills_what_it_can(state: EmulatorState, trader: Trader) -> None:
    placement = state.submit_signed_order(
        trader.market(YES, Side.BUY, "200", "0.51", "FAK"), trader.creds
    )
    assert placement.taking == 200 * MICRO
    assert state.books[YES].best(Side.SELL) is None
    message = _reject(state, trader, trader.market(YES, Side.BUY, "10", "0.51", "FAK"))
    assert message.startswith("no orders found to match with FAK order")


def test_post_only(state: EmulatorState, trader: Trader) -> None:
    crossing = trader.limit(YES, Side.BUY, "10", "0.5", post_only=True)
    assert _reject(state, trader, crossing) == "invalid post-only order: order crosses book"
    wrong_type = trader.limit(YES, Side.BUY, "10", "0.45", "FOK", salt=2)
    wrong_type["postOnly"] = True  # the official client refuses to build this
    assert "INVALID_POST_ONLY_ORDER_TYPE" in _reject(state, trader, wrong_type)


def test_cancel_releases_reservation(state: EmulatorState, trader: Trader) -> None:
    placement = state.submit_signed_order(trader.limit(YES, Side.BUY, "10", "0.45"), trader.creds)
    order_id = placement.order.order_id
    assert state.cancel([order_id, "0xnope"], MAKER) == (
        [],
        {order_id: "order not found", "0xnope": "order not found"},
    )
    assert state.cancel([order_id], trader.address) == ([order_id], {})
    assert placement.order.status is OrderStatus.CANCELED
    assert state.free_pusd(state.wallet(trader.address)) == 1_000 * MICRO
    assert state.cancel([order_id], trader.address) == ([], {order_id: "order is already canceled"})


def test_gtd_orders_expire(state: EmulatorState, trader: Trader, clock: Clock) -> None:
    too_soon = trader.limit(YES, Side.BUY, "10", "0.45", "GTD", expiration=int(clock.now) + 30)
    assert _reject(state, trader, too_soon) == "invalid expiration"
    body = trader.limit(YES, Side.BUY, "10", "0.45", "GTD", expiration=int(clock.now) + 120, salt=2)
    order = state.submit_signed_order(body, trader.creds).order
    clock.now += 121
    assert state.live_orders(trader.address) == []
    assert order.status is OrderStatus.CANCELED


def test_split_gives_every_outcome(state: EmulatorState) -> None:
    wallet = state.wallet(MAKER)
    before = dict(wallet.positions), wallet.pusd
    state.split(MAKER, CONDITION, 10 * MICRO)
    assert wallet.positions[YES] == before[0][YES] + 10 * MICRO
    assert wallet.positions[NO] == before[0][NO] + 10 * MICRO
    assert wallet.pusd == before[1] - 10 * MICRO
    assert state.wallet_activity(MAKER)[-1].type == "SPLIT"


def test_api_keys_are_deterministic_and_nonce_bound(state: EmulatorState) -> None:
    address = "0x" + "12" * 20
    created = state.create_api_key(address, 0)
    assert state.derive_api_key(address, 0) == created
    assert state.derive_api_key(address, 1) != created
    with pytest.raises(RequestRefused, match="NONCE_ALREADY_USED"):
        state.create_api_key(address, 0)
    again = EmulatorState(seed=7).derive_api_key(address, 0)
    assert again == created


def test_internal_orders_use_the_same_rules(state: EmulatorState) -> None:
    with pytest.raises(RequestRefused, match="INVALID_ORDER_MIN_TICK_SIZE"):
        rest(state, MAKER, YES, Side.BUY, 455_000, 10 * MICRO)
    with pytest.raises(RequestRefused, match="lower than the minimum"):
        rest(state, MAKER, YES, Side.BUY, 450_000, MICRO)
