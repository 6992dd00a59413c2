"""What a copy would have paid: the book at decision time, the fill against it, the fee.

Where a recorded book of the traded token exists at or before the decision, the copy is
decided and filled against it. Elsewhere the book is *modelled* around the last price the
history shows for the token (docs/backtest.md, "Depth model"): the touch one tick apart on
either side of that price (the median spread of the recorded books), and behind it levels one
tick apart whose notional follows the median depth profile measured on the resolvedkit L2
books (CC BY 4.0; 30,157 two-sided snapshots with a mid in (0.05, 0.95)). Walking that profile
is the size impact: a large copy pays more ticks.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from polycopy.copying.evaluate import BookView, Levels, OrderIntent
from polycopy.kit.money import MICRO
from polycopy.signals.types import TradeSide

#: The tick the model and the decisions use: 0.01, Polymarket's tick between 0.04 and 0.96.
TICK_MICROS = 10_000
#: Median notional (pUSD) at the k-th level from the touch, k = 0..19, per side
#: (resolvedkit books.parquet, calibrated once; see docs/backtest.md).
DEPTH_PROFILE_MICROS: tuple[int, ...] = tuple(
    n * MICRO
    for n in (
        60,
        128,
        265,
        437,
        558,
        637,
        624,
        373,
        249,
        186,
        137,
        112,
        106,
        94,
        76,
        66,
        61,
        46,
        43,
        40,
    )
)
BPS = 10_000


@functools.lru_cache(maxsize=512)  # a book is immutable, and prices repeat
def modelled_book(last_price: int, tick: int = TICK_MICROS) -> BookView:
    """The model book around ``last_price``: asks from the price rounded up to the tick,
    bids from it rounded down (one tick below the asks when it is on the tick)."""
    ask = max(tick, min(MICRO - tick, -(-last_price // tick) * tick))
    bid = min(ask - tick, last_price // tick * tick)
    asks = tuple(
        (ask + k * tick, notional * MICRO // (ask + k * tick))
        for k, notional in enumerate(DEPTH_PROFILE_MICROS)
        if ask + k * tick < MICRO
    )
    bids = tuple(
        (bid - k * tick, notional * MICRO // (bid - k * tick))
        for k, notional in enumerate(DEPTH_PROFILE_MICROS)
        if bid - k * tick > 0
    )
    return BookView(bids=bids, asks=asks)


class RecordedBooks:
    """Recorded books by token, each a time series: the latest at or before a moment."""

    def __init__(self, books: Mapping[str, Sequence[tuple[int, BookView]]]) -> None:
        self._times = {t: [at for at, _ in sorted(s, key=lambda x: x[0])] for t, s in books.items()}
        self._books = {t: [b for _, b in sorted(s, key=lambda x: x[0])] for t, s in books.items()}

    def at(self, token: str, timestamp: int) -> BookView | None:
        times = self._times.get(token)
        if not times:
            return None
        index = bisect.bisect_right(times, timestamp) - 1
        return self._books[token][index] if index >= 0 else None


@dataclass(frozen=True, slots=True)
class Execution:
    """A copy filled against a book: shares and their notional, before fees."""

    shares_micros: int
    notional_micros: int

    @property
    def price_micros(self) -> int:
        """Average price (rounded down)."""
        return self.notional_micros * MICRO // self.shares_micros if self.shares_micros else 0


def execute(intent: OrderIntent, book: BookView) -> Execution | None:
    """Fill ``intent`` fill-or-kill against ``book`` within its limit; None when the book
    cannot fill it whole. A buy spends its amount (the shares it buys are rounded down);
    a sale sells its size (its proceeds are rounded down)."""
    limit = intent.limit_price_micros
    if intent.side is TradeSide.BUY:
        return _buy(intent.amount_micros or 0, book.asks, limit)
    return _sell(intent.size_micros or 0, book.bids, limit)


def _buy(amount: int, asks: Levels, limit: int) -> Execution | None:
    left, shares = amount, 0
    for price, size in asks:
        if left == 0 or price > limit:
            break
        take = min(left, price * size // MICRO)
        shares += take * MICRO // price
        left -= take
    if left > 0 or shares == 0:
        return None
    return Execution(shares, amount)


def _sell(size: int, bids: Levels, limit: int) -> Execution | None:
    left, notional = size, 0
    for price, depth in bids:
        if left == 0 or price < limit:
            break
        take = min(left, depth)
        notional += price * take // MICRO
        left -= take
    if left > 0 or size == 0:
        return None
    return Execution(size, notional)


def fee_micros(shares_micros: int, price_micros: int, rate_bps: int) -> int:
    """Polymarket's taker fee: shares × r × p × (1 − p), rounded down to the micro-unit."""
    return shares_micros * rate_bps * price_micros * (MICRO - price_micros) // (BPS * MICRO * MICRO)
