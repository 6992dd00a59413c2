"""Gamma: ``/markets`` (offset and keyset), ``/events`` (offset and keyset), ``/public-profile``.

Markets are the raw camelCase objects, JSON-string fields included. Errors use Gamma's
``{"type": ..., "error": ...}`` body: 422 for malformed parameters (as its validation layer
answers), 400 / 404 where the reference documents them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import TypeVar

from starlette.applications import Starlette
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from polycopy.emulator.portfolio import current_price
from polycopy.emulator.state import EmulatorState, GammaEvent, Market
from polycopy.emulator.wire import JSONResponse, number
from polycopy.kit.money import micros_str
from polycopy.venues.polymarket.amounts import Side
from polycopy.venues.polymarket.signing import checksum_address

DEFAULT_LIMIT = 100
KEYSET_DEFAULT_LIMIT = 20
KEYSET_MAX_LIMIT = 500
_T = TypeVar("_T")


class GammaError(Exception):
    def __init__(self, message: str, status: int = 422, kind: str = "validation error") -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.kind = kind


async def _gamma_error(_: Request, exc: GammaError) -> Response:
    return JSONResponse({"type": exc.kind, "error": exc.message}, status_code=exc.status)


def gamma_app(state: EmulatorState) -> Starlette:
    routes = _Routes(state)
    return Starlette(
        routes=[
            Route("/markets", routes.markets),
            Route("/markets/keyset", routes.markets_keyset),
            Route("/events", routes.events),
            Route("/events/keyset", routes.events_keyset),
            Route("/public-profile", routes.public_profile),
        ],
        exception_handlers={GammaError: _gamma_error},  # type: ignore[dict-item]
    )


def catalog_events(state: EmulatorState) -> list[GammaEvent]:
    """Declared events plus one implied per ``event_slug`` no event declares."""
    events = dict(state.gamma_events)
    for market in state.markets.values():
        if market.event_slug and market.event_slug not in events:
            events[market.event_slug] = GammaEvent(
                slug=market.event_slug,
                title=market.question,
                gamma_id=implied_event_id(market.event_slug),
                neg_risk=market.neg_risk,
                category=market.category,
                tags=market.tags,
            )
    return list(events.values())


def implied_event_id(slug: str) -> str:
    """A stable Gamma-style numeric id for an event nobody declared."""
    return str(int.from_bytes(hashlib.sha256(slug.encode()).digest()[:4]) % 9_000_000 + 1_000_000)


class _Routes:
    def __init__(self, state: EmulatorState) -> None:
        self.state = state

    async def markets(self, request: Request) -> Response:
        q = request.query_params
        limit = _int(q, "limit", DEFAULT_LIMIT, minimum=0)
        offset = _int(q, "offset", 0, minimum=0)
        found = self._markets(q)
        include_tags = _flag(q, "include_tag")
        return JSONResponse(
            [self._market(m, tags=include_tags) for m in found[offset : offset + limit]]
        )

    async def markets_keyset(self, request: Request) -> Response:
        q = request.query_params
        page, next_cursor = self._keyset("markets", q, self._markets(q))
        body: dict[str, object] = {
            "markets": [self._market(m, tags=_flag(q, "include_tag")) for m in page]
        }
        if next_cursor is not None:
            body["next_cursor"] = next_cursor
        return JSONResponse(body)

    async def events(self, request: Request) -> Response:
        q = request.query_params
        limit = _int(q, "limit", DEFAULT_LIMIT, minimum=0)
        offset = _int(q, "offset", 0, minimum=0)
        found = self._events(q)
        return JSONResponse([self._event(e) for e in found[offset : offset + limit]])

    async def events_keyset(self, request: Request) -> Response:
        q = request.query_params
        page, next_cursor = self._keyset("events", q, self._events(q))
        body: dict[str, object] = {"events": [self._event(e) for e in page]}
        if next_cursor is not None:
            body["next_cursor"] = next_cursor
        return JSONResponse(body)

    async def public_profile(self, request: Request) -> Response:
        raw = request.query_params.get("address", "")
        try:
            address = checksum_address(raw.lower()).lower()
        except ValueError:
            raise GammaError("invalid address", 400) from None
        wallet = self.state.wallets.get(address)
        if wallet is None or wallet.profile is None:
            raise GammaError("profile not found", 404, "not found error")
        profile = wallet.profile
        return JSONResponse(
            {
                "createdAt": profile.created_at or None,
                "proxyWallet": address,
                "profileImage": profile.profile_image or None,
                "displayUsernamePublic": bool(profile.name),
                "bio": profile.bio or None,
                "pseudonym": profile.pseudonym or None,
                "name": profile.name or None,
                "users": [{"id": _user_id(address), "creator": False, "mod": False}],
                "xUsername": profile.x_username or None,
                "verifiedBadge": profile.verified,
            }
        )

    # --- filters ---------------------------------------------------------------------------

    def _markets(self, q: QueryParams) -> list[Market]:
        conditions = _multi(q.getlist("condition_ids"))
        tokens = _multi(q.getlist("clob_token_ids"))
        slugs = _multi(q.getlist("slug"))
        ids = _multi(q.getlist("id"))
        tag = q.get("tag_slug", "").lower()
        closed = _flag(q, "closed") if "closed" in q else None
        return [
            m
            for m in self.state.markets.values()
            if (not conditions or m.condition_id.lower() in conditions)
            and (not tokens or any(str(t) in tokens for t, _ in m.tokens))
            and (not slugs or m.slug.lower() in slugs)
            and (not ids or m.gamma_id in ids)
            and (not tag or tag in {_slugify(t) for t in m.tags})
            and (closed is None or closed == (m.condition_id in self.state.resolutions))
        ]

    def _events(self, q: QueryParams) -> list[GammaEvent]:
        slugs = _multi(q.getlist("slug"))
        ids = _multi(q.getlist("id"))
        tag = q.get("tag_slug", "").lower()
        closed = _flag(q, "closed")
        return [
            e
            for e in catalog_events(self.state)
            if (not slugs or e.slug.lower() in slugs)
            and (not ids or e.gamma_id in ids)
            and (not tag or tag in {_slugify(t) for t in e.tags})
            and not closed  # emulated events are all open
        ]

    def _keyset(self, kind: str, q: QueryParams, rows: Sequence[_T]) -> tuple[list[_T], str | None]:
        """A keyset page: ``after_cursor`` is an opaque, signed position in the listing."""
        if "offset" in q:
            raise GammaError("offset is not allowed on keyset endpoints")
        limit = _int(q, "limit", KEYSET_DEFAULT_LIMIT, minimum=1)
        if limit > KEYSET_MAX_LIMIT:
            raise GammaError(f"limit must be at most {KEYSET_MAX_LIMIT}")
        start = 0
        if q.get("after_cursor"):
            payload = self.state.open_cursor(q["after_cursor"])
            try:
                cursor_kind, start = json.loads(payload or b"")
            except (ValueError, TypeError):
                raise GammaError("invalid after_cursor") from None
            if cursor_kind != kind or not isinstance(start, int):
                raise GammaError("invalid after_cursor")
        page = list(rows[start : start + limit])
        end = start + len(page)
        more = end < len(rows)
        return page, self.state.sign_cursor(json.dumps([kind, end]).encode()) if more else None

    # --- objects ---------------------------------------------------------------------------

    def _market(self, market: Market, *, tags: bool = False) -> dict[str, object]:
        state = self.state
        yes_token = market.tokens[0][0]
        book = state.books[yes_token]
        bid, ask = book.best(Side.BUY), book.best(Side.SELL)
        last = state.last_trade_price[yes_token]
        resolved = market.condition_id in state.resolutions
        prices = [current_price(state, token) for token, _ in market.tokens]
        fees = market.fee_rate_bps > 0
        event = next((e for e in catalog_events(state) if e.slug == market.event_slug), None)
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
            "closed": resolved,
            "archived": False,
            "acceptingOrders": not resolved,
            "umaResolutionStatus": "resolved" if resolved else None,
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
            "category": market.category or None,
            "feesEnabled": fees,
            "makerBaseFee": 0,
            "takerBaseFee": market.fee_rate_bps,
            "events": [
                {
                    "id": event.gamma_id if event else "",
                    "slug": market.event_slug,
                    "title": event.title if event else market.question,
                    "negRisk": event.neg_risk if event else market.neg_risk,
                }
            ],
        }
        if fees:
            body["feeSchedule"] = {
                "rate": number(market.fee_rate_bps * 100),
                "exponent": 1,
                "takerOnly": True,
                "rebateRate": 0,
            }
        if tags:
            body["tags"] = [_tag(t) for t in market.tags]
        return body

    def _event(self, event: GammaEvent) -> dict[str, object]:
        state = self.state
        markets = [m for m in state.markets.values() if m.event_slug == event.slug]
        volume = sum(state.volume.get(m.condition_id, 0) for m in markets)
        body: dict[str, object] = {
            "id": event.gamma_id,
            "ticker": event.slug,
            "slug": event.slug,
            "title": event.title,
            "description": event.description,
            "endDate": max((m.end_date for m in markets), default=None),
            "image": markets[0].icon if markets else "",
            "icon": markets[0].icon if markets else "",
            "active": True,
            "closed": False,
            "archived": False,
            "new": False,
            "featured": False,
            "restricted": False,
            "volume": number(volume),
            "category": event.category or None,
            "negRisk": event.neg_risk,
            "enableNegRisk": event.neg_risk,
            "tags": [_tag(t) for t in event.tags],
            "markets": [self._market(m) for m in markets],
        }
        if event.neg_risk:
            body["negRiskMarketID"] = "0x" + hashlib.sha256(event.slug.encode()).hexdigest()
        return body


def _tag(label: str) -> dict[str, str]:
    return {"id": implied_event_id("tag:" + label), "label": label, "slug": _slugify(label)}


def _slugify(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def _user_id(address: str) -> str:
    return str(int.from_bytes(hashlib.sha256(address.encode()).digest()[:4]))


def _multi(values: list[str]) -> set[str]:
    """Array params arrive repeated (``?a=1&a=2``); comma lists are accepted too."""
    return {v.strip().lower() for value in values for v in value.split(",") if v.strip()}


def _flag(q: QueryParams, name: str) -> bool:
    raw = q.get(name, "false").lower()
    if raw not in ("true", "false"):
        raise GammaError(f"{name} must be true or false")
    return raw == "true"


def _int(q: QueryParams, name: str, default: int, *, minimum: int) -> int:
    raw = q.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise GammaError(f"{name} must be an integer") from None
    if value < minimum:
        raise GammaError(f"{name} must be at least {minimum}")
    return value
