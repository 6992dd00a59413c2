"""Rank a user's leaders by their stored statistics and copyability, after filters.

Pure: each candidate carries its stored statistics payload (``statistics_store``, with the
period's copyability inside) and when it last traded; filters drop candidates, a sort key
orders the rest (best first, a leader without the figure last, ties by leader id).
docs/leader-statistics.md, "Ranking", is the reference.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


class RankingSort(enum.StrEnum):
    COPYABILITY = "copyability"
    ROI = "roi"
    REALIZED_PNL = "realized_pnl"
    WIN_RATE = "win_rate"
    PROFIT_FACTOR = "profit_factor"
    MAX_DRAWDOWN = "max_drawdown"
    TRADES = "trades"


@dataclass(frozen=True, slots=True)
class Candidate:
    leader_id: int
    statistics: Mapping[str, Any] | None  # the stored payload; None: never computed
    last_trade_at: dt.datetime | None

    @property
    def copyability(self) -> Mapping[str, Any] | None:
        return None if self.statistics is None else self.statistics.get("copyability")

    def stat(self, name: str) -> Decimal | None:
        """A statistic's value as a number (None: no statistics, or no value)."""
        if self.statistics is None:
            return None
        value = self.statistics.get(name, {}).get("value")
        return None if value is None else Decimal(value)


@dataclass(frozen=True, slots=True)
class Filters:
    tag: str | None = None
    min_trades: int | None = None
    max_drawdown_micros: int | None = None
    active_since: dt.datetime | None = None
    min_trade_micros: int | None = None  # on the median trade size
    max_trade_micros: int | None = None

    def keep(self, candidate: Candidate) -> bool:
        """Whether the candidate passes every filter set; a figure a filter needs and the
        candidate lacks fails it."""
        tags = {t.casefold() for t in (candidate.statistics or {}).get("tags", {})}
        trades, drawdown = candidate.stat("trades"), candidate.stat("max_drawdown_micros")
        median, last = candidate.stat("trade_size_p50_micros"), candidate.last_trade_at
        return all(
            (
                self.tag is None or self.tag.casefold() in tags,
                self.min_trades is None or (trades is not None and trades >= self.min_trades),
                self.max_drawdown_micros is None
                or (drawdown is not None and drawdown <= self.max_drawdown_micros),
                self.min_trade_micros is None
                or (median is not None and median >= self.min_trade_micros),
                self.max_trade_micros is None
                or (median is not None and median <= self.max_trade_micros),
                self.active_since is None or (last is not None and last >= self.active_since),
            )
        )


#: How to read each sort key off a candidate, and whether more is better.
_KEYS: dict[RankingSort, tuple[Callable[[Candidate], Decimal | None], bool]] = {
    RankingSort.COPYABILITY: (
        lambda c: None if c.copyability is None else Decimal(c.copyability["score"]),
        True,
    ),
    RankingSort.ROI: (lambda c: c.stat("roi"), True),
    RankingSort.REALIZED_PNL: (lambda c: c.stat("realized_pnl_micros"), True),
    RankingSort.WIN_RATE: (lambda c: c.stat("win_rate"), True),
    RankingSort.PROFIT_FACTOR: (lambda c: c.stat("profit_factor"), True),
    RankingSort.MAX_DRAWDOWN: (lambda c: c.stat("max_drawdown_micros"), False),
    RankingSort.TRADES: (lambda c: c.stat("trades"), True),
}


def sort_value(candidate: Candidate, sort: RankingSort) -> Decimal | None:
    return _KEYS[sort][0](candidate)


def rank(
    candidates: Iterable[Candidate], sort: RankingSort, filters: Filters = Filters()
) -> tuple[list[Candidate], int]:
    """(the kept candidates, best first; how many the filters removed)."""
    everyone = list(candidates)
    kept = [c for c in everyone if filters.keep(c)]
    read, more_is_better = _KEYS[sort]

    def order(candidate: Candidate) -> tuple[bool, Decimal, int]:
        value = read(candidate)
        if value is None:
            return True, Decimal(0), candidate.leader_id
        return False, -value if more_is_better else value, candidate.leader_id

    return sorted(kept, key=order), len(everyone) - len(kept)
