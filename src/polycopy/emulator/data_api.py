"""Data API surface: activity and trade feeds, positions, portfolio value and leaderboards.

v2 routes (``/v2/...``) answer ``{data, pagination}`` with signed opaque cursors and the
``{error, code, retryable, trace_id, parameter}`` error body; v1 routes answer bare arrays
with ``limit``/``offset`` caps and ``{"error": ...}``. Every view derives from the state's
activity log, which the matching code appends to for both sides of every fill, so what a
follower polls is exactly what the engine matched; the indexing-lag fault hides recent rows
from all of them alike (``portfolio.visible_until``).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from polycopy.emulator.gamma_api import catalog_events
from polycopy.emulator.portfolio import (
    Holding,
    Standing,
    current_price,
    holdings,
    percent,
    standings,
    visible,
    visible_until,
)
from polycopy.emulator.recorded_models import ACTIVITY_TYPES as ACTIVITY_TYPE_NAMES
from polycopy.emulator.state import Activity, EmulatorState, Market, Profile
from polycopy.emulator.wire import JSONResponse, number
from polycopy.kit.money import MICRO, MoneyError, to_micros
from polycopy.venues.polymarket.signing import checksum_address

ACTIVITY_TYPES = frozenset(ACTIVITY_TYPE_NAMES)
_OPT_IN_TYPES = frozenset({"TIP"})
_FUNDING_TYPES = frozenset({"DEPOSIT", "WITHDRAWAL"})
V2_MAX_LIMIT = 1000
DEFAULT_LIMIT = 100
V1_MAX_LIMIT = 500
V1_MAX_OFFSET = 5000
V1_TRADES_MAX_LIMIT = 10_000
V1_TRADES_MAX_OFFSET = 10_000
V1_POSITIONS_MAX_OFFSET = 10_000
V1_TITLE_MAX = 100
V2_TITLE_MAX = 200
LEADERBOARD_V1_MAX_LIMIT = 50
LEADERBOARD_V1_DEFAULT_LIMIT = 25
LEADERBOARD_V1_MAX_OFFSET = 1000
MAX_CONDITIONS = 20
#: v2 positions hide dust below this many shares by default.
_DUST_FLOOR = 100_000
_THREE_YEARS_S = 3 * 365 * 24 * 3600
_ONE_DAY_S = 24 * 3600
_PERIODS = {"DAY": _ONE_DAY_S, "WEEK": 7 * _ONE_DAY_S, "MONTH": 30 * _ONE_DAY_S, "ALL": None}
_CATEGORIES = frozenset(
    {
        "OVERALL",
        "POLITICS",
        "SPORTS",
        "ESPORTS",
        "CRYPTO",
        "CULTURE",
        "MENTIONS",
        "WEATHER",
        "ECONOMICS",
        "TECH",
        "FINANCE",
    }
)
_CAMEL_RE = re.compile(r"([a-z])([A-Z])")

#: v2 (snake_case) row keys and their v1 (camelCase) names; v1 calls the token ``asset``.
_V1_KEYS = {
    "proxy_wallet": "proxyWallet",
    "timestamp": "timestamp",
    "condition_id": "conditionId",
    "type": "type",
    "size": "size",
    "usdc_size": "usdcSize",
    "transaction_hash": "transactionHash",
    "price": "price",
    "token_id": "asset",
    "side": "side",
    "outcome_index": "outcomeIndex",
    "title": "title",
    "slug": "slug",
    "icon": "icon",
    "event_slug": "eventSlug",
    "outcome": "outcome",
    "name": "name",
    "pseudonym": "pseudonym",
    "bio": "bio",
    "profile_image": "profileImage",
    "profile_image_optimized": "profileImageOptimized",
}
_TRADE_KEYS = (
    "proxy_wallet",
    "side",
    "token_id",
    "condition_id",
    "size",
    "price",
    "timestamp",
    "title",
    "slug",
    "icon",
    "event_slug",
    "outcome",
    "outcome_index",
    "name",
    "pseudonym",
    "bio",
    "profile_image",
    "profile_image_optimized",
    "transaction_hash",
)


class DataApiError(Exception):
    """A v2 error; rendered as ``{error, code, retryable, trace_id, parameter}``."""

    def __init__(self, message: str, parameter: str | None = None, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.parameter = parameter
        self.status = status


class V1Error(Exception):
    """A v1 error; rendered as ``{"error": message}``."""


@dataclass(frozen=True, slots=True)
class _RowFilter:
    """The filters every activity feed shares: types, side, markets and a time window."""

    types: frozenset[str]
    side: str | None
    conditions: frozenset[str] | None
    start: int
    end: int

    def __call__(self, row: Activity) -> bool:
        return (
            row.type in self.types
            and (self.side is None or (row.side is not None and row.side.name == self.side))
            and (self.conditions is None or row.market.condition_id in self.conditions)
            and self.start <= row.timestamp <= self.end
        )


@dataclass(frozen=True, slots=True)
class _Cursor:
    timestamp: int
    seq: int
    ascending: bool
    limit: int
    offset: int


@dataclass(frozen=True, slots=True)
class _Position:
    """A holding with the figures every positions view sorts and renders."""

    wallet: str
    holding: Holding
    price: int
    value: int

    @property
    def unrealized(self) -> int:
        return self.value - self.holding.cost


Handler = Callable[[Request], Awaitable[Response]]


def data_app(state: EmulatorState) -> Starlette:
    routes = _Routes(state)
    return Starlette(
        routes=[
            Route("/v2/activity", routes.v2_activity),
            Route("/v2/trades", routes.v2_trades),
            Route("/v2/positions", routes.v2_positions),
            Route("/v2/value", routes.v2_value),
            Route("/v2/leaderboard", routes.v2_leaderboard),
            Route("/activity", _v1(routes.v1_activity)),
            Route("/trades", _v1(routes.v1_trades)),
            Route("/positions", _v1(routes.v1_positions)),
            Route("/value", _v1(routes.v1_value)),
            Route("/v1/leaderboard", _v1(routes.v1_leaderboard)),
        ],
        exception_handlers={
            DataApiError: _v2_error,  # type: ignore[dict-item]
            V1Error: _v1_error,  # type: ignore[dict-item]
        },
    )


def _v1(handler: Handler) -> Handler:
    """v1 routes share the v2 parameter parsing but answer errors as ``{"error": ...}``."""

    async def wrapped(request: Request) -> Response:
        try:
            return await handler(request)
        except DataApiError as exc:
            raise V1Error(exc.message) from None

    return wrapped


def _respond(body: object, status: int = 200, trace_id: str | None = None) -> Response:
    trace_id = trace_id or uuid.uuid4().hex
    return JSONResponse(body, status_code=status, headers={"x-trace-id": trace_id})


async def _v2_error(_: Request, exc: DataApiError) -> Response:
    trace_id = uuid.uuid4().hex
    body = {
        "error": exc.message,
        "code": "invalid_request" if exc.status == 400 else "internal",
        "retryable": False,
        "trace_id": trace_id,
        "parameter": exc.parameter,
    }
    return _respond(body, exc.status, trace_id)


async def _v1_error(_: Request, exc: V1Error) -> Response:
    return _respond({"error": str(exc)}, 400)


class _Routes:
    def __init__(self, state: EmulatorState) -> None:
        self.state = state

    # --- feeds -----------------------------------------------------------------------------

    async def v2_activity(self, request: Request) -> Response:
        q = _v2_params(request)
        user = _required_user(q.get("user"))
        if q.get("sort_by", "TIMESTAMP").upper() != "TIMESTAMP":
            raise DataApiError("sort_by only supports TIMESTAMP", "sort_by")
        direction = q.get("sort_direction", "DESC").upper()
        if direction not in ("ASC", "DESC"):
            raise DataApiError("sort_direction must be ASC or DESC", "sort_direction")
        keep = _RowFilter(
            _types(q.get("type"), _flag(q.get("exclude_deposits_withdrawals"), True)),
            _side(q.get("side")),
            self._markets_filter(q.get("condition") or q.get("condition_id"), q.get("event_id")),
            *self._window(q),
        )
        rows = [r for r in self._visible(self.state.wallet_activity(user)) if keep(r)]
        data, pagination = self._keyset(rows, q, ascending=direction == "ASC")
        return _respond({"data": [self._activity_row(r) for r in data], "pagination": pagination})

    async def v2_trades(self, request: Request) -> Response:
        q = _v2_params(request)
        user = _user(q.get("user"))
        taker_only = _flag(q.get("taker_only"), True)
        conditions = self._markets_filter(
            q.get("condition") or q.get("condition_id"), q.get("event_id")
        )
        filter_type = q.get("filter_type", "TOKENS").upper()
        if filter_type not in ("TOKENS", "CASH"):
            raise DataApiError("filter_type must be TOKENS or CASH", "filter_type")
        minimum = _micros_param(q.get("filter_amount", "0.01"), "filter_amount")
        if user is not None:
            window = self._window(q)
            source: Iterable[Activity] = self.state.wallet_activity(user)
        else:
            window = self._feed_window(conditions is not None)
            source = self.state.activity
        keep = _RowFilter(frozenset({"TRADE"}), _side(q.get("side")), conditions, *window)
        rows = [
            r
            for r in self._visible(source)
            if keep(r)
            and (r.taker or not taker_only)
            and (r.usdc_size if filter_type == "CASH" else r.size) >= minimum
        ]
        data, pagination = self._keyset(rows, q, ascending=False)
        return _respond({"data": [self._trade_row(r) for r in data], "pagination": pagination})

    async def v1_activity(self, request: Request) -> Response:
        q = request.query_params
        sort_keys: dict[str, Callable[[Activity], tuple[int, int]]] = {
            "TIMESTAMP": lambda r: (r.timestamp, r.seq),
            "TOKENS": lambda r: (r.size, r.seq),
            "CASH": lambda r: (r.usdc_size, r.seq),
        }
        user = _required_user(q.get("user"))
        limit = min(_int(q.get("limit"), DEFAULT_LIMIT, "limit", 0), V1_MAX_LIMIT)
        offset = _int(q.get("offset"), 0, "offset", 0)
        keep = _RowFilter(
            _types(q.get("type"), _flag(q.get("excludeDepositsWithdrawals"), True)),
            _side(q.get("side")),
            self._markets_filter(q.get("market"), q.get("eventId")),
            *self._window(q),
        )
        if offset > V1_MAX_OFFSET:
            raise V1Error(f"offset must be at most {V1_MAX_OFFSET}; page with start/end instead")
        sort_by = q.get("sortBy", "TIMESTAMP").upper()
        if sort_by not in sort_keys:
            raise V1Error("sortBy must be TIMESTAMP, TOKENS or CASH")
        rows = sorted(
            (r for r in self._visible(self.state.wallet_activity(user)) if keep(r)),
            key=sort_keys[sort_by],
            reverse=_direction(q.get("sortDirection")) == "DESC",
        )
        page = rows[offset : offset + limit]
        return _respond([_v1_row(self._activity_row(r)) for r in page])

    async def v1_trades(self, request: Request) -> Response:
        q = request.query_params
        user = _user(q.get("user"))
        limit = min(_int(q.get("limit"), DEFAULT_LIMIT, "limit", 0), V1_TRADES_MAX_LIMIT)
        offset = _int(q.get("offset"), 0, "offset", 0)
        if offset > V1_TRADES_MAX_OFFSET:
            raise V1Error(f"offset must be at most {V1_TRADES_MAX_OFFSET}")
        filter_type, filter_amount = q.get("filterType"), q.get("filterAmount")
        if (filter_type is None) != (filter_amount is None):
            raise V1Error("filterType and filterAmount must be sent together")
        minimum = 0
        if filter_type is not None and filter_amount is not None:
            if filter_type.upper() not in ("CASH", "TOKENS"):
                raise V1Error("filterType must be CASH or TOKENS")
            minimum = _micros_param(filter_amount, "filterAmount")
        cash = (filter_type or "").upper() == "CASH"
        taker_only = _flag(q.get("takerOnly"), True)
        conditions = self._markets_filter(q.get("market"), q.get("eventId"))
        start, end = self._window(q)
        if user is None:  # market and global feeds keep the 3-year floor
            start = max(start, int(self.state.now()) - _THREE_YEARS_S)
        keep = _RowFilter(frozenset({"TRADE"}), _side(q.get("side")), conditions, start, end)
        source = self.state.wallet_activity(user) if user else self.state.activity
        rows = sorted(
            (
                r
                for r in self._visible(source)
                if keep(r)
                and (r.taker or not taker_only)
                and (r.usdc_size if cash else r.size) >= minimum
            ),
            key=lambda r: (r.timestamp, r.seq),
            reverse=True,
        )
        return _respond([_v1_row(self._trade_row(r)) for r in rows[offset : offset + limit]])

    # --- positions and value -----------------------------------------------------------------

    async def v1_positions(self, request: Request) -> Response:
        q = request.query_params
        user = _required_user(q.get("user"))
        conditions = self._markets_filter(q.get("market"), q.get("eventId"))
        threshold = _micros_param(q.get("sizeThreshold", "1"), "sizeThreshold")
        limit = min(_int(q.get("limit"), DEFAULT_LIMIT, "limit", 0), V1_MAX_LIMIT)
        offset = _int(q.get("offset"), 0, "offset", 0)
        if offset > V1_POSITIONS_MAX_OFFSET:
            raise V1Error(f"offset must be at most {V1_POSITIONS_MAX_OFFSET}")
        title = _title(q.get("title"), V1_TITLE_MAX)
        sort_keys: dict[str, Callable[[_Position], Any]] = {
            "CURRENT": lambda p: p.value,
            "INITIAL": lambda p: p.holding.cost,
            "TOKENS": lambda p: p.holding.size,
            "CASHPNL": lambda p: p.unrealized,
            "PERCENTPNL": lambda p: percent(p.unrealized, p.holding.cost),
            "TITLE": lambda p: p.holding.market.question,
            "RESOLVING": lambda p: p.holding.market.end_date,
            "PRICE": lambda p: p.price,
            "AVGPRICE": lambda p: p.holding.avg_price,
        }
        sort_by = q.get("sortBy", "TOKENS").upper()
        if sort_by not in sort_keys:
            raise V1Error(f"sortBy must be one of {', '.join(sort_keys)}")
        redeemable = _flag(q.get("redeemable"), False)
        mergeable = _flag(q.get("mergeable"), False)
        found = [
            p
            for p in self._positions([user], conditions)
            if p.holding.size > 0
            and p.holding.size >= threshold
            and (title is None or title in p.holding.market.question.lower())
            and (not redeemable or self._resolved(p))
            and (not mergeable or self._mergeable(p))
        ]
        found.sort(key=lambda p: p.holding.token_id)
        found.sort(key=sort_keys[sort_by], reverse=_direction(q.get("sortDirection")) == "DESC")
        return _respond([self._position_v1(p) for p in found[offset : offset + limit]])

    async def v2_positions(self, request: Request) -> Response:
        q = _v2_params(request)
        if "offset" in q:
            raise DataApiError("offset is not supported; follow next_cursor", "offset")
        user = _user(q.get("user"))
        raw_conditions = q.get("condition") or q.get("condition_id")
        conditions = _conditions(raw_conditions)
        if user is None and conditions is None:
            raise DataApiError("user or condition is required", "user")
        if user is None and conditions is not None and len(conditions) != 1:
            raise DataApiError("without user, condition takes exactly one id", "condition")
        bound = {
            "status": q.get("status", "").upper(),
            "sort_by": q.get("sort_by", "").upper(),
            "sort_direction": q.get("sort_direction", "").upper(),
            "anchor": f"{user or ''}|{','.join(sorted(conditions or ()))}",
        }
        limit, offset, bound = self._offset_cursor(q, "positions", bound)
        status = bound["status"] or "OPEN"
        statuses = ("OPEN", "REDEEMABLE", "REDEEMABLE_LOST", "MERGEABLE", "CLOSED")
        if status not in statuses:
            raise DataApiError(f"status must be one of {', '.join(statuses)}", "status")
        if user is None and status in ("REDEEMABLE_LOST", "MERGEABLE"):
            raise DataApiError(f"status {status} needs user", "status")
        if _flag(q.get("include_archived"), False) and status == "CLOSED":
            raise DataApiError("include_archived is not supported with CLOSED", "include_archived")
        event_ids = q.get("event_id")
        if event_ids and user is None:
            raise DataApiError("event_id needs user", "event_id")
        if event_ids:
            conditions = self._markets_filter(raw_conditions, event_ids)
        title = _title(q.get("title"), V2_TITLE_MAX)
        filter_type = q.get("filter_type", "TOKENS").upper()
        if filter_type not in ("TOKENS", "CASH"):
            raise DataApiError("filter_type must be TOKENS or CASH", "filter_type")
        default_amount = "0.1" if filter_type == "TOKENS" else "0"
        minimum = _micros_param(q.get("filter_amount", default_amount), "filter_amount")
        cash = filter_type == "CASH"
        if not cash:
            minimum = max(minimum, _DUST_FLOOR)
        sort_keys: dict[str, Callable[[_Position], int]] = {
            "CURRENT_VALUE": lambda p: p.value,
            "PRICE": lambda p: p.price,
            "TOKENS": lambda p: p.holding.size,
            "UNREALIZED_PNL": lambda p: p.unrealized,
            "REALIZED_PNL": lambda p: p.holding.realized,
            "TOTAL_PNL": lambda p: p.holding.realized + p.unrealized,
            "TIMESTAMP": lambda p: p.holding.last_at,
        }
        sort_by = bound["sort_by"] or ("REALIZED_PNL" if status == "CLOSED" else "CURRENT_VALUE")
        if sort_by not in sort_keys:
            raise DataApiError(f"sort_by must be one of {', '.join(sort_keys)}", "sort_by")
        direction = bound["sort_direction"] or "DESC"
        if direction not in ("ASC", "DESC"):
            raise DataApiError("sort_direction must be ASC or DESC", "sort_direction")
        start = _int(q.get("start"), 0, "start", 0)
        end = _int(q.get("end"), 0, "end", 0)
        wallets = [user] if user else list(self.state.wallets)
        found = [
            p
            for p in self._positions(wallets, conditions)
            if self._status_matches(p, status)
            and (status == "CLOSED" or (p.value if cash else p.holding.size) >= minimum)
            and (title is None or title in p.holding.market.question.lower())
            and (not start or p.holding.last_at >= start)
            and (not end or p.holding.last_at <= end)
        ]
        found.sort(key=lambda p: (p.wallet, p.holding.token_id))
        found.sort(key=sort_keys[sort_by], reverse=direction == "DESC")
        page = found[offset : offset + limit]
        bound.update(status=status, sort_by=sort_by, sort_direction=direction)
        pagination = self._offset_pagination("positions", bound, limit, offset, len(found))
        return _respond({"data": [self._position_v2(p) for p in page], "pagination": pagination})

    async def v1_value(self, request: Request) -> Response:
        q = request.query_params
        user = _required_user(q.get("user"))
        value = sum(p.value for p in self._positions([user], _conditions(q.get("market"))))
        return _respond([{"user": user, "value": number(value)}])

    async def v2_value(self, request: Request) -> Response:
        q = _v2_params(request)
        user = _required_user(q.get("user"))
        conditions = _conditions(q.get("condition") or q.get("condition_id"))
        value = sum(p.value for p in self._positions([user], conditions))
        rounded = Decimal(value).scaleb(-6).quantize(Decimal("0.0001"))
        return _respond({"data": {"proxy_wallet": user, "value": rounded.normalize()}})

    # --- leaderboards ------------------------------------------------------------------------

    async def v1_leaderboard(self, request: Request) -> Response:
        q = request.query_params
        category = q.get("category", "OVERALL").upper()
        if category not in _CATEGORIES:
            raise V1Error(f"category must be one of {', '.join(sorted(_CATEGORIES))}")
        period = q.get("timePeriod", "DAY").upper()
        if period not in _PERIODS:
            raise V1Error("timePeriod must be DAY, WEEK, MONTH or ALL")
        order_by = q.get("orderBy", "PNL").upper()
        if order_by not in ("PNL", "VOL"):
            raise V1Error("orderBy must be PNL or VOL")
        limit = _int(q.get("limit"), LEADERBOARD_V1_DEFAULT_LIMIT, "limit", 1)
        if limit > LEADERBOARD_V1_MAX_LIMIT:
            raise V1Error(f"limit must be between 1 and {LEADERBOARD_V1_MAX_LIMIT}")
        offset = _int(q.get("offset"), 0, "offset", 0)
        if offset > LEADERBOARD_V1_MAX_OFFSET:
            raise V1Error(f"offset must be between 0 and {LEADERBOARD_V1_MAX_OFFSET}")
        ranked = self._ranked(category, period, by_volume=order_by == "VOL", shares=False)
        user = _user(q.get("user"))
        user_name = q.get("userName", "").lower()
        rows = [
            (rank, s)
            for rank, s in ranked
            if (user is None or s.wallet == user)
            and (not user_name or self._profile(s.wallet).name.lower() == user_name)
        ]
        return _respond([self._standing_v1(rank, s) for rank, s in rows[offset : offset + limit]])

    async def v2_leaderboard(self, request: Request) -> Response:
        q = _v2_params(request)
        bound = {name: q.get(name, "").upper() for name in ("category", "time_period", "sort_by")}
        user = _user(q.get("user"))
        limit, offset, bound = (
            (0, 0, bound) if user else self._offset_cursor(q, "leaderboard", bound)
        )
        bound["category"] = bound["category"] or "OVERALL"
        bound["time_period"] = bound["time_period"] or "DAY"
        bound["sort_by"] = bound["sort_by"] or "PNL"
        if bound["category"] not in _CATEGORIES | {"COMBOS"}:
            raise DataApiError("unknown category", "category")
        if bound["time_period"] not in _PERIODS:
            raise DataApiError("time_period must be day, week, month or all", "time_period")
        if bound["sort_by"] not in ("PNL", "VOLUME"):
            raise DataApiError("sort_by must be PNL or VOLUME", "sort_by")
        if user is not None:
            standing = self._user_standing(user, bound["category"], bound["time_period"])
            return _respond({"data": standing})
        ranked = self._ranked(
            bound["category"], bound["time_period"], by_volume=bound["sort_by"] == "VOLUME"
        )
        page = ranked[offset : offset + limit]
        pagination = self._offset_pagination("leaderboard", bound, limit, offset, len(ranked))
        return _respond(
            {"data": [self._standing_v2(rank, s) for rank, s in page], "pagination": pagination}
        )

    # --- views -------------------------------------------------------------------------------

    def _visible(self, rows: Iterable[Activity]) -> list[Activity]:
        return visible(rows, visible_until(self.state))

    def _positions(
        self, wallets: Iterable[str], conditions: frozenset[str] | None
    ) -> list[_Position]:
        until = visible_until(self.state)
        found: list[_Position] = []
        for wallet in wallets:
            for h in holdings(self.state, wallet, until=until).values():
                if conditions is not None and h.market.condition_id not in conditions:
                    continue
                price = current_price(self.state, h.token_id)
                found.append(_Position(wallet, h, price, h.size * price // MICRO))
        return found

    def _status_matches(self, position: _Position, status: str) -> bool:
        if status == "OPEN":
            return position.holding.size > 0
        if status == "CLOSED":
            return position.holding.size == 0
        if status == "MERGEABLE":
            return position.holding.size > 0 and self._mergeable(position)
        return self._status(position) == status  # REDEEMABLE, REDEEMABLE_LOST

    def _resolved(self, position: _Position) -> bool:
        """Redeemable: the market resolved (the shares pay 1 or 0)."""
        return position.holding.market.condition_id in self.state.resolutions

    def _status(self, position: _Position) -> str:
        if position.holding.size == 0:
            return "CLOSED"
        won = self.state.resolutions.get(position.holding.market.condition_id)
        if won is None:
            return "OPEN"
        return "REDEEMABLE" if won == position.holding.token_id else "REDEEMABLE_LOST"

    def _mergeable(self, position: _Position) -> bool:
        """Whether the wallet holds every outcome of the market (a CTF merge is possible;
        not once it resolved)."""
        if self._resolved(position):
            return False
        wallet = self.state.wallets.get(position.wallet)
        held = wallet.positions if wallet else {}
        return all(held.get(token, 0) > 0 for token, _ in position.holding.market.tokens)

    def _ranked(
        self, category: str, period: str, *, by_volume: bool, shares: bool = True
    ) -> list[tuple[int, Standing]]:
        """Standings sorted best first with competition ranks (ties share a rank)."""
        now = int(self.state.now())
        window = _PERIODS[period]
        keep = None if category == "OVERALL" else _category_filter(category)
        found = standings(
            self.state,
            since=None if window is None else now - window,
            until=visible_until(self.state),
            keep=keep,
        )

        def metric(s: Standing) -> int:
            if by_volume:
                return s.shares if shares else s.volume
            return s.pnl

        found.sort(key=lambda s: s.wallet)
        found.sort(key=metric, reverse=True)
        ranked: list[tuple[int, Standing]] = []
        for index, standing in enumerate(found):
            tied = index and metric(found[index - 1]) == metric(standing)
            ranked.append((ranked[-1][0] if tied else index + 1, standing))
        return ranked

    def _user_standing(self, user: str, category: str, period: str) -> dict[str, object] | None:
        """One wallet's figures and both of its ranks; None when it is not on the board."""
        by_pnl = self._ranked(category, period, by_volume=False)
        pnl_rank, mine = next(((r, s) for r, s in by_pnl if s.wallet == user), (0, None))
        if mine is None:
            return None
        by_volume = self._ranked(category, period, by_volume=True)
        volume_rank = next(r for r, s in by_volume if s.wallet == user)
        profile = self._profile(user)
        return {
            "user_id": user,
            "pnl": number(mine.pnl),
            "volume": number(mine.shares),
            "rank_pnl": pnl_rank,
            "rank_volume": volume_rank,
            "user_name": profile.name,
            "profile_image": profile.profile_image,
            "x_username": profile.x_username,
            "verified": profile.verified,
        }

    def _markets_filter(
        self, raw_conditions: str | None, raw_events: str | None
    ) -> frozenset[str] | None:
        """Condition ids from ``condition``/``market`` or from Gamma event ids (exclusive)."""
        if raw_conditions and raw_events:
            raise DataApiError("condition and event_id are mutually exclusive", "event_id")
        if not raw_events:
            return _conditions(raw_conditions)
        try:
            ids = {int(e) for e in raw_events.split(",") if e.strip()}
        except ValueError:
            raise DataApiError("event_id must be integers", "event_id") from None
        if len(ids) > MAX_CONDITIONS or any(i < 1 for i in ids):
            raise DataApiError(f"at most {MAX_CONDITIONS} event ids, each >= 1", "event_id")
        slugs = {e.slug for e in catalog_events(self.state) if int(e.gamma_id) in ids}
        return frozenset(
            m.condition_id for m in self.state.markets.values() if m.event_slug in slugs
        )

    # --- rows --------------------------------------------------------------------------------

    def _profile(self, address: str) -> Profile:
        wallet = self.state.wallets.get(address)
        return wallet.profile if wallet is not None and wallet.profile is not None else Profile()

    def _activity_row(self, row: Activity) -> dict[str, object]:
        market = row.market
        if row.token_id is None:
            outcome_index, outcome = 999, ""
        else:
            outcome_index, outcome = market.outcome(row.token_id)
        profile = self._profile(row.wallet)
        return {
            "proxy_wallet": row.wallet,
            "timestamp": row.timestamp,
            "condition_id": market.condition_id,
            "type": row.type,
            "size": number(row.size),
            "usdc_size": number(row.usdc_size),
            "transaction_hash": row.transaction_hash,
            "price": number(row.price),
            "token_id": "" if row.token_id is None else str(row.token_id),
            "side": "" if row.side is None else row.side.name,
            "outcome_index": outcome_index,
            "title": market.question,
            "slug": market.slug,
            "icon": market.icon,
            "event_slug": market.event_slug,
            "outcome": outcome,
            "name": profile.name,
            "pseudonym": profile.pseudonym,
            "bio": profile.bio,
            "profile_image": profile.profile_image,
            "profile_image_optimized": profile.profile_image,
        }

    def _trade_row(self, row: Activity) -> dict[str, object]:
        full = self._activity_row(row)
        return {k: full[k] for k in _TRADE_KEYS}

    def _listing(self, position: _Position) -> dict[str, object]:
        """Market fields both position shapes share (snake_case)."""
        market = position.holding.market
        index, outcome = market.outcome(position.holding.token_id)
        opposite = next(((t, n) for t, n in market.tokens if t != position.holding.token_id))
        event = next((e for e in catalog_events(self.state) if e.slug == market.event_slug), None)
        return {
            "title": market.question,
            "slug": market.slug,
            "icon": market.icon,
            "event_id": event.gamma_id if event else "",
            "event_slug": market.event_slug,
            "outcome": outcome,
            "outcome_index": index,
            "opposite_outcome": opposite[1],
            "opposite_token_id": str(opposite[0]),
            "end_date": market.end_date[:10] or "1970-01-01",
            "negative_risk": market.neg_risk,
        }

    def _position_v1(self, p: _Position) -> dict[str, object]:
        h = p.holding
        listing = self._listing(p)
        return {
            "proxyWallet": p.wallet,
            "asset": str(h.token_id),
            "conditionId": h.market.condition_id,
            "size": number(h.size),
            "avgPrice": number(h.avg_price),
            "initialValue": number(h.cost),
            "currentValue": number(p.value),
            "cashPnl": number(p.unrealized),
            "percentPnl": percent(p.unrealized, h.cost),
            "totalBought": number(h.bought),
            "realizedPnl": number(h.realized),
            "percentRealizedPnl": percent(h.realized, h.spent),
            "curPrice": number(p.price),
            "redeemable": self._resolved(p),
            "mergeable": self._mergeable(p),
            "title": listing["title"],
            "slug": listing["slug"],
            "icon": listing["icon"],
            "eventId": listing["event_id"],
            "eventSlug": listing["event_slug"],
            "outcome": listing["outcome"],
            "outcomeIndex": listing["outcome_index"],
            "oppositeOutcome": listing["opposite_outcome"],
            "oppositeAsset": listing["opposite_token_id"],
            "endDate": listing["end_date"],
            "negativeRisk": listing["negative_risk"],
        }

    def _position_v2(self, p: _Position) -> dict[str, object]:
        h = p.holding
        profile = self._profile(p.wallet)
        return {
            "proxy_wallet": p.wallet,
            "token_id": str(h.token_id),
            "condition_id": h.market.condition_id,
            "current_size": number(h.size),
            "avg_price": number(h.avg_price),
            "entry_cost_usdc": number(h.cost),
            "entry_fees_usdc": number(h.fees),
            "total_cost_usdc": number(h.cost + h.fees),
            "current_price": number(p.price),
            "current_value": number(p.value),
            "total_size": number(h.bought),
            "realized_pnl": number(h.realized),
            "unrealized_pnl": number(p.unrealized),
            "total_pnl": number(h.realized + p.unrealized),
            "percent_pnl": percent(p.unrealized, h.cost),
            "percent_realized_pnl": percent(h.realized, h.spent),
            "status": self._status(p),
            "redeemable": self._resolved(p),
            "mergeable": self._mergeable(p),
            "archived": False,
            **self._listing(p),
            "last_event_at": h.last_at,
            "first_entry_at": h.first_at,
            "name": profile.name,
            "profile_image": profile.profile_image,
            "verified": profile.verified,
        }

    def _standing_v1(self, rank: int, s: Standing) -> dict[str, object]:
        profile = self._profile(s.wallet)
        return {
            "rank": str(rank),
            "proxyWallet": s.wallet,
            "userName": profile.name,
            "xUsername": profile.x_username,
            "verifiedBadge": profile.verified,
            "vol": number(s.volume),
            "pnl": number(s.pnl),
            "profileImage": profile.profile_image,
        }

    def _standing_v2(self, rank: int, s: Standing) -> dict[str, object]:
        profile = self._profile(s.wallet)
        return {
            "rank": rank,
            "user_id": s.wallet,
            "user_name": profile.name,
            "x_username": profile.x_username,
            "verified": profile.verified,
            "volume": number(s.shares),
            "pnl": number(s.pnl),
            "profile_image": profile.profile_image,
        }

    # --- windows and paging --------------------------------------------------------------------

    def _window(self, q: Mapping[str, str]) -> tuple[int, int]:
        """``start`` 0/omitted = 3 years back, 1 = everything; ``end`` 0/omitted = now + 1 day."""
        now = int(self.state.now())
        start = _int(q.get("start"), 0, "start", 0)
        end = _int(q.get("end"), 0, "end", 0)
        return (now - _THREE_YEARS_S if start == 0 else start), (end or now + _ONE_DAY_S)

    def _feed_window(self, by_condition: bool) -> tuple[int, int]:
        """Market feeds keep 3 years; the bare global feed covers this and last month."""
        now = int(self.state.now())
        if by_condition:
            return now - _THREE_YEARS_S, now + _ONE_DAY_S
        today = datetime.fromtimestamp(now, UTC)
        year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
        return int(datetime(year, month, 1, tzinfo=UTC).timestamp()), now + _ONE_DAY_S

    def _keyset(
        self, rows: list[Activity], q: Mapping[str, str], *, ascending: bool
    ) -> tuple[list[Activity], dict[str, object]]:
        """One page after the cursor position; the cursor carries direction, size and offset."""
        if "offset" in q:
            raise DataApiError("offset is not supported; follow next_cursor", "offset")
        raw_cursor = q.get("cursor")
        if raw_cursor:
            cursor = self._open(raw_cursor)
            if cursor.ascending != ascending and "sort_direction" in q:
                raise DataApiError("sort_direction contradicts the cursor", "sort_direction")
            ascending, limit, offset = cursor.ascending, cursor.limit, cursor.offset
            position = (cursor.timestamp, cursor.seq)
        else:
            limit = _v2_limit(q)
            offset, position = 0, None
        ordered = sorted(rows, key=lambda r: (r.timestamp, r.seq), reverse=not ascending)
        if position is not None:
            ordered = [r for r in ordered if _beyond(r, position, ascending=ascending)]
        page, has_more = ordered[:limit], len(ordered) > limit
        next_cursor = None
        if has_more:
            last = page[-1]
            next_cursor = self._seal(
                _Cursor(last.timestamp, last.seq, ascending, limit, offset + len(page))
            )
        pagination: dict[str, object] = {
            "limit": limit,
            "offset": offset,
            "has_more": has_more,
            "next_cursor": next_cursor,
        }
        return page, pagination

    def _seal(self, cursor: _Cursor) -> str:
        payload = json.dumps(
            [cursor.timestamp, cursor.seq, cursor.ascending, cursor.limit, cursor.offset]
        )
        return self.state.sign_cursor(payload.encode())

    def _open(self, raw: str) -> _Cursor:
        payload = self.state.open_cursor(raw)
        try:
            ts, seq, ascending, limit, offset = json.loads(payload or b"")
            return _Cursor(int(ts), int(seq), bool(ascending), int(limit), int(offset))
        except (ValueError, TypeError):
            raise DataApiError("invalid cursor", "cursor") from None

    def _offset_cursor(
        self, q: Mapping[str, str], kind: str, bound: dict[str, str]
    ) -> tuple[int, int, dict[str, str]]:
        """(limit, offset, bound filters) for boards and positions, whose cursors bind them.

        A resumed walk keeps the filters its cursor carries; sending a different value for
        one of them is refused, as the real API refuses a contradicting bound value.
        """
        raw = q.get("cursor")
        if not raw:
            return _v2_limit(q), 0, bound
        try:
            cursor_kind, offset, limit, carried = json.loads(self.state.open_cursor(raw) or b"")
            if cursor_kind != kind or not isinstance(carried, dict):
                raise ValueError(kind)
        except (ValueError, TypeError):
            raise DataApiError("invalid cursor", "cursor") from None
        for name, value in bound.items():
            if value and value != carried.get(name):
                raise DataApiError(f"{name} contradicts the cursor", name)
        return int(limit), int(offset), {k: str(v) for k, v in carried.items()}

    def _offset_pagination(
        self, kind: str, bound: dict[str, str], limit: int, offset: int, total: int
    ) -> dict[str, object]:
        end = offset + limit
        has_more = end < total
        next_cursor = (
            self.state.sign_cursor(json.dumps([kind, end, limit, bound]).encode())
            if has_more
            else None
        )
        return {"limit": limit, "offset": offset, "has_more": has_more, "next_cursor": next_cursor}


