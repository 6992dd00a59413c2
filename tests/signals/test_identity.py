from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from polycopy.signals.identity import (
    FillContent,
    content_identity,
    number_occurrences,
    number_pages,
)

contents = st.builds(
    FillContent,
    transaction_hash=st.sampled_from(["0xaa", "0xbb"]),
    wallet=st.sampled_from(["0x01", "0x02"]),
    event_type=st.just("TRADE"),
    token_id=st.sampled_from(["1", "2"]),
    side=st.sampled_from(["BUY", "SELL"]),
    size_micros=st.sampled_from([1, 5_000_000]),
)


@given(st.lists(contents, max_size=20))
def test_every_row_gets_a_distinct_identity_even_when_byte_identical(
    rows: list[FillContent],
) -> None:
    identities = [content_identity(c, n) for c, n in number_occurrences(rows)]
    assert len(set(identities)) == len(rows)


@given(st.lists(contents, max_size=20), st.randoms())
def test_identities_do_not_depend_on_how_distinct_rows_are_interleaved(
    rows: list[FillContent], rnd: object
) -> None:
    first = {content_identity(c, n) for c, n in number_occurrences(rows)}
    shuffled = list(rows)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert {content_identity(c, n) for c, n in number_occurrences(shuffled)} == first


def test_identity_is_case_insensitive_on_hash_and_wallet() -> None:
    upper = FillContent("0xABC", "0xDEF", "TRADE", "1", "BUY", 5)
    lower = FillContent("0xabc", "0xdef", "TRADE", "1", "BUY", 5)
    assert content_identity(upper, 0) == content_identity(lower, 0)
    assert content_identity(lower, 0) != content_identity(lower, 1)


def _paged(pages: list[list[FillContent]]) -> list[str]:
    return [content_identity(c, n) for _, c, n in number_pages(pages, lambda row: row)]


@given(st.lists(st.lists(contents, max_size=8), max_size=4), st.data())
def test_a_page_repeating_rows_of_an_earlier_page_adds_no_fill(
    pages: list[list[FillContent]], data: st.DataObject
) -> None:
    """Offset paging shifted by new activity repeats a run of the previous page's rows."""
    first = _paged(pages)
    assert len(set(first)) == len(first)  # each fill once
    if pages:
        page = data.draw(st.sampled_from(pages))
        start = data.draw(st.integers(0, len(page)))
        end = data.draw(st.integers(start, len(page)))
        assert _paged([*pages, page[start:end]]) == first


@given(st.lists(contents, max_size=20))
def test_identical_fills_on_one_page_stay_distinct_fills(rows: list[FillContent]) -> None:
    flat = [content_identity(c, n) for c, n in number_occurrences(rows)]
    assert _paged([rows]) == flat
    assert _paged([rows, rows]) == flat  # the same page read again
