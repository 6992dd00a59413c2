"""Relayer batches signed by the account's signer, byte for byte as the official SDK signs a
deposit wallet's ``Batch``, and verified by the emulator's relayer: a correctly signed
redeem, merge or split runs; an unsigned, wrongly signed or altered one is refused, never
runs, and polycopy reports why."""

from __future__ import annotations

import datetime as dt
import secrets
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from eth_account import Account
from eth_account.messages import encode_typed_data
from polymarket._internal.actions.relayer.calls import TransactionCall
from polymarket._internal.actions.relayer.gasless import build_deposit_wallet_payload
from polymarket._internal.actions.relayer.signing.deposit_wallet import (
    build_deposit_wallet_typed_data,
    sign_deposit_wallet_batch,
)
from polymarket._internal.wallet import wrap_deposit_wallet_session_signer_signature
from polymarket.types import EvmAddress, HexString

from polycopy.emulator.server import EmulatorServer, default_state
from polycopy.emulator.state import Market
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
from polycopy.venues.polymarket.errors import VenueServerError
from polycopy.venues.polymarket.relayer import (
    DEPOSIT_WALLET_FACTORY,
    RelayerClient,
    wallet_envelope,
)
from polycopy.venues.polymarket.signers import SealedKey, SessionKeySigner, SignerError
from polycopy.venues.polymarket.signing import (
    LocalOrderSigner,
    PrivateKey,
    WalletBatch,
    WalletCall,
    recover_wallet_batch_signer,
    wallet_batch_digest,
)
from tests.venues.test_remote_signer import serving

# Well-known public test keys (anvil / hardhat accounts #0 and #1). Never real funds.
KEY_HEX = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
SESSION_HEX = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"
WALLET = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"
CONDITION = "0x" + "cd" * 32
OWNER = LocalOrderSigner(PrivateKey.from_hex(KEY_HEX))


def _batch(nonce: int = 7, amount: int = 12_340_000) -> WalletBatch:
    call = CtfCall(CtfAction.SPLIT, PUSD, CONDITION, amount=amount)
    return WalletBatch(
        WALLET, nonce, 1_900_000_000, (WalletCall(CTF_COLLATERAL_ADAPTER, encode(call)),)
    )


def _sdk_calls(batch: WalletBatch) -> list[TransactionCall]:
    return [TransactionCall(EvmAddress(c.target), HexString(c.data), c.value) for c in batch.calls]


def test_the_batch_digest_and_signature_are_the_sdks() -> None:
    batch = _batch()
    typed = build_deposit_wallet_typed_data(
        wallet=EvmAddress(WALLET),
        calls=_sdk_calls(batch),
        nonce=str(batch.nonce),
        deadline=str(batch.deadline),
        chain_id=137,
    )
    signable = encode_typed_data(full_message=typed)
    account = Account.from_key(KEY_HEX)
    assert wallet_batch_digest(batch) == account.sign_message(signable).message_hash
    sdk = sign_deposit_wallet_batch(
        account,
        wallet=EvmAddress(WALLET),
        calls=_sdk_calls(batch),
        nonce=str(batch.nonce),
        deadline=str(batch.deadline),
        chain_id=137,
    )
    ours = OWNER.sign_wallet_batch(batch)
    assert ours == sdk
    assert recover_wallet_batch_signer(batch, ours) == OWNER.address
    # Another nonce, amount or chain is another digest: the signature no longer verifies.
    for other in (_batch(nonce=8), _batch(amount=12_340_001)):
        assert recover_wallet_batch_signer(other, ours) != OWNER.address
    assert wallet_batch_digest(batch, 80002) != wallet_batch_digest(batch)


def test_the_envelope_is_the_sdks() -> None:
    batch = _batch()
    signature = OWNER.sign_wallet_batch(batch)
    sdk = build_deposit_wallet_payload(
        signer_address=OWNER.address,
        deposit_wallet_factory=DEPOSIT_WALLET_FACTORY,
        wallet=EvmAddress(WALLET),
        calls=_sdk_calls(batch),
        nonce=str(batch.nonce),
        deadline=str(batch.deadline),
        signature=signature,
        metadata="polycopy",
    )
    assert wallet_envelope(OWNER.address, batch, signature) == dict(sdk)


