"""One ASGI app serving every emulated Polymarket host under a path prefix on one port.

``/clob``, ``/data`` and ``/gamma`` speak the real wire formats; ``/admin`` is the emulator's
own control surface (state summary, funding wallets).
"""

from __future__ import annotations

import json
from decimal import Decimal

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route

from polycopy.emulator.clob_api import clob_app
from polycopy.emulator.data_api import data_app
from polycopy.emulator.gamma_api import gamma_app
from polycopy.emulator.state import EmulatorState
from polycopy.emulator.wire import JSONResponse, error
from polycopy.kit.money import micros_str, to_micros
from polycopy.venues.polymarket.signing import checksum_address

PREFIXES = ("clob", "data", "gamma", "admin")


def create_app(state: EmulatorState) -> Starlette:
    return Starlette(
        routes=[
            Mount("/clob", app=clob_app(state)),
            Mount("/data", app=data_app(state)),
            Mount("/gamma", app=gamma_app(state)),
            Mount("/admin", app=_admin_app(state)),
        ]
    )


def _admin_app(state: EmulatorState) -> Starlette:
    async def summary(_: Request) -> Response:
        return JSONResponse(state.summary())

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
            Route("/state", summary),
            Route("/wallets", fund, methods=["POST"]),
        ]
    )
