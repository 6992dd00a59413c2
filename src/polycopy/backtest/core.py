"""The pure replay: a leader's rows in, decisions and a follower's lots out.

Each leader trade is decided by ``copying.evaluate.evaluate``, the function a live rule
calls, its detection delay after it happened (one for every fill, or each its own:
``delay_of``), against the book of that moment, with the
follower's state as the replay has built it so far (DESIGN.md invariant 13: one decision
code, two drivers). A copy is filled fill-or-kill against the same book (``pricing``), booked
as a lot, and sold FIFO with ``portfolio.accounting.consume_lots`` as the live portfolio does;
a REDEEM of the leader resolves the market for the follower too. Memory is bounded by what
is open (lots, pending decisions), not by the length of the history, unless ``keep_lots``.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from polycopy.backtest.history import HistoryRow
from polycopy.backtest.pricing import (
    TICK_MICROS,
    Execution,
    RecordedBooks,
    execute,
    fee_micros,
    modelled_book,
)
from polycopy.copying.evaluate import (
    BookView,
    FillView,
    FollowerView,
    LeaderView,
    MarketView,
    OrderIntent,
    States,
    evaluate,
)
from polycopy.copying.settings import AccountLimits, RuleSettings
from polycopy.copying.sizing import (
    CONVICTION_LOOKBACK,
    SHARE_STEP_MICROS,
    median_trade,
    ratio_text,
)
from polycopy.copying.types import AllocationMode, SkipReason, TradingState, ValueSource
from polycopy.kit.errors import InvalidInputError
from polycopy.kit.money import MICRO
from polycopy.portfolio.accounting import (
    OpenLot,
    consume_lots,
    redemption_payout,
    split_proceeds,
)
from polycopy.portfolio.valuation import CopiedFill, Tracking, tracking
from polycopy.signals.types import TradeSide

#: A per-fill detection delay: ``(ordinal, row) -> seconds`` after the fill happened that it
#: is decided (the ordinal is ``Decision.ordinal``: 1 for the history's first trade).
DelayOf = Callable[[int, HistoryRow], int]
#: Polymarket's usual minimum order size (5 shares); the decision code does not read it.
MIN_ORDER_MICROS = 5 * MICRO
#: Why a copy the rule wanted did not fill: the book could not fill it whole (FOK).
NOT_FILLED = "not_filled"
_DAY = 86_400


@dataclass(slots=True)
class Lot:
    """A follower lot: what it cost (fees included) and what it has returned so far."""

    lot_id: int
    token: str
    condition_id: str
    event: str
    opened_at: int
    size_micros: int
    cost_micros: int
    remaining_size_micros: int
    remaining_cost_micros: int
    realized_micros: int = 0
    unrealized_micros: int = 0  # set by ``Backtest.finish``: its share of the mark

    @property
    def pnl_micros(self) -> int:
        return self.realized_micros + self.unrealized_micros


@dataclass(frozen=True, slots=True)
class Decision:
    """What the replay decided for one leader fill (the ``ordinal``-th of the history)."""

    ordinal: int
    occurred_at: int
    decided_at: int
    token: str
    side: TradeSide | None
    action: str  # "copy" or "skip"
    reason: str | None
    amount_micros: int | None  # a buy's pUSD
    size_micros: int | None  # a sale's shares
    details: dict[str, int | str]


class Ledger:
    """Cash and positions marked at the last price: equity = cash + marked value."""

    __slots__ = ("_values", "cash", "marked", "prices", "shares")

    def __init__(self) -> None:
        self.cash = 0
        self.marked = 0
        self.shares: dict[str, int] = {}
        self.prices: dict[str, int] = {}
        self._values: dict[str, int] = {}

    @property
    def equity(self) -> int:
        return self.cash + self.marked

    def trade(self, token: str, side: TradeSide, shares: int, cash: int) -> None:
        held = self.shares.get(token, 0)
        if side is TradeSide.BUY:
            self.cash -= cash
            self.shares[token] = held + shares
        else:
            self.cash += cash
            self.shares[token] = max(0, held - shares)
        self._revalue(token)

    def settle(self, token: str, payout: int) -> None:
        """The token's shares leave for ``payout`` (a redemption)."""
        self.cash += payout
        self.shares[token] = 0
        self._revalue(token)

    def mark(self, token: str, price: int) -> None:
        self.prices[token] = price
        self._revalue(token)

    def _revalue(self, token: str) -> None:
        value = self.shares.get(token, 0) * self.prices.get(token, 0) // MICRO
        self.marked += value - self._values.get(token, 0)
        self._values[token] = value


