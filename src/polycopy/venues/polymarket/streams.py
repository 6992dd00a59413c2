"""Websocket feeds that stay subscribed: CLOB market and user channels, RTDS activity.

A feed is one logical subscription. It reconnects with backoff when the socket drops, and
sends its whole current subscription again on every connect (the venue forgets it). It
keeps the socket alive with the venue's text ping and treats a socket that has said
nothing, not even a pong, for ``stale_after`` seconds as dead: the market channel is known
to freeze silently while staying open. One malformed frame is logged and counted, and the
feed goes on; it never ends the stream.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import structlog
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException

from polycopy.venues.polymarket.auth import ApiCreds
from polycopy.venues.polymarket.errors import MalformedResponseError
from polycopy.venues.polymarket.stream_models import (
    MarketEvent,
    RtdsTrade,
    UserEvent,
    parse_market_frame,
    parse_rtds_frame,
    parse_user_frame,
    rtds_trade,
)

log = structlog.get_logger(__name__)

EventT = TypeVar("EventT")


@dataclass(slots=True)
class FeedStats:
    connects: int = 0
    stale_disconnects: int = 0
    malformed_frames: int = 0
    last_message_at: float | None = None

    @property
    def reconnects(self) -> int:
        return max(0, self.connects - 1)


class WebsocketFeed:
    """The connection loop shared by every feed; subclasses say what to send and parse.

    ``ping_text`` is the venue's application-level ping; a feed without one (JSON-RPC)
    uses websocket protocol pings instead.
    """

    ping_text: str | None = "PING"
    pong_text: str | None = "PONG"

    def __init__(
        self,
        url: str,
        *,
        ping_interval: float = 10.0,
        stale_after: float = 30.0,
        backoff: float = 0.5,
        max_backoff: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url = url
        self.ping_interval = ping_interval
        self.stale_after = stale_after
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.stats = FeedStats()
        self._clock = clock
        self._socket: ClientConnection | None = None
        self._closed = False
        self.connected = asyncio.Event()
        """Set while a socket is open and subscribed (a readiness signal)."""

    def subscribe_frames(self) -> list[str]:
        """Frames that (re)establish the whole current subscription on a fresh socket."""
        raise NotImplementedError

    async def _send_if_connected(self, frame: str) -> None:
        if self._socket is not None:
            with contextlib.suppress(WebSocketException, OSError):
                await self._socket.send(frame)

    async def close(self) -> None:
        """End the feed; a consumer iterating it stops after the current frame."""
        self._closed = True
        if self._socket is not None:
            await self._socket.close()

    async def frames(self) -> AsyncIterator[str]:
        """Text frames from the venue, across reconnects, until ``close()``."""
        failures = 0
        while not self._closed:
            try:
                protocol_ping = None if self.ping_text else self.ping_interval
                async with connect(
                    self.url,
                    ping_interval=protocol_ping,
                    ping_timeout=self.stale_after,
                    open_timeout=10,
                    close_timeout=2,
                ) as socket:
                    self._socket = socket
                    self.stats.connects += 1
                    for frame in self.subscribe_frames():
                        await socket.send(frame)
                    self.connected.set()
                    failures = 0
                    async for text in self._receive(socket):
                        yield text
            except (WebSocketException, OSError, TimeoutError) as exc:
                log.warning("feed.disconnected", url=self.url, error=type(exc).__name__)
            finally:
                self._socket = None
                self.connected.clear()
            if self._closed:
                return
            delay = min(self.max_backoff, self.backoff * (1 << min(failures, 16)))
            failures += 1
            await asyncio.sleep(delay)

    async def _receive(self, socket: ClientConnection) -> AsyncIterator[str]:
        keepalive = asyncio.create_task(self._keepalive(socket)) if self.ping_text else None
        last_heard = self._clock()
        try:
            while True:
                remaining = self.stale_after - (self._clock() - last_heard)
                try:
                    message = await asyncio.wait_for(socket.recv(), timeout=max(remaining, 0))
                except TimeoutError:
                    self.stats.stale_disconnects += 1
                    log.warning("feed.stale", url=self.url, silent_s=self.stale_after)
                    return  # the async with closes the socket; the loop reconnects
                last_heard = self.stats.last_message_at = self._clock()
                text = message if isinstance(message, str) else message.decode()
                if text.strip() == self.pong_text:
                    continue
                yield text
        finally:
            if keepalive is not None:
                keepalive.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await keepalive

    async def _keepalive(self, socket: ClientConnection) -> None:
        ping = self.ping_text or ""
        with contextlib.suppress(WebSocketException, OSError):
            while True:
                await asyncio.sleep(self.ping_interval)
                await socket.send(ping)

    async def _parsed(self, parse: Callable[[str], Iterable[EventT]]) -> AsyncIterator[EventT]:
        async for text in self.frames():
            try:
                events = list(parse(text))
            except MalformedResponseError as exc:
                self.stats.malformed_frames += 1
                log.warning("feed.malformed_frame", url=self.url, error=str(exc))
                continue
            for event in events:
                yield event


class MarketChannel(WebsocketFeed):
    """CLOB ``/ws/market``: books, price changes and trades of the subscribed assets."""

    def __init__(
        self,
        url: str,
        asset_ids: Sequence[str] = (),
        *,
        custom_features: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(url, **kwargs)
        self.asset_ids: list[str] = list(dict.fromkeys(asset_ids))
        self.custom_features = custom_features

    def subscribe_frames(self) -> list[str]:
        return [
            json.dumps(
                {
                    "type": "market",
                    "assets_ids": self.asset_ids,
                    "custom_feature_enabled": self.custom_features,
                }
            )
        ]

    async def subscribe(self, asset_ids: Sequence[str]) -> None:
        new = [a for a in asset_ids if a not in self.asset_ids]
        self.asset_ids += new
        if new:
            frame = {
                "operation": "subscribe",
                "assets_ids": new,
                "custom_feature_enabled": self.custom_features,
            }
            await self._send_if_connected(json.dumps(frame))

    async def unsubscribe(self, asset_ids: Sequence[str]) -> None:
        gone = [a for a in asset_ids if a in self.asset_ids]
        self.asset_ids = [a for a in self.asset_ids if a not in gone]
        if gone:
            await self._send_if_connected(
                json.dumps({"operation": "unsubscribe", "assets_ids": gone})
            )

    def events(self) -> AsyncIterator[MarketEvent]:
        return self._parsed(parse_market_frame)


class UserChannel(WebsocketFeed):
    """CLOB ``/ws/user``: this API key's own orders and trades (all markets by default)."""

    def __init__(
        self, url: str, creds: ApiCreds, markets: Sequence[str] = (), **kwargs: Any
    ) -> None:
        super().__init__(url, **kwargs)
        self._creds = creds
        self.markets: list[str] = list(dict.fromkeys(markets))

    def subscribe_frames(self) -> list[str]:
        frame: dict[str, Any] = {
            "type": "user",
            "auth": {
                "apiKey": self._creds.api_key,
                "secret": self._creds.secret,
                "passphrase": self._creds.passphrase,
            },
        }
        if self.markets:
            frame["markets"] = self.markets
        return [json.dumps(frame)]

    async def subscribe(self, markets: Sequence[str]) -> None:
        new = [m for m in markets if m not in self.markets]
        self.markets += new
        if new:
            await self._send_if_connected(json.dumps({"operation": "subscribe", "markets": new}))

    def events(self) -> AsyncIterator[UserEvent]:
        return self._parsed(parse_user_frame)

    def __repr__(self) -> str:
        return f"UserChannel(url={self.url}, api_key={self._creds.api_key})"


class RtdsActivityFeed(WebsocketFeed):
    """RTDS ``activity/trades``: a global firehose (unofficial), filtered here by wallet."""

    ping_text = "ping"
    pong_text = "pong"

    def __init__(
        self,
        url: str,
        wallets: Iterable[str] = (),
        *,
        message_type: str = "trades",
        ping_interval: float = 5.0,
        **kwargs: Any,
    ) -> None:
        super().__init__(url, ping_interval=ping_interval, **kwargs)
        self.wallets = {w.lower() for w in wallets}
        self.message_type = message_type

    def subscribe_frames(self) -> list[str]:
        subscription = {"topic": "activity", "type": self.message_type}
        return [json.dumps({"action": "subscribe", "subscriptions": [subscription]})]

    def _trades(self, text: str) -> list[RtdsTrade]:
        trades = [
            rtds_trade(message)
            for message in parse_rtds_frame(text)
            if message.topic == "activity" and message.type == self.message_type
        ]
        return [t for t in trades if not self.wallets or t.proxy_wallet.lower() in self.wallets]

    def trades(self) -> AsyncIterator[RtdsTrade]:
        return self._parsed(self._trades)
