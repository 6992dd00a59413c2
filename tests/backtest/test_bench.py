"""``bench/backtest.py`` keeps running as the code changes (its figures are not asserted)."""

from __future__ import annotations

from tests.test_bench_smoke import BENCH, _run


def test_backtest_bench_reports_its_figures() -> None:
    report = _run(str(BENCH / "backtest.py"), "--fills", "300", "--big", "600", "--live", "3")
    assert {"backtest_300", "live_decide_fill", "ratio_backtest_to_live", "memory"} <= set(report)
    memory = report["memory"]
    assert isinstance(memory, dict)
    assert set(memory) == {"300", "600"}
