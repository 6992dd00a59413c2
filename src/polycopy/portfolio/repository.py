from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import Row, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.kit.db import insert_ignoring
from polycopy.models import ExchangeFill, Lot, MarketToken, Order, Settlement
from polycopy.orders.types import TERMINAL_STATUSES
from polycopy.portfolio.accounting import split_proceeds
from polycopy.settlements.types import SettlementStatus
from polycopy.signals.types import TradeSide
from polycopy.venues.base import SettlementAction


class LotRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def open_lots(self, account_id: int, leader_id: int, token_id: str) -> Sequence[Lot]:
        """The leader's open lots in a token, oldest first (FIFO), locked for this transaction.

        Two sales of the same lots booked at once (concurrent sends) must not both read the
        same remaining size: on PostgreSQL the row locks serialise them.
        """
        stmt = (
            select(Lot)
            .where(
                Lot.follower_account_id == account_id,
                Lot.leader_id == leader_id,
                Lot.token_id == token_id,
                Lot.remaining_size_micros > 0,
            )
            .order_by(Lot.id)
            .with_for_update()
        )
        return (await self.session.scalars(stmt)).all()

    async def held_sizes(
        self, account_ids: set[int], leader_id: int, token_ids: list[str]
    ) -> dict[tuple[int, str], int]:
        """(account, token) → shares of the token still held for the leader."""
        rows = await self.session.execute(
            select(Lot.follower_account_id, Lot.token_id, func.sum(Lot.remaining_size_micros))
            .where(
                Lot.follower_account_id.in_(account_ids),
                Lot.leader_id == leader_id,
                Lot.token_id.in_(token_ids),
            )
            .group_by(Lot.follower_account_id, Lot.token_id)
        )
        return {(account_id, token): int(size or 0) for account_id, token, size in rows.all()}

    async def add_all(self, rows: list[dict[str, Any]]) -> None:
        """Open lots in one statement (their ids are not needed back)."""
        if rows:
            await self.session.execute(insert(Lot), rows)


class ExchangeFillRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def existing(self, keys: list[tuple[int, str]]) -> set[tuple[int, str]]:
        """Which of these (order, venue trade id) pairs are booked already."""
        if not keys:
            return set()
        rows = await self.session.execute(
            select(ExchangeFill.order_id, ExchangeFill.venue_trade_id).where(
                ExchangeFill.order_id.in_({order_id for order_id, _ in keys})
            )
        )
        return {(order_id, trade_id) for order_id, trade_id in rows.all()} & set(keys)

    async def add_all(self, rows: list[dict[str, Any]]) -> dict[tuple[int, str], ExchangeFill]:
        """Insert fills in one statement; returns those inserted by (order, venue trade id).

        A bulk INSERT ... RETURNING rather than ``add_all``: on SQLite the unit of work
        inserts rows that need their ids back one statement at a time. A fill another
        transaction booked first is skipped, not an error (``ON CONFLICT DO NOTHING``).
        """
        statement = insert_ignoring(self.session, ExchangeFill).returning(ExchangeFill)
        inserted = await self.session.scalars(statement, rows)
        return {(fill.order_id, fill.venue_trade_id): fill for fill in inserted.all()}


class AtRisk(NamedTuple):
    leader_id: int
    condition_id: str
    token_id: str
    amount_micros: int


def _by_account(rows: Sequence[Row[int, int, str, str, int]]) -> dict[int, list[AtRisk]]:
    """Rows of (account, leader, market, token, amount) as each account's list."""
    grouped: dict[int, list[AtRisk]] = defaultdict(list)
    for account_id, leader_id, condition_id, token_id, amount in rows:
        grouped[account_id].append(AtRisk(leader_id, condition_id, token_id, int(amount)))
    return grouped


