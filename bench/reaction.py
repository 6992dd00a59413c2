"""Reaction time: from a leader fill being stored to the follower's order arriving at the venue.

Runs the real pipeline against the emulator over loopback HTTP: detection (Data API poll),
decision, signing, POST /order, in worker rounds (``CopyEngine.step``). The emulator runs in a
process of its own, as the exchange does in production, and notes the wall-clock time each
order reaches it; the engine runs in this process on a fresh database (SQLite by default, or
a new database on the PostgreSQL server given with ``--postgres``).

Prints p50/p99 for one follower, the same for a fan-out of one fill to N followers (and when
the last of their orders arrived), and the orders per second the engine sustained in that
fan-out. The baseline, measured in the same run, is a bare signed POST /order round trip to
the same emulator, so the ratio shows what the pipeline adds on top of the network call.

The burst case: one leader makes N fills at once and one follower copies them all; it prints
the decisions per second (fills stored → the last decision written), its ratio to the
fan-out's orders per second of the same run (the same work, spread over one follower's
fills instead of one fill's followers), and when the last copy reached the emulator: one
signer may place 40 orders a second at Polymarket's Standard tier, which the client keeps.

    .venv/bin/python bench/reaction.py [--followers 1000] [--fills 50] [--burst 2000]
        [--postgres URL] [--json] [--only burst]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import multiprocessing
import secrets
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from decimal import Decimal
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import httpx
import psycopg
from sqlalchemy import select
from sqlalchemy.engine import URL, make_url

from polycopy.accounts.service import get_or_create_user, link_follower_account
from polycopy.accounts.types import AccountMode
from polycopy.copying.service import create_rule
from polycopy.copying.settings import RuleSettings
from polycopy.engine import CopyEngine, EngineTimings, VenueUrls, build_engine
from polycopy.kit import migrate
from polycopy.kit.crypto import SecretBox
from polycopy.kit.db import Database
from polycopy.kit.heap import settle_after_startup
from polycopy.kit.http import http_client
from polycopy.kit.logging import configure_logging
from polycopy.kit.money import MICRO
from polycopy.models import Decision, FollowerAccount, LeaderFill, Order, OrderEvent
from polycopy.orders.types import TERMINAL_STATUSES
from polycopy.venues.directory import seal_credentials
from polycopy.venues.polymarket.signing import PrivateKey

FUNDS = 10_000 * MICRO


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# --- the emulator, in a process of its own -------------------------------------------------


def _emulator_main(conn: Connection, seed: int, level_size: int) -> None:
    asyncio.run(_serve_emulator(conn, seed, level_size))


async def _serve_emulator(conn: Connection, seed: int, level_size: int) -> None:
    """Serve the emulator and answer the bench's commands (fund, leader trade, arrivals)."""
    from polycopy.emulator.server import EmulatorServer, default_state
    from polycopy.emulator.synthetic import LiquidityProvider, SyntheticLeader

    server = EmulatorServer(default_state(seed), run_actors=False)
    state = server.state
    leader = next(a for a in state.actors if isinstance(a, SyntheticLeader))
    liquidity = next(a for a in state.actors if isinstance(a, LiquidityProvider))
    liquidity.level_size = max(liquidity.level_size, level_size)
    liquidity.step()
    leader.buy_percent = 100
    leader.min_shares = leader.max_shares = 5 * MICRO
    arrivals: dict[str, float] = {}
    submit = state.submit_signed_order

    def noting_arrival(body: Any, key: Any) -> Any:
        arrived = time.time()  # wall clock, comparable with the engine's stored times
        placement = submit(body, key)
        arrivals[placement.order.order_id] = arrived
        return placement

    state.submit_signed_order = noting_arrival  # type: ignore[method-assign,unused-ignore]
    async with server:
        market = next(iter(state.markets.values()))
        conn.send(
            {
                "urls": server.base_urls,
                "leader": leader.address,
                "token": str(market.tokens[0][0]),
                "neg_risk": market.neg_risk,
            }
        )
        while True:
            command, argument = await asyncio.to_thread(conn.recv)
            if command == "fund":
                for address in argument:
                    state.fund(address, FUNDS)
                conn.send(None)
            elif command == "leader_buys":  # argument: how many, at once
                if argument:  # a burst: the mid stays, so the copies meet the leader's prices
                    liquidity.mid_bounds = (liquidity.mid, liquidity.mid)
                state.fund(leader.address, (argument or 1) * 50 * MICRO)
                for _ in range(argument or 1):
                    liquidity.step()
                    while leader.step() is None:
                        liquidity.step()
                conn.send(None)
            elif command == "arrivals":
                conn.send(dict(arrivals))
            else:
                conn.send(None)
                return


