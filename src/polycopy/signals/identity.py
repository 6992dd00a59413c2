"""One identity per leader fill, agreed by every source.

On chain a fill is (transaction hash, log index). Sources without a log index name a fill
by its content plus its occurrence number among identical fills of the same transaction,
because one transaction can carry several byte-identical fills.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FillContent:
    """What every source reports about a fill, in micro-units."""

    transaction_hash: str
    event_type: str
    token_id: str
    side: str
    size_micros: int
    usdc_micros: int


def content_identity(content: FillContent, occurrence: int) -> str:
    return (
        f"c:{content.transaction_hash.lower()}:{content.event_type}:{content.token_id}:"
        f"{content.side}:{content.size_micros}:{content.usdc_micros}:{occurrence}"
    )


def chain_identity(transaction_hash: str, log_index: int) -> str:
    return f"l:{transaction_hash.lower()}:{log_index}"


def number_occurrences(contents: Iterable[FillContent]) -> list[tuple[FillContent, int]]:
    """Pair each fill with its occurrence number among identical fills (0, 1, ...).

    The input must hold every row of each transaction it touches, in source order.
    """
    seen: Counter[FillContent] = Counter()
    numbered = []
    for content in contents:
        numbered.append((content, seen[content]))
        seen[content] += 1
    return numbered
