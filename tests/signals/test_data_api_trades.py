"""A followed leader's *maker* fill (its resting order hit by someone else) is detected through
Data API ``/v2/trades`` with ``taker_only=false``, and is one fill with one Data API sighting
although ``/v2/activity`` reports it too."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import httpx
from sqlalchemy import select

from polycopy.emulator.book import OrderType
from polycopy.emulator.server import EmulatorServer, default_state
from polycopy.emulator.state import EmulatorState
from polycopy.kit.db import Database
from polycopy.kit.http import http_client
from polycopy.kit.money import MICRO
from polycopy.models import LeaderFill, LeaderFillSighting, SourceCursor
from polycopy.signals.service import Ingest
from polycopy.signals.sources.data_api import (
    DataApiActivitySource,
    DataApiPoller,
    LeaderPoll,
    poll_leader,
)
from polycopy.signals.types import FillSource
from polycopy.venues.polymarket.amounts import Side
from polycopy.venues.polymarket.data_api import DataApiClient

from .support import OTHER, _request, detecting, emulator_now, follow, until

LEADER = "0x" + "cd" * 20
SHARES = 10 * MICRO


def leader_maker_fill(state: EmulatorState) -> tuple[str, int]:
    """The leader rests the best bid; another trader sells into it. Returns the transaction
    and the price."""
    market = next(iter(state.markets.values()))
    token = market.tokens[0][0]
    book = state.books[token]
    price = (book.best(Side.BUY) or 0) + market.tick_size
    assert price < (book.best(Side.SELL) or MICRO)  # inside the spread: it rests
    state.fund(LEADER, 100 * MICRO)
    state.fund(OTHER, 100 * MICRO)
    state.split(OTHER, market.condition_id, 50 * MICRO)
    bid = state.place_order(_request(state, LEADER, token, Side.BUY, price, SHARES, OrderType.GTC))
    assert bid.trades == ()  # resting, so the leader is the maker of what follows
    sale = state.place_order(_request(state, OTHER, token, Side.SELL, price, SHARES, OrderType.FAK))
    [trade] = sale.trades
    assert trade.maker_order.maker == LEADER
    return trade.transaction_hash, price


async def fills_of(db: Database, transaction_hash: str) -> list[LeaderFill]:
    async with db.transaction() as session:
        query = select(LeaderFill).where(LeaderFill.transaction_hash == transaction_hash)
        return list((await session.scalars(query)).all())


async def test_trades_feed_sees_maker_fills_only_with_taker_only_false(
    db: Database, tmp_path: Path
) -> None:
    """The emulator's ``taker_only`` semantics the poller relies on, and the source's report
    from ``/v2/trades`` naming the same fill as ``/v2/activity`` does."""
    state = default_state(3)
    async with EmulatorServer(state, run_actors=False) as server, http_client(10) as http:
        client = DataApiClient(http, server.base_urls["data"])
        tx, price = leader_maker_fill(state)
        taker_side = await client.trades_page(user=LEADER, taker_only=True)
        both_sides = await client.trades_page(user=LEADER, taker_only=False)
        assert [r.transaction_hash for r in taker_side.data] == []
        assert [(r.transaction_hash, r.proxy_wallet, r.side) for r in both_sides.data] == [
            (tx, LEADER, "BUY")
        ]
        # The seller took: its side is served with the default taker_only=true.
        seller = await client.trades_page(user=OTHER, taker_only=True)
        assert [r.transaction_hash for r in seller.data] == [tx]

        source = DataApiActivitySource(client, emulator_now(state))
        [from_trades] = await source.poll_trades(LEADER, 1, 0)
        [from_activity] = await source.poll(LEADER, 1, 0)
    assert from_trades.identity == from_activity.identity
    assert (from_trades.size_micros, from_trades.price_micros) == (SHARES, price)
    assert from_trades.usdc_micros == from_activity.usdc_micros == SHARES * price // MICRO

    # Whichever feed reports first creates the fill; the other only collapses onto it.
    await follow(db, LEADER)
    ingest = Ingest(db, now=emulator_now(state))
    assert await ingest.record([from_trades]) == 1
    assert await ingest.record([from_activity]) == 0
    [fill] = await fills_of(db, tx)
    assert "type" not in fill.raw  # created from the /v2/trades row (it has no type field)


async def test_poller_detects_a_maker_fill_once_from_both_feeds(db: Database) -> None:
    state = default_state(4)
    await follow(db, LEADER)
    requests: list[httpx.URL] = []

    async def remember(request: httpx.Request) -> None:
        requests.append(request.url)

    async with EmulatorServer(state, run_actors=False) as server, http_client(10) as http:
        http.event_hooks["request"].append(remember)
        client = DataApiClient(http, server.base_urls["data"])
        poller = DataApiPoller(
            DataApiActivitySource(client, emulator_now(state)), interval=0.05, max_interval=0.2
        )
        async with detecting(db, [poller], state):
            tx, _ = leader_maker_fill(state)

            async def polled_after_fill() -> bool:
                return bool(await fills_of(db, tx)) and len(requests) >= 6

            await until(polled_after_fill)

    [fill] = await fills_of(db, tx)
    assert (fill.side, fill.size_micros, fill.first_source) == ("BUY", SHARES, FillSource.DATA_API)
    async with db.transaction() as session:
        seen = (
            await session.scalars(
                select(LeaderFillSighting.source).where(
                    LeaderFillSighting.leader_fill_id == fill.id
                )
            )
        ).all()
        cursor = await session.scalar(select(SourceCursor))
    assert list(seen) == [FillSource.DATA_API]

    trades = [url for url in requests if url.path.endswith("/v2/trades")]
    activity = [url for url in requests if url.path.endswith("/v2/activity")]
    assert trades
    assert activity
    assert {(u.params["user"], u.params["taker_only"]) for u in trades} == {(LEADER, "false")}
    # Both feeds' positions moved to the fill's second, each in its own place.
    fill_second = int(fill.occurred_at.timestamp())
    assert cursor is not None
    assert (cursor.last_timestamp, cursor.cursor) == (fill_second, str(fill_second))
    # Later polls re-read from there (inclusive), on both feeds.
    assert trades[-1].params["start"] == str(fill_second)
    assert activity[-1].params["start"] == str(fill_second)


async def test_a_leader_whose_fill_another_source_stored_first_counts_as_trading(
    db: Database,
) -> None:
    """The poller keeps its base interval for a leader who trades although a push source
    stored the fill first (``LeaderPoll.traded``); a poll with nothing new is quiet."""
    state = default_state(5)
    await follow(db, LEADER)
    ingest = Ingest(db, now=emulator_now(state))
    leader_id = (await ingest.followed())[LEADER]
    async with EmulatorServer(state, run_actors=False) as server, http_client(10) as http:
        source = DataApiActivitySource(
            DataApiClient(http, server.base_urls["data"]), emulator_now(state)
        )
        first = await poll_leader(ingest, source, LEADER, leader_id, first=True)
        assert first == LeaderPoll(created=0, traded=False)  # nothing yet
        tx, _ = leader_maker_fill(state)
        reports = await source.poll(LEADER, leader_id, 0)
        pushed = [replace(report, source=FillSource.RTDS) for report in reports]
        assert await ingest.record(pushed) == 1  # the push source was first
        polled = await poll_leader(ingest, source, LEADER, leader_id, first=False)
        assert polled == LeaderPoll(created=0, traded=True)
        again = await poll_leader(ingest, source, LEADER, leader_id, first=False)
        assert again == LeaderPoll(created=0, traded=False)
    assert [f.first_source for f in await fills_of(db, tx)] == [FillSource.RTDS]
