"""Shared HTTP plumbing for the Polymarket clients: one error vocabulary, boundary validation."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from polycopy.kit.errors import PolycopyError

ModelT = TypeVar("ModelT", bound=BaseModel)


class VenueError(PolycopyError):
    """A venue call failed; ``retryable`` says whether the same request may be tried again."""

    code = "venue_error"

    def __init__(self, message: str, *, status: int | None = None, retryable: bool) -> None:
        super().__init__(message)
        self.status = status
        self.retryable = retryable


class VenueTimeoutError(VenueError):
    """The request may or may not have reached the venue: its outcome is unknown."""

    code = "venue_timeout"

    def __init__(self, message: str) -> None:
        super().__init__(message, retryable=True)


def read_json(response: httpx.Response) -> Any:
    """Parse a response body with JSON numbers as ``Decimal``, so no amount is ever a float."""
    try:
        return json.loads(response.content, parse_float=Decimal)
    except ValueError:
        raise VenueError(
            f"{response.request.url.path}: response is not JSON", retryable=False
        ) from None


def error_message(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:300]
    if isinstance(body, dict):
        return str(body.get("error") or body.get("errorMsg") or body)[:300]
    return str(body)[:300]


def raise_for_status(response: httpx.Response) -> None:
    if response.is_success:
        return
    status = response.status_code
    retryable = status in (425, 429) or status >= 500
    raise VenueError(
        f"{response.request.method} {response.request.url.path} -> {status}: "
        f"{error_message(response)}",
        status=status,
        retryable=retryable,
    )


def parse(model: type[ModelT], payload: Any, *, what: str) -> ModelT:
    """Validate a venue payload; malformed data is refused, never half-used."""
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        raise VenueError(f"malformed {what}: {exc.errors()[0]}", retryable=False) from None
