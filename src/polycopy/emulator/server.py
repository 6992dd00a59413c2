"""Run the emulator on a loopback port inside the caller's event loop, with its actors."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import socket
import time
from collections.abc import Callable
from types import TracebackType

import uvicorn

from polycopy.emulator.app import PREFIXES, create_app
from polycopy.emulator.state import Actor, EmulatorState, Market
from polycopy.emulator.synthetic import LiquidityProvider, SyntheticLeader
from polycopy.kit.money import MICRO

log = logging.getLogger(__name__)

DEFAULT_QUESTION = "Will the demo market resolve YES?"
LIQUIDITY_FUNDING = 1_000_000 * MICRO
LEADER_FUNDING = 100_000 * MICRO


def default_state(seed: int = 0, *, clock: Callable[[], float] = time.time) -> EmulatorState:
    """The demo scenario: one binary market, a funded liquidity provider and one leader.

    Everything (ids, addresses, the actors' random choices) derives from ``seed``. The book
    is stocked before this returns; follower wallets are funded with ``state.fund``.
    """
    state = EmulatorState(seed, clock=clock)
    market = state.add_market(
        Market(
            condition_id="0x" + _digest(seed, "condition").hex(),
            question=DEFAULT_QUESTION,
            slug="will-the-demo-market-resolve-yes",
            tokens=(
                (int.from_bytes(_digest(seed, "token-yes")), "Yes"),
                (int.from_bytes(_digest(seed, "token-no")), "No"),
            ),
            event_slug="demo-market",
            gamma_id=str(500_000 + seed % 100_000),
        )
    )
    liquidity = state.fund(derived_address(seed, "liquidity"), LIQUIDITY_FUNDING).address
    leader = state.fund(derived_address(seed, "leader"), LEADER_FUNDING).address
    provider = LiquidityProvider(state, liquidity, market, seed=seed)
    provider.step()
    state.actors += [provider, SyntheticLeader(state, leader, market, seed=seed + 1)]
    return state


def derived_address(seed: int, label: str) -> str:
    """A stable, valid-looking lower-case address for a synthetic wallet."""
    return "0x" + _digest(seed, f"address:{label}")[:20].hex()


def _digest(seed: int, label: str) -> bytes:
    return hashlib.sha256(f"polycopy-demo:{seed}:{label}".encode()).digest()


class EmulatorServer:
    """uvicorn on a pre-bound socket (the port is known at construction) plus actor tasks.

    Use ``async with EmulatorServer(...) as server`` or ``await start()`` / ``await stop()``.
    """

    def __init__(
        self,
        state: EmulatorState | None = None,
        *,
        seed: int = 0,
        host: str = "127.0.0.1",
        port: int = 0,
        run_actors: bool = True,
    ) -> None:
        self.state = state if state is not None else default_state(seed)
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Accepted connections inherit this: without it every response waits ~40 ms for a
        # delayed ACK (Nagle), which would dwarf everything the emulator measures.
        self._socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._socket.bind((host, port))
        self.host = host
        self.port: int = self._socket.getsockname()[1]
        self.base_urls = {p: f"http://{host}:{self.port}/{p}" for p in PREFIXES}
        self._run_actors = run_actors
        self._server: uvicorn.Server | None = None
        self._serve_task: asyncio.Task[None] | None = None
        self._actor_tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        config = uvicorn.Config(
            create_app(self.state), log_level="warning", access_log=False, lifespan="off"
        )
        self._server = uvicorn.Server(config)
        self._serve_task = asyncio.create_task(self._server.serve(sockets=[self._socket]))
        while not self._server.started:
            if self._serve_task.done():
                await self._serve_task  # surfaces the start-up error
                raise RuntimeError("emulator server stopped during start-up")
            await asyncio.sleep(0.005)
        if self._run_actors:
            self._actor_tasks = [asyncio.create_task(_drive(a)) for a in self.state.actors]

    async def stop(self) -> None:
        for task in self._actor_tasks:
            task.cancel()
        for task in self._actor_tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._actor_tasks = []
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


async def _drive(actor: Actor) -> None:
    """Step an actor forever; a bug in one step is logged, not allowed to stop the market."""
    while True:
        await asyncio.sleep(actor.interval)
        try:
            actor.step()
        except Exception:
            log.exception("synthetic %s %s failed a step", actor.role, actor.address)
