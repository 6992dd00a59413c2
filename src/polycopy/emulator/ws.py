"""Websocket plumbing shared by the real-time channels: one writer per socket, fault switches.

Hubs publish synchronously from state notifications, so a connection never awaits inside a
publisher: messages go onto a per-socket queue that a writer task drains. Every channel has
the two faults the real feeds show: a *stall* (socket open, nothing sent, PINGs unanswered;
what is published meanwhile is lost, as in a silent freeze) and a *disconnect* of every
open socket at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from starlette.websockets import WebSocket

from polycopy.emulator.wire import dumps

log = logging.getLogger(__name__)

#: A client this far behind is dropped, as real feeds drop slow consumers.
MAX_QUEUED_MESSAGES = 10_000
CLOSE_NORMAL = 1000
CLOSE_POLICY_VIOLATION = 1008
CLOSE_SERVICE_RESTART = 1012
CLOSE_TRY_AGAIN_LATER = 1013


class ChannelName(StrEnum):
    MARKET = "market"
    USER = "user"
    RTDS = "rtds"
    RPC_WS = "rpc_ws"


@dataclass(frozen=True, slots=True)
class _Close:
    code: int
    reason: str


class Channel:
    """The open sockets of one real-time channel and its fault switches."""

    def __init__(self, name: ChannelName) -> None:
        self.name = name
        self.stalled = False
        self.connections: set[Connection] = set()

    def disconnect_all(self, reason: str = "emulator fault: disconnect") -> int:
        """Close every open socket now; returns how many were open."""
        open_now = list(self.connections)
        for connection in open_now:
            connection.close(CLOSE_SERVICE_RESTART, reason)
        return len(open_now)


class Connection:
    """One accepted websocket: a send queue drained by a writer task, plus a reader loop."""

    def __init__(self, websocket: WebSocket, channel: Channel) -> None:
        self.websocket = websocket
        self.channel = channel
        self.closed = False
        self._queue: asyncio.Queue[str | _Close] = asyncio.Queue()

    def send(self, message: object) -> None:
        """Queue a frame: text as is, anything else as exact JSON. Dropped while stalled."""
        if self.closed or self.channel.stalled:
            return
        if self._queue.qsize() >= MAX_QUEUED_MESSAGES:
            self.close(CLOSE_TRY_AGAIN_LATER, "client too slow: send queue overflow")
            return
        self._queue.put_nowait(message if isinstance(message, str) else dumps(message))

    def close(self, code: int = CLOSE_NORMAL, reason: str = "") -> None:
        """Close after the frames already queued; later sends are ignored."""
        if not self.closed:
            self.closed = True
            self._queue.put_nowait(_Close(code, reason))

    async def serve(self, on_text: Callable[[str], None]) -> None:
        """Accept, then feed every text frame to ``on_text`` until the socket closes."""
        await self.websocket.accept()
        self.channel.connections.add(self)
        writer = asyncio.create_task(self._write())
        try:
            while True:
                message = await self.websocket.receive()
                if message["type"] == "websocket.disconnect":
                    break
                text = message.get("text")
                if text is None:
                    raw = message.get("bytes") or b""
                    text = raw.decode("utf-8", errors="replace")
                if not self.closed:
                    on_text(text)
        finally:
            self.channel.connections.discard(self)
            self.closed = True
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await writer

    async def _write(self) -> None:
        try:
            while True:
                item = await self._queue.get()
                if isinstance(item, _Close):
                    await self.websocket.close(item.code, item.reason)
                    return
                await self.websocket.send_text(item)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the peer went away mid-send; the reader sees the disconnect
            log.debug("%s websocket send failed: %s", self.channel.name, exc)