@dataclass(frozen=True, slots=True)
class EquityPoint:
    at: int  # unix seconds, the end of the bucket
    follower_micros: int  # follower PnL: cash flows + open shares at the last price
    leader_micros: int  # the leader's, the same way (its history only)


@dataclass(slots=True)
class Report:
    fills: int = 0
    copies: int = 0
    skips: int = 0
    skips_by_reason: Counter[str] = field(default_factory=Counter)
    events: Counter[str] = field(default_factory=Counter)  # non-trade rows by type
    redemptions: int = 0
    capital_needed_micros: int = 0
    spent_micros: int = 0
    proceeds_micros: int = 0
    payouts_micros: int = 0
    fees_micros: int = 0
    realized_pnl_micros: int = 0
    unrealized_pnl_micros: int = 0
    pnl_micros: int = 0
    lots_pnl_micros: int = 0
    lots: int = 0
    open_lots: int = 0
    leader_pnl_micros: int = 0
    tracking: Tracking = field(default_factory=Tracking)
    equity: list[EquityPoint] = field(default_factory=list)
    first_at: int | None = None
    last_at: int | None = None
    # Proportional sizing's inputs: budget ÷ leader value = the share of each leader trade.
    proportional: dict[str, int | str] | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "fills": self.fills,
            "copies": self.copies,
            "proportional": self.proportional,
            "skips": self.skips,
            "skips_by_reason": dict(sorted(self.skips_by_reason.items())),
            "events": dict(sorted(self.events.items())),
            "redemptions": self.redemptions,
            "capital_needed_micros": self.capital_needed_micros,
            "spent_micros": self.spent_micros,
            "proceeds_micros": self.proceeds_micros,
            "payouts_micros": self.payouts_micros,
            "fees_micros": self.fees_micros,
            "slippage_cost_micros": self.tracking.slippage_cost_micros,
            "tracking_error_bps": self.tracking.slippage_bps,
            "copied_notional_at_leader_prices_micros": self.tracking.notional_micros,
            "realized_pnl_micros": self.realized_pnl_micros,
            "unrealized_pnl_micros": self.unrealized_pnl_micros,
            "pnl_micros": self.pnl_micros,
            "lots_pnl_micros": self.lots_pnl_micros,
            "lots": self.lots,
            "open_lots": self.open_lots,
            "leader_pnl_micros": self.leader_pnl_micros,
            "from": _iso(self.first_at),
            "to": _iso(self.last_at),
            "equity": [
                {
                    "at": _iso(p.at),
                    "follower_micros": p.follower_micros,
                    "leader_micros": p.leader_micros,
                }
                for p in self.equity
            ],
        }


def _iso(ts: int | None) -> str | None:
    return None if ts is None else dt.datetime.fromtimestamp(ts, dt.UTC).isoformat()


@dataclass(frozen=True, slots=True, order=True)
class _Pending:
    """A fill waiting for its decision; pending fills are decided in ``(due, ordinal)``
    order (the fields compared), so a fill seen sooner is decided first."""

    due: int
    ordinal: int
    row: HistoryRow = field(compare=False)
    leader_before: int = field(compare=False)
    # The median of the leader's trades before this one (conviction sizing), as live reads it.
    median_before: int | None = field(compare=False, default=None)


def refuse_consensus(rule: RuleSettings) -> None:
    """A backtest replays one leader's history: it cannot see whether other leaders agreed,
    so a consensus rule is refused rather than replayed as if they never did."""
    if rule.consensus is not None:
        raise InvalidInputError(
            "consensus: a backtest replays one leader's history and cannot see the other "
            "leaders' fills; remove consensus to backtest this rule"
        )