class EmulatorProcess:
    """The emulator in a child process, driven over a pipe."""

    def __init__(self, seed: int, level_size: int) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process = context.Process(
            target=_emulator_main, args=(child, seed, level_size), daemon=True
        )
        self._process.start()
        hello = self._conn.recv()
        self.urls: dict[str, str] = hello["urls"]
        self.leader: str = hello["leader"]
        self.token = int(hello["token"])  # a token of one market, for the baseline
        self.neg_risk: bool = hello["neg_risk"]

    async def call(self, command: str, argument: Any = None) -> Any:
        self._conn.send((command, argument))
        return await asyncio.to_thread(self._conn.recv)

    async def close(self) -> None:
        await self.call("stop")
        self._process.join(10)


# --- the engine's side ---------------------------------------------------------------------


@contextlib.asynccontextmanager
async def fresh_database(postgres: str | None, tmp: Path, name: str) -> AsyncIterator[Database]:
    """A migrated, empty database: a SQLite file, or a new database on ``postgres``."""
    if postgres is None:
        url = URL.create("sqlite+aiosqlite", database=str(tmp / f"{name}.sqlite"))
        dropped = None
    else:
        dropped = f"polycopy_bench_{secrets.token_hex(4)}"
        admin = make_url(postgres).set(drivername="postgresql")
        with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{dropped}"')
        url = admin.set(drivername="postgresql+psycopg", database=dropped)
    await asyncio.to_thread(migrate.upgrade, url)
    db = Database(url)
    try:
        yield db
    finally:
        await db.dispose()
        if dropped is not None:
            with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as c:
                c.execute(f'DROP DATABASE IF EXISTS "{dropped}" WITH (FORCE)')


async def seed(db: Database, box: SecretBox, leader: str, n: int) -> list[str]:
    """``n`` follower accounts copying ``leader``; returns their wallet addresses."""
    addresses = []
    async with db.transaction() as session:
        user = await get_or_create_user(session, "bench@polycopy.local", actor="bench")
        for i in range(n):
            key_hex = "0x" + secrets.token_hex(32)
            address = PrivateKey.from_hex(key_hex).address
            addresses.append(address)
            account = await link_follower_account(
                session,
                user=user,
                label=f"follower {i}",
                mode=AccountMode.SIM,
                wallet_address=address,
                signer_address=address,
                signature_type=0,
                encrypted_credentials=seal_credentials(box, address, {"private_key": key_hex}),
                actor="bench",
            )
            await create_rule(
                session,
                account,
                leader,
                RuleSettings(fixed_amount_micros=2 * MICRO, max_slippage_bps=1_000),
                actor="bench",
                now=utcnow(),
            )
    return addresses


async def stored_orders(db: Database) -> list[tuple[str, dt.datetime, dt.datetime]]:
    """Per order sent: its hash, when its leader fill was stored, when its answer was."""
    async with db.transaction() as session:
        rows = (
            await session.execute(
                select(Order.order_hash, LeaderFill.first_seen_at, OrderEvent.created_at)
                .select_from(OrderEvent)
                .join(Order, Order.id == OrderEvent.order_id)
                .join(Decision, Decision.id == Order.decision_id)
                .join(LeaderFill, LeaderFill.id == Decision.leader_fill_id)
                .where(OrderEvent.to_status.in_(TERMINAL_STATUSES), Order.order_hash.is_not(None))
            )
        ).all()
    return [(order_hash or "", seen, answered) for order_hash, seen, answered in rows]


