"""Cursor pagination: newest first; the cursor is a token for "older than this".

Every string the cursor pattern allows is a valid position (the OpenAPI document declares the
pattern, so a client or a fuzzer can tell a valid cursor from an invalid one without asking).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Path, Query
from pydantic import BaseModel

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


CURSOR_PATTERN = r"^v1\.[0-9]{1,19}$"


def encode_cursor(row_id: int) -> str:
    return f"v1.{row_id}"


def decode_cursor(cursor: str) -> int | None:
    """The row id to page below; ``None`` for a position above every row (no bound).

    Callers pass a string that matched ``CURSOR_PATTERN`` (the query declares it)."""
    row_id = int(cursor.removeprefix("v1."))
    return row_id if row_id <= MAX_ROW_ID else None


def _page_params(
    cursor: Annotated[
        str | None,
        Query(
            pattern=CURSOR_PATTERN,
            description="`next_cursor` of the previous page (`v1.` and a number)",
        ),
    ] = None,
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
