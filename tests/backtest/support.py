"""Histories for backtest tests: the real exports in the shared data, and synthetic rows."""

from __future__ import annotations

from pathlib import Path

from polycopy.backtest.core import Backtest, Decision, Report
from polycopy.backtest.history import HistoryRow
from polycopy.backtest.run import run_backtest
from polycopy.copying.settings import AccountLimits, RuleSettings
from polycopy.signals.types import TradeSide
from tests.emulator.scenario_support import real

#: (file under the shared data, wallet, fills it holds once paging repeats are dropped)
REAL_HISTORIES = {
    "gabagool22": (
        "unarmedpuppy-homelab-ai/gabagool22-trades.csv",
        "0x6031b6eed1c97e853c6e0f03ad3ce3529351f96d",
        1500,
    ),
    "deeddit": (
        "edulabrador-polymarket-smart-money/activity_all.json",
        "0x09b428f7c2b469786286214aa5c90dd9015f7320",
        42,
    ),
    "signaldrift": (
        "minesja-signaldrift/polymarket_trades_0xd218e4.csv",
        "0xd218e474776403a330142299f7796e8ba32eb5c9",
        1000,
    ),
    "kch123": (
        "jm709-pscanner/activity.json",
        "0x6a72f61820b26b1fe4d956e17b6dc2a1ea3033ee",
        10,
    ),
}


def replay_real(
    name: str, rule: RuleSettings, limits: AccountLimits | None = None, **options: object
) -> tuple[Report, Backtest, list[Decision]]:
    relative, wallet, _ = REAL_HISTORIES[name]
    decisions: list[Decision] = []
    report, backtest = run_backtest(
        real(relative),
        wallet,
        rule,
        limits,
        keep_lots=True,
        on_decision=decisions.append,
        **options,  # type: ignore[arg-type]
    )
    return report, backtest, decisions


def real_path(name: str) -> Path:
    return real(REAL_HISTORIES[name][0])


def trade(
    ts: int,
    side: TradeSide,
    price: int,
    size: int,
    *,
    token: str = "t-yes",
    condition: str = "c1",
) -> HistoryRow:
    return HistoryRow(ts, "TRADE", condition, token, side, price, size, price * size // 1_000_000)


def redeem(ts: int, payout: int, *, condition: str = "c1") -> HistoryRow:
    return HistoryRow(ts, "REDEEM", condition, "", None, 0, payout, payout)
