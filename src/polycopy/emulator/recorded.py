"""Readers of recorded Polymarket payloads, turned into what a scenario builds from.

Every file is parsed with JSON numbers as ``Decimal`` and every row is validated with the
models in ``recorded_models`` before anything is taken from it; a malformed file is refused
with ``RecordedFileError`` naming the file and the row. Rows that are valid but cannot exist
in the emulator (a market that was never deployed, a trade without a market) are skipped and
reported, never guessed at.

Money becomes integer micro-units here. Recorded Data API prices are averages over the fills
of one order (``0.6470033482``), so trade prices are snapped to the market's tick only when
the trade is replayed (``replay.py``); the raw value is kept.
"""

from __future__ import annotations

import csv
import gzip
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from polycopy.emulator.recorded_models import (
    ActivityRecord,
    BookRecord,
    GammaEventRecord,
    GammaMarketRecord,
    LeaderboardRecord,
    PositionRecord,
    TradeRecord,
)
from polycopy.emulator.state import Profile
from polycopy.kit.money import MICRO, to_micros
from polycopy.venues.polymarket.amounts import Side

#: Outcome pairs whose order Polymarket keeps fixed, to place an outcome seen alone.
_OUTCOME_PAIRS = (("Yes", "No"), ("Up", "Down"), ("Over", "Under"))
#: CSV columns (Data API v1 names) that hold numbers; ``value`` is an export's ``usdcSize``.
_CSV_NUMBERS = ("size", "price", "usdcSize", "value")
_CSV_DEFAULTS: dict[str, object] = {
    "type": "TRADE",
    "asset": "",
    "outcomeIndex": 999,
    **dict.fromkeys(
        (
            "title",
            "slug",
            "icon",
            "eventSlug",
            "outcome",
            "name",
            "pseudonym",
            "bio",
            "profileImage",
            "profileImageOptimized",
        ),
        "",
    ),
}


_M = TypeVar("_M", bound=BaseModel)


class RecordedFileError(ValueError):
    """A recorded file that cannot be read; the message names the file and the row."""


@dataclass(slots=True)
class MarketDraft:
    """Everything known about one market, merged from every source that mentions it."""

    condition_id: str
    question: str = ""
    slug: str = ""
    outcomes: dict[int, str] = field(default_factory=dict)
    tokens: dict[int, int] = field(default_factory=dict)
    tick_size: int | None = None
    min_order_size: int | None = None
    neg_risk: bool | None = None
    fee_rate_bps: int | None = None
    event_slug: str = ""
    end_date: str = ""
    gamma_id: str = ""
    icon: str = ""
    category: str = ""
    tags: tuple[str, ...] = ()
    prices: dict[int, int] = field(default_factory=dict)
    """Last trade price per outcome index (micros)."""

    def merge(self, other: MarketDraft) -> None:
        """Fill gaps from ``other``; a token placed differently by two sources is an error."""
        for index, token in other.tokens.items():
            self.add_token(index, token)
        for index, name in other.outcomes.items():
            self.outcomes.setdefault(index, name)
        for index, price in other.prices.items():
            self.prices.setdefault(index, price)
        for name in ("question", "slug", "event_slug", "end_date", "gamma_id", "icon", "category"):
            if not getattr(self, name):
                setattr(self, name, getattr(other, name))
        for name in ("tick_size", "min_order_size", "neg_risk", "fee_rate_bps"):
            if getattr(self, name) is None:
                setattr(self, name, getattr(other, name))
        self.tags = self.tags or other.tags

    def add_token(self, index: int, token: int) -> None:
        known = self.tokens.get(index)
        placed = next((i for i, t in self.tokens.items() if t == token), index)
        if (known is not None and known != token) or placed != index:
            raise RecordedFileError(
                f"market {self.condition_id}: token {token} is outcome {placed} in one source "
                f"and {index} in another"
            )
        self.tokens[index] = token

    def index_of(self, outcome: str) -> int:
        """Outcome index for a name, placing a new name where Polymarket would."""
        for index, name in self.outcomes.items():
            if name == outcome:
                return index
        for pair in _OUTCOME_PAIRS:
            if outcome in pair and pair.index(outcome) not in self.outcomes:
                return pair.index(outcome)
        return next(i for i in range(len(self.outcomes) + 1) if i not in self.outcomes)


