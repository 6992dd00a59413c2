"""Cursor pagination: newest first; the cursor is an opaque token for "older than this"."""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Path, Query
from pydantic import BaseModel

from polycopy.api.errors import ApiError

T = TypeVar("T")
R = TypeVar("R")

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
# Row ids are signed 64-bit in both databases; a larger number is invalid input, not a crash.
MAX_ROW_ID = 2**63 - 1
RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID)]
RowIdFilter = Annotated[int | None, Query(ge=1, le=MAX_ROW_ID)]


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


class PageParams(BaseModel):
    before: int | None
    limit: int


def encode_cursor(row_id: int) -> str:
    return base64.urlsafe_b64encode(f"v1:{row_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        version, _, value = raw.partition(":")
        if version != "v1":
            raise ValueError(version)
        row_id = int(value)
        if not 0 < row_id <= MAX_ROW_ID:
            raise ValueError(value)
        return row_id
    except ValueError:
        raise ApiError(
            422, "validation_error", "cursor: not a valid cursor", field="cursor"
        ) from None


def _page_params(
    cursor: Annotated[str | None, Query(description="`next_cursor` of the previous page")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
) -> PageParams:
    return PageParams(before=decode_cursor(cursor) if cursor else None, limit=limit)


PageQuery = Annotated[PageParams, Depends(_page_params)]


def page_of(
    rows: Sequence[R], params: PageParams, to_item: Callable[[R], T], row_id: Callable[[R], int]
) -> Page[T]:
    """``rows`` were fetched with ``limit + 1``: one more means there is a next page."""
    more = len(rows) > params.limit
    shown = rows[: params.limit]
    return Page[T](
        items=[to_item(r) for r in shown],
        next_cursor=encode_cursor(row_id(shown[-1])) if more and shown else None,
    )
