"""Gamma ``/markets``: the raw camelCase market object, JSON-string fields included."""

from __future__ import annotations

import json

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from polycopy.emulator.state import EmulatorState, Market
from polycopy.emulator.wire import JSONResponse, error, number
from polycopy.kit.money import micros_str
from polycopy.venues.polymarket.amounts import Side


def gamma_app(state: EmulatorState) -> Starlette:
    async def markets(request: Request) -> Response:
        q = request.query_params
        try:
            limit = int(q.get("limit", "100"))
            offset = int(q.get("offset", "0"))
        except ValueError:
            return error("limit and offset must be integers", 422)
        conditions = _multi(q.getlist("condition_ids"))
        tokens = _multi(q.getlist("clob_token_ids"))
        slugs = _multi(q.getlist("slug"))
        closed = q.get("closed", "false").lower() == "true"
        found = [
            m
            for m in state.markets.values()
            if (not conditions or m.condition_id.lower() in conditions)
            and (not tokens or any(str(t) in tokens for t, _ in m.tokens))
            and (not slugs or m.slug in slugs)
            and not closed  # emulated markets are all open
        ]
        return JSONResponse([_market(state, m) for m in found[offset : offset + limit]])

    return Starlette(routes=[Route("/markets", markets)])


def _multi(values: list[str]) -> set[str]:
    """Array params arrive repeated (``?a=1&a=2``); comma lists are accepted too."""
    return {v.strip().lower() for value in values for v in value.split(",") if v.strip()}


def _market(state: EmulatorState, market: Market) -> dict[str, object]:
    yes_token = market.tokens[0][0]
    book = state.books[yes_token]
    bid, ask = book.best(Side.BUY), book.best(Side.SELL)
    last = state.last_trade_price[yes_token]
    prices = [_price(state, token) for token, _ in market.tokens]
    fees = market.fee_rate_bps > 0
    body: dict[str, object] = {
        "id": market.gamma_id,
        "question": market.question,
        "conditionId": market.condition_id,
        "slug": market.slug,
        "description": market.question,
        "outcomes": json.dumps([name for _, name in market.tokens]),
        "outcomePrices": json.dumps([micros_str(p) for p in prices]),
        "clobTokenIds": json.dumps([str(token) for token, _ in market.tokens]),
        "active": True,
        "closed": False,
        "archived": False,
        "acceptingOrders": True,
        "enableOrderBook": True,
        "negRisk": market.neg_risk,
        "orderPriceMinTickSize": number(market.tick_size),
        "orderMinSize": number(market.min_order_size),
        "endDate": market.end_date,
        "endDateIso": market.end_date[:10],
        "volume": micros_str(state.volume.get(market.condition_id, 0)),
        "volumeNum": number(state.volume.get(market.condition_id, 0)),
        "lastTradePrice": number(last),
        "bestBid": number(bid) if bid is not None else None,
        "bestAsk": number(ask) if ask is not None else None,
        "spread": number(ask - bid) if bid is not None and ask is not None else None,
        "icon": market.icon,
        "image": market.icon,
        "feesEnabled": fees,
        "makerBaseFee": 0,
        "takerBaseFee": market.fee_rate_bps,
        "events": [{"slug": market.event_slug, "title": market.question}],
    }
    if fees:
        body["feeSchedule"] = {
            "rate": number(market.fee_rate_bps * 100),
            "exponent": 1,
            "takerOnly": True,
            "rebateRate": 0,
        }
    return body


def _price(state: EmulatorState, token_id: int) -> int:
    """Midpoint when both sides are quoted, else the last trade (as Gamma's outcomePrices)."""
    mid = state.midpoint(token_id)
    return state.last_trade_price[token_id] if mid is None else mid
