"""The execution worker: claims due orders from the order table, signs once, sends, settles.

Crash safety comes from the order of commits: signed bytes are committed before the send,
``submitting`` is committed before the send, and the answer is committed after it. A crash
between the last two leaves the order ``submitting``; start-up reconciliation looks it up by
hash and either books what happened or makes it sendable again (same bytes).

Tenant isolation: whatever fails because of one account (its credentials, its signer, the
venue refusing its key) stops that account alone. It is quarantined (halted, with the reason
for its user and the admin), its unsent orders end ``rejected`` with ``account_quarantined``,
and every other account's orders of the same batch go out. When the venue failed rather than
the account (a 5xx deriving its API key), that account's orders wait a backoff in the queue.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import httpx
import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.accounts.repository import FollowerAccountRepository
from polycopy.accounts.service import quarantine_account
from polycopy.accounts.types import ACCOUNT_QUARANTINED, is_quarantined
from polycopy.copying.types import TradingState
from polycopy.kit import tracing
from polycopy.kit.breaker import BreakerState, CircuitBreaker
from polycopy.kit.db import Database
from polycopy.kit.errors import PolycopyError
from polycopy.kit.money import MICRO
from polycopy.markets.repository import MarketRepository
from polycopy.models import FollowerAccount, Market, Order
from polycopy.orders.repository import UNANSWERED, OrderRepository
from polycopy.orders.resting import resting_terms
from polycopy.orders.service import (
    BACKOFF_BASE,
    BACKOFF_CAP,
    MAX_UNANSWERED_SENDS,
    SendPolicy,
    apply_submit_results,
    defer,
    filled_status,
    mark_signed,
    mark_submitting,
    reject_unsignable,
    transition,
)
from polycopy.orders.types import OrderStatus
from polycopy.portfolio.service import book_fills
from polycopy.signals.types import TradeSide
from polycopy.venues.base import (
    MAX_BATCH_ORDERS,
    OrderLookup,
    SignedOrder,
    SubmitOutcome,
    SubmitResult,
)
from polycopy.venues.directory import AccountTrader, AccountUnusable, TraderDirectory
from polycopy.venues.polymarket.amounts import Side, market_order_amounts
from polycopy.venues.polymarket.errors import AuthenticationError
from polycopy.venues.polymarket.signers import SignerError
from polycopy.venues.polymarket.signing import OrderFields, SignatureType, new_salt, post_order_body

log = structlog.get_logger(__name__)

LEASE = dt.timedelta(seconds=60)
CLAIM_BATCH = 200
# Requests in flight at once per worker (each one account's batch of up to 15 orders).
SEND_CONCURRENCY = 8
# Answers are settled (booked in one transaction) this many orders at a time, while the next
# ones are being sent.
SETTLE_WAVE = 200
#: Answers that condemn the account, not the order: the venue does not accept its API key.
ACCOUNT_ERRORS = (AuthenticationError.code,)


#: What one account's request, trader or look-up fails with that concerns it alone (its
#: data, its signer, its request to the venue); anything else is a fault of the process and
#: ends the round, as a crash would.
ACCOUNT_FAULTS = (PolycopyError, ValueError, LookupError, httpx.HTTPError)


def _account_error(result: SubmitResult) -> bool:
    return result.outcome is SubmitOutcome.REJECTED and result.error.startswith(
        tuple(f"{code}:" for code in ACCOUNT_ERRORS)
    )


def _quarantined(account: FollowerAccount) -> bool:
    return account.trading_state is TradingState.HALTED and is_quarantined(account.state_reason)


@dataclass(frozen=True, slots=True)
class ClaimedBatch:
    """Orders leased to this worker, ready to send once the claiming transaction commits."""

    order_ids: list[int]
    accounts: set[int]
    traders: dict[int, AccountTrader]
    #: (account, order, signed order) to send; None until the batch is signed.
    sends: list[tuple[int, int, SignedOrder]] | None
    fill_of: dict[int, int]  # order → the leader fill it copies


@dataclass(slots=True)
class Answers:
    """The venue's answers to sent orders, waiting to be settled (booked)."""

    results: dict[int, SubmitResult] = field(default_factory=dict)
    fill_of: dict[int, int] = field(default_factory=dict)  # order → the leader fill it copies
    settling: asyncio.Task[None] | None = None


