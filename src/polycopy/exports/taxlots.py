"""The tax-lot view of a lot: pure arithmetic on what the ledger stores.

A lot keeps the cost of its remaining shares and the PnL its sales, merges and redemptions
realised. With the cost basis it opened with, the rest follows exactly: the closed shares
cost ``basis - remaining cost``, and they brought ``that cost + realised PnL``.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass


class LotStatus(enum.StrEnum):
    OPEN = "open"
    PARTLY_CLOSED = "partly_closed"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class TaxLot:
    status: LotStatus
    closed_size_micros: int
    closed_cost_basis_micros: int
    proceeds_micros: int
    holding: dt.timedelta | None  # opened to closed; None while shares are left

    @property
    def holding_seconds(self) -> int | None:
        return None if self.holding is None else int(self.holding.total_seconds())

    @property
    def holding_days(self) -> int | None:
        return None if self.holding is None else self.holding.days


def tax_lot(
    *,
    size_micros: int,
    remaining_size_micros: int,
    cost_basis_micros: int,
    remaining_cost_micros: int,
    realized_pnl_micros: int,
    opened_at: dt.datetime,
    closed_at: dt.datetime | None,
) -> TaxLot:
    closed_size = size_micros - remaining_size_micros
    closed_cost = cost_basis_micros - remaining_cost_micros
    if remaining_size_micros == 0:
        status = LotStatus.CLOSED
    elif closed_size == 0:
        status = LotStatus.OPEN
    else:
        status = LotStatus.PARTLY_CLOSED
    return TaxLot(
        status=status,
        closed_size_micros=closed_size,
        closed_cost_basis_micros=closed_cost,
        proceeds_micros=closed_cost + realized_pnl_micros,
        holding=closed_at - opened_at
        if status is LotStatus.CLOSED and closed_at is not None
        else None,
    )
