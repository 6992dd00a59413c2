"""Fill and position reconciliation: the venue's own record against what polycopy booked.

Fills reach the books three ways: the send's answer (and a look-up by hash), the CLOB user
channel, and the ``/data/trades`` sweep. Each venue trade of an order is booked once. An
order's own taker match is one fill keyed by its hash that names the trades it stands for
(``ExchangeFill.trade_ids``); a later match of a resting order is a fill keyed by the trade
id. A trade of an order still in flight (its send unanswered) is left to the answer or to
``Executor.reconcile_in_flight``, and the sweep's cursor waits for it.

The user channel is the fast path. A channel that says nothing, not even a pong, for
``stall_after`` is stalled: the feed reconnects and subscribes again, and until it is heard
again the account's trades are polled from ``/data/trades`` every round.

Positions: each follower's open lots per token are compared with the Data API's
``/positions``. ``compare_positions`` (pure) decides: our unbooked venue trades are booked
(unambiguous repair); shares of tokens polycopy never traded are the user's own and become
the token's baseline; any other difference is raised once as an alert, and the rules that
trade the token are halted with the reason.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import enum
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import httpx
import structlog
from prometheus_client import Counter
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.audit.repository import AuditRepository
from polycopy.copying.service import set_rule_state
from polycopy.copying.types import TradingState
from polycopy.kit.db import Database
from polycopy.kit.errors import InvalidInputError
from polycopy.kit.money import MICRO, to_micros
from polycopy.models import ExchangeFill, Order
from polycopy.orders.repository import ReconciliationRepository
from polycopy.orders.service import follow_fills
from polycopy.orders.types import IN_FLIGHT
from polycopy.portfolio.service import book_fills
from polycopy.signals.types import TradeSide
from polycopy.venues.base import VenueFill
from polycopy.venues.directory import TraderDirectory
from polycopy.venues.polymarket.data_api import DataApiClient
from polycopy.venues.polymarket.errors import VenueError
from polycopy.venues.polymarket.models import ClobTrade
from polycopy.venues.polymarket.stream_models import TradeEvent
from polycopy.venues.polymarket.streams import UserChannel

log = structlog.get_logger(__name__)

USER_CHANNEL_STALLS = Counter(
    "polycopy_user_channel_stalls_total",
    "User channel stalls: silent (no frame, not even a pong) or disconnected past the stall"
    " timeout, so /data/trades is polled instead until the channel is heard again.",
)
RECONCILED_FILLS = Counter(
    "polycopy_reconciled_fills_total",
    "Venue trades booked by reconciliation, by where they were found.",
    ["source"],
)
POSITION_DRIFTS = Counter(
    "polycopy_position_drifts_total", "Position drifts raised as alerts (rules halted)."
)

#: The Data API's ``/positions`` leaves out holdings below one share (``sizeThreshold``).
POSITION_TOLERANCE = MICRO
#: Seconds the sweep re-reads before its cursor (trades of one second, late indexing).
CURSOR_OVERLAP_S = 5
DRIFT_ACTOR = "reconciliation"


@dataclass(frozen=True, slots=True)
class ReconcileSettings:
    #: CLOB ``/ws/user``; empty: fills come from answers, look-ups and sweeps only.
    user_channel_url: str = ""
    #: A user channel silent this long (no frame, no pong) is stalled.
    stall_after: float = 30.0
    #: Every active account's ``/data/trades`` is swept this often (the channel's safety net).
    sweep_every: dt.timedelta = dt.timedelta(seconds=30)
    #: Positions are compared with the Data API this often; None: never.
    positions_every: dt.timedelta | None = dt.timedelta(seconds=60)
    #: A token with an order in flight or changed this recently is not compared (the Data
    #: API indexes fills with a lag).
    position_grace: dt.timedelta = dt.timedelta(seconds=60)
    #: An account whose orders changed this recently keeps its channel and sweeps.
    active_window: dt.timedelta = dt.timedelta(minutes=10)


# --- venue trades → fills of our orders (pure) -------------------------------------------


@dataclass(frozen=True, slots=True)
class Sighting:
    """One of an order's parts in a venue trade: as its taker, or as one of its makers."""

    order_hash: str
    taker: bool
    fill: VenueFill
    match_time: int