@dataclass(frozen=True, slots=True)
class EventDraft:
    slug: str
    title: str = ""
    gamma_id: str = ""
    neg_risk: bool | None = None
    category: str = ""
    tags: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True, slots=True)
class RecordedRow:
    """One activity or trade row from a wallet's point of view, money in micros."""

    wallet: str
    timestamp: int
    type: str
    transaction_hash: str
    """The recorded transaction (lower case): replayed fills settle under it."""
    condition_id: str
    token_id: int | None
    outcome_index: int | None
    outcome: str
    side: Side | None
    size: int
    usdc_size: int
    price: Decimal
    profile: Profile
    market: MarketDraft | None
    """What the row says about its market (None for rows without one, e.g. rebates)."""

    def content(self) -> tuple[object, ...]:
        """Everything the row says, its market's description aside (that follows from it)."""
        return (
            self.wallet,
            self.timestamp,
            self.type,
            self.transaction_hash,
            self.condition_id,
            self.token_id,
            self.outcome_index,
            self.outcome,
            self.side,
            self.size,
            self.usdc_size,
            self.price,
            self.profile,
        )


@dataclass(frozen=True, slots=True)
class RecordedBook:
    market: MarketDraft
    token_id: int
    bids: tuple[tuple[int, int], ...]
    asks: tuple[tuple[int, int], ...]
    last_trade_price: int | None


@dataclass(frozen=True, slots=True)
class RecordedPosition:
    wallet: str
    market: MarketDraft
    token_id: int
    size: int
    cost: int
    event: EventDraft


@dataclass(frozen=True, slots=True)
class RecordedStanding:
    wallet: str
    profile: Profile


@dataclass(slots=True)
class Recording:
    """The parsed contents of one recorded file, and what could not be used."""

    markets: list[MarketDraft] = field(default_factory=list)
    events: list[EventDraft] = field(default_factory=list)
    rows: list[RecordedRow] = field(default_factory=list)
    books: list[RecordedBook] = field(default_factory=list)
    positions: list[RecordedPosition] = field(default_factory=list)
    standings: list[RecordedStanding] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


# --- files -----------------------------------------------------------------------------------


def load_payload(path: Path) -> Any:
    """JSON (``.json``), JSON lines (``.jsonl``), either gzipped; numbers as ``Decimal``."""
    try:
        raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        stem = path.with_suffix("") if path.suffix == ".gz" else path
        text = raw.decode("utf-8")
        if stem.suffix == ".jsonl":
            return [json.loads(line, parse_float=Decimal) for line in text.splitlines() if line]
        return json.loads(text, parse_float=Decimal)
    except OSError as exc:
        raise RecordedFileError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise RecordedFileError(f"{path}: not valid JSON: {exc}") from None


def _items(payload: Any, path: Path) -> list[Any]:
    """A bare array, a single object, or a v2 ``{"data": [...]}`` envelope."""
    if isinstance(payload, Mapping) and isinstance(payload.get("data"), list):
        return list(payload["data"])
    if isinstance(payload, list):
        return payload
    if isinstance(payload, Mapping):
        return [payload]
    raise RecordedFileError(f"{path}: expected a JSON array or object")


def _validate(model: type[_M], item: Any, path: Path, index: int) -> _M:
    try:
        return model.model_validate(item)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise RecordedFileError(f"{path}: row {index}: {where}: {first['msg']}") from None


# --- readers ---------------------------------------------------------------------------------


