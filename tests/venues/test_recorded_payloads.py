"""Real recorded Polymarket payloads parse with the typed models; broken ones are refused.

The payloads live in ``../shared/data/polymarket-real`` (no licence to copy them into the
repository), so these tests read them in place and skip when they are absent.
"""

from __future__ import annotations

import asyncio
import gzip
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import BaseModel, TypeAdapter

from polycopy.venues.polymarket.clob import ClobPublicClient
from polycopy.venues.polymarket.data_api import DataApiClient
from polycopy.venues.polymarket.errors import MalformedResponseError
from polycopy.venues.polymarket.gamma import GammaClient
from polycopy.venues.polymarket.http import parse_as, read_json
from polycopy.venues.polymarket.models import (
    ActivityRow,
    ClobMarket,
    ClobMarketsPage,
    GammaEvent,
    GammaMarketInfo,
    LeaderboardEntry,
    OrderBook,
    PositionRow,
    PriceHistory,
    TokenHolders,
    TradeRow,
)

REAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "polymarket-real"

#: (file, shape): every recorded REST payload of a type the clients read.
PAYLOADS: list[tuple[str, Any]] = [
    ("edulabrador-polymarket-smart-money/activity_all.json", list[ActivityRow]),
    ("edulabrador-polymarket-smart-money/activity.json", list[ActivityRow]),
    ("jm709-pscanner/activity.json", list[ActivityRow]),
    ("borislavv-polymarket-sharks/dataapi_activity.json", list[ActivityRow]),
    ("edulabrador-polymarket-smart-money/trades.json", list[TradeRow]),
    ("borislavv-polymarket-sharks/dataapi_trades.json", list[TradeRow]),
    ("borat14011-wom-polymarket-strategy/data_api_trades.json", list[TradeRow]),
    ("edulabrador-polymarket-smart-money/positions.json", list[PositionRow]),
    ("jm709-pscanner/positions.json", list[PositionRow]),
    ("jm709-pscanner/closed_positions.json", list[PositionRow]),
    ("edulabrador-polymarket-smart-money/leaderboard.json", list[LeaderboardEntry]),
    ("borislavv-polymarket-sharks/dataapi_holders.json", list[TokenHolders]),
    ("borat14011-wom-polymarket-strategy/markets.json", list[GammaMarketInfo]),
    ("jm709-pscanner/market.json", GammaMarketInfo),
    ("nautilus-trader/test_data/gamma_market.json", GammaMarketInfo),
    ("borat14011-wom-polymarket-strategy/events.json", list[GammaEvent]),
    ("borat14011-wom-polymarket-strategy/gamma_events.json", list[GammaEvent]),
    ("borat14011-wom-polymarket-strategy/active_market.json", list[GammaEvent]),
    ("borislavv-polymarket-sharks/gamma_events.json", list[GammaEvent]),
    ("jm709-pscanner/event.json", GammaEvent),
    ("nautilus-trader/test_data/gamma_event.json", list[GammaEvent]),
    ("borislavv-polymarket-sharks/clob_book.json", OrderBook),
    ("nautilus-trader/http_responses/book.json", OrderBook),
    ("nautilus-trader/http_responses/markets.json", ClobMarketsPage),
    ("nautilus-trader/http_responses/market.json", ClobMarket),
    ("borat14011-wom-polymarket-strategy/clob_sampling.json", ClobMarketsPage),
    *(
        (f"borat14011-wom-polymarket-strategy/active_prices_{name}.json", PriceHistory)
        for name in ("max", "1d", "1w_f5", "1h")
    ),
]


def recorded(name: str) -> bytes:
    path = REAL / name
    if not path.is_file():
        pytest.skip(f"recorded payload {name} not present")
    return path.read_bytes()


def as_json(content: bytes) -> Any:
    return read_json(content, what="GET /recorded")


def validate(shape: Any, payload: Any) -> Any:
    return parse_as(TypeAdapter(shape), payload, what="recorded payload")


@pytest.mark.parametrize(("name", "shape"), PAYLOADS, ids=[name for name, _ in PAYLOADS])
def test_recorded_payload_parses(name: str, shape: Any) -> None:
    parsed = validate(shape, as_json(recorded(name)))
    rows = parsed if isinstance(parsed, list) else [parsed]
    assert rows
    for row in rows:
        for value in row.model_dump().values():
            assert not isinstance(value, float), "money must never be a float"


def test_recorded_values_keep_their_exact_digits() -> None:
    [row, *_] = validate(
        list[TradeRow],
        as_json(recorded("edulabrador-polymarket-smart-money/trades.json")),
    )
    assert row.price == Decimal("0.968534758")
    assert row.size == Decimal("30974.624038")
    book = validate(OrderBook, as_json(recorded("borislavv-polymarket-sharks/clob_book.json")))
    assert book.tick_size is not None
    assert book.bids[0].price == Decimal("0.001")


def test_gamma_json_string_fields_are_decoded() -> None:
    markets = validate(
        list[GammaMarketInfo],
        as_json(recorded("borat14011-wom-polymarket-strategy/markets.json")),
    )
    tradable = [m for m in markets if m.clob_token_ids]
    assert tradable
    for market in tradable:
        assert len(market.outcomes) == len(market.clob_token_ids)
        assert all(token.isdigit() for token in market.clob_token_ids)
        assert all(isinstance(p, Decimal) for p in market.outcome_prices)


@pytest.mark.parametrize("day", ["2026-06-08", "2026-07-24"])
def test_recorded_gamma_markets_in_daily_samples(day: str) -> None:
    path = REAL / "ligengxin96-polymarket-data-samples" / f"BTC-5m-markets-{day}.jsonl.gz"
    if not path.is_file():
        pytest.skip("ligengxin96 sample not present")
    with gzip.open(path, "rt") as lines:
        raws = [json.loads(line, parse_float=Decimal)["raw"] for line in lines]
    markets = validate(list[GammaMarketInfo], raws)
    assert len(markets) == len(raws) > 200
    assert all(m.fee_schedule is not None for m in markets)


