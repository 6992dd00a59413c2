"""Field types shared by the request and settings models."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Strict


def _whole_float_as_int(value: Any) -> Any:
    # JSON Schema's "integer" admits 5.0: take it as 5, as the OpenAPI document promises.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


#: A whole number, and nothing that merely converts to one: no bool, no "5", no 5.5.
StrictInt = Annotated[int, Strict(), BeforeValidator(_whole_float_as_int)]
