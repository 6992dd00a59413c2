"""Tax lots add up exactly: over any buys and FIFO sales, each lot's proceeds and closed cost
basis follow from what the ledger keeps, and the lots' proceeds sum to the sales'."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from polycopy.exports.taxlots import LotStatus, tax_lot
from polycopy.portfolio.accounting import OpenLot, consume_lots

T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
sizes = st.integers(min_value=1, max_value=10**10)


@given(
    buys=st.lists(st.tuples(sizes, st.integers(0, 10**10)), min_size=1, max_size=6),
    sales=st.lists(st.tuples(st.floats(0.01, 1.0), st.integers(0, 10**10)), max_size=6),
)
def test_lots_report_what_their_sales_brought(
    buys: list[tuple[int, int]], sales: list[tuple[float, int]]
) -> None:
    basis = {i: cost for i, (_, cost) in enumerate(buys)}
    lots = {i: OpenLot(i, size, cost) for i, (size, cost) in enumerate(buys)}
    realized = dict.fromkeys(lots, 0)
    closed_at: dict[int, dt.datetime] = {}
    sold_proceeds = 0
    for n, (share, proceeds) in enumerate(sales, start=1):
        held = sum(lot.remaining_size_micros for lot in lots.values())
        if held == 0:
            break
        size = min(held, max(1, int(held * share)))
        sold_proceeds += proceeds
        for part in consume_lots(
            [lot for lot in lots.values() if lot.remaining_size_micros > 0], size, proceeds
        ):
            lot = lots[part.lot_id]
            lots[part.lot_id] = OpenLot(
                lot.lot_id,
                lot.remaining_size_micros - part.size_micros,
                lot.cost_micros - part.cost_micros,
            )
            realized[part.lot_id] += part.realized_pnl_micros
            if lots[part.lot_id].remaining_size_micros == 0:
                closed_at[part.lot_id] = T0 + dt.timedelta(hours=n)

    reported = {
        i: tax_lot(
            size_micros=buys[i][0],
            remaining_size_micros=lot.remaining_size_micros,
            cost_basis_micros=basis[i],
            remaining_cost_micros=lot.cost_micros,
            realized_pnl_micros=realized[i],
            opened_at=T0,
            closed_at=closed_at.get(i),
        )
        for i, lot in lots.items()
    }
    assert sum(r.proceeds_micros for r in reported.values()) == sold_proceeds
    for i, r in reported.items():
        assert r.closed_cost_basis_micros + lots[i].cost_micros == basis[i]
        assert r.proceeds_micros - r.closed_cost_basis_micros == realized[i]
        assert r.closed_size_micros + lots[i].remaining_size_micros == buys[i][0]
        if lots[i].remaining_size_micros == 0:
            assert r.status is LotStatus.CLOSED
            assert r.closed_cost_basis_micros == basis[i]
            assert r.holding == closed_at[i] - T0
        else:
            assert r.holding is None
            assert r.status is (
                LotStatus.OPEN if r.closed_size_micros == 0 else LotStatus.PARTLY_CLOSED
            )
