"""Reaction time: from a leader fill being stored to the follower's order answered by the venue.

Runs the real pipeline in one process against the emulator over loopback HTTP, on a fresh
SQLite database: detection (Data API poll), decision, signing, POST /order. Prints p50/p99 for
one follower, the same for a fan-out to N followers of one fill, and orders per second. The
baseline, measured in the same run, is a bare signed POST /order round trip to the same
emulator, so the ratio shows what the pipeline adds on top of the network call.

    .venv/bin/python bench/reaction.py [--followers 1000] [--fills 30] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import secrets
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import URL

from polycopy.accounts.service import get_or_create_user, link_follower_account
from polycopy.accounts.types import AccountMode
from polycopy.copying.service import create_rule
from polycopy.copying.settings import RuleSettings
from polycopy.emulator.server import EmulatorServer, default_state
from polycopy.emulator.synthetic import LiquidityProvider, SyntheticLeader
from polycopy.engine import EngineTimings, VenueUrls, build_engine
from polycopy.kit import migrate
from polycopy.kit.crypto import SecretBox
from polycopy.kit.db import Database
from polycopy.kit.http import http_client
from polycopy.kit.logging import configure_logging
from polycopy.kit.money import MICRO
from polycopy.models import Decision, FollowerAccount, LeaderFill, Order, OrderEvent
from polycopy.orders.types import TERMINAL_STATUSES
from polycopy.venues.directory import seal_credentials
from polycopy.venues.polymarket.signing import PrivateKey


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def seed(db: Database, box: SecretBox, server: EmulatorServer, leader: str, n: int) -> None:
    async with db.transaction() as session:
        user = await get_or_create_user(session, "bench@polycopy.local", actor="bench")
        for i in range(n):
            key_hex = "0x" + secrets.token_hex(32)
            address = PrivateKey.from_hex(key_hex).address
            server.state.fund(address, 10_000 * MICRO)
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


async def order_latencies(db: Database, fill_ids: list[int]) -> list[float]:
    """Per order: its venue answer time minus the time its leader fill was stored."""
    async with db.transaction() as session:
        rows = (
            await session.execute(
                select(LeaderFill.first_seen_at, OrderEvent.created_at)
                .select_from(OrderEvent)
                .join(Order, Order.id == OrderEvent.order_id)
                .join(Decision, Decision.id == Order.decision_id)
                .join(LeaderFill, LeaderFill.id == Decision.leader_fill_id)
                .where(
                    LeaderFill.id.in_(fill_ids),
                    OrderEvent.to_status.in_(TERMINAL_STATUSES),
                )
            )
        ).all()
    return [(answered - seen).total_seconds() * 1000 for seen, answered in rows]


async def new_fill_ids(db: Database, after: int) -> list[int]:
    async with db.transaction() as session:
        return list(
            (await session.scalars(select(LeaderFill.id).where(LeaderFill.id > after))).all()
        )


async def scenario(followers: int, fills: int, tmp: Path) -> tuple[list[float], float, int]:
    """Returns (per-order latencies in ms, seconds spent executing, orders answered)."""
    db_url = URL.create("sqlite+aiosqlite", database=str(tmp / f"bench-{followers}.sqlite"))
    await asyncio.to_thread(migrate.upgrade, db_url)
    db = Database(db_url)
    box = SecretBox("bench-secret")
    server = EmulatorServer(default_state(7), run_actors=False)
    leader = next(a for a in server.state.actors if isinstance(a, SyntheticLeader))
    liquidity = next(a for a in server.state.actors if isinstance(a, LiquidityProvider))
    liquidity.level_size = max(liquidity.level_size, followers * 10 * MICRO)
    liquidity.step()
    await seed(db, box, server, leader.address, followers)
    latencies: list[float] = []
    executing = 0.0
    answered = 0
    async with server, http_client(30) as http:
        urls = server.base_urls
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
        # Warm-up: API keys derived, market cached, connections open.
        traders = engine._executor._traders
        async with db.transaction() as session:
            account_ids = list((await session.scalars(select(FollowerAccount.id))).all())
        for account_id in account_ids:
            await traders.for_account(account_id)
        leader.buy_percent = 100
        leader.min_shares = leader.max_shares = 5 * MICRO
        last_fill = 0
        for _ in range(fills):
            liquidity.step()
            while leader.step() is None:
                liquidity.step()
            await engine.poll_once()
            await engine.decide_pending()
            started = time.perf_counter()
            answered += await engine._executor.run_due()
            executing += time.perf_counter() - started
            ids = await new_fill_ids(db, last_fill)
            latencies += await order_latencies(db, ids)
            last_fill = max(ids, default=last_fill)
    await db.dispose()
    return latencies, executing, answered


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

    server = EmulatorServer(default_state(8), run_actors=False)
    market = next(iter(server.state.markets.values()))
    key = PrivateKey.from_hex("0x" + secrets.token_hex(32))
    server.state.fund(key.address, 100_000 * MICRO)
    signer = LocalOrderSigner(key)
    timings = []
    async with server, http_client(30) as http:
        clob = server.base_urls["clob"]
        creds = await ClobPublicClient(http, clob).derive_api_creds(signer)
        token = market.tokens[0][0]
        for _ in range(rounds):
            maker, taker = market_order_amounts(
                Side.BUY, Decimal(2), Decimal("0.6"), Decimal("0.01")
            )
            signed = signer.sign_order(
                OrderFields(
                    salt=new_salt(),
                    maker=key.address,
                    signer=key.address,
                    token_id=token,
                    maker_amount=maker,
                    taker_amount=taker,
                    side=Side.BUY,
                    signature_type=SignatureType.EOA,
                    timestamp_ms=int(time.time() * 1000),
                ),
                neg_risk=False,
            )
            text = serialize_body(post_order_body(signed, owner=creds.api_key, order_type="FAK"))
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
    return timings


async def main(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        base = await baseline_ms(50)
        one, _, _ = await scenario(1, args.fills, Path(tmp))
        fan, executing, answered = await scenario(args.followers, 1, Path(tmp))
    base_p50 = statistics.median(base)
    return {
        "baseline_post_order": {
            "p50_ms": round(base_p50, 2),
            "p99_ms": round(percentile(base, 0.99), 2),
        },
        "one_follower": {
            "p50_ms": round(statistics.median(one), 2),
            "p99_ms": round(percentile(one, 0.99), 2),
            "p50_ratio_to_baseline": round(statistics.median(one) / base_p50, 1),
        },
        f"fanout_{args.followers}": {
            "p50_ms": round(statistics.median(fan), 2),
            "p99_ms": round(percentile(fan, 0.99), 2),
            "all_sent_ms": round(max(fan), 2),
        },
        "orders_per_s": round(answered / executing, 1) if executing else 0.0,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--followers", type=int, default=1000)
    parser.add_argument("--fills", type=int, default=30)
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
