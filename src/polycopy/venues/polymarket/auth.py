"""CLOB authentication headers: L1 (EIP-712 ``ClobAuth``) and L2 (HMAC), as the official client.

L1 proves control of the EOA and is only used to create or derive API credentials; L2 signs
every trading request with the API secret. Both must match the official client byte for byte
or the server answers 401.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from polycopy.venues.polymarket.signing import (
    CHAIN_ID_POLYGON,
    OrderSigner,
    SigningKey,
    checksum_address,
    clob_auth_digest,
    parse_hex,
    parse_uint,
    recover_address,
)

POLY_ADDRESS = "POLY_ADDRESS"
POLY_SIGNATURE = "POLY_SIGNATURE"
POLY_TIMESTAMP = "POLY_TIMESTAMP"
POLY_NONCE = "POLY_NONCE"
POLY_API_KEY = "POLY_API_KEY"
POLY_PASSPHRASE = "POLY_PASSPHRASE"  # noqa: S105 - a header name, not a secret


@dataclass(frozen=True)
class ApiCreds:
    """L2 API credentials; the secret and passphrase are kept out of ``repr``."""

    api_key: str
    secret: str = field(repr=False)
    passphrase: str = field(repr=False)


def l1_headers(
    key: SigningKey, *, timestamp: int, nonce: int = 0, chain_id: int = CHAIN_ID_POLYGON
) -> dict[str, str]:
    """Headers for ``POST /auth/api-key`` and ``GET /auth/derive-api-key``, signed by ``key``."""
    signature = key.sign_digest(clob_auth_digest(key.address, str(timestamp), nonce, chain_id))
    return _l1(key.address, "0x" + signature.hex(), timestamp, nonce)


def signer_l1_headers(signer: OrderSigner, *, timestamp: int, nonce: int = 0) -> dict[str, str]:
    """The same headers from any ``OrderSigner`` (its key may live in another process)."""
    signature = signer.sign_clob_auth(timestamp=timestamp, nonce=nonce)
    return _l1(signer.address, signature, timestamp, nonce)


def _l1(address: str, signature: str, timestamp: int, nonce: int) -> dict[str, str]:
    return {
        POLY_ADDRESS: address,
        POLY_SIGNATURE: signature,
        POLY_TIMESTAMP: str(timestamp),
        POLY_NONCE: str(nonce),
    }


def recover_l1_signer(headers: Mapping[str, str], chain_id: int = CHAIN_ID_POLYGON) -> str:
    """Verify L1 headers and return the (checksummed) ``POLY_ADDRESS`` they prove control of.

    Header names are matched case-insensitively; a missing ``POLY_NONCE`` is read as 0, the
    official client's default. Raises ``ValueError`` if a header is missing or malformed, or
    if the signature was not made by the key of ``POLY_ADDRESS``. Timestamp freshness is the
    caller's policy.
    """
    upper = {name.upper(): value for name, value in headers.items()}

    def header(name: str) -> str:
        try:
            return upper[name]
        except KeyError:
            raise ValueError(f"missing header {name}") from None

    address = checksum_address(header(POLY_ADDRESS))
    timestamp = header(POLY_TIMESTAMP)
    nonce = parse_uint(POLY_NONCE, upper.get(POLY_NONCE, "0"))
    signature = parse_hex(POLY_SIGNATURE, header(POLY_SIGNATURE))
    signer = recover_address(clob_auth_digest(address, timestamp, nonce, chain_id), signature)
    if signer != address:
        raise ValueError(f"{POLY_SIGNATURE} was not made by {POLY_ADDRESS} {address}")
    return signer


def hmac_signature(
    secret: str, timestamp: int | str, method: str, request_path: str, body: str | None
) -> str:
    """URL-safe base64 HMAC-SHA256 of ``timestamp + method + path [+ body]``.

    As in the official client, single quotes in the body are replaced by double quotes before
    signing, and an empty body is not appended. ``request_path`` excludes the query string.
    """
    try:
        key = base64.urlsafe_b64decode(secret)
    except (binascii.Error, ValueError):
        raise ValueError("API secret is not valid URL-safe base64") from None
    message = f"{timestamp}{method}{request_path}"
    if body:
        message += body.replace("'", '"')
    digest = hmac.new(key, message.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode()


def l2_headers(
    creds: ApiCreds,
    address: str,
    *,
    method: str,
    request_path: str,
    body: str | None,
    timestamp: int,
) -> dict[str, str]:
    """Headers for an authenticated request; ``body`` must be the exact text that is sent."""
    return {
        POLY_ADDRESS: checksum_address(address),
        POLY_SIGNATURE: hmac_signature(creds.secret, timestamp, method, request_path, body),
        POLY_TIMESTAMP: str(timestamp),
        POLY_API_KEY: creds.api_key,
        POLY_PASSPHRASE: creds.passphrase,
    }


_BODY_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


def serialize_body(obj: object) -> str:
    """The request body text exactly as the official client sends (and signs) it.

    Same output as ``json.dumps(obj, separators=(",", ":"), ensure_ascii=False)``; one
    shared encoder saves building a new one per order.
    """
    return _BODY_ENCODER.encode(obj)
