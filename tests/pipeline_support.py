"""Helpers for tests that run the copy pipeline against the emulator over loopback HTTP."""

from __future__ import annotations

import datetime as dt
import os
import random
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy.engine import URL

from polycopy.accounts.types import AccountMode
from polycopy.demo import seed_follower
from polycopy.emulator.server import EmulatorServer, default_state
from polycopy.emulator.synthetic import LiquidityProvider, SyntheticLeader
from polycopy.engine import CopyEngine, EngineTimings, VenueUrls, build_engine
from polycopy.kit.crypto import SecretBox
from polycopy.kit.db import Database
from polycopy.kit.http import http_client
from polycopy.kit.money import MICRO
from polycopy.venues.base import ExecutionVenue
from polycopy.venues.polymarket.signing import PrivateKey

FOLLOWER_FUNDS = 1_000 * MICRO


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def aware(moment: dt.datetime) -> dt.datetime:
    """Stored times are UTC; SQLite returns them without a zone."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def cli_env(database_url: URL, data_dir: Path, **settings: str) -> dict[str, str]:
    """The environment of a ``polycopy`` CLI process on the test's database: no config file,
    credentials sealed under "test-secret" (``running_sim``), ``settings`` as
    ``POLYCOPY_<NAME>``."""
    plain = database_url.set(
        drivername="sqlite" if database_url.get_backend_name() == "sqlite" else "postgresql"
    )
    env = {
        **os.environ,
        "POLYCOPY_DATABASE_URL": plain.render_as_string(hide_password=False),
        "POLYCOPY_DATA_DIR": str(data_dir),
        "POLYCOPY_SECRET_KEY": "test-secret",
        "POLYCOPY_LOG_LEVEL": "ERROR",
    }
    env.pop("POLYCOPY_CONFIG_FILE", None)
    return env | {f"POLYCOPY_{name.upper()}": value for name, value in settings.items()}


def emulator_engine(
    server: EmulatorServer,
    db: Database,
    box: SecretBox,
    http: httpx.AsyncClient,
    *,
    worker_id: str = "test",
    now: Callable[[], dt.datetime] = utcnow,
    wrap_venue: Callable[[ExecutionVenue], ExecutionVenue] | None = None,
    send_at_once: bool = True,
    read_cash: bool = False,
) -> CopyEngine:
    """The copy pipeline against ``server`` over loopback HTTP (see ``Sim.engine``)."""
    urls = server.base_urls
    return build_engine(
        db,
        box,
        http,
        urls=VenueUrls(
            clob=urls["clob"],
            data=urls["data"],
            gamma=urls["gamma"],
            relayer=urls["relayer"],
            rpc=urls["rpc_http"] if read_cash else "",
        ),
        timings=EngineTimings(
            poll_interval=dt.timedelta(seconds=0.1), stale_after=dt.timedelta(minutes=5)
        ),
        worker_id=worker_id,
        now=now,
        rng=random.Random(0),
        wrap_venue=wrap_venue,
        send_at_once=send_at_once,
    )


@dataclass
class Sim:
    server: EmulatorServer
    leader: SyntheticLeader
    follower: str
    db: Database
    box: SecretBox
    http: httpx.AsyncClient

    def engine(
        self,
        worker_id: str = "test",
        *,
        now: Callable[[], dt.datetime] = utcnow,
        wrap_venue: Callable[[ExecutionVenue], ExecutionVenue] | None = None,
        send_at_once: bool = True,
        read_cash: bool = False,
    ) -> CopyEngine:
        """The pipeline against this emulator (``send_at_once=False``: a decide-only engine
        that leaves the copies in the queue, for tests that stage it; ``read_cash``: leaders'
        values count their pUSD, read over the emulator's Polygon RPC)."""
        return emulator_engine(
            self.server,
            self.db,
            self.box,
            self.http,
            worker_id=worker_id,
            now=now,
            wrap_venue=wrap_venue,
            send_at_once=send_at_once,
            read_cash=read_cash,
        )

    def leader_trades(self, *, buy: bool, shares: int | None = None) -> None:
        """Make the synthetic leader trade now, on the side asked for (and size, if given)."""
        self.leader.buy_percent = 100 if buy else 0
        if shares is not None:
            self.leader.min_shares = self.leader.max_shares = shares
        self.liquidity.step()  # keep both sides of the book stocked, as the running actor does
        for _ in range(20):
            placement = self.leader.step()
            if placement is not None and placement.taking > 0:
                return
        raise AssertionError("the synthetic leader could not trade")

    @property
    def liquidity(self) -> LiquidityProvider:
        return next(a for a in self.server.state.actors if isinstance(a, LiquidityProvider))

    def leader_position(self, token_id: int) -> int:
        return self.server.state.wallet(self.leader.address).positions.get(token_id, 0)

    def follower_position(self, token_id: int) -> int:
        return self.server.state.wallet(self.follower).positions.get(token_id, 0)

    def follower_orders(self) -> list[Any]:
        return [o for o in self.server.state.orders.values() if o.maker == self.follower.lower()]


@asynccontextmanager
async def running_sim(
    db: Database, *, seed: int = 7, mode: AccountMode = AccountMode.SIM
) -> AsyncIterator[Sim]:
    server = EmulatorServer(default_state(seed), run_actors=False)
    leader = next(a for a in server.state.actors if isinstance(a, SyntheticLeader))
    box = SecretBox("test-secret")
    key_hex = "0x" + secrets.token_hex(32)
    follower = PrivateKey.from_hex(key_hex).address
    server.state.fund(follower, FOLLOWER_FUNDS)
    await seed_follower(db, box, leader_wallet=leader.address, key_hex=key_hex, mode=mode)
    async with server, http_client(10) as http:
        yield Sim(server, leader, follower, db, box, http)
