"""CLOB authentication headers: L1 (EIP-712 ``ClobAuth``) and L2 (HMAC), as the official client.

L1 proves control of the EOA and is only used to create or derive API credentials; L2 signs
every trading request with the API secret. Both must match the official client byte for byte
or the server answers 401.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from polycopy.venues.polymarket.signing import (
    CHAIN_ID_POLYGON,
    PrivateKey,
    address_word,
    checksum_address,
    keccak256,
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

CLOB_AUTH_MESSAGE = "This message attests that I control the given wallet"

_CLOB_DOMAIN_TYPE_HASH = keccak256(b"EIP712Domain(string name,string version,uint256 chainId)")
_CLOB_AUTH_TYPE_HASH = keccak256(
    b"ClobAuth(address address,string timestamp,uint256 nonce,string message)"
)
_CLOB_AUTH_MESSAGE_HASH = keccak256(CLOB_AUTH_MESSAGE.encode())


@dataclass(frozen=True)
class ApiCreds:
    """L2 API credentials; the secret and passphrase are kept out of ``repr``."""

    api_key: str
    secret: str = field(repr=False)
    passphrase: str = field(repr=False)


@functools.cache
def _clob_auth_domain(chain_id: int) -> bytes:
    """``ClobAuthDomain`` separator (no verifying contract)."""
    return keccak256(
        _CLOB_DOMAIN_TYPE_HASH
        + keccak256(b"ClobAuthDomain")
        + keccak256(b"1")
        + chain_id.to_bytes(32, "big")
    )


def _clob_auth_digest(address: str, timestamp: str, nonce: int, chain_id: int) -> bytes:
    """EIP-712 digest of ``ClobAuth``; the timestamp is signed as a *string*."""
    struct = keccak256(
        _CLOB_AUTH_TYPE_HASH
        + address_word(address)
        + keccak256(timestamp.encode())
        + nonce.to_bytes(32, "big")
        + _CLOB_AUTH_MESSAGE_HASH
    )
    return keccak256(b"\x19\x01" + _clob_auth_domain(chain_id) + struct)


def l1_headers(
    key: PrivateKey, *, timestamp: int, nonce: int = 0, chain_id: int = CHAIN_ID_POLYGON
) -> dict[str, str]:
    """Headers for ``POST /auth/api-key`` and ``GET /auth/derive-api-key``."""
    ts = str(timestamp)
    signature = key.sign_digest(_clob_auth_digest(key.address, ts, nonce, chain_id))
    return {
        POLY_ADDRESS: key.address,
        POLY_SIGNATURE: "0x" + signature.hex(),
        POLY_TIMESTAMP: ts,
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
    signer = recover_address(_clob_auth_digest(address, timestamp, nonce, chain_id), signature)
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


def serialize_body(obj: object) -> str:
    """The request body text exactly as the official client sends (and signs) it."""
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)
