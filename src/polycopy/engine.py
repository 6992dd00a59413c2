"""The copy pipeline in one process: detect → identify → decide → execute.

Each stage reads its input from the database and commits its output there, so the stages
can be split into separate workers later without changing their logic. Network calls never
happen inside a database transaction.
"""

from __future__ import annotations

import asyncio
import bisect
import dataclasses
import datetime as dt
import functools
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx
import structlog

from polycopy.copying.evaluate import BookView
from polycopy.copying.mirroring import StartupMirror
from polycopy.copying.repository import CopyRuleRepository
from polycopy.copying.runs import Run
from polycopy.copying.service import Burst, MarketContext, decide_fills
from polycopy.copying.types import AllocationMode, LeaderValue
from polycopy.kit import tracing
from polycopy.kit.breaker import CircuitBreaker
from polycopy.kit.crypto import SecretBox
from polycopy.kit.db import Database
from polycopy.kit.money import to_micros
from polycopy.kit.wakeup import FILLS_STORED, ORDERS_DUE, Wakeup
from polycopy.leaders.value import VALUE_MAX_AGE, LeaderValues
from polycopy.markets.repository import MarketRepository
from polycopy.markets.service import cache_market
from polycopy.orders.executor import CLAIM_BATCH, LEASE, Answers, ClaimedBatch, Executor
from polycopy.orders.reconciliation import Reconciler, ReconcileSettings
from polycopy.orders.resting import RestingOrders
from polycopy.orders.service import queue_orders
from polycopy.settlements.service import Settler
from polycopy.signals.detector import Detector
from polycopy.signals.repository import LeaderFillRepository
from polycopy.signals.service import Ingest, sleep_or_stop
from polycopy.signals.sources.data_api import DataApiActivitySource, DataApiPoller
from polycopy.venues.base import ExecutionVenue
from polycopy.venues.directory import TraderDirectory
from polycopy.venues.polymarket.chain import PolygonRpc
from polycopy.venues.polymarket.clob import MAX_BOOKS, ClobPublicClient
from polycopy.venues.polymarket.data_api import DataApiClient
from polycopy.venues.polymarket.gamma import GammaClient
from polycopy.venues.polymarket.http import VenueError
from polycopy.venues.polymarket.models import OrderBook

log = structlog.get_logger(__name__)

#: Decisions per transaction: a fan-out's first copies leave after this many; a burst from
#: one leader to one follower is decided this many fills at a time.
DECIDE_CHUNK = 250
#: Undecided fills read per page of a round (with the books of their markets).
PENDING_PAGE = 10_000
#: Copies the decider leases and sends itself before the answers of its run are booked; the
#: rest of a long burst goes to the queue, leased when claimed. One signer sends at its
#: tier's order rate (Polymarket's Standard tier: 40 a second), and a copy must leave well
#: within its lease (``orders.executor.LEASE``, 60 s): 1,000 take about 25 s at 40 a second.
LEASE_AHEAD = 1_000


@dataclass(frozen=True, slots=True)
class EngineTimings:
    poll_interval: dt.timedelta
    stale_after: dt.timedelta
    #: How often a held market is checked for resolution (at once when a leader redeemed).
    resolution_check: dt.timedelta = dt.timedelta(seconds=30)
    #: How old a leader's value may be when a fresh read fails (proportional sizing).
    leader_value_max_age: dt.timedelta = VALUE_MAX_AGE


