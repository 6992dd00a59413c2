"""CLOB V2 REST: API-key derivation (L1), order submission and look-ups (L2).

``PolymarketVenue`` is the execution adapter for live and sim modes; only its base URL
differs. It classifies every send into accepted / rejected / retry / unknown, so the order
state machine never has to interpret HTTP.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import httpx

from polycopy.kit.money import to_micros
from polycopy.signals.types import TradeSide
from polycopy.venues.base import OrderLookup, SubmitOutcome, SubmitResult, VenueFill
from polycopy.venues.polymarket.auth import ApiCreds, l1_headers, l2_headers, serialize_body
from polycopy.venues.polymarket.http import VenueError, parse, raise_for_status, read_json
from polycopy.venues.polymarket.models import OrderBook, PostOrderResponse, TradesPage
from polycopy.venues.polymarket.signing import PrivateKey

# Answers that mean "not taken, try the same bytes later"; everything else non-2xx is final.
_RETRY_STATUSES = frozenset({425, 429})


def _now_seconds() -> int:
    return int(time.time())


class ClobPublicClient:
    def __init__(self, http: httpx.AsyncClient, base_url: str) -> None:
        self._http = http
        self._base = base_url.rstrip("/")

    async def book(self, token_id: str) -> OrderBook:
        response = await self._http.get(f"{self._base}/book", params={"token_id": token_id})
        raise_for_status(response)
        return parse(OrderBook, read_json(response), what="order book")

    async def derive_api_creds(self, key: PrivateKey) -> ApiCreds:
        """Create the account's API key, or derive the existing one (as the official client)."""
        headers = l1_headers(key, timestamp=_now_seconds())
        response = await self._http.post(f"{self._base}/auth/api-key", headers=headers)
        if not response.is_success:
            headers = l1_headers(key, timestamp=_now_seconds())
            response = await self._http.get(f"{self._base}/auth/derive-api-key", headers=headers)
        raise_for_status(response)
        body = read_json(response)
        try:
            return ApiCreds(
                api_key=str(body["apiKey"]),
                secret=str(body["secret"]),
                passphrase=str(body["passphrase"]),
            )
        except (KeyError, TypeError):
            raise VenueError("malformed API key response", retryable=False) from None


def fill_from_amounts(
    *,
    trade_id: str,
    token_id: str,
    side: TradeSide,
    making: Decimal,
    taking: Decimal,
    at: dt.datetime,
    transaction_hash: str | None = None,
) -> VenueFill | None:
    """A fill from an order's matched amounts: a buy makes pUSD and takes shares."""
    amount, size = (making, taking) if side is TradeSide.BUY else (taking, making)
    size_micros = to_micros(size, exact=False)
    amount_micros = to_micros(amount, exact=False)
    if size_micros <= 0:
        return None
    return VenueFill(
        venue_trade_id=trade_id,
        token_id=token_id,
        side=side,
        price_micros=amount_micros * 1_000_000 // size_micros,
        size_micros=size_micros,
        amount_micros=amount_micros,
        fee_micros=0,
        filled_at=at,
        transaction_hash=transaction_hash,
    )


class PolymarketVenue:
    """The execution venue for one follower account on a CLOB V2 endpoint."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        base_url: str,
        *,
        creds: ApiCreds,
        signer_address: str,
        now: Callable[[], dt.datetime],
    ) -> None:
        self._http = http
        self._base = base_url.rstrip("/")
        self._creds = creds
        self._address = signer_address
        self._now = now

    def _headers(self, method: str, path: str, body: str | None) -> dict[str, str]:
        return l2_headers(
            self._creds,
            self._address,
            method=method,
            request_path=path,
            body=body,
            timestamp=_now_seconds(),
        )

    async def submit(
        self, body: dict[str, Any], *, order_hash: str, side: TradeSide
    ) -> SubmitResult:
        text = serialize_body(body)
        headers = self._headers("POST", "/order", text)
        headers["Content-Type"] = "application/json"
        try:
            response = await self._http.post(f"{self._base}/order", content=text, headers=headers)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            return SubmitResult(SubmitOutcome.RETRY, error=f"not sent: {type(exc).__name__}")
        except httpx.HTTPError as exc:
            return SubmitResult(SubmitOutcome.UNKNOWN, error=f"no answer: {type(exc).__name__}")
        if response.status_code in _RETRY_STATUSES:
            return SubmitResult(SubmitOutcome.RETRY, error=f"HTTP {response.status_code}")
        if response.status_code >= 500:
            return SubmitResult(SubmitOutcome.UNKNOWN, error=f"HTTP {response.status_code}")
        try:
            raise_for_status(response)
            answer = parse(PostOrderResponse, read_json(response), what="order response")
        except VenueError as exc:
            return SubmitResult(SubmitOutcome.REJECTED, error=str(exc))
        if not answer.success or answer.error_msg:
            return SubmitResult(SubmitOutcome.REJECTED, error=answer.error_msg or "rejected")
        token_id = str(body["order"]["tokenId"])
        fill = fill_from_amounts(
            trade_id=order_hash,
            token_id=token_id,
            side=side,
            making=answer.making_amount,
            taking=answer.taking_amount,
            at=self._now(),
        )
        return SubmitResult(
            SubmitOutcome.ACCEPTED, venue_status=answer.status, fills=[fill] if fill else []
        )

    async def _get(self, path: str, params: dict[str, str] | None = None) -> Any:
        response = await self._http.get(
            f"{self._base}{path}", params=params, headers=self._headers("GET", path, None)
        )
        if response.status_code == 404:
            return None
        raise_for_status(response)
        return read_json(response)

    async def lookup(self, order_hash: str, *, side: TradeSide) -> OrderLookup:
        """Find an order by hash; its fills are summed from its trades (maker prices)."""
        order = await self._get(f"/data/order/{order_hash}")
        if not order:
            return OrderLookup(found=False)
        making = taking = Decimal(0)
        for trade_id in order.get("associate_trades") or []:
            page = await self._get("/data/trades", {"id": str(trade_id)})
            for trade in parse(TradesPage, page, what="trades page").data:
                notional = trade.size * trade.price
                shares_and_cash = (
                    (notional, trade.size) if side is TradeSide.BUY else (trade.size, notional)
                )
                making += shares_and_cash[0]
                taking += shares_and_cash[1]
        fill = fill_from_amounts(
            trade_id=order_hash,
            token_id=str(order.get("asset_id", "")),
            side=side,
            making=making,
            taking=taking,
            at=self._now(),
        )
        return OrderLookup(
            found=True, venue_status=str(order.get("status", "")), fills=[fill] if fill else []
        )