def trade_sightings(trade: ClobTrade | TradeEvent, *, now: dt.datetime) -> list[Sighting]:
    """Every order's part in a trade (a ``/data/trades`` row or a user-channel event), as
    a fill keyed by the trade id; a failed trade is none."""
    if trade.status.upper().endswith("FAILED"):
        return []
    matched = int(trade.match_time) if trade.match_time.isdigit() else int(now.timestamp())
    at = dt.datetime.fromtimestamp(matched, dt.UTC)

    def part(side: str, size: Decimal, price: Decimal, token: str) -> VenueFill:
        size_micros = to_micros(size, exact=False)
        amount_micros = to_micros(size * price, exact=False)
        return VenueFill(
            venue_trade_id=trade.id,
            token_id=token,
            side=TradeSide(side.upper()),
            price_micros=to_micros(price, exact=False),
            size_micros=size_micros,
            amount_micros=amount_micros,
            fee_micros=0,
            filled_at=at,
            transaction_hash=trade.transaction_hash,
        )

    seen = [
        Sighting(
            trade.taker_order_id.lower(),
            True,
            part(trade.side, trade.size, trade.price, trade.asset_id),
            matched,
        )
    ]
    for maker in trade.maker_orders:
        token = maker.asset_id or trade.asset_id
        side = maker.side or ("SELL" if trade.side.upper() == "BUY" else "BUY")
        seen.append(
            Sighting(
                maker.order_id.lower(),
                False,
                part(side, maker.matched_amount, maker.price, token),
                matched,
            )
        )
    return [s for s in seen if s.fill.size_micros > 0]


@dataclass(frozen=True, slots=True)
class BookedFill:
    """What an already booked fill of an order stands for."""

    venue_trade_id: str
    trade_ids: tuple[str, ...] | None


def uncovered_fills(
    order_hash: str, sightings: Sequence[Sighting], booked: Sequence[BookedFill]
) -> list[VenueFill]:
    """The fills of one order's sightings that its booked fills do not stand for yet.

    The taker match is booked as one fill keyed by the order hash (as the send's answer
    books it), naming its trades; one booked without names (the venue gave none) stands for
    every taker trade. A taker trade missing from a named match, and every maker match, is
    a fill of its own keyed by the trade id.
    """
    covered = {f.venue_trade_id for f in booked} | {
        trade for f in booked for trade in f.trade_ids or ()
    }
    match = next((f for f in booked if f.venue_trade_id == order_hash), None)
    unique = {(s.taker, s.fill.venue_trade_id): s for s in sightings}.values()
    new = [s for s in unique if s.fill.venue_trade_id not in covered]
    takers = [s for s in new if s.taker]
    fills = [s.fill for s in new if not s.taker]
    if match is not None:
        return fills if match.trade_ids is None else [s.fill for s in takers] + fills
    if not takers:
        return fills
    size = sum(s.fill.size_micros for s in takers)
    amount = sum(s.fill.amount_micros for s in takers)
    first = takers[0].fill
    summed = VenueFill(
        venue_trade_id=order_hash,
        token_id=first.token_id,
        side=first.side,
        price_micros=amount * MICRO // size,
        size_micros=size,
        amount_micros=amount,
        fee_micros=0,
        filled_at=max(s.fill.filled_at for s in takers),
        transaction_hash=first.transaction_hash,
        trade_ids=tuple(s.fill.venue_trade_id for s in takers),
    )
    return [summed, *fills]


def next_cursor(cursor: int, processed: Iterable[int], deferred: Iterable[int]) -> int:
    """The sweep's new cursor: past every trade handled, never past one left for later,
    never back."""
    newest = max(processed, default=cursor)
    waiting = min(deferred, default=None)
    if waiting is not None:
        newest = min(newest, waiting - 1)
    return max(cursor, newest)


# --- positions against the Data API (pure) -----------------------------------------------


@dataclass(frozen=True, slots=True)
class TokenPosition:
    """One token of one follower: polycopy's view, the venue's, and what is known of the
    difference (micro-shares)."""

    held: int  # polycopy's open lots
    venue: int  # the Data API's position
    unbooked: int = 0  # signed shares of venue trades of our orders not booked yet
    baseline: int = 0  # the user's own shares, accepted
    alerted: int | None = None  # the unexplained drift last raised
    traded: bool = True  # polycopy placed orders in this token
    busy: bool = False  # an order in flight or just changed: the venue may lag


