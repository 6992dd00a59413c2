"""Signed ingestion of leader fills from an outside provider, into the detection pipeline.

A provider is a name and a shared secret in the settings (``ingest_secrets``). It signs
each request like polycopy signs its webhooks: ``Polycopy-Signature: t=<unix time>,v1=<hex>``,
the HMAC-SHA256 of ``"<unix time>.<raw body>"``, checked in constant time, and refused when
the time is more than ``ingest_max_skew_seconds`` away. The signature is checked on the raw
body before anything reads it: an unsigned request gets 401 whatever it holds, malformed or
not. No ``Idempotency-Key``: the caller is
a machine, not a user, and a replay inside the window is harmless because fills collapse on
their identity (a replayed fill adds neither a row nor a sighting).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from decimal import Decimal
from typing import Annotated, Any

import structlog
from fastapi import APIRouter, Depends, Header, Request, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field, model_validator

from polycopy.api.deps import Context, get_context
from polycopy.api.errors import ApiError
from polycopy.api.middleware import unstorable_answer, unstorable_body
from polycopy.notifications.signing import SIGNATURE_HEADER, verify
from polycopy.signals.service import Ingest
from polycopy.signals.sources.external import ingest_external
from polycopy.signals.types import LeaderEventType, TradeSide
from polycopy.venues.polymarket.models import ActivityRow

log = structlog.get_logger(__name__)

PROVIDER_HEADER = "Polycopy-Provider"
MAX_FILLS = 500
_HEX_ADDRESS = r"^0x[0-9a-fA-F]{40}$"
_HEX_32 = r"^0x[0-9a-fA-F]{64}$"


class IngestFill(BaseModel):
    """One leader fill (or other leader event) in the Data API's terms."""

    model_config = ConfigDict(extra="forbid")

    wallet: str = Field(pattern=_HEX_ADDRESS, description="The leader's proxy wallet")
    transaction_hash: str = Field(pattern=_HEX_32)
    event_type: LeaderEventType = LeaderEventType.TRADE
    condition_id: str = Field(pattern=_HEX_32)
    token_id: str = Field(default="", pattern=r"^[0-9]{0,80}$")
    outcome: str = Field(default="", max_length=200)
    side: TradeSide | None = None
    price: Decimal = Field(ge=0, le=1, max_digits=20, decimal_places=6)
    size: Decimal = Field(gt=0, max_digits=24, decimal_places=6, description="Shares")
    usdc_size: Decimal = Field(ge=0, max_digits=24, decimal_places=6)
    timestamp: int = Field(gt=0, lt=10_000_000_000, description="Unix seconds of the fill")

    @model_validator(mode="after")
    def _trades_name_token_and_side(self) -> IngestFill:
        if self.event_type is LeaderEventType.TRADE and (not self.token_id or self.side is None):
            raise ValueError("a TRADE needs token_id and side")
        return self


class IngestBatch(BaseModel):
    """Every fill of each transaction it touches (occurrences are numbered per request)."""

    model_config = ConfigDict(extra="forbid")

    fills: list[IngestFill] = Field(min_length=1, max_length=MAX_FILLS)


class IngestResult(BaseModel):
    received: int
    created: int = Field(description="New leader fills")
    duplicates: int = Field(description="Fills already known (from any source)")
    ignored: int = Field(description="Fills of wallets nobody follows: not stored")


def _refused(message: str) -> ApiError:
    return ApiError(401, "bad_signature", message)


async def signed_provider(
    request: Request,
    context: Context,
    provider: Annotated[str, Header(alias=PROVIDER_HEADER, max_length=40)] = "",
    signature: Annotated[
        str,
        Header(
            alias=SIGNATURE_HEADER,
            max_length=200,
            description="t=<unix time>,v1=<hex HMAC-SHA256 of '<t>.<raw body>'>",
        ),
    ] = "",
) -> str:
    """The provider whose signature over the raw body checks out (before the body is read
    as JSON: an unsigned request learns nothing about its payload's validity)."""
    secret = context.settings.ingest_secrets.get(provider)
    if secret is None or not signature:
        raise _refused(f"unknown provider or missing {SIGNATURE_HEADER} header")
    if not verify(
        secret.get_secret_value(),
        signature,
        await request.body(),
        now=int(context.clock().timestamp()),
        tolerance=context.settings.ingest_max_skew_seconds,
    ):
        raise _refused("bad signature, or a timestamp outside the replay window")
    return provider


class SignatureFirst(APIRoute):
    """Checks the signature before FastAPI reads the body (which answers malformed JSON
    with 422 before any dependency runs), then refuses unstorable text in it."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def signed_first(request: Request) -> Response:
            await signed_provider(
                request,
                get_context(request),
                request.headers.get(PROVIDER_HEADER, ""),
                request.headers.get(SIGNATURE_HEADER, ""),
            )
            field = unstorable_body(await request.body())
            if field is not None:
                return unstorable_answer(field)
            return await handler(request)

        return signed_first


router = APIRouter(prefix="/ingest", tags=["ingest"], route_class=SignatureFirst)


@router.post("/fills", response_model=IngestResult)
async def ingest_fills(
    body: IngestBatch,
    context: Context,
    provider: Annotated[str, Depends(signed_provider)],
) -> Any:
    """Record leader fills an outside provider reports, signed with its shared secret.

    They enter the same pipeline as the built-in sources: same identity, one row per fill
    with a sighting per source, decided and copied like any other fill. Fills of wallets
    nobody follows are ignored. A replay within the signature window changes nothing.
    """
    now = context.venue_clock()
    horizon = int(now.timestamp()) + context.settings.ingest_max_skew_seconds
    if any(fill.timestamp > horizon for fill in body.fills):
        raise ApiError(422, "invalid_input", "fills.timestamp: in the future", field="fills")
    rows = [
        ActivityRow(
            proxy_wallet=fill.wallet,
            timestamp=fill.timestamp,
            condition_id=fill.condition_id,
            type=fill.event_type.value,
            size=fill.size,
            usdc_size=fill.usdc_size,
            transaction_hash=fill.transaction_hash,
            price=fill.price,
            token_id=fill.token_id,
            side=fill.side.value if fill.side else "",
            outcome=fill.outcome,
        )
        for fill in body.fills
    ]
    outcome = await ingest_external(Ingest(context.db, now=context.venue_clock), rows)
    log.info(
        "ingest.fills",
        provider=provider,
        received=outcome.received,
        created=outcome.created,
        ignored=outcome.ignored,
    )
    return IngestResult(
        received=outcome.received,
        created=outcome.created,
        duplicates=outcome.duplicates,
        ignored=outcome.ignored,
    )
