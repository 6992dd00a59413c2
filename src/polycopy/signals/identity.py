"""One identity per leader fill, agreed by every source.

A fill is one of the leader's orders filled in one transaction: exactly one ``OrderFilled``
log with ``maker`` = the leader on chain, one Data API activity row, one RTDS payload
(docs/detection.md explains why the three agree on that grain). Sources without a log index
name a fill by its content plus its occurrence number among identical fills of the same
transaction, because one transaction can carry several byte-identical fills; the chain
source computes the same name from its logs, so every source lands on the same row.

The content is what every source reports exactly: transaction, wallet, event type, token,
side and shares. Collateral is left out: RTDS carries no USDC amount, and an average price
times shares does not reproduce the chain's collateral to the micro.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

Row = TypeVar("Row")


@dataclass(frozen=True, slots=True)
class FillContent:
    """What every source reports identically about a fill (shares in micro-units)."""

    transaction_hash: str
    wallet: str
    event_type: str
    token_id: str
    side: str
    size_micros: int


def content_identity(content: FillContent, occurrence: int) -> str:
    """A fixed-length key (the fill row keeps every part of it in its own columns)."""
    key = (
        f"{content.transaction_hash.lower()}:{content.wallet.lower()}:{content.event_type}:"
        f"{content.token_id}:{content.side}:{content.size_micros}:{occurrence}"
    )
    return "f1:" + hashlib.sha256(key.encode()).hexdigest()


def number_occurrences(contents: Iterable[FillContent]) -> list[tuple[FillContent, int]]:
    """Pair each fill with its occurrence number among identical fills (0, 1, ...).

    The input must hold every row of each transaction it touches. Identical fills are
    interchangeable, so sources need not agree on their order, only on their count.
    """
    seen: Counter[FillContent] = Counter()
    numbered = []
    for content in contents:
        numbered.append((content, seen[content]))
        seen[content] += 1
    return numbered


def number_pages(
    pages: Sequence[Sequence[Row]], content: Callable[[Row], FillContent]
) -> list[tuple[Row, FillContent, int]]:
    """Each fill of a paged read once, with its occurrence number counted within its page.

    Offset paging shifts when new activity arrives between two pages, so the next page can
    start with rows the previous one ended with; a later poll re-reads its boundary second on
    purpose. Numbering over the concatenated pages would make such a repeat one more
    identical fill. Counted per page, two identical fills of one transaction on one page are
    occurrences 0 and 1, and a row a later page repeats gets the name it already had, so it
    is dropped here (and collapses on the stored identity across polls).
    """
    seen: set[tuple[FillContent, int]] = set()
    fills = []
    for page in pages:
        for row, (fill, occurrence) in zip(
            page, number_occurrences(content(row) for row in page), strict=True
        ):
            if (fill, occurrence) not in seen:
                seen.add((fill, occurrence))
                fills.append((row, fill, occurrence))
    return fills
