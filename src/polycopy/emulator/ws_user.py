"""CLOB user channel (``/ws/user``): an account's own order and trade events.

The first frame authenticates: ``{"type":"user","auth":{"apiKey","secret","passphrase"},
"markets":[condition ids]}`` (no or empty ``markets`` = every market); wrong credentials
close the socket with code 1008 and a reason. ``{"operation":"subscribe"|"unsubscribe",
"markets":[...]}`` changes the market set; ``PING`` gets ``PONG``.

A socket sees the orders signed by its key's address (as ``/data/orders`` does): ``order``
events of type PLACEMENT, UPDATE (a fill) and CANCELLATION, and ``trade`` events for every
fill it is a party to, first MATCHED, then MINED when the block carrying the transaction is
mined and CONFIRMED a configured number of blocks later (``chain.py`` drives those two).
"""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass, field

from starlette.websockets import WebSocket

from polycopy.emulator.clob_api import trade_row
from polycopy.emulator.events import (
    Event,
    OrderCanceled,
    OrderPlaced,
    TradeStatus,
    TradeStatusChanged,
)
from polycopy.emulator.state import ApiKey, EmulatorState, Order, Trade
from polycopy.emulator.ws import CLOSE_POLICY_VIOLATION, Channel, Connection
from polycopy.kit.money import micros_str

AUTH_FAILED = "invalid auth: unknown apiKey or wrong secret/passphrase"
AUTH_REQUIRED = 'first message must be {"type":"user","auth":{apiKey,secret,passphrase}}'


@dataclass(slots=True)
class _Session:
    key: ApiKey | None = None
    markets: set[str] | None = None
    """Condition ids this socket follows; None = all."""
    excluded: set[str] = field(default_factory=set)
    """Unsubscribed while following all markets."""

    def follows(self, condition_id: str) -> bool:
        if self.markets is not None:
            return condition_id in self.markets
        return condition_id not in self.excluded

    def owns(self, order: Order) -> bool:
        return self.key is not None and order.signer == self.key.address


class UserHub:
    """Authenticated user-channel sockets and the events each may see."""

    def __init__(self, state: EmulatorState, channel: Channel) -> None:
        self.state = state
        self.channel = channel
        self._sessions: dict[Connection, _Session] = {}

    async def endpoint(self, websocket: WebSocket) -> None:
        connection = Connection(websocket, self.channel)
        self._sessions[connection] = _Session()
        try:
            await connection.serve(lambda text: self._on_text(connection, text))
        finally:
            self._sessions.pop(connection, None)

    # --- client frames --------------------------------------------------------------------

    def _on_text(self, connection: Connection, text: str) -> None:
        if text.strip() == "PING":
            connection.send("PONG")
            return
        session = self._sessions[connection]
        try:
            frame = json.loads(text)
        except ValueError:
            frame = None
        if not isinstance(frame, dict):
            if session.key is None:
                connection.close(CLOSE_POLICY_VIOLATION, AUTH_REQUIRED)
            return
        if session.key is None:
            key = self._authenticate(frame)
            if key is None:
                connection.close(CLOSE_POLICY_VIOLATION, AUTH_FAILED)
                return
            session.key = key
            markets = _condition_ids(frame.get("markets"))
            session.markets = set(markets) if markets else None
            return
        operation = frame.get("operation")
        markets = _condition_ids(frame.get("markets"))
        if operation == "subscribe":
            if session.markets is None:
                session.excluded.difference_update(markets)
            else:
                session.markets.update(markets)
        elif operation == "unsubscribe":
            if session.markets is None:
                session.excluded.update(markets)
            else:
                session.markets.difference_update(markets)

    def _authenticate(self, frame: dict[str, object]) -> ApiKey | None:
        auth = frame.get("auth")
        if frame.get("type") != "user" or not isinstance(auth, dict):
            return None
        key = self.state.api_keys.get(str(auth.get("apiKey", "")))
        if key is None:
            return None
        secret_ok = _same(str(auth.get("secret", "")), key.secret)
        passphrase_ok = _same(str(auth.get("passphrase", "")), key.passphrase)
        return key if secret_ok and passphrase_ok else None

    # --- state notifications --------------------------------------------------------------

    def on_event(self, event: Event) -> None:
        if not self._sessions:
            return
        now_ms = int(self.state.now() * 1000)
        for connection, session in list(self._sessions.items()):
            if session.key is None:
                continue
            messages = self._messages_for(session, session.key, event, now_ms)
            if len(messages) == 1:
                connection.send(messages[0])
            elif messages:
                connection.send(messages)

    def _messages_for(
        self, session: _Session, key: ApiKey, event: Event, now_ms: int
    ) -> list[dict[str, object]]:
        out: list[dict[str, object]] = []
        if isinstance(event, OrderPlaced):
            order = event.placement.order
            if not session.follows(order.market.condition_id):
                return out
            if session.owns(order):
                out.append(_order_event(order, "PLACEMENT", key, now_ms))
            for trade in event.placement.trades:
                if session.owns(trade.taker_order) or session.owns(trade.maker_order):
                    out.append(_trade_event(trade, TradeStatus.MATCHED, key, now_ms))
                if session.owns(trade.maker_order):
                    out.append(_order_event(trade.maker_order, "UPDATE", key, now_ms))
        elif isinstance(event, OrderCanceled):
            order = event.order
            if session.owns(order) and session.follows(order.market.condition_id):
                out.append(_order_event(order, "CANCELLATION", key, now_ms))
        elif isinstance(event, TradeStatusChanged):
            trade = event.trade
            party = session.owns(trade.taker_order) or session.owns(trade.maker_order)
            if party and session.follows(trade.market.condition_id):
                out.append(_trade_event(trade, event.status, key, now_ms))
        return out


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


def _condition_ids(raw: object) -> list[str]:
    if not isinstance(raw, list):
        return []
    return [item.lower() for item in raw if isinstance(item, str) and item]


def _order_event(order: Order, kind: str, key: ApiKey, now_ms: int) -> dict[str, object]:
    """An ``order`` event as the user channel sends it (sizes and prices as strings)."""
    return {
        "event_type": "order",
        "id": order.order_id,
        "owner": key.api_key,
        "order_owner": order.owner,
        "market": order.market.condition_id,
        "asset_id": str(order.token_id),
        "side": order.side.name,
        "original_size": micros_str(order.original_size),
        "size_matched": micros_str(order.size_matched),
        "price": micros_str(order.price),
        "type": kind,
        "status": order.status.value.upper(),  # LIVE, MATCHED, CANCELED
        "order_type": order.order_type.value,
        "outcome": order.market.outcome(order.token_id)[1],
        "maker_address": order.maker,
        "associate_trades": list(order.trade_ids),
        "created_at": str(order.created_at),
        "expiration": str(order.expiration),
        "timestamp": str(now_ms),
    }


def _trade_event(trade: Trade, status: TradeStatus, key: ApiKey, now_ms: int) -> dict[str, object]:
    """A ``trade`` event: the REST trade row (the taker order's view, the viewer's role) with
    the channel's own fields."""
    return {
        **trade_row(trade, key.address),
        "event_type": "trade",
        "type": "TRADE",
        "status": status.value,
        "matchtime": str(trade.match_time),
        "last_update": str(now_ms // 1000),
        "owner": key.api_key,
        "trade_owner": key.api_key,
        "timestamp": str(now_ms),
    }
