"""Secrets at rest: AES-256-GCM with a key derived from the server's secret key.

Each blob is ``version || nonce || ciphertext+tag`` and is bound to a context string (for
example ``follower_account:7``), so a blob copied to another row does not decrypt.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from polycopy.kit.errors import PolycopyError

_VERSION = b"\x01"
_NONCE_BYTES = 12


class DecryptionError(PolycopyError):
    code = "decryption_failed"


class SecretBox:
    def __init__(self, secret_key: str) -> None:
        if not secret_key:
            raise ValueError("secret key must not be empty")
        key = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=b"polycopy/secrets/v1", info=b"aes-gcm"
        ).derive(secret_key.encode())
        self._aead = AESGCM(key)

    def __repr__(self) -> str:
        return "SecretBox(<redacted>)"

    def encrypt(self, plaintext: bytes, *, context: str) -> bytes:
        nonce = os.urandom(_NONCE_BYTES)
        return _VERSION + nonce + self._aead.encrypt(nonce, plaintext, context.encode())

    def decrypt(self, blob: bytes, *, context: str) -> bytes:
        if not blob or blob[:1] != _VERSION:
            raise DecryptionError("unknown secret format")
        nonce, ciphertext = blob[1 : 1 + _NONCE_BYTES], blob[1 + _NONCE_BYTES :]
        try:
            return self._aead.decrypt(nonce, ciphertext, context.encode())
        except InvalidTag:
            raise DecryptionError(
                f"cannot decrypt secret for {context}: wrong key or tampered data"
            ) from None
