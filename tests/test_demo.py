"""The README's promise: `polycopy demo --headless --duration 20 --json` copies fills end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def test_headless_demo_copies_a_leader_fill_into_a_filled_order_and_a_lot(tmp_path: Path) -> None:
    env = {**os.environ, "POLYCOPY_DATA_DIR": str(tmp_path), "POLYCOPY_LOG_LEVEL": "WARNING"}
    env.pop("POLYCOPY_DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "polycopy", "demo", "--headless", "--duration", "20", "--json"],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    summary = json.loads(result.stdout)
    assert summary["leader_fills_seen"] >= 1
    assert summary["decisions"]["copy"] >= 1
    assert summary["orders_filled"] >= 1
    assert summary["fills"] >= summary["orders_filled"]
    assert summary["open_lots"] + summary["closed_lots"] + summary["dust_lots"] >= 1
    assert Path(summary["database"]).parent == tmp_path
    # Every copy decision produced exactly one order.
    assert sum(summary["orders"].values()) == summary["decisions"]["copy"]
