"""The gasless relayer: redeem, merge and split positions without holding POL for gas.

A call to the collateral adapter is wrapped in a ``WALLET`` envelope for the account's wallet
and sent to ``POST /submit`` with relayer-key headers (``RELAYER_API_KEY``,
``RELAYER_API_KEY_ADDRESS``), as the official SDK does. Open point: the envelope's batch
signature (an EIP-712 ``Batch`` signed by the wallet's owner) needs a signer method polycopy's
order signers do not have yet; the emulator does not check it.
"""

from __future__ import annotations

import enum

import httpx
from pydantic import Field

from polycopy.venues.polymarket.auth import serialize_body
from polycopy.venues.polymarket.ctf import CtfCall, adapter_for, encode
from polycopy.venues.polymarket.http import VenueHttp, parse
from polycopy.venues.polymarket.models import VenueModel
from polycopy.venues.polymarket.ratelimit import EndpointLimit, Rate, RateLimitPolicy

RELAYER_LIMITS = RateLimitPolicy(
    name="relayer",
    general=(Rate(1_000, 10),),
    endpoints=(EndpointLimit("/submit", (Rate(25, 60),)),),
)
#: How long the relayer may take to act on the envelope (its deadline, in seconds).
DEADLINE_S = 600


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


class RelayerClient:
    """One account's access to the relayer: its relayer key, its signer and its wallet."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        base_url: str,
        *,
        api_key: str,
        signer_address: str,
        wallet_address: str,
    ) -> None:
        self._api = VenueHttp(http, base_url, RELAYER_LIMITS)
        self._headers = {"RELAYER_API_KEY": api_key, "RELAYER_API_KEY_ADDRESS": signer_address}
        self._signer = signer_address
        self._wallet = wallet_address

    async def execute(self, call: CtfCall, *, neg_risk: bool, deadline: int) -> RelayerAnswer:
        """Submit one call (sent once: a lost answer is reconciled from positions, never
        re-submitted blindly)."""
        envelope = {
            "type": "WALLET",
            "from": self._signer,
            "to": self._wallet,
            "nonce": "0",
            "signature": "",
            "metadata": "polycopy",
            "depositWalletParams": {
                "depositWallet": self._wallet,
                "deadline": str(deadline),
                "calls": [
                    {"target": adapter_for(neg_risk=neg_risk), "value": "0", "data": encode(call)}
                ],
            },
        }
        payload = await self._api.request(
            "POST",
            "/submit",
            body=serialize_body(envelope),
            auth=lambda _m, _p, _b: self._headers,
            idempotent=False,
        )
        return parse(RelayerAnswer, payload, what="relayer answer")
