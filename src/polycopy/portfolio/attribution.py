"""Tracking-error attribution: why a rule's result differs from its leader's (docs/analytics.md).

Pure arithmetic on micro-units. The gap between the leader's result on the notional you
copied and yours is split into parts, each the difference of two successive counterfactual
results that change one thing at a time: drop the skipped trades (reason by reason), use
the sizes the rule decided, keep only what filled, price at the book seen when deciding, at
the price you filled, pay the fees, and finally add the merges and splits you booked. The
chain starts at the leader's result and ends at yours, so the parts add up to the gap
exactly, by construction: the rounding inside each result cancels out in the telescoping sum.

A result is the period's trades marked to the period's end: what they paid and received,
plus what their net shares are worth at the end marks. A redemption is worth exactly its
shares' mark (the payout), so redeeming earlier or later changes nothing here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Literal

from polycopy.kit.money import MICRO, round_half_even_div
from polycopy.signals.types import TradeSide

PartKey = Literal[
    "skipped",
    "sizing_and_caps",
    "unmatched_and_dust",
    "detection_delay",
    "slippage",
    "fees",
    "redemption_timing",
]
# The parts after the skipped trades, in the order the chain takes them.
SKIPPED: Final = "skipped"
SIZING: Final = "sizing_and_caps"
UNMATCHED: Final = "unmatched_and_dust"
DELAY: Final = "detection_delay"
SLIPPAGE: Final = "slippage"
FEES: Final = "fees"
REDEMPTION: Final = "redemption_timing"


@dataclass(frozen=True, slots=True)
class FollowerFill:
    size_micros: int  # shares
    amount_micros: int  # pUSD, before fees
    fee_micros: int


@dataclass(frozen=True, slots=True)
class CopyEvent:
    """One leader trade the rule decided, in the token the rule trades (an inverse rule's
    opposite outcome at 1 − the leader's price), and what became of it."""

    token_id: str
    side: TradeSide
    price_micros: int  # the leader's (reference) price
    leader_size_micros: int  # the leader's shares
    skip_reason: str | None  # None: copied
    intended_micros: int = 0  # what the rule decided: pUSD for a buy, shares for a sell
    quote_micros: int | None = None  # best ask (buy) or bid (sell) when deciding
    fills: tuple[FollowerFill, ...] = ()


@dataclass(frozen=True, slots=True)
class SettlementMove:
    """A merge or split the follower booked for this leader: shares per outcome token
    (negative when merged) and the pUSD it paid (negative) or received."""

    shares_micros: Mapping[str, int]
    cash_micros: int


@dataclass(frozen=True, slots=True)
class Part:
    key: PartKey
    reason: str | None  # the skip reason, for ``skipped``
    micros: int  # what it cost you: > 0 means your result is that much below the leader's


@dataclass(frozen=True, slots=True)
class Attribution:
    leader_micros: int  # the leader's result on the notional you copied
    follower_micros: int  # yours
    scale_numerator: int  # the notional you copied ...
    scale_denominator: int  # ... over the leader's, on the copied trades
    parts: tuple[Part, ...]
    trades: int
    copied: int

    @property
    def gap_micros(self) -> int:
        return self.leader_micros - self.follower_micros


# One counterfactual trade: token, signed shares, signed pUSD.
Trade = tuple[str, int, int]


def _at(side: TradeSide, token: str, shares: int, price: int) -> Trade:
    """``shares`` traded at ``price``, no fee."""
    cash = round_half_even_div(shares * price, MICRO)
    return (token, shares, -cash) if side is TradeSide.BUY else (token, -shares, cash)


def _spend_at(token: str, spent: int, price: int) -> Trade:
    """A buy of ``spent`` pUSD at ``price``, no fee."""
    return (token, spent * MICRO // price if price > 0 else 0, -spent)


def _filled(event: CopyEvent, *, fees: bool) -> Trade:
    shares = sum(f.size_micros for f in event.fills)
    amount = sum(f.amount_micros for f in event.fills)
    fee = sum(f.fee_micros for f in event.fills) if fees else 0
    if event.side is TradeSide.BUY:
        return (event.token_id, shares, -amount - fee)
    return (event.token_id, -shares, amount - fee)


def _filled_at(event: CopyEvent, price: int) -> Trade:
    """What filled, bought for the same pUSD or sold in the same shares, at ``price``."""
    if event.side is TradeSide.BUY:
        return _spend_at(event.token_id, sum(f.amount_micros for f in event.fills), price)
    return _at(event.side, event.token_id, sum(f.size_micros for f in event.fills), price)


def result(trades: Iterable[Trade], marks: Mapping[str, int]) -> int:
    """Cash paid and received plus the net shares at their marks (a missing mark is 0)."""
    cash = 0
    held: dict[str, int] = {}
    for token, shares, paid in trades:
        cash += paid
        held[token] = held.get(token, 0) + shares
    return cash + sum(round_half_even_div(n * marks.get(t, 0), MICRO) for t, n in held.items())


def end_marks(events: Sequence[CopyEvent], marks: Mapping[str, int]) -> dict[str, int]:
    """The marks at the period's end; a token without one is marked at its last trade here."""
    out = {event.token_id: event.price_micros for event in events}
    out.update(marks)
    return out


def scale(events: Sequence[CopyEvent]) -> tuple[int, int]:
    """The notional you copied over the leader's, on the copied trades: the buys' pUSD when
    any buy was copied, else the sells' shares; (0, 1) when nothing was copied."""
    copied = [e for e in events if e.skip_reason is None]
    buys = [e for e in copied if e.side is TradeSide.BUY]
    if buys:
        leader = sum(
            round_half_even_div(e.leader_size_micros * e.price_micros, MICRO) for e in buys
        )
        mine = sum(e.intended_micros for e in buys)
    else:
        leader = sum(e.leader_size_micros for e in copied)
        mine = sum(e.intended_micros for e in copied)
    return (mine, leader) if leader > 0 else (0, 1)


def attribute(
    events: Sequence[CopyEvent],
    settlements: Sequence[SettlementMove],
    marks: Mapping[str, int],
) -> Attribution:
    """Split the gap between the leader's scaled result and yours into parts that sum to it."""
    marked = end_marks(events, marks)
    num, den = scale(events)

    def leader_trade(event: CopyEvent) -> Trade:
        shares = event.leader_size_micros * num // den
        return _at(event.side, event.token_id, shares, event.price_micros)

    def intended(event: CopyEvent) -> Trade:
        if event.side is TradeSide.BUY:
            return _spend_at(event.token_id, event.intended_micros, event.price_micros)
        return _at(event.side, event.token_id, event.intended_micros, event.price_micros)

    copied = [e for e in events if e.skip_reason is None]

    def chain(step: Callable[[CopyEvent], Trade]) -> int:
        return result((step(e) for e in copied), marked)

    kept = list(events)
    leader_micros = previous = result((leader_trade(e) for e in kept), marked)
    parts: list[Part] = []
    for reason in sorted({e.skip_reason for e in events if e.skip_reason is not None}):
        kept = [e for e in kept if e.skip_reason != reason]
        now = result((leader_trade(e) for e in kept), marked)
        parts.append(Part(SKIPPED, reason, previous - now))
        previous = now
    steps: list[tuple[PartKey, Callable[[CopyEvent], Trade]]] = [
        (SIZING, intended),
        (UNMATCHED, lambda e: _filled_at(e, e.price_micros)),
        (DELAY, lambda e: _filled_at(e, e.quote_micros or e.price_micros)),
        (SLIPPAGE, lambda e: _filled(e, fees=False)),
        (FEES, lambda e: _filled(e, fees=True)),
    ]
    for key, step in steps:
        now = chain(step)
        parts.append(Part(key, None, previous - now))
        previous = now
    booked = [_filled(e, fees=True) for e in copied]
    for move in settlements:
        booked += [(token, n, 0) for token, n in move.shares_micros.items()]
        booked.append(("", 0, move.cash_micros))
    follower_micros = result(booked, marked)
    parts.append(Part(REDEMPTION, None, previous - follower_micros))
    return Attribution(
        leader_micros=leader_micros,
        follower_micros=follower_micros,
        scale_numerator=num,
        scale_denominator=den,
        parts=tuple(parts),
        trades=len(events),
        copied=len(copied),
    )
