"""CLOB V2 REST surface (public market data, L1 key management, L2 trading).

Paths are relative to the CLOB mount; L2 HMACs are checked over that relative path, which
is exactly what the official client signs (it signs the endpoint, never the host).
"""

from __future__ import annotations

import base64
import hmac
import json
from collections.abc import Mapping
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from polycopy.emulator.book import book_summary
from polycopy.emulator.heartbeats import StaleHeartbeat
from polycopy.emulator.state import (
    ApiKey,
    EmulatorState,
    Market,
    Order,
    OrderStatus,
    Placement,
    RequestRefused,
    Trade,
    Wallet,
)
from polycopy.emulator.wire import JSONResponse, error, number
from polycopy.kit.money import micros_str
from polycopy.venues.polymarket.amounts import Side
from polycopy.venues.polymarket.auth import hmac_signature, recover_l1_signer

MAX_BATCH_ORDERS = 15
GEOBLOCK_MESSAGE = (
    "Trading restricted in your region, please refer to available regions - "
    "https://docs.polymarket.com/developers/CLOB/geoblock"
)
MAX_CANCEL_IDS = 1000
PAGE_SIZE = 500
INITIAL_CURSOR = "MA=="
END_CURSOR = "LTE="
_UNLIMITED = str(2**256 - 1)
#: ``/prices-history`` intervals and how far back each reaches (None: the whole history).
PRICE_HISTORY_INTERVALS: dict[str, int | None] = {
    "1h": 3600,
    "6h": 6 * 3600,
    "1d": 86400,
    "1w": 7 * 86400,
    "1m": 30 * 86400,
    "max": None,
    "all": None,
}
#: Bucket width (minutes) when ``fidelity`` is not given.
DEFAULT_FIDELITY_MIN = 1
#: Spenders the official client approves for CLOB V2 (exchange, neg-risk exchange, adapter).
_SPENDERS = (
    "0xE111180000d2663C0091e4f400237545B87B996B",
    "0xe2222d279d744050d28e00520010520000310F59",
    "0xadA2005600Dec949baf300f4C6120000bDB6eAab",
)


def clob_app(state: EmulatorState) -> Starlette:
    routes = _Routes(state)
    return Starlette(
        routes=[
            Route("/ok", routes.ok),
            Route("/time", routes.time),
            Route("/version", routes.version),
            Route("/book", routes.book),
            Route("/books", routes.books, methods=["POST"]),
            Route("/price", routes.price),
            Route("/midpoint", routes.midpoint),
            Route("/spread", routes.spread),
            Route("/last-trade-price", routes.last_trade_price),
            Route("/prices-history", routes.prices_history),
            Route("/tick-size", routes.tick_size),
            Route("/tick-size/{token_id}", routes.tick_size),
            Route("/neg-risk", routes.neg_risk),
            Route("/fee-rate", routes.fee_rate),
            Route("/markets-by-token/{token_id}", routes.market_by_token),
            Route("/clob-markets/{condition_id}", routes.clob_market),
            Route("/auth/api-key", routes.create_api_key, methods=["POST"]),
            Route("/auth/derive-api-key", routes.derive_api_key),
            Route("/order", routes.post_order, methods=["POST"]),
            Route("/orders", routes.post_orders, methods=["POST"]),
            Route("/order", routes.cancel_order, methods=["DELETE"]),
            Route("/orders", routes.cancel_orders, methods=["DELETE"]),
            Route("/cancel-all", routes.cancel_all, methods=["DELETE"]),
            Route("/cancel-market-orders", routes.cancel_market_orders, methods=["DELETE"]),
            Route("/v1/heartbeats", routes.heartbeat, methods=["POST"]),
            Route("/data/orders", routes.open_orders),
            Route("/data/order/{order_id}", routes.get_order),
            Route("/data/trades", routes.trades),
            Route("/balance-allowance", routes.balance_allowance),
            Route("/balance-allowance/update", routes.balance_allowance),
            Route("/auth/ban-status/closed-only", routes.closed_only),
        ],
        exception_handlers={RequestRefused: _refused},  # type: ignore[dict-item]
    )


def geoblock_app(state: EmulatorState) -> Starlette:
    """``polymarket.com/api/geoblock``: whether the caller's region may trade."""

    async def geoblock(_: Request) -> Response:
        access = state.access
        return JSONResponse(
            {
                "blocked": access.geoblocked,
                "ip": "127.0.0.1",
                "country": access.country,
                "region": access.region,
            }
        )

    return Starlette(routes=[Route("/api/geoblock", geoblock)])


