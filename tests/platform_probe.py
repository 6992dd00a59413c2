"""Runs `polycopy up --mode sim` and walks a trader's journey through every route that reaches
a venue, then stops it with Ctrl-C; prints one JSON report. tests/test_platform.py runs it
inside a network namespace that has only loopback, where any call to a real Polymarket host
fails: every answer below then proves it came from the emulator.
"""

from __future__ import annotations

import json
import os
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from polycopy.venues.polymarket.signing import PrivateKey

KEY = "0x" + "4d" * 32
DEADLINE_SECONDS = 180


def wait_for(condition: Any, what: str) -> Any:
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def pids_of(pattern: str) -> list[int]:
    found = subprocess.run(
        ["pgrep", "-f", "--", pattern], capture_output=True, text=True, check=False
    )
    return [int(pid) for pid in found.stdout.split()]


def read_lines(process: subprocess.Popen[str]) -> list[str]:
    """The lines `process` has printed so far, without blocking."""
    assert process.stdout is not None
    lines = []
    while select.select([process.stdout], [], [], 0)[0]:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
    return lines


def main(data_dir: str) -> None:
    env = {**os.environ, "POLYCOPY_DATA_DIR": data_dir, "POLYCOPY_LOG_LEVEL": "WARNING"}
    env.pop("POLYCOPY_DATABASE_URL", None)
    env.pop("POLYCOPY_CONFIG_FILE", None)
    up = subprocess.Popen(
        [sys.executable, "-m", "polycopy", "up", "--mode", "sim", "--port", "0", "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    report: dict[str, Any] = {"routes": {}}
    try:
        assert up.stdout is not None
        lines: list[str] = []
        while not any("Ctrl-C" in line for line in lines):
            line = up.stdout.readline()
            if not line:
                raise AssertionError(
                    f"up exited: {up.wait()} {up.stderr.read() if up.stderr else ''}"
                )
            lines.append(line)
        report["printed"] = lines
        link = re.search(r"(http://\S+/sign-in/once\?token=\S+)", "".join(lines))
        assert link, lines
        leaders = re.findall(r"leader (0x[0-9a-f]{40})", "".join(lines))
        base = link.group(1).split("/sign-in/")[0]
        with httpx.Client(base_url=f"{base}/api/v1", timeout=30) as api:
            signed_in = api.get(link.group(1), follow_redirects=False)
            report["sign_in_status"] = signed_in.status_code
            api.cookies.update(signed_in.cookies)
            api.headers["X-CSRF-Token"] = api.cookies.get("polycopy_csrf") or ""
            report["reused_link_status"] = httpx.get(link.group(1)).status_code
            me = api.get("/me")
            report["me"] = me.json()
            routes = report["routes"]
            discover = api.get("/leaders/discover", params={"period": "ALL"})
            routes["discover"] = discover.status_code
            report["leaderboard"] = [row["wallet"] for row in discover.json()]
            leader = leaders[0]
            added = api.post("/leaders", json={"wallet": leader})
            routes["add_leader"] = added.status_code
            leader_id = added.json()["id"]
            routes["leader_positions"] = api.get(f"/leaders/{leader_id}/positions").status_code
            account = api.post(
                "/accounts",
                json={
                    "label": "paper",
                    "mode": "paper",
                    "signature_type": 0,
                    "wallet_address": PrivateKey.from_hex(KEY).address,
                    "credentials": {"private_key": KEY},
                },
            )
            routes["link_account"] = account.status_code
            account_id = account.json()["id"]
            routes["doctor"] = api.get(f"/accounts/{account_id}/doctor").status_code
            rule = api.post(
                "/rules",
                json={
                    "account_id": account_id,
                    "leader_wallet": leader,
                    "settings": {"fixed_amount_micros": 5_000_000, "max_slippage_bps": 500},
                },
            )
            routes["create_rule"] = rule.status_code
            preview = api.post(
                "/rules/preview",
                json={
                    "account_id": account_id,
                    "leader_wallet": leader,
                    "settings": {"fixed_amount_micros": 5_000_000, "max_slippage_bps": 500},
                },
            )
            routes["rule_preview"] = preview.status_code
            copies = wait_for(
                lambda: [d for d in api.get("/decisions").json()["items"] if d["action"] == "copy"],
                "a copy",
            )
            report["copies"] = len(copies)
            filled = wait_for(
                lambda: [o for o in api.get("/orders").json()["items"] if o["status"] == "filled"],
                "a filled copy",
            )
            report["filled_orders"] = len(filled)
            routes["portfolio"] = api.get("/portfolio").status_code
            runtime = wait_for(
                lambda: len((r := api.get("/admin/runtime").json())["workers"]) == 2 and r,
                "both workers' reports",
            )
            report["workers"] = sorted(w["worker"] for w in runtime["workers"])
            # A part that dies is restarted (with backoff) and the restart is said.
            victim = pids_of("--worker-id up-worker-1")
            os.kill(victim[0], signal.SIGKILL)
            report["restart_line"] = wait_for(
                lambda: next((line for line in read_lines(up) if "restarting" in line), None),
                "the restart line",
            )
            report["restarted"] = bool(
                wait_for(
                    lambda: [p for p in pids_of("--worker-id up-worker-1") if p not in victim],
                    "a new worker-1",
                )
            )
    finally:
        up.send_signal(signal.SIGINT)
        try:
            report["exit_code"] = up.wait(timeout=60)
        except subprocess.TimeoutExpired:
            up.kill()
            report["exit_code"] = "hung"
        report["stderr_tail"] = (up.stderr.read() if up.stderr else "")[-2000:]
        left = subprocess.run(
            ["pgrep", "-f", str(Path(data_dir) / "up")],
            capture_output=True,
            text=True,
            check=False,
        )
        report["left_behind"] = left.stdout.split()
        print(json.dumps(report))


if __name__ == "__main__":
    main(sys.argv[1])
