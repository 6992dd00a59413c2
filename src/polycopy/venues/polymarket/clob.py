"""CLOB V2 REST: public market data, API-key derivation (L1) and trading (L2).

``PolymarketVenue`` is the execution adapter for live and sim modes; only its base URL
differs. It classifies every send into accepted / rejected / retry / unknown, so the order
state machine never has to interpret HTTP.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Awaitable, Callable, Sequence
from decimal import Decimal
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, TypeAdapter

from polycopy.kit.money import to_micros
from polycopy.signals.types import TradeSide
from polycopy.venues.base import (
    MAX_BATCH_ORDERS,
    CancelOutcome,
    OrderLookup,
    SettlementAction,
    SettlementResult,
    SignedOrder,
    SubmitOutcome,
    SubmitResult,
    VenueFill,
)
from polycopy.venues.polymarket.auth import ApiCreds, l2_headers, serialize_body, signer_l1_headers
from polycopy.venues.polymarket.ctf import PUSD, CtfAction, CtfCall
from polycopy.venues.polymarket.errors import (
    DuplicateOrderError,
    InvalidRequestError,
    MalformedResponseError,
    NotFoundError,
    RateLimitedError,
    TradingPausedError,
    VenueError,
    VenueServerError,
    VenueTimeoutError,
    VenueUnavailableError,
    classify,
)
from polycopy.venues.polymarket.http import RateLimitStatus, VenueHttp, parse, parse_as
from polycopy.venues.polymarket.models import (
    ApiKeyCreds,
    BalanceAllowance,
    CancelResult,
    ClobMarketInfo,
    ClobMarketsPage,
    ClobTrade,
    ClosedOnlyStatus,
    FeeRate,
    Heartbeat,
    Midpoint,
    NegRiskFlag,
    OpenOrder,
    OpenOrdersPage,
    OrderBook,
    PostOrderResponse,
    PriceHistory,
    PriceQuote,
    SpreadQuote,
    TickSize,
    TradesPage,
)
from polycopy.venues.polymarket.ratelimit import (
    CLOB_LIMITS,
    TRADING_TIERS,
    RateLimiter,
    TokenBucket,
)
from polycopy.venues.polymarket.relayer import DEADLINE_S, RelayerClient
from polycopy.venues.polymarket.signing import OrderSigner

MAX_CANCEL_IDS = 1000
MAX_BOOKS = 500
END_CURSOR = "LTE="
INITIAL_CURSOR = "MA=="

ModelT = TypeVar("ModelT", bound=BaseModel)
_BOOKS = TypeAdapter(list[OrderBook])
_POST_RESPONSES = TypeAdapter(list[PostOrderResponse])
_SERVER_TIME = TypeAdapter(int | dict[str, int])


class ClobPublicClient:
    """Public CLOB market data, plus L1 (create/derive API credentials)."""

    def __init__(
        self, http: httpx.AsyncClient, base_url: str, *, limiter: RateLimiter | None = None
    ) -> None:
        self._api = VenueHttp(http, base_url, CLOB_LIMITS, limiter=limiter)

    async def _get(self, model: type[ModelT], path: str, what: str, **params: str) -> ModelT:
        return parse(model, await self._api.request("GET", path, params=params), what=what)

    async def server_time(self) -> int:
        """The CLOB's clock, unix seconds (a bare integer; ``{"time": n}`` is accepted)."""
        value = parse_as(_SERVER_TIME, await self._api.request("GET", "/time"), what="time")
        if isinstance(value, dict):
            if "time" not in value:
                raise MalformedResponseError("malformed time: no 'time' field")
            return value["time"]
        return value

    async def book(self, token_id: str) -> OrderBook:
        return await self._get(OrderBook, "/book", "order book", token_id=token_id)

    async def books(self, token_ids: Sequence[str]) -> list[OrderBook]:
        if len(token_ids) > MAX_BOOKS:
            raise ValueError(f"at most {MAX_BOOKS} books per request")
        body = serialize_body([{"token_id": t} for t in token_ids])
        payload = await self._api.request("POST", "/books", body=body, idempotent=True)
        return parse_as(_BOOKS, payload, what="order books")

    async def price(self, token_id: str, side: str) -> Decimal:
        quote = await self._get(PriceQuote, "/price", "price", token_id=token_id, side=side)
        return quote.price

    async def midpoint(self, token_id: str) -> Decimal:
        return (await self._get(Midpoint, "/midpoint", "midpoint", token_id=token_id)).mid

    async def spread(self, token_id: str) -> Decimal:
        return (await self._get(SpreadQuote, "/spread", "spread", token_id=token_id)).spread

    async def tick_size(self, token_id: str) -> Decimal:
        tick = await self._get(TickSize, "/tick-size", "tick size", token_id=token_id)
        return tick.minimum_tick_size

    async def neg_risk(self, token_id: str) -> bool:
        return (await self._get(NegRiskFlag, "/neg-risk", "neg-risk", token_id=token_id)).neg_risk

    async def fee_rate_bps(self, token_id: str) -> int:
        return (await self._get(FeeRate, "/fee-rate", "fee rate", token_id=token_id)).base_fee

    async def clob_market(self, condition_id: str) -> ClobMarketInfo:
        return await self._get(ClobMarketInfo, f"/clob-markets/{condition_id}", "clob market")

    async def markets_page(
        self, cursor: str = INITIAL_CURSOR, *, sampling: bool = False
    ) -> ClobMarketsPage:
        """One page of ``/markets`` (or ``/sampling-markets``); ``LTE=`` marks the end."""
        path = "/sampling-markets" if sampling else "/markets"
        return await self._get(ClobMarketsPage, path, "markets page", next_cursor=cursor)

    async def prices_history(
        self, token_id: str, *, interval: str = "1d", fidelity_minutes: int | None = None
    ) -> PriceHistory:
        params = {"market": token_id, "interval": interval}
        if fidelity_minutes is not None:
            params["fidelity"] = str(fidelity_minutes)
        return await self._get(PriceHistory, "/prices-history", "price history", **params)

    async def derive_api_creds(self, signer: OrderSigner, *, nonce: int = 0) -> ApiCreds:
        """Create the account's API key, or derive the existing one (as the official client).

        A reused nonce makes create fail (``NONCE_ALREADY_USED``); derive then returns the
        key that nonce created.
        """
        try:
            payload = await self._api.request(
                "POST", "/auth/api-key", auth=self._l1(signer, nonce), idempotent=False
            )
        except (InvalidRequestError, NotFoundError):
            payload = await self._api.request(
                "GET", "/auth/derive-api-key", auth=self._l1(signer, nonce)
            )
        creds = parse(ApiKeyCreds, payload, what="API key response")
        return ApiCreds(creds.api_key, creds.secret, creds.passphrase)

    @staticmethod
    def _l1(signer: OrderSigner, nonce: int) -> Callable[[str, str, str | None], dict[str, str]]:
        def headers(_method: str, _path: str, _body: str | None) -> dict[str, str]:
            return signer_l1_headers(signer, timestamp=int(time.time()), nonce=nonce)

        return headers


