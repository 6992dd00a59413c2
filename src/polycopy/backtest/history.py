"""Stream a leader's history from an export into time order, without holding the file.

Accepted files: a Data API activity or trades export (v1 JSON array, v2 ``{"data": [...]}``
envelope, JSON lines, or a CSV with Data API column names, any of them gzipped), and the
third-party trades CSV whose single ``data`` column holds one trade per line as a Python
literal (the signaldrift notebook export). Rows are validated with the emulator's recorded-row
models; an export's paging repeats are dropped as the emulator drops them. Rows go to a
temporary SQLite file and come back ordered by time, so a 100k-row file costs disk, not memory.
"""

from __future__ import annotations

import ast
import csv
import datetime as dt
import gzip
import hashlib
import json
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from polycopy.emulator.recorded import (
    RecordedFileError,
    RecordedRow,
    activity_row,
    csv_item,
    is_csv,
    unrepeated,
)
from polycopy.kit.money import to_micros
from polycopy.signals.types import TradeSide
from polycopy.venues.polymarket.models import ActivityRow

_CHUNK = 1 << 16
_DECODER = json.JSONDecoder(parse_float=Decimal)
_SIX = Decimal("0.000001")


class HistoryError(ValueError):
    """A history file that cannot be read; the message names the file and the row."""


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """One row of a leader's history, money in micro-units."""

    timestamp: int
    kind: str  # TRADE, REDEEM, MERGE, SPLIT, REWARD, ...
    condition_id: str
    token: str  # the outcome token; ``condition#index`` when the export omits the asset
    side: TradeSide | None
    price_micros: int
    size_micros: int
    usdc_micros: int
    title: str = ""
    event: str = ""

    @property
    def at(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.timestamp, dt.UTC)


def micros(value: Decimal) -> int:
    """Micro-units, rounded half-even where a recording carries more than 6 decimals."""
    return to_micros(value.quantize(_SIX, rounding=ROUND_HALF_EVEN))


def from_recorded(row: RecordedRow) -> HistoryRow:
    token = str(row.token_id) if row.token_id is not None else ""
    if not token and row.condition_id:
        index = row.outcome if row.outcome_index is None else row.outcome_index
        token = f"{row.condition_id}#{index}"
    market = row.market
    return HistoryRow(
        timestamp=row.timestamp,
        kind=row.type,
        condition_id=row.condition_id,
        token=token,
        side=TradeSide(row.side.name) if row.side is not None else None,
        price_micros=micros(row.price),
        size_micros=row.size,
        usdc_micros=row.usdc_size,
        title=market.question if market else "",
        event=(market.event_slug if market else "") or row.condition_id,
    )


def from_activity(row: ActivityRow) -> HistoryRow:
    """A Data API activity row, as ``polycopy backtest`` reads it from the API."""
    token = row.token_id or (f"{row.condition_id}#{row.outcome_index}" if row.condition_id else "")
    return HistoryRow(
        timestamp=row.timestamp,
        kind=row.type,
        condition_id=row.condition_id,
        token=token,
        side=TradeSide(row.side) if row.side in ("BUY", "SELL") else None,
        price_micros=micros(row.price),
        size_micros=micros(row.size),
        usdc_micros=micros(row.usdc_size),
        title=row.title,
        event=row.event_slug or row.condition_id,
    )


# --- streaming readers ---------------------------------------------------------------------


def _text(path: Path) -> IO[str]:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return path.open(encoding="utf-8", newline="")


