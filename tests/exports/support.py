"""Reading an export back: typed values again, to compare with the stored rows."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

from polycopy.exports.types import COLUMNS, ExportFormat, ExportKind

_INTEGERS = {"id", "rule_version", "attempts", "holding_seconds", "holding_days"}
_TEXT = {"condition_id", "token_id", "venue_trade_id"}


def _typed(column: str, text: str) -> Any:
    if text == "":
        return None
    if column in _TEXT:
        return text
    if column in _INTEGERS or column.endswith(("_micros", "_id")):
        return int(text)
    if column.endswith("_at"):
        return dt.datetime.fromisoformat(text)
    if column == "details":
        return json.loads(text)
    return text


def read_export(kind: ExportKind, fmt: ExportFormat, text: str) -> list[dict[str, Any]]:
    """The rows of an export, with the column order checked."""
    if fmt is ExportFormat.CSV:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        assert tuple(reader.fieldnames or ()) == COLUMNS[kind]
        return [{c: _typed(c, row[c]) for c in COLUMNS[kind]} for row in reader]
    rows = json.loads(text)
    assert all(tuple(row) == COLUMNS[kind] for row in rows)
    return [
        {c: dt.datetime.fromisoformat(v) if c.endswith("_at") and v else v for c, v in row.items()}
        for row in rows
    ]