def _waves(
    batches: list[tuple[AccountTrader, list[tuple[int, SignedOrder]]]], size: int
) -> Iterator[list[tuple[AccountTrader, list[tuple[int, SignedOrder]]]]]:
    """Consecutive groups of batches holding about ``size`` orders each."""
    wave: list[tuple[AccountTrader, list[tuple[int, SignedOrder]]]] = []
    orders = 0
    for batch in batches:
        wave.append(batch)
        orders += len(batch[1])
        if orders >= size:
            yield wave
            wave, orders = [], 0
    if wave:
        yield wave


def _decimal(micros: int) -> Decimal:
    return Decimal(micros) / MICRO


class Executor:
    def __init__(
        self,
        db: Database,
        traders: TraderDirectory,
        *,
        worker_id: str,
        now: Callable[[], dt.datetime],
        rng: random.Random | None = None,
        lease: dt.timedelta = LEASE,
        concurrency: int = SEND_CONCURRENCY,
        claim_batch: int = CLAIM_BATCH,
    ) -> None:
        self._db = db
        self._claim_batch = claim_batch
        # One gate for every send of this worker, however many batches are being executed
        # at once (a fan-out's chunks): requests beyond it would only queue in the HTTP pool.
        self._gate = asyncio.Semaphore(concurrency)
        self._lease = lease
        self._traders = traders
        self._worker_id = worker_id
        #: Leases of the orders this worker looks up (see :meth:`reconcile_in_flight`).
        self._reconciler_id = f"{worker_id}/reconcile"
        self._now = now
        self._rng = rng or random.Random()  # noqa: S311 (retry jitter)
        self.breaker = CircuitBreaker("clob POST /order")
        #: Transient set-up failures in a row per account (its API key could not be had).
        self._setup_failures: dict[int, int] = {}

    async def run_due(self) -> int:
        """Execute every order that is due now; returns how many were handled."""
        handled = 0
        while True:
            async with self._db.transaction() as session:
                batch = await self.claim(session)
            if batch is None:
                return handled
            await self.execute(batch)
            handled += len(batch.order_ids)

    async def claim(self, session: AsyncSession) -> ClaimedBatch | None:
        """Lease a batch of due orders in the caller's transaction (see :meth:`_batch`);
        None when nothing is due or the breaker is open."""
        if self._paused():
            return None
        repo = OrderRepository(session)
        claimed = await repo.claim_due(
            now=self._now(), owner=self._worker_id, lease=self._lease, limit=self._claim_batch
        )
        if not claimed:
            return None
        return await self._batch(
            session, claimed, await repo.leader_fill_ids([order.id for order in claimed])
        )

    async def take(
        self, session: AsyncSession, orders: list[Order], market: Market, leader_fill_id: int
    ) -> ClaimedBatch | None:
        """Lease the orders the caller's transaction has just created for a leader fill, so
        a fill's copies leave as soon as it commits, together, without a round trip through
        the queue; None when the breaker is open (they wait in the queue).

        No other worker can hold them (they are not committed yet), and an exit is only
        decided once the entries it sells are final, so nothing needs the queue's checks.
        """
        if not orders or self._paused():
            return None
        expires_at = self._now() + self._lease
        for order in orders:  # signing may give one back (refused, or the breaker half-open)
            order.lease_owner, order.lease_expires_at = self._worker_id, expires_at
        # With their market at hand, signing makes no query: nothing is flushed before the
        # commit, which writes each order once.
        return await self._batch(
            session,
            orders,
            dict.fromkeys((order.id for order in orders), leader_fill_id),
            {market.condition_id: market},
        )

    def _paused(self) -> bool:
        if self.breaker.state(self._now()) is not BreakerState.OPEN:
            return False
        log.warning(
            "execution.paused",
            breaker=self.breaker.name,
            until=str(self.breaker.opened_until),
            reason="the venue keeps failing; not sending until the cool-down ends",
        )
        return True

    async def _batch(
        self,
        session: AsyncSession,
        orders: list[Order],
        fill_of: dict[int, int],
        markets: dict[str, Market] | None = None,
    ) -> ClaimedBatch:
        """The batch of leased orders, signed and marked ``submitting`` in the caller's
        transaction when every account already trades in this process (one commit less per
        batch). The caller commits, then hands the batch to :meth:`execute`."""
        rows = await FollowerAccountRepository(session).get_many(
            {order.follower_account_id for order in orders}
        )
        stopped = {a: row for a, row in rows.items() if _quarantined(row)}
        if stopped:  # queued before the quarantine (a retry, an admin's retry): never sent
            for order in orders:
                if order.follower_account_id in stopped:
                    reason = stopped[order.follower_account_id].state_reason or ""
                    await _reject(session, order, f"{ACCOUNT_QUARANTINED}: {reason}")
            orders = [order for order in orders if order.follower_account_id not in stopped]
        accounts = {order.follower_account_id for order in orders}
        traders = {
            a: t for a in accounts if a in rows and (t := self._traders.cached(rows[a])) is not None
        }
        ready = len(traders) == len(accounts)
        return ClaimedBatch(
            order_ids=[order.id for order in orders],
            accounts=accounts,
            traders=traders,
            sends=await self._prepare(session, orders, traders, markets) if ready else None,
            fill_of=fill_of,
        )

    async def execute(self, batch: ClaimedBatch) -> None:
        """Send a claimed batch and settle its answers, one wave settling while the next is
        in flight."""
        answers = Answers()
        try:
            await self.send(batch, answers, settle_waves=True)
        finally:
            await self.settle(answers)

    async def send(
        self, batch: ClaimedBatch, answers: Answers, *, settle_waves: bool = False
    ) -> None:
        """Send a claimed batch (signing it first if :meth:`claim` could not), collecting
        each order's answer into ``answers`` for :meth:`settle`.

        An order whose answer is never settled (a crash, a failed send beside it) stays
        ``submitting`` and is resolved by reconciliation, by its hash. With
        ``settle_waves``, answers are settled a wave at a time while the next wave is sent.
        """
        traders, sends = dict(batch.traders), batch.sends
        if sends is None:
            # A new account's trader may need the database and the venue (API key): built
            # outside any transaction, all at once, then the batch is signed in a second one.
            # An account whose trader cannot be built holds back no other account.
            missing = sorted(batch.accounts - traders.keys())
            built = await asyncio.gather(*(self._trader(a) for a in missing))
            failed = {
                error.account_id: error for error in built if isinstance(error, AccountUnusable)
            }
            traders |= {t.account_id: t for t in built if isinstance(t, AccountTrader)}
            async with self._db.transaction() as session:
                orders = list((await OrderRepository(session).get_all(batch.order_ids)).values())
                for account_id, error in failed.items():
                    held = [o for o in orders if o.follower_account_id == account_id]
                    await self._account_failed(session, error, held)
                sends = await self._prepare(
                    session, [o for o in orders if o.follower_account_id not in failed], traders
                )
        answers.fill_of.update(batch.fill_of)
        by_account: dict[int, list[tuple[int, SignedOrder]]] = defaultdict(list)
        for account_id, order_id, signed in sends:
            by_account[account_id].append((order_id, signed))
        batches = [
            (traders[account_id], group[start : start + MAX_BATCH_ORDERS])
            for account_id, group in by_account.items()
            for start in range(0, len(group), MAX_BATCH_ORDERS)
        ]
        for wave in _waves(batches, SETTLE_WAVE):
            await self._send_concurrently(wave, answers)
            if settle_waves:
                await self.settle(answers, wait=False)

    async def _prepare(
        self,
        session: AsyncSession,
        orders: Sequence[Order],
        traders: dict[int, AccountTrader],
        markets: dict[str, Market] | None = None,
    ) -> list[tuple[int, int, SignedOrder]]:
        """Sign what is not signed yet and mark the sendable orders ``submitting``.

        Committed before any send: the signed bytes and the attempt are on disk first. The
        orders are claimed, so no two workers (or tasks) hold the same order, and an exit is
        never claimed beside its entry.
        """
        markets = dict(markets or {})  # the orders' markets, as far as the caller has them
        sends = []
        stopped: set[int] = set()  # accounts whose signer failed: quarantined
        for order in sorted(orders, key=lambda o: o.id):
            account_id = order.follower_account_id
            trader = traders[account_id]
            if account_id in stopped:
                await _reject(session, order, f"{ACCOUNT_QUARANTINED}: signer failed")
                continue
            if order.status is OrderStatus.CREATED:
                if order.condition_id not in markets:
                    markets[order.condition_id] = await self._market(session, order)
                try:
                    await self._sign(session, order, trader, markets[order.condition_id])
                except ValueError as refused:  # one bad order must not block its batch
                    await reject_unsignable(session, order, str(refused))
                    continue
                except SignerError as exc:  # the account's signer: no order of it can go
                    stopped.add(account_id)
                    failure = AccountUnusable(account_id, f"its signer failed ({exc})")
                    await self._account_failed(session, failure, [order])
                    continue
            if not self.breaker.allow(self._now()):
                until = self.breaker.opened_until or self._now()
                await defer(session, order, until, f"paused: breaker {self.breaker.name} open")
                continue
            await mark_submitting(session, order)
            signed = SignedOrder(order.signed_payload or {}, order.order_hash or "", order.side)
            sends.append((order.follower_account_id, order.id, signed))
        return sends

    async def settle(self, answers: Answers, *, wait: bool = True) -> None:
        """Book the answers collected so far, SETTLE_WAVE orders per transaction, one
        settling at a time; ``wait=False`` starts it and returns (the next :meth:`settle`
        waits for it)."""
        if answers.settling is not None:
            await answers.settling
            answers.settling = None
        pending, answers.results = answers.results, {}
        if not pending:
            return
        settling = asyncio.create_task(self._settle_waves(pending, answers.fill_of))
        if wait:
            await settling
        else:
            answers.settling = settling

    async def _settle_waves(
        self, results: dict[int, SubmitResult], fill_of: dict[int, int]
    ) -> None:
        order_ids = sorted(results)
        for start in range(0, len(order_ids), SETTLE_WAVE):
            wave = order_ids[start : start + SETTLE_WAVE]
            await self._settle({order_id: results[order_id] for order_id in wave}, fill_of)

    async def _settle(self, results: dict[int, SubmitResult], fill_of: dict[int, int]) -> None:
        started_at = self._now()
        async with self._db.transaction() as session:
            orders = await OrderRepository(session).lock_all(sorted(results))
            results = self._still_ours(orders, results)
            policy = SendPolicy(now=self._now(), rng=self._rng)
            await apply_submit_results(
                session,
                [(orders[order_id], results[order_id]) for order_id in sorted(results)],
                policy,
            )
            refused = {
                orders[order_id].follower_account_id: result.error
                for order_id, result in results.items()
                if _account_error(result)
            }
            for account_id, error in sorted(refused.items()):
                reason = f"the exchange refused its API key ({error})"
                await self._account_failed(session, AccountUnusable(account_id, reason))
            filled = {
                order_id: orders[order_id].created_at
                for order_id, result in results.items()
                if result.outcome is SubmitOutcome.ACCEPTED and result.fills
            }
        booked_at = self._now()
        for order_id, created_at in filled.items():
            tracing.ORDERS_FILLED.inc()
            tracing.observe("fill", created_at, booked_at)
            if order_id in fill_of:
                tracing.record_span(
                    "fill",
                    fill_of[order_id],
                    start=started_at,
                    end=booked_at,
                    order_id=order_id,
                    fills=len(results[order_id].fills),
                )

    def _still_ours(
        self, orders: dict[int, Order], results: dict[int, SubmitResult]
    ) -> dict[int, SubmitResult]:
        """The answers that still apply: to orders still ``submitting`` under this worker's
        lease. Another worker took over an order whose lease ran out (and looked it up):
        its verdict stands, this late answer is dropped."""
        kept = {}
        for order_id, result in results.items():
            order = orders.get(order_id)
            if (
                order is not None
                and order.status is OrderStatus.SUBMITTING
                and order.lease_owner == self._worker_id
            ):
                kept[order_id] = result
                continue
            log.warning(
                "order.answer_dropped",
                order_id=order_id,
                outcome=result.outcome.value,
                status=order.status.value if order else None,
                lease_owner=order.lease_owner if order else None,
            )
        return kept

    async def _send_concurrently(
        self,
        batches: list[tuple[AccountTrader, list[tuple[int, SignedOrder]]]],
        answers: Answers,
    ) -> None:
        """Send up to ``concurrency`` batches at once (each one request of one account),
        collecting each order's answer into ``answers``."""

        async def one(trader: AccountTrader, batch: list[tuple[int, SignedOrder]]) -> None:
            async with self._gate:
                started_at = self._now()
                started = time.perf_counter()
                try:
                    replies = await trader.venue.submit_batch([signed for _, signed in batch])
                except ACCOUNT_FAULTS as exc:  # one account's request fails alone
                    # Not a venue answer: it may have left, so reconciliation looks it up.
                    log.exception("order.send_failed", account_id=trader.account_id)
                    failed = SubmitResult(
                        SubmitOutcome.UNKNOWN, error=f"send_failed: {type(exc).__name__}"
                    )
                    replies = [failed] * len(batch)
                elapsed = time.perf_counter() - started
                answered_at = self._now()
            send_ms = round(elapsed * 1000, 2)
            tracing.STAGE_LATENCY.labels("order").observe(elapsed)
            for (order_id, _), result in zip(batch, replies, strict=True):
                leader_fill_id = answers.fill_of.get(order_id)
                with structlog.contextvars.bound_contextvars(leader_fill_id=leader_fill_id):
                    log.info(
                        "order.sent",
                        order_id=order_id,
                        outcome=result.outcome.value,
                        venue_status=result.venue_status,
                        error=result.error or None,
                        send_ms=send_ms,
                        batch=len(batch),
                    )
                tracing.ORDERS_ANSWERED.labels(result.outcome.value).inc()
                if leader_fill_id is not None:
                    tracing.record_span(
                        "order",
                        leader_fill_id,
                        start=started_at,
                        end=answered_at,
                        order_id=order_id,
                        outcome=result.outcome.value,
                    )
                if result.outcome in (SubmitOutcome.RETRY, SubmitOutcome.UNKNOWN):
                    self.breaker.record_failure(self._now())
                else:
                    self.breaker.record_success()
                answers.results[order_id] = result

        try:
            async with asyncio.TaskGroup() as group:
                for trader, batch in batches:
                    group.create_task(one(trader, batch))
        except BaseExceptionGroup as failed:
            raise failed.exceptions[0] from None

    async def _trader(self, account_id: int) -> AccountTrader | AccountUnusable:
        """The account's trader, or why it cannot be had (for this account only)."""
        try:
            trader = await self._traders.for_account(account_id)
        except AccountUnusable as exc:
            return exc
        except ACCOUNT_FAULTS as exc:  # not understood: tried again later, not the others' loss
            log.exception("account.setup_failed", account_id=account_id)
            return AccountUnusable(account_id, type(exc).__name__, transient=True)
        self._setup_failures.pop(account_id, None)
        return trader

    async def _account_failed(
        self, session: AsyncSession, error: AccountUnusable, held: Sequence[Order] = ()
    ) -> None:
        """One account cannot trade: later (transient) or not until its user fixes it.

        Transient: the orders in hand wait in the queue, due after a backoff that grows with
        each failure in a row. Otherwise the account is quarantined and its orders in hand,
        and those waiting in the queue, end ``rejected`` with ``account_quarantined``.
        """
        account_id = error.account_id
        if error.transient:
            failures = self._setup_failures.get(account_id, 0) + 1
            self._setup_failures[account_id] = failures
            until = self._now() + min(BACKOFF_CAP, BACKOFF_BASE * 2**failures)
            log.warning(
                "account.setup_failed", account_id=account_id, reason=error.reason, until=str(until)
            )
            for order in held:
                await defer(session, order, until, f"account set-up failed: {error.reason}")
            return
        self._traders.forget(account_id)
        self._setup_failures.pop(account_id, None)
        if await quarantine_account(session, account_id, error.reason) is not None:
            log.warning("account.quarantined", account_id=account_id, reason=error.reason)
        ended = f"{ACCOUNT_QUARANTINED}: {error.reason}"
        waiting = await OrderRepository(session).unsent(account_id, self._now())
        for order in {o.id: o for o in [*held, *waiting]}.values():
            if order.status in (OrderStatus.CREATED, OrderStatus.SIGNED):
                await _reject(session, order, ended)

    @staticmethod
    async def _market(session: AsyncSession, order: Order) -> Market:
        market = await MarketRepository(session).get(order.condition_id)
        if market is None:
            raise LookupError(f"market {order.condition_id} is not cached")
        return market

    async def _sign(
        self, session: AsyncSession, order: Order, trader: AccountTrader, market: Market
    ) -> None:
        side = Side.BUY if order.side is TradeSide.BUY else Side.SELL
        expiration = 0
        terms = resting_terms(order, market, self._now()) if order.order_type.rests else None
        if terms is not None:  # a limit order for shares, with its time to live
            maker_amount, taker_amount, expiration = terms
        else:
            quantity = order.amount_micros if side is Side.BUY else order.size_micros
            maker_amount, taker_amount = market_order_amounts(
                side,
                _decimal(quantity or 0),
                _decimal(order.limit_price_micros),
                _decimal(market.tick_size_micros),
            )
        fields = OrderFields(
            salt=new_salt(),
            maker=trader.maker_address,
            signer=trader.signer.address,
            token_id=int(order.token_id),
            maker_amount=maker_amount,
            taker_amount=taker_amount,
            side=side,
            signature_type=SignatureType(trader.signature_type),
            timestamp_ms=int(self._now().timestamp() * 1000),
            expiration=expiration,
        )
        signed = trader.signer.sign_order(fields, neg_risk=market.neg_risk)
        body = post_order_body(signed, owner=trader.api_key, order_type=order.order_type.value)
        await mark_signed(
            session,
            order,
            payload=body,
            order_hash=signed.order_hash,
            maker_amount=maker_amount,
            taker_amount=taker_amount,
        )

    async def reconcile_in_flight(self) -> int:
        """Resolve orders whose last send has no known outcome, by looking up their hash.

        Found: book what filled. Not found: the send never arrived, so the same signed bytes
        become sendable again, up to the attempt cap; then the order is dead-lettered. Runs at
        start-up before any new order is sent, then every round; an order still leased by a
        live worker is left to it.

        Two workers never race on one order: each order is leased before it is looked up,
        and locked and checked again before the verdict is applied. A verdict for an order
        that is no longer in doubt, or that another worker holds (this lease ran out and it
        took over), is dropped: the order moved on from what the look-up saw.
        """
        owner = self._reconciler_id
        async with self._db.transaction() as session:
            rows = await OrderRepository(session).lease_in_flight(
                now=self._now(), owner=owner, lease=self._lease
            )
            accounts = await FollowerAccountRepository(session).get_many(
                {o.follower_account_id for o in rows}
            )
            stopped = {a for a, account in accounts.items() if _quarantined(account)}
            for order in rows:  # left for when its credentials are replaced and it resumes
                if order.follower_account_id in stopped:
                    order.lease_owner = order.lease_expires_at = None
                    if order.status is OrderStatus.SUBMITTING:
                        await _unresolved(session, order, accounts[order.follower_account_id])
            pending = [
                (o.id, o.follower_account_id, o.order_hash or "", o.side)
                for o in rows
                if o.follower_account_id not in stopped
            ]
        failed: dict[int, list[int]] = {}  # account → its orders not looked up
        for order_id, account_id, order_hash, side in pending:
            if account_id in failed:
                failed[account_id].append(order_id)
                continue
            try:
                trader = await self._traders.for_account(account_id)
                found = await trader.venue.lookup(order_hash, side=side)
            except ACCOUNT_FAULTS as exc:
                # This account's orders wait for the next round; the others are looked up.
                failed[account_id] = [order_id]
                await self._lookup_failed(account_id, exc)
                continue
            async with self._db.transaction() as session:
                await self._resolve(session, order_id, found)
        if failed:
            async with self._db.transaction() as session:
                await OrderRepository(session).release(
                    [order_id for held in failed.values() for order_id in held], owner
                )
        return len(pending)

    async def _resolve(self, session: AsyncSession, order_id: int, found: OrderLookup) -> None:
        """Apply a look-up's verdict to the order, locked, if it still stands."""
        order = await OrderRepository(session).lock(order_id)
        if (
            order is None
            or order.status not in UNANSWERED
            or order.lease_owner != self._reconciler_id
        ):
            log.warning(
                "reconcile.verdict_dropped",
                order_id=order_id,
                found=found.found,
                status=order.status.value if order else None,
                lease_owner=order.lease_owner if order else None,
            )
            return
        order.lease_owner = None
        order.lease_expires_at = None
        if not found.found:
            if order.attempts >= MAX_UNANSWERED_SENDS:
                # Every send went unanswered and none reached the venue: stop resending;
                # an admin retry sends the same bytes again (never a second order).
                order.last_error = f"no answer to {order.attempts} sends, not at the venue"
                await transition(
                    session,
                    order,
                    OrderStatus.DEAD_LETTERED,
                    reconciled="not_found",
                    error=order.last_error,
                    attempts=order.attempts,
                )
                return
            await transition(session, order, OrderStatus.SIGNED, reconciled="not_found")
            return
        await book_fills(session, [(order, fill) for fill in found.fills])
        # Resting, or a FAK's killed rest: the resting-order round takes it on.
        status = filled_status(order)
        if status is OrderStatus.LIVE and not (order.order_type.rests or found.open):
            status = OrderStatus.CANCELLED  # marketable, matched nothing: killed
        await transition(
            session, order, status, reconciled="found", venue_status=found.venue_status
        )

    async def _lookup_failed(self, account_id: int, exc: Exception) -> None:
        log.warning("reconcile.lookup_failed", account_id=account_id, error=repr(exc))
        if isinstance(exc, AuthenticationError):
            exc = AccountUnusable(
                account_id, f"the exchange refused its API key ({exc.code}: {exc})"
            )
        if isinstance(exc, AccountUnusable) and not exc.transient:
            async with self._db.transaction() as session:
                await self._account_failed(session, exc)


async def _reject(session: AsyncSession, order: Order, error: str) -> None:
    """End an order that was never sent, for its account's sake."""
    order.lease_owner = order.lease_expires_at = None
    order.last_error = error
    await transition(session, order, OrderStatus.REJECTED, error=error, stage="account")


async def _unresolved(session: AsyncSession, order: Order, account: FollowerAccount) -> None:
    """A send in doubt of a quarantined account: it cannot be looked up with its
    credentials, so it is ``unknown`` with the reason until they are replaced."""
    order.lease_owner = order.lease_expires_at = None
    order.last_error = f"{ACCOUNT_QUARANTINED}: {account.state_reason or ''}"
    await transition(session, order, OrderStatus.UNKNOWN, error=order.last_error)