@pytest.mark.parametrize(("name", "shape"), PAYLOADS, ids=[name for name, _ in PAYLOADS])
def test_truncated_recorded_payload_is_a_typed_error(name: str, shape: Any) -> None:
    content = recorded(name).rstrip()
    for cut in (len(content) // 2, len(content) - 1, 1):
        with pytest.raises(MalformedResponseError):
            validate(shape, as_json(content[:cut]))


@pytest.mark.parametrize(("name", "shape"), PAYLOADS, ids=[name for name, _ in PAYLOADS])
def test_recorded_payload_with_a_broken_field_is_a_typed_error(name: str, shape: Any) -> None:
    payload = as_json(recorded(name))
    _break_first_required_field(payload, shape)
    with pytest.raises(MalformedResponseError, match="malformed recorded payload"):
        validate(shape, payload)


def _break_first_required_field(payload: Any, shape: Any) -> None:
    """Give the first row's first required field a value of the wrong type."""
    model: type[BaseModel] = shape.__args__[0] if isinstance(payload, list) else shape
    row = payload[0] if isinstance(payload, list) else payload
    for name, field in model.model_fields.items():
        if field.is_required():
            keys = [field.alias or name]
            if field.validation_alias is not None:
                keys = [str(k) for k in getattr(field.validation_alias, "choices", [keys[0]])]
            key = next(k for k in keys if k in row)
            row[key] = {"unexpected": ["shape"]}
            return
    raise AssertionError(f"{model.__name__} has no required field")


Clients = tuple[DataApiClient, GammaClient, ClobPublicClient]
WALLET = "0x56687bf447db6ffa42ffe2204a05edaa20f55839"


async def first(rows: AsyncIterator[Any]) -> Any:
    async for row in rows:
        return row
    raise AssertionError("no rows")


#: (client call, recorded answer, its shape): each client that reads a recorded payload type.
CLIENT_CALLS: list[tuple[str, Callable[[Clients], Awaitable[Any]], str, Any]] = [
    (
        "data.activity_v1",
        lambda c: first(c[0].activity_v1(WALLET)),
        "jm709-pscanner/activity.json",
        list[ActivityRow],
    ),
    (
        "data.trades_v1",
        lambda c: first(c[0].trades_v1(user=WALLET)),
        "edulabrador-polymarket-smart-money/trades.json",
        list[TradeRow],
    ),
    (
        "data.positions_v1",
        lambda c: first(c[0].positions_v1(WALLET)),
        "jm709-pscanner/positions.json",
        list[PositionRow],
    ),
    (
        "data.positions_v1(closed)",
        lambda c: first(c[0].positions_v1(WALLET, closed=True)),
        "jm709-pscanner/closed_positions.json",
        list[PositionRow],
    ),
    (
        "data.leaderboard_v1",
        lambda c: c[0].leaderboard_v1(),
        "edulabrador-polymarket-smart-money/leaderboard.json",
        list[LeaderboardEntry],
    ),
    (
        "data.holders_v1",
        lambda c: c[0].holders_v1(["0x01"]),
        "borislavv-polymarket-sharks/dataapi_holders.json",
        list[TokenHolders],
    ),
    (
        "gamma.markets",
        lambda c: c[1].markets(),
        "borat14011-wom-polymarket-strategy/markets.json",
        list[GammaMarketInfo],
    ),
    (
        "gamma.events",
        lambda c: c[1].events(),
        "borislavv-polymarket-sharks/gamma_events.json",
        list[GammaEvent],
    ),
    (
        "clob.book",
        lambda c: c[2].book("1"),
        "borislavv-polymarket-sharks/clob_book.json",
        OrderBook,
    ),
    (
        "clob.markets_page",
        lambda c: c[2].markets_page(),
        "nautilus-trader/http_responses/markets.json",
        ClobMarketsPage,
    ),
    (
        "clob.prices_history",
        lambda c: c[2].prices_history("1"),
        "borat14011-wom-polymarket-strategy/active_prices_1h.json",
        PriceHistory,
    ),
]


@asynccontextmanager
async def answering(body: bytes) -> AsyncIterator[Clients]:
    """A loopback HTTP/1.1 server that answers every request with ``body``, and the clients
    pointed at it: real sockets and real response parsing, only the answer is chosen."""

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                await reader.readexactly(int(line.split(b":")[1]))
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body
        )
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    async with server, httpx.AsyncClient(timeout=10) as http:
        yield DataApiClient(http, url), GammaClient(http, url), ClobPublicClient(http, url)


@pytest.mark.parametrize(
    ("call", "name", "shape"),
    [(call, name, shape) for _, call, name, shape in CLIENT_CALLS],
    ids=[label for label, *_ in CLIENT_CALLS],
)
async def test_clients_read_recorded_answers_and_refuse_broken_ones(
    call: Callable[[Clients], Awaitable[Any]], name: str, shape: Any
) -> None:
    """Over HTTP, each client returns the recorded answer's typed rows, and a truncated
    answer or one with a field of the wrong type is a ``MalformedResponseError`` from the
    client call itself, never an exception from deeper inside polycopy."""
    content = recorded(name)
    async with answering(content) as clients:
        assert await call(clients)
    broken = json.loads(content)
    _break_first_required_field(broken, shape)
    for bad in (content.rstrip()[:-1], content[: len(content) // 2], json.dumps(broken).encode()):
        async with answering(bad) as clients:
            with pytest.raises(MalformedResponseError):
                await call(clients)
