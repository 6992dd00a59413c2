"""Price-time priority limit order book for one outcome token.

Prices and sizes are integer micro-units. The book knows nothing about wallets, fees or
signatures: it only decides who trades with whom, at what price and for how much, so the
matching rules can be property-tested in isolation and reused by every emulator path.

A taker order is sized in shares, except a market BUY (FOK/FAK with a pUSD ``budget``): on
the CTF exchange the taker keeps the surplus of a better price as shares, so it spends its
whole budget on asks up to its limit and gets every share that buys
(docs/emulator-scenarios.md, "CLOB matching").
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_left, insort
from dataclasses import dataclass
from enum import StrEnum

from polycopy.kit.money import MICRO, micros_str
from polycopy.venues.polymarket.amounts import Side, market_buy_fills


class OrderType(StrEnum):
    """CLOB time-in-force; only GTC and GTD leave a remainder on the book."""

    GTC = "GTC"
    GTD = "GTD"
    FOK = "FOK"
    FAK = "FAK"

    @property
    def rests(self) -> bool:
        return self in (OrderType.GTC, OrderType.GTD)


class PostOnlyCrossError(ValueError):
    """A post-only order would take liquidity; it is rejected without touching the book."""


@dataclass(slots=True)
class RestingOrder:
    order_id: str
    owner: str
    side: Side
    price: int
    size: int
    """Remaining (unfilled) size."""


@dataclass(frozen=True, slots=True)
class Fill:
    """One maker order (partly) consumed by a taker; the price is always the maker's."""

    maker_order_id: str
    maker_owner: str
    price: int
    size: int
    cost: int
    """pUSD the buyer pays the seller: ``size * price`` rounded down, or, where a market
    BUY's budget runs out, the rest of the budget (at most 1 micro-pUSD more)."""


@dataclass(frozen=True, slots=True)
class MatchResult:
    fills: tuple[Fill, ...]
    rested: int
    """Size left resting on the book (GTC/GTD only)."""
    killed: int
    """Size neither filled nor rested (FOK/FAK remainder); pUSD for a budget order."""

    @property
    def filled(self) -> int:
        return sum(f.size for f in self.fills)


