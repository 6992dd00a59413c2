"""A portfolio backtest: several leaders' histories replayed together on one clock.

Each leader is a ``core.Backtest`` (the live decision code, unchanged) whose rule is the
portfolio's rule with the leader's budget (``allocation.weights``) as its leader budget. The
portfolio's limits are the account's, shared: total exposure, open positions, daily spend,
the daily loss and drawdown stops, and the per-event cap count what all leaders hold. The
rows of all histories are merged by time, and every pending decision of every leader is
taken in ``(due, leader, ordinal)`` order, so one leader's copy is seen by the next decision
of another. What the portfolio file may hold: docs/backtest.md, "A portfolio of leaders".
"""

from __future__ import annotations

import contextlib
import datetime as dt
import heapq
import statistics
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from polycopy.allocation.types import Allocation, LeaderInput, Weighting
from polycopy.allocation.weights import allocate
from polycopy.backtest.core import _DAY, Backtest, Decision, Report, _iso, _Pending
from polycopy.backtest.history import HistoryRow, Spool
from polycopy.backtest.run import DEFAULT_RULE, NoHistory, RuleFileError, equity_bucket
from polycopy.copying.evaluate import FollowerView
from polycopy.copying.settings import AccountLimits, RuleSettings
from polycopy.copying.types import AllocationMode, TradingState
from polycopy.leaders.copyability import rule_words, score
from polycopy.leaders.statistics import compute
from polycopy.leaders.walk_forward_store import _stat_fill

_Model = TypeVar("_Model", RuleSettings, AccountLimits)


@dataclass(frozen=True, slots=True)
class PortfolioLeader:
    wallet: str
    history: Path
    weight: Decimal | None = None  # manual weighting only


@dataclass(frozen=True, slots=True)
class Portfolio:
    """A portfolio file, validated: its leaders, weighting, total budget and limits."""

    leaders: list[PortfolioLeader]
    weighting: Weighting
    total_budget_micros: int
    rule: RuleSettings
    limits: AccountLimits
    cap: Decimal = Decimal(1)
    exclude_insignificant: bool = False


def load_portfolio(path: Path) -> Portfolio:
    """Read and validate a portfolio TOML; ``RuleFileError`` names the field that is wrong."""
    try:
        raw: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RuleFileError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RuleFileError(f"{path}: not valid TOML: {exc}") from None

    def bad(where: str, why: str) -> RuleFileError:
        return RuleFileError(f"{path}: {where}: {why}")

    try:
        weighting = Weighting(raw.get("weighting", "equal"))
    except ValueError:
        known = ", ".join(w.value for w in Weighting)
        raise bad("weighting", f"unknown weighting {raw.get('weighting')!r} ({known})") from None
    total = raw.get("total_budget_micros")
    if not isinstance(total, int) or isinstance(total, bool) or total <= 0:
        raise bad("total_budget_micros", "must be a whole number of micro-units above 0")
    cap = _decimal(raw.get("cap", "1"), "cap", bad)
    if not Decimal(0) < cap <= 1:
        raise bad("cap", "must be above 0 and at most 1")
    exclude = raw.get("exclude_insignificant", False)
    if not isinstance(exclude, bool):
        raise bad("exclude_insignificant", "must be true or false")
    items = raw.get("leaders")
    if not isinstance(items, list) or not items:
        raise bad("leaders", "a portfolio needs at least one leader ([[leaders]])")
    leaders = []
    for n, item in enumerate(items):
        where = f"leaders.{n}"
        if not isinstance(item, dict):
            raise bad(where, "must be a table")
        wallet, history = item.get("wallet"), item.get("history")
        if not isinstance(wallet, str) or not wallet.startswith("0x") or len(wallet) != 42:
            raise bad(f"{where}.wallet", "must be a 0x address of 40 hex digits")
        if not isinstance(history, str) or not history:
            raise bad(f"{where}.history", "the leader's history file is required")
        weight = None
        if "weight" in item:
            weight = _decimal(item["weight"], f"{where}.weight", bad)
            if weight < 0:
                raise bad(f"{where}.weight", "must not be negative")
        elif weighting is Weighting.MANUAL:
            raise bad(f"{where}.weight", "manual weighting needs a weight for every leader")
        leaders.append(PortfolioLeader(wallet.lower(), path.parent / history, weight))
    if len({leader.wallet for leader in leaders}) < len(leaders):
        raise bad("leaders", "a wallet is listed twice")
    limits_raw = dict(raw.get("limits", {}))
    # The per-event cap is the portfolio's: set on every leader's rule, counted across them.
    per_event = limits_raw.pop("max_event_exposure_micros", None)
    # No [rule]: the single-leader backtest's default (10 pUSD per leader buy).
    rule_raw = dict(raw.get("rule", DEFAULT_RULE.model_dump(exclude_unset=True)))
    if per_event is not None:
        rule_raw["max_event_exposure_micros"] = per_event
    rule = _validated(RuleSettings, rule_raw, "rule", bad)
    if rule.consensus is not None:  # the live consensus check reads stored fills, not a replay
        raise bad("rule.consensus", "the portfolio backtest does not replay consensus rules")
    limits = _validated(AccountLimits, limits_raw, "limits", bad)
    return Portfolio(leaders, weighting, total, rule, limits, cap, exclude)