def _json_items(path: Path, handle: IO[str]) -> Iterator[Any]:
    """The rows of a JSON array, a v2 envelope's ``data`` array, or one object, read a chunk
    at a time: a row is decoded as soon as the buffer holds all of it."""
    buffer, pos, eof = "", 0, False

    def fill() -> bool:
        nonlocal buffer, pos, eof
        if eof:
            return False
        chunk = handle.read(_CHUNK)
        buffer, pos = buffer[pos:] + chunk, 0
        eof = not chunk
        return bool(chunk)

    def peek() -> str:
        nonlocal pos
        while True:
            while pos < len(buffer) and buffer[pos].isspace():
                pos += 1
            if pos < len(buffer) or not fill():
                return buffer[pos] if pos < len(buffer) else ""

    def value(where: str) -> Any:
        nonlocal pos
        peek()
        while True:
            try:
                item, end = _DECODER.raw_decode(buffer, pos)
            except json.JSONDecodeError as exc:
                if fill():
                    continue
                raise HistoryError(
                    f"{path}: {where}: truncated or malformed JSON: {exc.msg}"
                ) from None
            pos = end
            return item

    def expect(char: str, where: str) -> None:
        nonlocal pos
        got = peek()
        if got != char:
            seen = repr(got) if got else "end of file"
            raise HistoryError(
                f"{path}: {where}: truncated or malformed JSON: expected {char!r}, found {seen}"
            )
        pos += 1

    def array() -> Iterator[Any]:
        nonlocal pos
        expect("[", "start")
        index = 0
        if peek() == "]":
            pos += 1
            return
        while True:
            yield value(f"row {index}")
            index += 1
            got = peek()
            if got == "]":
                pos += 1
                return
            expect(",", f"row {index}")

    first = peek()
    if first == "[":
        yield from array()
        return
    if first != "{":
        raise HistoryError(f"{path}: expected a JSON array or object")
    pos += 1
    single: dict[str, Any] = {}
    while peek() != "}":
        key = value("object key")
        expect(":", f"after {key!r}")
        if key == "data" and peek() == "[":
            yield from array()
            return
        single[str(key)] = value(f"field {key!r}")
        if peek() == ",":
            pos += 1
    yield single


def _signaldrift(record: Mapping[str, Any], path: Path, index: int) -> tuple[HistoryRow, str]:
    """A trade from the ``data``-column CSV (a Python literal per line, no transaction hash),
    and its trader's wallet."""
    where = f"{path}: row {index}"
    try:
        trade = ast.literal_eval(str(record.get("data")))
        at = dt.datetime.fromisoformat(str(trade["trade_dttm"])).replace(tzinfo=dt.UTC)
        side = TradeSide(str(trade["side"]).upper())
        price, size = Decimal(str(trade["price"])), Decimal(str(trade["amount"]))
        usdc = Decimal(str(trade.get("value", price * size)))
        event = str(trade["event_id"])
        subtitle, outcome = str(trade.get("market_subtitle", "")), str(trade["outcome"])
    except (ValueError, SyntaxError, KeyError, TypeError, InvalidOperation) as exc:
        raise HistoryError(f"{where}: not a trade record: {exc}") from None
    condition = f"event:{event}:{subtitle}"
    trader = str(trade.get("trader_id") or "").lower()
    row = HistoryRow(
        timestamp=int(at.timestamp()),
        kind="TRADE",
        condition_id=condition,
        token=f"{condition}#{outcome}",
        side=side,
        price_micros=micros(price),
        size_micros=micros(size),
        usdc_micros=micros(usdc),
        title=f"{str(trade.get('market_title', '')).strip()}: {subtitle}",
        event=event,
    )
    return row, trader


def _rows(
    path: Path, wallet: str, first_seen: Callable[[tuple[tuple[object, ...], int]], bool]
) -> Iterator[HistoryRow]:
    """The wallet's rows in file order, validated, paging repeats dropped."""
    handle = _text(path)
    with handle:
        if is_csv(path):
            reader = csv.DictReader(handle)
            if reader.fieldnames == ["data"]:
                for index, record in enumerate(reader):
                    row, trader = _signaldrift(record, path, index)
                    if trader in ("", wallet):
                        yield row
                return
            items: Iterator[Any] = (csv_item(r, path, i) for i, r in enumerate(reader))
        elif ".jsonl" in path.suffixes:
            items = (_jsonl(line, path, i) for i, line in enumerate(handle) if line.strip())
        else:
            items = _json_items(path, handle)
        yield from (
            from_recorded(r) for r in unrepeated(_recorded(items, path, wallet), first_seen)
        )