class Backtest:
    """Feed rows in time order (``feed``), then ``finish`` for the report."""

    def __init__(
        self,
        rule: RuleSettings,
        limits: AccountLimits | None = None,
        *,
        delay_seconds: int = 0,
        delay_of: DelayOf | None = None,
        stale_after: dt.timedelta = dt.timedelta(seconds=300),
        books: RecordedBooks | None = None,
        fee_rate_bps: int = 0,
        fee_rates: dict[str, int] | None = None,
        bucket_seconds: int = 3_600,
        keep_lots: bool = False,
        on_decision: Callable[[Decision], None] | None = None,
        leader_value_micros: int | None = None,
        states: States | None = None,
    ) -> None:
        refuse_consensus(rule)
        self.rule, self.limits = rule, limits or AccountLimits()
        # An export carries no portfolio value: proportional sizing needs one given.
        self.leader_value = leader_value_micros
        self.delay, self.stale_after, self.books = delay_seconds, stale_after, books
        # A delay per fill (e.g. what a live run measured) in place of the one delay.
        self.delay_of = delay_of
        self.fee_rate_bps, self.fee_rates = fee_rate_bps, fee_rates or {}
        self.bucket, self.keep_lots, self.on_decision = (
            max(1, bucket_seconds),
            keep_lots,
            on_decision,
        )
        self.report = Report()
        if rule.allocation is AllocationMode.PROPORTIONAL and leader_value_micros:
            self.report.proportional = {
                "leader_value_micros": leader_value_micros,
                "budget_micros": rule.budget_micros or 0,
                "ratio": ratio_text(rule.budget_micros or 0, leader_value_micros),
            }
        self.follower, self.leader = Ledger(), Ledger()
        self.lots: list[Lot] = []  # every lot, with ``keep_lots``
        self._open: dict[str, list[Lot]] = {}  # open lots by token, oldest first
        self._cost_by_condition: Counter[str] = Counter()
        self._cost_by_event: Counter[str] = Counter()
        self._total_cost = 0
        self._spent_by_day: Counter[int] = Counter()
        self._realized_by_day: Counter[int] = Counter()
        self._realized = self._peak_realized = 0
        self._closed_lots_pnl = 0
        self._next_lot = 1
        self._tokens: dict[str, list[str]] = {}  # outcome tokens seen, by condition
        self._resolved: set[str] = set()
        self._pending: list[_Pending] = []  # a heap: the next due first
        self._ordinal = 0
        self._recent: deque[int] = deque(maxlen=CONVICTION_LOOKBACK)  # trade notionals
        self._bucket_end: int | None = None
        # The states the replay starts in (the rule preview starts from the account's now).
        start = states or States()
        self._global_halted = start.global_halted
        self._states = {"rule": start.rule, "account": start.account}

    # --- driving ----------------------------------------------------------------------------

    def feed(self, row: HistoryRow) -> None:
        """One history row, in time order: the decisions due before it, then the row."""
        self._decide_due(row.timestamp)
        self._equity_to(row.timestamp)
        report = self.report
        report.first_at = row.timestamp if report.first_at is None else report.first_at
        report.last_at = row.timestamp
        if row.kind == "REDEEM":
            self._redeem(row)
            return
        if row.kind != "TRADE":
            report.events[row.kind] += 1
            return
        self._ordinal += 1
        before = self.leader.shares.get(row.token, 0)
        if row.token:
            tokens = self._tokens.setdefault(row.condition_id, [])
            if row.token not in tokens:
                tokens.append(row.token)
            self.leader.mark(row.token, row.price_micros)
            self.follower.mark(row.token, row.price_micros)
            if row.side is not None:
                self.leader.trade(row.token, row.side, row.size_micros, row.usdc_micros)
        delay = self.delay if self.delay_of is None else self.delay_of(self._ordinal, row)
        median = median_trade(self._recent)
        self._recent.append(row.usdc_micros)
        heapq.heappush(
            self._pending, _Pending(row.timestamp + delay, self._ordinal, row, before, median)
        )

    def finish(self) -> Report:
        """Decide what is still pending, mark the open lots and total the report."""
        self._decide_due(None)
        report = self.report
        if report.last_at is not None:
            self._equity_to(None)
            self._point(report.last_at)
        unrealized = 0
        for token, lots in self._open.items():
            value = (
                sum(lot.remaining_size_micros for lot in lots)
                * self.follower.prices.get(token, 0)
                // MICRO
            )
            for lot, share in zip(
                lots,
                split_proceeds(value, [lot.remaining_cost_micros for lot in lots]),
                strict=True,
            ):
                lot.unrealized_micros = share - lot.remaining_cost_micros
                unrealized += lot.unrealized_micros
        open_lots = [lot for lots in self._open.values() for lot in lots]
        report.open_lots = len(open_lots)
        report.realized_pnl_micros = self._closed_lots_pnl + sum(
            lot.realized_micros for lot in open_lots
        )
        report.unrealized_pnl_micros = unrealized
        report.lots_pnl_micros = report.realized_pnl_micros + unrealized
        report.pnl_micros = self.follower.equity
        report.leader_pnl_micros = self.leader.equity
        return report

    # --- decisions --------------------------------------------------------------------------

    def _decide_due(self, before: int | None) -> None:
        pending = self._pending
        while pending and (before is None or pending[0].due < before):
            self._decide(heapq.heappop(pending))

    def _opposite(self, condition_id: str, token: str) -> str | None:
        tokens = self._tokens.get(condition_id, [])
        others = [t for t in tokens if t != token]
        return others[0] if len(tokens) == 2 else None

    def _book(self, token: str, opposite: str | None, at: int) -> BookView:
        if self.books is not None:
            recorded = self.books.at(token, at)
            if recorded is not None:
                return recorded
        prices = self.follower.prices
        if token in prices:
            return modelled_book(prices[token])
        if opposite is not None and opposite in prices:
            return modelled_book(MICRO - prices[opposite])
        return BookView()

    def _decide(self, item: _Pending) -> None:
        row, report = item.row, self.report
        report.fills += 1
        if row.side is None or not row.token:
            self._skip(item, SkipReason.NOT_A_TRADE.value, {"event_type": row.kind})
            return
        at = item.due
        opposite = self._opposite(row.condition_id, row.token)
        traded = opposite if self.rule.inverse and opposite else row.token
        selling = row.side is TradeSide.SELL
        market = MarketView(
            tick_size_micros=TICK_MICROS,
            min_order_size_micros=MIN_ORDER_MICROS,
            closed=row.condition_id in self._resolved,
            question=row.title,
            opposite_token_id=opposite,
        )
        book = self._book(traded, None if traded == opposite else opposite, at)
        verdict = evaluate(
            FillView(
                row.side, row.token, row.price_micros, row.size_micros, row.usdc_micros, row.at
            ),
            self.rule,
            self.limits,
            self._follower_view(row, traded, selling, at),
            market,
            book,
            LeaderView(
                position_before_micros=item.leader_before,
                portfolio_value_micros=self.leader_value,
                value_source=None if self.leader_value is None else ValueSource.POSITIONS_AND_CASH,
                median_trade_micros=item.median_before,
            ),
            States(
                global_halted=self._global_halted,
                account=self._states["account"],
                rule=self._states["rule"],
            ),
            now=dt.datetime.fromtimestamp(at, dt.UTC),
            stale_after=self.stale_after,
        )
        if verdict.stop is not None:
            self._states[verdict.stop.scope] = TradingState.REDUCING
        intent = verdict.intent
        if intent is None:
            self._skip(item, (verdict.reason or SkipReason.NOT_A_TRADE).value, verdict.details)
            return
        filled = execute(intent, book)
        if filled is None:
            self._skip(item, NOT_FILLED, verdict.details)
            return
        report.copies += 1
        self._book_fill(row, intent, filled, at)
        if self.on_decision is not None:
            self.on_decision(
                Decision(
                    item.ordinal,
                    row.timestamp,
                    at,
                    intent.token_id,
                    intent.side,
                    "copy",
                    None,
                    intent.amount_micros,
                    intent.size_micros,
                    verdict.details,
                )
            )

    def _skip(self, item: _Pending, reason: str, details: dict[str, int | str]) -> None:
        self.report.skips += 1
        self.report.skips_by_reason[reason] += 1
        if self.on_decision is not None:
            row = item.row
            self.on_decision(
                Decision(
                    item.ordinal,
                    row.timestamp,
                    item.due,
                    row.token,
                    row.side,
                    "skip",
                    reason,
                    None,
                    None,
                    details,
                )
            )

    def _follower_view(self, row: HistoryRow, traded: str, selling: bool, at: int) -> FollowerView:
        if selling:
            return FollowerView(held_for_leader=self.follower.shares.get(traded, 0))
        day = at // _DAY
        realized_today = self._realized_by_day[day]
        return FollowerView(
            market_exposure=self._cost_by_condition[row.condition_id],
            event_exposure=self._cost_by_event[row.event],
            leader_exposure=self._total_cost,
            total_exposure=self._total_cost,
            open_positions=len(self._open),
            holds_token=traded in self._open,
            daily_spend=self._spent_by_day[day],
            rule_daily_pnl=realized_today,
            account_daily_pnl=realized_today,
            rule_drawdown=self._peak_realized - self._realized,
            account_drawdown=self._peak_realized - self._realized,
        )

    # --- booking ----------------------------------------------------------------------------

    def _fee(self, condition_id: str, filled: Execution) -> int:
        rate = self.fee_rates.get(condition_id, self.fee_rate_bps)
        return fee_micros(filled.shares_micros, filled.price_micros, rate)

    def _book_fill(self, row: HistoryRow, intent: OrderIntent, filled: Execution, at: int) -> None:
        report, token = self.report, intent.token_id
        fee = self._fee(row.condition_id, filled)
        report.fees_micros += fee
        copied = CopiedFill(
            intent.side, filled.shares_micros, filled.price_micros, _reference(row, token)
        )
        one = tracking([copied])
        report.tracking.fills += one.fills
        report.tracking.slippage_cost_micros += one.slippage_cost_micros
        report.tracking.notional_micros += one.notional_micros
        if intent.side is TradeSide.BUY:
            cost = filled.notional_micros + fee
            lot = Lot(
                self._next_lot,
                token,
                row.condition_id,
                row.event,
                at,
                filled.shares_micros,
                cost,
                filled.shares_micros,
                cost,
            )
            self._next_lot += 1
            report.lots += 1
            if self.keep_lots:
                self.lots.append(lot)
            self._open.setdefault(token, []).append(lot)
            self._exposure(lot, cost)
            self._spent_by_day[at // _DAY] += filled.notional_micros
            report.spent_micros += cost
            self.follower.trade(token, TradeSide.BUY, filled.shares_micros, cost)
            report.capital_needed_micros = max(report.capital_needed_micros, -self.follower.cash)
            return
        proceeds = filled.notional_micros - fee
        report.proceeds_micros += proceeds
        lots = _oldest_covering(self._open[token], filled.shares_micros)
        consumed = consume_lots(
            [
                OpenLot(lot.lot_id, lot.remaining_size_micros, lot.remaining_cost_micros)
                for lot in lots
            ],
            filled.shares_micros,
            proceeds,
        )
        by_id = {lot.lot_id: lot for lot in lots}
        for part in consumed:
            lot = by_id[part.lot_id]
            lot.remaining_size_micros -= part.size_micros
            lot.remaining_cost_micros -= part.cost_micros
            self._exposure(lot, -part.cost_micros)
            self._realize(lot, part.realized_pnl_micros, at)
        self._drop_closed(token)
        self.follower.trade(token, TradeSide.SELL, filled.shares_micros, proceeds)

    def _exposure(self, lot: Lot, delta: int) -> None:
        self._cost_by_condition[lot.condition_id] += delta
        self._cost_by_event[lot.event] += delta
        self._total_cost += delta

    def _realize(self, lot: Lot, pnl: int, at: int) -> None:
        lot.realized_micros += pnl
        self._realized += pnl
        self._peak_realized = max(self._peak_realized, self._realized)
        self._realized_by_day[at // _DAY] += pnl

    def _drop_closed(self, token: str) -> None:
        """Forget the lots sales and redemptions emptied: the oldest (FIFO), or all."""
        lots = self._open[token]
        closed = 0
        while closed < len(lots) and lots[closed].remaining_size_micros == 0:
            self._closed_lots_pnl += lots[closed].pnl_micros
            closed += 1
        del lots[:closed]
        if not lots:
            del self._open[token]

    # --- resolution -------------------------------------------------------------------------

    def _redeem(self, row: HistoryRow) -> None:
        """The leader redeemed ``row.condition_id``: which outcome won, as far as its own
        holdings tell (docs/backtest.md, "Redemption"), settles the follower's lots too."""
        report = self.report
        report.redemptions += 1
        condition = row.condition_id
        tokens = self._tokens.get(condition, [])
        held = {t: self.leader.shares.get(t, 0) for t in tokens if self.leader.shares.get(t, 0) > 0}
        payout = row.usdc_micros
        winner: str | None = None
        losers: set[str] = set()
        if payout > 0:
            near = [
                t for t, s in held.items() if abs(s - payout) <= max(SHARE_STEP_MICROS, s // 100)
            ]
            if len(near) == 1:
                winner = near[0]
                losers = set(tokens) - {winner}
        else:
            losers = set(held)
            rest = [t for t in tokens if t not in held]
            if len(tokens) == 2 and len(rest) == 1:
                winner = rest[0]
        for token in held:
            self.leader.settle(token, 0)
        # Only shares the history showed it buy count: a payout for older positions is not PnL.
        self.leader.cash += min(payout, sum(held.values()))
        if winner is None and not losers:
            return  # nothing can be told: the follower's lots stay open, marked at the last price
        self._resolved.add(condition)
        for token in ([winner] if winner else []) + sorted(losers):
            price = MICRO if token == winner else 0
            self.leader.mark(token, price)
            self.follower.mark(token, price)
            lots = self._open.get(token)
            if not lots:
                continue
            paid = 0
            for lot in lots:
                out = redemption_payout(lot.remaining_size_micros, winner=token == winner)
                self._exposure(lot, -lot.remaining_cost_micros)
                self._realize(lot, out - lot.remaining_cost_micros, row.timestamp)
                lot.remaining_size_micros = lot.remaining_cost_micros = 0
                paid += out
            report.payouts_micros += paid
            self._drop_closed(token)
            self.follower.settle(token, paid)

    # --- equity curve -----------------------------------------------------------------------

    def _equity_to(self, now: int | None) -> None:
        if self._bucket_end is None:
            if now is not None:
                self._bucket_end = (now // self.bucket + 1) * self.bucket
            return
        if now is None or now >= self._bucket_end:
            self._point(self._bucket_end)
            if now is not None:
                self._bucket_end = (now // self.bucket + 1) * self.bucket

    def _point(self, at: int) -> None:
        equity = self.report.equity
        point = EquityPoint(at, self.follower.equity, self.leader.equity)
        if equity and equity[-1].at >= at:
            equity[-1] = EquityPoint(equity[-1].at, point.follower_micros, point.leader_micros)
        else:
            equity.append(point)


def _oldest_covering(lots: list[Lot], size: int) -> list[Lot]:
    """The oldest lots that hold ``size`` shares together: all a FIFO sale can touch."""
    held = 0
    for count, lot in enumerate(lots, 1):
        held += lot.remaining_size_micros
        if held >= size:
            return lots[:count]
    return lots


def _reference(row: HistoryRow, token: str) -> int:
    """The leader's price in the traded token (its complement for an inverse copy)."""
    return row.price_micros if token == row.token else MICRO - row.price_micros
