"""Detect leader fills on RTDS ``activity/trades``: a global firehose (unofficial, reference
§5.3), filtered here by the followed wallets.

RTDS has no replay: it only ever shows what happens while connected, so it needs no cursor;
the chain and the Data API back-fill whatever it missed. A silent socket (RTDS is known to
stall) is reconnected by the feed's watchdog (``stale_after``). Payloads carry no USDC
amount: the fill's collateral is estimated as shares x price until the chain confirms it.

Identical payloads of one transaction are numbered in arrival order. RTDS is assumed not to
re-deliver a message; a re-delivery would read as one more identical fill (docs/detection.md).
"""

from __future__ import annotations

import asyncio
import collections
import datetime as dt
from collections.abc import Callable

from polycopy.kit.money import MICRO, to_micros
from polycopy.signals import metrics
from polycopy.signals.identity import FillContent, content_identity
from polycopy.signals.service import Ingest, LeaderFillReport
from polycopy.signals.types import FillSource, LeaderEventType, TradeSide
from polycopy.venues.polymarket.stream_models import RtdsTrade
from polycopy.venues.polymarket.streams import RtdsActivityFeed

_REMEMBERED_TXS = 10_000


class RtdsSource:
    name = FillSource.RTDS

    def __init__(
        self, url: str, *, now: Callable[[], dt.datetime], stale_after: float = 30.0
    ) -> None:
        self._now = now
        self._leaders: dict[str, int] = {}
        self.feed = RtdsActivityFeed(
            url, stale_after=stale_after, ping_interval=min(5.0, stale_after / 3)
        )
        self.feed.wallets = {"-"}  # nobody until ``follow``: an empty set would mean everyone
        self._counts: collections.OrderedDict[str, collections.Counter[FillContent]] = (
            collections.OrderedDict()
        )

    @property
    def healthy(self) -> bool:
        return self.feed.connected.is_set()

    def follow(self, leaders: dict[str, int]) -> None:
        self._leaders = dict(leaders)
        self.feed.wallets = set(leaders) or {"-"}

    async def run(self, ingest: Ingest, stop: asyncio.Event) -> None:
        closer = asyncio.get_running_loop().create_task(_close_on(stop, self.feed))
        connects = 0
        try:
            async for trade in self.feed.trades():
                if self.feed.stats.connects != connects:
                    if connects:
                        metrics.SOURCE_RECONNECTS.labels(self.name.value).inc()
                    connects = self.feed.stats.connects
                report = self.report(trade)
                if report is not None:
                    await ingest.record([report])
        finally:
            closer.cancel()

    def report(self, trade: RtdsTrade) -> LeaderFillReport | None:
        wallet = trade.proxy_wallet.lower()
        leader_id = self._leaders.get(wallet)
        if leader_id is None or trade.side not in ("BUY", "SELL"):
            return None
        size = to_micros(trade.size, exact=False)
        price = to_micros(trade.price, exact=False)
        tx = trade.transaction_hash.lower()
        content = FillContent(
            tx, wallet, LeaderEventType.TRADE.value, trade.asset, trade.side, size
        )
        counts = self._counts.setdefault(tx, collections.Counter())
        self._counts.move_to_end(tx)
        if len(self._counts) > _REMEMBERED_TXS:
            self._counts.popitem(last=False)
        occurrence = counts[content]
        counts[content] += 1
        return LeaderFillReport(
            identity=content_identity(content, occurrence),
            leader_id=leader_id,
            source=FillSource.RTDS,
            event_type=LeaderEventType.TRADE,
            transaction_hash=tx,
            log_index=None,
            occurrence=occurrence,
            condition_id=trade.condition_id,
            token_id=trade.asset,
            outcome=trade.outcome or None,
            side=TradeSide(trade.side),
            price_micros=price,
            size_micros=size,
            usdc_micros=size * price // MICRO,
            occurred_at=dt.datetime.fromtimestamp(trade.timestamp, dt.UTC),
            seen_at=self._now(),
            raw=trade.model_dump(mode="json"),
        )


async def _close_on(stop: asyncio.Event, feed: RtdsActivityFeed) -> None:
    await stop.wait()
    await feed.close()