def read_activity(path: Path, *, wallet: str | None = None) -> Recording:
    """Data API activity or trades (v1 or v2 JSON, or a CSV with Data API column names).

    Rows without a wallet (single-wallet exports) are attributed to ``wallet``; rows of
    other wallets are left out when ``wallet`` is given. Rows an export repeats across its
    pages are read once (``page_repeats``).
    """
    found = Recording()
    wanted = wallet.lower() if wallet else None
    items = csv_rows(path) if is_csv(path) else _items(load_payload(path), path)
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise RecordedFileError(f"{path}: row {index}: not an object")
        item = dict(item)
        if not (item.get("proxyWallet") or item.get("proxy_wallet")):
            if wanted is None:
                raise RecordedFileError(f"{path}: row {index}: no wallet; set the replay wallet")
            item["proxyWallet"] = wanted
        row = activity_row(item, path, index)
        if wanted is not None and row.wallet != wanted:
            continue
        if row.type == "TRADE" and row.market is None:
            found.skipped.append(f"{path}: row {index}: a trade without a market")
            continue
        found.rows.append(row)
    rows = page_repeats(found.rows)
    if len(rows) < len(found.rows):
        repeated = len(found.rows) - len(rows)
        found.skipped.append(f"{path}: {repeated} rows repeat earlier rows (paging overlap)")
        found.rows = rows
    return found


def page_repeats(rows: list[RecordedRow]) -> list[RecordedRow]:
    """``rows`` without the ones an export's paging repeated, in file order (``unrepeated``)."""
    seen: set[tuple[tuple[object, ...], int]] = set()

    def first(key: tuple[tuple[object, ...], int]) -> bool:
        if key in seen:
            return False
        seen.add(key)
        return True

    return list(unrepeated(rows, first))


def unrepeated(
    rows: Iterable[RecordedRow], first_seen: Callable[[tuple[tuple[object, ...], int]], bool]
) -> Iterator[RecordedRow]:
    """``rows`` without the ones an export's paging repeated, streamed in file order;
    ``first_seen(key)`` answers (and remembers) whether a fill's key is new, so a caller
    with a large file can keep the keys outside memory.

    A fill is named by its transaction, its content and its occurrence number among identical
    rows of that transaction *within one page*. The pages of an export are not marked, but the
    Data API lists a second's rows together, so each run of rows of one second stands for a
    page: two identical fills of one transaction in one run are two fills (occurrences 0 and
    1), while a row that comes back in a later run (offset paging shifted by new activity, or
    an exporter re-reading a page) is the same fill and is dropped.
    """
    run: Counter[tuple[object, ...]] = Counter()
    previous: int | None = None
    for row in rows:
        if previous is not None and previous != row.timestamp:
            run.clear()
        previous = row.timestamp
        content = row.content()
        occurrence = run[content]
        run[content] += 1
        if first_seen((content, occurrence)):
            yield row


def read_gamma_markets(path: Path) -> Recording:
    """A Gamma ``/markets`` array, one market object, or JSON lines with a ``raw`` market."""
    found = Recording()
    for index, item in enumerate(_items(load_payload(path), path)):
        raw = item.get("raw") if isinstance(item, Mapping) and "raw" in item else item
        _gamma_market(raw, path, index, found)
    return found


def read_gamma_events(path: Path) -> Recording:
    """A Gamma ``/events`` array or one event object, with the markets it carries."""
    found = Recording()
    for index, item in enumerate(_items(load_payload(path), path)):
        event = _validate(GammaEventRecord, item, path, index)
        extra = item if isinstance(item, Mapping) else {}
        draft = EventDraft(
            slug=event.slug,
            title=event.title,
            gamma_id=event.id,
            neg_risk=event.neg_risk,
            category=str(extra.get("category") or ""),
            tags=tuple(tag.label for tag in event.tags),
            description=str(extra.get("description") or ""),
        )
        found.events.append(draft)
        for m_index, market in enumerate(extra.get("markets") or []):
            added = _gamma_market(market, path, index, found, event=draft, at=f".markets.{m_index}")
            if added is not None and not added.category:
                added.category = draft.category
    return found


def read_book(path: Path) -> Recording:
    """A CLOB ``GET /book`` body."""
    found = Recording()
    payload = load_payload(path)
    book = _validate(BookRecord, payload, path, 0)
    market = MarketDraft(
        condition_id=book.market,
        tick_size=_opt_micros(book.tick_size),
        min_order_size=_opt_micros(book.min_order_size),
        neg_risk=book.neg_risk,
    )
    token = int(book.asset_id)
    found.markets.append(market)
    found.books.append(
        RecordedBook(
            market=market,
            token_id=token,
            bids=tuple((_micros(lv.price), _micros(lv.size)) for lv in book.bids),
            asks=tuple((_micros(lv.price), _micros(lv.size)) for lv in book.asks),
            last_trade_price=_opt_micros(book.last_trade_price),
        )
    )
    return found


