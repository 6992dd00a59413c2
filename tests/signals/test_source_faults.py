"""One fault per source, injected by the emulator while a recorded history replays: each
source's failure degrades detection to the remaining sources, and no fill is lost."""

from __future__ import annotations

import asyncio
from pathlib import Path

from polycopy.emulator.faults import FaultSettings, ServiceFaults
from polycopy.emulator.ws import ChannelName
from polycopy.kit.db import Database
from polycopy.kit.http import http_client
from polycopy.signals.sources.chain import ChainSource
from polycopy.signals.sources.data_api import DataApiPoller
from polycopy.signals.sources.rtds import RtdsSource
from polycopy.signals.types import FillSource

from .support import (
    Driver,
    chain_fills,
    detecting,
    followed_replay,
    server_for,
    sightings,
    sources,
    stored_fills,
    until,
)


async def test_stalled_rtds_is_reconnected_and_the_other_sources_carry_on(
    db: Database, tmp_path: Path
) -> None:
    scenario, replay, wallet = await followed_replay(db, tmp_path)
    async with server_for(scenario) as server, http_client(10) as http:
        found = sources(server, db, http, stale_after=0.5)
        rtds = next(s for s in found if isinstance(s, RtdsSource))
        async with detecting(db, found, server.state):
            server.realtime.stall(ChannelName.RTDS)  # open, but silent: not even pongs
            await Driver(server, replay).run()
            server.chain.mine_block()
            truth = chain_fills(server, wallet)

            async def detected() -> bool:
                seen = await sightings(db)
                return (
                    seen[FillSource.DATA_API] == seen[FillSource.CHAIN] == sum(truth.values())
                    and rtds.feed.stats.stale_disconnects > 0
                )

            await until(detected)
    assert (await sightings(db))[FillSource.RTDS] == 0
    assert await stored_fills(db) == truth


async def test_dropped_rpc_websocket_is_back_filled_from_the_last_head(
    db: Database, tmp_path: Path
) -> None:
    scenario, replay, wallet = await followed_replay(db, tmp_path)
    async with server_for(scenario) as server, http_client(10) as http:
        found = sources(server, db, http, enabled=(FillSource.CHAIN, FillSource.RTDS))
        chain = next(s for s in found if isinstance(s, ChainSource))
        async with detecting(db, found, server.state):
            drops = 0

            def gap() -> float:
                nonlocal drops
                drops += server.realtime.disconnect(ChannelName.RPC_WS)
                return 0.4

            await Driver(server, replay).run(gap=gap)
            server.chain.mine_block()
            truth = chain_fills(server, wallet)
            total = sum(truth.values())

            async def detected() -> bool:
                seen = await sightings(db)
                return seen[FillSource.CHAIN] == total and seen[FillSource.RTDS] == total

            await until(detected)
        assert drops >= 3  # the socket really went down, several times mid-replay
        assert chain.head is not None
    assert await stored_fills(db) == truth


async def test_data_api_errors_and_rate_limits_degrade_to_the_streams_then_catch_up(
    db: Database, tmp_path: Path
) -> None:
    scenario, replay, wallet = await followed_replay(db, tmp_path)
    async with server_for(scenario) as server, http_client(10) as http:
        found = sources(server, db, http)
        poller = next(s for s in found if isinstance(s, DataApiPoller))
        faults = server.state.faults
        faults.apply(FaultSettings(data=ServiceFaults(error_rate=1, error_status=503)))
        async with detecting(db, found, server.state):
            await Driver(server, replay).run()
            server.chain.mine_block()
            truth = chain_fills(server, wallet)
            total = sum(truth.values())

            async def streams_detected() -> bool:
                seen = await sightings(db)
                return seen[FillSource.CHAIN] == total and not poller.healthy

            await until(streams_detected)
            assert (await sightings(db))[FillSource.DATA_API] == 0
            assert await stored_fills(db) == truth
            faults.apply(FaultSettings(data=ServiceFaults(rate_limit_rate=1, retry_after_s=0)))
            await asyncio.sleep(0.3)
            assert (await sightings(db))[FillSource.DATA_API] == 0
            faults.clear("data")  # the Data API recovers and back-fills from its cursor

            async def data_api_caught_up() -> bool:
                return (await sightings(db))[FillSource.DATA_API] == total

            await until(data_api_caught_up)
    assert await stored_fills(db) == truth
