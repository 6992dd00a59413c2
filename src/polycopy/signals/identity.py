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
from collections.abc import Iterable
from dataclasses import dataclass


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
