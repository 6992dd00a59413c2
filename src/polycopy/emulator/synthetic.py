"""Seeded synthetic participants: a leader worth copying and a liquidity provider.

Both place orders through ``EmulatorState.place_order`` (pre-authorised: they sign nothing),
so their fills, balances and Data API rows come from the same matching code as every
client's. Given the same seed and the same sequence of other orders they act identically.
"""

from __future__ import annotations

import contextlib
import random
from dataclasses import dataclass, field

from polycopy.emulator.book import OrderType
from polycopy.emulator.state import EmulatorState, Market, OrderRequest, Placement, RequestRefused
from polycopy.kit.money import MICRO
from polycopy.venues.polymarket.amounts import Side

_SHARE_STEP = 10_000  # sizes have 2 decimals


@dataclass
class _Participant:
    state: EmulatorState
    address: str
    market: Market
    seed: int

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)  # noqa: S311 - reproducible simulation, not crypto
        self._owner = self.state.derive_api_key(self.address, 0).api_key

    def _place(
        self, token_id: int, side: Side, price: int, size: int, order_type: OrderType
    ) -> Placement | None:
        """Place through the common order path; a venue rejection just means "not this time"."""
        request = OrderRequest(
            order_id=self.state.internal_order_id(),
            owner=self._owner,
            maker=self.address,
            signer=self.address,
            token_id=token_id,
            side=side,
            price=price,
            size=size,
            order_type=order_type,
        )
        try:
            return self.state.place_order(request)
        except RequestRefused:
            return None


@dataclass
class SyntheticLeader(_Participant):
    """Trades against the book at random: market buys (more often) and sells of what it holds."""

    interval: float = 3.0
    min_shares: int = 5 * MICRO
    max_shares: int = 50 * MICRO
    buy_percent: int = 70
    slippage_ticks: int = 3
    """How far past the best price the marketable order may fill."""
    role: str = field(default="leader", init=False)

    def step(self) -> Placement | None:
        """One decision; returns the placement, or None when there was nothing to do."""
        token_id, _ = self._rng.choice(self.market.tokens)
        size = self._rng.randrange(self.min_shares, self.max_shares + 1, _SHARE_STEP)
        wants_sell = self._rng.randrange(100) >= self.buy_percent
        held = self.state.wallet(self.address).positions.get(token_id, 0)
        held -= held % _SHARE_STEP
        book = self.state.books[token_id]
        tick = self.market.tick_size
        if wants_sell and held > 0:
            side, size, best = Side.SELL, min(size, held), book.best(Side.BUY)
            price = None if best is None else max(tick, best - self.slippage_ticks * tick)
        else:
            side, best = Side.BUY, book.best(Side.SELL)
            price = None if best is None else min(MICRO - tick, best + self.slippage_ticks * tick)
        if price is None:
            return None
        return self._place(token_id, side, price, size, OrderType.FAK)


@dataclass
class LiquidityProvider(_Participant):
    """Keeps a ladder of resting orders on both sides of every outcome around a drifting mid.

    Inventory for the asks comes from CTF splits, as a real market maker's would.
    """

    interval: float = 1.0
    mid: int = MICRO // 2
    """Mid of the first outcome; the other outcome is quoted around 1 - mid."""
    levels: int = 5
    level_size: int = 200 * MICRO
    half_spread_ticks: int = 1
    mid_bounds: tuple[int, int] = (100_000, 900_000)
    role: str = field(default="liquidity", init=False)

    def step(self) -> None:
        """Drift the mid by at most one tick, then top every ladder level back up."""
        tick = self.market.tick_size
        low, high = self.mid_bounds
        self.mid = min(high, max(low, self.mid + self._rng.choice((-tick, 0, tick))))
        wanted: dict[tuple[int, Side, int], int] = {}
        for index, (token_id, _) in enumerate(self.market.tokens):
            mid = self.mid if index == 0 else MICRO - self.mid
            for k in range(self.levels):
                offset = (self.half_spread_ticks + k) * tick
                if mid - offset >= tick:
                    wanted[(token_id, Side.BUY, mid - offset)] = self.level_size
                if mid + offset <= MICRO - tick:
                    wanted[(token_id, Side.SELL, mid + offset)] = self.level_size
        stale = []
        for order in self.state.live_orders(self.address):
            key = (order.token_id, order.side, order.price)
            if key in wanted:
                wanted[key] -= order.original_size - order.size_matched
            else:
                stale.append(order.order_id)
        self.state.cancel(stale, self.address)
        self._ensure_inventory(wanted)
        for (token_id, side, price), size in sorted(wanted.items()):
            if size >= self.market.min_order_size:
                self._place(token_id, side, price, size, OrderType.GTC)

    def _ensure_inventory(self, wanted: dict[tuple[int, Side, int], int]) -> None:
        wallet = self.state.wallet(self.address)
        shortfall = max(
            (
                sum(s for (t, side, _), s in wanted.items() if t == token and side is Side.SELL)
                - self.state.free_shares(wallet, token)
                for token, _ in self.market.tokens
            ),
            default=0,
        )
        if shortfall > 0:
            # Out of pUSD: quote what the inventory allows.
            with contextlib.suppress(RequestRefused):
                self.state.split(self.address, self.market.condition_id, shortfall)