class CopyEngine:
    def __init__(
        self,
        db: Database,
        *,
        poller: DataApiPoller,
        gamma: GammaClient,
        clob: ClobPublicClient,
        executor: Executor,
        timings: EngineTimings,
        now: Callable[[], dt.datetime],
        leader_value: Callable[[int], Awaitable[LeaderValue | None]],
        poll: bool = True,
        settler: Settler | None = None,
        mirror: StartupMirror | None = None,
        send_at_once: bool = True,
        resting: RestingOrders | None = None,
        reconciler: Reconciler | None = None,
    ) -> None:
        self._db = db
        #: User-channel fills, ``/data/trades`` sweeps, positions against the Data API.
        self.reconciler = reconciler
        #: Watches GTC/GTD orders and FAK remainders; heartbeats (``orders/resting.py``).
        self.resting = resting
        #: Send a fill's copies straight from the deciding transaction (False: a decide-only
        #: engine that leaves them to the queue).
        self._send_at_once = send_at_once
        #: Copies a new rule's leader positions once (``mirror_open_positions``).
        self.mirror = mirror
        #: Redeems resolved markets and runs merges (``polycopy.settlements``).
        self.settler = settler
        #: The Data API detection: stepped by ``poll_once``, its own loop under ``run``.
        self._poller = poller
        self._ingest = Ingest(db, now=now)
        self._gamma = gamma
        self._clob = clob
        self._executor = executor
        self._leader_value = leader_value
        #: False when a ``signals.detector.Detector`` runs beside the engine and detects.
        self._poll = poll
        self._timings = timings
        self._now = now
        #: While ``run`` runs: what the idle loop waits on (``LISTEN`` on PostgreSQL).
        self.wakeup: Wakeup | None = None

    def breakers(self) -> list[CircuitBreaker]:
        """The venue circuit breakers this engine's sends go through (for the admin API)."""
        return [self._executor.breaker]

    async def start(self) -> None:
        """Reconcile before trading: no new order goes out while an old one is unresolved."""
        resolved = await self._executor.reconcile_in_flight()
        if resolved:
            log.info("engine.reconciled", orders=resolved)
        if self.reconciler is not None and (booked := await self.reconciler.start()):
            log.info("engine.reconciled_trades", fills=booked)

    async def poll_once(self) -> int:
        """One detection round over every followed leader; returns the new fills."""
        self._poller.follow(await self._ingest.followed())
        return await self._poller.poll_every(self._ingest)

    async def _cache_markets(self, condition_ids: set[str]) -> None:
        async with self._db.transaction() as session:
            repo = MarketRepository(session)
            missing = {cid for cid in condition_ids if await repo.get(cid) is None}
        for condition_id in missing:
            try:
                market = await self._gamma.market_by_condition(condition_id)
            except (VenueError, httpx.HTTPError) as exc:
                log.warning("markets.fetch_failed", condition_id=condition_id, error=repr(exc))
                continue
            if market is None:
                continue
            async with self._db.transaction() as session:
                await cache_market(session, market)

    async def _market_context(
        self, tokens: dict[str, list[str]], proportional: set[int]
    ) -> MarketContext:
        """Books of every outcome of the fills' markets, and the portfolio values of the
        leaders that proportional rules follow, read afresh for the fills of this round."""
        books = await self._books({token for ids in tokens.values() for token in ids})
        values = {leader_id: await self._leader_value(leader_id) for leader_id in proportional}
        return MarketContext(books=books, leader_values=values, tokens=tokens)

    async def _books(self, token_ids: set[str]) -> dict[str, BookView]:
        """Current books of these tokens (those that cannot be read are left out)."""
        tokens = sorted(token_ids)
        books: dict[str, BookView] = {}
        # One POST /books per 500 tokens instead of a GET /book per token.
        for start in range(0, len(tokens), MAX_BOOKS):
            chunk = tokens[start : start + MAX_BOOKS]
            try:
                books |= {b.asset_id: book_view(b) for b in await self._clob.books(chunk)}
            except (VenueError, httpx.HTTPError) as exc:
                log.warning("markets.book_failed", token_ids=chunk, error=repr(exc))
        return books

    async def decide_pending(self) -> int:
        """Decide every fill not decided yet, a page of them at a time; each leader's in
        order, many fills per transaction (``_decide_run``)."""
        decided = after = 0
        while page := await self._decide_page(after):
            decided += len(page)
            after = page[-1]
            if len(page) < PENDING_PAGE:
                break
        return decided

    async def _decide_page(self, after: int) -> list[int]:
        """Decide the next page of undecided fills after the fill ``after``; their ids."""
        # Everything the decisions need from the database before the network calls, in one
        # transaction: each transaction is milliseconds of a fill's reaction time.
        async with self._db.transaction() as session:
            pending = await LeaderFillRepository(session).undecided(PENDING_PAGE, after=after)
            condition_ids = {condition_id for _, condition_id, _ in pending}
            markets = MarketRepository(session)
            missing = {cid for cid in condition_ids if await markets.get(cid) is None}
            tokens = {
                cid: [t.token_id for t in await markets.tokens(cid)]
                for cid in sorted(condition_ids - missing)
            }
            proportional = await CopyRuleRepository(session).leaders_allocating(
                {leader for *_, leader in pending}, AllocationMode.PROPORTIONAL
            )
        if not pending:
            return []
        if missing:
            await self._cache_markets(missing)
            async with self._db.transaction() as session:
                markets = MarketRepository(session)
                tokens |= {
                    cid: [t.token_id for t in await markets.tokens(cid)] for cid in sorted(missing)
                }
        context = await self._market_context(tokens, proportional)
        runs: dict[int, list[int]] = {}  # by leader, in the order of their first pending fill
        for fill_id, _, leader_id in pending:
            runs.setdefault(leader_id, []).append(fill_id)
        for fill_ids in runs.values():
            await self._decide_run(fill_ids, context)
        return [fill_id for fill_id, _, _ in pending]

    async def _decide_run(self, fill_ids: list[int], context: MarketContext) -> None:
        """Decide one leader's pending fills in order, until each is decided or left for a
        later round; a fill that reads what earlier copies did at the venue is decided once
        their answers are booked (``copying/runs.py``)."""
        while fill_ids:
            fill_ids = await self._decide_until_wait(fill_ids, context)

    async def _decide_until_wait(self, fill_ids: list[int], context: MarketContext) -> list[int]:
        """Decide about ``DECIDE_CHUNK`` decisions per transaction (a chunk of a fan-out's
        rules, or many fills of one follower); each transaction's copies are sent as soon as
        it commits, while the next is decided. The answers are booked once every copy is
        out: on a fan-out, booking would otherwise hold back the last sends. Returns the
        fills left when one must wait for those answers."""
        answers = Answers()
        run = Run()
        leased = 0
        try:
            async with asyncio.TaskGroup() as sending:
                while fill_ids:
                    batch, burst = await self._decide_batch(
                        fill_ids, context, run, lease=leased < LEASE_AHEAD
                    )
                    if batch is not None:
                        leased += len(batch.order_ids)
                        sending.create_task(self._executor.send(batch, answers))
                        await asyncio.sleep(0)  # its first requests leave before the next batch
                    if burst.through is not None:
                        fill_ids = fill_ids[bisect.bisect_right(fill_ids, burst.through) :]
                    if burst.wait:
                        break
        except BaseExceptionGroup as failed:
            raise failed.exceptions[0] from None
        finally:
            await self._executor.settle(answers)
        return fill_ids

    async def _decide_batch(
        self, fill_ids: list[int], context: MarketContext, run: Run, *, lease: bool
    ) -> tuple[ClaimedBatch | None, Burst]:
        """The next transaction's decisions with their copies claimed for sending (unless
        not ``lease``: then they are left to the queue)."""
        candidates = fill_ids[:DECIDE_CHUNK]
        started_at = self._now()
        async with self._db.transaction() as session:
            fills = await LeaderFillRepository(session).undecided_among(candidates)
            if not fills:  # decided meanwhile (another worker)
                return None, Burst([], candidates[-1], wait=False)
            first_seen = {fill.id: fill.first_seen_at for fill in fills}
            burst = await decide_fills(
                session,
                fills,
                context,
                run,
                now=started_at,
                stale_after=self._timings.stale_after,
                limit=DECIDE_CHUNK,
            )
            orders = [order for decided in burst.decided for order in decided.orders]
            market = next((d.market for d in burst.decided if d.orders and d.market), None)
            batch = None
            if self._send_at_once and lease and market is not None:
                # The copies are leased, signed and marked in the deciding transaction and
                # sent as soon as it commits: no second round trip through the queue, and
                # an account's copies of many fills leave together (``POST /orders``). The
                # other fills' markets are in the session already: signing makes no query.
                batch = await self._executor.take(session, orders, market, fills[0].id)
            if batch is not None:
                batch = dataclasses.replace(
                    batch,
                    fill_of={o.id: d.fill_id for d in burst.decided for o in d.orders},
                )
            elif orders:
                await queue_orders(session)
        decided_at = self._now()
        for decided in burst.decided:
            tracing.observe("decide", first_seen[decided.fill_id], decided_at)
            tracing.record_span("decide", decided.fill_id, start=started_at, end=decided_at)
            with structlog.contextvars.bound_contextvars(leader_fill_id=decided.fill_id):
                for decision in decided.decisions:
                    log.info(
                        "decide.decision",
                        copy_rule_id=decision.copy_rule_id,
                        action=decision.action.value,
                        reason=decision.reason,
                    )
        return batch, burst

    async def step(self) -> None:
        """One full round: the copy path, then the upkeep (``run`` runs the two side by
        side; tests and one-shot runs step)."""
        await self.copy_round()
        await self.upkeep_round()

    async def copy_round(self, *, poll: bool = True) -> None:
        """Resolve sends in doubt, detect (unless not ``poll``), decide and send."""
        await self._executor.reconcile_in_flight()
        if poll and self._poll:
            await self.poll_once()
        await self.decide_pending()
        await self._executor.run_due()

    async def upkeep_round(self) -> None:
        """Off the copy path: a new rule's start-up mirror, redemptions and merges, resting
        orders (time to live, chases, heartbeats), reconciliation with the venue."""
        if self.mirror is not None and await self.mirror.run(
            self._cache_markets, self._books, self._leader_value
        ):
            await self._executor.run_due()
        if self.settler is not None:
            await self.settler.run()
        if self.resting is not None:
            await self.resting.run()
        if self.reconciler is not None:
            await self.reconciler.step()

    async def run(self, stop: asyncio.Event) -> None:
        """The copy loop and the upkeep loop side by side, so a long upkeep round (thousands
        of accounts to reconcile) never holds back a new fill."""
        await self.start()
        async with Wakeup.listening(self._db, FILLS_STORED, ORDERS_DUE) as wakeup:
            self.wakeup = wakeup
            async with asyncio.TaskGroup() as loops:
                loops.create_task(self._copy_loop(stop, wakeup))
                loops.create_task(self._upkeep_loop(stop))
        self.wakeup = None
        if self.reconciler is not None:
            await self.reconciler.close()

    async def _copy_loop(self, stop: asyncio.Event, wakeup: Wakeup) -> None:
        """Copy rounds every poll interval; between them, new fills stored (by the poller or
        a detector in this process, or by an ingest process on PostgreSQL) are decided at
        once, and orders that became due are sent at once. The first round polls every
        leader; from then on the Data API poller polls them on its own schedule (a quiet
        leader less often, a failing API backed off)."""
        interval = self._timings.poll_interval.total_seconds()
        loop = asyncio.get_running_loop()
        await self._guarded(self.copy_round)
        async with asyncio.TaskGroup() as detecting:
            if self._poll:
                polling = Detector(self._ingest, [self._poller], refresh_interval=interval)
                detecting.create_task(polling.run(stop))
            while not stop.is_set():
                next_round = loop.time() + interval
                while (left := next_round - loop.time()) > 0 and (
                    woken := await wakeup.wait(stop, left)
                ):
                    if FILLS_STORED in woken:
                        await self._guarded(self.decide_pending)
                    await self._guarded(self._executor.run_due)
                if not stop.is_set():
                    await self._guarded(functools.partial(self.copy_round, poll=False))

    async def _upkeep_loop(self, stop: asyncio.Event) -> None:
        interval = self._timings.poll_interval.total_seconds()
        while not stop.is_set():
            await self._guarded(self.upkeep_round)
            await sleep_or_stop(stop, interval)

    @staticmethod
    async def _guarded(stage: Callable[[], Awaitable[object]]) -> None:
        try:
            await stage()
        except Exception:  # the loop must outlive one bad round; the error is logged
            log.exception("engine.step_failed")


