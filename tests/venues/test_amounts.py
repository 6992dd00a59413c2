"""Order-amount rounding compared with the official py-clob-client-v2.

The official client rounds with binary floats. Where its float arithmetic is exact our
results are identical; where it is not, the tests pin down exactly how it differs: its
``floor(x * 100)`` loses one step on values such as 0.29 (``0.29 * 100 == 28.999...``), so it
computes as if it had been given one step less. Every such case must be explained that way.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_FLOOR, Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from py_clob_client_v2.order_builder.builder import (  # type: ignore[import-untyped]
    ROUNDING_CONFIG,
    OrderBuilder,
)
from py_clob_client_v2.order_builder.helpers import (  # type: ignore[import-untyped]
    round_down,
    round_normal,
)

from polycopy.venues.polymarket.amounts import (
    RoundConfig,
    Side,
    limit_order_amounts,
    market_order_amounts,
    price_is_valid,
    round_config,
)

TICKS = [Decimal(t) for t in ROUNDING_CONFIG]
# The official client signs off-tick prices after its float floor (0.1425 -> 0.1424 at tick
# 0.0025); we refuse off-tick prices, so such cases are checked under the finer tick that has
# the same rounding config.
SAME_CONFIG_FINER_TICK = {Decimal("0.0025"): Decimal("0.0001"), Decimal("0.005"): Decimal("0.001")}
# Beyond about 1e14 units at ``amount + 4`` decimals the official guard-digit rounding runs out
# of double precision and returns amounts a base unit off (see test_official_float_precision...).
FLOAT_EXACT_LIMIT = 10**14


def official_limit(side: Side, size: Decimal, price: Decimal, tick: Decimal) -> tuple[int, int]:
    """What ClobClient.create_order computes (it rounds the price, then the builder does)."""
    cfg = ROUNDING_CONFIG[str(tick)]
    rounded_price = round_normal(float(price), cfg.price)
    _, maker, taker = OrderBuilder(None).get_order_amounts(
        side.name, float(size), rounded_price, cfg
    )
    return maker, taker


def official_market(side: Side, amount: Decimal, price: Decimal, tick: Decimal) -> tuple[int, int]:
    """What ClobClient.create_market_order computes for an explicit worst price."""
    cfg = ROUNDING_CONFIG[str(tick)]
    _, maker, taker = OrderBuilder(None).get_market_order_amounts(
        side.name, float(amount), float(price), cfg
    )
    return maker, taker


def floor_to(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_FLOOR)


def official_floor(value: Decimal, places: int) -> Decimal:
    """The value the official client's float ``round_down`` really produces, proven to be the
    exact floor or one step below it (never anything else)."""
    seen = Decimal(repr(round_down(float(value), places)))
    exact = floor_to(value, places)
    assert seen in (exact, exact - Decimal(1).scaleb(-places)), (value, seen)
    return seen


prices_on_tick = st.sampled_from(TICKS).flatmap(
    lambda tick: st.integers(1, int(1 / tick) - 1).map(lambda k: (tick, tick * k))
)
# 0.01 .. 100,000 with 0..6 decimals: sizes as users and proportional sizing produce them.
quantities = st.integers(0, 6).flatmap(
    lambda places: st.integers(10 ** max(places - 2, 0), 10 ** (5 + places)).map(
        lambda n: Decimal(n).scaleb(-places)
    )
)
sides = st.sampled_from(list(Side))


def test_round_config_matches_official() -> None:
    for tick, cfg in ROUNDING_CONFIG.items():
        assert round_config(Decimal(tick)) == RoundConfig(cfg.price, cfg.size, cfg.amount)
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
        ("0.995", "0.005", True),
        ("0.9975", "0.0025", True),
        ("0.0001", "0.0001", True),
        ("0", "0.01", False),
        ("1", "0.01", False),
        ("0.995", "0.01", False),
        ("0.123", "0.005", False),
        ("0.1424", "0.0025", False),
        ("0.001", "0.01", False),
        ("NaN", "0.01", False),
        ("-0.5", "0.1", False),
    ],
)
def test_price_is_valid(price: str, tick: str, valid: bool) -> None:
    assert price_is_valid(Decimal(price), Decimal(tick)) is valid


@pytest.mark.parametrize(
    ("side", "size", "price", "tick", "expected"),
    [
        # The server's own example: "taker amount for a $0.22 order of size 19.69 should be 4.3318"
        (Side.BUY, "19.69", "0.22", "0.01", (4_331_800, 19_690_000)),
        (Side.SELL, "19.69", "0.22", "0.01", (19_690_000, 4_331_800)),
        (Side.BUY, "10.999", "0.5", "0.1", (5_495_000, 10_990_000)),
        (Side.BUY, "5", "0.0025", "0.0025", (12_500, 5_000_000)),
        (Side.SELL, "123.456789", "0.9999", "0.0001", (123_450_000, 123_437_655)),
    ],
)
def test_limit_examples(
    side: Side, size: str, price: str, tick: str, expected: tuple[int, int]
) -> None:
    args = (side, Decimal(size), Decimal(price), Decimal(tick))
    assert limit_order_amounts(*args) == expected == official_limit(*args)


@pytest.mark.parametrize(
    ("side", "amount", "price", "tick", "expected"),
    [
        (Side.BUY, "10", "0.5", "0.01", (10_000_000, 20_000_000)),
        # 10 / 0.3 = 33.333... shares, truncated to 4 decimals
        (Side.BUY, "10", "0.3", "0.1", (10_000_000, 33_333_000)),
        (Side.BUY, "10.019", "0.33", "0.01", (10_010_000, 30_333_300)),
        (Side.SELL, "19.69", "0.22", "0.01", (19_690_000, 4_331_800)),
    ],
)
def test_market_examples(
    side: Side, amount: str, price: str, tick: str, expected: tuple[int, int]
) -> None:
    args = (side, Decimal(amount), Decimal(price), Decimal(tick))
    assert market_order_amounts(*args) == expected == official_market(*args)


@settings(max_examples=1500, deadline=None)
@given(side=sides, tick_price=prices_on_tick, size=quantities)
def test_limit_amounts_match_official(
    side: Side, tick_price: tuple[Decimal, Decimal], size: Decimal
) -> None:
    tick, price = tick_price
    cfg = round_config(tick)
    assume(size * price * 10 ** (cfg.amount + 4) < FLOAT_EXACT_LIMIT)
    # The client-side price rounding is exact for on-tick prices.
    assert Decimal(repr(round_normal(float(price), cfg.price))) == price
    official = official_limit(side, size, price, tick)
    assert limit_order_amounts(side, official_floor(size, cfg.size), price, tick) == official
    if official_floor(size, cfg.size) == floor_to(size, cfg.size):
        assert limit_order_amounts(side, size, price, tick) == official


@settings(max_examples=1500, deadline=None)
@given(side=sides, tick_price=prices_on_tick, amount=quantities)
def test_market_amounts_match_official(
    side: Side, tick_price: tuple[Decimal, Decimal], amount: Decimal
) -> None:
    tick, price = tick_price
    cfg = round_config(tick)
    scale = 10 ** (cfg.amount + 4)
    assume((amount / price if side is Side.BUY else amount * price) * scale < FLOAT_EXACT_LIMIT)
    official = official_market(side, amount, price, tick)
    seen_amount = official_floor(amount, cfg.size)
    seen_price = official_floor(price, cfg.price)
    seen_tick = tick if price_is_valid(seen_price, tick) else SAME_CONFIG_FINER_TICK[tick]
    assert market_order_amounts(side, seen_amount, seen_price, seen_tick) == official
    if (seen_amount, seen_price) == (floor_to(amount, cfg.size), price):
        assert market_order_amounts(side, amount, price, tick) == official


def test_official_float_truncation_is_not_copied() -> None:
    """Known official-client float artefacts, where we keep the exact result."""
    tick = Decimal("0.01")
    # Limit size 0.29 shares: float floor(0.29 * 100) = 28, so the official client orders 0.28.
    assert official_limit(Side.BUY, Decimal("0.29"), Decimal("0.5"), tick) == (140_000, 280_000)
    assert limit_order_amounts(Side.BUY, Decimal("0.29"), Decimal("0.5"), tick) == (
        145_000,
        290_000,
    )
    # Market BUY of $10 at worst price 0.29: the official client signs at 0.28, so the order
    # does not cross an ask at 0.29.
    assert official_market(Side.BUY, Decimal(10), Decimal("0.29"), tick) == (10_000_000, 35_714_200)
    assert market_order_amounts(Side.BUY, Decimal(10), Decimal("0.29"), tick) == (
        10_000_000,
        34_482_700,
    )


def test_official_float_precision_runs_out_on_large_quotients() -> None:
    """$8,075.23 at 0.0025 is 3,230,092 shares; the official float path yields 3,230,091.999999."""
    args = (Side.BUY, Decimal("8075.23"), Decimal("0.0025"), Decimal("0.0001"))
    assert official_market(*args) == (8_075_230_000, 3_230_091_999_999)
    assert market_order_amounts(*args) == (8_075_230_000, 3_230_092_000_000)


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
    ],
)
def test_bad_inputs_are_refused(
    amounts: Callable[[Side, Decimal, Decimal, Decimal], tuple[int, int]],
    quantity: str,
    price: str,
    message: str,
) -> None:
    with pytest.raises(ValueError, match=message):
        amounts(Side.BUY, Decimal(quantity), Decimal(price), Decimal("0.01"))
