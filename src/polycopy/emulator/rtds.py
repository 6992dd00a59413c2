"""RTDS, Polymarket's real-time data socket (``ws-live-data``), activity topic only.

Clients send ``{"action":"subscribe","subscriptions":[{"topic":"activity","type":"trades",
"filters":"{\\"event_slug\\":\\"...\\"}"}]}`` (``"action":"unsubscribe"`` removes; a frame
without ``action`` is silently ignored, as on the real socket) and text ``ping`` every few
seconds (answered ``pong``). Messages are ``{topic, type, timestamp (ms), payload,
connection_id}``.

The real feed is unofficial and its exact semantics are unknown (reference §5.3), so the
emulator picks the most useful reading: ``activity/trades`` carries one payload per order
filled in a transaction (the same rows, wallets and transaction hashes as Data API activity:
each maker order's fill, and the taker order's whole fill at its average price), so a leader
is seen whether it took or made liquidity; ``activity/orders_matched`` carries the taker's
payload only. Trades are published ``lag`` seconds after they
match. Other topics (comments, crypto prices) are accepted and never deliver.
"""

from __future__ import annotations

import asyncio
import base64
import json
import secrets
from dataclasses import dataclass, field

from starlette.websockets import WebSocket

from polycopy.emulator.events import Event, OrderPlaced
from polycopy.emulator.state import EmulatorState, Market, Order, Trade
from polycopy.emulator.visibility import Shown, Visibility
from polycopy.emulator.wire import number
from polycopy.emulator.ws import Channel, Connection

TOPIC = "activity"
TRADES = "trades"
ORDERS_MATCHED = "orders_matched"


@dataclass(frozen=True, slots=True)
class _Subscription:
    topic: str
    type: str
    event_slug: str | None = None
    market_slug: str | None = None

    def wants(self, message_type: str, market: Market) -> bool:
        return (
            self.topic == TOPIC
            and self.type in ("*", message_type)
            and (self.event_slug is None or self.event_slug == market.event_slug)
            and (self.market_slug is None or self.market_slug == market.slug)
        )


@dataclass(slots=True)
class _Session:
    connection_id: str
    subscriptions: list[_Subscription] = field(default_factory=list)


class RtdsHub:
    """RTDS sockets; trades go out ``lag`` emulated seconds after they match (settable)."""

    def __init__(
        self,
        state: EmulatorState,
        channel: Channel,
        *,
        lag: float = 0.5,
        visibility: Visibility | None = None,
    ) -> None:
        self.state = state
        self.channel = channel
        self.lag = lag
        self.visibility = visibility
        self._sessions: dict[Connection, _Session] = {}

    async def endpoint(self, websocket: WebSocket) -> None:
        connection = Connection(websocket, self.channel)
        connection_id = base64.b64encode(secrets.token_bytes(10)).decode()
        self._sessions[connection] = _Session(connection_id)
        try:
            await connection.serve(lambda text: self._on_text(connection, text))
        finally:
            self._sessions.pop(connection, None)

    def _on_text(self, connection: Connection, text: str) -> None:
        if text.strip().lower() == "ping":
            connection.send("pong")
            return
        try:
            frame = json.loads(text)
        except ValueError:
            return
        if not isinstance(frame, dict):
            return
        action = frame.get("action")
        raw_subs = frame.get("subscriptions")
        if action not in ("subscribe", "unsubscribe") or not isinstance(raw_subs, list):
            return
        session = self._sessions[connection]
        parsed = [s for s in (_subscription(raw) for raw in raw_subs) if s is not None]
        if action == "subscribe":
            session.subscriptions.extend(s for s in parsed if s not in session.subscriptions)
        else:
            gone = {(s.topic, s.type) for s in parsed}
            session.subscriptions = [
                s for s in session.subscriptions if (s.topic, s.type) not in gone
            ]

    def on_event(self, event: Event) -> None:
        if not isinstance(event, OrderPlaced) or not event.placement.trades:
            return
        # Payloads are built now (the orders are mutable), delivered after the lag.
        batch: list[tuple[str, Market, dict[str, object]]] = []
        trades = event.placement.trades
        first = trades[0]
        size = sum(t.size for t in trades)
        price = sum(t.size * t.price for t in trades) // size  # size-weighted average
        taker = _payload(first, first.taker_order, size=size, price=price)
        batch.append((ORDERS_MATCHED, first.market, taker))
        batch.extend((TRADES, t.market, _payload(t, t.maker_order)) for t in trades)
        batch.append((TRADES, first.market, taker))
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # no event loop, hence no sockets to publish to
        if self.lag > 0:
            loop.call_later(self.lag / self.state.time_factor, self._publish, batch)
        else:
            self._publish(batch)

    def _publish(self, batch: list[tuple[str, Market, dict[str, object]]]) -> None:
        timestamp_ms = int(self.state.now() * 1000)
        if self.visibility is not None:
            for _, _, payload in batch:
                self.visibility.shown(Shown.RTDS, str(payload["transactionHash"]))
        for connection, session in list(self._sessions.items()):
            for message_type, market, payload in batch:
                if any(s.wants(message_type, market) for s in session.subscriptions):
                    connection.send(
                        {
                            "topic": TOPIC,
                            "type": message_type,
                            "timestamp": timestamp_ms,
                            "payload": payload,
                            "connection_id": session.connection_id,
                        }
                    )


def _subscription(raw: object) -> _Subscription | None:
    """One entry of ``subscriptions``; unparsable filters drop the entry."""
    if not isinstance(raw, dict) or not isinstance(raw.get("topic"), str):
        return None
    kind = raw.get("type", "*")
    filters = raw.get("filters")
    if isinstance(filters, str) and filters.strip():
        try:
            filters = json.loads(filters)
        except ValueError:
            return None
    if filters in (None, ""):
        filters = {}
    if not isinstance(kind, str) or not isinstance(filters, dict):
        return None
    event_slug, market_slug = filters.get("event_slug"), filters.get("market_slug")
    return _Subscription(
        topic=raw["topic"],
        type=kind,
        event_slug=event_slug if isinstance(event_slug, str) else None,
        market_slug=market_slug if isinstance(market_slug, str) else None,
    )


def _payload(
    trade: Trade, order: Order, *, size: int | None = None, price: int | None = None
) -> dict[str, object]:
    """The camelCase activity payload of ``order``'s side of ``trade`` (carries the wallet);
    ``size``/``price`` override the trade's for a taker order's whole fill."""
    market = trade.market
    outcome_index, outcome = market.outcome(trade.token_id)
    return {
        "asset": str(trade.token_id),
        "bio": "",
        "conditionId": market.condition_id,
        "eventSlug": market.event_slug,
        "icon": market.icon,
        "name": "",
        "outcome": outcome,
        "outcomeIndex": outcome_index,
        "price": number(trade.price if price is None else price),
        "profileImage": "",
        "proxyWallet": order.maker,
        "pseudonym": "",
        "side": order.side.name,
        "size": number(trade.size if size is None else size),
        "slug": market.slug,
        "timestamp": trade.match_time,
        "title": market.question,
        "transactionHash": trade.transaction_hash,
    }
