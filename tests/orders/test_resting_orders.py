"""GTC/GTD orders, time to live, chase, remainders and heartbeats, against the emulator.

The default book quotes asks from 0.51 up (a tick apart, 200 shares each); the leader buys at
0.51. Withdrawing the asks the follower's order would take makes it rest, and another
trader's order crossing it fills it as a maker.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from polycopy.accounts.service import get_or_create_user, link_follower_account
from polycopy.accounts.types import AccountMode
from polycopy.copying.settings import RuleSettings
from polycopy.emulator.state import OrderStatus as VenueStatus
from polycopy.kit.db import Database
from polycopy.kit.money import MICRO
from polycopy.models import ExchangeFill, Lot, Order
from polycopy.orders.types import ExpiryPolicy, OrderStatus, OrderType, RemainderPolicy
from polycopy.portfolio.repository import ExposureRepository
from polycopy.venues.polymarket.amounts import Side
from tests.orders.resting_support import World, order_events, stored_orders, world

LEADER_PRICE = 510_000


def rule(**overrides: object) -> RuleSettings:
    settings: dict[str, object] = {"fixed_amount_micros": 5 * MICRO, "max_slippage_bps": 1_000}
    return RuleSettings.model_validate(settings | overrides)


async def rest_one(w: World) -> int:
    """The leader buys; the asks at its price go; the copy rests at 0.51. Returns the token."""
    token = w.leader_buys()
    w.pull_asks(token, up_to=LEADER_PRICE)
    await w.step()
    return token


async def pending_reservation(db: Database) -> int:
    """pUSD the follower's unfinished buys hold back (what limits count as exposure)."""
    accounts = {o.follower_account_id for o in await stored_orders(db)}
    async with db.transaction() as session:
        at_risk = await ExposureRepository(session).at_risk(accounts)
    return sum(row.amount_micros for _, pending in at_risk.values() for row in pending)


async def released(db: Database, order_id: int) -> int:
    return int((await order_events(db, order_id))[-1].details["released_micros"])


def statuses(events: list[object]) -> list[OrderStatus]:
    return [e.to_status for e in events]  # type: ignore[attr-defined]


async def test_a_gtd_order_rests_fills_partly_as_a_maker_and_expires_at_its_ttl(
    db: Database,
) -> None:
    async with world(db, rule(order_type=OrderType.GTD, order_ttl_seconds=120)) as w:
        token = await rest_one(w)
        (order,) = await stored_orders(db)
        assert (order.order_type, order.status) == (OrderType.GTD, OrderStatus.LIVE)
        assert order.limit_price_micros == LEADER_PRICE  # the leader's price, not the worst
        assert order.size_micros == 9_800_000  # $5 at 0.51, share-denominated
        venue = w.state.orders[order.order_hash or ""]
        assert venue.status is VenueStatus.LIVE
        assert order.expires_at is not None
        assert venue.expiration == int(order.expires_at.timestamp())
        assert await pending_reservation(db) == 5 * MICRO

        w.trader(Side.SELL, token, LEADER_PRICE, 4 * MICRO, "FAK")  # crosses our bid
        await w.step(5)
        (order,) = await stored_orders(db)
        assert order.status is OrderStatus.PARTIALLY_FILLED
        assert (order.filled_size_micros, order.filled_amount_micros) == (4 * MICRO, 2_040_000)
        await w.step(5)  # the same venue trade is not booked twice
        (order,) = await stored_orders(db)
        assert order.filled_size_micros == 4 * MICRO

        await w.run_for(120)  # heartbeats keep it alive until the venue expires it
        (order,) = await stored_orders(db)
        assert order.status is OrderStatus.EXPIRED
        assert venue.status is VenueStatus.CANCELED
        assert venue.size_matched == 4 * MICRO
        events = await order_events(db, order.id)
        assert statuses(events) == [
            OrderStatus.CREATED,
            OrderStatus.SIGNED,
            OrderStatus.SUBMITTING,
            OrderStatus.LIVE,
            OrderStatus.PARTIALLY_FILLED,
            OrderStatus.EXPIRED,
        ]
        assert events[-1].details["reason"] == "ttl"
        assert events[-1].details["released_micros"] == 5 * MICRO - 2_040_000
        assert await pending_reservation(db) == 0
        async with db.transaction() as session:
            fills = (await session.scalars(select(ExchangeFill))).all()
            lots = (await session.scalars(select(Lot))).all()
        assert [f.size_micros for f in fills] == [4 * MICRO]
        assert [lot.size_micros for lot in lots] == [4 * MICRO]
        assert w.state.wallet(w.follower).positions[token] == 4 * MICRO