def _beyond(row: Activity, position: tuple[int, int], *, ascending: bool) -> bool:
    """Whether ``row`` comes strictly after the cursor position in the walk's direction."""
    key = (row.timestamp, row.seq)
    return key > position if ascending else key < position


def _category_filter(category: str) -> Callable[[Market], bool]:
    wanted = category.lower()
    return lambda market: market.category.lower() == wanted


# --- parameter parsing ----------------------------------------------------------------------


def _v2_params(request: Request) -> dict[str, str]:
    """Query parameters with camelCase names folded to snake_case (v2 accepts both)."""
    return {_CAMEL_RE.sub(r"\1_\2", k).lower(): v for k, v in request.query_params.items()}


def _v2_limit(q: Mapping[str, str]) -> int:
    limit = _int(q.get("limit"), DEFAULT_LIMIT, "limit", 1)
    if limit > V2_MAX_LIMIT:
        raise DataApiError(f"limit must be at most {V2_MAX_LIMIT}", "limit")
    return limit


def _user(raw: str | None) -> str | None:
    if not raw:
        return None
    try:
        return checksum_address(raw.lower()).lower()
    except ValueError:
        raise DataApiError("user must be an address (0x + 40 hex digits)", "user") from None


def _required_user(raw: str | None) -> str:
    user = _user(raw)
    if user is None:
        raise DataApiError("user is required", "user")
    return user


