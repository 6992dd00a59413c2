"""Exchange V3 (position-id outcomes) signing compared with the official unified SDK.

The SDK (``polymarket-client``) picks the exchange from the token id: a position id (bits
40..103 zero) is signed for Exchange V3 under EIP-712 domain version "3", any other token id
for the V2 exchanges as before. Its order pipeline runs offline here, step by step as its
``AsyncSecureClient._sign_order`` and ``post_order`` run it (the unsigned order with the
salt and clock frozen, the typed data, eth_account's signature, the POLY_1271 wrapper, the
POST /order payload and the transport's JSON encoding), and every output is compared with
polycopy's.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any, Literal
from unittest import mock

import pytest
from eth_account import Account
from eth_account.messages import _hash_eip191_message, encode_typed_data
from hypothesis import given, settings
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
from polymarket.types import EvmAddress, HexString

from polycopy.venues.polymarket.amounts import Side
from polycopy.venues.polymarket.auth import serialize_body
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


def sdk_sign(fields: OrderFields, *, neg_risk: bool, order_type: str, post_only: bool) -> Any:
    """The SDK's order pipeline for ``fields``: (order hash, signature, POST /order text)."""
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
        signer=EvmAddress(KEY_ADDRESS),
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
    signed_message = ACCOUNT.sign_typed_data(full_message=build_order_typed_data(unsigned))
    raw_hex = signed_message.signature.hex()
    signature = wrap_deposit_wallet_signature(
        signer=ACCOUNT.address,
        signer_type="OWNER",
        signature=build_order_signature(
            unsigned, HexString(raw_hex if raw_hex.startswith("0x") else "0x" + raw_hex)
        ),
    )
    sdk_signed = sdk_orders.create_signed_order(unsigned, signature, post_only=post_only)
    path, payload = build_post_order_request(sdk_signed, owner_api_key=OWNER)
    assert path == "/order"
    standard = _build_standard_typed_data(unsigned, protocol_version=unsigned.protocol_version)
    digest = _hash_eip191_message(encode_typed_data(full_message=standard))
    # The body text as the SDK's transport encodes it (clients/_transport.py).
    body = json.dumps(payload, separators=(",", ":"))
    return "0x" + digest.hex(), signature, body, unsigned


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
) -> None:
    """Hash, signature and body equal the SDK's, for V3 position ids and V2 token ids."""
    post_only = post_only and order_type in ("GTC", "GTD")
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
        fields, neg_risk=neg_risk, order_type=order_type, post_only=post_only
    )
    assert is_position_id(token_id) == is_v2_position_id(str(token_id))
    assert int(fields.exchange) == int(unsigned.protocol_version)

    signed = SIGNER.sign_order(fields, neg_risk=neg_risk)
    assert signed.order_hash == sdk_hash
    assert signed.signature == sdk_signature
    assert "0x" + order_hash(fields, neg_risk=neg_risk).hex() == sdk_hash
    assert recover_order_signer(fields, signed.signature, neg_risk=neg_risk) == KEY_ADDRESS
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
        SealedKey.from_hex(KEY_HEX), deposit_wallet=FUNDER, valid_until=2**40, clock=lambda: 0.0
    )
    assert session.sign_order(fields, neg_risk=True) == expected
