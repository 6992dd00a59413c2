"""Decisions (copy or skip, with the reason in plain language) and orders with their history."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.api.deps import DbSession, Principal, auth
from polycopy.api.errors import not_found
from polycopy.api.pagination import Page, PageQuery, RowId, RowIdFilter, page_of
from polycopy.api.repository import OwnedRepository
from polycopy.api.schemas import DecisionOut, DecisionSummaryOut, OrderEventOut, OrderOut
from polycopy.auth.types import Scope
from polycopy.copying.reasons import explain
from polycopy.copying.types import DecisionAction, SkipReason
from polycopy.models import Decision, Order, OrderEvent
from polycopy.orders.outcome import describe, outcome_of
from polycopy.orders.repository import OrderRepository
from polycopy.orders.types import OrderStatus
from polycopy.portfolio.queries import PortfolioQueries
from polycopy.signals.repository import LeaderFillRepository

decisions = APIRouter(prefix="/decisions", tags=["decisions"])
orders = APIRouter(prefix="/orders", tags=["orders"])

DecisionReader = Annotated[Principal, auth(Scope.DECISIONS_READ)]
OrderReader = Annotated[Principal, auth(Scope.ORDERS_READ)]


def decision_out(
    decision: Decision, chain: Sequence[Order], condition_id: str | None = None
) -> DecisionOut:
    """The decision with what became of its orders (``chain``, oldest first): a copy the
    venue killed or refused says so instead of "Copied"."""
    numbers: dict[str, int | str] = {
        k: v for k, v in (decision.details or {}).items() if isinstance(v, int | str)
    }
    for name in ("amount_micros", "size_micros", "limit_price_micros"):
        value = getattr(decision, name)
        if value is not None:
            numbers.setdefault(name, value)
    try:
        explanation = explain(decision.reason, numbers)
    except (KeyError, ValueError):
        explanation = decision.reason or "Copied."
    result = outcome_of(chain) if decision.action is DecisionAction.COPY else None
    if result is not None:
        explanation = (
            describe(
                result,
                side=decision.side,
                amount_micros=decision.amount_micros,
                size_micros=decision.size_micros,
                limit_price_micros=decision.limit_price_micros,
            )
            or explanation
        )
    return DecisionOut(
        id=decision.id,
        created_at=decision.created_at,
        account_id=decision.follower_account_id,
        rule_id=decision.copy_rule_id,
        rule_version=decision.rule_version,
        leader_fill_id=decision.leader_fill_id,
        action=decision.action,
        reason=decision.reason,
        explanation=explanation,
        outcome=result.outcome if result else None,
        outcome_reason=result.reason if result else None,
        filled_size_micros=result.filled_size_micros if result else None,
        filled_amount_micros=result.filled_amount_micros if result else None,
        side=decision.side,
        token_id=decision.token_id,
        limit_price_micros=decision.limit_price_micros,
        size_micros=decision.size_micros,
        amount_micros=decision.amount_micros,
        details=decision.details or {},
        condition_id=condition_id,
    )


async def decisions_out(session: AsyncSession, rows: Sequence[Decision]) -> list[DecisionOut]:
    """Decisions with their outcomes and markets; their orders are read in one statement."""
    chains = await OrderRepository(session).chains([d.id for d in rows])
    markets = await LeaderFillRepository(session).markets_of({d.leader_fill_id for d in rows})
    return [decision_out(d, chains.get(d.id, []), markets.get(d.leader_fill_id)) for d in rows]


@decisions.get("", response_model=Page[DecisionOut])
async def list_decisions(
    principal: DecisionReader,
    session: DbSession,
    page: PageQuery,
    account_id: RowIdFilter = None,
    rule_id: RowIdFilter = None,
) -> Page[DecisionOut]:
    """Every copy or skip for your rules, newest first, with the reason explained."""
    rows = await OwnedRepository(session, principal.user.id).decisions(
        before=page.before, limit=page.limit + 1, account_id=account_id, rule_id=rule_id
    )
    shown = {d.id: d for d in await decisions_out(session, rows[: page.limit])}
    return page_of(rows, page, lambda r: shown[r.id], lambda r: r.id)


MIRRORED = (SkipReason.SPLIT_MIRRORED.value, SkipReason.MERGE_MIRRORED.value)


@decisions.get("/summary", response_model=DecisionSummaryOut)
async def summarize_decisions(
    principal: DecisionReader, session: DbSession, account_id: RowIdFilter = None
) -> DecisionSummaryOut:
    """Copies, copies not filled, skips by reason and filled orders, counted over every
    stored decision (a mirrored split or merge counts as a copy)."""
    queries = PortfolioQueries(session, OwnedRepository(session, principal.user.id).account_ids())
    reasons = await queries.decision_reasons(account_id=account_id)
    copies = reasons.pop(None, 0) + sum(reasons.pop(r, 0) for r in MIRRORED)
    tallies = (await queries.copy_outcomes(account_id=account_id)).values()
    not_filled = sum(t["killed"] + t["failed"] for t in tallies)
    skipped = {r: n for r, n in reasons.items() if r is not None}
    return DecisionSummaryOut(
        decisions=copies + sum(skipped.values()),
        copied=copies - not_filled,
        not_filled=not_filled,
        skipped=sum(skipped.values()),
        skipped_by_reason=dict(sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0]))),
        orders_filled=await queries.orders_with_status(OrderStatus.FILLED, account_id=account_id),
    )


@decisions.get("/{decision_id}", response_model=DecisionOut)
async def get_decision(
    decision_id: RowId, principal: DecisionReader, session: DbSession
) -> DecisionOut:
    """One decision, with its reason explained."""
    decision = await OwnedRepository(session, principal.user.id).decision(decision_id)
    if decision is None:
        raise not_found("decision")
    [out] = await decisions_out(session, [decision])
    return out


def order_out(order: Order, events: list[OrderEvent]) -> OrderOut:
    return OrderOut(
        id=order.id,
        decision_id=order.decision_id,
        account_id=order.follower_account_id,
        leader_id=order.leader_id,
        condition_id=order.condition_id,
        token_id=order.token_id,
        side=order.side,
        order_type=order.order_type,
        status=order.status,
        limit_price_micros=order.limit_price_micros,
        size_micros=order.size_micros,
        amount_micros=order.amount_micros,
        order_hash=order.order_hash,
        filled_size_micros=order.filled_size_micros,
        filled_amount_micros=order.filled_amount_micros,
        fee_micros=order.fee_micros,
        attempts=order.attempts,
        last_error=order.last_error,
        expires_at=order.expires_at,
        chase_of_id=order.chase_of_id,
        created_at=order.created_at,
        updated_at=order.updated_at,
        events=[OrderEventOut.model_validate(e) for e in events],
    )


@orders.get("", response_model=Page[OrderOut])
async def list_orders(
    principal: OrderReader,
    session: DbSession,
    page: PageQuery,
    account_id: RowIdFilter = None,
) -> Page[OrderOut]:
    """Your orders, newest first, each with its state history."""
    owned = OwnedRepository(session, principal.user.id)
    rows = await owned.orders(before=page.before, limit=page.limit + 1, account_id=account_id)
    history: defaultdict[int, list[OrderEvent]] = defaultdict(list)
    for event in await owned.order_events([o.id for o in rows[: page.limit]]):
        history[event.order_id].append(event)
    return page_of(rows, page, lambda o: order_out(o, history[o.id]), lambda o: o.id)


@orders.get("/{order_id}", response_model=OrderOut)
async def get_order(order_id: RowId, principal: OrderReader, session: DbSession) -> OrderOut:
    """One order with its state history."""
    owned = OwnedRepository(session, principal.user.id)
    order = await owned.order(order_id)
    if order is None:
        raise not_found("order")
    return order_out(order, list(await owned.order_events([order.id])))
