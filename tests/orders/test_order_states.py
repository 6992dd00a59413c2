"""The order state machine: an order moves only as ``TRANSITIONS`` allows, a refused move
changes nothing, and a final order is left only by its fills (or an admin's retry of a dead
letter)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.kit.errors import IllegalTransitionError
from polycopy.kit.money import MICRO
from polycopy.models import Order
from polycopy.orders.service import filled_status, transition
from polycopy.orders.types import (
    IN_FLIGHT,
    TERMINAL_STATUSES,
    TRANSITIONS,
    Move,
    OrderStatus,
    OrderType,
)
from polycopy.signals.types import TradeSide
from tests.orders.resting_support import unsaved_order

SHARES = 10 * MICRO
FILL_RESULTS = {OrderStatus.FILLED, OrderStatus.PARTIALLY_FILLED}
QUEUED = "polycopy.orders.queued_events"  # where OrderRepository.add_event queues events


def _state(order: Order) -> dict[str, Any]:
    return {"status": order.status, "filled": order.filled_size_micros}


def _reachable(start: OrderStatus) -> set[OrderStatus]:
    seen, todo = {start}, [start]
    while todo:
        for to in TRANSITIONS[todo.pop()]:
            if to not in seen:
                seen.add(to)
                todo.append(to)
    return seen


def test_the_table_has_no_dead_end_and_derives_the_final_and_in_flight_statuses() -> None:
    assert set(TRANSITIONS) == set(OrderStatus)
    assert _reachable(OrderStatus.CREATED) == set(OrderStatus)
    for status in OrderStatus:  # every order can end
        assert _reachable(status) & TERMINAL_STATUSES, status
    assert {
        OrderStatus.FILLED,
        OrderStatus.CANCELLED,
        OrderStatus.REJECTED,
        OrderStatus.EXPIRED,
        OrderStatus.DEAD_LETTERED,
    } == TERMINAL_STATUSES
    assert {
        OrderStatus.CREATED,
        OrderStatus.SIGNED,
        OrderStatus.SUBMITTING,
        OrderStatus.UNKNOWN,
    } == IN_FLIGHT
    assert TRANSITIONS[OrderStatus.FILLED] == {}
    for status in TERMINAL_STATUSES:  # left only by fills, or by an admin's retry
        for to, move in TRANSITIONS[status].items():
            assert (move is Move.FILL and to in FILL_RESULTS) or (
                move is Move.ADMIN and status is OrderStatus.DEAD_LETTERED
            ), (status, to)
    for moves in TRANSITIONS.values():  # only fills lead to filled statuses
        assert all(move is Move.FILL for to, move in moves.items() if to in FILL_RESULTS)


@settings(max_examples=200, deadline=None)
@given(kind=st.sampled_from(OrderType), data=st.data())
def test_a_random_walk_makes_only_allowed_moves_and_a_refused_one_changes_nothing(
    kind: OrderType, data: st.DataObject
) -> None:
    order = unsaved_order(TradeSide.SELL, kind, SHARES, MICRO // 2, None, OrderStatus.CREATED)
    order.id = 1
    session = AsyncSession()
    path = [OrderStatus.CREATED]
    for _ in range(data.draw(st.integers(1, 25), label="steps")):
        # A fill may be booked whatever the status (the money moved at the venue).
        more = data.draw(st.integers(0, 4), label="shares filled") * MICRO // 2
        order.filled_size_micros = min(SHARES, order.filled_size_micros + more)
        allowed = sorted(TRANSITIONS[order.status])
        pick_allowed = allowed and data.draw(st.booleans(), label="pick an allowed move")
        to = data.draw(st.sampled_from(allowed if pick_allowed else list(OrderStatus)))
        admin = data.draw(st.sampled_from([None, "admin@example.com"]), label="retried by")
        before, events = _state(order), list(session.info.get(QUEUED, []))
        try:
            asyncio.run(transition(session, order, to, retried_by=admin))
        except IllegalTransitionError:
            assert _state(order) == before
            assert session.info.get(QUEUED, []) == events
            move = TRANSITIONS[before["status"]].get(to)
            assert (
                move is None
                or (move is Move.FILL and filled_status(order) is not to)
                or (move is Move.ADMIN and admin is None)
            )
            continue
        came_from = before["status"]
        assert to in TRANSITIONS[came_from], (came_from, to)
        assert session.info[QUEUED][-1][1:3] == (came_from, to)
        if to in FILL_RESULTS:  # exactly where the booked fills put it
            assert filled_status(order) is to
        if came_from in TERMINAL_STATUSES:
            assert to in FILL_RESULTS or (came_from is OrderStatus.DEAD_LETTERED and admin)
        path.append(to)
    assert OrderStatus.FILLED not in path[:-1]  # nothing leaves filled


@pytest.mark.parametrize(
    ("came_from", "to"),
    [
        (OrderStatus.FILLED, OrderStatus.SIGNED),  # a stale "not found" after the fill
        (OrderStatus.FILLED, OrderStatus.FILLED),
        (OrderStatus.FILLED, OrderStatus.LIVE),
        (OrderStatus.UNKNOWN, OrderStatus.UNKNOWN),
        (OrderStatus.REJECTED, OrderStatus.SIGNED),  # a killed FOK is never re-sent
        (OrderStatus.CANCELLED, OrderStatus.PARTIALLY_FILLED),
    ],
)
def test_the_double_writes_of_the_chaos_run_are_refused(
    came_from: OrderStatus, to: OrderStatus
) -> None:
    order = unsaved_order(TradeSide.SELL, OrderType.FAK, SHARES, MICRO // 2, None, came_from)
    order.id = 7
    order.filled_size_micros = SHARES // 2
    session = AsyncSession()
    with pytest.raises(IllegalTransitionError, match=f"{came_from.value} -> {to.value}"):
        asyncio.run(transition(session, order, to))
    assert order.status is came_from
    assert not session.info.get(QUEUED)