def test_a_session_key_signs_its_wallets_settlements_only_wrapped_as_the_sdk_does() -> None:
    session = SessionKeySigner(
        SealedKey.from_hex(SESSION_HEX), deposit_wallet=WALLET, valid_until=int(time.time()) + 3600
    )
    batch = _batch()
    inner = LocalOrderSigner(PrivateKey.from_hex(SESSION_HEX)).sign_wallet_batch(batch)
    expected = wrap_deposit_wallet_session_signer_signature(
        EvmAddress(session.address), HexString(inner)
    )
    signed = session.sign_wallet_batch(batch)
    assert signed == expected
    assert recover_wallet_batch_signer(batch, signed) == session.address
    transfer = WalletBatch(WALLET, 0, batch.deadline, (WalletCall(PUSD, "0xa9059cbb" + "00" * 64),))
    with pytest.raises(SignerError, match="redeem, merge and split"):
        session.sign_wallet_batch(transfer)
    with pytest.raises(SignerError, match="its deposit wallet"):
        session.sign_wallet_batch(WalletBatch(OWNER.address, 0, 0, batch.calls))


def test_a_remote_signer_signs_batches_as_the_local_key_does(tmp_path: Path) -> None:
    with serving(LocalOrderSigner(SealedKey.from_hex(KEY_HEX)), tmp_path / "s.sock") as client:
        assert client.sign_wallet_batch(_batch()) == OWNER.sign_wallet_batch(_batch())


# --- on the emulator ---------------------------------------------------------------------


@pytest.fixture
async def served() -> AsyncIterator[tuple[EmulatorServer, httpx.AsyncClient]]:
    async with (
        EmulatorServer(default_state(seed=11), run_actors=False) as server,
        http_client(10) as http,
    ):
        yield server, http


def _funded(server: EmulatorServer, market: Market) -> LocalOrderSigner:
    signer = LocalOrderSigner(PrivateKey.from_hex("0x" + secrets.token_hex(32)))
    server.state.fund(signer.address, 100 * MICRO)
    return signer


def _venue(
    server: EmulatorServer, http: httpx.AsyncClient, signer: LocalOrderSigner, wallet: str
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
            wallet_address=wallet,
        ),
    )


async def test_signed_splits_merges_and_redeems_run_on_the_emulator(
    served: tuple[EmulatorServer, httpx.AsyncClient],
) -> None:
    server, http = served
    state = server.state
    market = next(m for m in state.markets.values() if not m.neg_risk)
    signer = _funded(server, market)
    venue = _venue(server, http, signer, signer.address)
    (yes, _), (no, _) = market.tokens

    split = await venue.settle(
        SettlementAction.SPLIT, market.condition_id, neg_risk=False, shares_micros=10 * MICRO
    )
    assert split.outcome is SubmitOutcome.ACCEPTED, split.error
    merged = await venue.settle(
        SettlementAction.MERGE, market.condition_id, neg_risk=False, shares_micros=4 * MICRO
    )
    assert merged.outcome is SubmitOutcome.ACCEPTED, merged.error
    wallet = state.wallet(signer.address)
    assert (wallet.positions[yes], wallet.positions[no]) == (6 * MICRO, 6 * MICRO)
    assert wallet.pusd == 94 * MICRO
    state.resolve(market.condition_id, yes)
    redeemed = await venue.settle(SettlementAction.REDEEM, market.condition_id, neg_risk=False)
    assert redeemed.outcome is SubmitOutcome.ACCEPTED, redeemed.error
    assert state.wallet(signer.address).pusd == 100 * MICRO
    nonce = await http.get(
        f"{server.base_urls['relayer']}/v1/account/transactions/params",
        params={"address": signer.address, "type": "WALLET"},
    )
    assert nonce.json()["nonce"] == "3"  # three batches ran


