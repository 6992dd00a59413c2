"""JSON responses whose numbers are written from exact decimals, never through float."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from starlette.responses import Response

from polycopy.kit.money import from_micros


def number(micros: int) -> Decimal:
    """A micro-unit amount as a JSON number (rendered exactly, e.g. ``0.55``)."""
    return from_micros(micros)


def dumps(value: Any) -> str:
    """Compact JSON where ``Decimal`` becomes a bare number with its exact digits."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(str(k))}:{dumps(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(dumps(v) for v in value) + "]"
    if isinstance(value, float):
        raise TypeError("floats are not written to the wire; use Decimal")
    return json.dumps(value, ensure_ascii=False)


class JSONResponse(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return dumps(content).encode("utf-8")


def error(message: str, status: int) -> JSONResponse:
    """The CLOB / Gamma / Data API v1 error body: ``{"error": message}``."""
    return JSONResponse({"error": message}, status_code=status)
