"""Detect leader fills from Polygon: ``OrderFilled`` logs of the V2 exchanges whose maker is a
followed wallet (each such log is one of the leader's own orders filled in one match).

Live logs come over ``eth_subscribe``; after every (re)connect, and after a restart from the
stored per-leader block cursor, ``eth_getLogs`` reads the blocks in between. The first
sighting is acted on (no waiting for confirmations); a log a reorganisation removes
(``removed: true``) flags the fill built on it (``leader_fills.reorged_at``), and the same log
mined again clears the flag. A removal while disconnected sends nothing, so after every
(re)connect the last ``reorg_depth`` blocks before the resume point are read again and stored
fills whose log is gone are flagged (those found again are cleared). The cursor
(``source_cursors.last_timestamp`` holds a block number for this source) moves to a head only
once every log before it is committed.
"""

from __future__ import annotations

import asyncio
import collections
import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass

import structlog

from polycopy.kit.db import Database
from polycopy.kit.money import MICRO
from polycopy.markets.repository import MarketRepository
from polycopy.models import LeaderFill
from polycopy.signals import metrics
from polycopy.signals.identity import FillContent, content_identity
from polycopy.signals.repository import LeaderFillRepository
from polycopy.signals.service import CursorAdvance, Ingest, LeaderFillReport, sleep_or_stop
from polycopy.signals.types import FillSource, LeaderEventType, TradeSide
from polycopy.venues.polymarket.chain import ChainHead, ChainLogFeed, OrderFilled, PolygonRpc
from polycopy.venues.polymarket.gamma import GammaClient

log = structlog.get_logger(__name__)
NOBODY = "0x" + "00" * 20
#: The block cursor is written at most this often (a restart re-reads a little more).
CURSOR_EVERY_S = 0.5
#: Transactions whose logs are remembered for occurrence numbering.
_REMEMBERED_TXS = 10_000


