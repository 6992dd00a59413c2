from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from polycopy.signals.identity import (
    FillContent,
    chain_identity,
    content_identity,
    number_occurrences,
)

contents = st.builds(
    FillContent,
    transaction_hash=st.sampled_from(["0xaa", "0xbb"]),
    event_type=st.just("TRADE"),
    token_id=st.sampled_from(["1", "2"]),
    side=st.sampled_from(["BUY", "SELL"]),
    size_micros=st.sampled_from([1, 5_000_000]),
    usdc_micros=st.sampled_from([1, 2_500_000]),
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


def test_chain_identity_is_case_insensitive_on_the_hash() -> None:
    assert chain_identity("0xABC", 3) == chain_identity("0xabc", 3) != chain_identity("0xabc", 4)