async def test_a_gtc_order_past_its_ttl_is_cancelled_and_its_reservation_released(
    db: Database,
) -> None:
    async with world(db, rule(order_type=OrderType.GTC, order_ttl_seconds=30)) as w:
        await rest_one(w)
        await w.run_for(25)
        (order,) = await stored_orders(db)
        assert order.status is OrderStatus.LIVE
        await w.run_for(10)
        (order,) = await stored_orders(db)
        assert order.status is OrderStatus.CANCELLED
        assert w.state.orders[order.order_hash or ""].status is VenueStatus.CANCELED
        last = (await order_events(db, order.id))[-1]
        assert last.details["reason"] == "ttl"
        assert last.details["released_micros"] == 5 * MICRO
        assert await pending_reservation(db) == 0
        assert len(w.venue_orders()) == 1


async def test_chase_replaces_at_the_new_best_price_at_most_max_chases_times(
    db: Database,
) -> None:
    settings = rule(
        order_type=OrderType.GTC,
        order_ttl_seconds=30,
        on_expiry=ExpiryPolicy.CHASE,
        max_chases=2,
    )
    async with world(db, settings) as w:
        token = await rest_one(w)
        # Each chase arrives after the market moved up once more: it rests, unfilled.
        w.before_send.append(lambda: w.pull_asks(token, up_to=530_000))
        await w.run_for(35)
        w.before_send.append(lambda: w.pull_asks(token, up_to=550_000))
        await w.run_for(35)
        await w.run_for(35)
        rows = await stored_orders(db)
        assert [o.limit_price_micros for o in rows] == [510_000, 520_000, 540_000]
        assert [o.chase_count for o in rows] == [0, 1, 2]
        assert [o.chase_of_id for o in rows] == [None, rows[0].id, rows[1].id]
        assert all(o.status is OrderStatus.CANCELLED for o in rows)
        worst = 561_000 // 10_000 * 10_000
        assert all(o.limit_price_micros <= worst for o in rows)
        # Each stored order is exactly one order at the emulator, and nothing else is.
        venue = w.venue_orders()
        assert sorted(o.order_id for o in venue) == sorted(o.order_hash for o in rows)
        assert all(o.status is VenueStatus.CANCELED for o in venue)
        # The reservation moves with the shares: 9.80 at 0.51, then what the rest buys at
        # the new price (9.61 at 0.52, 9.25 at 0.54); the pUSD those leave over is released
        # at each step, and nothing is held back once the chain ends.
        assert [o.size_micros for o in rows] == [9_800_000, 9_610_000, 9_250_000]
        assert [o.amount_micros for o in rows] == [5 * MICRO, 4_997_200, 4_995_000]
        assert [await released(db, o.id) for o in rows] == [2_800, 2_200, 4_995_000]
        assert await pending_reservation(db) == 0


async def test_a_chase_never_goes_past_the_slippage_limit(db: Database) -> None:
    settings = rule(
        max_slippage_bps=200,  # worst price 0.52
        order_type=OrderType.GTC,
        order_ttl_seconds=30,
        on_expiry=ExpiryPolicy.CHASE,
        max_chases=3,
    )
    async with world(db, settings) as w:
        token = await rest_one(w)
        w.pull_asks(token, up_to=900_000)  # the market runs away
        w.trader(Side.SELL, token, 600_000, 10 * MICRO, "GTC")
        for _ in range(4):
            await w.run_for(35)
        rows = await stored_orders(db)
        # One chase to the limit, then nothing left to chase to: cancelled, not re-placed.
        assert [o.limit_price_micros for o in rows] == [510_000, 520_000]
        assert [o.status for o in rows] == [OrderStatus.CANCELLED] * 2
        assert len(w.venue_orders()) == 2


