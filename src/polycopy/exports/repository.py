"""The export's SQL: one account's rows of a kind in a period, in id order, a batch at a time.

Batches are read by id (keyset), each in its own short transaction, so an export of any
size never holds the database (on SQLite every transaction takes the write lock).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.exports.types import ExportKind, Period
from polycopy.models import (
    CopyRule,
    Decision,
    ExchangeFill,
    FollowerAccount,
    Lot,
    MarketToken,
    Order,
    Settlement,
)
from polycopy.portfolio.accounting import split_costs


class ExportRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def account_exists(self, account_id: int) -> bool:
        """Whose it is is the caller's concern (the API asks its owner-scoped repository)."""
        stmt = select(FollowerAccount.id).where(FollowerAccount.id == account_id)
        return await self.session.scalar(stmt) is not None

    async def count(self, kind: ExportKind, account_id: int, period: Period) -> int:
        stmt = _query(kind, account_id, period).with_only_columns(func.count())
        return int(await self.session.scalar(stmt.order_by(None)) or 0)

    async def batch(
        self, kind: ExportKind, account_id: int, period: Period, *, after: int, limit: int
    ) -> Sequence[Any]:
        """Up to ``limit`` rows with ids above ``after``, by id."""
        stmt = _query(kind, account_id, period).where(_ID[kind] > after).limit(limit)
        rows: Sequence[Any] = (await self.session.execute(stmt)).all()
        return rows

    async def split_lot_costs(self, settlement_ids: set[int]) -> dict[tuple[int, str], int]:
        """(split, token) → the cost its lot opened with (as ``_apply_split`` booked it)."""
        if not settlement_ids:
            return {}
        splits = (
            await self.session.execute(
                select(
                    Settlement.id,
                    Settlement.condition_id,
                    Settlement.shares_micros,
                    Settlement.prices,
                ).where(Settlement.id.in_(settlement_ids))
            )
        ).all()
        tokens: dict[str, list[str]] = {}
        for condition, token in await self.session.execute(
            select(MarketToken.condition_id, MarketToken.token_id)
            .where(MarketToken.condition_id.in_({s.condition_id for s in splits}))
            .order_by(MarketToken.condition_id, MarketToken.outcome_index)
        ):
            tokens.setdefault(condition, []).append(token)
        costs: dict[tuple[int, str], int] = {}
        for split_id, condition, shares, prices in splits:
            outcome_tokens = tokens.get(condition, [])
            for token, cost in zip(
                outcome_tokens, split_costs(shares, prices, outcome_tokens), strict=True
            ):
                costs[(split_id, token)] = cost
        return costs


AnySelect = Select[*tuple[Any, ...]]

_ID: dict[ExportKind, Any] = {
    ExportKind.FILLS: ExchangeFill.id,
    ExportKind.LOTS: Lot.id,
    ExportKind.DECISIONS: Decision.id,
    ExportKind.ORDERS: Order.id,
}


def _within(at: Any, period: Period) -> list[ColumnElement[bool]]:
    bounds: list[ColumnElement[bool]] = []
    if period.since is not None:
        bounds.append(at >= period.since)
    if period.until is not None:
        bounds.append(at < period.until)
    return bounds


def _query(kind: ExportKind, account_id: int, period: Period) -> AnySelect:
    if kind is ExportKind.FILLS:
        return (
            select(ExchangeFill, Order.leader_id, Order.condition_id)
            .join(Order, Order.id == ExchangeFill.order_id)
            .where(
                ExchangeFill.follower_account_id == account_id,
                *_within(ExchangeFill.filled_at, period),
            )
            .order_by(ExchangeFill.id)
        )
    if kind is ExportKind.DECISIONS:
        return (
            select(Decision, CopyRule.leader_id)
            .join(CopyRule, CopyRule.id == Decision.copy_rule_id)
            .where(
                Decision.follower_account_id == account_id,
                *_within(Decision.created_at, period),
            )
            .order_by(Decision.id)
        )
    if kind is ExportKind.ORDERS:
        return (
            select(Order)
            .where(Order.follower_account_id == account_id, *_within(Order.created_at, period))
            .order_by(Order.id)
        )
    # A lot belongs to the period when it was held during it: opened before its end and
    # not closed before its start.
    held: list[ColumnElement[bool]] = []
    if period.until is not None:
        held.append(Lot.opened_at < period.until)
    if period.since is not None:
        held.append(or_(Lot.closed_at.is_(None), Lot.closed_at >= period.since))
    return (
        select(Lot, ExchangeFill.amount_micros + ExchangeFill.fee_micros)
        .outerjoin(ExchangeFill, ExchangeFill.id == Lot.opened_by_fill_id)
        .where(Lot.follower_account_id == account_id, *held)
        .order_by(Lot.id)
    )
