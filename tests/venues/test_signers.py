"""Where keys live: sealed in-process keys, deposit-wallet session keys, credentials."""

from __future__ import annotations

import pickle
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from py_clob_client_v2.headers import headers as official_headers  # type: ignore[import-untyped]
from py_clob_client_v2.signer import Signer  # type: ignore[import-untyped]

from polycopy.emulator.server import EmulatorServer, default_state
from polycopy.kit.errors import ConfigError
from polycopy.kit.money import MICRO
from polycopy.venues.directory import signer_from_credentials
from polycopy.venues.polymarket.amounts import Side
from polycopy.venues.polymarket.auth import l1_headers, signer_l1_headers
from polycopy.venues.polymarket.clob import ClobPublicClient, ClobTradingClient
from polycopy.venues.polymarket.signers import (
    SESSION_EXPIRY_MARGIN_S,
    SealedKey,
    SessionKeySigner,
    SignerError,
)
from polycopy.venues.polymarket.signing import (
    LocalOrderSigner,
    OrderFields,
    PrivateKey,
    SignatureType,
    post_order_body,
    recover_order_signer,
    unwrap_session_signature,
    wrap_session_signature,
)

# Well-known public test keys (anvil / hardhat accounts #0 and #1). Never real funds.
KEY_HEX = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
SESSION_HEX = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"
WALLET = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"
SECRET_FORMS = (KEY_HEX[2:], KEY_HEX[2:].upper(), KEY_HEX[2:12], SESSION_HEX[2:], SESSION_HEX[-10:])


def order(signature_type: SignatureType, maker: str, signer: str, **extra: Any) -> OrderFields:
    values: dict[str, Any] = {
        "salt": 7,
        "maker": maker,
        "signer": signer,
        "token_id": 12345,
        "maker_amount": 5_000_000,
        "taker_amount": 10_000_000,
        "side": Side.BUY,
        "signature_type": signature_type,
        "timestamp_ms": 1_761_950_000_000,
    }
    values.update(extra)
    return OrderFields(**values)


def assert_no_secret(*texts: str) -> None:
    for text in texts:
        for secret in SECRET_FORMS:
            assert secret.lower() not in text.lower()


@settings(max_examples=200, deadline=None)
@given(
    salt=st.integers(1, 2**53),
    amounts=st.tuples(st.integers(1, 2**96), st.integers(1, 2**96)),
    signature_type=st.sampled_from(list(SignatureType)),
    neg_risk=st.booleans(),
)
def test_sealed_key_signs_exactly_like_the_clear_key(
    salt: int, amounts: tuple[int, int], signature_type: SignatureType, neg_risk: bool
) -> None:
    clear = LocalOrderSigner(PrivateKey.from_hex(KEY_HEX))
    sealed = LocalOrderSigner(SealedKey.from_hex(KEY_HEX))
    signer = clear.address if signature_type is not SignatureType.POLY_1271 else WALLET
    maker = clear.address if signature_type is SignatureType.EOA else WALLET
    fields = order(
        signature_type, maker, signer, salt=salt, maker_amount=amounts[0], taker_amount=amounts[1]
    )
    assert sealed.sign_order(fields, neg_risk=neg_risk) == clear.sign_order(
        fields, neg_risk=neg_risk
    )


@pytest.mark.parametrize("nonce", [0, 3])
def test_l1_headers_from_any_signer_match_official(nonce: int) -> None:
    sealed = LocalOrderSigner(SealedKey.from_hex(KEY_HEX))
    official = official_headers.create_level_1_headers(
        Signer(KEY_HEX, 137), nonce=nonce, timestamp=1_761_950_000
    )
    assert signer_l1_headers(sealed, timestamp=1_761_950_000, nonce=nonce) == official
    assert l1_headers(SealedKey.from_hex(KEY_HEX), timestamp=1_761_950_000, nonce=nonce) == official


def test_sealed_key_never_shows_the_key() -> None:
    key = SealedKey.from_hex(KEY_HEX)
    signer = LocalOrderSigner(key)
    assert_no_secret(repr(key), str(key), repr(signer), f"{key!r}", str(vars(type(key))))
    assert key.address in repr(key)
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(key)
    assert KEY_HEX[2:].encode() not in pickle.dumps(signer.address)
    for bad in (KEY_HEX[:-1], KEY_HEX[:-1] + "z", "0x" + "00" * 32, "0x" + "ff" * 32):
        with pytest.raises(ValueError, match="private key") as excinfo:
            SealedKey.from_hex(bad)
        assert_no_secret(str(excinfo.value))


def session(valid_for: float = 3600, clock: Any = time.time) -> SessionKeySigner:
    return SessionKeySigner(
        SealedKey.from_hex(SESSION_HEX),
        deposit_wallet=WALLET.lower(),
        valid_until=int(time.time() + valid_for),
        clock=clock,
    )


def test_session_key_signs_only_its_deposit_wallet_orders() -> None:
    signer = session()
    assert signer.deposit_wallet == WALLET
    fields = order(SignatureType.POLY_1271, WALLET, WALLET)
    signed = signer.sign_order(fields, neg_risk=True)
    # The owner's POLY_1271 signature made with the session key, wrapped with its address
    # (byte-identical to the SDK's session-key signing: tests/venues/test_signing_v3.py).
    inner = LocalOrderSigner(PrivateKey.from_hex(SESSION_HEX)).sign_order(fields, neg_risk=True)
    assert signed.order_hash == inner.order_hash
    assert unwrap_session_signature(bytes.fromhex(signed.signature[2:])) == (
        signer.address,
        bytes.fromhex(inner.signature[2:]),
    )
    assert recover_order_signer(fields, signed.signature, neg_risk=True) == signer.address
    other = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
    refused = [
        order(SignatureType.POLY_PROXY, WALLET, signer.address),
        order(SignatureType.EOA, signer.address, signer.address),
        order(SignatureType.POLY_1271, other, other),
        replace(fields, maker=other),
    ]
    for fields in refused:
        with pytest.raises(SignerError):
            signer.sign_order(fields, neg_risk=False)
    assert_no_secret(repr(signer))


