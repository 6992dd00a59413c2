"""One ASGI app serving every emulated Polymarket host under a path prefix on one port.

``/clob``, ``/data`` and ``/gamma`` speak the real wire formats; ``/admin`` is the emulator's
own control surface (state summary, replay progress and the recorded rows it could not fill,
funding wallets, HTTP faults from ``faults.py``, which also wraps each service). The
real-time endpoints (``/ws/market``, ``/ws/user``, ``/rtds``, ``/rpc``, ``/rpc/ws``) and
their admin switches come from ``realtime.py``.
"""

from __future__ import annotations

import json
from decimal import Decimal

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route

from polycopy.emulator.clob_api import access_admin_routes, clob_app, geoblock_app
from polycopy.emulator.data_api import data_app
from polycopy.emulator.faults import fault_routes, inject_faults
from polycopy.emulator.gamma_api import gamma_app
from polycopy.emulator.realtime import Realtime
from polycopy.emulator.replay import ReplayLeader
from polycopy.emulator.resolution import relayer_app, resolution_admin_routes
from polycopy.emulator.state import EmulatorState
from polycopy.emulator.wire import JSONResponse, error
from polycopy.kit.money import micros_str, to_micros
from polycopy.venues.polymarket.signing import checksum_address

PREFIXES = ("clob", "data", "gamma", "geoblock", "relayer", "admin")


def create_app(state: EmulatorState, realtime: Realtime | None = None) -> Starlette:
    realtime = realtime if realtime is not None else Realtime(state)
    return Starlette(
        routes=[
            *realtime.routes(),
            Mount("/clob", app=inject_faults(clob_app(state), "clob", state.faults)),
            Mount("/data", app=inject_faults(data_app(state), "data", state.faults)),
            Mount("/gamma", app=inject_faults(gamma_app(state), "gamma", state.faults)),
            Mount("/geoblock", app=geoblock_app(state)),
            Mount("/relayer", app=relayer_app(state)),
            Mount("/admin", app=_admin_app(state, realtime)),
        ]
    )


def replay_reports(state: EmulatorState) -> list[dict[str, object]]:
    """Each replayed leader's progress and missed rows: a row the emulator could not fill is
    a warning here, not only a log line."""
    return [actor.report() for actor in state.actors if isinstance(actor, ReplayLeader)]


def _admin_app(state: EmulatorState, realtime: Realtime) -> Starlette:
    async def summary(_: Request) -> Response:
        return JSONResponse({**state.summary(), "replays": replay_reports(state)})

    async def replays(_: Request) -> Response:
        return JSONResponse({"replays": replay_reports(state)})

    async def clock(_: Request) -> Response:
        """The emulator's time, which every sim process follows (polycopy.kit.clock)."""
        now, factor = state.now(), state.time_factor
        return JSONResponse({"now": f"{now:.6f}", "factor": repr(factor)})

    async def fund(request: Request) -> Response:
        """``{"address": "0x…", "pusd": "100.5"}`` credits pUSD (string or JSON number)."""
        try:
            body = json.loads(await request.body(), parse_float=Decimal)
            address = checksum_address(str(body["address"]).lower())
            micros = to_micros(body["pusd"])
        except (ValueError, KeyError, TypeError):  # MoneyError is a ValueError
            return error('body must be {"address": "0x…", "pusd": <decimal>}', 400)
        if micros <= 0:
            return error("pusd must be positive", 400)
        wallet = state.fund(address, micros)
        return JSONResponse({"address": wallet.address, "pusd": micros_str(wallet.pusd)})

    return Starlette(
        routes=[
            *realtime.admin_routes(),
            *fault_routes(state.faults),
            *access_admin_routes(state),
            *resolution_admin_routes(state),
            Route("/state", summary),
            Route("/replay", replays),
            Route("/clock", clock),
            Route("/wallets", fund, methods=["POST"]),
        ]
    )
