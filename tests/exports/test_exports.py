"""Exports read back equal the stored rows (both formats, both backends); tax lots add up;
a period selects the rows; large exports come a batch at a time."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from polycopy.copying.settings import RuleSettings
from polycopy.exports.service import export_records, stream_export
from polycopy.exports.types import COLUMNS, ExportFormat, ExportKind, ExportRequest, Period
from polycopy.kit.db import Database
from polycopy.kit.errors import InvalidInputError
from polycopy.kit.money import MICRO
from polycopy.models import CopyRule, Decision, ExchangeFill, Lot, Order
from polycopy.settlements.service import book_settlement
from polycopy.signals.types import TradeSide
from polycopy.venues.base import SettlementResult, SubmitOutcome
from tests.api.seed import copied_buy, copied_trade
from tests.copying.support import NOW, add_follower, add_market, add_rule, wallet
from tests.copying.test_split_mirroring import _context, _decide, _settlements, _split
from tests.exports.support import read_export

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


async def _history(db: Database) -> tuple[int, int]:
    """Buy 10 at 0.41 (fee 0.01) on day 0, sell 4 at 0.58 on day 1, sell 6 at 0.30 on day
    40; a second lot bought on day 2 stays open. Returns (account, rule)."""
    account_id = await add_follower(db)
    settings = RuleSettings(allocation="fixed", fixed_amount_micros=5 * MICRO)
    rule = await add_rule(db, account_id, wallet(), settings)
    async with db.transaction() as session:
        await copied_buy(session, rule.id, size_micros=10 * MICRO, at=T0, fee_micros=10_000)
        for days, price, size in ((1, 580_000, 4 * MICRO), (40, 300_000, 6 * MICRO)):
            await copied_trade(
                session,
                rule.id,
                side=TradeSide.SELL,
                leader_price_micros=price,
                price_micros=price,
                size_micros=size,
                fee_micros=0,
                at=T0 + dt.timedelta(days=days),
            )
        await copied_buy(session, rule.id, size_micros=5 * MICRO, at=T0 + dt.timedelta(days=2))
    return account_id, rule.id


async def _text(db: Database, request: ExportRequest, **kw: Any) -> str:
    return "".join([piece async for piece in stream_export(db, request, **kw)])


_ACCOUNT = {"account_id": "follower_account_id", "rule_id": "copy_rule_id"}


def _stored(row: Any, columns: list[str], **extra: Any) -> dict[str, Any]:
    out = {c: getattr(row, _ACCOUNT.get(c, c)) for c in columns if c not in extra}
    return out | extra


@pytest.mark.parametrize("fmt", list(ExportFormat))
async def test_exports_read_back_as_the_stored_rows(db: Database, fmt: ExportFormat) -> None:
    account_id, _ = await _history(db)
    other_account, _ = await _history(db)  # another account's rows never appear
    exported = {
        kind: read_export(
            kind, fmt, await _text(db, ExportRequest(account_id, kind, Period(), fmt))
        )
        for kind in ExportKind
    }
    async with db.transaction() as session:
        fills = (
            await session.execute(
                select(ExchangeFill, Order)
                .join(Order, Order.id == ExchangeFill.order_id)
                .where(ExchangeFill.follower_account_id == account_id)
                .order_by(ExchangeFill.id)
            )
        ).all()
        decisions = (
            await session.execute(
                select(Decision, CopyRule.leader_id)
                .join(CopyRule, CopyRule.id == Decision.copy_rule_id)
                .where(Decision.follower_account_id == account_id)
                .order_by(Decision.id)
            )
        ).all()
        orders = (
            await session.scalars(
                select(Order).where(Order.follower_account_id == account_id).order_by(Order.id)
            )
        ).all()
        lots = (
            await session.scalars(
                select(Lot).where(Lot.follower_account_id == account_id).order_by(Lot.id)
            )
        ).all()

    fill_columns = [c for c in exported[ExportKind.FILLS][0] if c not in ("leader_id",)]
    assert exported[ExportKind.FILLS] == [
        _stored(f, fill_columns, leader_id=o.leader_id, condition_id=o.condition_id)
        for f, o in fills
    ]
    assert len(fills) == 4
    decision_columns = list(exported[ExportKind.DECISIONS][0])
    assert exported[ExportKind.DECISIONS] == [
        _stored(d, decision_columns, leader_id=leader) for d, leader in decisions
    ]
    order_columns = list(exported[ExportKind.ORDERS][0])
    assert exported[ExportKind.ORDERS] == [_stored(o, order_columns) for o in orders]
    assert {r["account_id"] for rows in exported.values() for r in rows} == {account_id}
    assert other_account != account_id

    # The tax lots: the first bought for 4.11 (fees included), sold for 2.32 + 1.80.
    first, second = exported[ExportKind.LOTS]
    assert [lot.id for lot in lots] == [first["id"], second["id"]]
    assert (first["status"], first["opened_by"]) == ("closed", "fill")
    assert first["cost_basis_micros"] == 4_110_000
    assert first["closed_cost_basis_micros"] == 4_110_000
    assert first["proceeds_micros"] == 2_320_000 + 1_800_000
    assert first["realized_pnl_micros"] == lots[0].realized_pnl_micros == 4_120_000 - 4_110_000
    assert first["proceeds_micros"] - first["closed_cost_basis_micros"] == 10_000
    assert (first["opened_at"], first["closed_at"]) == (T0, T0 + dt.timedelta(days=40))
    assert (first["holding_days"], first["holding_seconds"]) == (40, 40 * 86_400)
    assert second["status"] == "open"
    assert (second["closed_size_micros"], second["proceeds_micros"]) == (0, 0)
    assert second["remaining_cost_micros"] == second["cost_basis_micros"] == 2_050_000
    assert second["holding_days"] is None


async def test_a_partly_sold_lot_reports_the_sold_part(db: Database) -> None:
    account_id, _ = await _history(db)
    request = ExportRequest(account_id, ExportKind.LOTS, Period(until=T0 + dt.timedelta(days=2)))
    [lot] = [r async for batch in export_records(db, request) for r in batch]
    # Held during the period; now closed. The report is of the lot as it stands.
    assert lot["status"] == "closed"


async def test_a_split_lot_reports_the_cost_the_split_booked(db: Database) -> None:
    account_id = await add_follower(db)
    market = await add_market(db)
    rule = await add_rule(
        db, account_id, wallet(), RuleSettings(allocation="percentage", percentage_bps=1_000)
    )
    await _decide(db, await _split(db, rule.leader_id, market, 50 * MICRO), _context(market))
    [split] = await _settlements(db, account_id)
    async with db.transaction() as session:
        await book_settlement(
            session, split.id, SettlementResult(SubmitOutcome.ACCEPTED, "0x5p"), NOW
        )
    request = ExportRequest(account_id, ExportKind.LOTS, Period(), ExportFormat.JSON)
    rows = read_export(ExportKind.LOTS, ExportFormat.JSON, await _text(db, request))
    assert {(r["token_id"], r["opened_by"], r["cost_basis_micros"]) for r in rows} == {
        (market.yes, "split", 3_500_000),
        (market.no, "split", 1_500_000),
    }


async def test_a_period_selects_rows_and_batches_give_the_same_export(db: Database) -> None:
    account_id, _ = await _history(db)
    day = dt.timedelta(days=1)
    period = Period.of(T0 + day / 2, T0 + 3 * day)
    request = ExportRequest(account_id, ExportKind.FILLS, period)
    rows = read_export(ExportKind.FILLS, ExportFormat.CSV, await _text(db, request))
    assert [(r["side"], r["filled_at"]) for r in rows] == [
        ("SELL", T0 + day),
        ("BUY", T0 + 2 * day),
    ]
    # Lots held at any time in the period: both (the first was open until day 40).
    lots = ExportRequest(account_id, ExportKind.LOTS, Period.of(T0 + 41 * day, None))
    assert [
        r["status"] for r in read_export(ExportKind.LOTS, ExportFormat.CSV, await _text(db, lots))
    ] == ["open"]

    whole = ExportRequest(account_id, ExportKind.ORDERS, Period(), ExportFormat.JSON)
    seen: list[tuple[int, int | None]] = []
    one_by_one = await _text(
        db, whole, batch_size=1, progress=lambda _, done, total: seen.append((done, total))
    )
    assert one_by_one == await _text(db, whole)
    assert seen == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]
    assert read_export(ExportKind.ORDERS, ExportFormat.JSON, "[]\n") == []
    empty = ExportRequest(account_id, ExportKind.ORDERS, Period.of(None, T0 - day))
    assert await _text(db, empty) == (",".join(COLUMNS[ExportKind.ORDERS]) + "\r\n")


def test_an_inverted_or_empty_period_is_refused_naming_the_field() -> None:
    with pytest.raises(InvalidInputError, match=r"^to: must be after from"):
        Period.of(T0, T0 - dt.timedelta(seconds=1))
    with pytest.raises(InvalidInputError, match=r"^to: must be after from"):
        Period.of(T0, T0)
    naive = Period.of(dt.datetime(2026, 1, 1), None)  # read as UTC
    assert naive.since == dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
