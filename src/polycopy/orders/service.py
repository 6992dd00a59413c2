"""Orders: created with their decision, signed once, sent, and settled from the venue's answer.

The state machine is stored: every transition is an ``OrderEvent``. The signed body and its
hash are committed before the first send, so a retry re-sends the same bytes and a send
with an unknown outcome is resolved by looking the hash up, never by signing again.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.audit.repository import AuditRepository
from polycopy.copying.evaluate import OrderIntent
from polycopy.kit.errors import IllegalTransitionError, InvalidInputError
from polycopy.kit.ids import idempotency_key
from polycopy.kit.wakeup import ORDERS_DUE, notify
from polycopy.models import CopyRule, Decision, LeaderFill, Order
from polycopy.orders.repository import OrderRepository
from polycopy.orders.types import (
    IN_FLIGHT,
    TRANSITIONS,
    Move,
    OrderStatus,
    OrderType,
    RemainderPolicy,
    RestingPolicy,
)
from polycopy.portfolio.service import book_fills
from polycopy.signals.types import TradeSide
from polycopy.venues.base import SubmitOutcome, SubmitResult

MAX_SEND_ATTEMPTS = 5
# Sends whose outcome stayed unknown and that reconciliation never found at the venue: after
# this many the order is dead-lettered instead of resent again (retryable errors stop at 5).
MAX_UNANSWERED_SENDS = 10
BACKOFF_BASE = dt.timedelta(milliseconds=500)
BACKOFF_CAP = dt.timedelta(seconds=30)


@dataclass(frozen=True, slots=True)
class NewOrder:
    """An order to create (a copy, or the replacement of one's rest): what it trades and
    how. ``created`` is the detail of its first event."""

    key: str  # idempotency key
    decision_id: int
    follower_account_id: int
    leader_id: int
    condition_id: str
    token_id: str
    side: TradeSide
    order_type: OrderType
    limit_price_micros: int
    amount_micros: int | None  # pUSD to spend (a buy)
    size_micros: int | None  # shares to sell, or a replacement's shares
    policy: RestingPolicy | None
    created: dict[str, Any]
    chase_of_id: int | None = None
    chase_count: int = 0

    def row(self) -> dict[str, Any]:
        return {
            "idempotency_key": self.key,
            "decision_id": self.decision_id,
            "follower_account_id": self.follower_account_id,
            "leader_id": self.leader_id,
            "condition_id": self.condition_id,
            "token_id": self.token_id,
            "side": self.side,
            "order_type": self.order_type,
            "status": OrderStatus.CREATED,
            "limit_price_micros": self.limit_price_micros,
            "amount_micros": self.amount_micros,
            "size_micros": self.size_micros,
            "attempts": 0,
            "policy": None if self.policy is None else self.policy.model_dump(mode="json"),
            "chase_of_id": self.chase_of_id,
            "chase_count": self.chase_count,
        }


async def add_orders(session: AsyncSession, new: Sequence[NewOrder]) -> list[Order]:
    """Create orders ``created`` and unsent, in one insert, each with its first event;
    returned in the order given (their ids keep it)."""
    repo = OrderRepository(session)
    inserted = await repo.add_all([order.row() for order in new])
    orders = [inserted[order.key] for order in new]
    for order, made in zip(orders, new, strict=True):
        repo.add_event(order, None, OrderStatus.CREATED, made.created)
    return orders


async def create_orders(
    session: AsyncSession,
    fills: list[tuple[LeaderFill, list[tuple[Decision, CopyRule, OrderIntent]]]],
) -> list[list[Order]]:
    """The one order each copy decision of each fill produces, of the type its rule asks for
    (fill-or-kill by default), returned per fill; the copies of all the fills go in one
    insert (a burst's transaction holds many fills, an insert each was most of its deciding
    time). Rows go in fill order, so ids keep it. They are due at once (see
    :func:`queue_orders`)."""
    orders = iter(
        await add_orders(
            session,
            [
                NewOrder(
                    key=idempotency_key(fill.identity, rule.id, rule.version),
                    decision_id=decision.id,
                    follower_account_id=decision.follower_account_id,
                    leader_id=rule.leader_id,
                    condition_id=fill.condition_id,
                    token_id=intent.token_id,
                    side=intent.side,
                    amount_micros=intent.amount_micros,
                    size_micros=intent.size_micros,
                    created={"decision_id": decision.id},
                    **placement(
                        rule.settings, intent, decision.details.get("reference_price_micros")
                    ),
                )
                for fill, decided in fills
                for decision, rule, intent in decided
            ],
        )
    )
    return [[next(orders) for _ in decided] for _, decided in fills]


async def queue_orders(session: AsyncSession) -> None:
    """Wake idle workers when this transaction commits: orders it created are due and its
    own caller does not send them."""
    await notify(session, ORDERS_DUE)


#: Rule setting → the policy field it sets; a setting the rule leaves out takes the policy's
#: default.
_POLICY_SETTINGS = {
    "order_ttl_seconds": "ttl_seconds",
    "on_expiry": "on_expiry",
    "max_chases": "max_chases",
    "remainder": "remainder",
}


def placement(
    settings: Mapping[str, Any], intent: OrderIntent, reference_price: int | None
) -> dict[str, Any]:
    """Order type, price and resting policy of a copy, from its rule's (validated) settings.

    A GTC/GTD order rests at the leader's price (no worse than the slippage limit, snapped
    to the tick when signed); a chase may move it up to that limit, the worst price. FOK
    and FAK are marketable at the worst price. The policy is snapshot on the order, so a
    rule edited later does not change orders already placed.
    """
    order_type = OrderType(settings.get("order_type", OrderType.FOK.value))
    remainder = RemainderPolicy(settings.get("remainder", RemainderPolicy.DROP.value))
    worst = intent.limit_price_micros
    if not order_type.rests and remainder is RemainderPolicy.DROP:
        return {"order_type": order_type, "limit_price_micros": worst, "policy": None}
    price = worst
    if order_type.rests and reference_price is not None:
        buying = intent.side is TradeSide.BUY
        price = min(reference_price, worst) if buying else max(reference_price, worst)
    policy = RestingPolicy.model_validate(
        {field: settings[name] for name, field in _POLICY_SETTINGS.items() if name in settings}
        | {"worst_price_micros": worst}
    )
    return {"order_type": order_type, "limit_price_micros": price, "policy": policy}


def policy_of(order: Order) -> RestingPolicy:
    """The order's resting policy as stored (validated); an order placed without one has
    the defaults, at its own limit price."""
    if order.policy is None:
        return RestingPolicy(worst_price_micros=order.limit_price_micros)
    return RestingPolicy.model_validate(order.policy)


def refusal(order: Order, to_status: OrderStatus, *, retried_by: str | None = None) -> str | None:
    """Why ``TRANSITIONS`` does not let the order move to ``to_status`` now; None if it
    does. A move by fills must go where the booked fills put the order; an admin's move
    needs the admin."""
    move = TRANSITIONS[order.status].get(to_status)
    if move is None:
        return "not an allowed move"
    if move is Move.FILL and filled_status(order) is not to_status:
        return f"its booked fills make it {filled_status(order).value}"
    if move is Move.ADMIN and not retried_by:
        return "only an admin's retry makes it"
    return None


async def transition(
    session: AsyncSession,
    order: Order,
    to_status: OrderStatus,
    *,
    retried_by: str | None = None,
    **details: Any,
) -> None:
    """Move the order and record the event; a move the state machine does not allow is
    refused with :class:`IllegalTransitionError` and changes nothing."""
    from_status = order.status
    why = refusal(order, to_status, retried_by=retried_by)
    if why is not None:
        raise IllegalTransitionError(
            f"order {order.id}: {from_status.value} -> {to_status.value} refused ({why})"
        )
    if retried_by:
        details["retried_by"] = retried_by
    order.status = to_status
    OrderRepository(session).add_event(order, from_status, to_status, details)


async def follow_fills(session: AsyncSession, order: Order, **details: Any) -> bool:
    """Move an order that is not in flight to where its booked fills put it, when the state
    machine allows (a late fill on a final order); True when it moved."""
    status = filled_status(order)
    if order.status in IN_FLIGHT or status is order.status or refusal(order, status):
        return False
    await transition(session, order, status, **details)
    return True


async def mark_signed(
    session: AsyncSession,
    order: Order,
    *,
    payload: dict[str, Any],
    order_hash: str,
    maker_amount: int,
    taker_amount: int,
) -> None:
    order.signed_payload = payload
    order.order_hash = order_hash
    order.maker_amount = maker_amount
    order.taker_amount = taker_amount
    await transition(session, order, OrderStatus.SIGNED, order_hash=order_hash)


async def reject_unsignable(session: AsyncSession, order: Order, reason: str) -> None:
    """The venue would refuse these amounts (e.g. rounding to zero): fail now, never send."""
    order.lease_owner = order.lease_expires_at = None
    order.last_error = reason
    await transition(session, order, OrderStatus.REJECTED, error=reason, stage="sign")


async def mark_submitting(session: AsyncSession, order: Order) -> None:
    order.attempts += 1
    await transition(session, order, OrderStatus.SUBMITTING, attempt=order.attempts)


def backoff(attempt: int, rng: random.Random) -> dt.timedelta:
    """Exponential backoff with full jitter (AWS architecture blog), capped."""
    ceiling = min(BACKOFF_CAP, BACKOFF_BASE * (2 ** max(0, attempt - 1)))
    return dt.timedelta(seconds=ceiling.total_seconds() * rng.random())


def asked_shares(order: Order) -> int | None:
    """The shares an order asks for: a sell's size, a resting buy's size (fixed when it is
    signed), or a marketable buy's signed taker amount (what its pUSD buys at its worst
    price). None for a buy not signed yet."""
    if order.size_micros is not None:
        return order.size_micros
    return order.taker_amount if order.side is TradeSide.BUY else None


def filled_status(order: Order) -> OrderStatus:
    """Where the order's fills put it, measured in shares: a buy that matched every share
    it asked for is filled, whatever it paid below its limit (the pUSD it saved is released,
    never spent again)."""
    target = asked_shares(order)
    done = order.filled_size_micros
    if target is None:  # not signed: only the pUSD is known
        target, done = order.amount_micros, order.filled_amount_micros
    if target is not None and done >= target:
        return OrderStatus.FILLED
    # A fill-or-kill order that matched at all matched completely; the venue rounds amounts.
    if order.order_type is OrderType.FOK and done > 0:
        return OrderStatus.FILLED
    return OrderStatus.PARTIALLY_FILLED if done > 0 else OrderStatus.LIVE


@dataclass(frozen=True, slots=True)
class SendPolicy:
    now: dt.datetime
    rng: random.Random
    max_attempts: int = MAX_SEND_ATTEMPTS


async def apply_submit_results(
    session: AsyncSession, answered: list[tuple[Order, SubmitResult]], policy: SendPolicy
) -> None:
    """Move SUBMITTING orders to where the venue's answers put them; the fills of all of
    them are booked together."""
    await book_fills(
        session,
        [
            (order, fill)
            for order, result in answered
            if result.outcome is SubmitOutcome.ACCEPTED
            for fill in result.fills
        ],
    )
    for order, result in answered:
        await _apply(session, order, result, policy)


async def _apply(
    session: AsyncSession, order: Order, result: SubmitResult, policy: SendPolicy
) -> None:
    order.lease_owner = None
    order.lease_expires_at = None
    if result.outcome is SubmitOutcome.ACCEPTED:
        await transition(
            session,
            order,
            filled_status(order),
            venue_status=result.venue_status,
            fills=len(result.fills),
        )
    elif result.outcome is SubmitOutcome.REJECTED:
        order.last_error = result.error
        await transition(session, order, OrderStatus.REJECTED, error=result.error)
    elif result.outcome is SubmitOutcome.RETRY:
        order.last_error = result.error
        if order.attempts >= policy.max_attempts:
            await transition(
                session,
                order,
                OrderStatus.DEAD_LETTERED,
                error=result.error,
                attempts=order.attempts,
            )
        else:
            # The venue's Retry-After is a floor under our own backoff, never a shortcut.
            wait = backoff(order.attempts, policy.rng)
            if result.retry_after_seconds is not None:
                wait = max(wait, dt.timedelta(seconds=result.retry_after_seconds))
            order.next_attempt_at = policy.now + wait
            await transition(session, order, OrderStatus.SIGNED, error=result.error, retry=True)
    else:
        order.last_error = result.error
        await transition(session, order, OrderStatus.UNKNOWN, error=result.error)


async def retry_dead_letter(session: AsyncSession, order: Order, *, actor: str) -> None:
    """An admin sends a dead-lettered order again: the same signed bytes, fresh attempts."""
    if order.status is not OrderStatus.DEAD_LETTERED:
        raise InvalidInputError(f"order {order.id} is {order.status.value}, not dead-lettered")
    order.attempts = 0
    order.next_attempt_at = None
    order.lease_owner = order.lease_expires_at = None
    target = OrderStatus.SIGNED if order.signed_payload is not None else OrderStatus.CREATED
    await transition(session, order, target, retried_by=actor)
    await queue_orders(session)
    await AuditRepository(session).record(
        actor=actor, entity_type="order", entity_id=order.id, action="dead_letter_retried"
    )


async def defer(session: AsyncSession, order: Order, until: dt.datetime, reason: str) -> None:
    """Give a claimed order back to the queue, due again at ``until`` (no attempt spent)."""
    order.lease_owner = order.lease_expires_at = None
    order.next_attempt_at = until
    order.last_error = reason
