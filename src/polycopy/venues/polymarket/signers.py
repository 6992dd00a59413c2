"""Where an account's key lives and what it may sign.

Three ``OrderSigner`` set-ups, chosen per account from its (encrypted) credentials:

- ``LocalOrderSigner(SealedKey)``: the key in this process, sealed in memory and decrypted
  into a scratch buffer only while it signs one digest.
- ``SessionKeySigner``: a deposit wallet's scoped trading session key (POLY_1271); it signs
  only orders for its own wallet and nothing once the session has expired.
- ``RemoteOrderSigner`` (``remote_signer.py``): the key lives in a separate ``polycopy
  signer`` process, reached over a local unix socket.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import replace
from typing import NoReturn

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from polycopy.kit.errors import PolycopyError
from polycopy.venues.polymarket.ctf import CTF_COLLATERAL_ADAPTER, NEG_RISK_COLLATERAL_ADAPTER
from polycopy.venues.polymarket.relay_wallets import RelayTransaction
from polycopy.venues.polymarket.signing import (
    CHAIN_ID_POLYGON,
    LocalOrderSigner,
    OrderFields,
    SignatureType,
    SignedOrder,
    SigningKey,
    WalletBatch,
    check_secret,
    checksum_address,
    parse_hex,
    secret_from_hex,
    sign_recoverable,
    wrap_session_signature,
)

_SEAL_CONTEXT = b"polycopy/sealed-key/v1"
#: A session key stops signing this long before it expires: an order signed at the last
#: second would reach the exchange after the wallet stopped accepting the key.
SESSION_EXPIRY_MARGIN_S = 60


class SignerError(PolycopyError):
    """A signer refused to sign (out of scope, expired) or could not be reached."""

    code = "signer_error"


def wipe(buffer: bytearray) -> None:
    """Overwrite a secret buffer in place."""
    buffer[:] = bytes(len(buffer))


class SealedKey:
    """A private key kept AES-256-GCM-sealed in memory; clear only while it signs.

    The sealing key is random per instance and never leaves this object. This keeps the
    key out of reprs, pickles, logs and most memory dumps between uses; Python may still
    hold transient copies while the key is loaded, which is why the key can also live in
    a separate signer process.
    """

    __slots__ = ("_aead", "_nonce", "_sealed", "address")

    def __init__(self, secret: bytes | bytearray) -> None:
        self.address: str = check_secret(secret)
        self._aead = AESGCM(AESGCM.generate_key(bit_length=256))
        self._nonce = os.urandom(12)
        self._sealed = self._aead.encrypt(self._nonce, bytes(secret), _SEAL_CONTEXT)

    @classmethod
    def from_hex(cls, hex_key: str) -> SealedKey:
        secret = secret_from_hex(hex_key)
        try:
            return cls(secret)
        finally:
            wipe(secret)

    def sign_digest(self, digest: bytes) -> bytes:
        """Decrypt into a scratch buffer, sign, wipe the buffer."""
        scratch = bytearray(32)
        try:
            self._aead.decrypt_into(self._nonce, self._sealed, _SEAL_CONTEXT, scratch)
            return sign_recoverable(scratch, digest)
        finally:
            wipe(scratch)

    def __repr__(self) -> str:
        return f"SealedKey(address={self.address})"

    __str__ = __repr__

    def __reduce__(self) -> NoReturn:
        raise TypeError("a SealedKey cannot be pickled")


class SessionKeySigner:
    """A scoped trading session key of a deposit wallet (signature type 3, POLY_1271).

    The wallet's owner authorises the session key's address on chain, with an expiry and
    a venue scope; the key can trade for the wallet but never withdraw from it. The API key
    belongs to the session key's address. Its order signature is the owner's POLY_1271
    signature made with the session key, wrapped once more with the session key's address
    (``wrap_session_signature``), byte for byte as the unified SDK signs as a session key.
    This signer enforces the same scope locally, so a bug elsewhere cannot make it sign
    anything else.
    """

    __slots__ = ("_clock", "_inner", "address", "deposit_wallet", "valid_until")

    def __init__(
        self,
        key: SigningKey,
        *,
        deposit_wallet: str,
        valid_until: int,
        chain_id: int = CHAIN_ID_POLYGON,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._inner = LocalOrderSigner(key, chain_id)
        self._clock = clock
        self.address: str = key.address
        self.deposit_wallet = checksum_address(deposit_wallet)
        self.valid_until = valid_until

    def _check_live(self) -> None:
        if self._clock() + SESSION_EXPIRY_MARGIN_S >= self.valid_until:
            raise SignerError(
                f"session key {self.address} for deposit wallet {self.deposit_wallet} has "
                f"expired (valid until {self.valid_until}); authorise a new session key"
            )

    def sign_order(self, fields: OrderFields, *, neg_risk: bool) -> SignedOrder:
        if fields.signature_type is not SignatureType.POLY_1271:
            raise SignerError("a session key signs only deposit-wallet orders (signature type 3)")
        if fields.maker != self.deposit_wallet or fields.signer != self.deposit_wallet:
            raise SignerError(
                f"a session key signs only for its deposit wallet {self.deposit_wallet}"
            )
        self._check_live()
        signed = self._inner.sign_order(fields, neg_risk=neg_risk)
        wrapped = wrap_session_signature(self.address, parse_hex("signature", signed.signature))
        return replace(signed, signature="0x" + wrapped.hex())

    def sign_clob_auth(self, *, timestamp: int, nonce: int) -> str:
        self._check_live()
        return self._inner.sign_clob_auth(timestamp=timestamp, nonce=nonce)

    def sign_wallet_batch(self, batch: WalletBatch) -> str:
        """Only its wallet's redeem, merge and split calls (to a collateral adapter, no
        value): a session key never moves funds out of the wallet."""
        if checksum_address(batch.wallet) != self.deposit_wallet:
            raise SignerError(
                f"a session key signs only for its deposit wallet {self.deposit_wallet}"
            )
        adapters = {CTF_COLLATERAL_ADAPTER.lower(), NEG_RISK_COLLATERAL_ADAPTER.lower()}
        if any(call.target.lower() not in adapters or call.value for call in batch.calls):
            raise SignerError("a session key signs only redeem, merge and split calls")
        self._check_live()
        signature = parse_hex("signature", self._inner.sign_wallet_batch(batch))
        return "0x" + wrap_session_signature(self.address, signature).hex()

    def sign_relay_transaction(self, tx: RelayTransaction) -> str:
        raise SignerError("a session key signs only for its deposit wallet, not a proxy or Safe")

    def __repr__(self) -> str:
        return (
            f"SessionKeySigner(address={self.address}, deposit_wallet={self.deposit_wallet}, "
            f"valid_until={self.valid_until})"
        )

    __str__ = __repr__