def test_session_signature_wrapper_is_strict() -> None:
    """A wrapper that is not exactly the SDK's encoding, or whose inner signature was made by
    another key than the one it names, does not verify."""
    signer = session()
    fields = order(SignatureType.POLY_1271, WALLET, WALLET)
    wrapped = bytes.fromhex(signer.sign_order(fields, neg_risk=False).signature[2:])
    named, inner = unwrap_session_signature(wrapped)
    owner = LocalOrderSigner(PrivateKey.from_hex(KEY_HEX))
    owner_inner = bytes.fromhex(owner.sign_order(fields, neg_risk=False).signature[2:])

    def flip(index: int) -> bytes:
        raw = bytearray(wrapped)
        raw[index] ^= 1
        return bytes(raw)

    broken = {
        "truncated": wrapped[:100] + wrapped[-32:],
        "signer word not an address": flip(0),
        "second word not zero": flip(40),
        "wrong offset": flip(95),
        "wrong length": flip(127),
        "non-zero padding": flip(len(wrapped) - 33),
        "extra word": wrapped[:-32] + bytes(32) + wrapped[-32:],
        "names another key": wrap_session_signature(owner.address, inner),
        "inner by another key": wrap_session_signature(named, owner_inner),
    }
    for bad in broken.values():
        with pytest.raises(ValueError, match=r"session-key signature|wrapper does not match"):
            recover_order_signer(fields, "0x" + bad.hex(), neg_risk=False)
    # The owner's own (unwrapped) signature still verifies as the owner's.
    assert recover_order_signer(fields, "0x" + owner_inner.hex(), neg_risk=False) == owner.address


def test_session_key_stops_before_it_expires() -> None:
    now = [time.time()]
    signer = SessionKeySigner(
        SealedKey.from_hex(SESSION_HEX),
        deposit_wallet=WALLET,
        valid_until=int(now[0]) + SESSION_EXPIRY_MARGIN_S + 10,
        clock=lambda: now[0],
    )
    fields = order(SignatureType.POLY_1271, WALLET, WALLET)
    signer.sign_order(fields, neg_risk=False)
    signer.sign_clob_auth(timestamp=1, nonce=0)
    now[0] += 11
    with pytest.raises(SignerError, match="expired"):
        signer.sign_order(fields, neg_risk=False)
    with pytest.raises(SignerError, match="expired"):
        signer.sign_clob_auth(timestamp=1, nonce=0)


async def test_session_key_trades_for_its_deposit_wallet_on_the_emulator() -> None:
    """The session key derives its own API key and its POLY_1271 orders are accepted."""
    signer = session()
    async with (
        EmulatorServer(default_state(5), run_actors=False) as server,
        httpx.AsyncClient(timeout=10) as http,
    ):
        state = server.state
        market = next(iter(state.markets.values()))
        token = market.tokens[0][0]
        state.fund(WALLET, 100 * MICRO)
        clob = server.base_urls["clob"]
        creds = await ClobPublicClient(http, clob).derive_api_creds(signer)
        trading = ClobTradingClient(http, clob, creds=creds, signer_address=signer.address)
        fields = order(
            SignatureType.POLY_1271,
            WALLET,
            WALLET,
            token_id=token,
            maker_amount=2_000_000,
            taker_amount=10_000_000,
        )
        signed = signer.sign_order(fields, neg_risk=market.neg_risk)
        answer = await trading.post_order(post_order_body(signed, creds.api_key, "GTC"))
        assert answer.success, answer
        assert answer.order_id == signed.order_hash
        [live] = await trading.open_orders()
        assert live.id == signed.order_hash
        assert live.maker_address.lower() == WALLET.lower()


def test_signer_from_credentials(tmp_path: Path) -> None:
    local = signer_from_credentials({"private_key": KEY_HEX})
    assert isinstance(local, LocalOrderSigner)
    assert local.address == PrivateKey.from_hex(KEY_HEX).address
    assert_no_secret(repr(local))
    scoped = signer_from_credentials(
        {"session_key": SESSION_HEX, "deposit_wallet": WALLET, "session_valid_until": "2000000000"}
    )
    assert isinstance(scoped, SessionKeySigner)
    assert scoped.valid_until == 2_000_000_000
    with pytest.raises(ConfigError, match="deposit_wallet is missing"):
        signer_from_credentials({"session_key": SESSION_HEX})
    with pytest.raises(ConfigError, match="name no signer"):
        signer_from_credentials({"api_key": "x"})
    with pytest.raises(ConfigError, match="cannot read"):
        signer_from_credentials(
            {
                "remote_signer_socket": str(tmp_path / "s.sock"),
                "remote_signer_token_file": str(tmp_path / "missing"),
            }
        )
    with pytest.raises(ValueError, match="private key") as excinfo:
        signer_from_credentials({"private_key": KEY_HEX[:-2]})
    assert_no_secret(str(excinfo.value))