def _jsonl(line: str, path: Path, index: int) -> Any:
    try:
        return json.loads(line, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise HistoryError(f"{path}: row {index}: malformed JSON: {exc.msg}") from None


def _recorded(items: Iterator[Any], path: Path, wallet: str) -> Iterator[RecordedRow]:
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise HistoryError(f"{path}: row {index}: not an object")
        item = dict(item)
        if not (item.get("proxyWallet") or item.get("proxy_wallet")):
            item["proxyWallet"] = wallet
        row = activity_row(item, path, index)
        if row.wallet == wallet:
            yield row


# --- the spool -------------------------------------------------------------------------------

_COLUMNS = "ts, seq, kind, condition_id, token, side, price, size, usdc, title, event"


class Spool:
    """A history in a temporary SQLite file, read back ordered by time.

    Exports list newest first; the order of rows within one second follows the file's
    direction, reversed when the file runs backwards in time."""

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="polycopy-backtest-")
        self._db = sqlite3.connect(Path(self._dir.name) / "history.sqlite")
        self._db.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
            "CREATE TABLE rows (ts INTEGER, seq INTEGER, kind TEXT, condition_id TEXT,"
            " token TEXT, side TEXT, price INTEGER, size INTEGER, usdc INTEGER, title TEXT,"
            " event TEXT);"
            "CREATE TABLE seen (key BLOB PRIMARY KEY) WITHOUT ROWID;"
        )
        self.count = 0
        self.first: int | None = None
        self.last: int | None = None
        self._backwards = 0  # steps back in time minus steps forward
        self._read = 0  # rows read so far, kept or not
        self._previous: int | None = None

    def close(self) -> None:
        self._db.close()
        self._dir.cleanup()

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def first_seen(self, key: tuple[tuple[object, ...], int]) -> bool:
        digest = hashlib.blake2b(repr(key).encode(), digest_size=16).digest()
        return self._db.execute("INSERT OR IGNORE INTO seen VALUES (?)", (digest,)).rowcount == 1

    def load(
        self,
        path: Path,
        wallet: str,
        *,
        since: int | None = None,
        until: int | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Spool the wallet's rows of ``path`` inside [since, until); returns rows read.

        Raises ``HistoryError`` naming the row for a malformed or truncated file."""
        try:
            return self.add(
                _rows(path, wallet.lower(), self.first_seen),
                since=since,
                until=until,
                progress=progress,
            )
        except RecordedFileError as exc:
            raise HistoryError(str(exc)) from None
        except OSError as exc:
            raise HistoryError(f"{path}: cannot read: {exc.strerror or exc}") from None
        except UnicodeDecodeError as exc:
            raise HistoryError(f"{path}: not UTF-8 text: {exc.reason}") from None
        except csv.Error as exc:
            raise HistoryError(f"{path}: not a readable CSV: {exc}") from None

    def add(
        self,
        rows: Iterable[HistoryRow],
        *,
        since: int | None = None,
        until: int | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Spool ``rows``, in the order read, inside [since, until); returns rows read. Called
        again, it goes on where the last call stopped (one call per page of the Data API)."""
        read = 0
        batch: list[tuple[object, ...]] = []
        for row in rows:
            read += 1
            self._read += 1
            previous, self._previous = self._previous, row.timestamp
            if previous is not None and row.timestamp != previous:
                self._backwards += 1 if row.timestamp < previous else -1
            if (since is not None and row.timestamp < since) or (
                until is not None and row.timestamp >= until
            ):
                continue
            batch.append(
                (
                    row.timestamp,
                    self._read,
                    row.kind,
                    row.condition_id,
                    row.token,
                    row.side.value if row.side else None,
                    row.price_micros,
                    row.size_micros,
                    row.usdc_micros,
                    row.title,
                    row.event,
                )
            )
            self.first = row.timestamp if self.first is None else min(self.first, row.timestamp)
            self.last = row.timestamp if self.last is None else max(self.last, row.timestamp)
            if len(batch) >= 2_000:
                self._flush(batch)
                if progress is not None:
                    progress(self._read)
        self._flush(batch)
        if progress is not None:
            progress(self._read)
        return read

    def _flush(self, batch: list[tuple[object, ...]]) -> None:
        self._db.executemany(
            f"INSERT INTO rows ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)",  # noqa: S608
            batch,
        )
        self.count += len(batch)
        batch.clear()

    def __iter__(self) -> Iterator[HistoryRow]:
        seq = "seq DESC" if self._backwards > 0 else "seq"
        cursor = self._db.execute(f"SELECT {_COLUMNS} FROM rows ORDER BY ts, {seq}")  # noqa: S608
        for ts, _, kind, condition, token, side, price, size, usdc, title, event in cursor:
            yield HistoryRow(
                ts,
                kind,
                condition,
                token,
                TradeSide(side) if side else None,
                price,
                size,
                usdc,
                title,
                event,
            )
