"""Replayed leaders: recorded wallet histories re-enacted through the emulator's order path.

Each recorded TRADE row becomes a real fill at its recorded time offset: a replay
counterparty rests the opposite order at the recorded price (post-only, so it never takes
anyone else's liquidity), then the wallet sends a FAK at that price for the recorded size and
the counterparty cancels what is left. The fill is matched and settled by
``EmulatorState.place_order`` like any other, so it reaches the Data API, the websockets and
the chain exactly as a live fill would. When nobody else quotes that token at an equal or
better price, the replay reproduces the recording (count, sides, sizes, tick-rounded prices,
order); otherwise the matching engine decides, as the venue would.

Other row types (REDEEM, REWARD, rebates, ...) are appended to the activity log as recorded;
they move no money, because the emulator does not resolve markets.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field

from polycopy.emulator.book import OrderType
from polycopy.emulator.state import EmulatorState, Market, OrderRequest, RequestRefused
from polycopy.kit.money import MICRO
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
    role: str = field(default="leader", init=False)
    interval: float = field(default=0.0, init=False)
    position: int = field(default=0, init=False)
    """Index of the next step to re-enact."""
    missed: list[ReplayStep] = field(default_factory=list, init=False)
    """Trade steps the book could not fill at their recorded price."""

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
        """Re-enact every step that is due; returns how many were."""
        now = self.state.now()
        count = 0
        while not self.done and self.start + self.steps[self.position].offset <= now:
            self._enact(self.steps[self.position])
            self.position += 1
            count += 1
        self._reschedule()
        return count

    def _reschedule(self) -> None:
        if self.done:
            self.interval = _IDLE_INTERVAL
        else:
            due = self.start + self.steps[self.position].offset
            self.interval = max(due - self.state.now(), 0.0)

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
            )
            return
        assert step.side is not None
        resting = self._quote(step)
        placed = self._order(step.wallet, step, step.side, step.size, OrderType.FAK)
        if resting is not None:
            self.state.cancel([resting], self.counterparty)
        if placed is None:
            self.missed.append(step)
            log.info("replay: %s %s at %s found no fill", step.wallet, step.side.name, step.price)

    def _quote(self, step: ReplayStep) -> str | None:
        """Rest the counterparty's side of the recorded fill; None if it would cross."""
        side = Side.SELL if step.side is Side.BUY else Side.BUY
        size = max(step.size, step.market.min_order_size)
        if side is Side.SELL:
            wallet = self.state.wallet(self.counterparty)
            assert step.token_id is not None
            shortfall = size - self.state.free_shares(wallet, step.token_id)
            if shortfall > 0:
                with contextlib.suppress(RequestRefused):
                    self.state.split(self.counterparty, step.market.condition_id, shortfall)
        return self._order(self.counterparty, step, side, size, OrderType.GTC, post_only=True)

    def _order(
        self,
        wallet: str,
        step: ReplayStep,
        side: Side,
        size: int,
        order_type: OrderType,
        *,
        post_only: bool = False,
    ) -> str | None:
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
        )
        try:
            self.state.place_order(request)
        except RequestRefused as exc:
            log.debug("replay order refused: %s", exc.message)
            return None
        return order_id


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


def counterparty_funding(steps: list[ReplayStep]) -> int:
    """pUSD the counterparty needs: splits for the asks it rests, cash for the bids."""
    total = 0
    for step in steps:
        if step.kind != "TRADE":
            continue
        size = max(step.size, step.market.min_order_size)
        if step.side is Side.BUY:
            total += size  # split pUSD 1:1 into the outcome it sells
        else:
            total += -(-size * step.price // MICRO) + -(-size * step.market.fee_rate_bps // 40_000)
    return total