def _int(raw: str | None, default: int, name: str, minimum: int) -> int:
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise DataApiError(f"{name} must be an integer", name) from None
    if value < minimum:
        raise DataApiError(f"{name} must be at least {minimum}", name)
    return value


def _micros_param(raw: str, name: str) -> int:
    try:
        value = to_micros(raw, exact=False)
    except MoneyError:
        value = -1
    if value < 0:
        raise DataApiError(f"{name} must be a non-negative number", name)
    return value


def _flag(raw: str | None, default: bool) -> bool:
    if raw is None:
        return default
    return raw.lower() not in ("false", "0", "no")


def _direction(raw: str | None) -> str:
    direction = (raw or "DESC").upper()
    if direction not in ("ASC", "DESC"):
        raise DataApiError("sortDirection must be ASC or DESC", "sortDirection")
    return direction


def _title(raw: str | None, maximum: int) -> str | None:
    if raw is None:
        return None
    if len(raw) > maximum:
        raise DataApiError(f"title must be at most {maximum} characters", "title")
    return raw.lower()


def _types(raw: str | None, exclude_funding: bool) -> frozenset[str]:
    if raw:
        types = frozenset(t.strip().upper() for t in raw.split(",") if t.strip())
        unknown = types - ACTIVITY_TYPES
        if unknown:
            raise DataApiError(f"unknown activity type(s): {', '.join(sorted(unknown))}", "type")
    else:
        types = ACTIVITY_TYPES - _OPT_IN_TYPES
    return types - _FUNDING_TYPES if exclude_funding else types


def _conditions(raw: str | None) -> frozenset[str] | None:
    if not raw:
        return None
    ids = frozenset(c.strip().lower() for c in raw.split(",") if c.strip())
    if len(ids) > MAX_CONDITIONS:
        raise DataApiError(f"at most {MAX_CONDITIONS} condition ids", "condition")
    return ids


def _side(raw: str | None) -> str | None:
    if not raw:
        return None
    side = raw.upper()
    if side not in ("BUY", "SELL"):
        raise DataApiError("side must be BUY or SELL", "side")
    return side


def _v1_row(row: Mapping[str, object]) -> dict[str, object]:
    return {_V1_KEYS[k]: v for k, v in row.items()}