@dataclass(frozen=True, slots=True)
class VenueUrls:
    clob: str
    data: str
    gamma: str
    relayer: str = ""  # gasless relayer: redemptions and merges (none: they are refused)
    clob_ws_user: str = ""  # CLOB user channel: fills as they happen (none: polled only)
    rpc: str = ""  # Polygon JSON-RPC: leaders' pUSD cash (none: values are positions only)


def build_engine(
    db: Database,
    box: SecretBox,
    http: httpx.AsyncClient,
    *,
    urls: VenueUrls,
    timings: EngineTimings,
    worker_id: str,
    now: Callable[[], dt.datetime],
    rng: random.Random | None = None,
    wrap_venue: Callable[[ExecutionVenue], ExecutionVenue] | None = None,
    lease: dt.timedelta = LEASE,
    claim_batch: int = CLAIM_BATCH,
    poll: bool = True,
    send_at_once: bool = True,
    reconcile: ReconcileSettings | None = None,
) -> CopyEngine:
    """Wire the pipeline for one set of venue URLs (the emulator's, or Polymarket's)."""
    traders = TraderDirectory(
        db,
        box,
        http,
        clob_url=urls.clob,
        now=now,
        wrap_venue=wrap_venue,
        relayer_url=urls.relayer or None,
    )
    gamma = GammaClient(http, urls.gamma)
    data = DataApiClient(http, urls.data)
    return CopyEngine(
        db,
        poller=DataApiPoller(
            DataApiActivitySource(data, now),
            # Every leader each interval: the worker's and ingest's detectors are the ones
            # that slow down for quiet leaders (``poll_max_interval_seconds``).
            interval=timings.poll_interval.total_seconds(),
            max_interval=timings.poll_interval.total_seconds(),
        ),
        gamma=gamma,
        clob=ClobPublicClient(http, urls.clob),
        executor=Executor(
            db,
            traders,
            worker_id=worker_id,
            now=now,
            rng=rng,
            lease=lease,
            claim_batch=claim_batch,
        ),
        timings=timings,
        now=now,
        leader_value=LeaderValues(
            db,
            data,
            rpc=PolygonRpc(http, urls.rpc) if urls.rpc else None,
            now=now,
            max_age=timings.leader_value_max_age,
        ),
        poll=poll,
        send_at_once=send_at_once,
        settler=Settler(db, gamma, traders, now=now, check_every=timings.resolution_check),
        mirror=StartupMirror(db, data, now=now, stale_after=timings.stale_after),
        resting=RestingOrders(db, traders, ClobPublicClient(http, urls.clob), now=now),
        reconciler=Reconciler(
            db,
            traders,
            data,
            now=now,
            settings=reconcile or ReconcileSettings(user_channel_url=urls.clob_ws_user),
        ),
    )


def book_view(book: OrderBook) -> BookView:
    """The venue's book (best level last, decimals) as the decider's (best first, micros)."""
    return BookView(
        bids=tuple(
            (to_micros(level.price, exact=False), to_micros(level.size, exact=False))
            for level in reversed(book.bids)
        ),
        asks=tuple(
            (to_micros(level.price, exact=False), to_micros(level.size, exact=False))
            for level in reversed(book.asks)
        ),
    )
