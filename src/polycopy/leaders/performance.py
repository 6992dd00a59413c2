"""A leader's track record from the fills polycopy recorded, at the leader's own prices.

Method: trades are replayed oldest first; buys open lots per token, sells close them FIFO.
Realised PnL is what the matched part of each sale fetched less what those shares cost.
Shares sold that were bought before polycopy saw the wallet have no known cost, so that part
of a sale counts toward volume only. Redemptions, merges and splits are left out: the series
is the leader's trading, not their whole wallet (the Data API positions give that).
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from polycopy.signals.types import TradeSide


@dataclass(frozen=True, slots=True)
class LeaderTrade:
    at: dt.datetime
    token_id: str
    side: TradeSide
    size_micros: int
    usdc_micros: int


@dataclass(frozen=True, slots=True)
class PerformancePoint:
    at: dt.datetime
    volume_micros: int  # cumulative pUSD traded, both sides
    realized_pnl_micros: int  # cumulative


@dataclass(slots=True)
class _Lot:
    size_micros: int
    cost_micros: int


def performance(trades: Iterable[LeaderTrade]) -> list[PerformancePoint]:
    """One point per trade, in the given (chronological) order."""
    lots: dict[str, deque[_Lot]] = {}
    volume = realized = 0
    points: list[PerformancePoint] = []
    for trade in trades:
        volume += trade.usdc_micros
        book = lots.setdefault(trade.token_id, deque())
        if trade.side is TradeSide.BUY:
            book.append(_Lot(trade.size_micros, trade.usdc_micros))
        else:
            realized += _close(book, trade.size_micros, trade.usdc_micros)
        points.append(PerformancePoint(trade.at, volume, realized))
    return points


def _close(book: deque[_Lot], size_micros: int, proceeds_micros: int) -> int:
    """Consume ``size_micros`` FIFO and return the PnL of the part with a known cost."""
    left = size_micros
    cost = 0
    while left > 0 and book:
        lot = book[0]
        take = min(left, lot.size_micros)
        part = (
            lot.cost_micros
            if take == lot.size_micros
            else lot.cost_micros * take // lot.size_micros
        )
        lot.size_micros -= take
        lot.cost_micros -= part
        if lot.size_micros == 0:
            book.popleft()
        cost += part
        left -= take
    matched = size_micros - left
    if size_micros <= 0 or matched == 0:
        return 0
    return proceeds_micros * matched // size_micros - cost
