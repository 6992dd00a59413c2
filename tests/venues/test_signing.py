"""Order signing compared byte for byte with py-clob-client-v2.

The client runs offline here: its HTTP calls are answered locally, its clock and salt are
frozen, and the body and headers it would POST are captured. polycopy signs the order fields
that client built (its amounts included) and must produce the same signature, order hash,
POST /order body and L2 headers. Amounts are not compared here: py-clob-client-v2 is
deprecated for the unified SDK and rounds them on floats (tests/venues/test_amounts.py);
tests/venues/test_signing_v3.py runs the whole order pipeline against the SDK.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from types import SimpleNamespace
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from py_clob_client_v2 import ClobClient  # type: ignore[import-untyped]
from py_clob_client_v2.clob_types import (  # type: ignore[import-untyped]
    ApiCreds as OfficialCreds,
)
from py_clob_client_v2.clob_types import (
    MarketOrderArgsV2,
    OrderArgsV2,
    PartialCreateOrderOptions,
)
from py_clob_client_v2.headers import headers as official_headers  # type: ignore[import-untyped]
from py_clob_client_v2.order_builder import builder as official_builder  # type: ignore[import-untyped]
from py_clob_client_v2.order_utils import (  # type: ignore[import-untyped]
    ExchangeOrderBuilderV2,
    OrderDataV2,
    SignatureTypeV2,
)
from py_clob_client_v2.order_utils import Side as OfficialSide
from py_clob_client_v2.order_utils.model.order_data_v2 import (  # type: ignore[import-untyped]
    order_to_json_v2,
)
from py_clob_client_v2.signer import Signer  # type: ignore[import-untyped]

from polycopy.venues.polymarket.amounts import Side
from polycopy.venues.polymarket.auth import ApiCreds, l2_headers, serialize_body
from polycopy.venues.polymarket.signing import (
    EXCHANGE_V2,
    EXCHANGE_V3,
    NEG_RISK_EXCHANGE_V2,
    ZERO_BYTES32,
    ExchangeVersion,
    LocalOrderSigner,
    OrderFields,
    OrderSigner,
    PrivateKey,
    SignatureType,
    SignedOrder,
    checksum_address,
    new_salt,
    order_fields_from_wire,
    order_hash,
    post_order_body,
    recover_order_signer,
)

# Well-known public test keys (anvil / hardhat accounts #0 and #1). Never real funds.
KEY_HEX = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
KEY_ADDRESS = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
OTHER_KEY_HEX = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"
OTHER_ADDRESS = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
FUNDER = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"  # proxy / Safe / deposit wallet
TOKEN = "71321045679252212594626385532706912750332728571942532289631379312455583992563"
# A binary-module position id (bits 40..103 zero): py-clob-client-v2 signs it for Exchange V3.
POSITION_ID = str((0x01 << 248) | (0xABCDEF << 104) | 1)
SALT = 1_234_567_890_123
TIMESTAMP_MS = 1_761_950_000_000
HEADER_TS = 1_761_950_000
CREDS = ApiCreds(
    api_key="00000000-1111-2222-3333-444444444444",
    secret="c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I=",
    passphrase="pass-phrase-0123456789abcdef",
)
OFFICIAL_CREDS = OfficialCreds(CREDS.api_key, CREDS.secret, CREDS.passphrase)
TICKS = ["0.1", "0.01", "0.005", "0.0025", "0.001", "0.0001"]
# A price per tick (every price of every tick: tests/venues/test_amounts.py).
PRICE = {"0.1": "0.7", "0.01": "0.43", "0.005": "0.365", "0.0025": "0.4175", "0.001": "0.123"}
PRICE["0.0001"] = "0.0421"

KEY = PrivateKey.from_hex(KEY_HEX)
SIGNER = LocalOrderSigner(KEY)


class OfflineClient(ClobClient):  # type: ignore[misc]
    """The official client with its HTTP calls answered locally and its POSTs captured."""

    def __init__(self, signature_type: int, funder: str | None) -> None:
        super().__init__(
            "http://clob.invalid",
            chain_id=137,
            key=KEY_HEX,
            creds=OFFICIAL_CREDS,
            signature_type=signature_type,
            funder=funder,
        )
        self.posted: list[tuple[str, dict[str, str], str]] = []

    def _get(self, endpoint: str, headers: Any = None, **_: Any) -> Any:
        if endpoint.endswith("/tick-size"):
            return {"minimum_tick_size": 0.0001}
        if "/markets-by-token/" in endpoint:
            return {"condition_id": "0xc0"}
        if "/clob-markets/" in endpoint:
            tokens = [{"t": TOKEN, "o": "Yes"}, {"t": POSITION_ID, "o": "No"}]
            return {"t": tokens, "mts": 0.0001, "fd": {}}
        raise AssertionError(f"unexpected GET {endpoint}")

    def _post(self, endpoint: str, headers: Any = None, data: Any = None, **_: Any) -> Any:
        self.posted.append((endpoint.removeprefix(self.host), headers, data))
        return {"success": True}


@contextlib.contextmanager
def frozen_official(salt: int = SALT) -> Iterator[None]:
    """Fix the official client's salt, order timestamp and header clock."""
    builder = functools.partial(ExchangeOrderBuilderV2, generate_salt=lambda: str(salt))
    clock = SimpleNamespace(time_ns=lambda: TIMESTAMP_MS * 1_000_000)
    now = SimpleNamespace(now=lambda: SimpleNamespace(timestamp=lambda: float(HEADER_TS)))
    with (
        mock.patch.object(official_builder, "ExchangeOrderBuilderV2", builder),
        mock.patch.object(official_builder, "time", clock),
        mock.patch.object(official_headers, "datetime", now),
    ):
        yield