class ExposureRepository:
    """Followers' live state for limit checks: lots at cost plus pending buys' reservations.

    Every read takes a set of accounts, so a fan-out of one fill to thousands of followers
    costs a handful of statements, not a handful per follower.
    """

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def at_risk(self, account_ids: set[int]) -> dict[int, tuple[list[AtRisk], list[AtRisk]]]:
        """Per account, pUSD at risk as (leader, market, token, amount): open lots at cost;
        pending buys, and splits not booked yet (their pUSD shared among the outcomes)."""
        reserved = func.coalesce(Order.amount_micros, 0) - Order.filled_amount_micros
        lots = _by_account(
            (
                await self.session.execute(
                    select(
                        Lot.follower_account_id,
                        Lot.leader_id,
                        Lot.condition_id,
                        Lot.token_id,
                        Lot.cost_micros,
                    ).where(Lot.follower_account_id.in_(account_ids), Lot.remaining_size_micros > 0)
                )
            ).all()
        )
        pending = _by_account(
            (
                await self.session.execute(
                    select(
                        Order.follower_account_id,
                        Order.leader_id,
                        Order.condition_id,
                        Order.token_id,
                        reserved,
                    ).where(
                        Order.follower_account_id.in_(account_ids),
                        Order.side == TradeSide.BUY,
                        Order.status.not_in(TERMINAL_STATUSES),
                    )
                )
            ).all()
        )
        splits = await self.session.execute(
            select(
                Settlement.id,
                Settlement.follower_account_id,
                Settlement.leader_id,
                Settlement.condition_id,
                MarketToken.token_id,
                Settlement.shares_micros,
            )
            .join(MarketToken, MarketToken.condition_id == Settlement.condition_id)
            .where(
                Settlement.follower_account_id.in_(account_ids),
                Settlement.action == SettlementAction.SPLIT,
                Settlement.status.in_((SettlementStatus.PENDING, SettlementStatus.SENDING)),
            )
            .order_by(Settlement.id, MarketToken.outcome_index)
        )
        by_split: dict[tuple[int, int, int, str, int], list[str]] = defaultdict(list)
        for split_id, account_id, leader_id, condition_id, token_id, amount in splits.all():
            key = (split_id, account_id, leader_id or 0, condition_id, int(amount))
            by_split[key].append(token_id)
        for (_, account_id, leader_id, condition_id, amount), tokens in by_split.items():
            shares = split_proceeds(amount, [0] * len(tokens))
            pending.setdefault(account_id, []).extend(
                AtRisk(leader_id, condition_id, t, a) for t, a in zip(tokens, shares, strict=True)
            )
        return {
            account_id: (lots.get(account_id, []), pending.get(account_id, []))
            for account_id in account_ids
        }

    async def spent_since(self, account_ids: set[int], since: dt.datetime) -> dict[int, int]:
        """Per account, pUSD (with fees) spent on buys, and split, since ``since``."""
        if not account_ids:
            return {}
        rows = await self.session.execute(
            select(
                ExchangeFill.follower_account_id,
                func.sum(ExchangeFill.amount_micros + ExchangeFill.fee_micros),
            )
            .where(
                ExchangeFill.follower_account_id.in_(account_ids),
                ExchangeFill.side == TradeSide.BUY,
                ExchangeFill.filled_at >= since,
            )
            .group_by(ExchangeFill.follower_account_id)
        )
        spent = {account_id: int(total or 0) for account_id, total in rows.all()}
        splits = await self.session.execute(
            select(Settlement.follower_account_id, func.sum(Settlement.shares_micros))
            .where(
                Settlement.follower_account_id.in_(account_ids),
                Settlement.action == SettlementAction.SPLIT,
                Settlement.status == SettlementStatus.DONE,
                Settlement.settled_at >= since,
            )
            .group_by(Settlement.follower_account_id)
        )
        for account_id, total in splits.all():
            spent[account_id] = spent.get(account_id, 0) + int(total or 0)
        return {account_id: spent.get(account_id, 0) for account_id in account_ids}

    async def realized_pnls(
        self,
        account_ids: set[int],
        *,
        leader_id: int | None = None,
        since: dt.datetime | None = None,
    ) -> dict[int, list[int]]:
        """Per account, realised PnL of each sale and each redemption or merge, oldest
        first (one leader's, or all). A redemption covers every leader's lots in its market,
        so it counts for the account only; a mirrored merge also for its leader."""
        if not account_ids:
            return {}
        stmt = (
            select(
                ExchangeFill.follower_account_id,
                ExchangeFill.filled_at,
                ExchangeFill.realized_pnl_micros,
            )
            .join(Order, Order.id == ExchangeFill.order_id)
            .where(
                ExchangeFill.follower_account_id.in_(account_ids),
                ExchangeFill.side == TradeSide.SELL,
            )
            .order_by(ExchangeFill.filled_at, ExchangeFill.id)
        )
        settled = select(
            Settlement.follower_account_id, Settlement.settled_at, Settlement.realized_pnl_micros
        ).where(
            Settlement.follower_account_id.in_(account_ids),
            Settlement.status == SettlementStatus.DONE,
        )
        if leader_id is not None:
            stmt = stmt.where(Order.leader_id == leader_id)
            settled = settled.where(Settlement.leader_id == leader_id)
        if since is not None:
            stmt = stmt.where(ExchangeFill.filled_at >= since)
            settled = settled.where(Settlement.settled_at >= since)
        rows = [(a, at, int(pnl)) for a, at, pnl in (await self.session.execute(stmt)).all()]
        rows += [
            (a, at, int(pnl))
            for a, at, pnl in (await self.session.execute(settled.order_by(Settlement.id))).all()
            if at is not None
        ]
        rows.sort(key=lambda row: row[1])  # stable: sales keep their order within a second
        pnls: dict[int, list[int]] = {account_id: [] for account_id in account_ids}
        for account_id, _at, pnl in rows:
            pnls[account_id].append(pnl)
        return pnls
