"""Resting orders: GTC/GTD limit orders after their send, FAK remainders, and heartbeats.

Each engine round (``RestingOrders.run``):

1. **Heartbeats.** An account with a resting order (or one on its way) sends the CLOB
   heartbeat every ``HEARTBEAT_EVERY``; the venue cancels every open order of an API key
   that stays silent for 10 s (+5 s buffer). Accounts with nothing resting stop sending.
2. **Look-up.** Each live or partly filled resting order is looked up by hash; its new fills
   are booked (each venue trade once, ``portfolio.service.book_fills``).
3. **Time to live.** An order still open at ``expires_at`` is cancelled at the venue (a GTD
   order is expired by the venue itself; polycopy cancels it too if the venue has not yet),
   then looked up once more so fills up to the cancel are booked before anything else.
4. **Policy.** An order that ended unfilled, or partly filled with remainder ``rest``,
   follows ``on_expiry``: ``cancel``, or ``chase`` (a NEW order for the unfilled rest at
   the current best price, never past the worst price the slippage limit allows, at most
   ``max_chases`` times). A FAK order's killed rest follows ``remainder``: ``drop``, or
   ``rest`` (a GTC order for the rest at the FAK's limit). The rest is the shares not got,
   never the pUSD a better price saved (that is released). A replacement has its own
   deterministic idempotency key (``kit.ids.replacement_key``) and is signed once by the
   executor like every order. The old order ends (GTD at its time to live: ``expired``;
   otherwise ``cancelled``) in the same transaction, so the reservation moves to the
   replacement or is released, never both or neither.

An order the venue closed before its time to live (a heartbeat lapse, a resolved market, a
cancel by hand) is recorded ``cancelled`` with the venue's status, and is not replaced.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import httpx
import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.copying.sizing import to_step
from polycopy.kit.db import Database
from polycopy.kit.ids import replacement_key
from polycopy.kit.money import MICRO, to_micros
from polycopy.markets.repository import MarketRepository
from polycopy.models import Market, Order
from polycopy.orders.repository import OrderRepository
from polycopy.orders.service import (
    NewOrder,
    add_orders,
    asked_shares,
    filled_status,
    policy_of,
    queue_orders,
    transition,
)
from polycopy.orders.types import ExpiryPolicy, OrderStatus, OrderType, RemainderPolicy
from polycopy.portfolio.service import book_fills
from polycopy.signals.types import TradeSide
from polycopy.venues.base import OrderLookup
from polycopy.venues.directory import AccountUnusable, TraderDirectory
from polycopy.venues.polymarket.amounts import Side, limit_order_amounts
from polycopy.venues.polymarket.clob import ClobPublicClient
from polycopy.venues.polymarket.http import VenueError

log = structlog.get_logger(__name__)

#: Half the venue's 10 s: one lost or late heartbeat does not cost the account its orders.
HEARTBEAT_EVERY = dt.timedelta(seconds=5)
#: A GTD order the venue closed this close to its expiration expired (clocks differ a little).
CLOCK_GRACE = dt.timedelta(seconds=5)
OPEN = (OrderStatus.LIVE, OrderStatus.PARTIALLY_FILLED)
#: Failures of one account's calls (its venue, or its unusable credentials): logged, and that
#: account is tried again next round while every other account's orders go on.
_ONE_ACCOUNT = (VenueError, httpx.HTTPError, AccountUnusable)


def _decimal(micros: int) -> Decimal:
    return Decimal(micros) / MICRO


def on_tick(side: TradeSide, price: int, tick: int) -> int:
    """``price`` on the tick grid, rounded to the follower's advantage (a buy down, a sell
    up), inside ``[tick, 1 - tick]``."""
    snapped = price // tick * tick if side is TradeSide.BUY else -(-price // tick) * tick
    return min(max(snapped, tick), MICRO - tick)


def resting_terms(order: Order, market: Market, now: dt.datetime) -> tuple[int, int, int] | None:
    """Fix a resting order's signed price, shares and end; returns (maker amount, taker
    amount, expiration) for its signature.

    Limit orders are share-denominated: a buy of ``amount`` pUSD at ``price`` is
    ``floor(amount / price)`` shares (0.01 step), so it can never spend more than it
    reserved. Its time to live counts from signing; a GTD order carries it to the venue as
    ``expiration`` (GTC orders are cancelled by polycopy). An order too small to rest (under
    the market's minimum size) becomes a FOK order at its worst price, as without a resting
    policy, rather than a copy refused: None then.
    """
    tick = market.tick_size_micros
    price = on_tick(order.side, order.limit_price_micros, tick)
    buying = order.side is TradeSide.BUY
    shares = to_step((order.amount_micros or 0) * MICRO // price) if buying else order.size_micros
    if not shares or shares < market.min_order_size_micros:
        order.order_type = OrderType.FOK
        order.limit_price_micros = policy_of(order).worst_price_micros
        log.info("resting.too_small", order_id=order.id, shares=shares, price_micros=price)
        return None
    maker, taker = limit_order_amounts(
        Side.BUY if buying else Side.SELL, _decimal(shares), _decimal(price), _decimal(tick)
    )
    order.limit_price_micros = price
    order.size_micros = shares
    order.expires_at = now + dt.timedelta(seconds=policy_of(order).ttl_seconds)
    expiration = int(order.expires_at.timestamp()) if order.order_type is OrderType.GTD else 0
    return maker, taker, expiration


def unfilled(order: Order) -> int:
    """What the order still holds back: pUSD for a buy, shares for a sell."""
    if order.side is TradeSide.BUY:
        return max(0, (order.amount_micros or 0) - order.filled_amount_micros)
    return max(0, (order.size_micros or 0) - order.filled_size_micros)


def unfilled_shares(order: Order) -> int:
    """The shares the order asked for and did not get (for a buy not signed yet: what its
    unspent pUSD buys at its limit)."""
    asked = asked_shares(order)
    if asked is None:
        return unfilled(order) * MICRO // order.limit_price_micros
    return max(0, asked - order.filled_size_micros)


def chase_price(order: Order, best: int | None) -> int | None:
    """The price a chase re-places ``order`` at: the best opposite price, never past the
    worst price the rule's slippage limit allows; None when that does not move the price
    towards a fill (the book ran past the limit and the order already sits at it)."""
    worst = policy_of(order).worst_price_micros
    if order.side is TradeSide.BUY:
        price = worst if best is None else min(best, worst)
        return price if price > order.limit_price_micros else None
    price = worst if best is None else max(best, worst)
    return price if price < order.limit_price_micros else None


@dataclass(frozen=True, slots=True)
class Replacement:
    """A new order for the unfilled rest of one that ended."""

    price: int
    order_type: OrderType
    chase_count: int
    why: str  # "chase" or "remainder"
    shares: int  # the unfilled shares it asks for

    def reserve(self, order: Order) -> int:
        """What the replacement holds back of ``order``'s reservation: pUSD for its shares
        at its price (a buy), or the shares (a sell); ``order`` releases the rest."""
        if order.side is TradeSide.BUY:
            return min(unfilled(order), -(-self.shares * self.price // MICRO))
        return self.shares


def replacement(
    order: Order, *, ended_by_ttl: bool, best: int | None, min_shares: int
) -> Replacement | None:
    """What the rule's policy does with the rest of an order that ended unfilled or partly
    filled (a pure function of the order, its policy snapshot and the book)."""
    policy = policy_of(order)
    if order.order_type is OrderType.FAK:  # the venue killed the rest at once
        if policy.remainder is not RemainderPolicy.REST:
            return None
        price, kind, count = order.limit_price_micros, OrderType.GTC, order.chase_count
        why = "remainder"
    else:
        chasing = ended_by_ttl and policy.on_expiry is ExpiryPolicy.CHASE
        enough = order.filled_size_micros > 0 and policy.remainder is RemainderPolicy.DROP
        if not chasing or enough or order.chase_count >= policy.max_chases:
            return None
        chased = chase_price(order, best)
        if chased is None:
            return None
        price, kind, count, why = chased, order.order_type, order.chase_count + 1, "chase"
    # The rest is counted in shares: pUSD a better price saved is released, never spent
    # on more shares than the copy asked for (and a buy never past what it still reserves).
    shares = unfilled_shares(order)
    if order.side is TradeSide.BUY:
        shares = to_step(min(shares, unfilled(order) * MICRO // price))
    if shares < min_shares:
        return None
    return Replacement(price, kind, count, why, shares)


@dataclass(frozen=True, slots=True)
class _Working:
    order_id: int
    account_id: int
    kind: OrderType
    status: OrderStatus
    order_hash: str
    filled_size: int
    expires_at: dt.datetime | None


class RestingOrders:
    """Watches resting orders each engine round and keeps their accounts' heartbeats up."""

    def __init__(
        self,
        db: Database,
        traders: TraderDirectory,
        clob: ClobPublicClient,
        *,
        now: Callable[[], dt.datetime],
        heartbeat_every: dt.timedelta = HEARTBEAT_EVERY,
    ) -> None:
        self._db = db
        self._traders = traders
        self._clob = clob
        self._now = now
        self._heartbeat_every = heartbeat_every
        #: Per account: the heartbeat id to send next and when the last one went out.
        self.heartbeats: dict[int, tuple[str, dt.datetime]] = {}

    async def run(self) -> int:
        """One round: heartbeats, look-ups, time to live and policies; returns how many
        orders were checked."""
        async with self._db.transaction() as session:
            working = [
                _Working(
                    o.id,
                    o.follower_account_id,
                    o.order_type,
                    o.status,
                    o.order_hash or "",
                    o.filled_size_micros,
                    o.expires_at,
                )
                for o in await OrderRepository(session).working()
            ]
        await self._beat({w.account_id for w in working if w.kind.rests})
        now = self._now()
        open_at_venue = await self._listings(
            {w.account_id for w in working if w.kind.rests and w.status in OPEN}
        )
        checked = 0
        for w in working:
            if w.status not in OPEN:
                continue
            listed = open_at_venue.get(w.account_id)
            unchanged = listed is not None and listed.get(w.order_hash) == w.filled_size
            if w.kind.rests and unchanged and (w.expires_at is None or now < w.expires_at):
                continue  # still resting, nothing new: no look-up of its own
            try:
                await self._check(w.order_id, w.account_id, w.kind)
            except _ONE_ACCOUNT as exc:  # the next round tries again; the others go on
                log.warning("resting.check_failed", order_id=w.order_id, error=repr(exc))
            checked += 1
        return checked

    async def _listings(self, accounts: set[int]) -> dict[int, dict[str, int]]:
        """Per account, its orders resting at the venue (one call each); an account whose
        listing failed is left out, and its orders are looked up one by one."""
        listings = {}
        for account_id in sorted(accounts):
            try:
                venue = (await self._traders.for_account(account_id)).venue
                listings[account_id] = await venue.open_orders()
            except _ONE_ACCOUNT as exc:
                log.warning("resting.listing_failed", account_id=account_id, error=repr(exc))
        return listings

    async def _beat(self, accounts: set[int]) -> None:
        """Heartbeats for accounts with resting orders; the others stop sending."""
        for account_id in set(self.heartbeats) - accounts:
            del self.heartbeats[account_id]
        now = self._now()
        for account_id in sorted(accounts):
            last_id, sent_at = self.heartbeats.get(account_id, ("", None))
            if sent_at is not None and now - sent_at < self._heartbeat_every:
                continue
            try:
                trader = await self._traders.for_account(account_id)
                next_id = await trader.venue.heartbeat(last_id)
            except _ONE_ACCOUNT as exc:
                log.warning("resting.heartbeat_failed", account_id=account_id, error=repr(exc))
                continue
            self.heartbeats[account_id] = (next_id, now)

    async def _check(self, order_id: int, account_id: int, kind: OrderType) -> None:
        async with self._db.transaction() as session:
            order = await OrderRepository(session).get(order_id)
            if order is None or order.status not in OPEN:
                return
            order_hash, side, token_id = order.order_hash or "", order.side, order.token_id
            expires_at, policy = order.expires_at, policy_of(order)
        found: OrderLookup | None = None
        now = self._now()
        ttl_over = expires_at is not None and now >= expires_at
        if kind.rests:
            venue = (await self._traders.for_account(account_id)).venue
            found = await venue.lookup(order_hash, side=side)
            if found.open and ttl_over:
                cancelled = await venue.cancel([order_hash])
                found = await venue.lookup(order_hash, side=side)
                log.info(
                    "resting.ttl_cancel",
                    order_id=order_id,
                    canceled=bool(cancelled.canceled),
                    not_canceled=cancelled.not_canceled or None,
                )
            if found.open:
                await self._settle(order_id, found, ended_by_ttl=False, best=None)
                return
            if kind is OrderType.GTD and expires_at is not None:
                ttl_over = now >= expires_at - CLOCK_GRACE
        best = None
        if ttl_over and policy.on_expiry is ExpiryPolicy.CHASE:
            best = await self._best_price(token_id, side)
        await self._settle(order_id, found, ended_by_ttl=ttl_over, best=best)

    async def _best_price(self, token_id: str, side: TradeSide) -> int | None:
        """The best price on the side a chase would trade with (asks for a buy)."""
        book = await self._clob.book(token_id)
        levels = book.asks if side is TradeSide.BUY else book.bids
        return to_micros(levels[-1].price, exact=False) if levels else None  # best level last

    async def _settle(
        self, order_id: int, found: OrderLookup | None, *, ended_by_ttl: bool, best: int | None
    ) -> None:
        """Book what the venue reports and move the order on, in one transaction."""
        async with self._db.transaction() as session:
            order = await OrderRepository(session).lock(order_id)
            if order is None or order.status not in OPEN:
                return  # another worker settled it first
            fills = await book_fills(session, [(order, f) for f in found.fills] if found else [])
            seen: dict[str, Any] = {"fills": len(fills), "filled_micros": order.filled_size_micros}
            if found is not None:
                seen["venue_status"] = found.venue_status
            status = filled_status(order)
            if found is not None and found.open and status is not OrderStatus.FILLED:
                if fills or status is not order.status:
                    await transition(session, order, status, **seen)
                return
            if status is OrderStatus.FILLED:
                await transition(session, order, status, **seen)
                return
            await self._end(session, order, seen, ended_by_ttl=ended_by_ttl, best=best)

    async def _end(
        self,
        session: AsyncSession,
        order: Order,
        seen: dict[str, Any],
        *,
        ended_by_ttl: bool,
        best: int | None,
    ) -> None:
        """The order is off the book, not completely filled: end it, and replace its rest
        when the policy says so (the reservation moves to the replacement)."""
        market = await MarketRepository(session).get(order.condition_id)
        step = replacement(
            order,
            ended_by_ttl=ended_by_ttl,
            best=best,
            min_shares=market.min_order_size_micros if market else MICRO,
        )
        held = unfilled(order)
        if order.order_type is OrderType.FAK:
            reason = "remainder"
        elif ended_by_ttl:
            reason = "ttl"
        else:
            reason = "venue"  # heartbeat lapse, market resolved, cancelled elsewhere
        final = (
            OrderStatus.EXPIRED
            if ended_by_ttl and order.order_type is OrderType.GTD
            else OrderStatus.CANCELLED
        )
        if step is None:
            await transition(session, order, final, reason=reason, released_micros=held, **seen)
            log.info("resting.ended", order_id=order.id, status=final.value, reason=reason)
            return
        buying = order.side is TradeSide.BUY
        moved = step.reserve(order)
        (child,) = await add_orders(
            session,
            [
                NewOrder(
                    key=replacement_key(order.idempotency_key, step.chase_count),
                    decision_id=order.decision_id,
                    follower_account_id=order.follower_account_id,
                    leader_id=order.leader_id,
                    condition_id=order.condition_id,
                    token_id=order.token_id,
                    side=order.side,
                    order_type=step.order_type,
                    limit_price_micros=step.price,
                    amount_micros=moved if buying else None,
                    size_micros=None if buying else moved,
                    policy=policy_of(order),
                    created={"replaces": order.id, "why": step.why, "chase": step.chase_count},
                    chase_of_id=order.id,
                    chase_count=step.chase_count,
                )
            ],
        )
        await transition(
            session,
            order,
            final,
            reason=reason,
            released_micros=held - moved,
            replaced_by=child.id,
            **seen,
        )
        await queue_orders(session)
        log.info(
            "resting.replaced",
            order_id=order.id,
            replacement_id=child.id,
            why=step.why,
            price_micros=step.price,
        )