@pytest.mark.parametrize("remainder", [RemainderPolicy.DROP, RemainderPolicy.REST])
async def test_a_fak_remainder_is_dropped_or_rests_as_the_rule_says(
    db: Database, remainder: RemainderPolicy
) -> None:
    settings = rule(
        fixed_amount_micros=10 * MICRO,
        order_type=OrderType.FAK,
        remainder=remainder,
        order_ttl_seconds=30,
    )
    async with world(db, settings) as w:
        token = w.leader_buys()

        def thin_book() -> None:  # by the time the order arrives, 5 shares are left
            w.pull_asks(token, up_to=900_000)
            w.trader(Side.SELL, token, 520_000, 5 * MICRO, "GTC")

        w.before_send.append(thin_book)
        await w.step()
        await w.step(1)
        rows = await stored_orders(db)
        fak = rows[0]
        assert fak.order_type is OrderType.FAK
        assert fak.status is OrderStatus.CANCELLED
        assert (fak.filled_size_micros, fak.filled_amount_micros) == (5 * MICRO, 2_600_000)
        last = (await order_events(db, fak.id))[-1]
        assert last.details["reason"] == "remainder"
        if remainder is RemainderPolicy.DROP:
            assert len(rows) == 1
            assert last.details["released_micros"] == 7_400_000
            assert await pending_reservation(db) == 0
            return
        (rest,) = rows[1:]
        assert last.details["replaced_by"] == rest.id
        # The FAK asked for 17.8571 shares ($10 at 0.56) and got 5 at 0.52: the rest is
        # 12.85 shares at 0.56 ($7.196), not the $7.40 left over (13.21 shares); the 0.204
        # the better price saved is released, never spent on shares the copy did not ask for.
        assert fak.taker_amount == 17_857_100
        assert last.details["released_micros"] == 204_000
        assert (rest.order_type, rest.status) == (OrderType.GTC, OrderStatus.LIVE)
        assert (rest.size_micros, rest.limit_price_micros) == (12_850_000, 560_000)
        assert rest.amount_micros == 7_196_000
        assert w.state.orders[rest.order_hash or ""].status is VenueStatus.LIVE
        assert await pending_reservation(db) == 7_196_000
        await w.run_for(35)
        (_, rest) = await stored_orders(db)
        assert rest.status is OrderStatus.CANCELLED
        assert await pending_reservation(db) == 0


async def test_heartbeats_keep_resting_orders_alive_and_a_lapse_is_noticed(db: Database) -> None:
    settings = rule(order_type=OrderType.GTC, order_ttl_seconds=600, on_expiry=ExpiryPolicy.CHASE)
    async with world(db, settings) as w:
        await rest_one(w)
        (venue_adapter,) = w.venues
        looked_up = venue_adapter.lookups
        await w.run_for(60)  # four times the venue's timeout, one heartbeat every 5 s
        # Listed open and unchanged each round: no look-up of its own.
        assert venue_adapter.lookups == looked_up
        (order,) = await stored_orders(db)
        venue = w.state.orders[order.order_hash or ""]
        assert order.status is OrderStatus.LIVE
        assert venue.status is VenueStatus.LIVE
        assert list(w.engine.resting.heartbeats) == [order.follower_account_id]  # type: ignore[union-attr]

        w.clock.t += 20  # the worker stalls: no heartbeat for longer than the timeout
        await w.step()
        (order,) = await stored_orders(db)
        assert venue.status is VenueStatus.CANCELED  # the venue cancelled it
        assert order.status is OrderStatus.CANCELLED  # and polycopy noticed
        last = (await order_events(db, order.id))[-1]
        assert last.details["reason"] == "venue"
        assert last.details["released_micros"] == 5 * MICRO
        assert len(await stored_orders(db)) == 1  # not chased: the venue ended it, not the TTL
        await w.step(1)
        assert w.engine.resting.heartbeats == {}  # type: ignore[union-attr]  # nothing rests


async def test_a_copy_too_small_to_rest_goes_out_fill_or_kill_instead(db: Database) -> None:
    settings = rule(fixed_amount_micros=2 * MICRO, order_type=OrderType.GTC)  # 3.92 shares
    async with world(db, settings) as w:
        w.leader_buys()
        await w.step()
        (order,) = await stored_orders(db)
        assert (order.order_type, order.status) == (OrderType.FOK, OrderStatus.FILLED)
        assert order.limit_price_micros == 560_000  # the worst price, as any FOK copy
        (venue,) = w.venue_orders()
        assert venue.order_type.value == "FOK"  # type: ignore[attr-defined]