@dataclass(frozen=True, slots=True)
class Run:
    arrived_ms: list[float]  # per order: leader fill stored → order at the emulator
    answered_ms: list[float]  # per order: leader fill stored → the venue's answer stored
    orders_per_s: float  # first fill stored to last answer stored
    first_fill_ms: list[float]  # the engine's first fill, in a new market (not in the above)


async def started_engine(
    db: Database, box: SecretBox, http: httpx.AsyncClient, emulator: EmulatorProcess
) -> CopyEngine:
    """An engine on the emulator, warmed up as in a running worker: API keys derived,
    connections open, start-up reconciliation done."""
    urls = emulator.urls
    engine = build_engine(
        db,
        box,
        http,
        urls=VenueUrls(clob=urls["clob"], data=urls["data"], gamma=urls["gamma"]),
        timings=EngineTimings(
            poll_interval=dt.timedelta(seconds=0.05), stale_after=dt.timedelta(minutes=5)
        ),
        worker_id="bench",
        now=utcnow,
    )
    traders = engine._executor._traders
    async with db.transaction() as session:
        account_ids = list((await session.scalars(select(FollowerAccount.id))).all())
    for account_id in account_ids:
        await traders.for_account(account_id)
    await engine.start()
    settle_after_startup()  # as the worker does once it is up
    return engine


async def scenario(followers: int, fills: int, postgres: str | None, tmp: Path) -> Run:
    """``fills`` leader buys copied by ``followers`` followers, one worker round each.

    A first fill runs before them and is reported on its own: the engine's first round, in a
    market polycopy has not cached yet (one Gamma request more), with its statement caches
    cold.
    """
    emulator = EmulatorProcess(seed=7, level_size=followers * 10 * MICRO)
    box = SecretBox("bench-secret")
    try:
        async with (
            fresh_database(postgres, tmp, f"bench-{followers}") as db,
            http_client(30) as http,
        ):
            await emulator.call("fund", await seed(db, box, emulator.leader, followers))
            engine = await started_engine(db, box, http, emulator)
            await emulator.call("leader_buys")
            await engine.copy_round()
            first = await stored_orders(db)
            for _ in range(fills):
                await emulator.call("leader_buys")
                await engine.copy_round()  # detect, decide and send (upkeep runs beside it)
            orders = [row for row in await stored_orders(db) if row not in first]
        arrivals: dict[str, float] = await emulator.call("arrivals")
    finally:
        await emulator.close()
    arrived, answered = _latencies(orders, arrivals)
    span = (max(at for *_, at in orders) - min(seen for _, seen, _ in orders)).total_seconds()
    return Run(arrived, answered, len(orders) / span, _latencies(first, arrivals)[0])


@dataclass(frozen=True, slots=True)
class Burst:
    fills: int
    copied: int  # decisions that copied (the rest are skips, by reason in ``skipped``)
    skipped: dict[str, int]
    decided_s: float  # fills stored → the last decision written
    all_sent_s: float  # fills stored → the last copy at the emulator
    rounds: int  # copy rounds until every fill was decided


