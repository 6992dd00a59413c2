from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy.engine import URL

from polycopy import __version__
from polycopy.kit import migrate


def _polycopy(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "polycopy", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def _env(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "POLYCOPY_DATA_DIR": str(tmp_path)}
    env.pop("POLYCOPY_DATABASE_URL", None)
    return env


def test_version_json(tmp_path: Path) -> None:
    result = _polycopy("version", "--json", env=_env(tmp_path))
    assert result.returncode == 0
    assert json.loads(result.stdout) == {"version": __version__}


def test_migrate_creates_the_default_sqlite_database_and_is_repeatable(tmp_path: Path) -> None:
    for _ in range(2):
        result = _polycopy("migrate", "--json", env=_env(tmp_path))
        assert result.returncode == 0, result.stderr
        report = json.loads(result.stdout)
        assert report["revision"] == migrate.head_revision(
            URL.create("sqlite+aiosqlite", database=str(tmp_path / "polycopy.sqlite"))
        )
    assert (tmp_path / "polycopy.sqlite").is_file()


def test_sim_serves_until_interrupted_and_writes_its_urls(tmp_path: Path) -> None:
    urls_file = tmp_path / "urls.json"
    process = subprocess.Popen(
        [sys.executable, "-m", "polycopy", "sim", "--urls-file", str(urls_file)],
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not urls_file.exists() and time.monotonic() < deadline:
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            time.sleep(0.1)
        urls = json.loads(urls_file.read_text())
        assert set(urls) >= {
            "clob",
            "data",
            "gamma",
            "clob_ws_market",
            "clob_ws_user",
            "rtds",
            "rpc_http",
            "rpc_ws",
            "admin",
        }
        assert httpx.get(f"{urls['clob']}/version", timeout=5).json() == {"version": 2}
        markets = httpx.get(f"{urls['gamma']}/markets", timeout=5).json()
        token = json.loads(markets[0]["clobTokenIds"])[0]
        book = httpx.get(f"{urls['clob']}/book", params={"token_id": token}, timeout=5).json()
        assert book["asks"]
        assert book["bids"]
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    assert process.returncode == 0


def test_sim_refuses_a_bad_scenario_file_with_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[scenario]\nname = "x"\n\n[[markets]]\nquestion = "Q?"\ntick_size = "0.3"\n')
    result = _polycopy("sim", "--scenario", str(bad), env=_env(tmp_path))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "bad.toml" in lines[0]


def _one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize("command", ["serve", "worker", "ingest", "up"])
def test_sim_refuses_a_venue_url_off_loopback(tmp_path: Path, command: str) -> None:
    env = _env(tmp_path) | {"POLYCOPY_CLOB_URL": "https://clob.polymarket.com"}
    line = _one_error_line(_polycopy(command, env=env))
    assert line.startswith("polycopy: invalid settings: POLYCOPY_CLOB_URL: sim mode talks only")
    assert not (tmp_path / "polycopy.sqlite").exists()


@pytest.mark.parametrize("command", ["serve", "worker", "ingest"])
def test_a_missing_or_broken_urls_file_is_refused(tmp_path: Path, command: str) -> None:
    missing = tmp_path / "nowhere.json"
    assert "urls_file: cannot read" in _one_error_line(
        _polycopy(command, "--urls-file", str(missing), env=_env(tmp_path))
    )
    broken = tmp_path / "broken.json"
    broken.write_text('{"clob": "http://127.0.0.1:1/clob"')  # truncated
    assert "urls_file: cannot read" in _one_error_line(
        _polycopy(command, "--urls-file", str(broken), env=_env(tmp_path))
    )
    off_loopback = tmp_path / "elsewhere.json"
    urls = {name: f"https://example.org/{name}" for name in ("clob", "data", "gamma")}
    off_loopback.write_text(json.dumps(urls))
    assert "POLYCOPY_CLOB_URL: sim mode talks only" in _one_error_line(
        _polycopy(command, "--urls-file", str(off_loopback), env=_env(tmp_path))
    )
    assert not (tmp_path / "polycopy.sqlite").exists()


def test_up_refuses_a_scenario_with_a_bad_row_before_starting_anything(tmp_path: Path) -> None:
    history = tmp_path / "history.json"
    history.write_text(json.dumps([{"proxyWallet": "0x12", "type": "TRADE"}]))
    scenario = tmp_path / "world.toml"
    scenario.write_text(f'[[leaders]]\nkind = "replay"\nfile = "{history.name}"\n')
    line = _one_error_line(_polycopy("up", "--scenario", str(scenario), env=_env(tmp_path)))
    assert "leaders[0].file" in line
    assert "row 0" in line
    assert not (tmp_path / "polycopy.sqlite").exists()
    assert not (tmp_path / "up").exists()


async def test_doctor_names_credentials_it_cannot_open(tmp_path: Path) -> None:
    from polycopy.demo import seed_follower
    from polycopy.kit.crypto import SecretBox
    from polycopy.kit.db import Database

    url = URL.create("sqlite+aiosqlite", database=str(tmp_path / "polycopy.sqlite"))
    migrate.upgrade(url)
    db = Database(url)
    try:  # sealed under another server's key
        await seed_follower(
            db,
            SecretBox("a-key-this-server-never-had"),
            leader_wallet="0x" + "1" * 40,
            key_hex="0x" + "7" * 64,
        )
    finally:
        await db.dispose()
    result = _polycopy("doctor", "--account", "1", env=_env(tmp_path))
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert "stored credentials of account 1 cannot be used" in line