def order_parties(signature_type: SignatureType) -> tuple[str, str]:
    """(maker, signer) as the official OrderBuilder picks them for a signature type."""
    if signature_type is SignatureType.EOA:
        return KEY_ADDRESS, KEY_ADDRESS
    if signature_type is SignatureType.POLY_1271:
        return FUNDER, FUNDER
    return FUNDER, KEY_ADDRESS


def fields_for(
    signature_type: SignatureType, side: Side, maker_amount: int, taker_amount: int, **extra: Any
) -> OrderFields:
    maker, signer = order_parties(signature_type)
    values: dict[str, Any] = {"salt": SALT, "token_id": int(TOKEN), "timestamp_ms": TIMESTAMP_MS}
    values.update(extra)
    return OrderFields(
        maker=maker,
        signer=signer,
        maker_amount=maker_amount,
        taker_amount=taker_amount,
        side=side,
        signature_type=signature_type,
        **values,
    )


def simple_signed_order() -> SignedOrder:
    return SIGNER.sign_order(fields_for(SignatureType.EOA, Side.BUY, 1, 1), neg_risk=False)


def official_hash(
    signed: Any, neg_risk: bool, exchange: ExchangeVersion = ExchangeVersion.V2
) -> str:
    if exchange is ExchangeVersion.V3:
        contract = EXCHANGE_V3
    else:
        contract = NEG_RISK_EXCHANGE_V2 if neg_risk else EXCHANGE_V2
    builder = ExchangeOrderBuilderV2(
        contract, 137, Signer(KEY_HEX, 137), domain_version=str(int(exchange))
    )
    return str(builder.build_order_hash(builder.build_order_typed_data(signed)))


def official_amounts(official_order: Any, order_type: str) -> tuple[int, int]:
    """The maker and taker amounts py-clob-client-v2 put in its order."""
    wire = order_to_json_v2(official_order, "owner", order_type)["order"]
    return int(wire["makerAmount"]), int(wire["takerAmount"])


def test_well_known_key_address() -> None:
    assert KEY.address == KEY_ADDRESS
    assert SIGNER.address == KEY_ADDRESS
    assert PrivateKey.from_hex(OTHER_KEY_HEX[2:]).address == OTHER_ADDRESS