async def burst_scenario(fills: int, postgres: str | None, tmp: Path) -> Burst:
    """One leader makes ``fills`` fills at once; one follower copies them all.

    The clock starts once the burst is stored (one Data API poll detects it whole); the
    figures are when the last decision was written and when the last copy reached the
    emulator. One signer's copies leave at its tier's order rate (the client keeps to
    Polymarket's Standard tier, 40 a second after a burst of 60), so the second is bound by
    the venue, not the engine. A first fill runs before, in a new market, and is not
    measured.
    """
    emulator = EmulatorProcess(seed=9, level_size=fills * 10 * MICRO)
    box = SecretBox("bench-secret")
    try:
        async with fresh_database(postgres, tmp, "bench-burst") as db, http_client(30) as http:
            await emulator.call("fund", await seed(db, box, emulator.leader, 1))
            engine = await started_engine(db, box, http, emulator)
            await emulator.call("leader_buys")
            await engine.copy_round()
            before = len(await _fill_ids(db))
            await emulator.call("leader_buys", fills)
            if await engine.poll_once() != fills:
                raise RuntimeError("one Data API poll did not detect the whole burst")
            stored = time.time()
            rounds = 0
            while await _fill_ids(db, undecided=True):
                await engine.copy_round()  # the code before decided 100 fills a round
                rounds += 1
            await engine.copy_round()  # the copies left to the queue
            burst = (await _fill_ids(db))[before:]
            async with db.transaction() as session:
                rows = (
                    await session.execute(
                        select(Decision.reason, Decision.created_at, Order.order_hash)
                        .outerjoin(Order, Order.decision_id == Decision.id)
                        .where(Decision.leader_fill_id.in_(burst))
                    )
                ).all()
        arrivals: dict[str, float] = await emulator.call("arrivals")
    finally:
        await emulator.close()
    if len(rows) != fills:
        raise RuntimeError(f"{len(rows)} decisions for {fills} fills")
    sent = [arrivals[order_hash] for *_, order_hash in rows if order_hash is not None]
    if len(sent) != sum(order_hash is not None for *_, order_hash in rows):
        raise RuntimeError("a copy never reached the emulator")
    return Burst(
        fills=fills,
        copied=len(sent),
        skipped=dict(Counter(reason or "?" for reason, _, order_hash in rows if not order_hash)),
        decided_s=max(at.timestamp() for _, at, _ in rows) - stored,
        all_sent_s=max(sent, default=stored) - stored,
        rounds=rounds,
    )


async def _fill_ids(db: Database, *, undecided: bool = False) -> list[int]:
    """The leader fills stored, in id order (only those not decided yet)."""
    stmt = select(LeaderFill.id).order_by(LeaderFill.id)
    if undecided:
        stmt = stmt.where(LeaderFill.decided_at.is_(None))
    async with db.transaction() as session:
        return list((await session.scalars(stmt)).all())


def _latencies(
    orders: list[tuple[str, dt.datetime, dt.datetime]], arrivals: dict[str, float]
) -> tuple[list[float], list[float]]:
    arrived = [
        (arrivals[order_hash] - seen.timestamp()) * 1000
        for order_hash, seen, _ in orders
        if order_hash in arrivals
    ]
    if len(arrived) != len(orders):
        raise RuntimeError(f"{len(orders) - len(arrived)} orders never reached the emulator")
    return arrived, [(at - seen).total_seconds() * 1000 for _, seen, at in orders]


