"""`polycopy up`: the whole platform from one command, sealed from the network in sim mode."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _loopback_only_namespace() -> list[str] | None:
    """The command prefix that runs a program in a new network namespace with only `lo` up."""
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        return None
    probe = subprocess.run(
        ["unshare", "-n", "sh", "-c", "ip link set lo up"], capture_output=True, check=False
    )
    return (
        None
        if probe.returncode
        else ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$0" "$@"']
    )


def test_up_in_sim_runs_the_whole_platform_without_a_network(tmp_path: Path) -> None:
    prefix = _loopback_only_namespace()
    if prefix is None:
        pytest.skip("needs `unshare -n` (root, or user namespaces) to cut the network off")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [*prefix, sys.executable, "-m", "tests.platform_probe", str(tmp_path / "data")],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    printed = "".join(report["printed"])
    assert "polycopy up (sim mode): http://127.0.0.1:" in printed
    leaders = [line.split()[-1] for line in report["printed"] if line.strip().startswith("leader ")]
    assert len(leaders) == 4  # three synthetic leaders and one replayed
    assert report["sign_in_status"] == 303
    assert report["reused_link_status"] == 403
    assert report["me"]["role"] == "admin"
    # Every route that reaches a venue answered from the emulator: there is no other network.
    assert set(report["routes"].values()) <= {200, 201}, report["routes"]
    assert {w.lower() for w in leaders} <= {w.lower() for w in report["leaderboard"]}
    assert report["copies"] >= 1
    assert report["filled_orders"] >= 1
    assert report["workers"] == ["up-worker-1", "up-worker-2"]
    assert "worker-1 exited with -9; restarting in 1 s" in report["restart_line"]
    assert report["restarted"]
    assert report["exit_code"] == 0, report["stderr_tail"]
    assert report["left_behind"] == []