def access_admin_routes(state: EmulatorState) -> list[Route]:
    """``POST /admin/access``: region block, closed-only, allowances and wallet links.

    Body (every key optional): ``{"geoblocked": true, "country": "US", "region": "NY",
    "closed_only": {"0xsigner": true}, "approved": {"0xwallet": false},
    "funders": [{"signer": "0x…", "signature_type": 1, "wallet": "0x…"}]}``.
    """

    async def update(request: Request) -> Response:
        try:
            body = json.loads(await request.body())
            access = state.access
            if "geoblocked" in body:
                access.geoblocked = bool(body["geoblocked"])
            access.country = str(body.get("country", access.country))
            access.region = str(body.get("region", access.region))
            for address, restricted in dict(body.get("closed_only", {})).items():
                _toggle(access.closed_only, address.lower(), add=bool(restricted))
            for address, approved in dict(body.get("approved", {})).items():
                _toggle(access.unapproved, address.lower(), add=not approved)
            for link in body.get("funders", []):
                signer = str(link["signer"]).lower()
                access.funders[(signer, int(link["signature_type"]))] = str(link["wallet"]).lower()
        except (ValueError, KeyError, TypeError, AttributeError):
            return error("invalid access update", 400)
        return JSONResponse({"geoblocked": access.geoblocked})

    return [Route("/access", update, methods=["POST"])]


def _toggle(members: set[str], item: str, *, add: bool) -> None:
    if add:
        members.add(item)
    else:
        members.discard(item)


async def _refused(_: Request, exc: RequestRefused) -> Response:
    return error(exc.message, exc.status)