async def baseline_ms(rounds: int) -> list[float]:
    """A signed POST /order round trip to the emulator, with nothing else around it."""
    from polycopy.venues.polymarket.amounts import Side, market_order_amounts
    from polycopy.venues.polymarket.auth import l2_headers, serialize_body
    from polycopy.venues.polymarket.clob import ClobPublicClient
    from polycopy.venues.polymarket.signing import (
        LocalOrderSigner,
        OrderFields,
        SignatureType,
        new_salt,
        post_order_body,
    )

    emulator = EmulatorProcess(seed=8, level_size=0)
    key = PrivateKey.from_hex("0x" + secrets.token_hex(32))
    signer = LocalOrderSigner(key)
    timings = []
    try:
        await emulator.call("fund", [key.address])
        async with http_client(30) as http:
            clob = emulator.urls["clob"]
            creds = await ClobPublicClient(http, clob).derive_api_creds(signer)
            for _ in range(rounds):
                maker, taker = market_order_amounts(
                    Side.BUY, Decimal(2), Decimal("0.6"), Decimal("0.01")
                )
                signed = signer.sign_order(
                    OrderFields(
                        salt=new_salt(),
                        maker=key.address,
                        signer=key.address,
                        token_id=emulator.token,
                        maker_amount=maker,
                        taker_amount=taker,
                        side=Side.BUY,
                        signature_type=SignatureType.EOA,
                        timestamp_ms=int(time.time() * 1000),
                    ),
                    neg_risk=emulator.neg_risk,
                )
                text = serialize_body(
                    post_order_body(signed, owner=creds.api_key, order_type="FAK")
                )
                headers = l2_headers(
                    creds,
                    key.address,
                    method="POST",
                    request_path="/order",
                    body=text,
                    timestamp=int(time.time()),
                )
                started = time.perf_counter()
                response = await http.post(f"{clob}/order", content=text, headers=headers)
                timings.append((time.perf_counter() - started) * 1000)
                response.raise_for_status()
    finally:
        await emulator.close()
    return timings


def _summary(values: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(values), 2),
        "p99_ms": round(percentile(values, 0.99), 2),
    }


async def main(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        fan = await scenario(args.followers, 1, args.postgres, Path(tmp))
        burst = await burst_scenario(args.burst, args.postgres, Path(tmp)) if args.burst else None
        if args.only == "burst":
            base, one = [], None
        else:
            base = await baseline_ms(50)
            one = await scenario(1, args.fills, args.postgres, Path(tmp))
    result: dict[str, Any] = {"database": "postgresql" if args.postgres else "sqlite"}
    if one is not None:
        base_p50 = statistics.median(base)
        result["baseline_post_order"] = _summary(base)
        result["one_follower"] = _summary(one.arrived_ms) | {
            "p50_ratio_to_baseline": round(statistics.median(one.arrived_ms) / base_p50, 1),
            "answer_stored_p99_ms": round(percentile(one.answered_ms, 0.99), 2),
            "first_fill_new_market_ms": round(one.first_fill_ms[0], 2),
        }
    result[f"fanout_{args.followers}"] = _summary(fan.arrived_ms) | {
        "all_sent_ms": round(max(fan.arrived_ms), 2),
        "answers_stored_ms": round(max(fan.answered_ms), 2),
        "first_fill_new_market_all_sent_ms": round(max(fan.first_fill_ms), 2),
    }
    result["orders_per_s"] = round(fan.orders_per_s, 1)
    if burst is not None:
        per_s = burst.fills / burst.decided_s
        result[f"burst_{burst.fills}_one_follower"] = {
            "decisions_per_s": round(per_s, 1),
            "ratio_to_fanout_orders_per_s": round(per_s / fan.orders_per_s, 2),
            "all_decided_s": round(burst.decided_s, 3),
            "all_sent_s": round(burst.all_sent_s, 3),
            "orders_per_s_one_signer": round(burst.copied / burst.all_sent_s, 1),
            "copied": burst.copied,
            "skipped": burst.skipped,
            "rounds": burst.rounds,
        }
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--followers", type=int, default=1000)
    parser.add_argument("--fills", type=int, default=50)
    parser.add_argument(
        "--burst", type=int, default=2000, help="fills of one leader at once (0: no burst case)"
    )
    parser.add_argument(
        "--only", choices=("burst",), help="only the burst and the fan-out it is compared with"
    )
    parser.add_argument(
        "--postgres", metavar="URL", help="run on a new database on this PostgreSQL server"
    )
    parser.add_argument("--json", action="store_true")
    arguments = parser.parse_args()
    configure_logging("WARNING")  # per-order log lines would be part of what is measured
    result = asyncio.run(main(arguments))
    if arguments.json:
        print(json.dumps(result))
    else:
        for name, figures in result.items():
            print(f"{name:24} {figures}")
    sys.exit(0)