class PositionAction(enum.StrEnum):
    BOOK = "book"  # book our unbooked venue trades of the token
    BASELINE = "baseline"  # the user's own shares of a token polycopy never traded
    ALERT = "alert"  # a drift nothing explains: raise it, halt the rules trading it
    CLEAR = "clear"  # a drift raised before is gone


@dataclass(frozen=True, slots=True)
class PositionVerdict:
    action: PositionAction
    token_id: str
    shares: int = 0  # BOOK: shares booked; BASELINE: the new baseline; ALERT: the drift


def compare_positions(
    positions: Mapping[str, TokenPosition], tolerance: int = POSITION_TOLERANCE
) -> list[PositionVerdict]:
    """What to do about each token's difference between polycopy and the venue."""
    verdicts: list[PositionVerdict] = []
    for token_id in sorted(positions):
        p = positions[token_id]
        if p.unbooked:
            verdicts.append(PositionVerdict(PositionAction.BOOK, token_id, p.unbooked))
        if p.busy:
            continue
        expected = p.held + p.unbooked
        if not p.traded:
            if abs(p.venue - expected - p.baseline) > tolerance:
                verdicts.append(
                    PositionVerdict(PositionAction.BASELINE, token_id, p.venue - expected)
                )
            continue
        drift = p.venue - expected - p.baseline
        if abs(drift) <= tolerance:
            if p.alerted is not None:
                verdicts.append(PositionVerdict(PositionAction.CLEAR, token_id))
        elif p.alerted != drift:
            verdicts.append(PositionVerdict(PositionAction.ALERT, token_id, drift))
    return verdicts


# --- the reconciler (I/O) -----------------------------------------------------------------


@dataclass(slots=True)
class _Subscription:
    feed: UserChannel
    task: asyncio.Task[None]
    stalls_seen: int = 0
    silent_since: float | None = None
    degraded: bool = False


@dataclass(slots=True)
class _Round:
    """Fills to book and what was left for later, from one batch of sightings."""

    fills: list[tuple[Order, VenueFill]] = field(default_factory=list)
    deferred: list[Sighting] = field(default_factory=list)  # of orders still in flight
    processed: list[Sighting] = field(default_factory=list)  # the others


