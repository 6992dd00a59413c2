"""Fills from the CLOB user channel against the emulator over loopback: booked once however
many ways they arrive, and a stalled channel is replaced by polling until it is heard again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from prometheus_client import REGISTRY

from polycopy.kit.db import Database
from polycopy.kit.money import MICRO
from polycopy.orders.reconciliation import Reconciler, Sighting
from polycopy.orders.types import OrderStatus
from tests.orders.fault_support import (
    assert_one_order_per_copy_decision,
    assert_one_venue_order_each,
    until,
)
from tests.orders.reconcile_support import (
    all_orders,
    fills_of,
    held,
    reconciler,
    reconciling_engine,
    venue_trade_ids,
)
from tests.pipeline_support import Sim, running_sim


def _spy_channel(rec: Reconciler) -> list[str]:
    """Trade ids the user channel handed to booking."""
    seen: list[str] = []
    book = rec.book

    async def spy(account_id: int, sightings: Sequence[Sighting], source: str) -> int:
        if source == "channel":
            seen.extend(s.fill.venue_trade_id for s in sightings)
        return await book(account_id, sightings, source)

    rec.book = spy  # type: ignore[method-assign]
    return seen


async def _subscribed(sim: Sim, rec: Reconciler, account_id: int) -> None:
    """Wait until the account's channel is open and the emulator has answered on it (so its
    subscription frame was read)."""

    def heard() -> bool:
        channel = rec.user_channel(account_id)
        return channel is not None and channel[0].stats.last_message_at is not None

    await until(heard)


async def _set_user_stall(sim: Sim, stalled: bool) -> None:
    url = sim.server.base_urls["admin"] + "/faults/realtime"
    response = await sim.http.post(url, json={"channel": "user", "stall": stalled})
    assert response.status_code == 200, response.text


async def test_a_fill_on_the_channel_in_trades_and_in_the_answer_is_booked_once(
    db: Database,
) -> None:
    async with running_sim(db) as sim:
        pipeline = reconciling_engine(sim, channel=True, stall_after=3.0)
        rec = reconciler(pipeline)
        seen = _spy_channel(rec)
        try:
            await pipeline.start()
            sim.leader_trades(buy=True, shares=20 * MICRO)
            await pipeline.step()  # the first copy: the account has orders now
            await pipeline.step()  # ... so its user channel is subscribed
            first = (await all_orders(db))[0]
            account_id, token_id = first.follower_account_id, first.token_id
            await _subscribed(sim, rec, account_id)

            sim.leader_trades(buy=True, shares=20 * MICRO)
            await pipeline.step()  # sent and booked from the answer
            second = (await all_orders(db))[-1]
            assert second.id != first.id
            assert second.status is OrderStatus.FILLED
            trades = venue_trade_ids(sim, second.order_hash or "")
            assert trades
            await until(lambda: trades <= set(seen))  # the channel delivered them too
            await pipeline.step()  # and the sweep read them from /data/trades
            await pipeline.step()

            fills = await fills_of(db, second.id)
            assert len(fills) == 1
            assert fills[0].venue_trade_id == second.order_hash
            assert set(fills[0].trade_ids or []) == trades
            assert await held(db, account_id, token_id) == sim.follower_position(int(token_id))
            assert_one_venue_order_each(sim, await assert_one_order_per_copy_decision(db))
        finally:
            await rec.close()


def _stalls() -> float:
    return REGISTRY.get_sample_value("polycopy_user_channel_stalls_total") or 0.0


async def test_a_stalled_user_channel_is_detected_polled_and_resubscribed(db: Database) -> None:
    async with running_sim(db) as sim:
        # Answers are misread as refusals: only the channel or /data/trades can tell that an
        # order filled. The periodic sweep is an hour away: only the fallback can find it.
        pipeline = reconciling_engine(
            sim,
            channel=True,
            misread="rejected",
            stall_after=1.0,
            sweep_every=dt.timedelta(hours=1),
        )
        rec = reconciler(pipeline)
        try:
            await pipeline.start()
            sim.leader_trades(buy=True, shares=20 * MICRO)
            await pipeline.step()
            await pipeline.step()  # the channel is subscribed; the first sweep books copy 1
            first = (await all_orders(db))[0]
            account_id, token_id = first.follower_account_id, first.token_id
            assert first.status is OrderStatus.FILLED
            await _subscribed(sim, rec, account_id)

            async def healthy() -> bool:
                channel = rec.user_channel(account_id)
                return channel is not None and not channel[1]

            await until(healthy, within=60)  # a loaded machine may be late with a pong
            channel = rec.user_channel(account_id)
            assert channel is not None
            feed = channel[0]
            connects, stalls = feed.stats.connects, _stalls()

            await _set_user_stall(sim, True)  # open, but silent: no frames, no pongs
            sim.leader_trades(buy=True, shares=20 * MICRO)
            await pipeline.step()
            second = (await all_orders(db))[-1]
            # As the misread answer said, unless a loaded machine let the fallback find the
            # fill already.
            assert second.status in (OrderStatus.REJECTED, OrderStatus.FILLED)

            async def fallen_back() -> bool:
                await pipeline.step()
                channel = rec.user_channel(account_id)
                return channel is not None and channel[1]

            await until(fallen_back, within=60, every=0.2)
            assert _stalls() > stalls

            async def found() -> bool:
                await pipeline.step()
                return (await all_orders(db))[-1].status is OrderStatus.FILLED

            await until(found, within=60, every=0.2)  # found by polling /data/trades

            await _set_user_stall(sim, False)

            async def recovered() -> bool:
                await pipeline.step()
                channel = rec.user_channel(account_id)
                return channel is not None and not channel[1]

            await until(recovered, within=60, every=0.2)
            assert feed.stats.connects > connects  # it reconnected and subscribed again
            for _ in range(3):
                await pipeline.step()

            rows = await assert_one_order_per_copy_decision(db)
            assert_one_venue_order_each(sim, rows)
            for order in rows:
                fills = await fills_of(db, order.id)
                assert len(fills) == 1  # each order's match booked once
                assert sum(f.size_micros for f in fills) == order.filled_size_micros > 0
            assert await held(db, account_id, token_id) == sim.follower_position(int(token_id))
        finally:
            await rec.close()
            await _set_user_stall(sim, False)
