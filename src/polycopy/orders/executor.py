"""The execution worker: claims due orders from the order table, signs once, sends, settles.

Crash safety comes from the order of commits: signed bytes are committed before the send,
``submitting`` is committed before the send, and the answer is committed after it. A crash
between the last two leaves the order ``submitting``; start-up reconciliation looks it up by
hash and either books what happened or makes it sendable again (same bytes).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import time
from collections.abc import Callable
from decimal import Decimal

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.kit.breaker import BreakerState, CircuitBreaker
from polycopy.kit.db import Database
from polycopy.kit.money import MICRO
from polycopy.markets.repository import MarketRepository
from polycopy.models import Order
from polycopy.orders.repository import OrderRepository
from polycopy.orders.service import (
    SendPolicy,
    apply_submit_result,
    defer,
    mark_signed,
    mark_submitting,
    transition,
)
from polycopy.orders.types import OrderStatus
from polycopy.portfolio.service import book_fill
from polycopy.signals.types import TradeSide
from polycopy.venues.base import SubmitOutcome
from polycopy.venues.directory import AccountTrader, TraderDirectory
from polycopy.venues.polymarket.amounts import Side, market_order_amounts
from polycopy.venues.polymarket.signing import OrderFields, SignatureType, new_salt, post_order_body

log = structlog.get_logger(__name__)

LEASE = dt.timedelta(seconds=60)
CLAIM_BATCH = 50
# Orders in flight at once per worker: sends overlap, database writes still serialise.
SEND_CONCURRENCY = 8


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
        self._concurrency = concurrency
        self._lease = lease
        self._traders = traders
        self._worker_id = worker_id
        self._now = now
        self._rng = rng or random.Random()  # noqa: S311 (retry jitter)
        self.breaker = CircuitBreaker("clob POST /order")

    async def run_due(self) -> int:
        """Execute every order that is due now; returns how many were handled."""
        handled = 0
        while True:
            if self.breaker.state(self._now()) is BreakerState.OPEN:
                log.warning(
                    "execution.paused",
                    breaker=self.breaker.name,
                    until=str(self.breaker.opened_until),
                    reason="the venue keeps failing; not sending until the cool-down ends",
                )
                return handled
            async with self._db.transaction() as session:
                claimed = await OrderRepository(session).claim_due(
                    now=self._now(),
                    owner=self._worker_id,
                    lease=self._lease,
                    limit=self._claim_batch,
                )
                order_ids = [order.id for order in claimed]
            if not order_ids:
                return handled
            await self._execute_concurrently(order_ids)
            handled += len(order_ids)

    async def _execute_concurrently(self, order_ids: list[int]) -> None:
        """Send up to ``concurrency`` orders at once; they are claimed, so no two workers
        (or tasks) hold the same order, and an exit is never claimed beside its entry."""
        gate = asyncio.Semaphore(self._concurrency)

        async def one(order_id: int) -> None:
            async with gate:
                await self._execute(order_id)

        try:
            async with asyncio.TaskGroup() as group:
                for order_id in order_ids:
                    group.create_task(one(order_id))
        except BaseExceptionGroup as failed:
            raise failed.exceptions[0] from None

    async def _execute(self, order_id: int) -> None:
        async with self._db.transaction() as session:
            order = await OrderRepository(session).get(order_id)
            if order is None:
                return
            account_id = order.follower_account_id
        trader = await self._traders.for_account(account_id)
        async with self._db.transaction() as session:
            order = await self._load(session, order_id)
            if order.status is OrderStatus.CREATED:
                await self._sign(session, order, trader)
            if not self.breaker.allow(self._now()):
                until = self.breaker.opened_until or self._now()
                await defer(session, order, until, f"paused: breaker {self.breaker.name} open")
                return
            await mark_submitting(session, order)
            body, order_hash, side = order.signed_payload or {}, order.order_hash or "", order.side
        started = time.perf_counter()
        result = await trader.venue.submit(body, order_hash=order_hash, side=side)
        log.info(
            "order.sent",
            order_id=order_id,
            outcome=result.outcome.value,
            venue_status=result.venue_status,
            error=result.error or None,
            send_ms=round((time.perf_counter() - started) * 1000, 2),
        )
        if result.outcome in (SubmitOutcome.RETRY, SubmitOutcome.UNKNOWN):
            self.breaker.record_failure(self._now())
        else:
            self.breaker.record_success()
        async with self._db.transaction() as session:
            order = await self._load(session, order_id)
            await apply_submit_result(
                session, order, result, SendPolicy(now=self._now(), rng=self._rng)
            )

    async def _load(self, session: AsyncSession, order_id: int) -> Order:
        order = await OrderRepository(session).get(order_id)
        if order is None:
            raise LookupError(f"order {order_id}")
        return order

    async def _sign(self, session: AsyncSession, order: Order, trader: AccountTrader) -> None:
        market = await MarketRepository(session).get(order.condition_id)
        if market is None:
            raise LookupError(f"market {order.condition_id} is not cached")
        side = Side.BUY if order.side is TradeSide.BUY else Side.SELL
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
        become sendable again. Runs at start-up before any new order is sent, then every round;
        an order still leased by a live worker is left to it.
        """
        async with self._db.transaction() as session:
            pending = [
                (o.id, o.follower_account_id, o.order_hash or "", o.side)
                for o in await OrderRepository(session).in_flight(self._now())
            ]
        for order_id, account_id, order_hash, side in pending:
            trader = await self._traders.for_account(account_id)
            found = await trader.venue.lookup(order_hash, side=side)
            async with self._db.transaction() as session:
                order = await self._load(session, order_id)
                order.lease_owner = None
                order.lease_expires_at = None
                if not found.found:
                    await transition(session, order, OrderStatus.SIGNED, reconciled="not_found")
                    continue
                for fill in found.fills:
                    await book_fill(session, order, fill)
                status = (
                    OrderStatus.FILLED if order.filled_size_micros > 0 else OrderStatus.CANCELLED
                )
                await transition(
                    session, order, status, reconciled="found", venue_status=found.venue_status
                )
        return len(pending)
