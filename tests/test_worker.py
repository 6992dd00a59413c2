"""The ``polycopy worker`` process: venue URLs (the relayer included), secrets opened during a
key rotation, and the runtime report the admin API shows."""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import URL

from polycopy.admin.repository import AdminRepository
from polycopy.config import Settings
from polycopy.kit.db import Database
from polycopy.kit.errors import ConfigError
from polycopy.kit.money import MICRO
from polycopy.worker import venue_urls
from tests.pipeline_support import cli_env, running_sim

WORKER = "w-rotated"


def test_venue_urls_include_the_relayer(tmp_path: Path) -> None:
    settings = Settings(mode="paper", secret_key="k" * 32, relayer_url="https://relayer.test")
    assert venue_urls(settings).relayer == "https://relayer.test"
    urls_file = tmp_path / "urls.json"
    e = "http://127.0.0.1:9"
    urls = {"clob": f"{e}/clob", "data": f"{e}/data", "gamma": f"{e}/gamma"}
    urls_file.write_text(json.dumps(urls | {"relayer": f"{e}/relayer"}))
    sim = Settings(mode="sim")
    assert venue_urls(sim.with_urls_file(urls_file)).relayer == f"{e}/relayer"
    urls_file.write_text(json.dumps(urls))  # an emulator without one: settling is refused
    assert venue_urls(sim.with_urls_file(urls_file)).relayer == ""
    urls_file.write_text("{}")
    with pytest.raises(ConfigError, match="urls_file"):
        sim.with_urls_file(urls_file)


def _env(database_url: URL, tmp_path: Path) -> dict[str, str]:
    # The follower's credentials were sealed under "test-secret" (running_sim): a rotation
    # in progress, with the worker already on the new key.
    return cli_env(
        database_url,
        tmp_path,
        secret_key="the-new-secret-key",
        previous_secret_keys=json.dumps(["test-secret"]),
        poll_interval_seconds="0.05",
        runtime_report_seconds="0.2",
    )


async def _report(db: Database) -> dict[str, object] | None:
    async with db.transaction() as session:
        return (await AdminRepository(session).runtime_states()).get(WORKER)


async def test_a_worker_mid_rotation_trades_and_reports_its_runtime(
    db: Database, database_url: URL, tmp_path: Path
) -> None:
    async with running_sim(db) as sim:
        sim.leader_trades(buy=True, shares=20 * MICRO)
        urls_file = tmp_path / "urls.json"
        urls_file.write_text(json.dumps(sim.server.base_urls))
        process = await asyncio.create_subprocess_exec(
            *[sys.executable, "-m", "polycopy", "worker", "--urls-file", str(urls_file)],
            "--worker-id",
            WORKER,
            env=_env(database_url, tmp_path),
        )
        try:
            async with asyncio.timeout(90):  # a safety net, not a measurement
                while not sim.follower_orders() or await _report(db) is None:
                    assert process.returncode is None, "the worker stopped"
                    await asyncio.sleep(0.1)
        finally:
            process.send_signal(signal.SIGTERM)
            returncode = await process.wait()
    assert returncode == 0
    report = await _report(db)
    assert report is not None
    limits = report["rate_limits"]
    assert isinstance(limits, dict)
    clob = limits[f"clob {sim.server.base_urls['clob']}"]
    # Buckets exist once used: the copy order went through the order endpoint's.
    assert 0 < clob["POST /order 3500/10s"] <= 3_500
    assert "reported_at" in report
    [breaker] = report["breakers"]  # type: ignore[misc]
    assert breaker["state"] == "closed"
