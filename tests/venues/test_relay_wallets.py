"""Proxy (type 1) and Safe (type 2) relayer transactions, byte for byte as the installed
official SDK (polymarket-client) derives the wallets, encodes the calls, hashes, signs and
wraps them; and the emulator's relayer runs a correctly signed one for the right wallet
and refuses, without running it, one that is unsigned, altered or for another wallet."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from eth_account import Account
from hypothesis import given
from hypothesis import strategies as st
from polymarket._internal.actions.relayer.calls import TransactionCall, encode_proxy_call
from polymarket._internal.actions.relayer.gasless import build_proxy_payload, build_safe_payload
from polymarket._internal.actions.relayer.signing.proxy import (
    build_proxy_transaction_hash,
    sign_proxy_message,
)
from polymarket._internal.actions.relayer.signing.safe import sign_safe_transaction
from polymarket._internal.environment import PRODUCTION_CONFIG
from polymarket._internal.wallet import derive_proxy_wallet_address, derive_safe_wallet_address
from polymarket.types import EvmAddress, HexString

from polycopy.emulator.resolution import RELAY_ADDRESS
from polycopy.emulator.server import EmulatorServer, default_state
from polycopy.kit.http import http_client
from polycopy.kit.money import MICRO
from polycopy.venues.base import SettlementAction, SubmitOutcome
from polycopy.venues.polymarket.auth import ApiCreds, serialize_body
from polycopy.venues.polymarket.clob import PolymarketVenue
from polycopy.venues.polymarket.ctf import (
    CTF_COLLATERAL_ADAPTER,
    PUSD,
    CtfAction,
    CtfCall,
    encode,
)
from polycopy.venues.polymarket.relay_wallets import (
    PROXY_FACTORY,
    RELAY_HUB,
    ProxyTransaction,
    SafeTransaction,
    decode_proxy_calls,
    encode_proxy_calls,
    proxy_envelope,
    proxy_wallet_address,
    recover_relay_signer,
    safe_envelope,
    safe_wallet_address,
)
from polycopy.venues.polymarket.relayer import RelayerClient
from polycopy.venues.polymarket.signers import SealedKey, SessionKeySigner, SignerError
from polycopy.venues.polymarket.signing import (
    LocalOrderSigner,
    PrivateKey,
    SignatureType,
    WalletCall,
)
from tests.venues.test_remote_signer import serving

# Well-known public test key (anvil / hardhat account #0). Never real funds.
KEY_HEX = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
OWNER = LocalOrderSigner(PrivateKey.from_hex(KEY_HEX))
ACCOUNT = Account.from_key(KEY_HEX)
CONDITION = "0x" + "cd" * 32
RELAY = "0x7b4E7b8Ab00e1f5dfc8b3A8c6c5A3A5B1d5C1d8E"
SPLIT = WalletCall(
    CTF_COLLATERAL_ADAPTER, encode(CtfCall(CtfAction.SPLIT, PUSD, CONDITION, amount=5))
)


def _sdk(calls: tuple[WalletCall, ...]) -> list[TransactionCall]:
    return [TransactionCall(EvmAddress(c.target), HexString(c.data), c.value) for c in calls]


def test_the_wallets_are_the_ones_the_sdk_derives() -> None:
    derivation = PRODUCTION_CONFIG.wallet_derivation
    for _ in range(5):
        owner = PrivateKey.from_hex("0x" + secrets.token_hex(32)).address
        assert proxy_wallet_address(owner) == derive_proxy_wallet_address(owner, derivation)
        assert safe_wallet_address(owner) == derive_safe_wallet_address(owner, derivation)
    assert proxy_wallet_address(OWNER.address) != safe_wallet_address(OWNER.address)


@given(
    st.lists(
        st.tuples(
            st.binary(min_size=20, max_size=20),
            st.binary(max_size=100),
            st.integers(min_value=0, max_value=2**256 - 1),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_proxy_calldata_is_the_sdks_and_decodes_back(
    raw: list[tuple[bytes, bytes, int]],
) -> None:
    calls = tuple(WalletCall("0x" + t.hex(), "0x" + d.hex(), v) for t, d, v in raw)
    ours = encode_proxy_calls(calls)
    assert ours == encode_proxy_call(_sdk(calls))
    decoded = decode_proxy_calls(ours)
    assert [(c.target.lower(), c.data, c.value) for c in decoded] == [
        (c.target.lower(), c.data, c.value) for c in calls
    ]
    with pytest.raises(ValueError, match="not canonically encoded"):
        decode_proxy_calls(ours + "00")  # trailing bytes: not the canonical encoding


def test_the_proxy_hash_signature_and_envelope_are_the_sdks() -> None:
    data = encode_proxy_calls((SPLIT,))
    tx = ProxyTransaction(OWNER.address, data, nonce=3, relay=RELAY)
    sdk_hash = build_proxy_transaction_hash(
        from_address=EvmAddress(OWNER.address),
        to=EvmAddress(PROXY_FACTORY),
        data=HexString(data),
        relayer_fee="0",
        gas_price="0",
        gas_limit="200000",
        nonce="3",
        relay_hub=EvmAddress(RELAY_HUB),
        relay=EvmAddress(RELAY),
    )
    assert "0x" + tx.relay_hash().hex() == sdk_hash
    signature = OWNER.sign_relay_transaction(tx)
    assert signature == sign_proxy_message(ACCOUNT, sdk_hash)
    assert recover_relay_signer(tx, signature, 137) == OWNER.address
    sdk = build_proxy_payload(
        signer_address=OWNER.address,
        proxy_factory=PROXY_FACTORY,
        wallet=EvmAddress(proxy_wallet_address(OWNER.address)),
        data=HexString(data),
        nonce="3",
        signature=signature,
        gas_limit="200000",
        relay=EvmAddress(RELAY),
        relay_hub=RELAY_HUB,
        metadata="polycopy",
    )
    assert serialize_body(proxy_envelope(tx, signature)) == serialize_body(dict(sdk))
    # Another nonce is another hash: the signature no longer verifies.
    other = ProxyTransaction(OWNER.address, data, nonce=4, relay=RELAY)
    assert recover_relay_signer(other, signature, 137) != OWNER.address


def test_the_safe_signature_and_envelope_are_the_sdks() -> None:
    safe = safe_wallet_address(OWNER.address)
    tx = SafeTransaction(safe, SPLIT.target, SPLIT.data, nonce=9)
    signature = OWNER.sign_relay_transaction(tx)
    sdk_signature = sign_safe_transaction(
        ACCOUNT,
        safe_address=EvmAddress(safe),
        to=EvmAddress(SPLIT.target),
        data=HexString(SPLIT.data),
        value=0,
        operation=0,
        nonce="9",
        chain_id=137,
    )
    assert signature == sdk_signature
    assert int(signature[-2:], 16) in (31, 32)  # Safe's eth_sign marker
    assert recover_relay_signer(tx, signature, 137) == OWNER.address
    assert recover_relay_signer(tx, signature, 80002) != OWNER.address  # bound to the chain
    sdk = build_safe_payload(
        signer_address=OWNER.address,
        wallet=EvmAddress(safe),
        target=EvmAddress(SPLIT.target),
        data=HexString(SPLIT.data),
        value=0,
        operation=0,
        nonce="9",
        signature=signature,
        metadata="polycopy",
    )
    assert serialize_body(safe_envelope(OWNER.address, tx, signature)) == serialize_body(dict(sdk))


def test_a_session_key_never_signs_for_a_proxy_or_safe_and_a_remote_signer_does(
    tmp_path: Path,
) -> None:
    session = SessionKeySigner(
        SealedKey.from_hex(KEY_HEX), deposit_wallet=OWNER.address, valid_until=2**40
    )
    tx = SafeTransaction(safe_wallet_address(OWNER.address), SPLIT.target, SPLIT.data, 0)
    with pytest.raises(SignerError, match="not a proxy or Safe"):
        session.sign_relay_transaction(tx)
    proxy = ProxyTransaction(OWNER.address, encode_proxy_calls((SPLIT,)), 1, RELAY)
    with serving(LocalOrderSigner(SealedKey.from_hex(KEY_HEX)), tmp_path / "s.sock") as client:
        assert client.sign_relay_transaction(tx) == OWNER.sign_relay_transaction(tx)
        assert client.sign_relay_transaction(proxy) == OWNER.sign_relay_transaction(proxy)


# --- on the emulator ---------------------------------------------------------------------


@pytest.fixture
async def served() -> AsyncIterator[tuple[EmulatorServer, httpx.AsyncClient]]:
    async with (
        EmulatorServer(default_state(seed=11), run_actors=False) as server,
        http_client(10) as http,
    ):
        yield server, http


def _wallet_of(kind: SignatureType, owner: str) -> str:
    return (
        proxy_wallet_address(owner)
        if kind is SignatureType.POLY_PROXY
        else safe_wallet_address(owner)
    )


def _venue(
    server: EmulatorServer, http: httpx.AsyncClient, signer: LocalOrderSigner, kind: SignatureType
) -> PolymarketVenue:
    key = server.state.derive_api_key(signer.address, 0)
    return PolymarketVenue(
        http,
        server.base_urls["clob"],
        creds=ApiCreds(key.api_key, key.secret, key.passphrase),
        signer_address=signer.address,
        now=lambda: dt.datetime.now(dt.UTC),
        relayer=RelayerClient(
            http,
            server.base_urls["relayer"],
            api_key=key.api_key,
            signer=signer,
            wallet_address=_wallet_of(kind, signer.address),
            signature_type=kind,
        ),
    )


@pytest.mark.parametrize("kind", [SignatureType.POLY_PROXY, SignatureType.POLY_GNOSIS_SAFE])
async def test_signed_proxy_and_safe_settlements_run_for_the_derived_wallet(
    served: tuple[EmulatorServer, httpx.AsyncClient], kind: SignatureType
) -> None:
    server, http = served
    state = server.state
    market = next(m for m in state.markets.values() if not m.neg_risk)
    (yes, _), (no, _) = market.tokens
    signer = LocalOrderSigner(PrivateKey.from_hex("0x" + secrets.token_hex(32)))
    wallet = _wallet_of(kind, signer.address)
    state.fund(wallet, 100 * MICRO)
    venue = _venue(server, http, signer, kind)

    for action, shares in ((SettlementAction.SPLIT, 10), (SettlementAction.MERGE, 4)):
        result = await venue.settle(
            action, market.condition_id, neg_risk=False, shares_micros=shares * MICRO
        )
        assert result.outcome is SubmitOutcome.ACCEPTED, result.error
    held = state.wallet(wallet)
    assert (held.positions[yes], held.positions[no], held.pusd) == (6 * MICRO,) * 2 + (94 * MICRO,)
    assert state.wallet(signer.address).positions.get(yes, 0) == 0  # the owner holds nothing
    state.resolve(market.condition_id, yes)
    redeemed = await venue.settle(SettlementAction.REDEEM, market.condition_id, neg_risk=False)
    assert redeemed.outcome is SubmitOutcome.ACCEPTED, redeemed.error
    assert state.wallet(wallet).pusd == 100 * MICRO


async def _submit(
    server: EmulatorServer, http: httpx.AsyncClient, owner: str, envelope: dict[str, object]
) -> httpx.Response:
    key = server.state.derive_api_key(owner, 0)
    return await http.post(
        f"{server.base_urls['relayer']}/submit",
        content=serialize_body(envelope),
        headers={"RELAYER_API_KEY": key.api_key, "RELAYER_API_KEY_ADDRESS": owner},
    )


async def test_the_relayer_refuses_a_proxy_or_safe_transaction_it_cannot_verify(
    served: tuple[EmulatorServer, httpx.AsyncClient],
) -> None:
    server, http = served
    state = server.state
    market = next(m for m in state.markets.values() if not m.neg_risk)
    owner = OWNER.address
    other = LocalOrderSigner(PrivateKey.from_hex("0x" + secrets.token_hex(32)))
    for wallet in (proxy_wallet_address(owner), safe_wallet_address(owner)):
        state.fund(wallet, 10 * MICRO)
    split = WalletCall(
        CTF_COLLATERAL_ADAPTER,
        encode(CtfCall(CtfAction.SPLIT, PUSD, market.condition_id, amount=MICRO)),
    )
    payload = (
        await http.get(
            f"{server.base_urls['relayer']}/relay-payload",
            params={"address": owner, "type": "PROXY"},
        )
    ).json()
    assert payload == {"address": RELAY_ADDRESS, "nonce": "0"}
    proxy = ProxyTransaction(owner, encode_proxy_calls((split,)), 0, RELAY_ADDRESS)
    safe = SafeTransaction(safe_wallet_address(owner), split.target, split.data, 0)
    good_proxy = proxy_envelope(proxy, OWNER.sign_relay_transaction(proxy))
    good_safe = safe_envelope(owner, safe, OWNER.sign_relay_transaction(safe))
    bad: list[tuple[dict[str, object], str]] = [
        (proxy_envelope(proxy, other.sign_relay_transaction(proxy)), "not signed by the sender"),
        (good_proxy | {"nonce": "1"}, "not signed by the sender"),  # altered after signing
        (good_proxy | {"proxyWallet": safe.safe}, "not the sender's"),
        (good_proxy | {"signature": "0x" + "00" * 65}, "does not verify"),
        (safe_envelope(owner, safe, other.sign_relay_transaction(safe)), "not signed by"),
        (good_safe | {"data": proxy.data}, "not signed by the sender"),
        (good_safe | {"proxyWallet": proxy_wallet_address(owner)}, "not the sender's"),
        (good_safe | {"signature": OWNER.sign_relay_transaction(proxy)}, "does not verify"),
    ]
    for envelope, why in bad:
        answer = await _submit(server, http, owner, envelope)
        assert answer.status_code in (400, 401), answer.text
        assert why in answer.json()["error"], (why, answer.text)
    for wallet in (proxy_wallet_address(owner), safe_wallet_address(owner)):
        assert state.wallet(wallet).pusd == 10 * MICRO  # nothing ran

    for envelope in (good_proxy, good_safe):
        answer = await _submit(server, http, owner, envelope)
        assert answer.json()["state"] == "STATE_CONFIRMED", answer.text
        again = await _submit(server, http, owner, envelope)  # a replay: its nonce is used
        assert "does not match on-chain nonce" in json.loads(again.text)["error"]
    for wallet in (proxy_wallet_address(owner), safe_wallet_address(owner)):
        assert state.wallet(wallet).pusd == 9 * MICRO