async def test_a_resting_order_whose_answer_was_lost_is_found_live_not_cancelled(
    db: Database,
) -> None:
    async with world(db, rule(order_type=OrderType.GTC, order_ttl_seconds=30)) as w:
        token = w.leader_buys()
        w.pull_asks(token, up_to=LEADER_PRICE)
        faults = w.server.base_urls["admin"] + "/faults"
        drop = {"clob": {"drop_order_rate": 1, "paths": ["/order", "/orders"]}}
        assert (await w.http.post(faults, json=drop)).status_code == 200
        await w.step()  # it reached the book; the answer was lost
        (order,) = await stored_orders(db)
        assert order.status is OrderStatus.UNKNOWN
        assert (await w.http.delete(faults)).status_code == 200
        await w.step(1)  # the look-up finds it resting: it keeps its reservation
        (order,) = await stored_orders(db)
        assert order.status is OrderStatus.LIVE
        assert await pending_reservation(db) == 5 * MICRO
        await w.run_for(35)  # and the resting round ends it at its time to live
        (order,) = await stored_orders(db)
        assert order.status is OrderStatus.CANCELLED
        assert len(w.venue_orders()) == 1
        assert await pending_reservation(db) == 0


@pytest.mark.parametrize("remainder", [RemainderPolicy.DROP, RemainderPolicy.REST])
async def test_a_partly_filled_order_at_its_ttl_keeps_the_partial_fill_or_chases_the_rest(
    db: Database, remainder: RemainderPolicy
) -> None:
    settings = rule(
        order_type=OrderType.GTC,
        order_ttl_seconds=30,
        on_expiry=ExpiryPolicy.CHASE,
        remainder=remainder,
    )
    async with world(db, settings) as w:
        token = await rest_one(w)
        w.trader(Side.SELL, token, LEADER_PRICE, 4 * MICRO, "FAK")
        await w.run_for(35)
        await w.step(1)
        rows = await stored_orders(db)
        first = rows[0]
        assert first.status is OrderStatus.CANCELLED
        assert first.filled_amount_micros == 2_040_000
        if remainder is RemainderPolicy.DROP:  # the partial fill is enough
            assert len(rows) == 1
            assert await released(db, first.id) == 2_960_000
        else:  # the rest is chased to the best ask (0.52) and fills there
            (chase,) = rows[1:]
            # 5.80 shares were left; $2.96 buys 5.69 of them at 0.52 ($2.9588).
            assert (chase.limit_price_micros, chase.amount_micros) == (520_000, 2_958_800)
            assert await released(db, first.id) == 1_200
            assert chase.status is OrderStatus.FILLED
            assert chase.filled_size_micros == 5_690_000
            spent = first.filled_amount_micros + chase.filled_amount_micros
            assert spent <= 5 * MICRO
            assert w.state.wallet(w.follower).positions[token] == 9_690_000
        assert await pending_reservation(db) == 0


async def test_an_account_that_cannot_trade_holds_back_no_other_accounts_resting_orders(
    db: Database,
) -> None:
    async with world(db, rule(order_type=OrderType.GTC, order_ttl_seconds=30)) as w:
        for _ in range(2):  # two copies rest: no ask is left at the leader's price
            token = w.leader_buys()
            best_ask = w.state.books[token].best(Side.SELL)
            assert best_ask is not None
            w.pull_asks(token, up_to=best_ask)
            await w.step()
        first, second = await stored_orders(db)
        assert (first.status, second.status) == (OrderStatus.LIVE, OrderStatus.LIVE)
        async with db.transaction() as session:  # the second becomes another tenant's order
            user = await get_or_create_user(session, "broken@polycopy.test", actor="t")
            broken = await link_follower_account(
                session,
                user=user,
                label="broken",
                mode=AccountMode.SIM,
                wallet_address="0x" + "ab" * 20,
                signer_address="0x" + "ab" * 20,
                signature_type=0,
                encrypted_credentials=b"sealed under a key this server never had",
                actor="t",
            )
            await session.execute(
                update(Order).where(Order.id == second.id).values(follower_account_id=broken.id)
            )
        await w.run_for(35)  # heartbeats, listings and look-ups for both accounts each round
        first, second = await stored_orders(db)
        assert first.status is OrderStatus.CANCELLED  # its time to live ran out, as alone
        assert second.status is OrderStatus.LIVE  # untouched until its account can trade
