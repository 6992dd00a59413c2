"""The gasless relayer: redeem, merge and split positions without holding POL for gas.

As the official SDK does for a deposit wallet: the wallet's next nonce is read from
``GET /v1/account/transactions/params`` (``type=WALLET``), the call to the collateral
adapter becomes an EIP-712 ``Batch`` (wallet, nonce, deadline, calls) signed by the account's
signer in the wallet's ``DepositWallet`` domain (a session key's signature wrapped with its
address), and the ``WALLET`` envelope goes to ``POST /submit`` (``to``: the deposit wallet
factory) with relayer-key headers (``RELAYER_API_KEY``, ``RELAYER_API_KEY_ADDRESS``). A batch
refused because its nonce is behind the wallet's is signed again once with the nonce the
relayer names (it never ran); any other answer is final.

Proxy (signature type 1) and Safe (type 2) wallets send a ``PROXY`` or ``SAFE`` envelope
instead, built as the SDK builds them (``relay_wallets``): the proxy's nonce and relay address
from ``GET /relay-payload``, the Safe's nonce from the params endpoint (``type=SAFE``). An EOA
(type 0) keeps the ``WALLET`` envelope with its own address as the wallet.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Awaitable
from typing import TypeVar

import httpx
from pydantic import Field

from polycopy.venues.polymarket.auth import serialize_body
from polycopy.venues.polymarket.ctf import CtfCall, adapter_for, encode
from polycopy.venues.polymarket.errors import (
    MalformedResponseError,
    VenueError,
    VenueServerError,
    VenueTimeoutError,
    VenueUnavailableError,
)
from polycopy.venues.polymarket.http import VenueHttp, parse
from polycopy.venues.polymarket.models import VenueModel
from polycopy.venues.polymarket.ratelimit import EndpointLimit, Rate, RateLimitPolicy
from polycopy.venues.polymarket.relay_wallets import (
    ProxyTransaction,
    SafeTransaction,
    encode_proxy_calls,
    proxy_envelope,
    safe_envelope,
)
from polycopy.venues.polymarket.signing import (
    OrderSigner,
    SignatureType,
    WalletBatch,
    WalletCall,
    checksum_address,
)

RELAYER_LIMITS = RateLimitPolicy(
    name="relayer",
    general=(Rate(1_000, 10),),
    endpoints=(EndpointLimit("/submit", (Rate(25, 60),)),),
)
#: How long the relayer may take to act on the envelope (its deadline, in seconds).
DEADLINE_S = 600
#: The deposit wallet factory, the ``to`` of every ``WALLET`` envelope (SDK environments).
DEPOSIT_WALLET_FACTORY = "0x00000000000Fb5C9ADea0298D729A0CB3823Cc07"
_T = TypeVar("_T")
_NONCE_BEHIND = re.compile(r"batch nonce\s+(\d+)\s+does not match on-chain nonce\s+(\d+)", re.I)


class RelayerState(enum.StrEnum):
    NEW = "STATE_NEW"
    EXECUTED = "STATE_EXECUTED"
    MINED = "STATE_MINED"
    CONFIRMED = "STATE_CONFIRMED"
    INVALID = "STATE_INVALID"
    FAILED = "STATE_FAILED"

    @property
    def failed(self) -> bool:
        return self in (RelayerState.INVALID, RelayerState.FAILED)


class RelayerAnswer(VenueModel):
    state: RelayerState
    transaction_id: str = Field(alias="transactionID")
    transaction_hash: str | None = Field(default=None, alias="transactionHash")


class _ExecuteParams(VenueModel):
    nonce: str = Field(pattern=r"^[0-9]{1,78}$")
    address: str = Field(default="", pattern=r"^(0x[0-9a-fA-F]{40})?$")


def wallet_envelope(signer_address: str, batch: WalletBatch, signature: str) -> dict[str, object]:
    """The ``WALLET`` envelope of a signed batch, field for field as the SDK builds it."""
    return {
        "type": "WALLET",
        "from": signer_address,
        "to": DEPOSIT_WALLET_FACTORY,
        "nonce": str(batch.nonce),
        "signature": signature,
        "metadata": "polycopy",
        "depositWalletParams": {
            "depositWallet": batch.wallet,
            "deadline": str(batch.deadline),
            "calls": [
                {"target": c.target, "value": str(c.value), "data": c.data} for c in batch.calls
            ],
        },
    }


class RelayerClient:
    """One account's access to the relayer: its relayer key, its signer and its wallet."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        base_url: str,
        *,
        api_key: str,
        signer: OrderSigner,
        wallet_address: str,
        signature_type: int = SignatureType.POLY_1271,
    ) -> None:
        self._api = VenueHttp(http, base_url, RELAYER_LIMITS)
        self._headers = {"RELAYER_API_KEY": api_key, "RELAYER_API_KEY_ADDRESS": signer.address}
        self._signer = signer
        self._wallet = wallet_address
        self._kind = SignatureType(signature_type)

    async def execute(self, call: CtfCall, *, neg_risk: bool, deadline: int) -> RelayerAnswer:
        """Sign and submit one call (sent once: a lost answer is reconciled from positions,
        never re-submitted blindly; only a batch refused for a stale nonce, which therefore
        never ran, is signed again with the wallet's nonce)."""
        calls = (WalletCall(adapter_for(neg_risk=neg_risk), encode(call)),)
        if self._kind is SignatureType.POLY_PROXY:
            relay = await self._read(self._params("/relay-payload", "PROXY"))
            if not relay.address:
                raise VenueUnavailableError("relayer nonce not read: no relay address")
            tx = ProxyTransaction(
                self._signer.address, encode_proxy_calls(calls), int(relay.nonce), relay.address
            )
            return await self._post(proxy_envelope(tx, self._signer.sign_relay_transaction(tx)))
        if self._kind is SignatureType.POLY_GNOSIS_SAFE:
            params = await self._read(self._params("/v1/account/transactions/params", "SAFE"))
            (only,) = calls
            safe = SafeTransaction(
                checksum_address(self._wallet), only.target, only.data, int(params.nonce)
            )
            signature = self._signer.sign_relay_transaction(safe)
            return await self._post(safe_envelope(self._signer.address, safe, signature))
        nonce = await self._read(self._nonce())
        try:
            return await self._submit(WalletBatch(self._wallet, nonce, deadline, calls))
        except VenueError as exc:
            behind = _NONCE_BEHIND.search(str(exc))
            if behind is None or int(behind.group(2)) <= nonce:
                raise
            return await self._submit(
                WalletBatch(self._wallet, int(behind.group(2)), deadline, calls)
            )

    @staticmethod
    async def _read(reading: Awaitable[_T]) -> _T:
        try:
            return await reading
        except (VenueTimeoutError, VenueServerError, MalformedResponseError) as exc:
            # Only a read failed: nothing was submitted, so the call may be sent later.
            raise VenueUnavailableError(f"relayer nonce not read: {exc}") from exc

    async def _nonce(self) -> int:
        """A deposit wallet's (or an EOA's) next batch nonce."""
        return int((await self._params("/v1/account/transactions/params", "WALLET")).nonce)

    async def _params(self, path: str, kind: str) -> _ExecuteParams:
        """The wallet's next nonce (and, for a proxy, the relay to sign for)."""
        payload = await self._api.request(
            "GET",
            path,
            params={"address": self._signer.address, "type": kind},
            auth=lambda _m, _p, _b: self._headers,
        )
        return parse(_ExecuteParams, payload, what="relayer nonce")

    async def _submit(self, batch: WalletBatch) -> RelayerAnswer:
        signature = self._signer.sign_wallet_batch(batch)
        return await self._post(wallet_envelope(self._signer.address, batch, signature))

    async def _post(self, envelope: dict[str, object]) -> RelayerAnswer:
        payload = await self._api.request(
            "POST",
            "/submit",
            body=serialize_body(envelope),
            auth=lambda _m, _p, _b: self._headers,
            idempotent=False,
        )
        return parse(RelayerAnswer, payload, what="relayer answer")
