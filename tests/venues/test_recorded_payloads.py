"""Real recorded Polymarket payloads parse with the typed models; broken ones are refused.

The payloads live in ``../shared/data/polymarket-real`` (no licence to copy them into the
repository), so these tests read them in place and skip when they are absent.
"""

from __future__ import annotations

import gzip
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import BaseModel, TypeAdapter

from polycopy.venues.polymarket.errors import MalformedResponseError
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


def as_response(content: bytes) -> httpx.Response:
    return httpx.Response(200, content=content, request=httpx.Request("GET", "https://x.test/y"))


def validate(shape: Any, payload: Any) -> Any:
    return parse_as(TypeAdapter(shape), payload, what="recorded payload")


@pytest.mark.parametrize(("name", "shape"), PAYLOADS, ids=[name for name, _ in PAYLOADS])
def test_recorded_payload_parses(name: str, shape: Any) -> None:
    parsed = validate(shape, read_json(as_response(recorded(name))))
    rows = parsed if isinstance(parsed, list) else [parsed]
    assert rows
    for row in rows:
        for value in row.model_dump().values():
            assert not isinstance(value, float), "money must never be a float"


def test_recorded_values_keep_their_exact_digits() -> None:
    [row, *_] = validate(
        list[TradeRow],
        read_json(as_response(recorded("edulabrador-polymarket-smart-money/trades.json"))),
    )
    assert row.price == Decimal("0.968534758")
    assert row.size == Decimal("30974.624038")
    book = validate(
        OrderBook, read_json(as_response(recorded("borislavv-polymarket-sharks/clob_book.json")))
    )
    assert book.tick_size is not None
    assert book.bids[0].price == Decimal("0.001")


def test_gamma_json_string_fields_are_decoded() -> None:
    markets = validate(
        list[GammaMarketInfo],
        read_json(as_response(recorded("borat14011-wom-polymarket-strategy/markets.json"))),
    )
    tradable = [m for m in markets if m.clob_token_ids]
    assert tradable
    for market in tradable:
        assert len(market.outcomes) == len(market.clob_token_ids)
        assert all(token.isdigit() for token in market.clob_token_ids)
        assert all(isinstance(p, Decimal) for p in market.outcome_prices)


def test_recorded_gamma_markets_in_daily_samples() -> None:
    path = REAL / "ligengxin96-polymarket-data-samples" / "BTC-5m-markets-2026-07-24.jsonl.gz"
    if not path.is_file():
        pytest.skip("ligengxin96 sample not present")
    with gzip.open(path, "rt") as lines:
        raws = [json.loads(line, parse_float=Decimal)["raw"] for line in lines]
    markets = validate(list[GammaMarketInfo], raws)
    assert len(markets) == len(raws) > 200
    assert all(m.fee_schedule is not None for m in markets)


@pytest.mark.parametrize(("name", "shape"), PAYLOADS[::4], ids=[n for n, _ in PAYLOADS[::4]])
def test_truncated_recorded_payload_is_a_typed_error(name: str, shape: Any) -> None:
    content = recorded(name).rstrip()
    for cut in (len(content) // 2, len(content) - 1, 1):
        with pytest.raises(MalformedResponseError):
            validate(shape, read_json(as_response(content[:cut])))


@pytest.mark.parametrize(("name", "shape"), PAYLOADS, ids=[name for name, _ in PAYLOADS])
def test_recorded_payload_with_a_broken_field_is_a_typed_error(name: str, shape: Any) -> None:
    payload = read_json(as_response(recorded(name)))
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
