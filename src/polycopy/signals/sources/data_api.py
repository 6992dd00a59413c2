"""Detect leader activity by polling Data API ``/v2/activity`` and ``/v2/trades`` per leader.

``/v2/activity`` (oldest first) carries trades and the non-trade events; ``/v2/trades`` with
``taker_only=false`` carries the leader's fills on both sides (the venue's default hides
maker fills) and is a second, independently indexed view of them. Both name a fill with the
same identity, so a fill both report is one fill with one Data API sighting. Each feed has
its own per-leader position (``CursorAdvance.second_feed`` for ``/v2/trades``).

Each poll re-reads from the last timestamp seen (inclusive), so fills of the boundary second
are never lost; re-reads collapse on the fill identity. Identical rows are numbered per page,
so a row that overlapping pages repeat is one fill (docs/detection.md). After a restart the
stored cursor makes the first poll back-fill everything that happened while polycopy was down.

Intervals adapt per leader: a leader who just traded is polled at the base interval, a quiet
one progressively less often (up to ``max_interval``), and an answer of 429/5xx backs the
whole source off (honouring ``Retry-After`` through ``VenueHttp``) while the other sources
carry on. The documented limits (reference §2.5: 1,000 requests / 10 s general, ``/trades``
200 / 10 s) are enforced by the client's rate limiter (``DATA_API_LIMITS``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

import httpx
import structlog

from polycopy.kit.money import to_micros
from polycopy.signals import metrics
from polycopy.signals.identity import FillContent, content_identity, number_pages
from polycopy.signals.service import CursorAdvance, Ingest, LeaderFillReport, sleep_or_stop
from polycopy.signals.types import FillSource, LeaderEventType, TradeSide
from polycopy.venues.polymarket.data_api import DataApiClient
from polycopy.venues.polymarket.http import VenueError
from polycopy.venues.polymarket.models import ActivityRow, TradeRow

log = structlog.get_logger(__name__)
WATCHED_TYPES = tuple(t.value for t in LeaderEventType)


def _micros(value: Decimal) -> int:
    return to_micros(value, exact=False)


def reports_from_rows(
    rows: Sequence[ActivityRow | TradeRow],
    *,
    leader_id: int,
    seen_at: dt.datetime,
    catch_up: bool = False,
) -> list[LeaderFillReport]:
    """Normalise activity or trade rows read in one answer and give each its identity."""
    return reports_from_pages([rows], leader_id=leader_id, seen_at=seen_at, catch_up=catch_up)


def reports_from_pages(
    pages: Sequence[Sequence[ActivityRow | TradeRow]],
    *,
    leader_id: int,
    seen_at: dt.datetime,
    catch_up: bool = False,
) -> list[LeaderFillReport]:
    """One report per fill of a paged read: occurrences are numbered within each page, so a
    row a later page repeats (overlapping offset pages) is the same fill, reported once."""
    reports = []
    for row, content, occurrence in number_pages(pages, _content):
        reports.append(
            LeaderFillReport(
                identity=content_identity(content, occurrence),
                leader_id=leader_id,
                source=FillSource.DATA_API,
                event_type=LeaderEventType(content.event_type),
                transaction_hash=content.transaction_hash,
                log_index=None,
                occurrence=occurrence,
                condition_id=row.condition_id,
                token_id=row.token_id or None,
                outcome=row.outcome or None,
                side=TradeSide(row.side) if row.side in ("BUY", "SELL") else None,
                price_micros=_micros(row.price),
                size_micros=content.size_micros,
                usdc_micros=_micros(_usdc(row)),
                occurred_at=dt.datetime.fromtimestamp(row.timestamp, dt.UTC),
                seen_at=seen_at,
                raw=row.model_dump(mode="json"),
                catch_up=catch_up,
            )
        )
    return reports


def _content(row: ActivityRow | TradeRow) -> FillContent:
    return FillContent(
        transaction_hash=row.transaction_hash.lower(),
        wallet=row.proxy_wallet.lower(),
        event_type=_event_type(row),
        token_id=row.token_id,
        side=row.side,
        size_micros=_micros(row.size),
    )


def _event_type(row: ActivityRow | TradeRow) -> str:
    return row.type if isinstance(row, ActivityRow) else LeaderEventType.TRADE.value


def _usdc(row: ActivityRow | TradeRow) -> Decimal:
    """``/v2/trades`` carries no collateral: price × shares (the chain's exact amount
    replaces it when the chain source confirms the fill)."""
    return row.usdc_size if isinstance(row, ActivityRow) else row.price * row.size


class DataApiActivitySource:
    """One leader's activity since a cursor, every page."""

    def __init__(self, client: DataApiClient, now: Callable[[], dt.datetime]) -> None:
        self._client = client
        self._now = now

    async def poll(
        self, wallet: str, leader_id: int, since: int, *, catch_up: bool = False
    ) -> list[LeaderFillReport]:
        """Every activity row at or after ``since`` (unix seconds), all pages."""
        pages: list[list[ActivityRow]] = []
        cursor: str | None = None
        while True:
            page = await self._client.activity_page(
                wallet, types=WATCHED_TYPES, start=since or None, cursor=cursor
            )
            pages.append(page.data)
            if not page.pagination.has_more or not page.pagination.next_cursor:
                break
            cursor = page.pagination.next_cursor
        return reports_from_pages(
            pages, leader_id=leader_id, seen_at=self._now(), catch_up=catch_up
        )

    async def poll_trades(
        self, wallet: str, leader_id: int, since: int, *, catch_up: bool = False
    ) -> list[LeaderFillReport]:
        """Every fill of the leader at or after ``since`` on either side (``taker_only=false``),
        all pages. Rows of other wallets are dropped: only the leader's own side is its fill."""
        pages: list[list[TradeRow]] = []
        cursor: str | None = None
        while True:
            page = await self._client.trades_page(
                user=wallet, taker_only=False, start=since or None, cursor=cursor
            )
            pages.append([row for row in page.data if row.proxy_wallet.lower() == wallet.lower()])
            if not page.pagination.has_more or not page.pagination.next_cursor:
                break
            cursor = page.pagination.next_cursor
        return reports_from_pages(
            pages, leader_id=leader_id, seen_at=self._now(), catch_up=catch_up
        )


