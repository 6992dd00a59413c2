"""A leader's statistics from its fills, with the lot accounting polycopy uses for followers.

Pure: fills in, figures out, nothing read or written. One pass, oldest first: a buy opens a
lot on its token; a sale consumes the token's lots FIFO (``portfolio.accounting``), a merge
consumes the same shares of each outcome, a redemption empties the market. Money is integer
micro-units; ratios are ``Decimal``. A *position* is one market (condition) from the first
lot opened while flat to the moment its last lot is gone; its PnL is what its lots realised.

A period (``since``) counts what happened inside it, with the lots of everything before: a
sale in the period of shares bought before it realises against their real cost.

Every figure carries its sample size; figures over closed positions carry a bootstrap
confidence interval (resamples drawn from a seeded RNG, so the same fills give the same
interval). docs/leader-statistics.md defines each one.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from polycopy.portfolio.accounting import OpenLot, consume_lots, split_proceeds
from polycopy.signals.types import LeaderEventType, TradeSide

MICRO = 1_000_000
BOOTSTRAP_RESAMPLES = 300
BOOTSTRAP_SEED = 17
CONFIDENCE = Decimal("0.95")
LATE_BUY_WINDOW = dt.timedelta(minutes=5)
TOP_MARKETS = 5
_RATIO = Decimal("0.0001")


@dataclass(frozen=True, slots=True)
class StatFill:
    """One leader event as statistics need it (shares and money in micro-units)."""

    at: dt.datetime
    condition_id: str
    token_id: str
    event_type: LeaderEventType
    side: TradeSide | None
    size_micros: int
    usdc_micros: int
    price_micros: int
    maker: bool | None = None
    """Whether the leader's order rested (maker) or took; None where the source does not say."""


@dataclass(frozen=True, slots=True)
class MarketFacts:
    """What polycopy stored about a market (Gamma): its end and its tags."""

    end: dt.datetime | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Stat:
    """One figure, how many observations it rests on, and its interval where meaningful."""

    value: int | Decimal | None
    sample_size: int
    low: int | Decimal | None = None
    high: int | Decimal | None = None


@dataclass(frozen=True, slots=True)
class ClosedPosition:
    condition_id: str
    opened_at: dt.datetime
    closed_at: dt.datetime
    cost_micros: int
    pnl_micros: int


@dataclass(frozen=True, slots=True)
class LeaderStatistics:
    realized_pnl_micros: Stat
    unrealized_pnl_micros: Stat
    capital_deployed_micros: Stat
    roi: Stat
    win_rate: Stat
    profit_factor: Stat
    max_drawdown_micros: Stat
    trades: Stat
    markets: Stat
    trade_size_p10_micros: Stat
    trade_size_p50_micros: Stat
    trade_size_p90_micros: Stat
    holding_seconds_p50: Stat
    holding_seconds_mean: Stat
    maker_share: Stat
    late_buy_share: Stat
    top_market_share: Stat
    unmatched_sells: Stat
    unmatched_sell_micros: Stat
    activity_by_hour: list[int]
    tags: dict[str, int]
    top_markets: list[tuple[str, int]]
    closed_positions: list[ClosedPosition] = field(repr=False)


@dataclass(slots=True)
class _Position:
    opened_at: dt.datetime
    cost_micros: int = 0
    pnl_micros: int = 0


@dataclass(slots=True)
class _Book:
    """Open lots per token, the market of each token, and the marks for equity.

    Each token's unrealised PnL is kept as a term of a running total, updated when the
    token is touched, so equity after every fill costs O(1) however many lots are open."""

    lots: dict[str, list[OpenLot]] = field(default_factory=dict)
    tokens: dict[str, set[str]] = field(default_factory=dict)
    marks: dict[str, int] = field(default_factory=dict)
    terms: dict[str, int] = field(default_factory=dict)
    unrealized: int = 0
    next_lot: int = 0

    def held(self, token: str) -> int:
        return sum(lot.remaining_size_micros for lot in self.lots.get(token, ()))

    def market_open(self, condition: str) -> bool:
        return any(self.lots.get(token) for token in self.tokens.get(condition, ()))

    def touch(self, token: str) -> None:
        lots = self.lots.get(token, ())
        cost = sum(lot.cost_micros for lot in lots)
        term = self.held(token) * self.marks.get(token, 0) // MICRO - cost
        self.unrealized += term - self.terms.get(token, 0)
        self.terms[token] = term