class Reconciler:
    """Keeps every follower's booked fills and positions equal to the venue's."""

    def __init__(
        self,
        db: Database,
        traders: TraderDirectory,
        data: DataApiClient,
        *,
        now: Callable[[], dt.datetime],
        settings: ReconcileSettings,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._db = db
        self._traders = traders
        self._data = data
        self._now = now
        self._clock = clock
        self.settings = settings
        self._channels: dict[int, _Subscription] = {}
        self._swept_at: dict[int, dt.datetime] = {}
        self._positions_due = (
            now() + settings.positions_every if settings.positions_every is not None else None
        )

    async def start(self) -> int:
        """Before anything is sent: sweep the trades of every account with an order not
        final yet (a fill may have happened while this process was down)."""
        now = self._now()
        async with self._db.transaction() as session:
            accounts = await ReconciliationRepository(session).accounts_with_orders(now)
        booked = 0
        for account_id in sorted(accounts):
            booked += await self._guarded_sweep(account_id, "startup")
        return booked

    async def step(self) -> None:
        """One round: channels for active accounts, fallback polling for stalled ones, the
        periodic sweep, and the position check when due."""
        now = self._now()
        async with self._db.transaction() as session:
            active = await ReconciliationRepository(session).accounts_with_orders(
                now - self.settings.active_window
            )
        if self.settings.user_channel_url:
            await self._follow(active)
        for account_id in sorted(active):
            subscription = self._channels.get(account_id)
            if subscription is not None and self._poll_instead(account_id, subscription):
                await self._guarded_sweep(account_id, "fallback")
                self._swept_at[account_id] = now
            elif (swept := self._swept_at.get(account_id)) is None or (
                now - swept >= self.settings.sweep_every
            ):
                await self._guarded_sweep(account_id, "sweep")
                self._swept_at[account_id] = now
        if self._positions_due is not None and now >= self._positions_due:
            await self.check_positions()
            self._positions_due = now + (self.settings.positions_every or dt.timedelta())

    async def close(self) -> None:
        for account_id in list(self._channels):
            await self._unfollow(account_id)

    # --- user channel -------------------------------------------------------------------

    async def _follow(self, active: set[int]) -> None:
        for account_id in sorted(set(self._channels) - active):
            await self._unfollow(account_id)
        for account_id in sorted(active - set(self._channels)):
            try:
                trader = await self._traders.for_account(account_id)
            except Exception:  # its sweeps report it too; the other accounts go on
                log.exception("reconcile.channel_failed", account_id=account_id)
                continue
            if trader.creds is None:
                continue
            stall = self.settings.stall_after
            feed = UserChannel(
                self.settings.user_channel_url,
                trader.creds,
                ping_interval=stall / 3,
                stale_after=stall,
                clock=self._clock,
            )
            task = asyncio.create_task(self._listen(account_id, feed))
            self._channels[account_id] = _Subscription(feed, task)

    async def _unfollow(self, account_id: int) -> None:
        subscription = self._channels.pop(account_id)
        await subscription.feed.close()
        subscription.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await subscription.task

    async def _listen(self, account_id: int, feed: UserChannel) -> None:
        async for event in feed.events():
            if not isinstance(event, TradeEvent):
                continue
            try:
                await self.book(account_id, trade_sightings(event, now=self._now()), "channel")
            except Exception:  # the next sweep finds what this frame could not book
                log.exception("reconcile.channel_booking_failed", account_id=account_id)

    def _poll_instead(self, account_id: int, subscription: _Subscription) -> bool:
        """True while the account's channel cannot be trusted: it went silent (the feed
        then reconnects and subscribes again) or is not connected. The round after it is
        heard again sweeps once more, for what it missed."""
        feed, now = subscription.feed, self._clock()
        stalls = feed.stats.stale_disconnects
        heard = feed.stats.last_message_at
        if not feed.connected.is_set():
            subscription.silent_since = subscription.silent_since or now
        else:
            subscription.silent_since = None
        silent = (
            stalls > subscription.stalls_seen
            or (heard is not None and now - heard > self.settings.stall_after)
            or (
                subscription.silent_since is not None
                and now - subscription.silent_since > self.settings.stall_after
            )
        )
        subscription.stalls_seen = max(subscription.stalls_seen, stalls)
        if silent and not subscription.degraded:
            subscription.degraded = True
            USER_CHANNEL_STALLS.inc()  # once per stall, whoever noticed first: feed or clock
            log.warning(
                "reconcile.user_channel_stalled",
                account_id=account_id,
                silent_s=self.settings.stall_after,
                fallback="/data/trades every round",
            )
            return True
        if subscription.degraded and not silent:
            subscription.degraded = False
            log.info("reconcile.user_channel_recovered", account_id=account_id)
            return True  # one more sweep: the trades of the silent stretch
        return subscription.degraded

    def user_channel(self, account_id: int) -> tuple[UserChannel, bool] | None:
        """The account's user channel, and whether polling stands in for it (stalled)."""
        subscription = self._channels.get(account_id)
        return None if subscription is None else (subscription.feed, subscription.degraded)

    # --- /data/trades ---------------------------------------------------------------------

    async def _guarded_sweep(self, account_id: int, source: str) -> int:
        """One account's sweep; its failure is logged and leaves the others to run."""
        try:
            return await self.sweep(account_id, source)
        except (VenueError, httpx.HTTPError) as exc:
            log.warning("reconcile.sweep_failed", account_id=account_id, error=repr(exc))
        except Exception:
            log.exception("reconcile.sweep_failed", account_id=account_id)
        return 0

    async def sweep(self, account_id: int, source: str = "sweep") -> int:
        """Book the account's venue trades since its cursor that are not booked yet."""
        trader = await self._traders.for_account(account_id)
        if trader.trading is None:  # paper: nothing happens at a venue
            return 0
        async with self._db.transaction() as session:
            repo = ReconciliationRepository(session)
            cursor = await repo.cursor(account_id)
            if cursor is None:
                since = self._now() - self.settings.active_window
                oldest = await repo.oldest_active_order(account_id, since)
                cursor = int((oldest or self._now()).timestamp())
        trades = await trader.trading.trades(after=max(0, cursor - CURSOR_OVERLAP_S))
        now = self._now()
        sightings = [s for trade in trades for s in trade_sightings(trade, now=now)]
        async with self._db.transaction() as session:
            found = await self._sort(session, account_id, sightings)
            booked = await self._book(session, found.fills, source)
            await ReconciliationRepository(session).set_cursor(
                account_id,
                next_cursor(
                    cursor,
                    (s.match_time for s in found.processed),
                    (s.match_time for s in found.deferred),
                ),
            )
        return booked

    async def book(self, account_id: int, sightings: Sequence[Sighting], source: str) -> int:
        """Book the sightings of the account's orders not booked yet; returns how many."""
        async with self._db.transaction() as session:
            found = await self._sort(session, account_id, sightings)
            return await self._book(session, found.fills, source)

    async def _sort(
        self, session: AsyncSession, account_id: int, sightings: Sequence[Sighting]
    ) -> _Round:
        """Our orders' parts of the sightings: new fills, and those left for later."""
        repo = ReconciliationRepository(session)
        hashes = {s.order_hash for s in sightings}
        ours = await repo.orders_by_hash(account_id, hashes)
        orders = await repo.orders_by_hash(account_id, set(ours), lock_unless=IN_FLIGHT)
        found = _Round()
        by_order: dict[str, list[Sighting]] = defaultdict(list)
        for sighting in sightings:
            if sighting.order_hash in ours and sighting.order_hash not in orders:
                found.deferred.append(sighting)  # in flight: the answer (or a look-up) tells
                continue
            # Not polycopy's order (the user's own): the positions check sees its shares.
            found.processed.append(sighting)
            if sighting.order_hash in orders:
                by_order[sighting.order_hash].append(sighting)
        fills = await repo.fills_of([orders[h].id for h in by_order])
        for order_hash, seen in by_order.items():
            order = orders[order_hash]
            booked = [BookedFill(f.venue_trade_id, _names(f)) for f in fills[order.id]]
            found.fills += [(order, f) for f in uncovered_fills(order_hash, seen, booked)]
        return found

    async def _book(
        self, session: AsyncSession, fills: list[tuple[Order, VenueFill]], source: str
    ) -> int:
        booked = await book_fills(session, fills)
        orders = {order.id: order for order, _ in fills}
        for fill in booked:
            order = orders[fill.order_id]
            log.warning(
                "reconcile.fill_booked",
                order_id=order.id,
                venue_trade_id=fill.venue_trade_id,
                size_micros=fill.size_micros,
                status=order.status.value,
                source=source,
            )
        for order_id in sorted({fill.order_id for fill in booked}):
            await follow_fills(session, orders[order_id], reconciled=source)
        RECONCILED_FILLS.labels(source).inc(len(booked))
        return len(booked)

    # --- positions --------------------------------------------------------------------------

    async def check_positions(self) -> list[PositionVerdict]:
        """Compare every follower's lots with the Data API's positions, and act on it."""
        async with self._db.transaction() as session:
            accounts = await ReconciliationRepository(session).accounts_to_check()
        verdicts: list[PositionVerdict] = []
        for account_id, wallet in sorted(accounts.items()):
            try:
                verdicts += await self._check_account(account_id, wallet)
            except (VenueError, httpx.HTTPError) as exc:
                log.warning("reconcile.positions_failed", account_id=account_id, error=repr(exc))
            except Exception:  # one account's failure leaves the others to be checked
                log.exception("reconcile.positions_failed", account_id=account_id)
        return verdicts

    async def _check_account(self, account_id: int, wallet: str) -> list[PositionVerdict]:
        trader = await self._traders.for_account(account_id)
        if trader.trading is None:
            return []
        async with self._db.transaction() as session:
            cursor = await ReconciliationRepository(session).cursor(account_id)
        venue = {
            row.token_id: to_micros(row.size or 0, exact=False)
            async for row in self._data.positions_v1(wallet)
        }
        after = max(0, (cursor or 0) - CURSOR_OVERLAP_S)
        trades = await trader.trading.trades(after=after)
        now = self._now()
        sightings = [s for trade in trades for s in trade_sightings(trade, now=now)]
        async with self._db.transaction() as session:
            repo = ReconciliationRepository(session)
            found = await self._sort(session, account_id, sightings)
            held = await repo.held(account_id)
            traded = await repo.traded_tokens(account_id)
            busy = {s.fill.token_id for s in found.deferred} | await repo.busy_tokens(
                account_id, now - self.settings.position_grace
            )
            baselines = await repo.baselines(account_id)
            unbooked: dict[str, int] = defaultdict(int)
            for _, fill in found.fills:
                unbooked[fill.token_id] += fill.size_micros * (
                    1 if fill.side is TradeSide.BUY else -1
                )
            positions = {
                token: TokenPosition(
                    held=held.get(token, 0),
                    venue=venue.get(token, 0),
                    unbooked=unbooked.get(token, 0),
                    baseline=baselines[token].baseline_micros if token in baselines else 0,
                    alerted=baselines[token].alerted_micros if token in baselines else None,
                    traded=token in traded,
                    busy=token in busy,
                )
                for token in set(held) | set(venue) | set(unbooked) | set(baselines)
            }
            verdicts = compare_positions(positions)
            for verdict in verdicts:
                await self._act(session, account_id, verdict, found, positions)
        return verdicts

    async def _act(
        self,
        session: AsyncSession,
        account_id: int,
        verdict: PositionVerdict,
        found: _Round,
        positions: Mapping[str, TokenPosition],
    ) -> None:
        repo = ReconciliationRepository(session)
        token = verdict.token_id
        if verdict.action is PositionAction.BOOK:
            await self._book(
                session, [(o, f) for o, f in found.fills if f.token_id == token], "positions"
            )
            return
        baseline = (await repo.baselines(account_id)).get(token) or repo.add_baseline(
            account_id, token
        )
        if verdict.action is PositionAction.BASELINE:
            baseline.baseline_micros = verdict.shares
            await AuditRepository(session).record(
                actor=DRIFT_ACTOR,
                entity_type="follower_account",
                entity_id=account_id,
                action="position_baseline",
                details={"token_id": token, "shares_micros": verdict.shares},
            )
        elif verdict.action is PositionAction.CLEAR:
            baseline.alerted_micros = None
        else:
            await self._alert(session, account_id, verdict, positions[token])
            baseline.alerted_micros = verdict.shares
        await session.flush()

    async def _alert(
        self, session: AsyncSession, account_id: int, verdict: PositionVerdict, p: TokenPosition
    ) -> None:
        """Raise a drift nothing explains: an audit entry, and the rules trading the token
        halted with the reason (the state change is what notifications announce)."""
        token = verdict.token_id
        reason = (
            f"position drift in token {token[:12]}…: venue {_shares(p.venue)}, "
            f"polycopy {_shares(p.held + p.unbooked)}, own {_shares(p.baseline)}"
        )
        POSITION_DRIFTS.inc()
        log.error(
            "reconcile.position_drift",
            account_id=account_id,
            token_id=token,
            venue_micros=p.venue,
            held_micros=p.held + p.unbooked,
            baseline_micros=p.baseline,
            drift_micros=verdict.shares,
        )
        await AuditRepository(session).record(
            actor=DRIFT_ACTOR,
            entity_type="follower_account",
            entity_id=account_id,
            action="position_drift",
            details={
                "token_id": token,
                "venue_micros": p.venue,
                "held_micros": p.held + p.unbooked,
                "baseline_micros": p.baseline,
                "drift_micros": verdict.shares,
            },
        )
        for rule in await ReconciliationRepository(session).rules_trading(account_id, token):
            if rule.status is not TradingState.HALTED:
                await set_rule_state(
                    session, rule, TradingState.HALTED, reason=reason[:200], actor=DRIFT_ACTOR
                )


async def acknowledge_drift(
    session: AsyncSession, account_id: int, token_id: str, *, actor: str
) -> int:
    """The user accepts a raised drift as their own shares: it joins the token's baseline,
    so it is not raised again (the halted rules are resumed by the user, as any pause).
    Returns the new baseline."""
    baseline = (await ReconciliationRepository(session).baselines(account_id)).get(token_id)
    if baseline is None or baseline.alerted_micros is None:
        raise InvalidInputError(f"no drift of token {token_id} is raised for this account")
    baseline.baseline_micros += baseline.alerted_micros
    drift, baseline.alerted_micros = baseline.alerted_micros, None
    await AuditRepository(session).record(
        actor=actor,
        entity_type="follower_account",
        entity_id=account_id,
        action="position_drift_acknowledged",
        details={"token_id": token_id, "drift_micros": drift},
    )
    return baseline.baseline_micros


def _names(fill: ExchangeFill) -> tuple[str, ...] | None:
    return tuple(fill.trade_ids) if fill.trade_ids is not None else None


def _shares(micros: int) -> str:
    return f"{Decimal(micros) / MICRO:f}"