class _Routes:
    def __init__(self, state: EmulatorState) -> None:
        self.state = state

    # --- public market data -------------------------------------------------------------

    async def ok(self, _: Request) -> Response:
        return JSONResponse("OK")

    async def time(self, _: Request) -> Response:
        return JSONResponse(int(self.state.now()))

    async def version(self, _: Request) -> Response:
        return JSONResponse({"version": 2})

    async def book(self, request: Request) -> Response:
        token_id, market = self._token(request.query_params.get("token_id"))
        return JSONResponse(self._summary(token_id, market))

    async def books(self, request: Request) -> Response:
        items = await _json_body(request)
        if not isinstance(items, list):
            raise RequestRefused("Invalid payload", 400)
        summaries = []
        for item in items:
            raw = item.get("token_id") if isinstance(item, Mapping) else None
            token_id, market = self._token(None if raw is None else str(raw))
            summaries.append(self._summary(token_id, market))
        return JSONResponse(summaries)

    async def price(self, request: Request) -> Response:
        token_id, _ = self._token(request.query_params.get("token_id"))
        side = request.query_params.get("side", "").upper()
        if side not in ("BUY", "SELL"):
            raise RequestRefused("Invalid side", 400)
        # As documented: BUY reads the best bid, SELL the best ask.
        best = self.state.books[token_id].best(Side[side])
        if best is None:
            raise RequestRefused("No orderbook exists for the requested token id", 404)
        return JSONResponse({"price": number(best)})

    async def midpoint(self, request: Request) -> Response:
        token_id, _ = self._token(request.query_params.get("token_id"))
        mid = self.state.midpoint(token_id)
        if mid is None:
            raise RequestRefused("No orderbook exists for the requested token id", 404)
        return JSONResponse({"mid": micros_str(mid)})

    async def spread(self, request: Request) -> Response:
        token_id, _ = self._token(request.query_params.get("token_id"))
        book = self.state.books[token_id]
        bid, ask = book.best(Side.BUY), book.best(Side.SELL)
        if bid is None or ask is None:
            raise RequestRefused("No orderbook exists for the requested token id", 404)
        return JSONResponse({"spread": micros_str(ask - bid)})

    async def last_trade_price(self, request: Request) -> Response:
        """The last fill's price and taker side; 0.5 and ``""`` before the first trade."""
        token_id, _ = self._token(request.query_params.get("token_id"))
        trades = self.state.token_trades.get(token_id)
        side = trades[-1].side.name if trades else ""
        return JSONResponse(
            {"price": micros_str(self.state.last_trade_price[token_id]), "side": side}
        )

    async def prices_history(self, request: Request) -> Response:
        """``{"history": [{"t", "p"}]}``: the last fill price of each ``fidelity``-minute
        bucket (``t`` = bucket start) inside ``[startTs, endTs]`` or the ``interval`` ending
        now. Buckets without a fill are left out."""
        q = request.query_params
        raw_token = q.get("market", "")
        if not raw_token:
            raise RequestRefused("market is required", 400)
        if not raw_token.isdigit():
            raise RequestRefused("Invalid token id", 400)
        start, end = self._history_window(q.get("interval"), q.get("startTs"), q.get("endTs"))
        raw_fidelity = q.get("fidelity")
        if raw_fidelity is None or raw_fidelity == "":
            fidelity = DEFAULT_FIDELITY_MIN
        elif raw_fidelity.isdigit() and int(raw_fidelity) > 0:
            fidelity = int(raw_fidelity)
        else:
            raise RequestRefused(f"invalid fidelity: {raw_fidelity}", 400)
        width = fidelity * 60
        buckets: dict[int, int] = {}
        for trade in self.state.token_trades.get(int(raw_token), []):
            if start <= trade.match_time <= end:
                buckets[trade.match_time - trade.match_time % width] = trade.price
        history = [{"t": t, "p": number(p)} for t, p in sorted(buckets.items())]
        return JSONResponse({"history": history})

    def _history_window(
        self, interval: str | None, raw_start: str | None, raw_end: str | None
    ) -> tuple[int, int]:
        start, end = _int_param(raw_start), _int_param(raw_end)
        now = int(self.state.now())
        if interval is not None and interval != "":
            if start is not None or end is not None:
                raise RequestRefused("startTs/endTs and interval are mutually exclusive", 400)
            if interval not in PRICE_HISTORY_INTERVALS:
                valid = ", ".join(PRICE_HISTORY_INTERVALS)
                raise RequestRefused(f"invalid interval: {interval} (one of {valid})", 400)
            span = PRICE_HISTORY_INTERVALS[interval]
            return (0 if span is None else now - span), now
        if start is None:
            raise RequestRefused("interval or startTs is required", 400)
        end = now if end is None else end
        if start > end:
            raise RequestRefused("startTs must not be after endTs", 400)
        return start, end

    async def tick_size(self, request: Request) -> Response:
        _, market = self._token(_token_param(request))
        return JSONResponse({"minimum_tick_size": number(market.tick_size)})

    async def neg_risk(self, request: Request) -> Response:
        _, market = self._token(_token_param(request))
        return JSONResponse({"neg_risk": market.neg_risk})

    async def fee_rate(self, request: Request) -> Response:
        _, market = self._token(_token_param(request))
        return JSONResponse({"base_fee": market.fee_rate_bps})

    async def market_by_token(self, request: Request) -> Response:
        _, market = self._token(_token_param(request))
        return JSONResponse({"condition_id": market.condition_id})

    async def clob_market(self, request: Request) -> Response:
        market = self.state.markets.get(request.path_params["condition_id"])
        if market is None:
            raise RequestRefused("market not found", 404)
        body: dict[str, object] = {
            "c": market.condition_id,
            "t": [{"t": str(token), "o": outcome} for token, outcome in market.tokens],
            "mts": number(market.tick_size),
            "mos": number(market.min_order_size),
            "mbf": 0,
            "tbf": market.fee_rate_bps,
            "fd": {"r": number(market.fee_rate_bps * 100), "e": 1, "to": True},
        }
        if market.neg_risk:
            body["nr"] = True
        return JSONResponse(body)

    # --- L1 ----------------------------------------------------------------------------------

    async def create_api_key(self, request: Request) -> Response:
        address, nonce = _l1(request)
        return _creds(self.state.create_api_key(address, nonce))

    async def derive_api_key(self, request: Request) -> Response:
        address, nonce = _l1(request)
        return _creds(self.state.derive_api_key(address, nonce))

    # --- L2 ----------------------------------------------------------------------------------

    async def post_order(self, request: Request) -> Response:
        key, body = await self._l2(request)
        self._refuse_blocked_region()
        if not isinstance(body, Mapping):
            raise RequestRefused("Invalid order payload", 400)
        return JSONResponse(_placement(self.state.submit_signed_order(body, key)))

    async def post_orders(self, request: Request) -> Response:
        key, body = await self._l2(request)
        self._refuse_blocked_region()
        if not isinstance(body, list) or not all(isinstance(b, Mapping) for b in body):
            raise RequestRefused("Invalid order payload", 400)
        if len(body) > MAX_BATCH_ORDERS:
            raise RequestRefused(f"Too many orders in payload, max is {MAX_BATCH_ORDERS}", 400)
        responses: list[dict[str, object]] = []
        for item in body:
            try:
                responses.append(_placement(self.state.submit_signed_order(item, key)))
            except RequestRefused as exc:
                responses.append(_rejection(exc.message))
        return JSONResponse(responses)

    async def cancel_order(self, request: Request) -> Response:
        key, body = await self._l2(request)
        order_id = body.get("orderID") if isinstance(body, Mapping) else None
        if not isinstance(order_id, str):
            raise RequestRefused("Invalid orderID", 400)
        return self._cancel([order_id], key)

    async def cancel_orders(self, request: Request) -> Response:
        key, body = await self._l2(request)
        if not isinstance(body, list) or not all(isinstance(i, str) for i in body):
            raise RequestRefused("Invalid payload", 400)
        if len(body) > MAX_CANCEL_IDS:
            raise RequestRefused(f"Too many orders to cancel, max is {MAX_CANCEL_IDS}", 400)
        return self._cancel(body, key)

    async def cancel_all(self, request: Request) -> Response:
        key, _ = await self._l2(request)
        live = [o.order_id for o in self.state.orders_signed_by(key.address) if _is_live(o)]
        return self._cancel(live, key)

    async def cancel_market_orders(self, request: Request) -> Response:
        key, body = await self._l2(request)
        market = str((body or {}).get("market", ""))
        asset_id = str((body or {}).get("asset_id", ""))
        live = [
            o.order_id
            for o in self.state.orders_signed_by(key.address)
            if _is_live(o)
            and (not market or o.market.condition_id == market)
            and (not asset_id or str(o.token_id) == asset_id)
        ]
        return self._cancel(live, key)

    async def heartbeat(self, request: Request) -> Response:
        key, body = await self._l2(request)
        sent = (body or {}).get("heartbeat_id", "")
        if not isinstance(sent, str):
            raise RequestRefused("Invalid heartbeat_id", 400)
        try:
            current = self.state.heartbeats.beat(key.api_key, sent, self.state.now())
        except StaleHeartbeat as stale:
            return JSONResponse(
                {"error": "Invalid heartbeat id", "heartbeat_id": stale.current}, status_code=400
            )
        return JSONResponse({"heartbeat_id": current})

    async def open_orders(self, request: Request) -> Response:
        key, _ = await self._l2(request)
        q = request.query_params
        orders = [
            _open_order(o)
            for o in self.state.orders_signed_by(key.address)
            if _is_live(o)
            and q.get("id", o.order_id) == o.order_id
            and q.get("market", o.market.condition_id) == o.market.condition_id
            and q.get("asset_id", str(o.token_id)) == str(o.token_id)
        ]
        return JSONResponse(_page(orders, q.get("next_cursor")))

    async def get_order(self, request: Request) -> Response:
        key, _ = await self._l2(request)
        self.state.expire_orders()  # a GTD order past its expiration shows as cancelled
        order = self.state.orders.get(request.path_params["order_id"])
        if order is None or order.signer != key.address:
            raise RequestRefused("order not found", 404)
        return JSONResponse(_open_order(order))

    async def trades(self, request: Request) -> Response:
        key, _ = await self._l2(request)
        q = request.query_params
        seen: dict[str, Trade] = {}
        for order in self.state.orders_signed_by(key.address):
            for trade_id in order.trade_ids:
                seen[trade_id] = self.state.trades[trade_id]
        after, before = _int_param(q.get("after")), _int_param(q.get("before"))
        maker_address = q.get("maker_address", "").lower()
        rows = [
            trade_row(t, key.address)
            for t in sorted(seen.values(), key=lambda t: t.seq, reverse=True)
            if q.get("id", t.trade_id) == t.trade_id
            and q.get("market", t.market.condition_id) == t.market.condition_id
            and q.get("asset_id", str(t.token_id)) == str(t.token_id)
            and (not maker_address or maker_address in (t.taker_order.maker, t.maker_order.maker))
            and (after is None or t.match_time >= after)
            and (before is None or t.match_time <= before)
        ]
        return JSONResponse(_page(rows, q.get("next_cursor")))

    async def balance_allowance(self, request: Request) -> Response:
        """For signature type 0 the signer's own wallet; otherwise the wallet linked to the
        signer for that type (the real CLOB derives the proxy/Safe/deposit wallet)."""
        key, _ = await self._l2(request)
        asset_type = request.query_params.get("asset_type", "COLLATERAL").upper()
        signature_type = _int_param(request.query_params.get("signature_type")) or 0
        access = self.state.access
        address = (
            key.address
            if signature_type == 0
            else access.funders.get((key.address, signature_type), "")
        )
        wallet = self.state.wallet(address) if address else Wallet("")
        if asset_type == "COLLATERAL":
            balance = wallet.pusd
        elif asset_type == "CONDITIONAL":
            token_id, _ = self._token(request.query_params.get("token_id"))
            balance = wallet.positions.get(token_id, 0)
        else:
            raise RequestRefused("Invalid asset_type", 400)
        allowance = "0" if not address or address in access.unapproved else _UNLIMITED
        return JSONResponse(
            {"balance": str(balance), "allowances": dict.fromkeys(_SPENDERS, allowance)}
        )

    async def closed_only(self, request: Request) -> Response:
        key, _ = await self._l2(request)
        return JSONResponse({"closed_only": key.address in self.state.access.closed_only})

    # --- helpers -----------------------------------------------------------------------------

    def _refuse_blocked_region(self) -> None:
        if self.state.access.geoblocked:
            raise RequestRefused(GEOBLOCK_MESSAGE, 403)

    def _token(self, raw: str | None) -> tuple[int, Market]:
        if not raw or not raw.isdigit():
            raise RequestRefused("Invalid token id", 400)
        token_id = int(raw)
        market = self.state.market_for_token(token_id)
        if market is None:
            raise RequestRefused("No orderbook exists for the requested token id", 404)
        return token_id, market

    def _summary(self, token_id: int, market: Market) -> dict[str, object]:
        return book_summary(
            self.state.books[token_id],
            market=market.condition_id,
            asset_id=str(token_id),
            timestamp_ms=int(self.state.now() * 1000),
            min_order_size=market.min_order_size,
            tick_size=market.tick_size,
            neg_risk=market.neg_risk,
            last_trade_price=self.state.last_trade_price[token_id],
        )

    async def _l2(self, request: Request) -> tuple[ApiKey, Any]:
        """Authenticate an L2 request; returns the key and the parsed JSON body (or None)."""
        headers = request.headers
        raw = (await request.body()).decode("utf-8", errors="replace")
        key = self.state.api_keys.get(headers.get("POLY_API_KEY", ""))
        path = request.scope["path"].removeprefix(request.scope.get("root_path", ""))
        if (
            key is None
            or headers.get("POLY_ADDRESS", "").lower() != key.address
            or not _same(headers.get("POLY_PASSPHRASE", ""), key.passphrase)
            or not _same(
                headers.get("POLY_SIGNATURE", ""),
                hmac_signature(
                    key.secret, headers.get("POLY_TIMESTAMP", ""), request.method, path, raw
                ),
            )
        ):
            raise RequestRefused("Unauthorized/Invalid api key", 401)
        self._expire_heartbeats()
        if not raw:
            return key, None
        try:
            return key, json.loads(raw)
        except ValueError:
            raise RequestRefused("Invalid payload", 400) from None

    def _expire_heartbeats(self) -> None:
        """Cancel every open order of the API keys whose heartbeat lapsed."""
        for api_key in self.state.heartbeats.expired(self.state.now()):
            lapsed = self.state.api_keys[api_key]
            live = [o.order_id for o in self.state.orders_signed_by(lapsed.address) if _is_live(o)]
            self.state.cancel(live, lapsed.address)

    def _cancel(self, order_ids: list[str], key: ApiKey) -> Response:
        canceled, not_canceled = self.state.cancel(order_ids, key.address)
        return JSONResponse({"canceled": canceled, "not_canceled": not_canceled})