@pytest.mark.parametrize("kind", ["limit", "market"])
@pytest.mark.parametrize("tick", TICKS)
@pytest.mark.parametrize("side", list(Side))
@pytest.mark.parametrize("neg_risk", [False, True])
@pytest.mark.parametrize("signature_type", list(SignatureType))
def test_create_and_post_order_matches_official(
    kind: str, tick: str, side: Side, neg_risk: bool, signature_type: SignatureType
) -> None:
    """From the client's order to the POST /order request: order, signature, hash, body and
    L2 headers."""
    price = Decimal(PRICE[tick])
    quantity = Decimal("123.4567")
    options = PartialCreateOrderOptions(tick_size=tick, neg_risk=neg_risk, version=2)
    official = OfflineClient(int(signature_type), None if signature_type == 0 else FUNDER)
    with frozen_official():
        if kind == "limit":
            args = OrderArgsV2(
                token_id=TOKEN, price=float(price), size=float(quantity), side=side.name
            )
            official_order = official.create_order(args, options)
            order_type = "GTC"
        else:
            order_type = "FAK" if side is Side.SELL else "FOK"
            market_args = MarketOrderArgsV2(
                token_id=TOKEN,
                amount=float(quantity),
                side=side.name,
                price=float(price),
                order_type=order_type,
            )
            official_order = official.create_market_order(market_args, options)
        official.post_order(official_order, order_type)
    [(path, official_headers_sent, official_body)] = official.posted

    maker_amount, taker_amount = official_amounts(official_order, order_type)
    signed = SIGNER.sign_order(
        fields_for(signature_type, side, maker_amount, taker_amount), neg_risk=neg_risk
    )
    body = serialize_body(post_order_body(signed, CREDS.api_key, order_type))

    assert signed.signature == official_order.signature
    assert signed.order_hash == official_hash(official_order, neg_risk)
    assert body == official_body
    assert path == "/order"
    headers = l2_headers(
        CREDS, KEY.address, method="POST", request_path=path, body=body, timestamp=HEADER_TS
    )
    assert headers == official_headers_sent


OFFICIAL_CLIENTS = {t: OfflineClient(int(t), None if t == 0 else FUNDER) for t in SignatureType}
prices_on_tick = st.sampled_from(TICKS).flatmap(
    lambda tick: st.integers(1, int(1 / Decimal(tick)) - 1).map(lambda k: (tick, Decimal(tick) * k))
)
# From one size step (0.01) to 10^11, with 0..6 decimals: never a zero amount.
quantities = st.builds(
    lambda n, digits, places: Decimal(n % 10**digits + 10 ** max(places - 2, 0)).scaleb(-places),
    st.integers(0, 10**11),
    st.integers(1, 11),
    st.integers(0, 6),
)


@settings(max_examples=1_500, deadline=None)
@given(
    kind=st.sampled_from(["limit", "market"]),
    side=st.sampled_from(list(Side)),
    tick_price=prices_on_tick,
    quantity=quantities,
    neg_risk=st.booleans(),
    signature_type=st.sampled_from(list(SignatureType)),
    exchange=st.sampled_from(list(ExchangeVersion)),
    salt=st.integers(1, 2**53),
    gtd=st.booleans(),
    post_only=st.booleans(),
)
def test_random_orders_match_official_byte_for_byte(
    kind: str,
    side: Side,
    tick_price: tuple[str, Decimal],
    quantity: Decimal,
    neg_risk: bool,
    signature_type: SignatureType,
    exchange: ExchangeVersion,
    salt: int,
    gtd: bool,
    post_only: bool,
) -> None:
    """From the client's order to the POST /order request (order fields, order hash,
    signature, body text and L2 headers), polycopy and py-clob-client-v2 agree byte for byte,
    for every kind, side, tick size, neg-risk, signature type, exchange (a position id
    selects Exchange V3), GTD expiry and post-only flag."""
    tick, price = tick_price
    v3 = exchange is ExchangeVersion.V3
    asset = {"position_id": POSITION_ID} if v3 else {"token_id": TOKEN}
    options = PartialCreateOrderOptions(tick_size=tick, neg_risk=neg_risk, version=2)
    official = OFFICIAL_CLIENTS[signature_type]
    official.posted.clear()
    expiration = TIMESTAMP_MS // 1000 + 3600 if kind == "limit" and gtd else 0
    if kind == "limit":
        order_type = "GTD" if gtd else "GTC"
        args: Any = OrderArgsV2(
            price=float(price),
            size=float(quantity),
            side=side.name,
            expiration=expiration,
            **asset,
        )
    else:
        order_type = "FAK" if gtd else "FOK"
        post_only = False
        args = MarketOrderArgsV2(
            amount=float(quantity),
            side=side.name,
            price=float(price),
            order_type=order_type,
            **asset,
        )
    with frozen_official(salt):
        official_order = (
            official.create_order(args, options)
            if kind == "limit"
            else official.create_market_order(args, options)
        )
        official.post_order(official_order, order_type, post_only=post_only)
    [(path, official_headers_sent, official_body)] = official.posted

    maker_amount, taker_amount = official_amounts(official_order, order_type)
    fields = fields_for(
        signature_type,
        side,
        maker_amount,
        taker_amount,
        salt=salt,
        token_id=int(POSITION_ID if v3 else TOKEN),
        expiration=expiration,
        exchange=exchange,
    )
    signed = SIGNER.sign_order(fields, neg_risk=neg_risk)
    body = serialize_body(post_order_body(signed, CREDS.api_key, order_type, post_only))

    assert signed.to_wire() == order_to_json_v2(official_order, "owner", order_type)["order"]
    assert signed.order_hash == official_hash(official_order, neg_risk, exchange)
    assert signed.signature == official_order.signature
    assert body == official_body
    headers = l2_headers(
        CREDS, KEY.address, method="POST", request_path=path, body=body, timestamp=HEADER_TS
    )
    assert headers == official_headers_sent