def read_positions(path: Path) -> Recording:
    """Data API v1 ``/positions`` rows: opening positions with their cost basis."""
    found = Recording()
    for index, item in enumerate(_items(load_payload(path), path)):
        pos = _validate(PositionRecord, item, path, index)
        extra = item if isinstance(item, Mapping) else {}
        event = EventDraft(slug=pos.event_slug, gamma_id=str(extra.get("eventId") or ""))
        other = 1 - pos.outcome_index if pos.outcome_index in (0, 1) else None
        market = MarketDraft(
            condition_id=pos.condition_id,
            question=pos.title,
            slug=pos.slug,
            icon=pos.icon,
            event_slug=pos.event_slug,
            end_date=pos.end_date,
            neg_risk=pos.negative_risk,
        )
        market.outcomes[pos.outcome_index] = pos.outcome
        market.add_token(pos.outcome_index, int(pos.asset))
        market.prices[pos.outcome_index] = _micros(pos.cur_price)
        if other is not None:
            market.outcomes[other] = pos.opposite_outcome
            market.add_token(other, int(pos.opposite_asset))
        size = _micros(pos.size)
        found.markets.append(market)
        found.events.append(event)
        found.positions.append(
            RecordedPosition(
                wallet=pos.proxy_wallet.lower(),
                market=market,
                token_id=int(pos.asset),
                size=size,
                cost=_micros(pos.initial_value),
                event=event,
            )
        )
    return found


def read_leaderboard(path: Path) -> Recording:
    """Data API ``/v1/leaderboard`` rows: profiles with their recorded PnL and volume."""
    found = Recording()
    for index, item in enumerate(_items(load_payload(path), path)):
        row = _validate(LeaderboardRecord, item, path, index)
        found.standings.append(
            RecordedStanding(
                wallet=row.proxy_wallet.lower(),
                profile=Profile(
                    name=row.user_name,
                    profile_image=row.profile_image,
                    x_username=row.x_username,
                    verified=row.verified_badge,
                    prior_pnl=_micros(row.pnl),
                    prior_volume=_micros(row.vol),
                ),
            )
        )
    return found


# --- rows --------------------------------------------------------------------------------------


def activity_row(item: dict[str, Any], path: Path, index: int) -> RecordedRow:
    """One validated activity or trade row (``RecordedFileError`` names the row)."""
    if "type" in item:
        rec: ActivityRecord | TradeRecord = _validate(ActivityRecord, item, path, index)
    else:
        rec = _validate(TradeRecord, item, path, index)
    kind = rec.type if isinstance(rec, ActivityRecord) else "TRADE"
    usdc = rec.usdc_size if isinstance(rec, ActivityRecord) else rec.size * rec.price
    token = int(rec.token_id) if rec.token_id else None
    outcome_index = None if rec.outcome_index == 999 else rec.outcome_index
    market = None
    if rec.condition_id:
        market = MarketDraft(
            condition_id=rec.condition_id,
            question=rec.title,
            slug=rec.slug,
            icon=rec.icon,
            event_slug=rec.event_slug,
        )
        if rec.outcome:
            where = outcome_index if outcome_index is not None else market.index_of(rec.outcome)
            market.outcomes[where] = rec.outcome
            outcome_index = where
        if token is not None and outcome_index is not None:
            market.add_token(outcome_index, token)
    return RecordedRow(
        wallet=rec.proxy_wallet.lower(),
        timestamp=rec.timestamp,
        type=kind,
        transaction_hash=rec.transaction_hash.lower(),
        condition_id=rec.condition_id,
        token_id=token,
        outcome_index=outcome_index,
        outcome=rec.outcome,
        side=Side[rec.side] if rec.side else None,
        size=_micros(rec.size),
        usdc_size=_micros(usdc),
        price=rec.price,
        profile=Profile(
            name=rec.name,
            pseudonym=rec.pseudonym,
            bio=rec.bio,
            profile_image=rec.profile_image,
        ),
        market=market,
    )