class OrderBook:
    """Bids and asks as sorted price levels, each a FIFO of resting orders."""

    def __init__(self) -> None:
        # Per side: ascending price list and price -> {order_id: order} (dicts keep FIFO order).
        self._prices: dict[Side, list[int]] = {Side.BUY: [], Side.SELL: []}
        self._levels: dict[Side, dict[int, dict[str, RestingOrder]]] = {
            Side.BUY: {},
            Side.SELL: {},
        }
        self._orders: dict[str, RestingOrder] = {}

    def best(self, side: Side) -> int | None:
        """Best resting price on ``side``: highest bid or lowest ask."""
        prices = self._prices[side]
        if not prices:
            return None
        return prices[-1] if side is Side.BUY else prices[0]

    def crosses(self, side: Side, limit_price: int) -> bool:
        """Whether an order on ``side`` at ``limit_price`` would trade immediately."""
        opposite = self.best(_opposite(side))
        if opposite is None:
            return False
        return limit_price >= opposite if side is Side.BUY else limit_price <= opposite

    def available(self, side: Side, limit_price: int) -> int:
        """Opposite-side size a taker on ``side`` could take at ``limit_price`` or better."""
        return sum(size for _, size in self._marketable_levels(side, limit_price))

    def get(self, order_id: str) -> RestingOrder | None:
        return self._orders.get(order_id)

    def orders(self) -> list[RestingOrder]:
        return list(self._orders.values())

    def match(
        self,
        side: Side,
        limit_price: int,
        size: int,
        order_type: OrderType,
        *,
        order_id: str,
        owner: str,
        post_only: bool = False,
        budget: int | None = None,
    ) -> MatchResult:
        """Execute a taker order; rest the remainder for GTC/GTD.

        FOK changes nothing unless it can fill completely; post-only raises
        ``PostOnlyCrossError`` instead of taking liquidity. A FOK/FAK BUY with a ``budget``
        (pUSD) spends it instead of buying ``size`` shares: FOK only if the asks within the
        limit can take all of it, FAK as much of it as they can.
        """
        if size <= 0 or limit_price <= 0:
            raise ValueError("size and price must be positive")
        if budget is not None and (budget <= 0 or side is Side.SELL or order_type.rests):
            raise ValueError("only a FOK/FAK BUY spends a budget, and a positive one")
        if order_id in self._orders:
            raise ValueError(f"order {order_id} is already on the book")
        if post_only and self.crosses(side, limit_price):
            raise PostOnlyCrossError(order_id)
        if budget is not None:
            return self._spend(limit_price, budget, order_type)
        if order_type is OrderType.FOK and self.available(side, limit_price) < size:
            return MatchResult(fills=(), rested=0, killed=size)

        fills = self._take(side, limit_price, size)
        remaining = size - sum(f.size for f in fills)
        if remaining and order_type.rests:
            self._add(RestingOrder(order_id, owner, side, limit_price, remaining))
            return MatchResult(fills=tuple(fills), rested=remaining, killed=0)
        return MatchResult(fills=tuple(fills), rested=0, killed=remaining)

    def cancel(self, order_id: str) -> int:
        """Remove a resting order; returns the size cancelled (0 if it was not resting)."""
        order = self._orders.pop(order_id, None)
        if order is None:
            return 0
        self._unlink(order)
        return order.size

    def levels(self, side: Side) -> list[tuple[int, int]]:
        """Aggregated (price, size) levels with the best price LAST, as the CLOB serves them."""
        prices = self._prices[side]
        ordered = prices if side is Side.BUY else reversed(prices)
        return [(p, sum(o.size for o in self._levels[side][p].values())) for p in ordered]

    def _marketable_levels(self, side: Side, limit_price: int) -> list[tuple[int, int]]:
        opposite = _opposite(side)
        prices = self._prices[opposite]
        if side is Side.BUY:
            candidates = prices[: bisect_left(prices, limit_price + 1)]
        else:
            candidates = list(reversed(prices[bisect_left(prices, limit_price) :]))
        levels = self._levels[opposite]
        return [(p, sum(o.size for o in levels[p].values())) for p in candidates]

    def _take(self, side: Side, limit_price: int, size: int) -> list[Fill]:
        fills: list[Fill] = []
        remaining = size
        opposite = _opposite(side)
        while remaining and self.crosses(side, limit_price):
            price = self.best(opposite)
            assert price is not None
            level = self._levels[opposite][price]
            maker = next(iter(level.values()))
            qty = min(remaining, maker.size)
            fills.append(Fill(maker.order_id, maker.owner, price, qty, qty * price // MICRO))
            remaining -= qty
            maker.size -= qty
            if maker.size == 0:
                del self._orders[maker.order_id]
                self._unlink(maker)
        return fills

    def _spend(self, limit_price: int, budget: int, order_type: OrderType) -> MatchResult:
        """A market BUY spends ``budget`` on the asks up to ``limit_price``, maker order by
        maker order in price-time priority (``market_buy_fills``); FOK only all of it."""
        prices = self._prices[Side.SELL]
        makers = [
            order
            for price in prices[: bisect_left(prices, limit_price + 1)]
            for order in self._levels[Side.SELL][price].values()
        ]
        plan = market_buy_fills(((m.price, m.size) for m in makers), limit_price, budget)
        spent = sum(cost for _, _, cost in plan)
        if order_type is OrderType.FOK and spent < budget:
            return MatchResult(fills=(), rested=0, killed=budget)
        fills = []
        for maker, (price, qty, cost) in zip(makers, plan, strict=False):
            fills.append(Fill(maker.order_id, maker.owner, price, qty, cost))
            maker.size -= qty
            if maker.size == 0:
                del self._orders[maker.order_id]
                self._unlink(maker)
        return MatchResult(fills=tuple(fills), rested=0, killed=budget - spent)

    def _add(self, order: RestingOrder) -> None:
        levels = self._levels[order.side]
        level = levels.get(order.price)
        if level is None:
            level = levels[order.price] = {}
            insort(self._prices[order.side], order.price)
        level[order.order_id] = order
        self._orders[order.order_id] = order

    def _unlink(self, order: RestingOrder) -> None:
        levels = self._levels[order.side]
        level = levels[order.price]
        del level[order.order_id]
        if not level:
            del levels[order.price]
            prices = self._prices[order.side]
            del prices[bisect_left(prices, order.price)]


def _opposite(side: Side) -> Side:
    return Side.SELL if side is Side.BUY else Side.BUY


def book_summary(
    book: OrderBook,
    *,
    market: str,
    asset_id: str,
    timestamp_ms: int,
    min_order_size: int,
    tick_size: int,
    neg_risk: bool,
    last_trade_price: int,
) -> dict[str, object]:
    """The official ``GET /book`` body, hashed exactly as the CLOB does (SHA1 of compact JSON)."""
    body: dict[str, object] = {
        "market": market,
        "asset_id": asset_id,
        "timestamp": str(timestamp_ms),
        "hash": "",
        "bids": [_level(p, s) for p, s in book.levels(Side.BUY)],
        "asks": [_level(p, s) for p, s in book.levels(Side.SELL)],
        "min_order_size": micros_str(min_order_size),
        "tick_size": micros_str(tick_size),
        "neg_risk": neg_risk,
        "last_trade_price": micros_str(last_trade_price),
    }
    serialized = json.dumps(body, separators=(",", ":"), ensure_ascii=False)
    body["hash"] = hashlib.sha1(serialized.encode("utf-8"), usedforsecurity=False).hexdigest()
    return body


def _level(price: int, size: int) -> dict[str, str]:
    return {"price": micros_str(price), "size": micros_str(size)}
