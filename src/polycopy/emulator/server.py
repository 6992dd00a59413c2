"""Run the emulator on a loopback port inside the caller's event loop, with its actors and
the block miner of its chain."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import time
from collections.abc import Callable
from types import TracebackType

import uvicorn

from polycopy.emulator.app import PREFIXES, create_app
from polycopy.emulator.chain import Chain
from polycopy.emulator.faults import with_connection_abort
from polycopy.emulator.realtime import REALTIME_PATHS, Realtime, RealtimeConfig
from polycopy.emulator.scenario import default_scenario_path, load_scenario
from polycopy.emulator.scenario import derived_address as derived_address
from polycopy.emulator.state import Actor, EmulatorState
from polycopy.kit.money import MICRO

log = logging.getLogger(__name__)

#: What ``scenarios/default.toml`` describes (a test holds the file to these).
DEFAULT_QUESTION = "Will the demo market resolve YES?"
LIQUIDITY_FUNDING = 1_000_000 * MICRO
LEADER_FUNDING = 100_000 * MICRO


def default_state(seed: int = 0, *, clock: Callable[[], float] = time.time) -> EmulatorState:
    """The demo scenario: one binary market, a funded liquidity provider and one leader.

    It is the shipped ``scenarios/default.toml`` with ``seed``: everything (ids, addresses,
    the actors' random choices) derives from it. The book is stocked before this returns;
    follower wallets are funded with ``state.fund``.
    """
    return load_scenario(default_scenario_path(), seed=seed, clock=clock)


class EmulatorServer:
    """uvicorn on a pre-bound socket (the port is known at construction) plus actor tasks.

    Use ``async with EmulatorServer(...) as server`` or ``await start()`` / ``await stop()``.
    ``realtime`` configures the websocket channels and the chain; with ``mine_blocks=False``
    no miner runs and tests mine by hand with ``server.chain.mine_block()``.
    """

    def __init__(
        self,
        state: EmulatorState | None = None,
        *,
        seed: int = 0,
        host: str = "127.0.0.1",
        port: int = 0,
        run_actors: bool = True,
        realtime: RealtimeConfig | None = None,
        mine_blocks: bool = True,
    ) -> None:
        self.state = state if state is not None else default_state(seed)
        self.realtime = Realtime(self.state, realtime)
        self.chain: Chain = self.realtime.chain
        self._mine_blocks = mine_blocks
        self._miner_task: asyncio.Task[None] | None = None
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Accepted connections inherit this: without it every response waits ~40 ms for a
        # delayed ACK (Nagle), which would dwarf everything the emulator measures.
        self._socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._socket.bind((host, port))
        self.host = host
        self.port: int = self._socket.getsockname()[1]
        self.base_urls = {p: f"http://{host}:{self.port}/{p}" for p in PREFIXES}
        for name, (scheme, path) in REALTIME_PATHS.items():
            self.base_urls[name] = f"{scheme}://{host}:{self.port}{path}"
        self.base_urls["clock"] = f"{self.base_urls['admin']}/clock"
        self._run_actors = run_actors
        self._server: uvicorn.Server | None = None
        self._serve_task: asyncio.Task[None] | None = None
        self._actor_tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        config = uvicorn.Config(
            with_connection_abort(create_app(self.state, self.realtime)),
            log_level="warning",
            access_log=False,
            lifespan="off",
        )
        self._server = uvicorn.Server(config)
        self._serve_task = asyncio.create_task(self._server.serve(sockets=[self._socket]))
        while not self._server.started:
            if self._serve_task.done():
                await self._serve_task  # surfaces the start-up error
                raise RuntimeError("emulator server stopped during start-up")
            await asyncio.sleep(0.005)
        if self._run_actors:
            self._actor_tasks = [
                asyncio.create_task(_drive(a, self.state.time_factor)) for a in self.state.actors
            ]
        if self._mine_blocks:
            self._miner_task = asyncio.create_task(self.realtime.run_miner())

    async def stop(self) -> None:
        for task in self._actor_tasks:
            task.cancel()
        for task in self._actor_tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._actor_tasks = []
        if self._miner_task is not None:
            self._miner_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._miner_task
            self._miner_task = None
        self.realtime.close()
        self.state.faults.release()  # a held answer would keep the server from stopping
        if self._server is not None and self._serve_task is not None:
            self._server.should_exit = True
            await self._serve_task
        self._socket.close()

    async def __aenter__(self) -> EmulatorServer:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()


async def _drive(actor: Actor, time_factor: float) -> None:
    """Step an actor forever; a bug in one step is logged, not allowed to stop the market.

    ``actor.interval`` is emulator seconds, so an accelerated clock steps actors faster.
    """
    while True:
        await asyncio.sleep(actor.interval / time_factor)
        try:
            actor.step()
        except Exception:
            log.exception("synthetic %s %s failed a step", actor.role, actor.address)
