"""The emulator's real-time side in one object: channels, chain, faults and their routes.

``Realtime(state)`` subscribes the market and user channels, RTDS and the chain to the
state's events; ``routes()`` mounts them on the emulator app (``/ws/market``, ``/ws/user``,
``/rtds``, ``/rpc``, ``/rpc/ws``) and ``admin_routes()`` adds the run-time switches under
``/admin``: ``POST /faults/realtime``, ``GET /faults/realtime``, ``POST /chain/reorg``,
``POST /chain/mine``, and ``GET /visibility`` (when each fill was shown on the Data API, RTDS
and the chain: ``visibility.py``). The server runs ``run_miner()`` as a task.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route, WebSocketRoute

from polycopy.emulator.chain import Chain
from polycopy.emulator.rpc import RpcHub
from polycopy.emulator.rtds import RtdsHub
from polycopy.emulator.state import EmulatorState
from polycopy.emulator.visibility import Visibility
from polycopy.emulator.wire import JSONResponse, error
from polycopy.emulator.ws import Channel, ChannelName
from polycopy.emulator.ws_market import MarketHub
from polycopy.emulator.ws_user import UserHub

#: Paths of the real-time endpoints on the emulator's port (``base_urls`` keys -> path).
REALTIME_PATHS = {
    "clob_ws_market": ("ws", "/ws/market"),
    "clob_ws_user": ("ws", "/ws/user"),
    "rtds": ("ws", "/rtds"),
    "rpc_http": ("http", "/rpc"),
    "rpc_ws": ("ws", "/rpc/ws"),
}


@dataclass(slots=True)
class RealtimeConfig:
    block_time: float = 2.0
    """Seconds between blocks (Polygon's is about 2)."""
    confirmations: int = 2
    """Blocks after the one carrying a trade until the user channel reports it CONFIRMED."""
    rtds_lag: float = 0.5
    """Seconds between a match and its RTDS activity message (settable at run time)."""
    max_log_range: int = 1000
    """Widest ``eth_getLogs`` block range before the node refuses, as hosted nodes do."""
    genesis_number: int = 0


class Realtime:
    """Market/user channels, RTDS and the chain over one ``EmulatorState``."""

    def __init__(self, state: EmulatorState, config: RealtimeConfig | None = None) -> None:
        self.state = state
        self.config = config if config is not None else RealtimeConfig()
        if self.config.block_time <= 0:
            raise ValueError("block_time must be positive")
        self.channels = {name: Channel(name) for name in ChannelName}
        self.visibility = Visibility(state)
        self.chain = Chain(
            state,
            state.events,
            confirmations=self.config.confirmations,
            genesis_number=self.config.genesis_number,
        )
        self.market = MarketHub(state, self.channels[ChannelName.MARKET])
        self.user = UserHub(state, self.channels[ChannelName.USER])
        self.rtds = RtdsHub(
            state,
            self.channels[ChannelName.RTDS],
            lag=self.config.rtds_lag,
            visibility=self.visibility,
        )
        self.rpc = RpcHub(
            self.chain,
            self.channels[ChannelName.RPC_WS],
            max_log_range=self.config.max_log_range,
            visibility=self.visibility,
        )
        self._unsubscribe = [
            state.events.subscribe(hub.on_event)
            for hub in (self.chain, self.market, self.user, self.rtds, self.visibility)
        ]

    async def run_miner(self) -> None:
        """Mine every ``config.block_time`` seconds until cancelled."""
        await self.chain.run_miner(self.config.block_time)

    def close(self) -> None:
        """Stop following the state and drop every open socket (server shutdown)."""
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe = []
        for channel in self.channels.values():
            channel.disconnect_all("emulator shutting down")

    def stall(self, channel: ChannelName, stalled: bool = True) -> None:
        self.channels[channel].stalled = stalled

    def disconnect(self, channel: ChannelName) -> int:
        return self.channels[channel].disconnect_all()

    def faults(self) -> dict[str, object]:
        body: dict[str, object] = {
            name.value: {"stalled": ch.stalled, "connections": len(ch.connections)}
            for name, ch in self.channels.items()
        }
        body["rtds_lag"] = str(self.rtds.lag)
        return body

    # --- routes ---------------------------------------------------------------------------

    def routes(self) -> list[BaseRoute]:
        return [
            WebSocketRoute("/ws/market", self.market.endpoint),
            WebSocketRoute("/ws/user", self.user.endpoint),
            WebSocketRoute("/rtds", self.rtds.endpoint),
            Route("/rpc", self.rpc.http_endpoint, methods=["POST"]),
            WebSocketRoute("/rpc/ws", self.rpc.ws_endpoint),
        ]

    def admin_routes(self) -> list[BaseRoute]:
        return [
            Route("/faults/realtime", self._get_faults, methods=["GET"]),
            Route("/faults/realtime", self._set_faults, methods=["POST"]),
            Route("/chain/reorg", self._reorg, methods=["POST"]),
            Route("/chain/mine", self._mine, methods=["POST"]),
            *self.visibility.routes(),
        ]

    async def _get_faults(self, _: Request) -> Response:
        return JSONResponse(self.faults())

    async def _set_faults(self, request: Request) -> Response:
        """``{"channel": "market"|"user"|"rtds"|"rpc_ws"|"all", "stall": bool,
        "disconnect": bool, "lag": seconds (rtds only)}``."""
        body = await _json_object(request)
        if body is None:
            return error("body must be a JSON object", 400)
        raw = body.get("channel")
        names = [c.value for c in ChannelName]
        if raw == "all":
            channels = list(ChannelName)
        elif raw in names:
            channels = [ChannelName(raw)]
        else:
            return error(f"channel must be one of {[*names, 'all']}", 400)
        stall, disconnect, lag = body.get("stall"), body.get("disconnect", False), body.get("lag")
        if stall is not None and not isinstance(stall, bool):
            return error("stall must be true or false", 400)
        if not isinstance(disconnect, bool):
            return error("disconnect must be true or false", 400)
        if lag is not None:
            if channels != [ChannelName.RTDS]:
                return error("lag applies to the rtds channel only", 400)
            if isinstance(lag, bool) or not isinstance(lag, int | float | str):
                return error("lag must be a number of seconds", 400)
            try:
                seconds = float(lag)
            except ValueError:
                return error("lag must be a number of seconds", 400)
            if not 0 <= seconds <= 3600:
                return error("lag must be between 0 and 3600 seconds", 400)
            self.rtds.lag = seconds
        disconnected = 0
        for channel in channels:
            if stall is not None:
                self.stall(channel, stall)
            if disconnect:
                disconnected += self.disconnect(channel)
        return JSONResponse({**self.faults(), "disconnected": disconnected})

    async def _reorg(self, request: Request) -> Response:
        body = await _json_object(request)
        depth = None if body is None else body.get("depth")
        if isinstance(depth, bool) or not isinstance(depth, int):
            return error('body must be {"depth": <blocks>}', 400)
        try:
            dropped = self.chain.reorg(depth)
        except ValueError as exc:
            return error(str(exc), 400)
        head = self.chain.head
        return JSONResponse(
            {
                "dropped": [b.hash for b in dropped],
                "head": {"number": head.number, "hash": head.hash},
            }
        )

    async def _mine(self, _: Request) -> Response:
        block = self.chain.mine_block()
        return JSONResponse(
            {"number": block.number, "hash": block.hash, "transactions": list(block.transactions)}
        )


async def _json_object(request: Request) -> dict[str, object] | None:
    try:
        body = json.loads(await request.body())
    except ValueError:
        return None
    return body if isinstance(body, dict) else None
