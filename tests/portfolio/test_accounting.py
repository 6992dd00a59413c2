from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polycopy.portfolio.accounting import OpenLot, OversellError, consume_lots

lots_strategy = st.lists(
    st.tuples(st.integers(1, 10**12), st.integers(0, 10**12)), min_size=1, max_size=8
).map(lambda raw: [OpenLot(i + 1, size, cost) for i, (size, cost) in enumerate(raw)])


@given(lots=lots_strategy, data=st.data())
def test_a_sale_is_split_exactly_and_fifo(lots: list[OpenLot], data: st.DataObject) -> None:
    available = sum(lot.remaining_size_micros for lot in lots)
    sold = data.draw(st.integers(1, available))
    proceeds = data.draw(st.integers(0, 10**13))
    parts = consume_lots(lots, sold, proceeds)

    assert sum(p.size_micros for p in parts) == sold
    assert sum(p.proceeds_micros for p in parts) == proceeds
    by_id = {lot.lot_id: lot for lot in lots}
    for part in parts:
        lot = by_id[part.lot_id]
        assert 0 < part.size_micros <= lot.remaining_size_micros
        assert 0 <= part.cost_micros <= lot.cost_micros
        if part.size_micros == lot.remaining_size_micros:
            assert part.cost_micros == lot.cost_micros  # a closed lot releases all its cost
        assert part.realized_pnl_micros == part.proceeds_micros - part.cost_micros
    # FIFO: every lot before the last one touched is consumed completely.
    for part in parts[:-1]:
        assert part.size_micros == by_id[part.lot_id].remaining_size_micros
    assert [p.lot_id for p in parts] == [lot.lot_id for lot in lots[: len(parts)]]


@given(lots=lots_strategy, extra=st.integers(1, 10**6))
def test_overselling_is_refused(lots: list[OpenLot], extra: int) -> None:
    available = sum(lot.remaining_size_micros for lot in lots)
    with pytest.raises(OversellError):
        consume_lots(lots, available + extra, 1)


def test_partial_sale_realises_pro_rata_cost() -> None:
    parts = consume_lots([OpenLot(1, 10_000_000, 5_000_000)], 4_000_000, 2_400_000)
    assert [(p.size_micros, p.cost_micros, p.realized_pnl_micros) for p in parts] == [
        (4_000_000, 2_000_000, 400_000)
    ]