def _same(given: str, expected: str) -> bool:
    """Constant-time comparison that also accepts non-ASCII header text."""
    return hmac.compare_digest(given.encode(), expected.encode())


def _l1(request: Request) -> tuple[str, int]:
    """The signer proven by the L1 headers and the key nonce it asks for."""
    try:
        signer = recover_l1_signer(request.headers)
        nonce = int(request.headers.get("POLY_NONCE", "0"))
    except ValueError:
        raise RequestRefused("Invalid L1 Request headers", 401) from None
    return signer, nonce


async def _json_body(request: Request) -> Any:
    try:
        return json.loads(await request.body())
    except ValueError:
        raise RequestRefused("Invalid payload", 400) from None


def _token_param(request: Request) -> str | None:
    return request.path_params.get("token_id") or request.query_params.get("token_id")


def _int_param(raw: str | None) -> int | None:
    if raw is None or raw == "":
        return None
    if not raw.isdigit():
        raise RequestRefused(f"Invalid timestamp: {raw}", 400)
    return int(raw)


def _creds(key: ApiKey) -> Response:
    return JSONResponse({"apiKey": key.api_key, "secret": key.secret, "passphrase": key.passphrase})


def _is_live(order: Order) -> bool:
    return order.status is OrderStatus.LIVE


