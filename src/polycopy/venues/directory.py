"""Per follower account: its signer and its execution venue, built from encrypted credentials.

Credentials are decrypted here only, when an account first trades in this process; a key
found in them is sealed again in memory at once (``SealedKey``), or the account names a
session key or a separate signer process instead. The derived CLOB API key is stored back
encrypted.

Whatever is wrong with one account's data (credentials that do not decrypt, name no signer,
hold an API secret HMAC cannot use, or a key the venue refuses) is raised as
``AccountUnusable`` for that account alone: the executor quarantines it, or, when the venue
failed rather than the account (a 503 deriving its API key), tries it again later, while every
other account trades on.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx

from polycopy.accounts.credentials import api_creds_problem
from polycopy.accounts.repository import FollowerAccountRepository
from polycopy.accounts.types import AccountMode
from polycopy.kit.crypto import DecryptionError, SecretBox
from polycopy.kit.db import Database
from polycopy.kit.errors import ConfigError, PolycopyError
from polycopy.models import FollowerAccount
from polycopy.venues.base import ExecutionVenue
from polycopy.venues.paper import PaperVenue
from polycopy.venues.polymarket.auth import ApiCreds
from polycopy.venues.polymarket.clob import ClobPublicClient, ClobTradingClient, PolymarketVenue
from polycopy.venues.polymarket.errors import VenueError
from polycopy.venues.polymarket.relayer import RelayerClient
from polycopy.venues.polymarket.remote_signer import RemoteOrderSigner
from polycopy.venues.polymarket.signers import SealedKey, SessionKeySigner, SignerError
from polycopy.venues.polymarket.signing import (
    CHAIN_ID_POLYGON,
    LocalOrderSigner,
    OrderSigner,
    checksum_address,
)


class AccountUnusable(PolycopyError, LookupError):
    """One account cannot trade because of its own data; no other account is concerned.
    (A ``LookupError`` too: its trader cannot be had, as callers that predate it expect.)

    ``reason`` says what to fix in plain words and never holds a secret. ``transient``: the
    venue failed, not the account (a 5xx deriving its API key): worth trying again later.
    """

    code = "account_unusable"

    def __init__(self, account_id: int, reason: str, *, transient: bool = False) -> None:
        super().__init__(f"follower account {account_id}: {reason}")
        self.account_id = account_id
        self.reason = reason
        self.transient = transient


def credentials_digest(sealed: bytes | None) -> bytes:
    """Which stored credentials a trader was built from: any replacement changes it."""
    return hashlib.sha256(sealed or b"").digest()


def credentials_context(account: FollowerAccount) -> str:
    return f"follower_account:{account.wallet_address.lower()}"


def seal_credentials(box: SecretBox, wallet_address: str, secrets: dict[str, str]) -> bytes:
    return box.encrypt(
        json.dumps(secrets).encode(), context=f"follower_account:{wallet_address.lower()}"
    )


def signer_from_credentials(
    secrets: Mapping[str, str],
    *,
    chain_id: int = CHAIN_ID_POLYGON,
    clock: Callable[[], float] = time.time,
) -> OrderSigner:
    """The signer an account's decrypted credentials describe.

    ``remote_signer_socket`` (+ ``remote_signer_token_file``): a separate signer process;
    ``session_key`` (+ ``deposit_wallet``, ``session_valid_until``): a deposit wallet's
    scoped session key; ``private_key``: the account's own key, sealed in this process.
    """
    try:
        if "remote_signer_socket" in secrets:
            return RemoteOrderSigner(
                Path(secrets["remote_signer_socket"]),
                token=Path(secrets["remote_signer_token_file"]).read_text().strip(),
                chain_id=chain_id,
            )
        if "session_key" in secrets:
            return SessionKeySigner(
                SealedKey.from_hex(secrets["session_key"]),
                deposit_wallet=secrets["deposit_wallet"],
                valid_until=int(secrets["session_valid_until"]),
                chain_id=chain_id,
                clock=clock,
            )
        if "private_key" in secrets:
            return LocalOrderSigner(SealedKey.from_hex(secrets["private_key"]), chain_id)
    except KeyError as exc:
        raise ConfigError(f"account credentials: {exc.args[0]} is missing") from None
    except OSError as exc:
        raise ConfigError(f"account credentials: cannot read {exc.filename}") from None
    raise ConfigError(
        "account credentials name no signer: expected private_key, session_key or "
        "remote_signer_socket"
    )


@dataclass(frozen=True, slots=True)
class AccountTrader:
    account_id: int
    maker_address: str
    signature_type: int
    signer: OrderSigner
    api_key: str
    venue: ExecutionVenue
    #: The account's own CLOB session (trades, user channel); None in paper mode.
    creds: ApiCreds | None = None
    trading: ClobTradingClient | None = None
    #: ``credentials_digest`` of the stored credentials it was built from.
    sealed_digest: bytes = b""


class TraderDirectory:
    def __init__(
        self,
        db: Database,
        box: SecretBox,
        http: httpx.AsyncClient,
        *,
        clob_url: str,
        now: Callable[[], dt.datetime],
        wrap_venue: Callable[[ExecutionVenue], ExecutionVenue] | None = None,
        chain_id: int = CHAIN_ID_POLYGON,
        relayer_url: str | None = None,
    ) -> None:
        self._db = db
        self._relayer_url = relayer_url
        self._chain_id = chain_id
        self._box = box
        self._http = http
        self._clob_url = clob_url
        self._now = now
        self._wrap_venue = wrap_venue  # instrumentation and fault-injection hook
        self._traders: dict[int, AccountTrader] = {}
        self._building: dict[int, asyncio.Lock] = {}

    def cached(self, account: FollowerAccount) -> AccountTrader | None:
        """The account's trader if this process has built it from the credentials stored now
        (no I/O); one built from credentials since replaced is forgotten."""
        trader = self._traders.get(account.id)
        if trader is not None and trader.sealed_digest != credentials_digest(
            account.encrypted_credentials
        ):
            self.forget(account.id)
            return None
        return trader

    def forget(self, account_id: int) -> None:
        """Drop the account's trader (quarantined, or its credentials replaced): the next use
        builds it again from what is stored then."""
        self._traders.pop(account_id, None)

    async def for_account(self, account_id: int) -> AccountTrader:
        trader = self._traders.get(account_id)
        if trader is not None:
            return trader
        # Concurrent sends for a new account build its trader once (one key, one API key).
        async with self._building.setdefault(account_id, asyncio.Lock()):
            trader = self._traders.get(account_id)
            if trader is None:
                trader = await self._build(account_id)
                self._traders[account_id] = trader
            return trader

    async def _build(self, account_id: int) -> AccountTrader:
        async with self._db.transaction() as session:
            account = await FollowerAccountRepository(session).get(account_id)
            if account is None or account.encrypted_credentials is None:
                raise AccountUnusable(account_id, "no stored credentials: link them again")
            digest = credentials_digest(account.encrypted_credentials)
            secrets = self._open(account)
            maker, signature_type = account.wallet_address, account.signature_type
            paper = account.mode is AccountMode.PAPER
        try:
            signer = self._signer(account_id, secrets)
            if paper:  # orders are signed (the full path runs) but never sent: no API key
                creds = ApiCreds("paper", "", "")
            elif "api_key" in secrets:
                creds = self._stored_creds(account_id, secrets)
            else:
                creds = await self._derive(account_id, signer)
                secrets |= {
                    "api_key": creds.api_key,
                    "secret": creds.secret,
                    "passphrase": creds.passphrase,
                }
                digest = await self._store_secrets(account_id, secrets)
        finally:
            secrets.clear()
        venue: ExecutionVenue = (
            PaperVenue(ClobPublicClient(self._http, self._clob_url), now=self._now)
            if paper
            else PolymarketVenue(
                self._http,
                self._clob_url,
                creds=creds,
                signer_address=signer.address,
                now=self._now,
                relayer=RelayerClient(
                    self._http,
                    self._relayer_url,
                    api_key=creds.api_key,
                    signer=signer,
                    wallet_address=maker,
                    signature_type=signature_type,
                )
                if self._relayer_url
                else None,
            )
        )
        trading = venue.client if isinstance(venue, PolymarketVenue) else None
        if self._wrap_venue is not None:
            venue = self._wrap_venue(venue)
        return AccountTrader(
            account_id=account_id,
            maker_address=checksum_address(maker),
            signature_type=signature_type,
            signer=signer,
            api_key=creds.api_key,
            venue=venue,
            creds=None if paper else creds,
            trading=trading,
            sealed_digest=digest,
        )

    def _open(self, account: FollowerAccount) -> dict[str, str]:
        assert account.encrypted_credentials is not None
        try:
            secrets = json.loads(
                self._box.decrypt(
                    account.encrypted_credentials, context=credentials_context(account)
                )
            )
        except (DecryptionError, ValueError, KeyError):
            raise AccountUnusable(
                account.id,
                "the stored credentials cannot be decrypted with this server's keys: replace them",
            ) from None
        if not isinstance(secrets, dict):
            raise AccountUnusable(account.id, "the stored credentials are malformed: replace them")
        return secrets

    def _signer(self, account_id: int, secrets: Mapping[str, str]) -> OrderSigner:
        try:
            return signer_from_credentials(secrets, chain_id=self._chain_id)
        except (ConfigError, SignerError, ValueError, TypeError) as exc:
            reason = str(exc) if isinstance(exc, PolycopyError) else "the signing key is invalid"
            raise AccountUnusable(account_id, f"{reason}: replace the credentials") from None

    @staticmethod
    def _stored_creds(account_id: int, secrets: Mapping[str, str]) -> ApiCreds:
        creds = ApiCreds(
            str(secrets["api_key"]),
            str(secrets.get("secret", "")),
            str(secrets.get("passphrase", "")),
        )
        problem = api_creds_problem(creds, strict=False)
        if problem is not None:
            field = problem.field.removeprefix("credentials.")
            raise AccountUnusable(
                account_id, f"CLOB {field} is {problem.message}: replace the credentials"
            )
        return creds

    async def _derive(self, account_id: int, signer: OrderSigner) -> ApiCreds:
        """The signer's API key from the venue; a venue failure is transient, a refusal not."""
        try:
            return await ClobPublicClient(self._http, self._clob_url).derive_api_creds(signer)
        except (VenueError, httpx.HTTPError) as exc:
            transient = not isinstance(exc, VenueError) or exc.retryable
            code = exc.code if isinstance(exc, VenueError) else "venue_unavailable"
            reason = f"the exchange did not give the signer an API key ({code}: {exc})"
            raise AccountUnusable(account_id, reason, transient=transient) from None
        except (SignerError, ValueError) as exc:
            raise AccountUnusable(account_id, f"the signer could not sign in: {exc}") from None

    async def _store_secrets(self, account_id: int, secrets: dict[str, str]) -> bytes:
        """Store the credentials with the derived API key; returns their digest."""
        async with self._db.transaction() as session:
            account = await FollowerAccountRepository(session).get(account_id)
            if account is None:
                raise AccountUnusable(account_id, "the account was deleted")
            account.encrypted_credentials = seal_credentials(
                self._box, account.wallet_address, secrets
            )
            return credentials_digest(account.encrypted_credentials)
