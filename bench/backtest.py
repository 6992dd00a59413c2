"""Backtest throughput and memory, next to the live decision path measured in the same run.

Generates synthetic Data API trade exports (CSV, newest first as exports list them) of 10,000
and 100,000 fills across 200 two-outcome markets (buys and sales, random-walk prices), then:

- replays the 10,000-fill history with ``polycopy.backtest.run.run_backtest`` in this process
  (one core): fills replayed per CPU second (target: the whole history in at most 2 s), and
  the wall time, which a busy machine stretches;
- replays each history in a fresh child process and reports its peak RSS, and the RSS it had
  once imported, so the growth from 10k to 100k fills shows whether memory stays flat;
- the baseline: the live engine's decision path, ``copying.service.decide_fill``, one fill per
  transaction on a fresh migrated SQLite database, the way the worker decides a fill, with
  the same fixed-amount rule: decisions per CPU second, and the backtest's ratio to it.

    .venv/bin/python bench/backtest.py [--fills 10000] [--big 100000] [--live 500] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import datetime as dt
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the database seeding helpers of tests/copying

from polycopy.backtest.run import Progress, run_backtest  # noqa: E402
from polycopy.copying.settings import RuleSettings  # noqa: E402
from polycopy.kit.money import MICRO  # noqa: E402

WALLET = "0x" + "ab" * 20
RULE = RuleSettings(fixed_amount_micros=10 * MICRO, max_slippage_bps=300)
COLUMNS = (
    "timestamp", "type", "side", "outcome", "outcomeIndex", "title", "size", "price", "value",
    "slug", "eventSlug", "conditionId", "transactionHash", "proxyWallet", "asset",
)  # fmt: skip
#: Markets open at a time, and the fills a market lives for before it resolves (a REDEEM).
OPEN_MARKETS, MARKET_FILLS = 20, 400


def write_history(path: Path, fills: int, seed: int = 7) -> None:
    """``fills`` trades of one wallet, newest first, streamed to a CSV file: 20 two-outcome
    markets open at a time, each resolved (and redeemed) after about 400 fills, buys and
    sales of what the leader holds, random-walk prices."""
    rng = random.Random(seed)
    rows: list[tuple[object, ...]] = []
    start = 1_760_000_000
    markets: dict[str, dict[str, Any]] = {}

    def open_market() -> None:
        condition = f"0x{rng.getrandbits(256):064x}"
        asset = rng.getrandbits(64)
        markets[condition] = {"asset": asset, "cents": rng.randint(20, 80), "held": [0, 0]}
        markets[condition]["ends"] = len(rows) + rng.randint(
            MARKET_FILLS // 2, MARKET_FILLS * 3 // 2
        )

    for _ in range(OPEN_MARKETS):
        open_market()
    for i in range(fills):
        ts = start + i * 7
        condition = rng.choice(list(markets))
        market = markets[condition]
        market["cents"] = min(98, max(2, market["cents"] + rng.choice((-1, 0, 0, 1))))
        outcome = rng.randrange(2)
        cents = market["cents"] if outcome == 0 else 100 - market["cents"]
        held = market["held"][outcome]
        selling = held >= 10 and rng.random() < 0.35
        size = rng.randint(5, held) if selling else rng.randint(5, 400)
        market["held"][outcome] += -size if selling else size
        rows.append(
            (
                ts, "TRADE", "SELL" if selling else "BUY", ("Yes", "No")[outcome], outcome,
                "Synthetic market", size, f"0.{cents:02d}", f"{size * cents / 100:.2f}",
                "synthetic", "synthetic-event", condition, f"0x{i:064x}", WALLET,
                market["asset"] + outcome,
            )
        )  # fmt: skip
        if len(rows) >= market["ends"]:
            winner = 0 if market["cents"] >= 50 else 1
            payout = market["held"][winner]
            rows.append(
                (
                    ts + 1, "REDEEM", "", "", 999, "Synthetic market", payout, "0", payout,
                    "synthetic", "synthetic-event", condition, f"0x{i:063x}f", WALLET, "",
                )
            )  # fmt: skip
            del markets[condition]
            open_market()
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(COLUMNS)
        out.writerows(reversed(rows))


def replay(path: Path, progress: Progress | None = None) -> tuple[int, float, float]:
    """Fills replayed, wall seconds, and CPU seconds of this process (one core's work)."""
    started, cpu = time.perf_counter(), time.process_time()
    report, _ = run_backtest(path, WALLET, RULE, delay_seconds=2, progress=progress)
    return report.fills, time.perf_counter() - started, time.process_time() - cpu


def rss_kb() -> int:
    """This process's resident set now (Linux)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() // 1024


def child(path: Path) -> None:
    """In a fresh process: the RSS once imported, then the largest RSS seen while replaying
    ``path`` (sampled every 2,000 rows read or replayed) and the process's peak."""
    imported = rss_kb()
    seen = [imported]
    fills, _, cpu = replay(path, lambda *_: seen.append(rss_kb()))
    figures = {
        "fills": fills,
        "cpu_s": cpu,
        "imported_kb": imported,
        "replay_max_kb": max(seen),
        "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }
    print(json.dumps(figures))


def measure_rss(path: Path) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, __file__, "--child", str(path)],
        capture_output=True, text=True, check=True, timeout=600,
    )  # fmt: skip
    figures: dict[str, Any] = json.loads(result.stdout)
    return {
        "fills": figures["fills"],
        "cpu_s": round(figures["cpu_s"], 3),
        "imported_rss_mb": round(figures["imported_kb"] / 1024, 1),
        "replay_max_rss_mb": round(figures["replay_max_kb"] / 1024, 1),
        "peak_rss_mb": round(figures["peak_kb"] / 1024, 1),
    }


