"""A wallet's whole history from the emulator's Data API over loopback HTTP, with faults.

Thousands of the leader's fills (several per second, and identical fills in one transaction
that page boundaries split) are read with 429s, 5xx and truncated pages on ``/v2/activity``.
The stored fills must be exactly the emulator's rows (no gap, no duplicate), a worker killed
mid-run must be taken over and finish exactly, and detection polling afterwards must add only
the fills that happened since. Both backends (``db`` fixture).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import itertools
from collections import Counter
from collections.abc import AsyncIterator, Callable

import httpx
from sqlalchemy import func, select
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from polycopy.emulator.book import OrderType
from polycopy.emulator.faults import FaultSettings, ServiceFaults
from polycopy.emulator.server import EmulatorServer
from polycopy.emulator.state import EmulatorState, Market
from polycopy.kit.db import Database
from polycopy.kit.http import http_client
from polycopy.kit.money import MICRO
from polycopy.leaders.service import follow_wallet
from polycopy.leaders.statistics_store import refresh_statistics, stored_statistics
from polycopy.models import LeaderBackfill, LeaderFill, LeaderFillSighting, LeaderStatisticsRow
from polycopy.signals.backfill import Backfiller, BackfillStatus, request_backfill
from polycopy.signals.repository import SourceCursorRepository
from polycopy.signals.service import Ingest
from polycopy.signals.sources.data_api import DataApiActivitySource, poll_leader
from polycopy.signals.types import FillSource, TradeSide
from polycopy.venues.polymarket.amounts import Side
from polycopy.venues.polymarket.data_api import DataApiClient
from tests.api.seed import leader_fill
from tests.loopback import serving
from tests.signals.support import OTHER, _request, follow

LEADER = "0x" + "ee" * 20
CONDITION = "0x" + "b7" * 32
ROUNDS = 1_000
"""Each round makes three fills of the leader: several thousand rows in all."""
PAGE = 97
"""Rows per page: small and odd, so boundaries fall inside seconds and transactions."""


class Clock:
    def __init__(self) -> None:
        self.t = 1_760_000_000.0

    def __call__(self) -> float:
        return self.t


def market(state: EmulatorState) -> int:
    state.add_market(Market(CONDITION, "Will it?", "will-it", ((7001, "Yes"), (7002, "No"))))
    for wallet in (LEADER, OTHER):
        state.fund(wallet, 10_000_000 * MICRO)
        state.split(wallet, CONDITION, 1_000_000 * MICRO)
    return 7001


def trade(state: EmulatorState, token: int, n: int) -> None:
    """Three fills of the leader: a buy, two identical resting bids hit by one order (one
    transaction, two identical rows), and a sale; the clock moves every other round."""
    price = 100_000 + 10_000 * (n % 80)
    shares = (5 + n % 7) * MICRO
    state.place_order(_request(state, LEADER, token, Side.BUY, price, shares, OrderType.GTC))
    state.place_order(_request(state, OTHER, token, Side.SELL, price, shares, OrderType.FAK))
    for _ in range(2):
        state.place_order(_request(state, LEADER, token, Side.BUY, price, shares, OrderType.GTC))
    state.place_order(_request(state, OTHER, token, Side.SELL, price, 2 * shares, OrderType.FAK))
    state.place_order(_request(state, OTHER, token, Side.BUY, price, shares, OrderType.GTC))
    state.place_order(_request(state, LEADER, token, Side.SELL, price, shares, OrderType.FAK))


def truth(state: EmulatorState) -> Counter[tuple[str, str, int]]:
    return Counter(
        (row.transaction_hash, row.side.name if row.side is not None else "", row.size)
        for row in state.activity
        if row.wallet == LEADER and row.type == "TRADE"
    )


async def stored(db: Database) -> Counter[tuple[str, str, int]]:
    async with db.transaction() as session:
        query = select(LeaderFill.transaction_hash, LeaderFill.side, LeaderFill.size_micros)
        rows = (await session.execute(query.where(LeaderFill.event_type == "TRADE"))).all()
    return Counter((tx, str(side), int(size)) for tx, side, size in rows)


@contextlib.asynccontextmanager
async def truncating(upstream: str, every: int) -> AsyncIterator[str]:
    """A loopback proxy in front of the Data API that cuts every ``every``-th answer of
    ``/v2/activity`` in half (a connection closed mid-body)."""
    count = itertools.count(1)

    async def forward(request: Request) -> Response:
        async with httpx.AsyncClient(base_url=upstream) as http:
            answer = await http.get(request.url.path, params=request.query_params)
        body = answer.content
        if next(count) % every == 0:
            body = body[: len(body) // 2]
        return Response(
            body,
            answer.status_code,
            media_type="application/json",
            headers={k: v for k, v in answer.headers.items() if k.lower() == "retry-after"},
        )

    app = Starlette(routes=[Route("/{path:path}", forward)])
    async with serving(app) as base:
        yield base


async def job(db: Database) -> LeaderBackfill:
    async with db.transaction() as session:
        found = await session.scalar(select(LeaderBackfill))
        assert found is not None
        return found


async def until(condition: Callable[[], object], deadline: float = 120.0) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + deadline
    while not await condition():  # type: ignore[misc]
        assert loop.time() < end, "condition not reached"
        await asyncio.sleep(0.02)


async def test_backfill_with_faults_is_exact_resumes_and_detection_adds_only_new(
    db: Database,
) -> None:
    clock = Clock()
    state = EmulatorState(9, clock=clock)
    token = market(state)
    for n in range(ROUNDS):
        trade(state, token, n)
        clock.t += n % 2
    expected = truth(state)
    assert sum(expected.values()) == 4 * ROUNDS  # the twin order's two rows are identical
    now = lambda: dt.datetime.fromtimestamp(clock(), dt.UTC)  # noqa: E731
    async with db.transaction() as session:
        leader = await follow_wallet(session, LEADER, actor="test")
        await request_backfill(session, leader.id, now())
    state.faults.apply(
        FaultSettings(
            data=ServiceFaults(
                rate_limit_rate="0.1", error_rate="0.1", retry_after_s=0, paths=("/v2/activity",)
            )
        )
    )
    async with (
        EmulatorServer(state, run_actors=False, mine_blocks=False) as emulator,
        truncating(emulator.base_urls["data"], every=13) as proxy,
        http_client(10) as http,
    ):
        client = DataApiClient(http, proxy)
        # A first worker dies mid-run (its lease still held); a second takes the job over
        # once the lease has run out and finishes it, failing and resuming on the way.
        first = Backfiller(db, client, now=now, page_size=PAGE, retry_base=dt.timedelta(0))
        killed = asyncio.create_task(first.step())

        async def some_progress() -> bool:
            return (await job(db)).rows > 3 * PAGE

        await until(some_progress)
        killed.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await killed
        interrupted = await job(db)
        assert interrupted.status == BackfillStatus.RUNNING
        assert await stored(db) != expected
        clock.t += 1
        second = Backfiller(
            db, client, now=now, page_size=PAGE, lease=dt.timedelta(0), retry_base=dt.timedelta(0)
        )

        async def finished() -> bool:
            await second.step()
            return (await job(db)).status == BackfillStatus.DONE

        clock.t += 121  # the first worker's lease has expired
        await until(finished)
        done = await job(db)
        assert done.rows > sum(expected.values())  # resumed runs re-read their last second
        assert await stored(db) == expected
        async with db.transaction() as session:
            assert (
                await session.scalar(select(func.count()).where(LeaderFill.decided_at.is_(None)))
                == 0
            )  # history, not copy signals
            assert await session.scalar(select(func.count()).select_from(LeaderFillSighting)) == 0
            periods = set(await session.scalars(select(LeaderStatisticsRow.period)))
        assert periods == {"all", "30d", "7d"}

        # Detection afterwards, watching from the newest second the backfill stored (its
        # first poll re-reads that second): only the fills made since are new.
        async with db.transaction() as session:
            await SourceCursorRepository(session).advance(
                leader.id, FillSource.DATA_API, done.last_timestamp
            )
        state.faults.clear()
        for n in range(3):
            clock.t += 5
            trade(state, token, ROUNDS + n)
        activity = DataApiActivitySource(DataApiClient(http, emulator.base_urls["data"]), now)
        polled = await poll_leader(Ingest(db, now=now), activity, LEADER, leader.id, first=True)
        assert polled.created == 12
        assert await stored(db) == truth(state)


async def test_history_before_detection_is_decided_and_the_rest_left_to_the_engine(
    db: Database,
) -> None:
    clock = Clock()
    state = EmulatorState(3, clock=clock)
    token = market(state)
    for n in range(40):
        trade(state, token, n)
        clock.t += 1
    live_from = int(clock.t) - 10  # detection watches the last ten seconds
    now = lambda: dt.datetime.fromtimestamp(clock(), dt.UTC)  # noqa: E731
    async with db.transaction() as session:
        leader = await follow_wallet(session, LEADER, actor="test")
        await SourceCursorRepository(session).advance(leader.id, FillSource.DATA_API, live_from)
    async with (
        EmulatorServer(state, run_actors=False, mine_blocks=False) as emulator,
        http_client(10) as http,
    ):
        client = DataApiClient(http, emulator.base_urls["data"])
        assert await Backfiller(db, client, now=now, page_size=PAGE).step() == 1
    assert await stored(db) == truth(state)
    async with db.transaction() as session:
        rows = (await session.execute(select(LeaderFill))).scalars().all()
        sighted = set(await session.scalars(select(LeaderFillSighting.leader_fill_id)))
    live = {f.id for f in rows if f.occurred_at.timestamp() >= live_from}
    assert live
    assert {f.id for f in rows if f.decided_at is None} == live == sighted


async def test_a_followed_leader_detection_has_not_read_is_left_to_the_engine(
    db: Database,
) -> None:
    clock = Clock()
    state = EmulatorState(4, clock=clock)
    token = market(state)
    for n in range(5):
        trade(state, token, n)
    await follow(db, LEADER)  # a rule, and no detection cursor yet
    now = lambda: dt.datetime.fromtimestamp(clock(), dt.UTC)  # noqa: E731
    async with (
        EmulatorServer(state, run_actors=False, mine_blocks=False) as emulator,
        http_client(10) as http,
    ):
        client = DataApiClient(http, emulator.base_urls["data"])
        assert await Backfiller(db, client, now=now).step() == 1
    assert await stored(db) == truth(state)
    async with db.transaction() as session:
        undecided = await session.scalar(
            select(func.count()).where(LeaderFill.decided_at.is_(None))
        )
    assert undecided == 21  # 20 trades and the split: the engine's to decide


async def test_the_worker_refreshes_statistics_older_than_the_newest_fill(db: Database) -> None:
    at = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    async with db.transaction() as session:
        leader = await follow_wallet(session, LEADER, actor="test")
        await leader_fill(
            session, leader.id, side=TradeSide.BUY, price_micros=500_000, size_micros=MICRO, at=at
        )
        await refresh_statistics(session, leader.id, at)
        await leader_fill(
            session, leader.id, side=TradeSide.SELL, price_micros=700_000, size_micros=MICRO, at=at
        )
    async with http_client(1) as http:
        worker = Backfiller(db, DataApiClient(http, "http://127.0.0.1:9"), now=lambda: at)
        assert await worker.step() == 1  # the leader had no backfill: one is asked for
    failed = await job(db)  # nothing answers on that port: retried later, the error kept
    assert failed.status == BackfillStatus.PENDING
    assert failed.due_at > at
    assert failed.error
    async with db.transaction() as session:
        row = await stored_statistics(session, leader.id, "all")
        assert row is not None
        assert row.payload["trades"]["value"] == 2
        assert row.payload["realized_pnl_micros"]["value"] == 200_000
