"""Per follower account: its signer and its execution venue, built from encrypted credentials.

Credentials are decrypted here only, when an account first trades in this process; a key
found in them is sealed again in memory at once (``SealedKey``), or the account names a
session key or a separate signer process instead. The derived CLOB API key is stored back
encrypted.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx

from polycopy.accounts.repository import FollowerAccountRepository
from polycopy.accounts.types import AccountMode
from polycopy.kit.crypto import SecretBox
from polycopy.kit.db import Database
from polycopy.kit.errors import ConfigError
from polycopy.models import FollowerAccount
from polycopy.venues.base import ExecutionVenue
from polycopy.venues.paper import PaperVenue
from polycopy.venues.polymarket.auth import ApiCreds
from polycopy.venues.polymarket.clob import ClobPublicClient, ClobTradingClient, PolymarketVenue
from polycopy.venues.polymarket.relayer import RelayerClient
from polycopy.venues.polymarket.remote_signer import RemoteOrderSigner
from polycopy.venues.polymarket.signers import SealedKey, SessionKeySigner
from polycopy.venues.polymarket.signing import (
    CHAIN_ID_POLYGON,
    LocalOrderSigner,
    OrderSigner,
    checksum_address,
)


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

    def cached(self, account_id: int) -> AccountTrader | None:
        """The account's trader if this process has built it already (no I/O)."""
        return self._traders.get(account_id)

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
                raise LookupError(f"follower account {account_id} has no credentials")
            context = credentials_context(account)
            secrets = json.loads(self._box.decrypt(account.encrypted_credentials, context=context))
            maker, signature_type = account.wallet_address, account.signature_type
            paper = account.mode is AccountMode.PAPER
        try:
            signer = signer_from_credentials(secrets, chain_id=self._chain_id)
            if paper:  # orders are signed (the full path runs) but never sent: no API key
                creds = ApiCreds("paper", "", "")
            elif "api_key" in secrets:
                creds = ApiCreds(secrets["api_key"], secrets["secret"], secrets["passphrase"])
            else:
                creds = await ClobPublicClient(self._http, self._clob_url).derive_api_creds(signer)
                secrets |= {
                    "api_key": creds.api_key,
                    "secret": creds.secret,
                    "passphrase": creds.passphrase,
                }
                await self._store_secrets(account_id, secrets)
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
        )

    async def _store_secrets(self, account_id: int, secrets: dict[str, str]) -> None:
        async with self._db.transaction() as session:
            account = await FollowerAccountRepository(session).get(account_id)
            if account is None:
                raise LookupError(f"follower account {account_id}")
            account.encrypted_credentials = seal_credentials(
                self._box, account.wallet_address, secrets
            )