def compute(
    fills: Iterable[StatFill],
    markets: Mapping[str, MarketFacts],
    *,
    since: dt.datetime | None = None,
    seed: int = BOOTSTRAP_SEED,
    resamples: int = BOOTSTRAP_RESAMPLES,
) -> LeaderStatistics:
    """Statistics of the fills at or after ``since`` (all when None); ``fills`` oldest first."""
    builder = StatisticsBuilder(markets, since=since)
    for fill in fills:
        builder.add(fill)
    return builder.result(seed=seed, resamples=resamples)


class StatisticsBuilder:
    """The one pass of ``compute``, a fill at a time, so stored fills can stream in: it keeps
    the open lots, one size per trade (for the percentiles) and one row per closed position."""

    def __init__(self, markets: Mapping[str, MarketFacts], *, since: dt.datetime | None) -> None:
        self.markets = markets
        self.since = since
        self.book = _Book()
        self.positions: dict[str, _Position] = {}
        self.closed: list[ClosedPosition] = []
        self.realized = self.deployed = self.buys = self.trades = 0
        self.maker_known = self.makers = self.buys_with_end = self.late_buys = 0
        self.sells = self.unmatched = self.unmatched_size = 0
        self.peak: int | None = None
        self.drawdown = 0
        self.sizes: list[int] = []
        self.hours = [0] * 24
        self.tags: Counter[str] = Counter()
        self.volume: Counter[str] = Counter()

    def add(self, fill: StatFill) -> None:
        book = self.book
        counted = self.since is None or fill.at >= self.since
        if fill.token_id:
            book.tokens.setdefault(fill.condition_id, set()).add(fill.token_id)
        pnl = 0
        if fill.event_type is LeaderEventType.TRADE and fill.side is TradeSide.BUY:
            if not book.market_open(fill.condition_id):
                self.positions[fill.condition_id] = _Position(fill.at)
            book.next_lot += 1
            lot = OpenLot(book.next_lot, fill.size_micros, fill.usdc_micros)
            book.lots.setdefault(fill.token_id, []).append(lot)
            self.positions[fill.condition_id].cost_micros += fill.usdc_micros
            if counted:
                self.buys += 1
                self.deployed += fill.usdc_micros
                end = self.markets.get(fill.condition_id, MarketFacts()).end
                if end is not None:
                    self.buys_with_end += 1
                    self.late_buys += end - LATE_BUY_WINDOW <= fill.at <= end
        elif fill.event_type is LeaderEventType.TRADE and fill.side is TradeSide.SELL:
            pnl, missing = _sell(book, fill.token_id, fill.size_micros, fill.usdc_micros)
            if counted:
                self.sells += 1
                self.unmatched += missing > 0
                self.unmatched_size += missing
        elif fill.event_type is LeaderEventType.MERGE:
            pnl = _merge(book, fill.condition_id, fill.size_micros, fill.usdc_micros)
        elif fill.event_type is LeaderEventType.REDEEM:
            pnl = _redeem(book, fill.condition_id, fill.usdc_micros)
        if fill.event_type is LeaderEventType.TRADE and fill.token_id and fill.price_micros:
            book.marks[fill.token_id] = fill.price_micros
        for token in book.tokens.get(fill.condition_id, ()):
            book.touch(token)
        self._position(fill, pnl, counted=counted)
        if counted:
            self._count(fill, pnl)

    def _position(self, fill: StatFill, pnl: int, *, counted: bool) -> None:
        position = self.positions.get(fill.condition_id)
        if position is None:
            return
        position.pnl_micros += pnl
        if self.book.market_open(fill.condition_id):
            return
        del self.positions[fill.condition_id]
        if counted:
            self.closed.append(
                ClosedPosition(
                    fill.condition_id,
                    position.opened_at,
                    fill.at,
                    position.cost_micros,
                    position.pnl_micros,
                )
            )

    def _count(self, fill: StatFill, pnl: int) -> None:
        self.realized += pnl
        if fill.event_type is LeaderEventType.TRADE:
            self.trades += 1
            self.sizes.append(fill.usdc_micros)
            self.hours[fill.at.astimezone(dt.UTC).hour] += 1
            self.volume[fill.condition_id] += fill.usdc_micros
            self.tags.update(self.markets.get(fill.condition_id, MarketFacts()).tags)
            if fill.maker is not None:
                self.maker_known += 1
                self.makers += fill.maker
        equity = self.realized + self.book.unrealized
        if self.peak is None or equity > self.peak:
            self.peak = equity
        self.drawdown = max(self.drawdown, self.peak - equity)

    def result(
        self, *, seed: int = BOOTSTRAP_SEED, resamples: int = BOOTSTRAP_RESAMPLES
    ) -> LeaderStatistics:
        realized, unrealized, closed = self.realized, self.book.unrealized, self.closed
        sizes = sorted(self.sizes)
        pnls = [p.pnl_micros for p in closed]
        holds = [int((p.closed_at - p.opened_at).total_seconds()) for p in closed]
        ci = _bootstrap(pnls, holds, seed, resamples)
        holds.sort()
        top = self.volume.most_common(TOP_MARKETS)
        total_volume = sum(self.volume.values())
        open_tokens = sum(bool(lots) for lots in self.book.lots.values())
        # ROI's interval: its closed-position PnL replaced by the resampled totals.
        low, high = ci[_total]
        roi_interval: Interval = (None, None)
        if low is not None and high is not None:
            rest = realized + unrealized - sum(pnls)
            roi_interval = (
                _ratio(rest + int(low), self.deployed),
                _ratio(rest + int(high), self.deployed),
            )
        return LeaderStatistics(
            realized_pnl_micros=Stat(realized, len(closed), *ci[_total]),
            unrealized_pnl_micros=Stat(unrealized, open_tokens),
            capital_deployed_micros=Stat(self.deployed, self.buys),
            roi=Stat(_ratio(realized + unrealized, self.deployed), self.buys, *roi_interval),
            win_rate=Stat(_win_rate(pnls), len(pnls), *ci[_win_rate]),
            profit_factor=Stat(_profit_factor(pnls), len(pnls), *ci[_profit_factor]),
            max_drawdown_micros=Stat(self.drawdown, self.trades),
            trades=Stat(self.trades, self.trades),
            markets=Stat(len(self.volume), self.trades),
            trade_size_p10_micros=Stat(percentile(sizes, 10), len(sizes)),
            trade_size_p50_micros=Stat(percentile(sizes, 50), len(sizes)),
            trade_size_p90_micros=Stat(percentile(sizes, 90), len(sizes)),
            holding_seconds_p50=Stat(percentile(holds, 50), len(holds)),
            holding_seconds_mean=Stat(_mean(holds), len(holds), *ci[_mean]),
            maker_share=Stat(_ratio(self.makers, self.maker_known), self.maker_known),
            late_buy_share=Stat(_ratio(self.late_buys, self.buys_with_end), self.buys_with_end),
            top_market_share=Stat(
                _ratio(sum(v for _, v in top[:1]), total_volume), len(self.volume)
            ),
            unmatched_sells=Stat(self.unmatched, self.sells),
            unmatched_sell_micros=Stat(self.unmatched_size, self.sells),
            activity_by_hour=list(self.hours),
            tags=dict(sorted(self.tags.items(), key=lambda kv: (-kv[1], kv[0]))),
            top_markets=top,
            closed_positions=list(closed),
        )


