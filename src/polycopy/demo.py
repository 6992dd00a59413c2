"""``polycopy demo``: the emulator, the copy engine and the web app in one process.

The demo keeps its own SQLite database (``demo.sqlite`` in the data directory), recreated on
every run, because the emulator's world (wallets, books, leader history) is new each run too.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import random
import secrets
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import uvicorn
from sqlalchemy.engine import URL

from polycopy import __version__
from polycopy.accounts.service import get_or_create_user, link_follower_account
from polycopy.accounts.types import AccountMode, Role
from polycopy.admin.keys import box_from_settings
from polycopy.admin.repository import PipelineStatsRepository
from polycopy.admin.runtime import report_runtime
from polycopy.api.app import create_app
from polycopy.api.repository import OwnedRepository
from polycopy.api.serving import listening_socket, uvicorn_config
from polycopy.api.sign_in_link import one_time_sign_in
from polycopy.backtest.jobs import BacktestRunner
from polycopy.config import Settings
from polycopy.copying.service import create_rule
from polycopy.copying.settings import RuleSettings
from polycopy.emulator.server import EmulatorServer, default_state
from polycopy.engine import EngineTimings, build_engine
from polycopy.kit import migrate
from polycopy.kit.crypto import SecretBox
from polycopy.kit.db import Database
from polycopy.kit.http import http_client
from polycopy.kit.money import MICRO, micros_str
from polycopy.signals.backfill import Backfiller
from polycopy.venues.directory import seal_credentials
from polycopy.venues.polymarket.data_api import DataApiClient
from polycopy.venues.polymarket.ratelimit import shared_readings
from polycopy.venues.polymarket.signing import PrivateKey
from polycopy.worker import venue_urls

DEMO_ACTOR = "demo"
DEMO_WORKER = "demo"
SIGN_IN_PATH = "/demo/sign-in"
DEMO_EMAIL = "demo@polycopy.local"
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
    rule: RuleSettings | None = None,
    now: dt.datetime | None = None,
) -> None:
    """A follower account copying ``leader_wallet`` (by default the demo's fixed rule), from
    ``now`` on (by default the host's time; in sim, pass the emulator's)."""
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
        rule_row = await create_rule(
            session,
            account,
            leader_wallet,
            rule
            or RuleSettings(
                fixed_amount_micros=DEMO_FIXED_AMOUNT_MICROS, max_slippage_bps=DEMO_SLIPPAGE_BPS
            ),
            actor=DEMO_ACTOR,
            now=now or utcnow(),
        )
        # On the user's list too, as a rule made in the web app puts it: the Leaders and
        # Activity pages, the rule preview and /leaders/{id} show only listed leaders.
        await OwnedRepository(session, user.id).watch(rule_row.leader_id)


@dataclass(frozen=True, slots=True)
class WebOptions:
    """Where the demo serves the API and the web app."""

    host: str = "127.0.0.1"
    port: int = 8000


class _DemoServer(uvicorn.Server):
    """Uvicorn without its own signal handling: the demo stops it with everything else."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


async def run_demo(
    settings: Settings,
    *,
    duration: float | None,
    seed: int,
    web: WebOptions | None = None,
    announce: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Run until ``duration`` seconds pass or SIGINT/SIGTERM; with ``web``, serve the app too."""
    url = demo_database(settings)
    await asyncio.to_thread(migrate.upgrade, url)
    db = Database(url)
    box = box_from_settings(settings)
    server = EmulatorServer(default_state(seed))
    leader = next(actor.address for actor in server.state.actors if actor.role == "leader")
    await server.start()
    started = time.monotonic()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    if duration is not None:
        loop.call_later(duration, stop.set)
    web_server: _DemoServer | None = None
    web_task: asyncio.Task[None] | None = None
    try:
        key_hex = "0x" + secrets.token_hex(32)
        follower = PrivateKey.from_hex(key_hex).address
        server.state.fund(follower, DEMO_FOLLOWER_FUNDS_MICROS)
        await seed_follower(db, box, leader_wallet=leader, key_hex=key_hex)
        emulated = settings.with_emulator(server.base_urls)  # every venue URL is the emulator's
        if web is not None:
            app = create_app(emulated, database=db)
            token = one_time_sign_in(app, DEMO_EMAIL, path=SIGN_IN_PATH)
            web_server = _DemoServer(uvicorn_config(app, settings))
            sock = listening_socket(web.host, web.port)
            port = sock.getsockname()[1]
            web_task = asyncio.create_task(web_server.serve(sockets=[sock]))
            base = f"http://{web.host}:{port}"
            announce(f"polycopy demo: open {base}{SIGN_IN_PATH}?token={token}")
            announce(f"  (one-time sign-in link to {DEMO_EMAIL}; the app is at {base}/)")
            announce(f"  leader {leader}; emulator control {server.base_urls['admin']}")
            announce("  press Ctrl-C to stop")
        async with http_client(settings.venue_timeout_seconds) as http:
            engine = build_engine(
                db,
                box,
                http,
                urls=venue_urls(emulated),
                timings=EngineTimings(
                    poll_interval=dt.timedelta(seconds=settings.poll_interval_seconds),
                    stale_after=STALE_BUY_AFTER,
                ),
                worker_id=DEMO_WORKER,
                now=utcnow,
                rng=random.Random(seed),  # noqa: S311 (retry jitter, not cryptography)
            )
            async with asyncio.TaskGroup() as group:
                group.create_task(engine.run(stop))
                # Leaders' histories and the web app's backtests, as `polycopy worker` runs them.
                data_api = DataApiClient(http, venue_urls(emulated).data)
                group.create_task(Backfiller(db, data_api, now=utcnow).run(stop))
                backtests = BacktestRunner(db, now=utcnow, stale_after=STALE_BUY_AFTER)
                group.create_task(backtests.run(stop))
                # Reported as `polycopy worker` does, so Admin lists the demo's engine.
                group.create_task(
                    report_runtime(
                        db,
                        DEMO_WORKER,
                        stop,
                        every=settings.runtime_report_seconds,
                        now=utcnow,
                        rate_limits=shared_readings,
                        breakers=engine.breakers,
                    )
                )
            await engine.step()  # settle what the last interval detected
        async with db.transaction() as session:
            counts = await PipelineStatsRepository(session).counts()
        venue = server.state.summary()
        wallets = venue.get("wallets", {})
        follower_wallet = wallets.get(follower.lower(), {}) if isinstance(wallets, dict) else {}
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
        if web_server is not None and web_task is not None:
            web_server.should_exit = True
            await asyncio.gather(web_task, return_exceptions=True)
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
