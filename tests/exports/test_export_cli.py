"""polycopy export: the file holds the stored rows; bad input is one line and exit 2."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy.engine import URL

from polycopy.exports.types import ExportFormat, ExportKind, ExportRequest, Period
from polycopy.kit import migrate
from polycopy.kit.db import Database
from tests.exports.support import read_export
from tests.exports.test_exports import T0, _history, _text


def _polycopy(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "POLYCOPY_DATA_DIR": str(tmp_path)}
    env.pop("POLYCOPY_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "polycopy", "export", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


async def test_export_writes_the_rows_and_refuses_bad_input(tmp_path: Path) -> None:
    url = URL.create("sqlite+aiosqlite", database=str(tmp_path / "polycopy.sqlite"))
    migrate.upgrade(url)
    db = Database(url)
    try:
        account_id, _ = await _history(db)
        expected = await _text(
            db, ExportRequest(account_id, ExportKind.LOTS, Period(), ExportFormat.JSON)
        )
    finally:
        await db.dispose()

    out = tmp_path / "lots.json"
    account = str(account_id)
    done = _polycopy(
        tmp_path, "--account", account, "--what", "lots", "--format", "json", "--output", str(out)
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == f"polycopy: exported 2 lots to {out}"
    assert out.read_text() == expected
    assert [lot["status"] for lot in json.loads(expected)] == ["closed", "open"]
    assert not (tmp_path / "lots.json.partial").exists()

    day = dt.timedelta(days=1)
    fills = _polycopy(
        tmp_path, "--account", account, "--what", "fills", "--from", (T0 + day).date().isoformat()
    )
    assert fills.returncode == 0, fills.stderr
    rows = read_export(ExportKind.FILLS, ExportFormat.CSV, fills.stdout)
    assert [r["side"] for r in rows] == ["SELL", "SELL", "BUY"]  # in the order recorded

    for args, message in (
        (("--account", "999", "--what", "fills"), "--account: no follower account 999"),
        (("--account", account, "--what", "trades"), "--what: unknown export kind 'trades'"),
        (
            ("--account", account, "--what", "fills", "--from", "2026-02-01", "--to", "2026-01-01"),
            "--to: must be after from",
        ),
        (("--account", account, "--what", "fills", "--format", "xml"), "--format: unknown"),
        (("--account", account, "--what", "fills", "--to", "soon"), "--to: not an ISO date"),
    ):
        refused = _polycopy(tmp_path, *args)
        assert refused.returncode == 2, (args, refused.stderr)
        [line] = refused.stderr.strip().splitlines()
        assert line.startswith(f"polycopy: invalid settings: {message}"), line
        assert refused.stdout == ""
