"""Replayed leaders: recorded wallet histories re-enacted through the emulator's order path.

Each recorded TRADE row becomes a real fill at its recorded time offset: a replay
counterparty rests the opposite order at the recorded price (post-only, so it never takes
anyone else's liquidity), then the wallet sends a FAK at that price for the recorded size and
the counterparty cancels what is left. The fill is matched and settled by
``EmulatorState.place_order`` like any other, under the recorded transaction hash, so it
reaches the Data API, the websockets and the chain exactly as a live fill would, and rows of
one recorded transaction stay one transaction. When nobody else quotes that token at an equal
or better price, the replay reproduces the recording (count, sides, sizes, tick-rounded
prices, order); otherwise the matching engine decides, as the venue would.

With ``follower_depth`` the counterparty rests that many shares more than the leader takes
and leaves them at the recorded price for ``depth_seconds`` (emulator time), so followers
copying the fill find liquidity at the leader's price. Depth left from an earlier fill that
would give the leader a better price, or that the new quote would cross, is withdrawn before
the leader trades, so the leader's fill price stays the recorded one.

A trade row the book cannot fill is kept in ``missed`` with the venue's reason; the admin
endpoint (``GET /admin/replay``, and ``replays`` in ``GET /admin/state``) lists them.

Other row types (REDEEM, REWARD, rebates, ...) are appended to the activity log as recorded;
they move no money, because the emulator does not resolve markets.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from polycopy.emulator.book import OrderType
from polycopy.emulator.state import (
    EmulatorState,
    Market,
    Order,
    OrderRequest,
    OrderStatus,
    RequestRefused,
)
from polycopy.kit.money import MICRO, micros_str
from polycopy.venues.polymarket.amounts import Side

log = logging.getLogger(__name__)

#: The market of rows that name none (rebates, rewards): listed nowhere, condition id "".
UNLISTED = Market(condition_id="", question="", slug="", tokens=())
#: Emulator seconds to wait when nothing is left to replay.
_IDLE_INTERVAL = 3600.0


@dataclass(frozen=True, slots=True)
class ReplayStep:
    """One recorded row, ready to re-enact ``offset`` seconds after the replay starts."""

    offset: float
    wallet: str
    kind: str
    market: Market
    token_id: int | None
    side: Side | None
    size: int
    price: int
    """Tick-rounded fill price (TRADE rows) or 0."""
    usdc_size: int
    transaction_hash: str
    """The recorded transaction; the replayed fill settles under it."""

    def describe(self) -> dict[str, object]:
        """The step as the admin endpoint lists it (money as decimal strings)."""
        return {
            "offset": Decimal(str(self.offset)),
            "wallet": self.wallet,
            "type": self.kind,
            "condition_id": self.market.condition_id,
            "token_id": str(self.token_id) if self.token_id is not None else None,
            "side": self.side.name if self.side is not None else None,
            "size": micros_str(self.size),
            "price": micros_str(self.price),
            "transaction_hash": self.transaction_hash,
        }


@dataclass(frozen=True, slots=True)
class MissedStep:
    """A trade row the emulator could not fill, and the venue's reason."""

    step: ReplayStep
    reason: str

    def describe(self) -> dict[str, object]:
        return {**self.step.describe(), "reason": self.reason}


