"""Orders compared with the official unified SDK (``polymarket-client``), V2 and V3.

End to end (``test_orders_match_the_sdk_end_to_end``): the SDK's ``SecureClient`` creates
and posts limit and market orders offline (its HTTP transport answered in-process: market
look-ups served, POST /order captured; salt and clocks frozen), and polycopy's amounts,
order hash, signature, body and L2 headers must equal what it computed and sent.

The SDK picks the exchange from the token id: a position id (bits 40..103 zero) is signed
for Exchange V3 under EIP-712 domain version "3", any other token id for the V2 exchanges.
For arbitrary order fields its signing pipeline runs step by step as its ``_sign_order``
and ``post_order`` run it (``sdk_sign``).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from types import SimpleNamespace
from typing import Any, Literal
from unittest import mock

import httpx
import pytest
from eth_account import Account
from eth_account.messages import _hash_eip191_message, encode_typed_data
from hypothesis import event, given, settings
from hypothesis import strategies as st
from polymarket._internal.actions.orders import orders as sdk_orders
from polymarket._internal.actions.orders.context import resolve_order_exchange_address
from polymarket._internal.actions.orders.post import build_post_order_request
from polymarket._internal.actions.orders.typed_data import (
    _build_standard_typed_data,
    build_order_signature,
    build_order_typed_data,
)
from polymarket._internal.actions.orders.types import OrderDraft
from polymarket._internal.environment import PRODUCTION_CONFIG
from polymarket._internal.protocol import is_v2_position_id
from polymarket._internal.wallet import wrap_deposit_wallet_signature
from polymarket.clients import _transport as sdk_transport
from polymarket.clients import secure as sdk_secure
from polymarket.environments import PRODUCTION
from polymarket.errors import UserInputError
from polymarket.models.clob.api_key import ApiKeyCreds
from polymarket.types import EvmAddress, HexString

from polycopy.venues.polymarket.amounts import Side, limit_order_amounts, market_order_amounts
from polycopy.venues.polymarket.auth import ApiCreds, l2_headers, serialize_body
from polycopy.venues.polymarket.signers import SealedKey, SessionKeySigner
from polycopy.venues.polymarket.signing import (
    EXCHANGE_V3,
    ZERO_BYTES32,
    ExchangeVersion,
    LocalOrderSigner,
    OrderFields,
    PrivateKey,
    SignatureType,
    exchange_for_token,
    is_position_id,
    order_fields_from_wire,
    order_hash,
    post_order_body,
    recover_order_signer,
)

# Well-known public test keys (anvil / hardhat account #0). Never real funds.
KEY_HEX = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
KEY_ADDRESS = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
FUNDER = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"  # proxy / Safe / deposit wallet
OWNER = "00000000-1111-2222-3333-444444444444"
SIGNER = LocalOrderSigner(PrivateKey.from_hex(KEY_HEX))
ACCOUNT = Account.from_key(KEY_HEX)
# A deposit wallet's trading session key (anvil / hardhat account #1).
SESSION_HEX = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"
SESSION_ACCOUNT = Account.from_key(SESSION_HEX)
SESSION = SessionKeySigner(
    PrivateKey.from_hex(SESSION_HEX), deposit_wallet=FUNDER, valid_until=2**40
)
WALLET_TYPES: dict[SignatureType, Literal["EOA", "POLY_PROXY", "GNOSIS_SAFE", "DEPOSIT_WALLET"]] = {
    SignatureType.EOA: "EOA",
    SignatureType.POLY_PROXY: "POLY_PROXY",
    SignatureType.POLY_GNOSIS_SAFE: "GNOSIS_SAFE",
    SignatureType.POLY_1271: "DEPOSIT_WALLET",
}
# A CTF token id of a V2 market (a keccak hash).
CTF_TOKEN = 71321045679252212594626385532706912750332728571942532289631379312455583992563
# A binary-module position id: module byte 0x01, a condition, outcome index 1.
POSITION_ID = (0x01 << 248) | (0xABCDEF << 104) | 1


def parties(signature_type: SignatureType) -> tuple[str, str]:
    """(maker, signer) as the SDK picks them for a wallet type."""
    if signature_type is SignatureType.EOA:
        return KEY_ADDRESS, KEY_ADDRESS
    if signature_type is SignatureType.POLY_1271:
        return FUNDER, FUNDER
    return FUNDER, KEY_ADDRESS


def sdk_sign(
    fields: OrderFields,
    *,
    neg_risk: bool,
    order_type: str,
    post_only: bool,
    account: Any = ACCOUNT,
    signer_type: Literal["OWNER", "SESSION_KEY"] = "OWNER",
) -> Any:
    """The SDK's order pipeline for ``fields``: (order hash, signature, POST /order text).

    ``signer_type="SESSION_KEY"`` is how the SDK signs when ``account`` is a deposit
    wallet's session key rather than its owner.
    """
    maker, _ = parties(fields.signature_type)
    draft = OrderDraft(
        chain_id=137,
        exchange_address=resolve_order_exchange_address(
            PRODUCTION_CONFIG, asset_id=str(fields.token_id), neg_risk=neg_risk
        ),
        expiration=fields.expiration,
        funder_address=EvmAddress(maker),
        offered_amount=fields.maker_amount,
        order_type=order_type,  # type: ignore[arg-type]
        side=fields.side.name,  # type: ignore[arg-type]
        signer=EvmAddress(account.address),
        requested_amount=fields.taker_amount,
        asset_id=str(fields.token_id),  # type: ignore[arg-type]
        builder_code=HexString(fields.builder),
    )
    with (
        mock.patch.object(sdk_orders, "_generate_salt", return_value=fields.salt),
        mock.patch.object(sdk_orders, "_current_timestamp_ms", return_value=fields.timestamp_ms),
    ):
        unsigned = sdk_orders.create_unsigned_order(
            draft, wallet=EvmAddress(maker), wallet_type=WALLET_TYPES[fields.signature_type]
        )
    # ``metadata`` is always zero in the SDK's own orders; other values are signed as given.
    unsigned = dataclasses.replace(unsigned, metadata=HexString(fields.metadata))
    signed_message = account.sign_typed_data(full_message=build_order_typed_data(unsigned))
    raw_hex = signed_message.signature.hex()
    signature = wrap_deposit_wallet_signature(
        signer=account.address,
        signer_type=signer_type,
        signature=build_order_signature(
            unsigned, HexString(raw_hex if raw_hex.startswith("0x") else "0x" + raw_hex)
        ),
    )
    sdk_signed = sdk_orders.create_signed_order(unsigned, signature, post_only=post_only)
    path, payload = build_post_order_request(sdk_signed, owner_api_key=OWNER)
    assert path == "/order"
    # The body text as the SDK's transport encodes it (clients/_transport.py).
    body = json.dumps(payload, separators=(",", ":"))
    return sdk_order_hash(unsigned), signature, body, unsigned


def sdk_order_hash(unsigned: Any) -> str:
    """The EIP-712 hash of the SDK's order (for a deposit wallet, of the order itself, not of
    the wrapper it signs)."""
    standard = _build_standard_typed_data(unsigned, protocol_version=unsigned.protocol_version)
    return "0x" + _hash_eip191_message(encode_typed_data(full_message=standard)).hex()


def sdk_layout(body: dict[str, Any]) -> str:
    """polycopy's body in the SDK's layout: keys sorted, ``postOnly`` only when set."""
    if body["postOnly"] is False:
        body = {k: v for k, v in body.items() if k != "postOnly"}
    return json.dumps(body, separators=(",", ":"), sort_keys=True)


uint256 = st.integers(0, 2**256 - 1)
position_ids = st.builds(
    lambda high, low: (high << 104) | low, st.integers(0, 2**152 - 1), st.integers(0, 2**40 - 1)
)
bytes32 = st.one_of(
    st.just(ZERO_BYTES32), st.binary(min_size=32, max_size=32).map(lambda b: "0x" + b.hex())
)


@settings(max_examples=1_500, deadline=None)
@given(
    salt=st.integers(1, 2**53),
    token_id=st.one_of(position_ids, uint256),
    maker_amount=st.integers(1, 2**128),
    taker_amount=st.integers(1, 2**128),
    side=st.sampled_from(list(Side)),
    signature_type=st.sampled_from(list(SignatureType)),
    timestamp_ms=st.integers(1, 2**63),
    metadata=bytes32,
    builder=bytes32,
    expiration=st.one_of(st.just(0), st.integers(1, 2**40)),
    neg_risk=st.booleans(),
    order_type=st.sampled_from(["GTC", "GTD", "FOK", "FAK"]),
    post_only=st.booleans(),
    session_key=st.booleans(),
)
def test_signing_matches_the_sdk(
    salt: int,
    token_id: int,
    maker_amount: int,
    taker_amount: int,
    side: Side,
    signature_type: SignatureType,
    timestamp_ms: int,
    metadata: str,
    builder: str,
    expiration: int,
    neg_risk: bool,
    order_type: str,
    post_only: bool,
    session_key: bool,
) -> None:
    """Hash, signature and body equal the SDK's, for V3 position ids and V2 token ids, and
    for deposit-wallet orders signed by the owner or by a session key."""
    post_only = post_only and order_type in ("GTC", "GTD")
    session_key = session_key and signature_type is SignatureType.POLY_1271
    maker, signer = parties(signature_type)
    fields = OrderFields(
        salt=salt,
        maker=maker,
        signer=signer,
        token_id=token_id,
        maker_amount=maker_amount,
        taker_amount=taker_amount,
        side=side,
        signature_type=signature_type,
        timestamp_ms=timestamp_ms,
        metadata=metadata,
        builder=builder,
        expiration=expiration,
        exchange=exchange_for_token(token_id),
    )
    sdk_hash, sdk_signature, sdk_body, unsigned = sdk_sign(
        fields,
        neg_risk=neg_risk,
        order_type=order_type,
        post_only=post_only,
        account=SESSION_ACCOUNT if session_key else ACCOUNT,
        signer_type="SESSION_KEY" if session_key else "OWNER",
    )
    assert is_position_id(token_id) == is_v2_position_id(str(token_id))
    assert int(fields.exchange) == int(unsigned.protocol_version)

    signed = (SESSION if session_key else SIGNER).sign_order(fields, neg_risk=neg_risk)
    assert signed.order_hash == sdk_hash
    assert signed.signature == sdk_signature
    assert "0x" + order_hash(fields, neg_risk=neg_risk).hex() == sdk_hash
    recovered = recover_order_signer(fields, signed.signature, neg_risk=neg_risk)
    assert recovered == (SESSION.address if session_key else KEY_ADDRESS)
    body = post_order_body(signed, OWNER, order_type, post_only=post_only)
    assert sdk_layout(body) == sdk_body
    # The order object is the same in both layouts, so the wire does not tell V2 from V3.
    assert json.loads(serialize_body(body))["order"] == json.loads(sdk_body)["order"]
    assert order_fields_from_wire(signed.to_wire(), exchange=fields.exchange) == fields


@pytest.mark.parametrize("neg_risk", [False, True])
@pytest.mark.parametrize("signature_type", list(SignatureType))
def test_v3_ignores_neg_risk_and_differs_from_v2(
    signature_type: SignatureType, neg_risk: bool
) -> None:
    maker, signer = parties(signature_type)
    v2 = OrderFields(
        salt=7,
        maker=maker,
        signer=signer,
        token_id=POSITION_ID,
        maker_amount=5_000_000,
        taker_amount=10_000_000,
        side=Side.BUY,
        signature_type=signature_type,
        timestamp_ms=1_761_950_000_000,
    )
    v3 = dataclasses.replace(v2, exchange=ExchangeVersion.V3)
    assert v2.exchange is ExchangeVersion.V2
    assert v2.to_wire() == v3.to_wire()
    signed = SIGNER.sign_order(v3, neg_risk=neg_risk)
    assert signed == SIGNER.sign_order(v3, neg_risk=not neg_risk)
    assert signed.order_hash != SIGNER.sign_order(v2, neg_risk=neg_risk).order_hash
    assert recover_order_signer(v3, signed.signature, neg_risk=neg_risk) == KEY_ADDRESS
    # A V3 signature does not verify as a V2 order (a POLY_1271 wrapper names its domain).
    if signature_type is SignatureType.POLY_1271:
        with pytest.raises(ValueError, match="wrapper does not match"):
            recover_order_signer(v2, signed.signature, neg_risk=neg_risk)
    else:
        assert recover_order_signer(v2, signed.signature, neg_risk=neg_risk) != KEY_ADDRESS
    if signature_type is SignatureType.POLY_1271:
        # The wrapper carries the V3 domain separator, as the SDK's does.
        _, sdk_signature, _, unsigned = sdk_sign(
            v3, neg_risk=neg_risk, order_type="GTC", post_only=False
        )
        assert unsigned.exchange_address == EXCHANGE_V3
        assert signed.signature == sdk_signature


def test_exchange_version_is_validated_and_normalised() -> None:
    maker, signer = parties(SignatureType.EOA)
    values: dict[str, Any] = {
        "salt": 1,
        "maker": maker,
        "signer": signer,
        "token_id": POSITION_ID,
        "maker_amount": 1,
        "taker_amount": 1,
        "side": Side.SELL,
        "signature_type": SignatureType.EOA,
        "timestamp_ms": 1,
    }
    assert OrderFields(**values, exchange=3).exchange is ExchangeVersion.V3  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="ExchangeVersion"):
        OrderFields(**values, exchange=1)  # type: ignore[arg-type]
    assert exchange_for_token(POSITION_ID) is ExchangeVersion.V3
    assert exchange_for_token(CTF_TOKEN) is ExchangeVersion.V2
    assert exchange_for_token(2**200 + 17) is ExchangeVersion.V3  # bits 40..103 are zero


def test_sealed_and_session_key_signers_sign_v3() -> None:
    fields = OrderFields(
        salt=3,
        maker=FUNDER,
        signer=FUNDER,
        token_id=POSITION_ID,
        maker_amount=2_000_000,
        taker_amount=4_000_000,
        side=Side.SELL,
        signature_type=SignatureType.POLY_1271,
        timestamp_ms=1_761_950_000_000,
        exchange=ExchangeVersion.V3,
    )
    expected = SIGNER.sign_order(fields, neg_risk=False)
    assert LocalOrderSigner(SealedKey.from_hex(KEY_HEX)).sign_order(fields, neg_risk=False) == (
        expected
    )
    session = SessionKeySigner(
        SealedKey.from_hex(SESSION_HEX), deposit_wallet=FUNDER, valid_until=2**40, clock=lambda: 0.0
    )
    signed = session.sign_order(fields, neg_risk=True)
    assert signed == SESSION.sign_order(fields, neg_risk=False)
    assert signed.order_hash == expected.order_hash
    _, sdk_signature, _, _ = sdk_sign(
        fields,
        neg_risk=True,
        order_type="GTC",
        post_only=False,
        account=SESSION_ACCOUNT,
        signer_type="SESSION_KEY",
    )
    assert signed.signature == sdk_signature


# --- end to end: the SDK's SecureClient creates and posts the order --------------------------

TICKS = [Decimal(t) for t in ("0.1", "0.01", "0.005", "0.0025", "0.001", "0.0001")]
SALT = 1_234_567_890_123
TIMESTAMP_MS = 1_761_950_000_000
HEADER_TS = 1_761_950_000
CREDS = ApiCreds(
    api_key=OWNER,
    secret="c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I=",
    passphrase="pass-phrase-0123456789abcdef",
)
# One market per (tick size, neg-risk, exchange), each with its own token id and condition.
MARKETS = [
    (tick, neg_risk, v3) for tick in TICKS for neg_risk in (False, True) for v3 in (False, True)
]
MARKET_TOKENS = {
    market: (POSITION_ID if market[2] else CTF_TOKEN) + 2 * index
    for index, market in enumerate(MARKETS)
}
CONDITIONS = {str(token): f"0x{index:064x}" for index, token in enumerate(MARKET_TOKENS.values())}
CLOB_MARKETS = {
    CONDITIONS[str(token)]: {"t": [{"t": str(token)}], "mts": str(tick), "nr": neg_risk}
    for (tick, neg_risk, _), token in MARKET_TOKENS.items()
}


class SdkClob:
    """The CLOB as the SDK's HTTP transport reaches it: the market look-ups its order
    builder makes are answered, and the POST /order it sends is captured."""

    def __init__(self) -> None:
        self.posted: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        kind, _, key = request.url.path.rpartition("/")
        if kind == "/markets-by-token":
            return httpx.Response(200, json={"condition_id": CONDITIONS[key]})
        if kind == "/clob-markets":
            return httpx.Response(200, json=CLOB_MARKETS[key])
        assert (request.method, request.url.path) == ("POST", "/order")
        self.posted.append(request)
        accepted = {"errorMsg": "", "makingAmount": "0", "orderID": "0x01", "status": "live"}
        return httpx.Response(200, json={**accepted, "success": True, "takingAmount": "0"})


@functools.cache
def sdk_client(signature_type: SignatureType) -> tuple[Any, SdkClob]:
    """A SecureClient of the SDK trading for this wallet type with the owner key, as
    ``SecureClient.create`` builds it once the wallet and credentials are known."""
    clob = SdkClob()
    offline = functools.partial(httpx.Client, transport=httpx.MockTransport(clob))
    maker, _ = parties(signature_type)
    credentials = ApiKeyCreds.model_validate(
        {"apiKey": CREDS.api_key, "secret": CREDS.secret, "passphrase": CREDS.passphrase}
    )
    with mock.patch.object(sdk_transport.httpx, "Client", offline):
        client = sdk_secure.SecureClient._construct_for_wallet(
            signer=ACCOUNT,
            wallet=maker,
            wallet_type=WALLET_TYPES[signature_type],
            signer_type="OWNER",
            environment=PRODUCTION,
            config=PRODUCTION_CONFIG,
            credentials=credentials,
            api_key=None,
            logger=None,
            on_rate_limit_update=None,
        )
    return client, clob


@contextmanager
def frozen_sdk(salt: int) -> Iterator[mock.MagicMock]:
    """Fix the SDK's salt, order timestamp and header clock; yield a spy on the unsigned
    orders it builds typed data for."""
    header_clock = SimpleNamespace(time=lambda: float(HEADER_TS))
    with (
        mock.patch.object(sdk_orders, "_generate_salt", return_value=salt),
        mock.patch.object(sdk_orders, "_current_timestamp_ms", return_value=TIMESTAMP_MS),
        mock.patch.object(sdk_secure, "time", header_clock),
        mock.patch.object(
            sdk_secure, "build_order_typed_data", wraps=build_order_typed_data
        ) as typed_data,
    ):
        yield typed_data


prices_on_tick = st.sampled_from(TICKS).flatmap(
    lambda tick: st.integers(1, int(1 / tick) - 1).map(lambda k: (tick, tick * k))
)
# From below one size step to 10^12 with 0..6 decimals; and sizes with a tail of digits
# past the 28 significant digits of the SDK's decimal context.
quantities = st.one_of(
    st.builds(
        lambda n, digits, places: Decimal(n % 10**digits + 1).scaleb(-places),
        st.integers(0, 10**12 - 1),
        st.integers(1, 12),
        st.integers(0, 6),
    ),
    st.builds(
        lambda cents, tail, places: Decimal(cents).scaleb(-2) + Decimal(tail).scaleb(-places),
        st.integers(1, 10**10),
        st.integers(1, 10**12),
        st.integers(20, 40),
    ),
)


@settings(max_examples=1_500, deadline=None)
@given(
    kind=st.sampled_from(["limit", "market"]),
    side=st.sampled_from(list(Side)),
    tick_price=prices_on_tick,
    quantity=quantities,
    neg_risk=st.booleans(),
    v3=st.booleans(),
    signature_type=st.sampled_from(list(SignatureType)),
    salt=st.integers(1, 2**53),
    gtd=st.booleans(),
    post_only=st.booleans(),
)
def test_orders_match_the_sdk_end_to_end(
    kind: str,
    side: Side,
    tick_price: tuple[Decimal, Decimal],
    quantity: Decimal,
    neg_risk: bool,
    v3: bool,
    signature_type: SignatureType,
    salt: int,
    gtd: bool,
    post_only: bool,
) -> None:
    """The acceptance property: from a price and a quantity to the POST /order request
    (amounts, order hash, signature, body text and L2 headers), polycopy and the SDK agree
    byte for byte, for limit and market orders, both sides, every tick size, neg-risk,
    signature types 0-3, V2 token ids and V3 position ids, GTD expiry and post-only. An
    order the SDK refuses, or would sign for a zero amount, polycopy refuses."""
    tick, price = tick_price
    token = MARKET_TOKENS[(tick, neg_risk, v3)]
    client, clob = sdk_client(signature_type)
    clob.posted.clear()
    # A GTD expiry must be at least three minutes ahead of the SDK's clock.
    expiration = int(time.time()) + 86_400 if kind == "limit" and gtd else 0
    if kind == "limit":
        order_type = "GTD" if gtd else "GTC"
        ours = limit_order_amounts
    else:
        order_type, post_only = ("FAK" if gtd else "FOK"), False
        ours = market_order_amounts
    with frozen_sdk(salt) as typed_data:
        try:
            if kind == "limit":
                sdk_order = client.create_limit_order(
                    asset_id=str(token),
                    price=price,
                    size=quantity,
                    side=side.name,
                    post_only=post_only,
                    expiration=expiration or None,
                )
            elif side is Side.BUY:
                sdk_order = client.create_market_order(
                    asset_id=str(token),
                    side="BUY",
                    amount=quantity,
                    max_price=price,
                    order_type=order_type,
                )
            else:
                sdk_order = client.create_market_order(
                    asset_id=str(token),
                    side="SELL",
                    shares=quantity,
                    min_price=price,
                    order_type=order_type,
                )
        except UserInputError:
            sdk_order = None
        if sdk_order is None or 0 in (sdk_order.maker_amount, sdk_order.taker_amount):
            with pytest.raises(ValueError, match=r"rounds down to zero|cannot keep the worst"):
                ours(side, quantity, price, tick)
            event("refused")
            return
        client.post_order(sdk_order)
    [request] = clob.posted
    sdk_body = request.content.decode()

    maker_amount, taker_amount = ours(side, quantity, price, tick)
    assert (maker_amount, taker_amount) == (sdk_order.maker_amount, sdk_order.taker_amount)
    maker, signer = parties(signature_type)
    fields = OrderFields(
        salt=salt,
        maker=maker,
        signer=signer,
        token_id=token,
        maker_amount=maker_amount,
        taker_amount=taker_amount,
        side=side,
        signature_type=signature_type,
        timestamp_ms=TIMESTAMP_MS,
        expiration=expiration,
        exchange=exchange_for_token(token),
    )
    signed = SIGNER.sign_order(fields, neg_risk=neg_risk)
    body = post_order_body(signed, OWNER, order_type, post_only=post_only)

    assert fields.exchange is (ExchangeVersion.V3 if v3 else ExchangeVersion.V2)
    assert signed.order_hash == sdk_order_hash(typed_data.call_args.args[0])
    assert signed.signature == sdk_order.signature
    assert sdk_layout(body) == sdk_body
    headers = l2_headers(
        CREDS, KEY_ADDRESS, method="POST", request_path="/order", body=sdk_body, timestamp=HEADER_TS
    )
    assert headers == {name: request.headers[name] for name in headers}
