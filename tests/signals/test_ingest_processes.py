"""``polycopy ingest`` as a real process: SIGKILLed at random moments during a replay and
restarted, it loses no fill and duplicates none; two of them against one PostgreSQL database
store one row per fill."""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import URL

from polycopy.emulator.server import EmulatorServer
from polycopy.kit.db import Database
from polycopy.models import LeaderFill, SourceCursor
from polycopy.signals.types import FillSource
from tests.pipeline_support import cli_env

from .support import (
    Driver,
    Fill,
    chain_fills,
    followed_replay,
    server_for,
    sightings,
    stored_fills,
)

KILLS = 5


def _env(database_url: URL, tmp_path: Path) -> dict[str, str]:
    return cli_env(
        database_url,
        tmp_path,
        poll_interval_seconds="0.05",
        poll_max_interval_seconds="0.2",
        detect_chain="true",
        detect_rtds="true",
        source_stale_after_seconds="5",
        follow_refresh_seconds="0.2",
    )


def _command(server: EmulatorServer, tmp_path: Path) -> list[str]:
    urls_file = tmp_path / "urls.json"
    urls_file.write_text(json.dumps(server.base_urls))
    return [sys.executable, "-m", "polycopy", "ingest", "--urls-file", str(urls_file)]


async def _chain_cursor(db: Database) -> None:
    """Wait until an ingest process follows the chain (it has written its block cursor)."""
    async with asyncio.timeout(60):
        while True:
            async with db.transaction() as session:
                found = await session.scalar(
                    select(func.count())
                    .select_from(SourceCursor)
                    .where(SourceCursor.source == FillSource.CHAIN)
                )
            if found:
                return
            await asyncio.sleep(0.1)


async def _wait_for(db: Database, truth: Counter[Fill], within: float = 60) -> None:
    """Wait (bounded) until the stored fills are the truth and the chain and the Data API
    have both back-filled every one of them; the caller asserts it."""
    total = sum(truth.values())

    async def done() -> bool:
        seen = await sightings(db)
        return (
            seen[FillSource.CHAIN] == seen[FillSource.DATA_API] == total
            and await stored_fills(db) == truth
        )

    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(within):
            while not await done():  # noqa: ASYNC110 (polls other processes)
                await asyncio.sleep(0.1)


async def test_sigkill_at_random_moments_loses_and_duplicates_no_fill(
    db: Database, database_url: URL, tmp_path: Path
) -> None:
    rng = random.Random(20261128)
    scenario, replay, wallet = await followed_replay(db, tmp_path)
    async with server_for(scenario) as server:
        command = _command(server, tmp_path)
        env = _env(database_url, tmp_path)
        kills = 0

        process = await asyncio.create_subprocess_exec(*command, env=env)
        await _chain_cursor(db)  # following the chain before the first fill

        async def kill_and_restart() -> None:
            nonlocal kills, process
            try:
                while not driven.is_set():
                    await asyncio.sleep(rng.uniform(1.0, 3.0))
                    process.kill()  # SIGKILL: no clean-up of any kind
                    await process.wait()
                    kills += 1
                    process = await asyncio.create_subprocess_exec(*command, env=env)
                server.chain.mine_block()
                await _wait_for(db, chain_fills(server, wallet))
            finally:
                process.kill()
                await process.wait()

        driven = asyncio.Event()
        killer = asyncio.create_task(kill_and_restart())
        await Driver(server, replay).run(gap=lambda: rng.uniform(0.3, 1.0))
        driven.set()
        await killer
        truth = chain_fills(server, wallet)
    assert kills >= 2
    assert await stored_fills(db) == truth  # every fill exactly once
    seen = await sightings(db)
    assert seen[FillSource.CHAIN] == seen[FillSource.DATA_API] == sum(truth.values())


async def test_two_ingest_processes_on_one_postgresql_store_one_row_per_fill(
    db: Database, database_url: URL, tmp_path: Path
) -> None:
    if database_url.get_backend_name() != "postgresql":
        pytest.skip("concurrent ingest processes need PostgreSQL")
    scenario, replay, wallet = await followed_replay(db, tmp_path)
    async with server_for(scenario) as server:
        command = _command(server, tmp_path)
        env = _env(database_url, tmp_path)
        processes = [await asyncio.create_subprocess_exec(*command, env=env) for _ in range(2)]
        try:
            await _chain_cursor(db)
            await asyncio.sleep(1)  # both subscribed before the first fill
            await Driver(server, replay).run()
            server.chain.mine_block()
            truth = chain_fills(server, wallet)
            await _wait_for(db, truth)
        finally:
            for process in processes:
                process.kill()
                await process.wait()
    async with db.transaction() as session:
        rows = await session.scalar(select(func.count()).select_from(LeaderFill))
    assert rows == sum(truth.values())
    assert await stored_fills(db) == truth