@pytest.mark.parametrize(("post_only", "defer_exec"), [(True, False), (False, True), (True, True)])
@pytest.mark.parametrize("order_type", ["GTC", "GTD"])
def test_post_order_flags_match_official(
    order_type: str, post_only: bool, defer_exec: bool
) -> None:
    expiration = TIMESTAMP_MS // 1000 + 3600 if order_type == "GTD" else 0
    fields = fields_for(
        SignatureType.POLY_PROXY, Side.BUY, 5_000_000, 10_000_000, expiration=expiration
    )
    signed = SIGNER.sign_order(fields, neg_risk=False)
    official = _official_sign(fields, neg_risk=False)
    expected = order_to_json_v2(official, CREDS.api_key, order_type, post_only, defer_exec)
    ours = post_order_body(signed, CREDS.api_key, order_type, post_only, defer_exec)
    assert serialize_body(ours) == serialize_body(expected)


def _official_sign(fields: OrderFields, *, neg_risk: bool) -> Any:
    """Sign ``fields`` with the official ExchangeOrderBuilderV2."""
    exchange = NEG_RISK_EXCHANGE_V2 if neg_risk else EXCHANGE_V2
    builder = ExchangeOrderBuilderV2(
        exchange, 137, Signer(KEY_HEX, 137), generate_salt=lambda: str(fields.salt)
    )
    data = OrderDataV2(
        maker=fields.maker,
        tokenId=str(fields.token_id),
        makerAmount=str(fields.maker_amount),
        takerAmount=str(fields.taker_amount),
        side=OfficialSide(int(fields.side)),
        signer=fields.signer,
        signatureType=SignatureTypeV2(int(fields.signature_type)),
        timestamp=str(fields.timestamp_ms),
        metadata=fields.metadata,
        builder=fields.builder,
        expiration=str(fields.expiration),
    )
    return builder.build_signed_order(data)


uint256 = st.integers(0, 2**256 - 1)
bytes32 = st.one_of(
    st.just(ZERO_BYTES32), st.binary(min_size=32, max_size=32).map(lambda b: "0x" + b.hex())
)


@settings(max_examples=2_000, deadline=None)
@given(
    salt=st.integers(1, 2**53),
    token_id=uint256,
    maker_amount=st.integers(1, 2**128),
    taker_amount=st.integers(1, 2**128),
    side=st.sampled_from(list(Side)),
    signature_type=st.sampled_from(list(SignatureType)),
    timestamp_ms=st.integers(1, 2**63),
    metadata=bytes32,
    builder=bytes32,
    neg_risk=st.booleans(),
)
def test_signing_arbitrary_fields_matches_official(
    salt: int,
    token_id: int,
    maker_amount: int,
    taker_amount: int,
    side: Side,
    signature_type: SignatureType,
    timestamp_ms: int,
    metadata: str,
    builder: str,
    neg_risk: bool,
) -> None:
    fields = fields_for(
        signature_type,
        side,
        maker_amount,
        taker_amount,
        salt=salt,
        token_id=token_id,
        timestamp_ms=timestamp_ms,
        metadata=metadata,
        builder=builder,
    )
    signed = SIGNER.sign_order(fields, neg_risk=neg_risk)
    official = _official_sign(fields, neg_risk=neg_risk)
    assert signed.signature == official.signature
    assert signed.order_hash == official_hash(official, neg_risk)
    assert signed.to_wire() == order_to_json_v2(official, "owner", "GTC")["order"]
    assert recover_order_signer(fields, signed.signature, neg_risk=neg_risk) == KEY_ADDRESS
    assert order_fields_from_wire(signed.to_wire()) == fields


def test_order_hash_depends_on_exchange_and_chain() -> None:
    fields = fields_for(SignatureType.EOA, Side.BUY, 1, 2)
    hashes = {
        order_hash(fields, neg_risk=False),
        order_hash(fields, neg_risk=True),
        order_hash(fields, neg_risk=False, chain_id=80002),
    }
    assert len(hashes) == 3
    assert (
        "0x" + order_hash(fields, neg_risk=True).hex()
        == SIGNER.sign_order(fields, neg_risk=True).order_hash
    )


