"""Backtest jobs end to end: queued through the API, run by the worker's runner on the same
database, read back owner-scoped; a worker that dies mid-job leaves the job to another, a
leader with no stored fills fails with words, bad input is a 422 naming the field."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import tests.leaders.test_backfill as backfill_support
from polycopy.api.schemas import BacktestResultOut
from polycopy.backtest.core import Backtest
from polycopy.backtest.fetch import fetch_history
from polycopy.backtest.history import HistoryRow, Spool
from polycopy.backtest.jobs import MAX_ATTEMPTS, BacktestRunner, ReplayOptions, replay_stored
from polycopy.backtest.repository import Window, claim_job, record_progress
from polycopy.backtest.run import equity_bucket, replay_spool
from polycopy.copying.settings import AccountLimits, RuleSettings
from polycopy.emulator.server import EmulatorServer
from polycopy.emulator.state import EmulatorState
from polycopy.kit.db import Database
from polycopy.kit.http import http_client
from polycopy.kit.money import MICRO
from polycopy.models import Market
from polycopy.signals.backfill import Backfiller
from polycopy.signals.types import TradeSide
from polycopy.venues.polymarket.data_api import DataApiClient
from tests.api.conftest import LEADER, OTHER_LEADER, User
from tests.api.seed import CONDITION, TOKEN, leader_fill
from tests.pipeline_support import cli_env
from tests.signals.support import until
from tests.test_replay_cli import _polycopy as run_polycopy

SignUp = Callable[..., Awaitable[User]]
T0 = dt.datetime(2026, 5, 1, 12, tzinfo=dt.UTC)
STALE = dt.timedelta(seconds=300)
SETTINGS: dict[str, Any] = {"allocation": "fixed", "fixed_amount_micros": 20 * MICRO}
#: The leader's trades: (side, price); 40 shares each, a minute apart.
TRADES = [
    (TradeSide.BUY, 300_000),
    (TradeSide.BUY, 350_000),
    (TradeSide.BUY, 420_000),
    (TradeSide.SELL, 500_000),
    (TradeSide.BUY, 450_000),
    (TradeSide.SELL, 600_000),
    (TradeSide.BUY, 550_000),
    (TradeSide.SELL, 700_000),
]
SHARES = 40 * MICRO


class Clock:
    def __init__(self) -> None:
        self.at = T0 + dt.timedelta(days=1)

    def __call__(self) -> dt.datetime:
        return self.at


async def _leader_with_history(db: Database, user: User, wallet: str = LEADER) -> int:
    leader_id = int((await user.post("/api/v1/leaders", {"wallet": wallet})).json()["id"])
    async with db.transaction() as session:
        if await session.get(Market, CONDITION) is None:
            session.add(
                Market(
                    condition_id=CONDITION,
                    question="Will it rain?",
                    event_slug="rain",
                    tick_size_micros=10_000,
                    min_order_size_micros=5 * MICRO,
                )
            )
        for n, (side, price) in enumerate(TRADES):
            await leader_fill(
                session,
                leader_id,
                side=side,
                price_micros=price,
                size_micros=SHARES,
                at=T0 + dt.timedelta(minutes=n),
            )
    return leader_id


def _expected(limits: AccountLimits | None, delay: int) -> dict[str, Any]:
    """The same rows through the same engine the CLI drives, as the API shows the report."""
    backtest = Backtest(
        RuleSettings.model_validate(SETTINGS),
        limits,
        delay_seconds=delay,
        stale_after=STALE,
        bucket_seconds=equity_bucket(
            int(T0.timestamp()), int(T0.timestamp()) + 60 * (len(TRADES) - 1)
        ),
    )
    for n, (side, price) in enumerate(TRADES):
        ts = int(T0.timestamp()) + 60 * n
        usdc = price * SHARES // MICRO
        backtest.feed(
            HistoryRow(ts, "TRADE", CONDITION, TOKEN, side, price, SHARES, usdc, "", "rain")
        )
    report = backtest.finish().as_json()
    source = f"{len(TRADES)} stored fills from 2026-05-01 to 2026-05-01 (history read pending)"
    return BacktestResultOut.model_validate(report | {"history_source": source}).model_dump(
        mode="json", by_alias=True
    )


async def test_a_queued_backtest_runs_in_the_worker_and_is_yours_only(
    db: Database, sign_up: SignUp
) -> None:
    alice, bob = await sign_up(), await sign_up()
    leader_id = await _leader_with_history(db, alice)
    account = await alice.account()
    limits = {"max_total_exposure_micros": 20 * MICRO}
    patched = await alice.patch(f"/api/v1/accounts/{account['id']}", {"limits": limits})
    assert patched.status_code == 200, patched.text
    body = {
        "leader_id": leader_id,
        "settings": SETTINGS,
        "account_id": account["id"],
        "delay_seconds": 30,
    }
    queued = await alice.post("/api/v1/backtests", body)
    assert queued.status_code == 202, queued.text
    job = queued.json()
    assert (job["status"], job["progress"], job["result"]) == (
        "queued",
        {"done": 0, "total": None},
        None,
    )
    assert job["request"]["account_id"] == account["id"]
    url = f"/api/v1/backtests/{job['id']}"

    # Bob sees none of it and cannot backtest Alice's list or account.
    assert (await bob.get(url)).status_code == 404
    assert (await bob.get("/api/v1/backtests")).json() == []
    refused = await bob.post("/api/v1/backtests", body | {"account_id": None})
    assert (refused.status_code, refused.json()["error"]["field"]) == (404, "leader_id")
    await bob.post("/api/v1/leaders", {"wallet": LEADER})
    refused = await bob.post("/api/v1/backtests", body)
    assert (refused.status_code, refused.json()["error"]["field"]) == (404, "account_id")

    clock = Clock()
    runner = BacktestRunner(db, now=clock, stale_after=STALE)
    assert await runner.step() == 1
    done = (await alice.get(url)).json()
    assert done["status"] == "done", done
    assert done["progress"] == {"done": len(TRADES), "total": len(TRADES)}
    assert done["error"] is None
    assert done["started_at"] is not None
    assert done["finished_at"] is not None
    result = done["result"]
    assert result == _expected(AccountLimits.model_validate(limits), 30)
    assert result["fills"] == len(TRADES)
    assert result["copies"] + result["skips"] == result["fills"]
    assert result["skips_by_reason"].get("total_exposure", 0) > 0  # the account's limit bound
    assert result["pnl_micros"] == result["lots_pnl_micros"]
    listed = (await alice.get("/api/v1/backtests", params={"leader_id": leader_id})).json()
    assert [j["id"] for j in listed] == [job["id"]]
    assert await runner.step() == 0  # nothing left to run


async def test_a_job_whose_worker_died_is_run_by_another(db: Database, sign_up: SignUp) -> None:
    alice = await sign_up()
    leader_id = await _leader_with_history(db, alice)
    job = (
        await alice.post("/api/v1/backtests", {"leader_id": leader_id, "settings": SETTINGS})
    ).json()
    clock = Clock()
    async with db.transaction() as session:  # a worker claims it, gets partway, and dies
        claimed = await claim_job(session, clock(), dt.timedelta(minutes=2))
        assert claimed is not None
        lease_until = clock() + dt.timedelta(minutes=2)
        await record_progress(session, claimed.id, 3, len(TRADES), lease_until)
    running = (await alice.get(f"/api/v1/backtests/{job['id']}")).json()
    assert (running["status"], running["progress"]) == ("running", {"done": 3, "total": 8})

    other = BacktestRunner(db, now=clock, stale_after=STALE)
    assert await other.step() == 0  # its lease still holds
    clock.at += dt.timedelta(minutes=3)
    assert await other.step() == 1
    done = (await alice.get(f"/api/v1/backtests/{job['id']}")).json()
    assert done["status"] == "done"
    assert done["result"] == _expected(None, 0)


async def test_a_job_that_keeps_killing_its_worker_is_given_up(
    db: Database, sign_up: SignUp
) -> None:
    alice = await sign_up()
    leader_id = await _leader_with_history(db, alice)
    job = (
        await alice.post("/api/v1/backtests", {"leader_id": leader_id, "settings": SETTINGS})
    ).json()
    clock = Clock()
    for _ in range(MAX_ATTEMPTS):
        async with db.transaction() as session:
            assert await claim_job(session, clock(), dt.timedelta(minutes=2)) is not None
        clock.at += dt.timedelta(minutes=3)
    assert await BacktestRunner(db, now=clock, stale_after=STALE).step() == 1
    failed = (await alice.get(f"/api/v1/backtests/{job['id']}")).json()
    assert failed["status"] == "failed"
    assert "gave up" in failed["error"]


async def test_a_leader_without_stored_fills_fails_with_a_clear_message(
    db: Database, sign_up: SignUp
) -> None:
    alice = await sign_up()
    leader_id = int((await alice.post("/api/v1/leaders", {"wallet": OTHER_LEADER})).json()["id"])
    job = (
        await alice.post("/api/v1/backtests", {"leader_id": leader_id, "settings": SETTINGS})
    ).json()
    assert await BacktestRunner(db, now=Clock(), stale_after=STALE).step() == 1
    failed = (await alice.get(f"/api/v1/backtests/{job['id']}")).json()
    assert failed["status"] == "failed"
    assert failed["result"] is None
    assert failed["error"].startswith("no history yet for this wallet: ")
    assert "still being read" in failed["error"]

    windowed = {"leader_id": await _leader_with_history(db, alice), "settings": SETTINGS}
    windowed["since"] = (T0 + dt.timedelta(days=9)).isoformat()
    job = (await alice.post("/api/v1/backtests", windowed)).json()
    assert await BacktestRunner(db, now=Clock(), stale_after=STALE).step() == 1
    failed = (await alice.get(f"/api/v1/backtests/{job['id']}")).json()
    assert failed["error"] == "no history yet for this wallet: no stored fills in that window"


async def test_bad_input_is_refused_naming_the_field(db: Database, sign_up: SignUp) -> None:
    alice = await sign_up()
    leader_id = await _leader_with_history(db, alice)
    good = {"leader_id": leader_id, "settings": SETTINGS}
    for change, field in [
        ({"delay_seconds": 3601}, "delay_seconds"),
        ({"delay_seconds": -1}, "delay_seconds"),
        ({"since": "2026-05-02T00:00:00Z", "until": "2026-05-01T00:00:00Z"}, "until"),
        ({"since": "2026-05-02T00:00:00"}, "since"),  # no time zone
        ({"settings": {"allocation": "fixed"}}, "settings"),
        ({"leader_id": "one"}, "leader_id"),
        ({"surprise": 1}, "surprise"),
    ]:
        refused = await alice.post("/api/v1/backtests", good | change)
        assert refused.status_code == 422, (change, refused.text)
        assert refused.json()["error"]["field"].startswith(field), (change, refused.text)
    assert (await alice.get("/api/v1/backtests")).json() == []  # nothing was queued
    assert (await alice.get("/api/v1/backtests/999")).status_code == 404


async def test_a_job_over_the_backfilled_history_reports_what_the_cli_reports(
    db: Database, sign_up: SignUp
) -> None:
    """The wallet's history read by the backfill into the database, then a backtest job over
    the stored fills, gives the report ``polycopy backtest`` gives reading the same history
    from the Data API: the same rows through the same engine."""
    clock = backfill_support.Clock()
    state = EmulatorState(6, clock=clock)
    token = backfill_support.market(state)
    for n in range(120):
        backfill_support.trade(state, token, n)
        clock.t += 40
    now = lambda: dt.datetime.fromtimestamp(clock(), dt.UTC)  # noqa: E731
    alice = await sign_up()
    leader_id = int(
        (await alice.post("/api/v1/leaders", {"wallet": backfill_support.LEADER})).json()["id"]
    )
    settings = {"allocation": "fixed", "fixed_amount_micros": 3 * MICRO, "max_slippage_bps": 500}
    async with (
        EmulatorServer(state, run_actors=False, mine_blocks=False) as emulator,
        http_client(10) as http,
    ):
        client = DataApiClient(http, emulator.base_urls["data"])
        assert await Backfiller(db, client, now=now, page_size=97).run_for(leader_id)
        with Spool() as spool:
            await fetch_history(spool, client, backfill_support.LEADER)
            rule = RuleSettings.model_validate(settings)
            cli, _ = replay_spool(spool, rule, missing="none", delay_seconds=6, stale_after=STALE)
    job = (
        await alice.post(
            "/api/v1/backtests",
            {"leader_id": leader_id, "settings": settings, "delay_seconds": 6},
        )
    ).json()
    assert await BacktestRunner(db, now=now, stale_after=STALE).step() == 1
    done = (await alice.get(f"/api/v1/backtests/{job['id']}")).json()
    assert done["status"] == "done", done
    result = done["result"]
    assert result["history_source"].startswith("481 stored fills from ")
    assert result["history_source"].endswith("(backfilled)")
    expected = BacktestResultOut.model_validate(
        cli.as_json() | {"history_source": result["history_source"]}
    ).model_dump(mode="json", by_alias=True)
    assert result == expected
    assert (result["fills"], result["events"]) == (480, {"SPLIT": 1})
    assert result["copies"] > 0

    # Read in batches of 7 (seconds and page boundaries fall inside them): the same report.
    options = ReplayOptions(rule, delay_seconds=6, stale_after=STALE)
    small = await replay_stored(db.transaction, Window(leader_id), options, batch_size=7)
    assert small.report.as_json() == cli.as_json()


async def test_batches_read_every_stored_fill_once_whatever_their_sub_seconds(
    db: Database, sign_up: SignUp
) -> None:
    alice = await sign_up()
    leader_id = int((await alice.post("/api/v1/leaders", {"wallet": LEADER})).json()["id"])
    async with db.transaction() as session:
        for n in range(30):  # three fills a second, at .9, .5 and .1 of it (ids ascending)
            at = T0 + dt.timedelta(seconds=n // 3, milliseconds=900 - 400 * (n % 3))
            side = TradeSide.BUY if n % 4 else TradeSide.SELL
            await leader_fill(
                session, leader_id, side=side, price_micros=400_000, size_micros=SHARES, at=at
            )
    options = ReplayOptions(RuleSettings.model_validate(SETTINGS), stale_after=STALE)
    whole = await replay_stored(db.transaction, Window(leader_id), options, last_trades=30)
    assert whole.report.fills == 30
    assert sorted(fill_id for fill_id, _ in whole.recent) == sorted(
        {fill_id for fill_id, _ in whole.recent}
    )
    for size in (1, 4, 5):
        batched = await replay_stored(
            db.transaction, Window(leader_id), options, last_trades=30, batch_size=size
        )
        assert batched.report.as_json() == whole.report.as_json()
        assert [f for f, _ in batched.recent] == [f for f, _ in whole.recent]


async def test_a_polycopy_worker_process_backfills_the_leader_and_runs_its_backtest(
    db: Database, sign_up: SignUp, tmp_path: Path
) -> None:
    """The whole way: a leader added through the API is backfilled from the emulator by a
    ``polycopy worker`` process, which then runs the backtest the API queued."""
    clock = backfill_support.Clock()
    clock.t = time.time() - 10_000
    state = EmulatorState(7, clock=clock)
    token = backfill_support.market(state)
    for n in range(50):
        backfill_support.trade(state, token, n)
        clock.t += 60
    clock.t = time.time()  # the API asks for the backfill now: the worker must see it due
    alice = await sign_up()
    leader = await alice.post("/api/v1/leaders", {"wallet": backfill_support.LEADER})
    base = f"/api/v1/leaders/{leader.json()['id']}"
    async with EmulatorServer(state, run_actors=False, mine_blocks=False) as emulator:
        urls = tmp_path / "urls.json"
        urls.write_text(json.dumps(dict(emulator.base_urls)))
        env = cli_env(db.url, tmp_path)
        args = ("worker", "--urls-file", str(urls), "--worker-id", "backtests")
        async with run_polycopy(tmp_path, env, *args) as worker:

            async def backfilled() -> bool:
                worker()
                return bool((await alice.get(f"{base}/backfill")).json()["done"])

            await until(backfilled, within=60)
            assert (await alice.get(f"{base}/backfill")).json()["fills_created"] == 201
            body = {"leader_id": leader.json()["id"], "settings": SETTINGS, "delay_seconds": 2}
            job = (await alice.post("/api/v1/backtests", body)).json()

            async def finished() -> bool:
                worker()
                status = (await alice.get(f"/api/v1/backtests/{job['id']}")).json()["status"]
                return status in ("done", "failed")

            await until(finished, within=60)
    done = (await alice.get(f"/api/v1/backtests/{job['id']}")).json()
    assert done["status"] == "done", done
    assert done["progress"] == {"done": 201, "total": 201}
    result = done["result"]
    assert (result["fills"], result["events"]) == (200, {"SPLIT": 1})
    assert result["copies"] + result["skips"] == 200
    assert result["history_source"].endswith("(backfilled)")
