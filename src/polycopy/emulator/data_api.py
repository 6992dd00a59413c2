"""Data API surface: v2 ``/v2/activity`` and ``/v2/trades`` (keyset cursors) and v1 ``/activity``.

Rows come from the state's activity log, which the matching code appends to for both sides
of every fill, so what a follower polls is exactly what the engine matched.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from polycopy.emulator.state import Activity, EmulatorState
from polycopy.emulator.wire import JSONResponse, number
from polycopy.kit.money import MoneyError, to_micros
from polycopy.venues.polymarket.signing import checksum_address

ACTIVITY_TYPES = frozenset(
    {
        "TRADE",
        "SPLIT",
        "MERGE",
        "REDEEM",
        "REWARD",
        "CONVERSION",
        "MIGRATION",
        "DEPOSIT",
        "WITHDRAWAL",
        "YIELD",
        "MAKER_REBATE",
        "TAKER_REBATE",
        "REFERRAL_REWARD",
        "TIP",
    }
)
_OPT_IN_TYPES = frozenset({"TIP"})
_FUNDING_TYPES = frozenset({"DEPOSIT", "WITHDRAWAL"})
V2_MAX_LIMIT = 1000
DEFAULT_LIMIT = 100
V1_MAX_LIMIT = 500
V1_MAX_OFFSET = 5000
MAX_CONDITIONS = 20
_THREE_YEARS_S = 3 * 365 * 24 * 3600
_ONE_DAY_S = 24 * 3600
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


def data_app(state: EmulatorState) -> Starlette:
    routes = _Routes(state)
    return Starlette(
        routes=[
            Route("/v2/activity", routes.v2_activity),
            Route("/v2/trades", routes.v2_trades),
            Route("/activity", routes.v1_activity),
        ],
        exception_handlers={
            DataApiError: _v2_error,  # type: ignore[dict-item]
            V1Error: _v1_error,  # type: ignore[dict-item]
        },
    )


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
            _conditions(q.get("condition") or q.get("condition_id")),
            *self._window(q),
        )
        rows = [r for r in self.state.wallet_activity(user) if keep(r)]
        data, pagination = self._keyset(rows, q, ascending=direction == "ASC")
        return _respond({"data": [_activity_row(r) for r in data], "pagination": pagination})

    async def v2_trades(self, request: Request) -> Response:
        q = _v2_params(request)
        user = _user(q.get("user"))
        taker_only = _flag(q.get("taker_only"), True)
        conditions = _conditions(q.get("condition") or q.get("condition_id"))
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
            for r in source
            if keep(r)
            and (r.taker or not taker_only)
            and (r.usdc_size if filter_type == "CASH" else r.size) >= minimum
        ]
        data, pagination = self._keyset(rows, q, ascending=False)
        return _respond({"data": [_trade_row(r) for r in data], "pagination": pagination})

    async def v1_activity(self, request: Request) -> Response:
        q = request.query_params
        sort_keys: dict[str, Callable[[Activity], tuple[int, int]]] = {
            "TIMESTAMP": lambda r: (r.timestamp, r.seq),
            "TOKENS": lambda r: (r.size, r.seq),
            "CASH": lambda r: (r.usdc_size, r.seq),
        }
        try:
            user = _required_user(q.get("user"))
            limit = min(_int(q.get("limit"), DEFAULT_LIMIT, "limit", 0), V1_MAX_LIMIT)
            offset = _int(q.get("offset"), 0, "offset", 0)
            keep = _RowFilter(
                _types(q.get("type"), _flag(q.get("excludeDepositsWithdrawals"), True)),
                _side(q.get("side")),
                _conditions(q.get("market")),
                *self._window(q),
            )
        except DataApiError as exc:
            raise V1Error(exc.message) from None
        if offset > V1_MAX_OFFSET:
            raise V1Error(f"offset must be at most {V1_MAX_OFFSET}; page with start/end instead")
        sort_by = q.get("sortBy", "TIMESTAMP").upper()
        if sort_by not in sort_keys:
            raise V1Error("sortBy must be TIMESTAMP, TOKENS or CASH")
        rows = sorted(
            (r for r in self.state.wallet_activity(user) if keep(r)),
            key=sort_keys[sort_by],
            reverse=q.get("sortDirection", "DESC").upper() != "ASC",
        )
        page = rows[offset : offset + limit]
        return _respond([{_V1_KEYS[k]: v for k, v in _activity_row(r).items()} for r in page])

    # --- windows and keyset paging ------------------------------------------------------------

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
            limit = _int(q.get("limit"), DEFAULT_LIMIT, "limit", 1)
            if limit > V2_MAX_LIMIT:
                raise DataApiError(f"limit must be at most {V2_MAX_LIMIT}", "limit")
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


def _beyond(row: Activity, position: tuple[int, int], *, ascending: bool) -> bool:
    """Whether ``row`` comes strictly after the cursor position in the walk's direction."""
    key = (row.timestamp, row.seq)
    return key > position if ascending else key < position


# --- parameter parsing ----------------------------------------------------------------------


def _v2_params(request: Request) -> dict[str, str]:
    """Query parameters with camelCase names folded to snake_case (v2 accepts both)."""
    return {_CAMEL_RE.sub(r"\1_\2", k).lower(): v for k, v in request.query_params.items()}


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
        value = to_micros(raw)
    except MoneyError:
        value = -1
    if value < 0:
        raise DataApiError(f"{name} must be a non-negative number", name)
    return value


def _flag(raw: str | None, default: bool) -> bool:
    if raw is None:
        return default
    return raw.lower() not in ("false", "0", "no")


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


# --- rows -----------------------------------------------------------------------------------


def _activity_row(row: Activity) -> dict[str, object]:
    market = row.market
    if row.token_id is None:
        outcome_index, outcome = 999, ""
    else:
        outcome_index, outcome = market.outcome(row.token_id)
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
        "name": "",
        "pseudonym": "",
        "bio": "",
        "profile_image": "",
        "profile_image_optimized": "",
    }


def _trade_row(row: Activity) -> dict[str, object]:
    full = _activity_row(row)
    return {k: full[k] for k in _TRADE_KEYS}