class ClobTradingClient:
    """L2-authenticated CLOB calls for one API key (one signer).

    Orders and cancels also draw from the per-signer trading buckets of the account's tier
    (reference §4.11); the tier follows ``Poly-RateLimit-Tier`` once the venue sends it, and
    the bucket follows the venue's count: no more than ``Poly-RateLimit-Remaining`` before
    ``Poly-RateLimit-Reset``.
    """

    def __init__(
        self,
        http: httpx.AsyncClient,
        base_url: str,
        *,
        creds: ApiCreds,
        signer_address: str,
        limiter: RateLimiter | None = None,
        clock: Callable[[], float] = time.time,
        tier: str = "Standard",
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self._api = VenueHttp(http, base_url, CLOB_LIMITS, limiter=limiter)
        self._creds = creds
        self._address = signer_address
        self._clock = clock
        self._sleep = sleep
        self._followed: RateLimitStatus | None = None
        self._set_tier(tier)

    def _set_tier(self, name: str) -> None:
        tier = TRADING_TIERS[name]
        self.tier = tier.name
        self._order_bucket = TokenBucket(tier.orders_per_s, tier.order_burst, sleep=self._sleep)
        self._cancel_bucket = TokenBucket(tier.cancels_per_s, tier.cancel_burst, sleep=self._sleep)

    def _follow(self, method: str, path: str) -> None:
        """Adopt the tier, and the signer's budget for the bucket this request drew from."""
        status = self._api.rate_limit
        if status is None or status is self._followed:
            return
        self._followed = status
        if status.tier in TRADING_TIERS and status.tier != self.tier:
            self._set_tier(status.tier)
        if status.remaining is None:
            return
        if method == "POST" and path in ("/order", "/orders"):
            bucket = self._order_bucket
        elif method == "DELETE":
            bucket = self._cancel_bucket
        else:
            return
        left = (status.reset_at - self._clock()) if status.reset_at is not None else 0.0
        bucket.budget(status.remaining, until=time.monotonic() + max(0.0, left))

    def _auth(self, method: str, path: str, body: str | None) -> dict[str, str]:
        return l2_headers(
            self._creds,
            self._address,
            method=method,
            request_path=path,
            body=body,
            timestamp=int(self._clock()),
        )

    async def _call(
        self,
        method: str,
        path: str,
        *,
        body: object = None,
        params: dict[str, str] | None = None,
        idempotent: bool | None = None,
    ) -> Any:
        text = None if body is None else serialize_body(body)
        try:
            return await self._api.request(
                method, path, params=params, body=text, auth=self._auth, idempotent=idempotent
            )
        finally:
            self._follow(method, path)

    # --- orders ---------------------------------------------------------------------------

    async def post_order(self, body: dict[str, Any]) -> PostOrderResponse:
        """Send one signed order (sent once: a resend is the executor's decision)."""
        await self._order_bucket.acquire()
        payload = await self._call("POST", "/order", body=body, idempotent=False)
        return parse(PostOrderResponse, payload, what="order response")

    async def post_orders(self, bodies: Sequence[dict[str, Any]]) -> list[PostOrderResponse]:
        """Up to 15 orders in one request; each has its own answer, in order."""
        if not 0 < len(bodies) <= MAX_BATCH_ORDERS:
            raise ValueError(f"a batch holds 1 to {MAX_BATCH_ORDERS} orders")
        await self._order_bucket.acquire(len(bodies))
        payload = await self._call("POST", "/orders", body=list(bodies), idempotent=False)
        answers = parse_as(_POST_RESPONSES, payload, what="batch order response")
        if len(answers) != len(bodies):
            raise MalformedResponseError("batch order response has the wrong number of answers")
        return answers

    async def cancel_order(self, order_id: str) -> CancelResult:
        await self._cancel_bucket.acquire()
        payload = await self._call("DELETE", "/order", body={"orderID": order_id}, idempotent=True)
        return parse(CancelResult, payload, what="cancel response")

    async def cancel_orders(self, order_ids: Sequence[str]) -> CancelResult:
        ids = list(dict.fromkeys(order_ids))
        if not 0 < len(ids) <= MAX_CANCEL_IDS:
            raise ValueError(f"cancel 1 to {MAX_CANCEL_IDS} orders per request")
        await self._cancel_bucket.acquire(len(ids))
        payload = await self._call("DELETE", "/orders", body=ids, idempotent=True)
        return parse(CancelResult, payload, what="cancel response")

    async def cancel_all(self) -> CancelResult:
        await self._cancel_bucket.acquire()
        payload = await self._call("DELETE", "/cancel-all", idempotent=True)
        return parse(CancelResult, payload, what="cancel response")

    async def cancel_market_orders(self, *, market: str = "", asset_id: str = "") -> CancelResult:
        await self._cancel_bucket.acquire()
        body = {"market": market, "asset_id": asset_id}
        payload = await self._call("DELETE", "/cancel-market-orders", body=body, idempotent=True)
        return parse(CancelResult, payload, what="cancel response")

    # --- look-ups ---------------------------------------------------------------------------

    async def order(self, order_id: str) -> OpenOrder | None:
        """An order by hash (live, filled or cancelled), or None if the venue has none."""
        try:
            payload = await self._call("GET", f"/data/order/{order_id}")
        except NotFoundError:
            return None
        if not payload:  # the CLOB answers an unknown id with an empty body too
            return None
        return parse(OpenOrder, payload, what="order")

    async def open_orders(
        self, *, market: str | None = None, asset_id: str | None = None
    ) -> list[OpenOrder]:
        """Every live order of this API key, all pages."""
        params = {k: v for k, v in (("market", market), ("asset_id", asset_id)) if v}
        return await self._pages(OpenOrdersPage, "/data/orders", params, "open orders")

    async def trades(
        self,
        *,
        trade_id: str | None = None,
        market: str | None = None,
        asset_id: str | None = None,
        after: int | None = None,
        before: int | None = None,
    ) -> list[ClobTrade]:
        """This API key's trades (as taker or maker), all pages."""
        params = {
            key: str(value)
            for key, value in (
                ("id", trade_id),
                ("market", market),
                ("asset_id", asset_id),
                ("after", after),
                ("before", before),
            )
            if value is not None
        }
        return await self._pages(TradesPage, "/data/trades", params, "trades")

    async def _pages(
        self,
        model: type[OpenOrdersPage] | type[TradesPage],
        path: str,
        params: dict[str, str],
        what: str,
    ) -> list[Any]:
        rows: list[Any] = []
        cursor = INITIAL_CURSOR
        seen: set[str] = set()
        while cursor != END_CURSOR:
            if cursor in seen:
                raise MalformedResponseError(f"{what}: the venue repeated cursor {cursor}")
            seen.add(cursor)
            payload = await self._call("GET", path, params={**params, "next_cursor": cursor})
            page = parse(model, payload, what=what)
            rows.extend(page.data)
            cursor = page.next_cursor or END_CURSOR
        return rows

    # --- account ----------------------------------------------------------------------------

    async def balance_allowance(
        self,
        *,
        asset_type: str = "COLLATERAL",
        token_id: str | None = None,
        signature_type: int | None = None,
        refresh: bool = False,
    ) -> BalanceAllowance:
        """pUSD (or a token's) balance and allowances; ``refresh`` re-reads the chain first."""
        params = {"asset_type": asset_type}
        if token_id is not None:
            params["token_id"] = token_id
        if signature_type is not None:
            params["signature_type"] = str(signature_type)
        if refresh:
            await self._call("GET", "/balance-allowance/update", params=params)
        payload = await self._call("GET", "/balance-allowance", params=params)
        return parse(BalanceAllowance, payload, what="balance and allowance")

    async def closed_only(self) -> bool:
        """True when the account may only reduce positions (a trading restriction)."""
        payload = await self._call("GET", "/auth/ban-status/closed-only")
        return parse(ClosedOnlyStatus, payload, what="ban status").closed_only

    async def heartbeat(self, heartbeat_id: str = "") -> str:
        """Keep resting orders alive: without a heartbeat for ~10 s the venue cancels them all.

        Returns the id to send next time. A stale id is answered with 400 and the current
        id, which is adopted and sent once more.
        """
        try:
            payload = await self._call(
                "POST", "/v1/heartbeats", body={"heartbeat_id": heartbeat_id}, idempotent=False
            )
        except InvalidRequestError as exc:
            current = exc.payload.get("heartbeat_id") if isinstance(exc.payload, dict) else None
            if not isinstance(current, str) or current == heartbeat_id:
                raise
            payload = await self._call(
                "POST", "/v1/heartbeats", body={"heartbeat_id": current}, idempotent=False
            )
        return parse(Heartbeat, payload, what="heartbeat").heartbeat_id


def fill_from_amounts(
    *,
    trade_id: str,
    token_id: str,
    side: TradeSide,
    making: Decimal,
    taking: Decimal,
    at: dt.datetime,
    transaction_hash: str | None = None,
    trade_ids: Sequence[str] | None = None,
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
        trade_ids=tuple(trade_ids) if trade_ids else None,
    )


def resting_status(status: str) -> bool:
    """True while an order's venue status says it rests on the book (``LIVE``, also as
    ``ORDER_STATUS_LIVE``; a delayed order is on its way there)."""
    return status.upper().removeprefix("ORDER_STATUS_") in ("LIVE", "DELAYED")


def _made_and_taken(side: TradeSide, size: Decimal, price: Decimal) -> tuple[Decimal, Decimal]:
    """What an order of ``side`` gave and got in a match of ``size`` shares at ``price``."""
    notional = size * price
    return (notional, size) if side is TradeSide.BUY else (size, notional)


def order_error(answer: PostOrderResponse) -> VenueError | None:
    """The typed error of an order answer with ``success: false`` (None when accepted)."""
    if answer.success and not answer.error_msg:
        return None
    return classify(answer.error_msg or "rejected", status=None)


def _failed_send(exc: VenueError) -> SubmitResult:
    """Classify a send that raised: refused before the book (retry), maybe arrived (unknown),
    or refused for good (rejected)."""
    error = f"{exc.code}: {exc}"
    if isinstance(exc, RateLimitedError):
        return SubmitResult(SubmitOutcome.RETRY, error=error, retry_after_seconds=exc.retry_after)
    if isinstance(exc, VenueUnavailableError | TradingPausedError):
        return SubmitResult(SubmitOutcome.RETRY, error=error)
    if isinstance(exc, VenueTimeoutError | VenueServerError | MalformedResponseError):
        if exc.status == 425:  # matching engine restarting: the order was not taken
            return SubmitResult(SubmitOutcome.RETRY, error=error)
        return SubmitResult(SubmitOutcome.UNKNOWN, error=error)
    if isinstance(exc, DuplicateOrderError):
        # An earlier send of these bytes did arrive: its fate is found by hash, not here.
        return SubmitResult(SubmitOutcome.UNKNOWN, error=error)
    return SubmitResult(SubmitOutcome.REJECTED, error=error)


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
        limiter: RateLimiter | None = None,
        relayer: RelayerClient | None = None,
    ) -> None:
        self.client = ClobTradingClient(
            http, base_url, creds=creds, signer_address=signer_address, limiter=limiter
        )
        self._now = now
        self._relayer = relayer

    async def submit(
        self, body: dict[str, Any], *, order_hash: str, side: TradeSide
    ) -> SubmitResult:
        """Send one order (``POST /order``)."""
        return (await self.submit_batch([SignedOrder(body, order_hash, side)]))[0]

    async def submit_batch(self, orders: Sequence[SignedOrder]) -> list[SubmitResult]:
        """One request for up to 15 orders: ``POST /order`` for one, ``POST /orders`` for
        more. A failed request is one outcome for every order in it; otherwise each order
        has its own answer."""
        try:
            if len(orders) == 1:
                answers = [await self.client.post_order(orders[0].body)]
            else:
                answers = await self.client.post_orders([order.body for order in orders])
        except VenueError as exc:
            return [_failed_send(exc)] * len(orders)
        return [
            self._answered(order, answer) for order, answer in zip(orders, answers, strict=True)
        ]

    def _answered(self, order: SignedOrder, answer: PostOrderResponse) -> SubmitResult:
        error = order_error(answer)
        if isinstance(error, DuplicateOrderError):
            # An earlier send of these bytes did arrive: its fate is found by hash, not here.
            return SubmitResult(SubmitOutcome.UNKNOWN, error=f"{error.code}: {error}")
        if error is not None:
            return SubmitResult(SubmitOutcome.REJECTED, error=f"{error.code}: {error}")
        fill = fill_from_amounts(
            trade_id=order.order_hash,
            token_id=str(order.body["order"]["tokenId"]),
            side=order.side,
            making=answer.making_amount,
            taking=answer.taking_amount,
            at=self._now(),
            trade_ids=answer.trade_ids,
        )
        return SubmitResult(
            SubmitOutcome.ACCEPTED, venue_status=answer.status, fills=[fill] if fill else []
        )

    async def lookup(self, order_hash: str, *, side: TradeSide) -> OrderLookup:
        """Find an order by hash, with its fills: its own taker match summed into one fill
        keyed by the order hash (as the send's answer books it), and each later match of
        the resting order, as a maker at its price, keyed by the venue trade id."""
        order = await self.client.order(order_hash)
        if order is None:
            return OrderLookup(found=False)
        making = taking = Decimal(0)
        maker_fills: list[VenueFill] = []
        taker_trades: list[str] = []
        for trade_id in order.associate_trades:
            for trade in await self.client.trades(trade_id=trade_id):
                if trade.taker_order_id.lower() == order_hash.lower():
                    made, took = _made_and_taken(side, trade.size, trade.price)
                    making, taking = making + made, taking + took
                    taker_trades.append(trade.id)
                    continue
                for maker in trade.maker_orders:
                    if maker.order_id.lower() != order_hash.lower():
                        continue
                    made, took = _made_and_taken(side, maker.matched_amount, maker.price)
                    fill = fill_from_amounts(
                        trade_id=trade.id,
                        token_id=order.asset_id,
                        side=side,
                        making=made,
                        taking=took,
                        at=self._now(),
                        transaction_hash=trade.transaction_hash,
                    )
                    if fill is not None:
                        maker_fills.append(fill)
        taker_fill = fill_from_amounts(
            trade_id=order_hash,
            token_id=order.asset_id,
            side=side,
            making=making,
            taking=taking,
            at=self._now(),
            trade_ids=taker_trades,
        )
        return OrderLookup(
            found=True,
            venue_status=order.status,
            fills=([taker_fill] if taker_fill else []) + maker_fills,
            open=resting_status(order.status),
        )

    async def cancel(self, order_hashes: Sequence[str]) -> CancelOutcome:
        """``DELETE /orders``; a failed request leaves every order for the next look-up."""
        try:
            answer = await self.client.cancel_orders(order_hashes)
        except VenueError as exc:
            return CancelOutcome(not_canceled=dict.fromkeys(order_hashes, f"{exc.code}: {exc}"))
        return CancelOutcome(list(answer.canceled), dict(answer.not_canceled))

    async def heartbeat(self, heartbeat_id: str) -> str:
        return await self.client.heartbeat(heartbeat_id)

    async def open_orders(self) -> dict[str, int]:
        """``GET /data/orders`` (every page): the live orders of this API key."""
        return {
            order.id: to_micros(order.size_matched, exact=False)
            for order in await self.client.open_orders()
            if resting_status(order.status)
        }

    async def settle(
        self,
        action: SettlementAction,
        condition_id: str,
        *,
        neg_risk: bool,
        shares_micros: int = 0,
    ) -> SettlementResult:
        """Redeem, merge or split through the relayer (gasless), sent once."""
        if self._relayer is None:
            return SettlementResult(SubmitOutcome.REJECTED, error="no relayer is configured")
        call = CtfCall(_CTF_ACTIONS[action], PUSD, condition_id, amount=shares_micros)
        deadline = int(self._now().timestamp()) + DEADLINE_S
        try:
            answer = await self._relayer.execute(call, neg_risk=neg_risk, deadline=deadline)
        except (RateLimitedError, VenueUnavailableError) as exc:
            return SettlementResult(SubmitOutcome.RETRY, error=f"{exc.code}: {exc}")
        except (VenueTimeoutError, VenueServerError, MalformedResponseError) as exc:
            return SettlementResult(SubmitOutcome.UNKNOWN, error=f"{exc.code}: {exc}")
        except VenueError as exc:
            return SettlementResult(SubmitOutcome.REJECTED, error=f"{exc.code}: {exc}")
        if answer.state.failed:
            return SettlementResult(
                SubmitOutcome.REJECTED,
                error=f"relayer transaction {answer.transaction_id}: {answer.state.value}",
            )
        return SettlementResult(SubmitOutcome.ACCEPTED, transaction_hash=answer.transaction_hash)


_CTF_ACTIONS = {
    SettlementAction.REDEEM: CtfAction.REDEEM,
    SettlementAction.MERGE: CtfAction.MERGE,
    SettlementAction.SPLIT: CtfAction.SPLIT,
}
