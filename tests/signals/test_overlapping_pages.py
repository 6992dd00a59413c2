"""Offset paging that shifts under new activity repeats rows on the next page. Two identical
fills of one transaction read across two such overlapping pages are two fills, stored once,
however often they are read again.

The pages come over loopback HTTP from a pager that serves the emulator's own Data API rows
by offset (as an offset-backed cursor would), with a new fill of the leader arriving between
the first and second page of ``/v2/trades``. Detection is the real code path:
``poll_leader`` with ``DataApiActivitySource`` and ``Ingest`` on both backends.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
from sqlalchemy import select
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from polycopy.emulator.book import OrderType
from polycopy.emulator.server import EmulatorServer
from polycopy.emulator.state import EmulatorState, Market
from polycopy.kit.db import Database
from polycopy.kit.http import http_client
from polycopy.kit.money import MICRO
from polycopy.models import Leader, LeaderFill
from polycopy.signals.service import Ingest
from polycopy.signals.sources.data_api import DataApiActivitySource, poll_leader
from polycopy.venues.polymarket.amounts import Side
from polycopy.venues.polymarket.data_api import DataApiClient
from tests.loopback import serving

from .support import OTHER, _request, emulator_now, follow

LEADER = "0x" + "cd" * 20
CONDITION = "0x" + "c1" * 32
PAGE = {"/v2/trades": 2, "/v2/activity": 50}
"""Rows per page the pager serves: small for the newest-first feed, whose offsets shift."""


def _fill(state: EmulatorState, side: Side, price: int, shares: int, *, twice: bool = False) -> str:
    """A fill of the leader (two identical ones in one transaction with ``twice``: two
    identical resting bids hit by one order); returns the transaction."""
    token = state.markets[CONDITION].tokens[0][0]
    if side is Side.BUY:
        for _ in range(2 if twice else 1):
            state.place_order(
                _request(state, LEADER, token, Side.BUY, price, shares, OrderType.GTC)
            )
        size = shares * (2 if twice else 1)
        sale = _request(state, OTHER, token, Side.SELL, price, size, OrderType.FAK)
        return state.place_order(sale).trades[0].transaction_hash
    state.place_order(_request(state, OTHER, token, Side.BUY, price, shares, OrderType.GTC))
    sale = _request(state, LEADER, token, Side.SELL, price, shares, OrderType.FAK)
    return state.place_order(sale).trades[0].transaction_hash


@contextlib.asynccontextmanager
async def offset_pager(
    upstream: str, between_pages: Callable[[], None], served: list[list[str]]
) -> AsyncIterator[str]:
    """A Data API on loopback that pages the emulator's rows by offset; ``between_pages`` runs
    once, after the first page of ``/v2/trades`` was served. ``served`` gets the
    transactions of every ``/v2/trades`` page."""
    pending = [between_pages]

    async def feed(request: Request) -> Response:
        path = request.url.path
        query = {k: v for k, v in request.query_params.items() if k not in ("cursor", "limit")}
        async with httpx.AsyncClient(base_url=upstream) as http:
            answer = await http.get(path, params={**query, "limit": 1000})
        rows: list[Any] = answer.json()["data"]
        offset = int(request.query_params.get("cursor") or 0)
        size = PAGE[path]
        more = offset + size < len(rows)
        page = {
            "data": rows[offset : offset + size],
            "pagination": {
                "limit": size,
                "offset": offset,
                "has_more": more,
                "next_cursor": str(offset + size) if more else None,
            },
        }
        if path == "/v2/trades":
            served.append([row["transaction_hash"] for row in page["data"]])
            if pending:
                pending.pop()()
        return JSONResponse(page)

    app = Starlette(routes=[Route("/v2/trades", feed), Route("/v2/activity", feed)])
    async with serving(app) as base:
        yield base


async def _fills(db: Database) -> list[tuple[str, int]]:
    """(transaction, occurrence) of every stored TRADE fill (the set-up's splits aside)."""
    async with db.transaction() as session:
        query = select(LeaderFill).where(LeaderFill.event_type == "TRADE")
        rows = (await session.scalars(query)).all()
    return sorted((f.transaction_hash, f.occurrence) for f in rows)


async def test_identical_fills_across_overlapping_pages_are_two_fills_once(
    db: Database,
) -> None:
    state = EmulatorState(6)
    state.add_market(Market(CONDITION, "Will it?", "will-it", ((1111, "Yes"), (2222, "No"))))
    for wallet in (LEADER, OTHER):
        state.fund(wallet, 1_000 * MICRO)
        state.split(wallet, CONDITION, 100 * MICRO)
    older = _fill(state, Side.BUY, 300_000, 7 * MICRO)
    twins = _fill(state, Side.BUY, 310_000, 10 * MICRO, twice=True)
    newer = _fill(state, Side.SELL, 320_000, 6 * MICRO)
    arrived: list[str] = []
    await follow(db, LEADER)
    async with db.transaction() as session:
        leader_id = await session.scalar(select(Leader.id).where(Leader.wallet == LEADER))
    assert leader_id is not None

    def new_activity() -> None:
        arrived.append(_fill(state, Side.SELL, 330_000, 5 * MICRO))

    served: list[list[str]] = []
    async with (
        EmulatorServer(state, run_actors=False, mine_blocks=False) as emulator,
        offset_pager(emulator.base_urls["data"], new_activity, served) as pager,
        http_client(10) as http,
    ):
        source = DataApiActivitySource(DataApiClient(http, pager), emulator_now(state))
        ingest = Ingest(db, now=emulator_now(state))
        await poll_leader(ingest, source, LEADER, leader_id, first=True)
        [late] = arrived
        # Newest first, two a page: [newer, twin]; then a fill arrives, and the next
        # page starts one row further up: the twin seen already, then the other.
        assert served == [[newer, twins], [twins, twins], [older]]
        assert await _fills(db) == sorted([(older, 0), (twins, 0), (twins, 1), (newer, 0)])
        await poll_leader(ingest, source, LEADER, leader_id, first=False)
    assert await _fills(db) == sorted([(older, 0), (twins, 0), (twins, 1), (newer, 0), (late, 0)])
