"""The benchmarks keep running as the code changes (their figures are not asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _run(*args: str) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, *args, "--json"], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


def test_reaction_bench_reports_its_figures() -> None:
    report = _run(str(BENCH / "reaction.py"), "--followers", "3", "--fills", "2")
    assert {"baseline_post_order", "one_follower", "fanout_3", "orders_per_s"} <= set(report)


def test_signing_bench_reports_its_figures() -> None:
    report = _run(str(BENCH / "signing.py"), "--seconds", "0.2")
    assert {"polycopy_per_s", "official_per_s", "ratio"} <= set(report)


def test_detection_bench_reports_its_figures() -> None:
    report = _run(str(BENCH / "detection.py"), "--fills", "2", "--gap", "0.05")
    for source in ("chain", "rtds", "data_api", "data_api_alone"):
        figures = report[source]
        assert isinstance(figures, dict)
        assert figures["n"] == 2
        assert figures["p50_ms"] >= 0  # shown before stored: both clocks are the host's
    assert "baseline_activity_request" in report