def _sell(book: _Book, token: str, size: int, proceeds: int) -> tuple[int, int]:
    """(PnL of the part of a sale with recorded lots, shares sold without one)."""
    held = book.held(token)
    matched = min(size, held)
    if matched <= 0:
        return 0, size
    part = proceeds * matched // size if size else 0
    return _consume(book, token, matched, part), size - matched


def _consume(book: _Book, token: str, size: int, proceeds: int) -> int:
    lots = book.lots[token]
    parts = consume_lots(lots, size, proceeds)
    used = {c.lot_id: c for c in parts}
    left = []
    for lot in lots:
        if lot.lot_id not in used:
            left.append(lot)
            continue
        take = used[lot.lot_id]
        if take.size_micros < lot.remaining_size_micros:
            left.append(
                OpenLot(
                    lot.lot_id,
                    lot.remaining_size_micros - take.size_micros,
                    lot.cost_micros - take.cost_micros,
                )
            )
    book.lots[token] = left
    return sum(c.realized_pnl_micros for c in parts)


def _merge(book: _Book, condition: str, size: int, proceeds: int) -> int:
    """A merge returns ``size`` shares of every outcome for collateral: it sells the held
    part of each outcome, the collateral shared by their cost."""
    tokens = sorted(t for t in book.tokens.get(condition, ()) if book.held(t))
    if not tokens:
        return 0
    sized = [(t, min(size, book.held(t))) for t in tokens]
    costs = [_cost_of(book, t, s) for t, s in sized]
    return sum(
        _consume(book, token, shares, share)
        for (token, shares), share in zip(sized, split_proceeds(proceeds, costs), strict=True)
    )