async def test_unsigned_wrongly_signed_or_altered_batches_are_refused(
    served: tuple[EmulatorServer, httpx.AsyncClient],
) -> None:
    server, http = served
    state = server.state
    market = next(m for m in state.markets.values() if not m.neg_risk)
    owner = _funded(server, market)
    key = state.derive_api_key(owner.address, 0)
    headers = {"RELAYER_API_KEY": key.api_key, "RELAYER_API_KEY_ADDRESS": owner.address}
    split = CtfCall(CtfAction.SPLIT, PUSD, market.condition_id, amount=5 * MICRO)
    batch = WalletBatch(
        owner.address,
        0,
        int(time.time()) + 600,
        (WalletCall(CTF_COLLATERAL_ADAPTER, encode(split)),),
    )
    intruder = LocalOrderSigner(PrivateKey.from_hex("0x" + secrets.token_hex(32)))
    bigger = encode(CtfCall(CtfAction.SPLIT, PUSD, market.condition_id, amount=50 * MICRO))
    altered = wallet_envelope(owner.address, batch, owner.sign_wallet_batch(batch))
    altered["depositWalletParams"]["calls"][0]["data"] = bigger  # type: ignore[index]
    cases = {
        "unsigned": wallet_envelope(owner.address, batch, "0x"),
        "another key": wallet_envelope(owner.address, batch, intruder.sign_wallet_batch(batch)),
        "altered after signing": altered,
    }
    for what, envelope in cases.items():
        answer = await http.post(
            f"{server.base_urls['relayer']}/submit",
            content=serialize_body(envelope),
            headers=headers,
        )
        assert answer.status_code == 400, what
        assert "invalid batch signature" in answer.json()["error"], what
    assert state.wallet(owner.address).pusd == 100 * MICRO  # nothing ran

    # Through polycopy: a signer that signs with the wrong key gets a clear refusal.
    class WrongKey:
        address = owner.address
        sign_wallet_batch = intruder.sign_wallet_batch

    forged = _venue(server, http, owner, owner.address)
    forged._relayer._signer = WrongKey()  # type: ignore[union-attr,assignment]
    refused = await forged.settle(
        SettlementAction.SPLIT, market.condition_id, neg_risk=False, shares_micros=5 * MICRO
    )
    assert refused.outcome is SubmitOutcome.REJECTED
    assert "invalid batch signature" in refused.error, refused.error
    assert state.wallet(owner.address).pusd == 100 * MICRO


async def test_a_stale_nonce_is_signed_again_once_and_an_expired_batch_is_refused(
    served: tuple[EmulatorServer, httpx.AsyncClient],
) -> None:
    server, http = served
    state = server.state
    market = next(m for m in state.markets.values() if not m.neg_risk)
    owner = _funded(server, market)
    venue = _venue(server, http, owner, owner.address)
    first = await venue.settle(
        SettlementAction.SPLIT, market.condition_id, neg_risk=False, shares_micros=MICRO
    )
    assert first.outcome is SubmitOutcome.ACCEPTED
    relayer = venue._relayer
    assert relayer is not None

    async def behind() -> int:
        return 0  # as if the nonce was read before the first batch ran

    relayer._nonce = behind  # type: ignore[method-assign]
    call = CtfCall(CtfAction.SPLIT, PUSD, market.condition_id, amount=MICRO)
    again = await relayer.execute(call, neg_risk=False, deadline=int(time.time()) + 600)
    assert again.state.value == "STATE_CONFIRMED"
    assert state.wallet(owner.address).pusd == 98 * MICRO
    with pytest.raises(Exception, match="deadline has passed"):
        await relayer.execute(call, neg_risk=False, deadline=int(time.time()) - 10)


async def test_a_nonce_that_cannot_be_read_is_a_retry_not_an_unknown_outcome(
    served: tuple[EmulatorServer, httpx.AsyncClient],
) -> None:
    server, http = served
    market = next(m for m in server.state.markets.values() if not m.neg_risk)
    owner = _funded(server, market)
    venue = _venue(server, http, owner, owner.address)
    relayer = venue._relayer
    assert relayer is not None

    async def failing() -> int:
        raise VenueServerError("relayer answered 502", status=502)

    relayer._nonce = failing  # type: ignore[method-assign]
    result = await venue.settle(
        SettlementAction.MERGE, market.condition_id, neg_risk=False, shares_micros=MICRO
    )
    # Nothing was submitted: the merge may be sent later (an unknown one never is).
    assert result.outcome is SubmitOutcome.RETRY
    assert "nonce not read" in result.error