class ChainSource:
    name = FillSource.CHAIN

    def __init__(
        self,
        rpc: PolygonRpc,
        ws_url: str,
        *,
        now: Callable[[], dt.datetime],
        markets: TokenMarkets,
        stale_after: float = 30.0,
        reorg_depth: int = 64,
    ) -> None:
        if reorg_depth < 0:
            raise ValueError("reorg_depth must be >= 0")
        self._rpc = rpc
        self._markets = markets
        self._ws_url = ws_url
        self._now = now
        self._stale_after = stale_after
        self._reorg_depth = reorg_depth
        self._leaders: dict[str, int] = {}
        self._feed: ChainLogFeed | None = None
        self._logs: collections.OrderedDict[str, dict[int, FillContent]] = collections.OrderedDict()
        self.head: int | None = None
        self._advanced_at = 0.0
        self._unsettled = False
        self._resubscribing: asyncio.Task[None] | None = None

    @property
    def healthy(self) -> bool:
        return self._feed is not None and self._feed.connected.is_set()

    def follow(self, leaders: dict[str, int]) -> None:
        changed = set(leaders) != set(self._leaders)
        self._leaders = dict(leaders)
        if changed and self._feed is not None:
            makers = sorted(leaders) or [NOBODY]  # no filter at all would mean every maker
            self._resubscribing = asyncio.get_running_loop().create_task(
                self._feed.set_makers(makers)
            )

    async def _start_block(self, ingest: Ingest) -> int:
        """The oldest block any followed leader still needs; a new leader starts at the head."""
        cursors = [await ingest.cursor(lid, FillSource.CHAIN) for lid in self._leaders.values()]
        known = [c for c in cursors if c is not None]
        return min(known) if known else await self._rpc.block_number()

    async def run(self, ingest: Ingest, stop: asyncio.Event) -> None:
        while not self._leaders and not stop.is_set():
            await sleep_or_stop(stop, 0.2)
        if stop.is_set():
            return
        resume_at = await self._start_block(ingest)
        feed = ChainLogFeed(
            self._ws_url,
            self._rpc,
            makers=sorted(self._leaders),
            from_block=resume_at,
            heads=True,
            stale_after=self._stale_after,
            ping_interval=min(10.0, self._stale_after / 3),
        )
        self._feed = feed
        closer = asyncio.get_running_loop().create_task(_close_on(stop, feed))
        connects = checked = 0
        try:
            async for event in feed.events():
                if feed.stats.connects != connects:
                    if connects:
                        metrics.SOURCE_RECONNECTS.labels(self.name.value).inc()
                    connects = feed.stats.connects
                if isinstance(event, ChainHead):
                    if checked != connects:  # the catch-up read after this connect is done
                        checked = connects
                        await self._recheck(ingest, resume_at if self.head is None else self.head)
                    self.head = event.number
                    if time.monotonic() - self._advanced_at >= CURSOR_EVERY_S:
                        if self._unsettled:  # the feed passes a log once: look for it here
                            await self._recheck(ingest, event.number)
                        await self._advance(ingest, event.number)
                elif isinstance(event, OrderFilled):
                    await self._on_fill(ingest, event, catch_up=feed.backfilling)
        finally:
            closer.cancel()
            await feed.close()

    async def _advance(self, ingest: Ingest, head: int) -> None:
        leader_ids = list(self._leaders.values())
        await ingest.record([], advance=CursorAdvance(FillSource.CHAIN, leader_ids, head))
        self._advanced_at = time.monotonic()

    async def _recheck(self, ingest: Ingest, resume_at: int) -> None:
        """Compare the stored fills of the blocks from ``reorg_depth`` before ``resume_at``
        up to the head with the logs those blocks hold now. Until no fill of those blocks is
        flagged, this runs again with each cursor move: a log mined again at the position
        the feed already passed on before the disconnect is not passed on again."""
        first = max(0, resume_at - self._reorg_depth)
        last = await self._rpc.block_number()
        events = await self._rpc.exchange_logs(first, last, makers=sorted(self._leaders))
        canonical = {
            (e.position.transaction_hash.lower(), e.position.log_index)
            for e in events
            if isinstance(e, OrderFilled)
        }
        async with ingest.db.transaction() as session:
            repo = LeaderFillRepository(session)
            fills = await repo.on_chain_between(list(self._leaders.values()), first, last)
            back = [f.id for f in fills if f.reorged_at is not None and _key(f) in canonical]
            if back:
                await repo.clear_reorged(back)
        gone = {_key(f) for f in fills if f.reorged_at is None and _key(f) not in canonical}
        self._unsettled = any(_key(f) not in canonical for f in fills)
        for transaction_hash, log_index in sorted(gone):
            await ingest.reorged(transaction_hash, log_index)

    async def _on_fill(self, ingest: Ingest, fill: OrderFilled, *, catch_up: bool) -> None:
        wallet = fill.maker.lower()
        leader_id = self._leaders.get(wallet)
        position = fill.position
        if position.removed:
            self._logs.get(position.transaction_hash, {}).pop(position.log_index, None)
            await ingest.reorged(position.transaction_hash, position.log_index)
            return
        if leader_id is None:
            return
        content = FillContent(
            transaction_hash=position.transaction_hash,
            wallet=wallet,
            event_type=LeaderEventType.TRADE.value,
            token_id=str(fill.token_id),
            side=fill.side,
            size_micros=fill.shares,
        )
        entries = self._logs.setdefault(position.transaction_hash, {})
        self._logs.move_to_end(position.transaction_hash)
        if len(self._logs) > _REMEMBERED_TXS:
            self._logs.popitem(last=False)
        entries[position.log_index] = content
        occurrence = sum(1 for i, c in entries.items() if c == content and i < position.log_index)
        market = await self._markets.of(str(fill.token_id))
        seen_at = self._now()
        occurred_at = (
            dt.datetime.fromtimestamp(position.block_timestamp, dt.UTC)
            if position.block_timestamp is not None
            else seen_at
        )
        report = LeaderFillReport(
            identity=content_identity(content, occurrence),
            leader_id=leader_id,
            source=FillSource.CHAIN,
            event_type=LeaderEventType.TRADE,
            transaction_hash=position.transaction_hash,
            log_index=position.log_index,
            occurrence=occurrence,
            condition_id=market.condition_id,
            token_id=str(fill.token_id),
            outcome=market.outcome,
            side=TradeSide(fill.side),
            price_micros=fill.collateral * MICRO // fill.shares if fill.shares else 0,
            size_micros=fill.shares,
            usdc_micros=fill.collateral,
            occurred_at=occurred_at,
            seen_at=seen_at,
            raw={
                "exchange": position.exchange,
                "order_hash": fill.order_hash,
                "taker": fill.taker,
                "fee": str(fill.fee),
            },
            block_number=position.block_number,
            catch_up=catch_up,
        )
        await ingest.record([report])


@dataclass(frozen=True, slots=True)
class TokenMarket:
    condition_id: str
    outcome: str | None


class TokenMarkets:
    """The market of a token (logs carry only the token): the markets table, else Gamma."""

    def __init__(self, db: Database, gamma: GammaClient) -> None:
        self._db = db
        self._gamma = gamma
        self._known: dict[str, TokenMarket] = {}

    async def of(self, token_id: str) -> TokenMarket:
        known = self._known.get(token_id)
        if known is not None:
            return known
        async with self._db.transaction() as session:
            token = await MarketRepository(session).token(token_id)
        if token is not None:
            found = TokenMarket(token.condition_id, token.outcome)
        else:
            markets = await self._gamma.markets(token_ids=[token_id])
            if not markets:
                raise LookupError(f"no market lists token {token_id}")
            market = markets[0]
            outcome = dict(zip(market.clob_token_ids, market.outcomes, strict=False))
            found = TokenMarket(market.condition_id, outcome.get(token_id))
        self._known[token_id] = found
        return found


def _key(fill: LeaderFill) -> tuple[str, int]:
    """A chain fill's log (``on_chain_between`` returns only fills with a log index)."""
    return fill.transaction_hash.lower(), -1 if fill.log_index is None else fill.log_index


async def _close_on(stop: asyncio.Event, feed: ChainLogFeed) -> None:
    await stop.wait()
    await feed.close()