def _page(rows: list[dict[str, object]], cursor: str | None) -> dict[str, object]:
    """The CLOB's offset cursor: base64 of the offset, ``LTE=`` (base64 "-1") at the end."""
    try:
        offset = int(base64.b64decode(cursor or INITIAL_CURSOR, validate=True))
    except ValueError:  # binascii.Error is a ValueError
        raise RequestRefused("Invalid next_cursor", 400) from None
    if offset < 0:
        offset = len(rows)
    data = rows[offset : offset + PAGE_SIZE]
    end = offset + len(data)
    next_cursor = base64.b64encode(str(end).encode()).decode() if end < len(rows) else END_CURSOR
    return {"limit": PAGE_SIZE, "count": len(data), "next_cursor": next_cursor, "data": data}


def _placement(placement: Placement) -> dict[str, object]:
    order = placement.order
    matched = bool(placement.trades)
    # Since 2026-07 matched FOK/FAK answers carry no hashes inline; clients poll /data/trades.
    hashes = (
        []
        if not order.order_type.rests
        else list(dict.fromkeys(t.transaction_hash for t in placement.trades))
    )
    return {
        "success": True,
        "errorMsg": "",
        "orderID": order.order_id,
        "status": "matched" if matched else "live",
        "makingAmount": micros_str(placement.making) if matched else "",
        "takingAmount": micros_str(placement.taking) if matched else "",
        "tradeIDs": [t.trade_id for t in placement.trades],
        "transactionsHashes": hashes,
    }