def _newest(reports: list[LeaderFillReport], default: int) -> int:
    return max((int(r.occurred_at.timestamp()) for r in reports), default=default)


@dataclass(frozen=True, slots=True)
class LeaderPoll:
    created: int
    """Fills this poll stored first."""
    traded: bool
    """Rows newer than the cursors came back: the leader traded, whichever source (a push
    source beside the poller, say) stored the fills first."""


async def poll_leader(
    ingest: Ingest, activity: DataApiActivitySource, wallet: str, leader_id: int, *, first: bool
) -> LeaderPoll:
    """Poll both feeds of one leader from their cursors, side by side (a fill waits for one
    round trip, not two), and record what came back in one transaction (a fill both feeds
    report collapses on its identity)."""
    since, trades_since = await ingest.cursors(leader_id, FillSource.DATA_API)
    try:
        async with asyncio.TaskGroup() as reads:
            feed = reads.create_task(activity.poll(wallet, leader_id, since, catch_up=first))
            second = reads.create_task(
                activity.poll_trades(wallet, leader_id, trades_since, catch_up=first)
            )
    except BaseExceptionGroup as failed:  # the other read is cancelled; report the first
        raise failed.exceptions[0] from None
    reports, trades = feed.result(), second.result()
    if not reports and not trades:
        return LeaderPoll(created=0, traded=False)
    advance = CursorAdvance(
        FillSource.DATA_API,
        [leader_id],
        _newest(reports, since),
        second_feed=_newest(trades, trades_since),
    )
    created = await ingest.record([*reports, *trades], advance=advance)
    traded = bool(created) or advance.position > since or (advance.second_feed or 0) > trades_since
    return LeaderPoll(created=created, traded=traded)


@dataclass(slots=True)
class _Schedule:
    due: float
    interval: float
    polled: bool = False


class DataApiPoller:
    """The Data API as a detection source: every followed leader, adaptive intervals. The one
    poll loop of ``polycopy ingest``, ``polycopy worker`` (in their detectors) and the copy
    engine's own detection."""

    name = FillSource.DATA_API

    def __init__(
        self,
        activity: DataApiActivitySource,
        *,
        interval: float,
        max_interval: float,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.activity = activity
        self.interval = interval
        self.max_interval = max(max_interval, interval)
        self._clock = clock
        self._leaders: dict[str, int] = {}
        self._schedule: dict[str, _Schedule] = {}
        self.healthy = True

    def follow(self, leaders: dict[str, int]) -> None:
        self._leaders = dict(leaders)
        for wallet in list(self._schedule):
            if wallet not in leaders:
                del self._schedule[wallet]

    def _now(self) -> float:
        return self._clock() if self._clock else asyncio.get_running_loop().time()

    async def poll_every(self, ingest: Ingest) -> int:
        """Poll every followed leader once now, due or not; returns the fills created. The
        engine's stepped round (``CopyEngine.poll_once``): a leader whose poll fails is left
        for the next round while the others are polled."""
        created = 0
        for wallet, leader_id in list(self._leaders.items()):
            try:
                created += (await self._poll(ingest, wallet, leader_id)).created
            except (VenueError, httpx.HTTPError) as exc:
                self._failed(leader_id, exc)
        return created

    async def run(self, ingest: Ingest, stop: asyncio.Event) -> None:
        backoff = 0.0
        while not stop.is_set():
            now = self._now()
            for wallet, leader_id in list(self._leaders.items()):
                if self._slot(wallet, now).due > now:
                    continue
                try:
                    await self._poll(ingest, wallet, leader_id)
                except (VenueError, httpx.HTTPError) as exc:
                    backoff = min(self.max_interval, max(self.interval, backoff * 2))
                    self._failed(leader_id, exc)
                    break
                backoff = 0.0
            wait = (
                backoff
                or min((s.due for s in self._schedule.values()), default=now + self.interval)
                - self._now()
            )
            await sleep_or_stop(stop, max(0.01, min(wait, self.max_interval)))

    def _slot(self, wallet: str, now: float) -> _Schedule:
        return self._schedule.setdefault(wallet, _Schedule(now, self.interval))

    async def _poll(self, ingest: Ingest, wallet: str, leader_id: int) -> LeaderPoll:
        """Poll one leader and schedule its next poll: at the base interval after it traded
        (even when a push source stored its fills first: if that source stalls, the poller
        is already close behind), later each time it was quiet."""
        slot = self._slot(wallet, self._now())
        polled = await poll_leader(ingest, self.activity, wallet, leader_id, first=not slot.polled)
        self.healthy = True
        slot.polled = True
        slot.interval = (
            self.interval if polled.traded else min(self.max_interval, slot.interval * 1.5)
        )
        slot.due = self._now() + slot.interval
        return polled

    def _failed(self, leader_id: int, exc: Exception) -> None:
        self.healthy = False
        metrics.SOURCE_RECONNECTS.labels(self.name.value).inc()
        log.warning("detect.data_api_failed", leader_id=leader_id, error=repr(exc))
