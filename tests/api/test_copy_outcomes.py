"""Honest status: a copy whose order was killed, refused, given up or only partly filled says
so (with the reason) in ``GET /decisions``, ``/portfolio/leaders`` and notifications, where it
used to read "Copied"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

from polycopy.kit.db import Database
from polycopy.kit.money import MICRO
from polycopy.models import Order
from polycopy.notifications.service import collect
from polycopy.orders.types import OrderStatus, OrderType
from polycopy.portfolio.service import book_fill
from polycopy.signals.types import TradeSide
from polycopy.venues.base import VenueFill
from tests.api.conftest import LEADER, User
from tests.api.seed import TOKEN, copied_buy

SignUp = Callable[..., Awaitable[User]]
T0 = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
KILL = "order_killed: order couldn't be fully filled. FOK orders are fully filled or killed."
BROKE = "insufficient_balance: not enough balance / allowance"


async def _copies(db: Database, rule_id: int) -> dict[str, Order]:
    """One copy of each outcome: $4.10 buys (10 shares at 0.41)."""
    copies: dict[str, Order] = {}
    async with db.transaction() as session:
        for n, (name, status, error) in enumerate(
            [
                ("filled", OrderStatus.FILLED, None),
                ("killed", OrderStatus.REJECTED, KILL),
                ("rejected", OrderStatus.REJECTED, BROKE),
                ("dead_lettered", OrderStatus.DEAD_LETTERED, None),
                ("partially_filled", OrderStatus.CANCELLED, None),
                ("pending", OrderStatus.LIVE, None),
            ]
        ):
            order = await copied_buy(
                session,
                rule_id,
                size_micros=10 * MICRO,
                at=T0 + dt.timedelta(minutes=n),
                status=status,
            )
            order.order_type = OrderType.FOK if name == "killed" else OrderType.FAK
            order.taker_amount = 10 * MICRO  # signed: $4.10 at 0.41 asks for 10 shares
            order.last_error = error or order.last_error
            if name == "partially_filled":  # the venue killed the other 6 shares
                await book_fill(
                    session,
                    order,
                    VenueFill(
                        venue_trade_id=f"t-{order.id}",
                        token_id=TOKEN,
                        side=TradeSide.BUY,
                        price_micros=400_000,
                        size_micros=4 * MICRO,
                        amount_micros=1_600_000,
                        fee_micros=0,
                        filled_at=T0,
                    ),
                )
            copies[name] = order
    return copies


async def test_decisions_say_what_became_of_each_copy(db: Database, sign_up: SignUp) -> None:
    alice = await sign_up()
    account = await alice.account()
    rule = await alice.rule(account["id"], LEADER)
    copies = await _copies(db, rule["id"])
    items = (await alice.get("/api/v1/decisions")).json()["items"]
    by_decision = {d["id"]: d for d in items}
    shown = {name: by_decision[order.decision_id] for name, order in copies.items()}

    assert {name: d["outcome"] for name, d in shown.items()} == {name: name for name in copies}
    assert all(d["action"] == "copy" for d in shown.values())
    assert shown["filled"]["explanation"].startswith("Copied: buy for $4.1")
    assert shown["pending"]["explanation"].startswith("Copied: buy for $4.1")
    for name in ("killed", "rejected", "dead_lettered", "partially_filled"):
        assert "Copied" not in shown[name]["explanation"], name

    killed = shown["killed"]
    assert killed["outcome_reason"] == KILL
    assert killed["explanation"] == (
        "Not copied: the fill-or-kill buy for $4.1 was killed by the venue: when it arrived "
        f"the book no longer held every share at 0.41 or better ({KILL})."
    )
    assert killed["filled_size_micros"] == 0
    assert shown["rejected"]["explanation"] == (
        f"Not copied: the fill-and-kill buy for $4.1 was refused ({BROKE})."
    )
    assert shown["dead_lettered"]["explanation"].startswith(
        "Not copied: the fill-and-kill buy for $4.1 could not be sent (venue kept failing)"
    )
    partly = shown["partially_filled"]
    assert (partly["filled_size_micros"], partly["filled_amount_micros"]) == (4 * MICRO, 1_600_000)
    assert "got 4 of 10 shares for $1.6" in partly["explanation"]
    assert partly["explanation"].startswith("Partly copied:")
    # One decision alone reads the same as in the list.
    single = await alice.get(f"/api/v1/decisions/{copies['killed'].decision_id}")
    assert single.json() == killed


async def test_leader_results_split_copies_by_outcome(db: Database, sign_up: SignUp) -> None:
    alice = await sign_up()
    account = await alice.account()
    rule = await alice.rule(account["id"], LEADER)
    await _copies(db, rule["id"])
    (row,) = (await alice.get("/api/v1/portfolio/leaders")).json()
    split = {k: row[k] for k in ("filled", "partly_filled", "killed", "failed", "pending")}
    assert split == {"filled": 1, "partly_filled": 1, "killed": 1, "failed": 2, "pending": 1}
    assert row["copied"] == 6 == sum(split.values())
    assert row["fills"] == 2  # the gap to the copies is explained by the split
    filtered = await alice.get("/api/v1/portfolio/leaders", params={"account_id": account["id"]})
    assert filtered.json() == [row]


async def test_notifications_name_a_killed_or_refused_copy(db: Database, sign_up: SignUp) -> None:
    alice = await sign_up()
    account = await alice.account()
    rule = await alice.rule(account["id"], LEADER)
    async with db.transaction() as session:
        assert await collect(session) == []  # starts the cursor
    copies = await _copies(db, rule["id"])
    async with db.transaction() as session:
        notices = {n.data["order_id"]: n for n in await collect(session)}
    killed = notices[copies["killed"].id]
    assert killed.title == "Copy killed by the venue"
    assert killed.body.startswith("Not copied: the fill-or-kill buy for $4.1 was killed")
    assert (killed.data["outcome"], killed.data["reason"]) == ("killed", KILL)
    refused = notices[copies["rejected"].id]
    assert (refused.title, refused.data["outcome"]) == ("Copy refused", "rejected")
    assert BROKE in refused.body
    unsent = notices[copies["dead_lettered"].id]
    assert unsent.title == "Copy could not be sent"
    filled = notices[copies["filled"].id]
    assert (filled.title, filled.data["outcome"]) == ("Copy filled", "filled")
    assert "filled 10 shares for $4.1" in filled.body
    assert copies["pending"].id not in notices  # nothing notable happened to it yet
