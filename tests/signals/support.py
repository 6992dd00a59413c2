"""A replayed leader on the emulator, followed by polycopy's detection sources.

The replayed history is a real recorded wallet (read in place; tests skip without it). On top
of the replay, ``extra_fills`` makes the two cases the sources disagree on most easily: one
transaction carrying several identical fills of the leader (three resting orders of the same
size and price filled by one taker), and the leader taking from two makers at two prices (one
order, one fill, at its average price).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import secrets
from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import delete, func, select

from polycopy.demo import seed_follower
from polycopy.emulator.book import OrderType
from polycopy.emulator.chain import ORDER_FILLED_TOPIC
from polycopy.emulator.realtime import RealtimeConfig
from polycopy.emulator.replay import ReplayLeader
from polycopy.emulator.scenario import Scenario, build_scenario
from polycopy.emulator.server import EmulatorServer
from polycopy.emulator.state import EmulatorState, OrderRequest
from polycopy.kit.crypto import SecretBox
from polycopy.kit.db import Database
from polycopy.kit.money import MICRO
from polycopy.models import LeaderFill, LeaderFillSighting, SourceCursor
from polycopy.signals.detector import Detector, Source
from polycopy.signals.service import Ingest
from polycopy.signals.sources.chain import ChainSource, TokenMarkets
from polycopy.signals.sources.data_api import DataApiActivitySource, DataApiPoller
from polycopy.signals.sources.rtds import RtdsSource
from polycopy.signals.types import FillSource
from polycopy.venues.polymarket.amounts import Side
from polycopy.venues.polymarket.chain import PolygonRpc
from polycopy.venues.polymarket.data_api import DataApiClient
from polycopy.venues.polymarket.gamma import GammaClient
from tests.emulator.scenario_support import load_real, real, write_scenario

RECORDING = "jm709-pscanner/activity.json"
FACTOR = 300
"""Emulator seconds per wall second: the ~9 recorded minutes replay in about 2 s."""
RTDS_LAG_S = 6
BLOCK_TIME_S = 3
INDEXING_LAG_S = 60
OTHER = "0x" + "ab" * 20
"""A second trader that makes the extra fills with the leader."""

Fill = tuple[str, str, int]
"""(transaction hash, side, shares in micros)."""


def scenario_text(path: Path, wallet: str, *, delay: int = 0) -> str:
    return f"""
[scenario]
seed = 5

[clock]
mode = "accelerated"
factor = {FACTOR}
start = "recorded"

[[leaders]]
kind = "replay"
file = "{path}"
wallet = "{wallet}"
types = ["TRADE"]
delay = {delay}