def snap_to_tick(price: int, tick: int) -> int:
    """The nearest valid price on ``tick`` (half-even), kept inside ``[tick, 1 - tick]``."""
    steps, rest = divmod(price, tick)
    if rest * 2 > tick or (rest * 2 == tick and steps % 2):
        steps += 1
    return min(max(steps, 1), MICRO // tick - 1) * tick


@dataclass
class ReplayLeader:
    """Drives the steps of one recorded file in time order; an ``Actor`` for the server."""

    state: EmulatorState
    steps: list[ReplayStep]
    counterparty: str
    start: float
    """Emulator time at which offset 0 happens."""
    address: str
    follower_depth: int = 0
    """Shares the counterparty leaves resting at the recorded price after each fill."""
    depth_seconds: float = 0.0
    """Emulator seconds that depth stays (0: cancelled at once, like no depth)."""
    role: str = field(default="leader", init=False)
    interval: float = field(default=0.0, init=False)
    position: int = field(default=0, init=False)
    """Index of the next step to re-enact."""
    missed: list[MissedStep] = field(default_factory=list, init=False)
    """Trade steps the book could not fill at their recorded price."""
    _depth: dict[str, float] = field(default_factory=dict, init=False)
    """Resting depth for followers: order id -> emulator time it is withdrawn."""

    def __post_init__(self) -> None:
        self._owner = self.state.derive_api_key(self.counterparty, 0).api_key
        self._reschedule()

    @property
    def done(self) -> bool:
        return self.position >= len(self.steps)

    @property
    def wallets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(step.wallet for step in self.steps))

    def step(self) -> int:
        """Re-enact every step that is due, withdrawing depth whose window ended; returns how
        many steps were re-enacted."""
        now = self.state.now()
        count = 0
        while not self.done and self.start + self.steps[self.position].offset <= now:
            self._withdraw(lambda _, until: until <= self.start + self.steps[self.position].offset)
            self._enact(self.steps[self.position])
            self.position += 1
            count += 1
        self._withdraw(lambda _, until: until <= now)
        self._reschedule()
        return count

    def report(self) -> dict[str, object]:
        """Progress and the rows that found no fill (``GET /admin/replay``)."""
        return {
            "address": self.address,
            "wallets": list(self.wallets),
            "steps": len(self.steps),
            "replayed": self.position,
            "done": self.done,
            "follower_depth": micros_str(self.follower_depth),
            "depth_seconds": Decimal(str(self.depth_seconds)),
            "resting_depth_orders": len(self._depth),
            "missed": [missed.describe() for missed in self.missed],
        }

    def _reschedule(self) -> None:
        dues = [*self._depth.values()]
        if not self.done:
            dues.append(self.start + self.steps[self.position].offset)
        self.interval = max(min(dues) - self.state.now(), 0.0) if dues else _IDLE_INTERVAL

    def _withdraw(self, due: Callable[[Order, float], bool]) -> None:
        """Cancel the counterparty's resting depth for which ``due(order, until)`` holds."""
        for order_id, until in list(self._depth.items()):
            order = self.state.orders[order_id]
            if order.status is not OrderStatus.LIVE:
                del self._depth[order_id]
            elif due(order, until):
                self.state.cancel([order_id], self.counterparty)
                del self._depth[order_id]

    def _enact(self, step: ReplayStep) -> None:
        if step.kind != "TRADE":
            self.state.record_entry(
                step.wallet,
                step.kind,
                step.market,
                size=step.size,
                usdc_size=step.usdc_size,
                token_id=step.token_id,
                side=step.side,
                price=step.price,
                tx_hash=step.transaction_hash,
            )
            return
        assert step.side is not None
        self._withdraw(lambda order, _: _in_the_way(order, step))
        resting = self._quote(step)
        placed, reason = self._order(step.wallet, step, step.side, step.size, OrderType.FAK)
        if resting is not None:
            if self.follower_depth and self.depth_seconds > 0:
                self._depth[resting] = self.start + step.offset + self.depth_seconds
            else:
                self.state.cancel([resting], self.counterparty)
        if placed is None:
            self.missed.append(MissedStep(step, reason))
            log.info("replay: %s %s at %s found no fill", step.wallet, step.side.name, step.price)

    def _quote(self, step: ReplayStep) -> str | None:
        """Rest the counterparty's side of the recorded fill (plus the followers' depth);
        None if it would cross."""
        side = Side.SELL if step.side is Side.BUY else Side.BUY
        size = max(step.size + self.follower_depth, step.market.min_order_size)
        if side is Side.SELL:
            wallet = self.state.wallet(self.counterparty)
            assert step.token_id is not None
            shortfall = size - self.state.free_shares(wallet, step.token_id)
            if shortfall > 0:
                with contextlib.suppress(RequestRefused):
                    self.state.split(self.counterparty, step.market.condition_id, shortfall)
        order_id, _ = self._order(
            self.counterparty, step, side, size, OrderType.GTC, post_only=True
        )
        return order_id

    def _order(
        self,
        wallet: str,
        step: ReplayStep,
        side: Side,
        size: int,
        order_type: OrderType,
        *,
        post_only: bool = False,
    ) -> tuple[str | None, str]:
        """(order id, "") when the venue accepted the order, else (None, its reason)."""
        assert step.token_id is not None
        order_id = self.state.internal_order_id()
        request = OrderRequest(
            order_id=order_id,
            owner=self._owner,
            maker=wallet,
            signer=wallet,
            token_id=step.token_id,
            side=side,
            price=step.price,
            size=size,
            order_type=order_type,
            post_only=post_only,
            transaction_hash="" if post_only else step.transaction_hash,
        )
        try:
            self.state.place_order(request)
        except RequestRefused as exc:
            log.debug("replay order refused: %s", exc.message)
            return None, exc.message
        return order_id, ""


def _in_the_way(order: Order, step: ReplayStep) -> bool:
    """Whether resting depth would fill ``step`` better than recorded or cross its quote."""
    if order.token_id != step.token_id:
        return False
    if step.side is Side.BUY:
        return order.price < step.price if order.side is Side.SELL else order.price >= step.price
    return order.price > step.price if order.side is Side.BUY else order.price <= step.price


def funding(steps: list[ReplayStep]) -> tuple[dict[str, int], dict[tuple[str, int], int]]:
    """What the replayed wallets must hold for their recorded sequence to be possible.

    Returns (pUSD per wallet, opening shares per (wallet, token)). Buys are funded in full
    with a taker-fee allowance (the fee never exceeds shares x rate / 4); sale proceeds are
    not counted on, so a wallet is never short. Shares sold before the recording bought them
    are opening positions.
    """
    pusd: dict[str, int] = {}
    held: dict[tuple[str, int], int] = {}
    opening: dict[tuple[str, int], int] = {}
    for step in steps:
        if step.kind != "TRADE" or step.token_id is None:
            continue
        key = (step.wallet, step.token_id)
        if step.side is Side.BUY:
            fee_bound = -(-step.size * step.market.fee_rate_bps // 40_000)
            cost = -(-step.size * step.price // MICRO)
            pusd[step.wallet] = pusd.get(step.wallet, 0) + cost + fee_bound
            held[key] = held.get(key, 0) + step.size
        else:
            short = step.size - held.get(key, 0)
            if short > 0:
                opening[key] = opening.get(key, 0) + short
                held[key] = held.get(key, 0) + short
            held[key] -= step.size
    return pusd, opening


def counterparty_funding(steps: list[ReplayStep], follower_depth: int = 0) -> int:
    """pUSD the counterparty needs: splits for the asks it rests, cash for the bids, each
    with the followers' depth on top."""
    total = 0
    for step in steps:
        if step.kind != "TRADE":
            continue
        size = max(step.size + follower_depth, step.market.min_order_size)
        if step.side is Side.BUY:
            total += size  # split pUSD 1:1 into the outcome it sells
        else:
            total += -(-size * step.price // MICRO) + -(-size * step.market.fee_rate_bps // 40_000)
    return total
