"""CLOB market channel (``/ws/market``): public book snapshots and deltas per asset.

Subscribe with ``{"type":"market","assets_ids":[...],"custom_feature_enabled":false}`` and
change the set with ``{"operation":"subscribe"|"unsubscribe","assets_ids":[...]}``; text
``PING`` is answered with ``PONG``. A subscription is answered with a ``book`` per asset
(one JSON array); every book change sends a ``price_change`` with the new size of each
touched level (diffed against the levels subscribers were last told about, so the deltas
always add up to the next snapshot); a trade sends ``last_trade_price`` per fill and a
fresh ``book``, as one array.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from starlette.websockets import WebSocket

from polycopy.emulator.book import book_summary
from polycopy.emulator.events import Event, OrderCanceled, OrderPlaced
from polycopy.emulator.state import EmulatorState, Market, Trade
from polycopy.emulator.ws import Channel, Connection
from polycopy.kit.money import MICRO, micros_str
from polycopy.venues.polymarket.amounts import Side

Levels = dict[tuple[Side, int], int]
"""(side, price) -> aggregated size, in micro-units."""


@dataclass(slots=True)
class _Subscription:
    assets: set[int] = field(default_factory=set)
    custom_features: bool = False


class MarketHub:
    """Sockets of the market channel and the last book levels they were shown."""

    def __init__(self, state: EmulatorState, channel: Channel) -> None:
        self.state = state
        self.channel = channel
        self._subs: dict[Connection, _Subscription] = {}
        self._levels: dict[int, Levels] = {}

    async def endpoint(self, websocket: WebSocket) -> None:
        connection = Connection(websocket, self.channel)
        self._subs[connection] = _Subscription()
        try:
            await connection.serve(lambda text: self._on_text(connection, text))
        finally:
            self._subs.pop(connection, None)

    # --- client frames --------------------------------------------------------------------

    def _on_text(self, connection: Connection, text: str) -> None:
        if text.strip() == "PING":
            connection.send("PONG")
            return
        try:
            frame = json.loads(text)
        except ValueError:
            return
        if not isinstance(frame, dict):
            return
        sub = self._subs[connection]
        operation = frame.get("operation")
        if frame.get("type") == "market" or operation == "subscribe":
            if "custom_feature_enabled" in frame:
                sub.custom_features = bool(frame["custom_feature_enabled"])
            added = [a for a in _asset_ids(frame.get("assets_ids")) if a not in sub.assets]
            added = [a for a in added if self.state.market_for_token(a) is not None]
            sub.assets.update(added)
            for asset in added:
                self._levels[asset] = self._current_levels(asset)
            if added and frame.get("initial_dump", True) is not False:
                connection.send([self._book_event(a) for a in added])
        elif operation == "unsubscribe":
            sub.assets.difference_update(_asset_ids(frame.get("assets_ids")))

    # --- state notifications --------------------------------------------------------------

    def on_event(self, event: Event) -> None:
        if isinstance(event, OrderPlaced):
            self._book_changed(event.placement.order.token_id, event.placement.trades)
        elif isinstance(event, OrderCanceled):
            self._book_changed(event.order.token_id, ())

    def _book_changed(self, token_id: int, trades: tuple[Trade, ...]) -> None:
        watchers = [(c, s) for c, s in self._subs.items() if token_id in s.assets]
        market = self.state.market_for_token(token_id)
        if market is None:
            return
        before = self._levels.get(token_id)
        if before is None:
            return  # nobody has been shown this book yet, so there is nothing to diff against
        after = self._levels[token_id] = self._current_levels(token_id)
        changes = _diff(before, after)
        if not watchers or (not changes and not trades):
            return
        timestamp_ms = self._now_ms()
        book = self._summary(token_id, market, timestamp_ms)
        best_bid, best_ask = _best(after)
        price_change: dict[str, object] | None = None
        if changes:
            price_change = {
                "market": market.condition_id,
                "price_changes": [
                    {
                        "asset_id": str(token_id),
                        "price": micros_str(price),
                        "size": micros_str(size),
                        "side": side.name,
                        "hash": book["hash"],
                        "best_bid": micros_str(best_bid),
                        "best_ask": micros_str(best_ask),
                    }
                    for side, price, size in changes
                ],
                "timestamp": str(timestamp_ms),
                "event_type": "price_change",
            }
        trade_batch: list[dict[str, object]] = []
        if trades:
            trade_batch = [_last_trade_price(t, timestamp_ms) for t in trades]
            trade_batch.append({**book, "event_type": "book"})
        best_changed = _best(before) != (best_bid, best_ask)
        for connection, sub in watchers:
            if price_change is not None:
                connection.send(price_change)
            if trade_batch:
                connection.send(trade_batch)
            if sub.custom_features and best_changed:
                connection.send(
                    {
                        "event_type": "best_bid_ask",
                        "market": market.condition_id,
                        "asset_id": str(token_id),
                        "best_bid": micros_str(best_bid),
                        "best_ask": micros_str(best_ask),
                        "spread": micros_str(best_ask - best_bid),
                        "timestamp": str(timestamp_ms),
                    }
                )

    # --- helpers --------------------------------------------------------------------------

    def _book_event(self, token_id: int) -> dict[str, object]:
        market = self.state.market_for_token(token_id)
        assert market is not None
        return {**self._summary(token_id, market, self._now_ms()), "event_type": "book"}

    def _summary(self, token_id: int, market: Market, timestamp_ms: int) -> dict[str, object]:
        return book_summary(
            self.state.books[token_id],
            market=market.condition_id,
            asset_id=str(token_id),
            timestamp_ms=timestamp_ms,
            min_order_size=market.min_order_size,
            tick_size=market.tick_size,
            neg_risk=market.neg_risk,
            last_trade_price=self.state.last_trade_price[token_id],
        )

    def _current_levels(self, token_id: int) -> Levels:
        book = self.state.books[token_id]
        return {
            (side, price): size
            for side in (Side.BUY, Side.SELL)
            for price, size in book.levels(side)
        }

    def _now_ms(self) -> int:
        return int(self.state.now() * 1000)


def _asset_ids(raw: object) -> list[int]:
    """Token ids from a frame (decimal strings or numbers); anything else is skipped."""
    if not isinstance(raw, list):
        return []
    ids: list[int] = []
    for item in raw:
        text = str(item) if isinstance(item, str | int) and not isinstance(item, bool) else ""
        if text.isdigit():
            ids.append(int(text))
    return ids


def _diff(before: Levels, after: Levels) -> list[tuple[Side, int, int]]:
    """(side, price, new size) for every level whose size changed; 0 means removed."""
    keys = sorted(before.keys() | after.keys())
    return [
        (side, price, after.get((side, price), 0))
        for side, price in keys
        if before.get((side, price)) != after.get((side, price))
    ]


def _best(levels: Levels) -> tuple[int, int]:
    """Best bid and ask; an empty side reads 0 (bid) or 1 (ask), the price bounds."""
    bids = [p for (side, p) in levels if side is Side.BUY]
    asks = [p for (side, p) in levels if side is Side.SELL]
    return (max(bids) if bids else 0, min(asks) if asks else MICRO)


def _last_trade_price(trade: Trade, timestamp_ms: int) -> dict[str, object]:
    return {
        "asset_id": str(trade.token_id),
        "event_type": "last_trade_price",
        "fee_rate_bps": str(trade.market.fee_rate_bps),
        "market": trade.market.condition_id,
        "price": micros_str(trade.price),
        "side": trade.side.name,
        "size": micros_str(trade.size),
        "timestamp": str(timestamp_ms),
        "transaction_hash": trade.transaction_hash,
    }
