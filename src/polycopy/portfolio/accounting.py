"""Lot accounting per leader: pure arithmetic on micro-units.

A buy opens a lot tagged with the leader it was copied from; a sell made for that leader
consumes only that leader's lots, oldest first, and realises PnL against their cost.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class OpenLot:
    lot_id: int
    remaining_size_micros: int
    cost_micros: int  # cost of the remaining shares


@dataclass(frozen=True, slots=True)
class LotConsumption:
    lot_id: int
    size_micros: int
    cost_micros: int
    proceeds_micros: int

    @property
    def realized_pnl_micros(self) -> int:
        return self.proceeds_micros - self.cost_micros


class OversellError(ValueError):
    """A sale larger than the leader's lots: refused, nothing is booked."""


def consume_lots(
    lots: list[OpenLot], sold_size_micros: int, proceeds_micros: int
) -> list[LotConsumption]:
    """Allocate a sale FIFO over ``lots``; cost and proceeds are split pro rata, exactly.

    The last slice takes the rounding remainder so that the parts always sum to the whole.
    """
    if sold_size_micros <= 0:
        raise ValueError("sold size must be positive")
    available = sum(lot.remaining_size_micros for lot in lots)
    if sold_size_micros > available:
        raise OversellError(f"sale of {sold_size_micros} exceeds lots holding {available}")
    out: list[LotConsumption] = []
    left = sold_size_micros
    proceeds_left = proceeds_micros
    for lot in lots:
        if left == 0:
            break
        take = min(left, lot.remaining_size_micros)
        if take == lot.remaining_size_micros:
            cost = lot.cost_micros
        else:
            cost = lot.cost_micros * take // lot.remaining_size_micros
        left -= take
        proceeds = proceeds_left if left == 0 else proceeds_micros * take // sold_size_micros
        proceeds_left -= proceeds
        out.append(LotConsumption(lot.lot_id, take, cost, proceeds))
    return out


def redemption_payout(remaining_size_micros: int, *, winner: bool) -> int:
    """What a resolved lot pays: 1 pUSD per winning share, nothing for a losing one."""
    return remaining_size_micros if winner else 0


def split_proceeds(total_micros: int, costs: list[int]) -> list[int]:
    """Share ``total`` among parts in proportion to their cost (equally when all cost 0);
    the last part takes the rounding remainder, so the parts sum to the whole."""
    weights = costs if any(costs) else [1] * len(costs)
    whole = sum(weights)
    parts = [total_micros * w // whole for w in weights[:-1]]
    return [*parts, total_micros - sum(parts)]


def split_costs(
    shares_micros: int, prices: Mapping[str, int] | None, token_ids: Sequence[str]
) -> list[int]:
    """What each outcome's lot of a split costs (``token_ids`` in outcome order): the pUSD
    paid, one per pair of shares, shared in proportion to the outcome prices recorded when
    the split was decided. The lots' opening cost basis, for booking and for tax reports."""
    known = prices or {}
    return split_proceeds(shares_micros, [int(known.get(token, 0)) for token in token_ids])
