"""``polycopy demo``: the emulator and the copy engine in one process.

The demo keeps its own SQLite database (``demo.sqlite`` in the data directory), recreated on
every run, because the emulator's world (wallets, books, leader history) is new each run too.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import secrets
import time
from typing import Any

from sqlalchemy.engine import URL

from polycopy import __version__
from polycopy.accounts.service import get_or_create_user, link_follower_account
from polycopy.accounts.types import AccountMode, Role
from polycopy.admin.repository import PipelineStatsRepository
from polycopy.config import Settings
from polycopy.copying.service import create_rule
from polycopy.copying.settings import RuleSettings
from polycopy.emulator.server import EmulatorServer, default_state
from polycopy.engine import EngineTimings, VenueUrls, build_engine
from polycopy.kit import migrate
from polycopy.kit.crypto import SecretBox
from polycopy.kit.db import Database
from polycopy.kit.http import http_client
from polycopy.kit.money import MICRO, micros_str
from polycopy.venues.directory import seal_credentials
from polycopy.venues.polymarket.signing import PrivateKey

DEMO_ACTOR = "demo"
DEMO_FOLLOWER_FUNDS_MICROS = 1_000 * MICRO
DEMO_FIXED_AMOUNT_MICROS = 5 * MICRO
DEMO_SLIPPAGE_BPS = 500
STALE_BUY_AFTER = dt.timedelta(minutes=5)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def demo_database(settings: Settings) -> URL:
    path = settings.data_dir / "demo.sqlite"
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    return URL.create("sqlite+aiosqlite", database=str(path))


async def seed_follower(
    db: Database,
    box: SecretBox,
    *,
    leader_wallet: str,
    key_hex: str,
    mode: AccountMode = AccountMode.SIM,
) -> None:
    key = PrivateKey.from_hex(key_hex)
    async with db.transaction() as session:
        user = await get_or_create_user(
            session, "demo@polycopy.local", role=Role.ADMIN, actor=DEMO_ACTOR
        )
        account = await link_follower_account(
            session,
            user=user,
            label="Demo follower",
            mode=mode,
            wallet_address=key.address,
            signer_address=key.address,
            signature_type=0,
            encrypted_credentials=seal_credentials(box, key.address, {"private_key": key_hex}),
            actor=DEMO_ACTOR,
        )
        await create_rule(
            session,
            account,
            leader_wallet,
            RuleSettings(
                fixed_amount_micros=DEMO_FIXED_AMOUNT_MICROS, max_slippage_bps=DEMO_SLIPPAGE_BPS
            ),
            actor=DEMO_ACTOR,
            now=utcnow(),
        )


async def run_demo(settings: Settings, *, duration: float, seed: int) -> dict[str, Any]:
    url = demo_database(settings)
    await asyncio.to_thread(migrate.upgrade, url)
    db = Database(url)
    box = SecretBox(settings.secret_key.get_secret_value())
    server = EmulatorServer(default_state(seed))
    leader = next(actor.address for actor in server.state.actors if actor.role == "leader")
    await server.start()
    started = time.monotonic()
    try:
        key_hex = "0x" + secrets.token_hex(32)
        follower = PrivateKey.from_hex(key_hex).address
        server.state.fund(follower, DEMO_FOLLOWER_FUNDS_MICROS)
        await seed_follower(db, box, leader_wallet=leader, key_hex=key_hex)
        urls = server.base_urls
        async with http_client(settings.venue_timeout_seconds) as http:
            engine = build_engine(
                db,
                box,
                http,
                urls=VenueUrls(clob=urls["clob"], data=urls["data"], gamma=urls["gamma"]),
                timings=EngineTimings(
                    poll_interval=dt.timedelta(seconds=settings.poll_interval_seconds),
                    stale_after=STALE_BUY_AFTER,
                ),
                worker_id="demo",
                now=utcnow,
                rng=random.Random(seed),  # noqa: S311 (retry jitter, not cryptography)
            )
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            loop.call_later(duration, stop.set)
            await engine.run(stop)
            await engine.step()  # settle what the last interval detected
        async with db.transaction() as session:
            counts = await PipelineStatsRepository(session).counts()
        venue = server.state.summary()
        wallets = venue.get("wallets", {})
        follower_wallet = wallets.get(follower.lower(), {}) if isinstance(wallets, dict) else {}
    finally:
        await server.stop()
        await db.dispose()
    return {
        "version": __version__,
        "mode": "sim",
        "seconds": round(time.monotonic() - started, 1),
        "database": str(url.database),
        "leader": leader,
        "follower": follower,
        "leader_fills_seen": counts.leader_fills,
        "decisions": {
            "copy": counts.decisions_copy,
            "skip": counts.decisions_skip,
            "skip_reasons": counts.skip_reasons,
        },
        "orders": counts.orders_by_status,
        "orders_filled": counts.orders_by_status.get("filled", 0),
        "fills": counts.exchange_fills,
        "open_lots": counts.open_lots,
        "dust_lots": counts.dust_lots,
        "closed_lots": counts.closed_lots,
        "realized_pnl": micros_str(counts.realized_pnl_micros),
        "emulator": {
            "trades": venue.get("trades"),
            "orders": venue.get("orders"),
            "follower_wallet": follower_wallet,
        },
    }


def render_summary(summary: dict[str, Any]) -> str:
    decisions = summary["decisions"]
    reasons = ", ".join(f"{k} {v}" for k, v in sorted(decisions["skip_reasons"].items())) or "none"
    return "\n".join(
        [
            f"polycopy demo ({summary['seconds']} s, sim mode)",
            f"  leader {summary['leader']} -> follower {summary['follower']}",
            f"  leader fills seen:  {summary['leader_fills_seen']}",
            f"  decisions:          {decisions['copy']} copy, {decisions['skip']} skip "
            f"(reasons: {reasons})",
            f"  orders:             {summary['orders']}",
            f"  exchange fills:     {summary['fills']}",
            f"  lots:               {summary['open_lots']} open, {summary['closed_lots']} closed, "
            f"{summary['dust_lots']} with dust below 0.01 share",
            f"  realised PnL:       {summary['realized_pnl']} pUSD",
        ]
    )
