"""Secrets at rest: envelope encryption with AES-256-GCM behind a key provider.

Each secret gets its own random data key; the data key is wrapped by a master key from a
``KeyProvider`` (``LocalKeyProvider``: master keys derived from settings; a KMS can implement
the same two methods later). A blob is::

    0x02 | len(key id) | key id | wrapped data key (nonce, key, tag) | nonce | ciphertext+tag

and is bound to a context string (for example ``follower_account:7``), so a blob copied to
another row does not decrypt. Blobs of the first format (``0x01``: sealed directly with the
master key) still decrypt; ``reseal`` moves any blob to the current master key, which is how
keys are rotated (``polycopy rotate-keys``).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from polycopy.kit.errors import PolycopyError

_DIRECT = b"\x01"
_ENVELOPE = b"\x02"
_NONCE_BYTES = 12
_DATA_KEY_BYTES = 32
_WRAPPED_BYTES = _NONCE_BYTES + _DATA_KEY_BYTES + 16


class DecryptionError(PolycopyError):
    code = "decryption_failed"


class KeyProvider(Protocol):
    """Where master keys live. Wrapping never exposes a master key to the caller."""

    @property
    def current_key_id(self) -> str: ...

    def wrap(self, data_key: bytes) -> tuple[str, bytes]:
        """Seal a data key with the current master key: (key id, wrapped key)."""
        ...

    def unwrap(self, key_id: str, wrapped: bytes) -> bytes:
        """Open a data key sealed by the master key ``key_id`` (``DecryptionError`` if not)."""
        ...

    def direct_keys(self) -> Sequence[AESGCM]:
        """Master keys that may have sealed first-format blobs directly, newest first."""
        ...


def _derive(secret: str) -> bytes:
    if not secret:
        raise ValueError("secret key must not be empty")
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"polycopy/secrets/v1", info=b"aes-gcm"
    ).derive(secret.encode())


class LocalKeyProvider:
    """Master keys derived from secrets in the settings: the first seals, all open.

    Key ids are a hash of the derived key: they name a key without revealing anything.
    """

    def __init__(self, secret: str, previous: Sequence[str] = ()) -> None:
        keys = [_derive(s) for s in (secret, *previous)]
        self._keys = {"local:" + hashlib.sha256(k).hexdigest()[:16]: AESGCM(k) for k in keys}
        self._current = next(iter(self._keys))

    def __repr__(self) -> str:
        return f"LocalKeyProvider(current={self._current!r}, keys={len(self._keys)})"

    @property
    def current_key_id(self) -> str:
        return self._current

    def wrap(self, data_key: bytes) -> tuple[str, bytes]:
        nonce = os.urandom(_NONCE_BYTES)
        aad = b"polycopy/data-key:" + self._current.encode()
        return self._current, nonce + self._keys[self._current].encrypt(nonce, data_key, aad)

    def unwrap(self, key_id: str, wrapped: bytes) -> bytes:
        key = self._keys.get(key_id)
        if key is None:
            raise DecryptionError(f"unknown master key {key_id}: is a previous key missing?")
        try:
            aad = b"polycopy/data-key:" + key_id.encode()
            return key.decrypt(wrapped[:_NONCE_BYTES], wrapped[_NONCE_BYTES:], aad)
        except InvalidTag:
            raise DecryptionError(f"data key does not open under {key_id}") from None

    def direct_keys(self) -> Sequence[AESGCM]:
        return list(self._keys.values())


class SecretBox:
    """Seals and opens secrets: ``SecretBox(secret_key, previous=[old keys])``."""

    def __init__(
        self,
        secret_key: str | None = None,
        *,
        previous: Sequence[str] = (),
        provider: KeyProvider | None = None,
    ) -> None:
        if provider is None:
            if secret_key is None:
                raise ValueError("give a secret key or a key provider")
            provider = LocalKeyProvider(secret_key, previous)
        self._provider = provider

    def __repr__(self) -> str:
        return "SecretBox(<redacted>)"

    @property
    def current_key_id(self) -> str:
        return self._provider.current_key_id

    def encrypt(self, plaintext: bytes, *, context: str) -> bytes:
        data_key = AESGCM.generate_key(bit_length=8 * _DATA_KEY_BYTES)
        key_id, wrapped = self._provider.wrap(data_key)
        nonce = os.urandom(_NONCE_BYTES)
        sealed = AESGCM(data_key).encrypt(nonce, plaintext, context.encode())
        head = key_id.encode()
        return _ENVELOPE + bytes([len(head)]) + head + wrapped + nonce + sealed

    def key_id_of(self, blob: bytes) -> str | None:
        """The master key an envelope blob is sealed under (None for first-format blobs)."""
        if blob[:1] != _ENVELOPE or len(blob) < 2:
            return None
        return blob[2 : 2 + blob[1]].decode(errors="replace")

    def decrypt(self, blob: bytes, *, context: str) -> bytes:
        if blob[:1] == _DIRECT:
            return self._decrypt_direct(blob, context)
        if blob[:1] != _ENVELOPE or len(blob) < 2:
            raise DecryptionError("unknown secret format")
        end = 2 + blob[1]
        key_id = blob[2:end].decode(errors="replace")
        wrapped = blob[end : end + _WRAPPED_BYTES]
        nonce = blob[end + _WRAPPED_BYTES : end + _WRAPPED_BYTES + _NONCE_BYTES]
        sealed = blob[end + _WRAPPED_BYTES + _NONCE_BYTES :]
        data_key = self._provider.unwrap(key_id, wrapped)
        try:
            return AESGCM(data_key).decrypt(nonce, sealed, context.encode())
        except InvalidTag:
            raise DecryptionError(
                f"cannot decrypt secret for {context}: wrong key or tampered data"
            ) from None

    def _decrypt_direct(self, blob: bytes, context: str) -> bytes:
        nonce, ciphertext = blob[1 : 1 + _NONCE_BYTES], blob[1 + _NONCE_BYTES :]
        for key in self._provider.direct_keys():
            try:
                return key.decrypt(nonce, ciphertext, context.encode())
            except InvalidTag:
                continue
        raise DecryptionError(f"cannot decrypt secret for {context}: wrong key or tampered data")

    def reseal(self, blob: bytes, *, context: str) -> bytes | None:
        """The blob sealed under the current master key, or None if it already is."""
        if self.key_id_of(blob) == self.current_key_id:
            return None
        return self.encrypt(self.decrypt(blob, context=context), context=context)