async def live_decisions_per_s(fills: int, tmp: Path) -> dict[str, Any]:
    """``decide_fill`` per fill, each in its own transaction, on a fresh SQLite database."""
    from polycopy.copying.evaluate import BookView
    from polycopy.copying.service import MarketContext, decide_fill
    from polycopy.kit import migrate
    from polycopy.kit.db import Database
    from polycopy.models import LeaderFill
    from tests.copying.support import NOW, add_fill, add_follower, add_market, add_rule, wallet

    url = URL.create("sqlite+aiosqlite", database=str(tmp / "live.sqlite"))
    await asyncio.to_thread(migrate.upgrade, url)
    db = Database(url)
    try:
        account = await add_follower(db)
        market = await add_market(db)
        rule = await add_rule(db, account, wallet(), RULE)
        ids = [
            await add_fill(db, rule.leader_id, market.condition_id, market.yes)
            for _ in range(fills)
        ]
        book = BookView(bids=((490_000, 10**12),), asks=((500_000, 10**12),))
        context = MarketContext(books={market.yes: book, market.no: book}, leader_values={})
        started, cpu = time.perf_counter(), time.process_time()
        for fill_id in ids:
            async with db.transaction() as session:
                fill = await session.get(LeaderFill, fill_id)
                assert fill is not None
                await decide_fill(
                    session, fill, context, now=NOW, stale_after=dt.timedelta(minutes=5)
                )
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        await db.dispose()
    return {
        "decisions": fills,
        "wall_s": round(seconds, 3),
        "cpu_s": round(cpu, 3),
        "per_s": round(fills / cpu, 1),
    }


def main(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="polycopy-bench-backtest-") as name:
        tmp = Path(name)
        small, big = tmp / f"history-{args.fills}.csv", tmp / f"history-{args.big}.csv"
        write_history(small, args.fills)
        write_history(big, args.big)
        replay(small)  # warm-up: imports and caches, as a live process has them
        fills, wall, cpu = replay(small)
        live = asyncio.run(live_decisions_per_s(args.live, tmp))
        per_s = fills / cpu
        return {
            f"backtest_{args.fills}": {
                "fills": fills,
                "wall_s": round(wall, 3),
                "cpu_s": round(cpu, 3),
                "fills_per_s": round(per_s, 1),
                "target_s": 2.0,
            },
            "live_decide_fill": live,
            "ratio_backtest_to_live": round(per_s / live["per_s"], 1),
            "memory": {str(args.fills): measure_rss(small), str(args.big): measure_rss(big)},
        }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fills", type=int, default=10_000)
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--live", type=int, default=500, help="fills the live path decides")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child is not None:
        child(arguments.child)
        sys.exit(0)
    result = main(arguments)
    if arguments.json:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            print(f"{key}: {value}")
