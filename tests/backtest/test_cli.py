"""``polycopy backtest``: real files in, JSON out; bad input is one line naming the row, exit 2.
Without a file, the wallet's history from the emulator's Data API; ``polycopy backfill``
stores it in the database."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import URL

import tests.leaders.test_backfill as backfill_support
from polycopy.emulator.server import EmulatorServer
from polycopy.emulator.state import EmulatorState
from polycopy.kit.db import Database
from polycopy.models import LeaderFill
from tests.backtest.support import REAL_HISTORIES, real_path
from tests.pipeline_support import cli_env
from tests.test_cli import _env, _polycopy

GABAGOOL = REAL_HISTORIES["gabagool22"][1]
DEEDDIT = REAL_HISTORIES["deeddit"][1]


def _run(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    scratch = tmp_path / "tmp"
    scratch.mkdir(exist_ok=True)
    env = {**_env(tmp_path), "TMPDIR": str(scratch)}
    result = _polycopy("backtest", *args, env=env)
    assert list(scratch.iterdir()) == []  # the spool is gone, whatever happened
    assert not list(tmp_path.glob("*.sqlite"))  # nothing stored
    return result.returncode, result.stdout, result.stderr


def _refused(tmp_path: Path, *args: str) -> str:
    code, out, err = _run(tmp_path, *args)
    assert code == 2, err
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_json_report_of_a_real_history_in_a_window_with_a_rule_file(tmp_path: Path) -> None:
    rule = tmp_path / "rule.toml"
    rule.write_text(
        'allocation = "fixed"\nfixed_amount_micros = 5_000_000\nmax_slippage_cents = 2\n'
        "[account]\nmax_total_exposure_micros = 300_000_000\n"
    )
    window = ("--from", "2025-12-15T14:30:00", "--to", "2025-12-15T15:00:00")
    code, out, err = _run(
        tmp_path,
        "--wallet", GABAGOOL, "--history", str(real_path("gabagool22")),
        "--rule", str(rule), *window, "--delay-seconds", "4", "--fee-rate-bps", "700", "--json",
    )  # fmt: skip
    assert code == 0, err
    report = json.loads(out)
    assert 0 < report["fills"] < 1500
    assert report["copies"] + report["skips"] == report["fills"]
    assert sum(report["skips_by_reason"].values()) == report["skips"]
    assert report["skips_by_reason"]["total_exposure"] > 0
    assert report["capital_needed_micros"] <= 300_000_000 + report["fees_micros"]  # fees on top
    assert report["fees_micros"] > 0
    assert report["pnl_micros"] == report["lots_pnl_micros"]
    assert "2025-12-15T14:30" <= report["from"] <= report["to"] < "2025-12-15T15:00"
    for key in ("slippage_cost_micros", "tracking_error_bps", "leader_pnl_micros", "equity"):
        assert key in report


def test_a_truncated_json_file_is_refused_naming_the_row(tmp_path: Path) -> None:
    rows = json.loads(real_path("deeddit").read_text())[:10]
    cut = tmp_path / "cut.json"
    cut.write_text(json.dumps(rows, indent=1)[:-40])  # row 9 loses its end
    line = _refused(tmp_path, "--wallet", DEEDDIT, "--history", str(cut))
    assert str(cut) in line
    assert "row 9: truncated or malformed JSON" in line


def test_a_malformed_csv_row_is_refused_naming_the_row(tmp_path: Path) -> None:
    lines = real_path("gabagool22").read_text().splitlines()[:40]
    fields = lines[20].split(",")
    fields[1] = "soon"  # the timestamp of data row 19
    lines[20] = ",".join(fields)
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines) + "\n")
    line = _refused(tmp_path, "--wallet", GABAGOOL, "--history", str(bad))
    assert "row 19: timestamp: not a number: 'soon'" in line


def test_a_row_the_models_refuse_is_named(tmp_path: Path) -> None:
    rows = json.loads(real_path("deeddit").read_text())
    rows[7]["side"] = "HOLD"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(rows))
    line = _refused(tmp_path, "--wallet", DEEDDIT, "--history", str(bad))
    assert "row 7: side" in line


def test_a_wallet_without_rows_gets_a_clear_message(tmp_path: Path) -> None:
    other = "0x" + "1" * 40
    line = _refused(tmp_path, "--wallet", other, "--history", str(real_path("deeddit")))
    assert f"no rows of wallet {other}" in line


def test_an_invalid_rule_file_names_the_field(tmp_path: Path) -> None:
    rule = tmp_path / "rule.toml"
    rule.write_text('allocation = "fixed"\nfixed_amount_micros = "ten"\n')
    line = _refused(
        tmp_path, "--wallet", DEEDDIT, "--history", str(real_path("deeddit")), "--rule", str(rule)
    )
    assert "fixed_amount_micros" in line


def test_a_recorded_book_prices_the_fills_of_its_token(tmp_path: Path) -> None:
    """kch123's export names its tokens: a thin recorded /book of the one it buys most makes
    those copies skip, where the depth model copied all ten."""
    rows = json.loads(real_path("kch123").read_text())
    token, condition = rows[0]["asset"], rows[0]["conditionId"]
    before_ms = str(min(r["timestamp"] for r in rows) * 1_000 - 1)
    book = {
        "market": condition, "asset_id": token, "timestamp": before_ms, "hash": "ab" * 20,
        "bids": [{"price": "0.5", "size": "1"}], "asks": [{"price": "0.99", "size": "1"}],
    }  # fmt: skip
    (tmp_path / "book.json").write_text(json.dumps(book))
    wallet = REAL_HISTORIES["kch123"][1]
    args = ("--wallet", wallet, "--history", str(real_path("kch123")), "--json")
    code, out, err = _run(tmp_path, *args)
    assert code == 0, err
    assert json.loads(out)["copies"] == 10
    code, out, err = _run(tmp_path, *args, "--books", str(tmp_path / "book.json"))
    assert code == 0, err
    report = json.loads(out)
    priced = sum(r["asset"] == token for r in rows)
    assert report["skips_by_reason"] == {"slippage": priced}
    assert report["copies"] == 10 - priced


def test_an_invalid_recorded_book_is_named(tmp_path: Path) -> None:
    (tmp_path / "book.json").write_text(json.dumps([{"market": "0x12"}]))
    line = _refused(
        tmp_path, "--wallet", DEEDDIT, "--history", str(real_path("deeddit")),
        "--books", str(tmp_path / "book.json"),
    )  # fmt: skip
    assert "book.json: book 0: market" in line


def test_a_proportional_rule_sizes_by_the_given_leader_value_and_shows_the_ratio(
    tmp_path: Path,
) -> None:
    rule = tmp_path / "rule.toml"
    rule.write_text('allocation = "proportional"\nbudget_micros = 1_000_000_000\n')
    args = ("--wallet", DEEDDIT, "--history", str(real_path("deeddit")), "--rule", str(rule))
    code, out, err = _run(tmp_path, *args, "--json")
    assert code == 0, err
    unvalued = json.loads(out)
    assert unvalued["proportional"] is None
    assert unvalued["skips_by_reason"] == {"no_leader_value": unvalued["fills"]}

    code, out, err = _run(tmp_path, *args, "--leader-value", "200000", "--json")
    assert code == 0, err
    valued = json.loads(out)
    assert valued["proportional"] == {
        "leader_value_micros": 200_000_000_000,
        "budget_micros": 1_000_000_000,
        "ratio": "0.005",
    }
    assert valued["copies"] > 0
    assert "no_leader_value" not in valued["skips_by_reason"]
    code, out, _ = _run(tmp_path, *args, "--leader-value", "200000")
    assert "= ×0.005 of each leader trade" in out
    assert "--leader-value" in _refused(tmp_path, *args, "--leader-value", "0")


# Without --history: the wallet's history from the Data API (the emulator's, over loopback).
ROUNDS = 150  # three rounds of the leader's trades make 4 fills: 600 rows, two pages


@contextlib.asynccontextmanager
async def emulator_with_a_leader(
    tmp_path: Path,
) -> AsyncIterator[tuple[EmulatorState, Path, backfill_support.Clock]]:
    """An emulator whose leader has traded ``ROUNDS`` times, and its ``--urls-file``."""
    clock = backfill_support.Clock()
    state = EmulatorState(5, clock=clock)
    token = backfill_support.market(state)
    for n in range(ROUNDS):
        backfill_support.trade(state, token, n)
        clock.t += 30
    async with EmulatorServer(state, run_actors=False, mine_blocks=False) as server:
        urls = tmp_path / "urls.json"
        urls.write_text(json.dumps(dict(server.base_urls)))
        yield state, urls, clock


def _trades(state: EmulatorState) -> int:
    return sum(backfill_support.truth(state).values())


async def test_without_a_history_file_the_data_api_history_is_replayed(tmp_path: Path) -> None:
    async with emulator_with_a_leader(tmp_path) as (state, urls, _):
        args = ("--wallet", backfill_support.LEADER, "--urls-file", str(urls), "--json")
        code, out, err = await asyncio.to_thread(_run, tmp_path, *args)
        assert code == 0, err
        whole = json.loads(out)
        assert whole["fills"] == _trades(state) == 4 * ROUNDS
        assert whole["events"] == {"SPLIT": 1}
        assert whole["copies"] + whole["skips"] == whole["fills"]
        assert whole["copies"] > 0
        assert whole["pnl_micros"] == whole["lots_pnl_micros"]

        first = min(r.timestamp for r in state.activity)
        start = dt.datetime.fromtimestamp(first + 30 * 50, dt.UTC)
        end = start + dt.timedelta(seconds=30 * 20)
        window = ("--from", start.isoformat(), "--to", end.isoformat())
        code, out, err = await asyncio.to_thread(_run, tmp_path, *args, *window)
        assert code == 0, err
        assert json.loads(out)["fills"] == 4 * 20  # rounds 50 to 69 only

        nobody = ("--wallet", "0x" + "1" * 40, "--urls-file", str(urls))
        line = await asyncio.to_thread(_refused, tmp_path, *nobody)
        other = "0x" + "1" * 40
        assert line.endswith(f"no history for this wallet: the Data API has no activity of {other}")


def test_without_a_history_file_in_sim_it_says_to_start_an_emulator(tmp_path: Path) -> None:
    code, out, err = _run(tmp_path, "--wallet", DEEDDIT)
    assert (code, out) == (1, "")  # as every command that needs the venue says it
    [line] = err.strip().splitlines()
    assert "data_api_url: sim mode has no emulator" in line
    assert "--urls-file" in line


def test_a_bad_wallet_is_named(tmp_path: Path) -> None:
    line = _refused(tmp_path, "--wallet", "0x12", "--history", str(real_path("deeddit")))
    assert "--wallet: not a wallet address: '0x12'" in line


async def test_backfill_stores_the_history_resumes_and_adds_only_new_fills(
    db: Database, tmp_path: Path
) -> None:
    env = cli_env(db.url, tmp_path)
    async with emulator_with_a_leader(tmp_path) as (state, urls, clock):

        async def backfill() -> dict[str, Any]:
            args = ("backfill", "--wallet", backfill_support.LEADER, "--urls-file", str(urls))
            result = await asyncio.to_thread(_polycopy, *args, "--json", env=env)
            assert result.returncode == 0, result.stderr
            return dict(json.loads(result.stdout))

        first = await backfill()
        assert (first["status"], first["rows"], first["new_fills"]) == ("done", 601, 601)
        assert await backfill_support.stored(db) == backfill_support.truth(state)
        again = await backfill()  # from the last second stored: it is read again, adds nothing
        assert (again["status"], again["new_fills"]) == ("done", 0)
        assert again["rows"] >= 1
        token = 7001
        for n in range(3):
            clock.t += 30
            backfill_support.trade(state, token, ROUNDS + n)
        later = await backfill()
        assert later["new_fills"] == 12
        assert await backfill_support.stored(db) == backfill_support.truth(state)
        text = await asyncio.to_thread(
            _polycopy, "backfill", "--wallet", backfill_support.LEADER, "--urls-file", str(urls),
            env=env,
        )  # fmt: skip
        assert text.returncode == 0, text.stderr
        assert "new fills (done)" in text.stdout

    async with db.transaction() as session:  # history, not copy signals: nothing to decide
        undecided = await session.scalar(
            select(func.count()).where(LeaderFill.decided_at.is_(None))
        )
    assert undecided == 0


def test_backfill_of_an_unreachable_data_api_fails_with_exit_1(
    tmp_path: Path, database_url: URL
) -> None:
    urls = tmp_path / "urls.json"
    dead = "http://127.0.0.1:9"
    urls.write_text(json.dumps({"clob": dead, "data": dead, "gamma": dead}))
    env = cli_env(database_url, tmp_path)
    result = _polycopy(
        "backfill", "--wallet", backfill_support.LEADER, "--urls-file", str(urls), env=env
    )
    assert result.returncode == 1, result.stderr
    assert "the Data API failed" in result.stdout
    assert "a worker tries again later" in result.stdout