def _validated(model: type[_Model], raw: dict[str, Any], table: str, bad: Any) -> _Model:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise bad(f"{table}.{where}" if where else table, first["msg"]) from None


def _decimal(value: object, where: str, bad: Any) -> Decimal:
    try:
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise InvalidOperation
        parsed = Decimal(str(value))
    except InvalidOperation:
        raise bad(where, f"not a number: {value!r}") from None
    if not parsed.is_finite():
        raise bad(where, f"not a number: {value!r}")
    return parsed


class _Account:
    """The figures of the portfolio's limits, over all its leaders' replays."""

    def __init__(self) -> None:
        self.members: list[_Member] = []
        self.realized = self.peak_realized = 0
        self.state = TradingState.ACTIVE


class _Member(Backtest):
    """One leader's replay whose account-wide figures are the portfolio's."""

    def __init__(self, account: _Account, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.account = account
        account.members.append(self)

    def _decide(self, item: _Pending) -> None:
        # A loss or drawdown stop of the account holds for every leader.
        self._states["account"] = self.account.state
        super()._decide(item)
        self.account.state = self._states["account"]

    def _follower_view(self, row: HistoryRow, traded: str, selling: bool, at: int) -> FollowerView:
        view = super()._follower_view(row, traded, selling, at)
        if selling:
            return view
        members, day = self.account.members, at // _DAY
        open_tokens = {token for m in members for token in m._open}
        return replace(
            view,
            event_exposure=sum(m._cost_by_event[row.event] for m in members),
            total_exposure=sum(m._total_cost for m in members),
            open_positions=len(open_tokens),
            holds_token=traded in open_tokens,
            daily_spend=sum(m._spent_by_day[day] for m in members),
            account_daily_pnl=sum(m._realized_by_day[day] for m in members),
            account_drawdown=self.account.peak_realized - self.account.realized,
        )

    def _realize(self, lot: Any, pnl: int, at: int) -> None:
        super()._realize(lot, pnl, at)
        self.account.realized += pnl
        self.account.peak_realized = max(self.account.peak_realized, self.account.realized)


_SHARE = Decimal("0.0001")
_SIGMA = Decimal("0.000001")


@dataclass(slots=True)
class PortfolioReport:
    allocations: list[Allocation]
    reports: dict[str, Report]  # by wallet: the leaders replayed (budget above 0)
    equity: list[tuple[int, int]] = field(default_factory=list)  # (unix end of bucket, PnL)
    max_drawdown_micros: int = 0
    peak_exposure_micros: int = 0  # the most the portfolio's open lots cost at once

    def _leader(self, allocation: Allocation, total_pnl: int) -> dict[str, Any]:
        """A leader's line; its contribution is its PnL's share of the portfolio's (of its
        absolute value, so a loser's share is negative)."""
        r = self.reports.get(allocation.wallet)
        pnl = r.pnl_micros if r else 0
        share = Decimal(pnl) / abs(total_pnl) if total_pnl else None
        return {
            "wallet": allocation.wallet,
            "weight": str(allocation.weight),
            "why": allocation.reason,
            "budget_micros": allocation.budget_micros,
            "copies": r.copies if r else 0,
            "skips": r.skips if r else 0,
            "skips_by_reason": dict(sorted(r.skips_by_reason.items())) if r else {},
            "spent_micros": r.spent_micros if r else 0,
            "pnl_micros": pnl,
            "contribution": None if share is None else str(share.quantize(_SHARE)),
        }

    def as_json(self) -> dict[str, Any]:
        total_pnl = sum(r.pnl_micros for r in self.reports.values())
        leaders = [self._leader(a, total_pnl) for a in self.allocations]
        reports = self.reports.values()
        firsts = [r.first_at for r in reports if r.first_at is not None]
        lasts = [r.last_at for r in reports if r.last_at is not None]
        return {
            "leaders": leaders,
            "budget_micros": sum(a.budget_micros for a in self.allocations),
            "fills": sum(r.fills for r in reports),
            "copies": sum(r.copies for r in reports),
            "skips": sum(r.skips for r in reports),
            "spent_micros": sum(r.spent_micros for r in reports),
            "fees_micros": sum(r.fees_micros for r in reports),
            "realized_pnl_micros": sum(r.realized_pnl_micros for r in reports),
            "unrealized_pnl_micros": sum(r.unrealized_pnl_micros for r in reports),
            "pnl_micros": total_pnl,
            "peak_exposure_micros": self.peak_exposure_micros,
            "max_drawdown_micros": self.max_drawdown_micros,
            "from": _iso(min(firsts)) if firsts else None,
            "to": _iso(max(lasts)) if lasts else None,
            "equity": [{"at": _iso(at), "pnl_micros": pnl} for at, pnl in self.equity],
        }


class PortfolioBacktest:
    """Feed ``(leader index, row)`` in time order, then ``finish``."""

    def __init__(
        self,
        rules: list[RuleSettings],
        limits: AccountLimits,
        *,
        bucket_seconds: int = 3_600,
        **options: Any,
    ) -> None:
        self.account = _Account()
        self.members = [
            _Member(self.account, rule, limits, bucket_seconds=bucket_seconds, **options)
            for rule in rules
        ]
        self.bucket = max(1, bucket_seconds)
        self.equity: list[tuple[int, int]] = []
        self._bucket_end: int | None = None
        self.peak_exposure = 0

    def feed(self, index: int, row: HistoryRow) -> None:
        self._decide_due(row.timestamp)
        if self._bucket_end is None:
            self._bucket_end = (row.timestamp // self.bucket + 1) * self.bucket
        elif row.timestamp >= self._bucket_end:
            self._point(self._bucket_end)
            self._bucket_end = (row.timestamp // self.bucket + 1) * self.bucket
        self.members[index].feed(row)  # nothing of any leader is due before it any more

    def finish(self, last_at: int | None) -> list[Report]:
        self._decide_due(None)
        reports = [m.finish() for m in self.members]
        if last_at is not None:
            self._point(last_at)
        return reports

    def _decide_due(self, before: int | None) -> None:
        """Every leader's decisions due before ``before``, the soonest first, on one clock."""
        while True:
            due = [
                (m._pending[0].due, i, m._pending[0].ordinal)
                for i, m in enumerate(self.members)
                if m._pending and (before is None or m._pending[0].due < before)
            ]
            if not due:
                return
            member = self.members[min(due)[1]]
            member._decide(heapq.heappop(member._pending))
            exposure = sum(m._total_cost for m in self.members)
            self.peak_exposure = max(self.peak_exposure, exposure)

    def _point(self, at: int) -> None:
        pnl = sum(m.follower.equity for m in self.members)
        if self.equity and self.equity[-1][0] >= at:
            self.equity[-1] = (self.equity[-1][0], pnl)
        else:
            self.equity.append((at, pnl))


def leader_rule(rule: RuleSettings, budget_micros: int) -> RuleSettings:
    """The portfolio's rule for one leader: its budget is the leader's cap (and, for
    proportional sizing, the budget the ratio is taken from)."""
    update: dict[str, Any] = {"leader_budget_micros": budget_micros}
    if rule.allocation is AllocationMode.PROPORTIONAL:
        update["budget_micros"] = budget_micros
    return RuleSettings.model_validate(rule.model_dump() | update)


def leader_inputs(portfolio: Portfolio, spools: list[Spool], **options: Any) -> list[LeaderInput]:
    """What the weighting reads of each leader, from its history in the window: the
    copyability score and the volatility of copied returns (a replay alone, through the
    portfolio's rule without a leader budget), and the ROI's confidence interval."""
    weighting, out = portfolio.weighting, []
    for leader, spool in zip(portfolio.leaders, spools, strict=True):
        figures: dict[str, Any] = {"manual_weight": leader.weight}
        if weighting in (Weighting.SCORE, Weighting.INVERSE_VOLATILITY, Weighting.RISK_PARITY):
            alone = Backtest(portfolio.rule, portfolio.limits, keep_lots=True, **options)
            for row in spool:
                alone.feed(row)
            report = alone.finish()
            figures["score"] = score(report, rule=rule_words(portfolio.rule), history="").score
            returns = [
                Decimal(lot.pnl_micros) / Decimal(lot.cost_micros)
                for lot in alone.lots
                if lot.cost_micros > 0
            ]
            if len(returns) >= 2:
                figures["volatility"] = statistics.pstdev(returns).quantize(_SIGMA)
        if portfolio.exclude_insignificant:
            roi = compute((_stat_fill(row) for row in spool), {}).roi
            figures["roi_low"] = None if roi.low is None else Decimal(roi.low)
            figures["roi_high"] = None if roi.high is None else Decimal(roi.high)
        out.append(LeaderInput(leader.wallet, **figures))
    return out


def run_portfolio(
    portfolio: Portfolio,
    *,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    on_decision: Any = None,
    **options: Any,
) -> PortfolioReport:
    """Weigh the leaders, then replay them all together. ``on_decision(wallet, decision)``
    sees every decision; ``options`` are ``Backtest``'s (delay, fees, stale bound...).
    Raises ``HistoryError`` or ``NoHistory`` (naming the leader's file)."""
    with contextlib.ExitStack() as stack:
        spools = []
        for leader in portfolio.leaders:
            spool = stack.enter_context(Spool())
            spool.load(
                leader.history,
                leader.wallet,
                since=int(since.timestamp()) if since else None,
                until=int(until.timestamp()) if until else None,
            )
            if spool.count == 0 or spool.first is None:
                window = " in that window" if since or until else ""
                raise NoHistory(f"{leader.history}: no rows of wallet {leader.wallet}{window}")
            spools.append(spool)
        allocations = allocate(
            portfolio.total_budget_micros,
            leader_inputs(portfolio, spools, **options),
            portfolio.weighting,
            cap=portfolio.cap,
            exclude_insignificant=portfolio.exclude_insignificant,
        )
        kept = [i for i, a in enumerate(allocations) if a.budget_micros > 0]
        first = min(spools[i].first or 0 for i in kept) if kept else 0
        last = max(spools[i].last or 0 for i in kept) if kept else 0
        engine = PortfolioBacktest(
            [leader_rule(portfolio.rule, allocations[i].budget_micros) for i in kept],
            portfolio.limits,
            bucket_seconds=equity_bucket(first, last),
            **options,
        )
        if on_decision is not None:
            for member, i in zip(engine.members, kept, strict=True):
                wallet = portfolio.leaders[i].wallet
                member.on_decision = _tagged(on_decision, wallet)
        for index, row in _merged([spools[i] for i in kept]):
            engine.feed(index, row)
        reports = engine.finish(last if kept else None)
    out = PortfolioReport(
        allocations,
        {allocations[i].wallet: r for i, r in zip(kept, reports, strict=True)},
        engine.equity,
        peak_exposure_micros=engine.peak_exposure,
    )
    peak = 0
    for _, pnl in out.equity:
        peak = max(peak, pnl)
        out.max_drawdown_micros = max(out.max_drawdown_micros, peak - pnl)
    return out


def _tagged(on_decision: Any, wallet: str) -> Any:
    return lambda decision: on_decision(wallet, decision)


def _merged(spools: list[Spool]) -> Iterator[tuple[int, HistoryRow]]:
    """All histories' rows by time (a tie: the leader listed first), each in its own order."""
    keyed = [_keyed(i, spool) for i, spool in enumerate(spools)]
    for _, i, row in heapq.merge(*keyed):
        yield i, row


def _keyed(index: int, spool: Spool) -> Iterator[tuple[tuple[int, int, int], int, HistoryRow]]:
    for n, row in enumerate(spool):
        yield (row.timestamp, index, n), index, row


__all__ = ["Decision", "Portfolio", "PortfolioReport", "load_portfolio", "run_portfolio"]
