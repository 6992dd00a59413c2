"""CSV and JSON encoders that write an export a batch at a time (never the whole at once)."""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

from polycopy.exports.types import ExportFormat

Record = Mapping[str, Any]


def _plain(value: Any) -> Any:
    """A value as JSON has it: times in ISO 8601, enums by their value."""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


class Encoder:
    """``begin()``, then ``rows(batch)`` for each batch, then ``end()``: the export's text."""

    def __init__(self, fmt: ExportFormat, columns: Sequence[str]) -> None:
        self.format = fmt
        self.columns = tuple(columns)
        self._first = True

    def begin(self) -> str:
        if self.format is ExportFormat.JSON:
            return "["
        return self._csv_line(self.columns)

    def rows(self, batch: Sequence[Record]) -> str:
        if self.format is ExportFormat.CSV:
            return "".join(self._csv_line([_csv_cell(r[c]) for c in self.columns]) for r in batch)
        parts = []
        for record in batch:
            item = json.dumps({c: _plain(record[c]) for c in self.columns}, sort_keys=False)
            parts.append(("\n" if self._first else ",\n") + item)
            self._first = False
        return "".join(parts)

    def end(self) -> str:
        return ("]" if self._first else "\n]") + "\n" if self.format is ExportFormat.JSON else ""

    @staticmethod
    def _csv_line(cells: Sequence[str]) -> str:
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerow(cells)
        return out.getvalue()


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    return str(_plain(value))
