"""Checks of an account's credentials: when they are linked or replaced (strict, before they
are stored) and when a worker first trades with them (what signing actually needs).

Credentials that cannot work are refused at the door with the field at fault, so they never
reach the engine; those stored before these checks existed are caught when a trader is built,
and the account is quarantined instead of failing beside everyone else's copies.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

import httpx

from polycopy.venues.polymarket.auth import ApiCreds, hmac_signature
from polycopy.venues.polymarket.clob import ClobTradingClient
from polycopy.venues.polymarket.errors import AuthenticationError, VenueError
from polycopy.venues.polymarket.signers import SealedKey


@dataclass(frozen=True, slots=True)
class CredentialProblem:
    """What is wrong, and with which field of the request (``credentials.…``)."""

    field: str
    message: str


def key_address(hex_key: str) -> str | None:
    """The lowercase address of a secp256k1 private key in hex; None when it is not one."""
    try:
        return SealedKey.from_hex(hex_key).address.lower()
    except (ValueError, TypeError):
        return None


def _header_safe(value: str) -> bool:
    """Sent as an HTTP header on every authenticated request: printable ASCII, no spaces."""
    return bool(value) and value.isascii() and value.isprintable() and " " not in value


def api_creds_problem(creds: ApiCreds, *, strict: bool) -> CredentialProblem | None:
    """Why these CLOB API credentials cannot sign requests, or None.

    ``strict`` (linking): the secret must be exact URL-safe base64, as the venue issues it.
    Otherwise only what HMAC signing itself needs is checked, so stored secrets that worked
    keep working.
    """
    if not _header_safe(creds.api_key):
        return CredentialProblem("credentials.api_key", "not printable ASCII without spaces")
    if not _header_safe(creds.passphrase):
        return CredentialProblem("credentials.api_passphrase", "not printable ASCII without spaces")
    secret = creds.secret
    try:
        if strict and not base64.b64decode(secret.encode("ascii"), altchars=b"-_", validate=True):
            raise ValueError("empty")
        hmac_signature(secret, 0, "GET", "/", None)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return CredentialProblem("credentials.api_secret", "not valid URL-safe base64")
    return None


async def authenticate(
    http: httpx.AsyncClient, clob_url: str, creds: ApiCreds, signer_address: str
) -> CredentialProblem | None:
    """One L2-authenticated call (the account's closed-only status): a 401 means the venue
    does not know these credentials for this signer. Any other failure says nothing about
    them (the venue is down, or this machine is blocked), so it is not held against them."""
    client = ClobTradingClient(http, clob_url, creds=creds, signer_address=signer_address)
    try:
        await client.closed_only()
    except AuthenticationError as exc:
        return CredentialProblem(
            "credentials.api_key",
            f"the exchange refused these API credentials for {signer_address} ({exc.status})",
        )
    except (VenueError, httpx.HTTPError):
        return None
    return None
