"""Runs an export: rows of one account, a batch per short transaction, encoded as they come.

Callers check the account first (it exists; over the API, it is the caller's).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

from polycopy.exports.formats import Encoder, Record
from polycopy.exports.repository import ExportRepository
from polycopy.exports.taxlots import tax_lot
from polycopy.exports.types import COLUMNS, ExportKind, ExportRequest
from polycopy.kit.db import Database
from polycopy.models import Decision, ExchangeFill, Lot, Order

BATCH_SIZE = 500
#: ``progress(phase, done, total)``, as the CLI's progress bar takes it.
Progress = Callable[[str, int, int | None], None]


async def stream_export(
    db: Database,
    request: ExportRequest,
    *,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> AsyncIterator[str]:
    """The export's text in pieces: the header, one piece per batch, the end."""
    encoder = Encoder(request.format, COLUMNS[request.kind])
    yield encoder.begin()
    async for batch in export_records(db, request, batch_size=batch_size, progress=progress):
        yield encoder.rows(batch)
    yield encoder.end()


async def export_records(
    db: Database,
    request: ExportRequest,
    *,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> AsyncIterator[list[Record]]:
    """The export's records (column → value), a batch at a time, in the order recorded."""
    kind, account, period = request.kind, request.account_id, request.period
    total = None
    if progress is not None:
        async with db.transaction() as session:
            total = await ExportRepository(session).count(kind, account, period)
        progress(kind.value, 0, total)
    done, after = 0, 0
    while True:
        async with db.transaction() as session:
            repo = ExportRepository(session)
            rows = await repo.batch(kind, account, period, after=after, limit=batch_size)
            records = await _records(repo, kind, rows)
        if not rows:
            return
        done += len(rows)
        after = rows[-1][0].id
        if progress is not None:
            progress(kind.value, done, max(done, total or 0))
        yield records
        if len(rows) < batch_size:
            return


async def _records(repo: ExportRepository, kind: ExportKind, rows: Sequence[Any]) -> list[Record]:
    if kind is ExportKind.FILLS:
        return [_fill(fill, leader, condition) for fill, leader, condition in rows]
    if kind is ExportKind.DECISIONS:
        return [_decision(decision, leader) for decision, leader in rows]
    if kind is ExportKind.ORDERS:
        return [_order(order) for (order,) in rows]
    split_costs = await repo.split_lot_costs(
        {lot.opened_by_settlement_id for lot, _ in rows if lot.opened_by_settlement_id is not None}
    )
    return [
        _lot(
            lot,
            fill_cost
            if fill_cost is not None
            else split_costs[(lot.opened_by_settlement_id, lot.token_id)],
        )
        for lot, fill_cost in rows
    ]


def _fill(fill: ExchangeFill, leader_id: int, condition_id: str) -> Record:
    return {
        "id": fill.id,
        "filled_at": fill.filled_at,
        "account_id": fill.follower_account_id,
        "order_id": fill.order_id,
        "leader_id": leader_id,
        "condition_id": condition_id,
        "token_id": fill.token_id,
        "side": fill.side,
        "price_micros": fill.price_micros,
        "size_micros": fill.size_micros,
        "amount_micros": fill.amount_micros,
        "fee_micros": fill.fee_micros,
        "realized_pnl_micros": fill.realized_pnl_micros,
        "venue_trade_id": fill.venue_trade_id,
        "transaction_hash": fill.transaction_hash,
    }


def _decision(decision: Decision, leader_id: int) -> Record:
    return {
        "id": decision.id,
        "created_at": decision.created_at,
        "account_id": decision.follower_account_id,
        "rule_id": decision.copy_rule_id,
        "rule_version": decision.rule_version,
        "leader_id": leader_id,
        "leader_fill_id": decision.leader_fill_id,
        "action": decision.action,
        "reason": decision.reason,
        "side": decision.side,
        "token_id": decision.token_id,
        "limit_price_micros": decision.limit_price_micros,
        "size_micros": decision.size_micros,
        "amount_micros": decision.amount_micros,
        "details": decision.details or {},
    }


def _order(order: Order) -> Record:
    return {
        "id": order.id,
        "created_at": order.created_at,
        "updated_at": order.updated_at,
        "account_id": order.follower_account_id,
        "decision_id": order.decision_id,
        "leader_id": order.leader_id,
        "condition_id": order.condition_id,
        "token_id": order.token_id,
        "side": order.side,
        "order_type": order.order_type,
        "status": order.status,
        "limit_price_micros": order.limit_price_micros,
        "size_micros": order.size_micros,
        "amount_micros": order.amount_micros,
        "filled_size_micros": order.filled_size_micros,
        "filled_amount_micros": order.filled_amount_micros,
        "fee_micros": order.fee_micros,
        "attempts": order.attempts,
        "order_hash": order.order_hash,
        "expires_at": order.expires_at,
        "chase_of_id": order.chase_of_id,
        "last_error": order.last_error,
    }


def _lot(lot: Lot, cost_basis_micros: int) -> Record:
    taxed = tax_lot(
        size_micros=lot.size_micros,
        remaining_size_micros=lot.remaining_size_micros,
        cost_basis_micros=cost_basis_micros,
        remaining_cost_micros=lot.cost_micros,
        realized_pnl_micros=lot.realized_pnl_micros,
        opened_at=lot.opened_at,
        closed_at=lot.closed_at,
    )
    return {
        "id": lot.id,
        "account_id": lot.follower_account_id,
        "leader_id": lot.leader_id,
        "condition_id": lot.condition_id,
        "token_id": lot.token_id,
        "outcome": lot.outcome,
        "opened_by": "fill" if lot.opened_by_fill_id is not None else "split",
        "opened_at": lot.opened_at,
        "closed_at": lot.closed_at,
        "status": taxed.status,
        "size_micros": lot.size_micros,
        "closed_size_micros": taxed.closed_size_micros,
        "remaining_size_micros": lot.remaining_size_micros,
        "cost_basis_micros": cost_basis_micros,
        "closed_cost_basis_micros": taxed.closed_cost_basis_micros,
        "proceeds_micros": taxed.proceeds_micros,
        "realized_pnl_micros": lot.realized_pnl_micros,
        "remaining_cost_micros": lot.cost_micros,
        "holding_seconds": taxed.holding_seconds,
        "holding_days": taxed.holding_days,
    }