def _rejection(message: str) -> dict[str, object]:
    return {
        "success": False,
        "errorMsg": message,
        "orderID": "",
        "status": "",
        "makingAmount": "",
        "takingAmount": "",
        "tradeIDs": [],
        "transactionsHashes": [],
    }


def _open_order(order: Order) -> dict[str, object]:
    return {
        "id": order.order_id,
        "status": f"ORDER_STATUS_{order.status.value.upper()}",
        "owner": order.owner,
        "maker_address": order.maker,
        "market": order.market.condition_id,
        "asset_id": str(order.token_id),
        "side": order.side.name,
        "original_size": micros_str(order.original_size),
        "size_matched": micros_str(order.size_matched),
        "price": micros_str(order.price),
        "outcome": order.market.outcome(order.token_id)[1],
        "expiration": str(order.expiration),
        "order_type": order.order_type.value,
        "associate_trades": list(order.trade_ids),
        "created_at": order.created_at,
    }


def trade_row(trade: Trade, viewer: str) -> dict[str, object]:
    """A trade as ``/data/trades`` shows it: taker-order fields, the viewer's role, makers."""
    taker, maker = trade.taker_order, trade.maker_order
    outcome = trade.market.outcome(trade.token_id)[1]
    price, size = micros_str(trade.price), micros_str(trade.size)
    return {
        "id": trade.trade_id,
        "taker_order_id": taker.order_id,
        "market": trade.market.condition_id,
        "asset_id": str(trade.token_id),
        "side": trade.side.name,
        "size": size,
        "fee_rate_bps": str(trade.market.fee_rate_bps),
        "price": price,
        "status": "TRADE_STATUS_CONFIRMED",
        "match_time": str(trade.match_time),
        "last_update": str(trade.match_time),
        "outcome": outcome,
        "bucket_index": 0,
        "owner": taker.owner,
        "maker_address": taker.maker,
        "transaction_hash": trade.transaction_hash,
        "trader_side": "TAKER" if taker.signer == viewer else "MAKER",
        "maker_orders": [
            {
                "order_id": maker.order_id,
                "owner": maker.owner,
                "maker_address": maker.maker,
                "matched_amount": size,
                "price": price,
                "fee_rate_bps": "0",
                "asset_id": str(trade.token_id),
                "outcome": outcome,
                "side": maker.side.name,
            }
        ],
    }