[faults.data]
indexing_lag_s = {INDEXING_LAG_S}
"""


def replay_scenario(tmp_path: Path) -> tuple[Scenario, str]:
    path = real(RECORDING)
    rows = [r for r in load_real(RECORDING) if r["type"] == "TRADE"]
    wallet = str(rows[0]["proxyWallet"]).lower()
    return build_scenario(write_scenario(tmp_path, scenario_text(path, wallet))), wallet


async def followed_replay(db: Database, tmp_path: Path) -> tuple[Scenario, ReplayLeader, str]:
    """The one-leader replay scenario with its leader already followed."""
    scenario, wallet = replay_scenario(tmp_path)
    [replay] = scenario.replays
    await follow(db, wallet)
    return scenario, replay, wallet


def emulator_now(state: EmulatorState) -> Callable[[], dt.datetime]:
    return lambda: dt.datetime.fromtimestamp(state.now(), dt.UTC)


def chain_fills(server: EmulatorServer, wallet: str) -> Counter[Fill]:
    """Every fill of ``wallet``'s own orders the emulator's chain carries (the truth)."""
    maker_topic = "0x" + "00" * 12 + wallet.lower()[2:]
    fills: Counter[Fill] = Counter()
    for log in server.chain.logs_between(server.chain.genesis.number, server.chain.head.number):
        if log.topics[0] == ORDER_FILLED_TOPIC and log.topics[2] == maker_topic:
            words = bytes.fromhex(log.data[2:])
            side = int.from_bytes(words[0:32], "big")
            making = int.from_bytes(words[64:96], "big")
            taking = int.from_bytes(words[96:128], "big")
            shares = taking if side == 0 else making
            fills[(log.transaction_hash, "BUY" if side == 0 else "SELL", shares)] += 1
    return fills


async def stored_fills(db: Database) -> Counter[Fill]:
    async with db.transaction() as session:
        rows = (await session.execute(select(LeaderFill))).scalars().all()
    return Counter((f.transaction_hash, str(f.side), f.size_micros) for f in rows)


async def sightings(db: Database) -> Counter[FillSource]:
    async with db.transaction() as session:
        rows = await session.execute(
            select(LeaderFillSighting.source, func.count()).group_by(LeaderFillSighting.source)
        )
        return Counter({source: count for source, count in rows.all()})  # noqa: C416


async def follow(db: Database, wallet: str) -> None:
    """A follower with a copy rule on ``wallet``: detection watches it.

    A new rule follows "from now on" (a Data API cursor at wall-clock now); the replay's
    clock runs in the recorded past, so that cursor is dropped here.
    """
    key_hex = "0x" + secrets.token_hex(32)
    await seed_follower(db, SecretBox("test-secret"), leader_wallet=wallet, key_hex=key_hex)
    async with db.transaction() as session:
        await session.execute(delete(SourceCursor))


def sources(
    server: EmulatorServer,
    db: Database,
    http: httpx.AsyncClient,
    *,
    enabled: tuple[FillSource, ...] = tuple(FillSource),
    stale_after: float = 5.0,
) -> list[Source]:
    urls = server.base_urls
    now = emulator_now(server.state)
    found: list[Source] = []
    if FillSource.CHAIN in enabled:
        markets = TokenMarkets(db, GammaClient(http, urls["gamma"]))
        rpc = PolygonRpc(http, urls["rpc_http"])
        found.append(
            ChainSource(rpc, urls["rpc_ws"], now=now, markets=markets, stale_after=stale_after)
        )
    if FillSource.RTDS in enabled:
        found.append(RtdsSource(urls["rtds"], now=now, stale_after=stale_after))
    if FillSource.DATA_API in enabled:
        activity = DataApiActivitySource(DataApiClient(http, urls["data"]), now)
        found.append(DataApiPoller(activity, interval=0.05, max_interval=0.2))
    return found


@contextlib.asynccontextmanager
async def detecting(
    db: Database, found: list[Source], state: EmulatorState, *, connected: bool = True
) -> AsyncIterator[Detector]:
    """A running detector; with ``connected``, its streams are subscribed on return."""
    detector = Detector(
        Ingest(db, now=emulator_now(state)), found, refresh_interval=0.2, restart_backoff=0.1
    )
    stop = asyncio.Event()
    task = asyncio.create_task(detector.run(stop))
    try:
        async with asyncio.timeout(10):
            streams = [s for s in found if s.name is not FillSource.DATA_API]
            while connected and not all(s.healthy for s in streams):  # noqa: ASYNC110
                await asyncio.sleep(0.02)
        yield detector
    finally:
        stop.set()
        await task


@dataclass
class Driver:
    """Steps the replay (and the chain) by hand, so nothing happens before sources listen."""

    server: EmulatorServer
    replay: ReplayLeader

    async def run(self, *, gap: Callable[[], float] | None = None) -> None:
        """Re-enact every step, then the extra fills: at the recorded pace (accelerated), or
        one step per ``gap()`` wall seconds."""
        state = self.server.state
        self.replay.start = state.now()
        while not self.replay.done:
            if gap is not None:  # make the next step due now
                self.replay.start = state.now() - self.replay.steps[self.replay.position].offset
            self.replay.step()
            await asyncio.sleep(gap() if gap is not None else 0.005)
        extra_fills(state, self.replay)


def _request(
    state: EmulatorState,
    wallet: str,
    token: int,
    side: Side,
    price: int,
    size: int,
    order_type: OrderType,
) -> OrderRequest:
    return OrderRequest(
        order_id=state.internal_order_id(),
        owner=state.derive_api_key(wallet, 0).api_key,
        maker=wallet,
        signer=wallet,
        token_id=token,
        side=side,
        price=price,
        size=size,
        order_type=order_type,
    )


def extra_fills(state: EmulatorState, replay: ReplayLeader) -> None:
    """Three identical fills of the leader in one transaction; then one taker fill of the
    leader across two makers at two prices."""
    leader = replay.address
    market = next(s.market for s in replay.steps if s.token_id is not None)
    token = market.tokens[0][0]
    state.fund(leader, 1_000 * MICRO)
    state.fund(OTHER, 1_000 * MICRO)
    state.split(OTHER, market.condition_id, 200 * MICRO)
    size = 10 * MICRO
    for _ in range(3):  # identical resting bids of the leader
        state.place_order(_request(state, leader, token, Side.BUY, 300_000, size, OrderType.GTC))
    state.place_order(_request(state, OTHER, token, Side.SELL, 300_000, 3 * size, OrderType.FAK))
    for price in (400_000, 410_000):  # two asks the leader then takes in one order
        state.place_order(_request(state, OTHER, token, Side.SELL, price, size, OrderType.GTC))
    state.place_order(_request(state, leader, token, Side.BUY, 410_000, 2 * size, OrderType.FAK))


async def until(check: Callable[[], object], within: float = 30.0) -> None:
    """Wait (bounded) for an async predicate; the caller then asserts what it waited for."""
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(within):
            while not await check():  # type: ignore[misc]  # noqa: ASYNC110
                await asyncio.sleep(0.05)


def server_for(scenario: Scenario) -> EmulatorServer:
    return EmulatorServer(
        scenario.state,
        run_actors=False,
        realtime=RealtimeConfig(block_time=BLOCK_TIME_S, rtds_lag=RTDS_LAG_S),
    )