def _redeem(book: _Book, condition: str, payout: int) -> int:
    """A redemption empties the market: every open lot of it closes, the payout shared by
    cost (the market's PnL is exact; its split between outcomes does not matter)."""
    tokens = sorted(t for t in book.tokens.get(condition, ()) if book.held(t))
    if not tokens:
        return 0
    costs = [sum(lot.cost_micros for lot in book.lots[t]) for t in tokens]
    return sum(
        _consume(book, token, book.held(token), share)
        for token, share in zip(tokens, split_proceeds(payout, costs), strict=True)
    )


def _cost_of(book: _Book, token: str, size: int) -> int:
    return sum(c.cost_micros for c in consume_lots(book.lots[token], size, 0))


def percentile(ordered: Sequence[int], pct: int) -> int | None:
    """Nearest-rank percentile of an ascending sequence (None when empty)."""
    if not ordered:
        return None
    rank = max(1, -(-pct * len(ordered) // 100))
    return ordered[rank - 1]


def _ratio(part: int, whole: int) -> Decimal | None:
    return None if whole == 0 else (Decimal(part) / Decimal(whole)).quantize(_RATIO)


def _total(values: Sequence[int]) -> int:
    return sum(values)


def _mean(values: Sequence[int]) -> int | None:
    """Rounded toward minus infinity; None when empty."""
    return sum(values) // len(values) if values else None


def _win_rate(pnls: Sequence[int]) -> Decimal | None:
    return _ratio(sum(1 for p in pnls if p > 0), len(pnls))


def _profit_factor(pnls: Sequence[int]) -> Decimal | None:
    """Gross profit over gross loss; None without a loss (unbounded)."""
    return _ratio(sum(p for p in pnls if p > 0), -sum(p for p in pnls if p < 0))


Interval = tuple[int | Decimal | None, int | Decimal | None]


def _bootstrap(
    pnls: Sequence[int], holds: Sequence[int], seed: int, resamples: int
) -> dict[Callable[[Sequence[int]], int | Decimal | None], Interval]:
    """95 % percentile bootstrap intervals of the closed-position statistics, each keyed by
    its function; one resample of the positions per round serves all of them (no interval
    below two positions)."""
    on_pnl = (_total, _win_rate, _profit_factor)
    if len(pnls) < 2:
        return dict.fromkeys((*on_pnl, _mean), (None, None))
    rng = random.Random(seed)  # noqa: S311 (a reproducible resample, not a secret)
    draws: dict[Callable[[Sequence[int]], int | Decimal | None], list[int | Decimal]] = {
        statistic: [] for statistic in (*on_pnl, _mean)
    }
    positions = range(len(pnls))
    for _ in range(resamples):
        picked = rng.choices(positions, k=len(pnls))
        sample = [pnls[i] for i in picked]
        for statistic in on_pnl:
            if (value := statistic(sample)) is not None:
                draws[statistic].append(value)
        if (mean := _mean([holds[i] for i in picked])) is not None:
            draws[_mean].append(mean)
    return {statistic: _percentiles(sorted(values)) for statistic, values in draws.items()}


def _percentiles(ordered: Sequence[int | Decimal]) -> Interval:
    if not ordered:
        return None, None
    tail = (1 - CONFIDENCE) / 2
    return ordered[int(tail * (len(ordered) - 1))], ordered[int((1 - tail) * (len(ordered) - 1))]