def _gamma_market(
    item: Any,
    path: Path,
    index: int,
    found: Recording,
    *,
    event: EventDraft | None = None,
    at: str = "",
) -> MarketDraft | None:
    market = _validate(GammaMarketRecord, item, path, index)
    where = f"{path}: row {index}{at}"
    if not market.condition_id or not market.clob_token_ids:
        found.skipped.append(f"{where}: market {market.id} is not deployed (no condition/tokens)")
        return None
    if len(market.clob_token_ids) != len(market.outcomes):
        found.skipped.append(f"{where}: market {market.id}: outcomes and tokens differ in number")
        return None
    extra = item if isinstance(item, Mapping) else {}
    events = extra.get("events") or []
    first_event = events[0] if events and isinstance(events[0], Mapping) else {}
    fee = extra.get("feeSchedule")
    rate = fee.get("rate") if isinstance(fee, Mapping) else None
    draft = MarketDraft(
        condition_id=market.condition_id,
        question=market.question,
        slug=market.slug,
        outcomes=dict(enumerate(market.outcomes)),
        tick_size=_opt_micros(market.tick_size),
        min_order_size=_opt_micros(market.min_order_size),
        neg_risk=market.neg_risk,
        fee_rate_bps=int(rate * 10_000) if isinstance(rate, int | Decimal) else None,
        event_slug=event.slug if event else str(first_event.get("slug") or ""),
        end_date=market.end_date or "",
        gamma_id=market.id,
        icon=str(extra.get("icon") or ""),
        category=str(extra.get("category") or ""),
        prices={i: _micros(p) for i, p in enumerate(market.outcome_prices)},
    )
    for token_index, token in enumerate(market.clob_token_ids):
        draft.add_token(token_index, int(token))
    found.markets.append(draft)
    if event is None and first_event.get("slug"):
        found.events.append(
            EventDraft(
                slug=str(first_event["slug"]),
                title=str(first_event.get("title") or ""),
                gamma_id=str(first_event.get("id") or ""),
                neg_risk=first_event.get("negRisk") if "negRisk" in first_event else None,
            )
        )
    return draft


def is_csv(path: Path) -> bool:
    return path.suffix == ".csv" or path.suffixes[-2:] == [".csv", ".gz"]


def csv_rows(path: Path) -> Iterator[dict[str, object]]:
    """CSV rows in the Data API's shape: numbers as ``Decimal``, missing decoration empty.

    Streamed: a large export is read a line at a time."""
    gz = path.suffix == ".gz"
    try:
        with (
            gzip.open(path, "rt", encoding="utf-8", newline="")
            if gz
            else path.open(encoding="utf-8", newline="")
        ) as handle:
            for index, record in enumerate(csv.DictReader(handle)):
                yield csv_item(record, path, index)
    except OSError as exc:
        raise RecordedFileError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise RecordedFileError(f"{path}: not a readable CSV: {exc}") from None


def csv_item(record: Mapping[str | None, object], path: Path, index: int) -> dict[str, object]:
    """One CSV record with Data API column names as the row ``activity_row`` reads."""
    row: dict[str, object] = dict(_CSV_DEFAULTS)
    key: str | None = None
    value: object = None
    try:
        for key, value in record.items():
            if key in _CSV_NUMBERS:
                row["usdcSize" if key == "value" else key] = Decimal(str(value))
            elif key in ("timestamp", "outcomeIndex"):
                row[key] = int(str(value))
            elif key is not None:
                row[key] = value
    except (ArithmeticError, ValueError):
        bad = f"{path}: row {index}: {key}: not a number: {value!r}"
        raise RecordedFileError(bad) from None
    return row


def _micros(value: Decimal) -> int:
    """Micro-units, rounded half-even where a recording carries more than 6 decimals."""
    return to_micros(value.quantize(Decimal(1) / MICRO, rounding=ROUND_HALF_EVEN))


def _opt_micros(value: Decimal | None) -> int | None:
    return None if value is None else _micros(value)