def test_local_signer_is_an_order_signer() -> None:
    signer: OrderSigner = SIGNER
    assert isinstance(
        signer.sign_order(fields_for(SignatureType.EOA, Side.SELL, 1, 1), neg_risk=False),
        SignedOrder,
    )


def test_signer_must_be_the_key_address() -> None:
    fields = replace(fields_for(SignatureType.POLY_PROXY, Side.BUY, 1, 1), signer=OTHER_ADDRESS)
    with pytest.raises(ValueError, match="is not this key's address"):
        SIGNER.sign_order(fields, neg_risk=False)


def _with_byte(signature: str, index: int, value: int) -> str:
    raw = bytearray.fromhex(signature[2:])
    raw[index] = value
    return "0x" + raw.hex()


@pytest.mark.parametrize("signature_type", list(SignatureType))
def test_tampering_changes_the_recovered_signer(signature_type: SignatureType) -> None:
    fields = fields_for(signature_type, Side.BUY, 5_000_000, 10_000_000)
    signature = SIGNER.sign_order(fields, neg_risk=False).signature
    assert recover_order_signer(fields, signature, neg_risk=False) == KEY_ADDRESS

    raw = bytes.fromhex(signature[2:])
    s = int.from_bytes(raw[32:64], "big")
    lowered = "0x" + (raw[:32] + (s - 1).to_bytes(32, "big") + raw[64:]).hex()
    flipped_v = _with_byte(signature, 64, 55 - raw[64])  # 27 <-> 28
    for tampered in (lowered, flipped_v):
        recovered = recover_order_signer(fields, tampered, neg_risk=False)
        assert recovered not in (KEY_ADDRESS, fields.maker)


@pytest.mark.parametrize(
    "signature_type", [t for t in SignatureType if t is not SignatureType.POLY_1271]
)
def test_changed_order_recovers_a_different_signer(signature_type: SignatureType) -> None:
    fields = fields_for(signature_type, Side.BUY, 5_000_000, 10_000_000)
    signature = SIGNER.sign_order(fields, neg_risk=False).signature
    changed = replace(fields, maker_amount=5_000_001)
    assert recover_order_signer(changed, signature, neg_risk=False) != KEY_ADDRESS


def test_high_s_and_bad_v_are_refused() -> None:
    """The exchange (OpenZeppelin ECDSA) rejects malleable high-s signatures and v of 0/1."""
    fields = fields_for(SignatureType.EOA, Side.BUY, 5_000_000, 10_000_000)
    raw = bytes.fromhex(SIGNER.sign_order(fields, neg_risk=False).signature[2:])
    n = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
    high_s = (n - int.from_bytes(raw[32:64], "big")).to_bytes(32, "big")
    malleable = "0x" + (raw[:32] + high_s + bytes((55 - raw[64],))).hex()
    with pytest.raises(ValueError, match="high s"):
        recover_order_signer(fields, malleable, neg_risk=False)
    with pytest.raises(ValueError, match="v must be 27 or 28"):
        recover_order_signer(fields, _with_byte("0x" + raw.hex(), 64, raw[64] - 27), neg_risk=False)
    for bad in ("0x" + raw[:64].hex(), raw.hex(), "0xzz"):
        with pytest.raises(ValueError, match="signature"):
            recover_order_signer(fields, bad, neg_risk=False)


def test_poly_1271_wrapper_is_checked_against_the_order() -> None:
    fields = fields_for(SignatureType.POLY_1271, Side.BUY, 5_000_000, 10_000_000)
    signature = SIGNER.sign_order(fields, neg_risk=False).signature
    with pytest.raises(ValueError, match="wrapper does not match"):
        recover_order_signer(fields, signature, neg_risk=True)
    with pytest.raises(ValueError, match="wrapper does not match"):
        recover_order_signer(fields, signature[:-4], neg_risk=False)
    changed = replace(fields, maker_amount=5_000_001)
    with pytest.raises(ValueError, match="wrapper does not match"):
        recover_order_signer(changed, signature, neg_risk=False)


@pytest.mark.parametrize(
    "address",
    [
        "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293B",  # 39 hex digits
        "3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",  # no 0x
        "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BG",  # not hex
        "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293Bc",  # mixed case, wrong checksum
        "",
    ],
)
def test_invalid_addresses_are_refused(address: str) -> None:
    with pytest.raises(ValueError, match="address"):
        checksum_address(address)
    with pytest.raises(ValueError, match="address"):
        replace(fields_for(SignatureType.POLY_PROXY, Side.BUY, 1, 1), maker=address)


