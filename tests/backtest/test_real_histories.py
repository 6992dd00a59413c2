"""Backtests of real leader histories (read from the shared data; skipped when absent)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from polycopy.backtest.core import Backtest, Decision, Report
from polycopy.backtest.run import NoHistory, run_backtest
from polycopy.copying.settings import AccountLimits, RuleSettings
from polycopy.copying.types import SkipReason
from polycopy.kit.money import MICRO
from tests.backtest.support import REAL_HISTORIES, real_path, replay_real

RULES = {
    "fixed": (RuleSettings(fixed_amount_micros=10 * MICRO), None),
    "percentage_capped": (
        RuleSettings(
            allocation="percentage",
            percentage_bps=2_000,
            max_market_exposure_micros=200 * MICRO,
            max_slippage_bps=100,
        ),
        AccountLimits(max_total_exposure_micros=1_000 * MICRO, max_open_positions=8),
    ),
}


def _money_adds_up(report: Report, backtest: Backtest) -> None:
    lots = backtest.lots
    assert len(lots) == report.lots == report.copies - _sales(backtest)
    assert report.pnl_micros == sum(lot.pnl_micros for lot in lots) == report.lots_pnl_micros
    assert report.realized_pnl_micros + report.unrealized_pnl_micros == report.pnl_micros
    assert report.spent_micros == sum(lot.cost_micros for lot in lots)
    assert all(
        isinstance(v, int)
        for v in json.loads(json.dumps(report.as_json())).values()
        if not isinstance(v, (dict, list, str)) and v is not None
    )


def _sales(backtest: Backtest) -> int:
    return backtest.report.copies - backtest.report.lots


def _decided_once(report: Report, decisions: list[Decision]) -> None:
    ordinals = [d.ordinal for d in decisions]
    assert sorted(ordinals) == list(range(1, report.fills + 1))
    assert report.copies + report.skips == report.fills == len(decisions)
    assert Counter(d.reason for d in decisions if d.action == "skip") == report.skips_by_reason
    assert sum(report.skips_by_reason.values()) == report.skips


@pytest.mark.parametrize("history", sorted(REAL_HISTORIES))
@pytest.mark.parametrize("rule", sorted(RULES))
def test_every_fill_is_decided_once_and_money_adds_up(history: str, rule: str) -> None:
    settings, limits = RULES[rule]
    report, backtest, decisions = replay_real(history, settings, limits, delay_seconds=3)
    assert report.fills == REAL_HISTORIES[history][2]
    _decided_once(report, decisions)
    _money_adds_up(report, backtest)
    assert report.capital_needed_micros <= report.spent_micros
    if limits is not None and limits.max_total_exposure_micros is not None:
        assert report.capital_needed_micros <= limits.max_total_exposure_micros
    assert report.equity
    assert report.equity[-1].follower_micros == report.pnl_micros


def test_the_caps_of_the_rule_and_the_account_show_as_skips() -> None:
    settings, limits = RULES["percentage_capped"]
    report, backtest, decisions = replay_real("gabagool22", settings, limits)
    for cap in (SkipReason.MAX_OPEN_POSITIONS, SkipReason.MARKET_EXPOSURE):
        assert report.skips_by_reason[cap.value] > 0
    per_market: Counter[str] = Counter()
    for lot in backtest.lots:
        per_market[lot.condition_id] += lot.cost_micros
    assert len({lot.token for lot in backtest.lots}) <= 8
    assert max(per_market.values()) <= 200 * MICRO
    assert report.capital_needed_micros <= 1_000 * MICRO
    capped = [d for d in decisions if d.action == "copy" and d.details.get("capped_by")]
    assert capped, "a copy cut to a cap records which cap"


def test_a_detection_delay_past_the_stale_bound_copies_nothing() -> None:
    report, _, _ = replay_real("signaldrift", RULES["fixed"][0], delay_seconds=301)
    assert report.copies == 0
    assert report.skips_by_reason == {SkipReason.STALE.value: report.fills}


def test_a_v2_envelope_and_json_lines_replay_like_the_v1_array(tmp_path: Path) -> None:
    source = real_path("deeddit")
    rows = json.loads(source.read_text())
    (tmp_path / "v2.json").write_text(json.dumps({"data": rows, "next_cursor": None}))
    (tmp_path / "rows.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    wallet = REAL_HISTORIES["deeddit"][1]
    expected = run_backtest(source, wallet)[0].as_json()
    for name in ("v2.json", "rows.jsonl"):
        assert run_backtest(tmp_path / name, wallet)[0].as_json() == expected
    assert expected["redemptions"] == 2
    assert expected["events"]["REWARD"] == 4


@pytest.mark.parametrize("history", sorted(REAL_HISTORIES))
def test_rows_of_other_wallets_are_left_out(history: str) -> None:
    with pytest.raises(NoHistory, match="no rows of wallet 0x1111"):
        run_backtest(real_path(history), "0x" + "1" * 40)
