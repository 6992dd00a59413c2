"""Order-amount rounding compared with the official unified SDK (``polymarket-client``).

The SDK's own order math runs here (its parameter validation, then the limit-order draft or
the protected market-order draft it signs), and polycopy must give the same amounts for
every input: every side, limit and market orders, every tick size, every on-tick price, and
quantities of any magnitude and any number of decimals up to ``MAX_QUANTITY``. Where the SDK
refuses an order polycopy refuses it too; where the SDK would sign an order for nothing (a
quantity below one size step) polycopy refuses it instead.

The deprecated py-clob-client-v2 rounds on binary floats and differs for a few percent of
inputs; ``test_deprecated_client_float_artefacts_are_not_copied`` pins that divergence.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polymarket._internal.actions.orders.context import (
    _ROUNDING_BY_TICK,
    validate_price_on_tick_grid,
)
from polymarket._internal.actions.orders.limit import (
    _build_limit_order_draft,
    validate_limit_order_params,
)
from polymarket._internal.actions.orders.market import (
    _build_protected_market_order_draft,
    validate_market_order_params,
)
from polymarket._internal.actions.orders.market_data import MarketInfo, PlatformFeeInfo
from polymarket._internal.environment import PRODUCTION_CONFIG
from polymarket.errors import UserInputError
from py_clob_client_v2.order_builder.builder import (  # type: ignore[import-untyped]
    ROUNDING_CONFIG,
    OrderBuilder,
)
from py_clob_client_v2.order_builder.helpers import round_normal  # type: ignore[import-untyped]

from polycopy.venues.polymarket.amounts import (
    MAX_QUANTITY,
    RoundConfig,
    Side,
    limit_order_amounts,
    market_order_amounts,
    price_is_valid,
    round_config,
)

TICKS = sorted(_ROUNDING_BY_TICK, reverse=True)
KINDS = ("limit", "market")
TOKEN = "71321045679252212594626385532706912750332728571942532289631379312455583992563"
WALLET = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"
# What the SDK's draft builders read from its client context: the chain's exchanges and
# the order's parties (which do not touch the amounts).
SDK_CONTEXT = SimpleNamespace(
    environment_config=PRODUCTION_CONFIG, wallet=WALLET, signer=SimpleNamespace(address=WALLET)
)
NO_FEES = PlatformFeeInfo(rate=Decimal(0), exponent=Decimal(0))


def sdk_amounts(
    kind: str, side: Side, quantity: Decimal, price: Decimal, tick: Decimal
) -> tuple[int, int] | None:
    """``(maker, taker)`` as the SDK's ``create_limit_order`` / ``create_market_order``
    (with ``max_price`` for a BUY, ``min_price`` for a SELL) computes them; ``None`` where it
    refuses the order."""
    market = MarketInfo(
        fee_info=NO_FEES, neg_risk=False, tick_size=tick, token_ids=frozenset([TOKEN])
    )
    try:
        if kind == "limit":
            params = validate_limit_order_params(
                asset_id=TOKEN, price=price, size=quantity, side=side.name
            )
            valid_price = validate_price_on_tick_grid(params.price, tick, "price")
            draft = _build_limit_order_draft(
                SDK_CONTEXT,  # type: ignore[arg-type]
                params,
                price=valid_price,
                metadata=market,
            )
        else:
            if side is Side.BUY:
                market_params = validate_market_order_params(
                    asset_id=TOKEN, side="BUY", amount=quantity, max_price=price
                )
            else:
                market_params = validate_market_order_params(
                    asset_id=TOKEN, side="SELL", shares=quantity, min_price=price
                )
            draft = _build_protected_market_order_draft(
                SDK_CONTEXT,  # type: ignore[arg-type]
                market_params,
                metadata=market,
                builder_taker_fee_rate=Decimal(0),
            )
    except UserInputError:
        return None
    return draft.offered_amount, draft.requested_amount


def v2_amounts(
    kind: str, side: Side, quantity: Decimal, price: Decimal, tick: Decimal
) -> tuple[int, int]:
    """What the deprecated py-clob-client-v2 computes (``create_order`` rounds the price,
    then its builder does; ``create_market_order`` with an explicit price)."""
    cfg = ROUNDING_CONFIG[str(tick)]
    builder = OrderBuilder(None)
    if kind == "limit":
        rounded_price = round_normal(float(price), cfg.price)
        _, maker, taker = builder.get_order_amounts(side.name, float(quantity), rounded_price, cfg)
    else:
        _, maker, taker = builder.get_market_order_amounts(
            side.name, float(quantity), float(price), cfg
        )
    return maker, taker


OURS = {"limit": limit_order_amounts, "market": market_order_amounts}


def assert_matches_sdk(
    kind: str, side: Side, quantity: Decimal, price: Decimal, tick: Decimal
) -> None:
    """polycopy's amounts are the SDK's; an order the SDK refuses, or would sign for a zero
    amount, polycopy refuses."""
    expected = sdk_amounts(kind, side, quantity, price, tick)
    if expected is None or 0 in expected:
        with pytest.raises(ValueError, match=r"rounds down to zero|cannot keep the worst price"):
            OURS[kind](side, quantity, price, tick)
    else:
        assert OURS[kind](side, quantity, price, tick) == expected, (quantity, price, tick)


prices_on_tick = st.sampled_from(TICKS).flatmap(
    lambda tick: st.integers(1, int(1 / tick) - 1).map(lambda k: (tick, tick * k))
)
# Any magnitude (1 to 12 digits) and any number of decimals (0..9), from below one size step
# to MAX_QUANTITY: what users, proportional sizing and micro-unit conversions produce; and
# sizes with a tail of digits past the 28 significant digits of the SDK's decimal context.
quantities = st.one_of(
    st.builds(
        lambda n, digits, places: Decimal(n % 10**digits + 1).scaleb(-places),
        st.integers(0, 10**12 - 1),
        st.integers(1, 12),
        st.integers(0, 9),
    ),
    st.builds(
        lambda cents, tail, places: Decimal(cents).scaleb(-2) + Decimal(tail).scaleb(-places),
        st.integers(1, 10**10),
        st.integers(1, 10**12),
        st.integers(20, 40),
    ),
)
sides = st.sampled_from(list(Side))


def test_round_config_matches_the_sdk() -> None:
    for tick, cfg in _ROUNDING_BY_TICK.items():
        assert round_config(tick) == RoundConfig(cfg.price, cfg.size, cfg.amount)
    assert round_config(Decimal("0.010")) == round_config(Decimal("0.01"))


@pytest.mark.parametrize("tick", ["0.02", "0.05", "0.00001", "1", "0", "-0.01", "NaN"])
def test_unknown_tick_size_is_refused(tick: str) -> None:
    with pytest.raises(ValueError, match="unknown tick size"):
        round_config(Decimal(tick))
    with pytest.raises(ValueError, match="unknown tick size"):
        limit_order_amounts(Side.BUY, Decimal(10), Decimal("0.5"), Decimal(tick))


@pytest.mark.parametrize(
    ("price", "tick", "valid"),
    [
        ("0.01", "0.01", True),
        ("0.99", "0.01", True),
        ("0.5", "0.1", True),
        ("0.50", "0.1", True),
        ("0.995", "0.005", True),
        ("0.9975", "0.0025", True),
        ("0.0001", "0.0001", True),
        ("0", "0.01", False),
        ("1", "0.01", False),
        ("0.995", "0.01", False),
        ("0.123", "0.005", False),
        ("0.1424", "0.0025", False),
        ("0.001", "0.01", False),
        ("0.5000000000000000000000000000001", "0.1", False),
        ("-0.5", "0.1", False),
    ],
)
def test_price_is_valid_as_the_sdk_validates_it(price: str, tick: str, valid: bool) -> None:
    assert price_is_valid(Decimal(price), Decimal(tick)) is valid
    try:
        validate_price_on_tick_grid(Decimal(price), Decimal(tick), "price")
    except UserInputError:
        assert not valid
    else:
        assert valid


def test_non_finite_prices_are_invalid() -> None:
    for price in ("NaN", "Infinity", "sNaN"):
        assert not price_is_valid(Decimal(price), Decimal("0.01"))
    assert not price_is_valid(Decimal("0.5"), Decimal("NaN"))


@pytest.mark.parametrize(
    ("side", "size", "price", "tick", "expected"),
    [
        # The server's own example: "taker amount for a $0.22 order of size 19.69 should be 4.3318"
        (Side.BUY, "19.69", "0.22", "0.01", (4_331_800, 19_690_000)),
        (Side.SELL, "19.69", "0.22", "0.01", (19_690_000, 4_331_800)),
        (Side.BUY, "10.999", "0.5", "0.1", (5_495_000, 10_990_000)),
        (Side.BUY, "5", "0.0025", "0.0025", (12_500, 5_000_000)),
        (Side.SELL, "123.456789", "0.9999", "0.0001", (123_450_000, 123_437_655)),
        (Side.BUY, "0.29", "0.5", "0.01", (145_000, 290_000)),
        # 32 digits: the SDK judges the fit on the 28-digit form (0.29), keeps the size
        # whole and rounds its base units half-even
        (Side.BUY, "0.28" + "9" * 30, "0.5", "0.01", (145_000, 290_000)),
    ],
)
def test_limit_examples(
    side: Side, size: str, price: str, tick: str, expected: tuple[int, int]
) -> None:
    args = (side, Decimal(size), Decimal(price), Decimal(tick))
    assert limit_order_amounts(*args) == expected == sdk_amounts("limit", *args)


@pytest.mark.parametrize(
    ("side", "amount", "price", "tick", "expected"),
    [
        (Side.BUY, "10", "0.5", "0.01", (10_000_000, 20_000_000)),
        # 10 / 0.3 = 33.333... shares, truncated to 3 decimals
        (Side.BUY, "10", "0.3", "0.1", (10_000_000, 33_333_000)),
        (Side.BUY, "10.019", "0.33", "0.01", (10_010_000, 30_333_300)),
        (Side.BUY, "10", "0.29", "0.01", (10_000_000, 34_482_700)),
        # 3,230,092 shares exactly
        (Side.BUY, "8075.23", "0.0025", "0.0001", (8_075_230_000, 3_230_092_000_000)),
        (Side.SELL, "19.69", "0.22", "0.01", (19_690_000, 4_331_800)),
    ],
)
def test_market_examples(
    side: Side, amount: str, price: str, tick: str, expected: tuple[int, int]
) -> None:
    args = (side, Decimal(amount), Decimal(price), Decimal(tick))
    assert market_order_amounts(*args) == expected == sdk_amounts("market", *args)


@settings(max_examples=2500, deadline=None)
@given(kind=st.sampled_from(KINDS), side=sides, tick_price=prices_on_tick, quantity=quantities)
def test_amounts_match_the_sdk_for_every_input(
    kind: str, side: Side, tick_price: tuple[Decimal, Decimal], quantity: Decimal
) -> None:
    tick, price = tick_price
    assert_matches_sdk(kind, side, quantity, price, tick)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("side", list(Side))
@pytest.mark.parametrize("tick", TICKS)
def test_every_on_tick_price_matches_the_sdk(kind: str, side: Side, tick: Decimal) -> None:
    cfg = round_config(tick)
    for k in range(1, int(1 / tick)):
        price = tick * k
        for quantity in (Decimal("123.45"), Decimal("0.29"), Decimal(10).scaleb(cfg.size - 2)):
            assert_matches_sdk(kind, side, quantity, price, tick)


@pytest.mark.parametrize(
    ("kind", "side", "quantity", "price", "tick", "v2_fault"),
    [
        # Size 0.29: float floor(0.29 * 100) = 28, so v2 trades 0.28 shares.
        ("limit", Side.BUY, "0.29", "0.5", "0.01", "fewer shares"),
        ("limit", Side.SELL, "0.29", "0.5", "0.01", "fewer shares"),
        # Worst price 0.29 / 0.57 / 0.58: v2 floors the float price one tick lower, so its BUY
        # is signed below the worst price and cannot lift an ask resting there.
        ("market", Side.BUY, "10", "0.29", "0.01", "price below the worst"),
        ("market", Side.BUY, "10", "0.57", "0.01", "price below the worst"),
        ("market", Side.BUY, "10", "0.58", "0.01", "price below the worst"),
        # $8,075.23 at 0.0025 is 3,230,092 shares exactly; the float quotient falls short.
        ("market", Side.BUY, "8075.23", "0.0025", "0.0001", "fewer shares"),
    ],
)
def test_deprecated_client_float_artefacts_are_not_copied(
    kind: str, side: Side, quantity: str, price: str, tick: str, v2_fault: str
) -> None:
    """py-clob-client-v2 (deprecated for the unified SDK) differs here; polycopy is the SDK."""
    args = (side, Decimal(quantity), Decimal(price), Decimal(tick))
    ours = OURS[kind](*args)
    v2 = v2_amounts(kind, *args)
    assert ours == sdk_amounts(kind, *args)
    assert ours != v2
    shares = 1 if side is Side.BUY else 0
    if v2_fault == "fewer shares":
        assert v2[shares] < ours[shares]
    else:  # signed price = pUSD / shares
        assert Decimal(v2[0]) / v2[1] < Decimal(price) <= Decimal(ours[0]) / ours[1]


@pytest.mark.parametrize("amounts", [limit_order_amounts, market_order_amounts])
@pytest.mark.parametrize(
    ("quantity", "price", "message"),
    [
        ("10", "0.555", "invalid price"),
        ("10", "0", "invalid price"),
        ("10", "1", "invalid price"),
        ("10", "0.999", "invalid price"),
        ("0", "0.5", "positive"),
        ("-5", "0.5", "positive"),
        ("NaN", "0.5", "positive"),
        ("Infinity", "0.5", "positive"),
        ("0.009", "0.5", "rounds down to zero"),
        (str(MAX_QUANTITY + Decimal("0.01")), "0.5", "above the maximum"),
    ],
)
def test_bad_inputs_are_refused(
    amounts: Callable[[Side, Decimal, Decimal, Decimal], tuple[int, int]],
    quantity: str,
    price: str,
    message: str,
) -> None:
    args = (Side.BUY, Decimal(quantity), Decimal(price), Decimal("0.01"))
    with pytest.raises(ValueError, match=message):
        amounts(*args)
    if message in ("invalid price", "positive"):  # the SDK refuses these too
        kind = "limit" if amounts is limit_order_amounts else "market"
        assert sdk_amounts(kind, *args) is None


def test_a_market_buy_that_cannot_keep_its_worst_price_is_refused() -> None:
    """$1 at 0.6 on a 0.1 tick: 1.666 shares sign a price of 0.60024, at or past 0.6001,
    the next price if the market's tick became 0.0001. The SDK refuses it, and so does
    polycopy; a larger amount keeps the price."""
    tick, price = Decimal("0.1"), Decimal("0.6")
    assert sdk_amounts("market", Side.BUY, Decimal(1), price, tick) is None
    with pytest.raises(ValueError, match="cannot keep the worst price"):
        market_order_amounts(Side.BUY, Decimal(1), price, tick)
    assert market_order_amounts(Side.BUY, Decimal(10), price, tick) == (10_000_000, 16_666_000)
    assert market_order_amounts(Side.SELL, Decimal(1), price, tick) == (1_000_000, 600_000)