def test_addresses_are_normalised_to_eip55() -> None:
    assert checksum_address(FUNDER.lower()) == FUNDER
    assert checksum_address(FUNDER.upper().replace("0X", "0x")) == FUNDER
    fields = fields_for(SignatureType.POLY_PROXY, Side.BUY, 1, 1)
    assert replace(fields, maker=FUNDER.lower()).maker == FUNDER


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"salt": -1}, "salt"),
        ({"maker_amount": 2**256}, "maker_amount"),
        ({"token_id": "1"}, "token_id"),
        ({"timestamp_ms": True}, "timestamp_ms"),
        ({"metadata": "0x1234"}, "metadata"),
        ({"builder": "0x" + "zz" * 32}, "builder"),
        ({"side": 2}, "Side"),
        ({"signature_type": 4}, "SignatureType"),
    ],
)
def test_invalid_order_fields_are_refused(change: dict[str, Any], message: str) -> None:
    base = fields_for(SignatureType.EOA, Side.BUY, 1, 1)
    with pytest.raises(ValueError, match=message):
        replace(base, **change)


def test_wire_round_trip_accepts_salt_as_string() -> None:
    fields = fields_for(SignatureType.POLY_GNOSIS_SAFE, Side.SELL, 7, 9, expiration=1_800_000_000)
    wire = SIGNER.sign_order(fields, neg_risk=True).to_wire()
    assert order_fields_from_wire(wire) == fields
    assert order_fields_from_wire({**wire, "salt": str(SALT)}) == fields


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"side": "buy"}, "order.side"),
        ({"side": 0}, "order.side"),
        ({"makerAmount": "-5"}, "order.makerAmount"),
        ({"makerAmount": "5.0"}, "order.makerAmount"),
        ({"takerAmount": 1.5}, "order.takerAmount"),
        ({"salt": True}, "order.salt"),
        ({"tokenId": "1" * 79}, "order.tokenId"),
        ({"signatureType": 7}, "SignatureType"),
        ({"signatureType": 256}, "order.signatureType"),
        ({"maker": "0x1234"}, "address"),
        ({"metadata": None}, "order.metadata"),
    ],
)
def test_bad_wire_orders_are_refused(change: dict[str, Any], message: str) -> None:
    wire = SIGNER.sign_order(
        fields_for(SignatureType.EOA, Side.BUY, 1, 1), neg_risk=False
    ).to_wire()
    with pytest.raises(ValueError, match=message):
        order_fields_from_wire({**wire, **change})


def test_missing_wire_field_and_non_object_are_refused() -> None:
    wire = SIGNER.sign_order(
        fields_for(SignatureType.EOA, Side.BUY, 1, 1), neg_risk=False
    ).to_wire()
    del wire["timestamp"]
    with pytest.raises(ValueError, match=r"order.timestamp is missing"):
        order_fields_from_wire(wire)
    with pytest.raises(ValueError, match="JSON object"):
        order_fields_from_wire([])  # type: ignore[arg-type]


def test_post_order_body_refuses_what_the_server_refuses() -> None:
    signed = simple_signed_order()
    with pytest.raises(ValueError, match="post_only"):
        post_order_body(signed, CREDS.api_key, "FOK", post_only=True)
    with pytest.raises(ValueError, match="unknown order type"):
        post_order_body(signed, CREDS.api_key, "IOC")


def test_new_salt_is_json_safe_and_varies() -> None:
    salts = {new_salt() for _ in range(100)}
    assert len(salts) > 95
    assert all(0 <= s < 2**53 for s in salts)


def test_keys_never_appear_in_reprs_or_errors() -> None:
    secret_forms = (KEY_HEX[2:], KEY_HEX[2:].upper(), KEY_HEX[2:10], KEY_HEX[-8:])
    texts = [repr(KEY), str(KEY), repr(SIGNER), str(SIGNER), f"{KEY}", f"{SIGNER!r}"]
    for bad in (KEY_HEX[:-1], KEY_HEX[:-1] + "g", "0x" + "00" * 32, "0x" + "ff" * 32):
        with pytest.raises(ValueError, match="private key") as excinfo:
            PrivateKey.from_hex(bad)
        texts.append(str(excinfo.value))
    for text in texts:
        for secret in secret_forms:
            assert secret.lower() not in text.lower()
    assert KEY_ADDRESS in repr(KEY)
