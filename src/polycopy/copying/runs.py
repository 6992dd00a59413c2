"""Which of a leader's pending fills one deciding transaction may take together (pure).

A burst of fills from one leader is decided many fills per transaction, the copies of each
fill counted as reservations for the fills after it, exactly as their orders will count once
committed. That is exact as long as no decision reads what an earlier copy of the same run
did at the venue: a sale of shares a copy in the run is still buying, a merge or redemption
of a market the run traded, or, when a loss stop is configured, a buy after a sale whose
realised PnL is not booked yet. Such a fill waits until the run's answers are booked, then
starts the next run; it is decided as if fill by fill.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from polycopy.signals.types import LeaderEventType, TradeSide


class FillKind(NamedTuple):
    """What the batching looks at in a fill."""

    condition_id: str
    event_type: LeaderEventType
    side: TradeSide | None


@dataclass(slots=True)
class Run:
    """The fills decided since the venue's answers to their copies were last booked."""

    bought: set[str] = field(default_factory=set)  # markets a fill of the run bought in
    traded: set[str] = field(default_factory=set)  # markets a trade of the run was in
    sold: bool = False

    def take(self, fills: Sequence[FillKind], *, stops_on_losses: bool) -> tuple[int, bool]:
        """How many of ``fills`` (the next candidates, in order) one transaction decides,
        and whether the fill after them must wait for this run's answers to be booked.

        A fresh run always takes the first fill. A leader event (split, merge, redeem) is
        decided in a transaction of its own: it reads and writes more than reservations.
        """
        for taken, fill in enumerate(fills):
            if fill.event_type is not LeaderEventType.TRADE:
                if fill.condition_id in self.traded:
                    return taken, True
                return (1, False) if taken == 0 else (taken, False)
            if fill.side is TradeSide.SELL:
                if fill.condition_id in self.bought:
                    return taken, True
                self.sold = True
            else:
                if self.sold and stops_on_losses:
                    return taken, True
                self.bought.add(fill.condition_id)
            self.traded.add(fill.condition_id)
        return len(fills), False
