from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from polycopy.signals.identity import (
    FillContent,
    content_identity,
    number_occurrences,
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
