"""Portfolio views as pure arithmetic on micro-units: positions, marks, exposure, equity.

Valuation is deliberately plain: an open position is marked at the last price polycopy has
seen traded in its token (the follower's own fills or a leader's fills, whichever is newer).
There is no mark when neither exists; such positions count at cost and say so. Historical
unrealised PnL is not reconstructed (no price history is stored): the equity curve is
realised PnL, fees and the cost of what was still open, fill by fill.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from polycopy.kit.money import MICRO, round_half_even_div
from polycopy.signals.types import TradeSide


@dataclass(frozen=True, slots=True)
class Mark:
    """The last traded price seen for a token, where it came from and when."""

    price_micros: int
    at: dt.datetime
    source: str  # "follower_fill" or "leader_fill"


@dataclass(frozen=True, slots=True)
class OpenLotRow:
    account_id: int
    leader_id: int
    condition_id: str
    token_id: str
    outcome: str | None
    remaining_size_micros: int
    cost_micros: int  # of the remaining shares, fees included


@dataclass(slots=True)
class Position:
    """The open lots of one account for one leader in one token, together."""

    account_id: int
    leader_id: int
    condition_id: str
    token_id: str
    outcome: str | None
    size_micros: int = 0
    cost_micros: int = 0
    lots: int = 0
    mark: Mark | None = None

    @property
    def average_price_micros(self) -> int:
        return round_half_even_div(self.cost_micros * MICRO, self.size_micros)

    @property
    def value_micros(self) -> int:
        """Marked value; at cost when there is no mark."""
        if self.mark is None:
            return self.cost_micros
        return round_half_even_div(self.size_micros * self.mark.price_micros, MICRO)

    @property
    def unrealized_pnl_micros(self) -> int:
        return self.value_micros - self.cost_micros


def positions(lots: Iterable[OpenLotRow], marks: Mapping[str, Mark]) -> list[Position]:
    """Group open lots by (account, leader, token) and mark each group."""
    grouped: dict[tuple[int, int, str], Position] = {}
    for lot in lots:
        if lot.remaining_size_micros <= 0:
            continue
        key = (lot.account_id, lot.leader_id, lot.token_id)
        position = grouped.get(key)
        if position is None:
            position = grouped[key] = Position(
                lot.account_id,
                lot.leader_id,
                lot.condition_id,
                lot.token_id,
                lot.outcome,
                mark=marks.get(lot.token_id),
            )
        position.size_micros += lot.remaining_size_micros
        position.cost_micros += lot.cost_micros
        position.lots += 1
    return sorted(grouped.values(), key=lambda p: (p.account_id, p.leader_id, p.token_id))


@dataclass(slots=True)
class Exposure:
    key: str
    cost_micros: int = 0
    value_micros: int = 0
    positions: int = 0


def exposure(
    held: Iterable[Position], *, by: str, event_of: Mapping[str, str] | None = None
) -> list[Exposure]:
    """Open positions summed by ``market``, ``event`` or ``leader``, largest cost first."""
    totals: dict[str, Exposure] = {}
    for position in held:
        if by == "market":
            key = position.condition_id
        elif by == "event":
            key = (event_of or {}).get(position.condition_id, position.condition_id)
        elif by == "leader":
            key = str(position.leader_id)
        else:
            raise ValueError(f"unknown exposure grouping {by!r}")
        entry = totals.setdefault(key, Exposure(key))
        entry.cost_micros += position.cost_micros
        entry.value_micros += position.value_micros
        entry.positions += 1
    return sorted(totals.values(), key=lambda e: (-e.cost_micros, e.key))


@dataclass(frozen=True, slots=True)
class FillRow:
    """One follower exchange fill as the equity curve needs it."""

    filled_at: dt.datetime
    side: TradeSide
    amount_micros: int
    fee_micros: int
    realized_pnl_micros: int


@dataclass(frozen=True, slots=True)
class SettlementRow:
    """A booked split (it opens lots for the pUSD it paid), or a redemption or merge (it
    closes lots: the payout minus its realised PnL is the cost it took off)."""

    settled_at: dt.datetime
    opened_cost_micros: int = 0
    payout_micros: int = 0
    realized_pnl_micros: int = 0


@dataclass(frozen=True, slots=True)
class EquityPoint:
    at: dt.datetime
    realized_pnl_micros: int  # cumulative
    fees_micros: int  # cumulative
    open_cost_micros: int  # cost of the shares still held after this point
    volume_micros: int  # cumulative pUSD traded


def equity_curve(
    fills: Iterable[FillRow],
    *,
    bucket: dt.timedelta,
    settlements: Iterable[SettlementRow] = (),
) -> list[EquityPoint]:
    """Cumulative realised PnL, fees and open cost at the end of each ``bucket`` with fills
    or settlements.

    A buy adds its amount plus fee to the open cost, a split the pUSD it paid; a sale removes
    the cost of the lots it consumed, which is its net proceeds minus its realised PnL, and a
    redemption or merge its payout minus its realised PnL.
    """
    if bucket <= dt.timedelta(0):
        raise ValueError("bucket must be positive")
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    points: list[EquityPoint] = []
    realized = fees = open_cost = volume = 0
    current: dt.datetime | None = None
    events: list[FillRow | SettlementRow] = [*fills, *settlements]
    for fill in sorted(events, key=_when):
        start = epoch + bucket * ((_when(fill) - epoch) // bucket)
        if current is not None and start != current:
            points.append(EquityPoint(current + bucket, realized, fees, open_cost, volume))
        current = start
        if isinstance(fill, SettlementRow):
            realized += fill.realized_pnl_micros
            open_cost += fill.opened_cost_micros - fill.payout_micros + fill.realized_pnl_micros
            continue
        fees += fill.fee_micros
        volume += fill.amount_micros
        if fill.side is TradeSide.BUY:
            open_cost += fill.amount_micros + fill.fee_micros
        else:
            realized += fill.realized_pnl_micros
            open_cost -= fill.amount_micros - fill.fee_micros - fill.realized_pnl_micros
    if current is not None:
        points.append(EquityPoint(current + bucket, realized, fees, open_cost, volume))
    return points


def _when(event: FillRow | SettlementRow) -> dt.datetime:
    return event.filled_at if isinstance(event, FillRow) else event.settled_at


@dataclass(frozen=True, slots=True)
class CopiedFill:
    """A follower fill next to the leader fill it copied."""

    side: TradeSide
    size_micros: int
    follower_price_micros: int
    leader_price_micros: int


@dataclass(slots=True)
class Tracking:
    """How the follower's copies compare with the leader's trades they copied."""

    fills: int = 0
    slippage_cost_micros: int = 0  # > 0: the follower paid more / got less than the leader
    notional_micros: int = 0  # the copied sizes at the leader's prices

    @property
    def slippage_bps(self) -> int | None:
        """Volume-weighted slippage against the notional at the leader's prices."""
        if self.notional_micros == 0:
            return None
        return round_half_even_div(self.slippage_cost_micros * 10_000, self.notional_micros)


def tracking(copied: Iterable[CopiedFill]) -> Tracking:
    out = Tracking()
    for fill in copied:
        diff = fill.follower_price_micros - fill.leader_price_micros
        if fill.side is TradeSide.SELL:
            diff = -diff
        out.fills += 1
        out.slippage_cost_micros += round_half_even_div(diff * fill.size_micros, MICRO)
        out.notional_micros += round_half_even_div(
            fill.leader_price_micros * fill.size_micros, MICRO
        )
    return out
