"""A webhook and apprise receiver on loopback (a real HTTP server) that records what it gets."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route


@dataclass
class Receiver:
    port: int
    hooks: list[tuple[dict[str, str], bytes]] = field(default_factory=list)  # POST /hook
    messages: list[dict[str, Any]] = field(default_factory=list)  # POST /apprise (json://)
    fail_next: int = 0  # answer this many more /hook requests with a 503
    redirect_to: str | None = None  # answer every request with a 307 to here

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@asynccontextmanager
async def receiving() -> AsyncIterator[Receiver]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        state = Receiver(int(sock.getsockname()[1]))

    async def hook(request: Request) -> Response:
        if state.redirect_to is not None:
            return RedirectResponse(state.redirect_to, status_code=307)
        if state.fail_next > 0:
            state.fail_next -= 1
            return Response(status_code=503)
        state.hooks.append((dict(request.headers), await request.body()))
        return Response(status_code=204)

    async def message(request: Request) -> Response:
        if state.redirect_to is not None:
            return RedirectResponse(state.redirect_to, status_code=307)
        state.messages.append(json.loads(await request.body()))
        return Response(status_code=200)

    app = Starlette(
        routes=[
            Route("/hook", hook, methods=["POST"]),
            Route("/apprise", message, methods=["POST"]),
        ]
    )
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=state.port, log_config=None, lifespan="off")
    )
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 (uvicorn offers no event to wait on)
        await asyncio.sleep(0.02)
    try:
        yield state
    finally:
        server.should_exit = True
        await task
