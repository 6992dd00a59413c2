"""Read queries behind the portfolio API, always scoped to a set of follower accounts.

The caller passes the accounts it has already scoped to the signed-in user (a subquery),
so nothing here can reach another user's rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import load_only

from polycopy.copying.types import DecisionAction
from polycopy.kit.money import MICRO
from polycopy.models import (
    CopyRule,
    Decision,
    ExchangeFill,
    LeaderFill,
    Lot,
    Market,
    MarketToken,
    Order,
    Settlement,
)
from polycopy.orders.outcome import TALLY, outcome_of
from polycopy.orders.types import OrderStatus
from polycopy.portfolio.attribution import CopyEvent, FollowerFill, SettlementMove
from polycopy.portfolio.performance import Close
from polycopy.portfolio.valuation import CopiedFill, FillRow, Mark, OpenLotRow, SettlementRow
from polycopy.settlements.types import SettlementStatus
from polycopy.signals.types import LeaderEventType, TradeSide
from polycopy.venues.base import SettlementAction

AccountIds = Select[Any]


class PortfolioQueries:
    def __init__(self, session: AsyncSession, accounts: AccountIds) -> None:
        self.session = session
        self.accounts = accounts

    async def open_lots(
        self, *, account_id: int | None = None, leader_id: int | None = None
    ) -> list[OpenLotRow]:
        stmt = select(
            Lot.follower_account_id,
            Lot.leader_id,
            Lot.condition_id,
            Lot.token_id,
            Lot.outcome,
            Lot.remaining_size_micros,
            Lot.cost_micros,
        ).where(Lot.follower_account_id.in_(self.accounts), Lot.remaining_size_micros > 0)
        if account_id is not None:
            stmt = stmt.where(Lot.follower_account_id == account_id)
        if leader_id is not None:
            stmt = stmt.where(Lot.leader_id == leader_id)
        rows = (await self.session.execute(stmt.order_by(Lot.id))).all()
        return [OpenLotRow(r[0], r[1], r[2], r[3], r[4], int(r[5]), int(r[6])) for r in rows]

    async def lots(
        self,
        *,
        before: int | None,
        limit: int,
        account_id: int | None,
        leader_id: int | None,
        open_only: bool,
    ) -> Sequence[Lot]:
        stmt = select(Lot).where(Lot.follower_account_id.in_(self.accounts))
        if account_id is not None:
            stmt = stmt.where(Lot.follower_account_id == account_id)
        if leader_id is not None:
            stmt = stmt.where(Lot.leader_id == leader_id)
        if open_only:
            stmt = stmt.where(Lot.remaining_size_micros > 0)
        if before is not None:
            stmt = stmt.where(Lot.id < before)
        return (await self.session.scalars(stmt.order_by(Lot.id.desc()).limit(limit))).all()

    async def marks(
        self, token_ids: set[str], *, until: dt.datetime | None = None
    ) -> dict[str, Mark]:
        """Per token: the resolution payout once its market resolved, else the newest traded
        price (the follower's fills or any leader's: prices are public market data); as
        they were before ``until`` when given."""
        if not token_ids:
            return {}
        marks: dict[str, Mark] = {}
        for source, price, at, token in (
            (
                "follower_fill",
                ExchangeFill.price_micros,
                ExchangeFill.filled_at,
                ExchangeFill.token_id,
            ),
            ("leader_fill", LeaderFill.price_micros, LeaderFill.occurred_at, LeaderFill.token_id),
        ):
            seen = select(token.label("token_id"), func.max(at).label("at")).where(
                token.in_(token_ids), price > 0
            )
            if until is not None:
                seen = seen.where(at < until)
            newest = seen.group_by(token).subquery()
            rows = await self.session.execute(
                select(token, price, at)
                .join(newest, (newest.c.token_id == token) & (newest.c.at == at))
                .where(price > 0)
            )
            for row in rows.all():
                token_id, seen_at = str(row[0]), row[2]
                known = marks.get(token_id)
                if known is None or seen_at > known.at:
                    marks[token_id] = Mark(int(row[1]), seen_at, source)
        resolved_stmt = (
            select(MarketToken.token_id, Market.winning_token_id, Market.resolved_at)
            .join(Market, Market.condition_id == MarketToken.condition_id)
            .where(MarketToken.token_id.in_(token_ids), Market.resolved_at.is_not(None))
        )
        if until is not None:
            resolved_stmt = resolved_stmt.where(Market.resolved_at < until)
        for token_id, winner, resolved_at in (await self.session.execute(resolved_stmt)).all():
            if resolved_at is not None:
                payout = MICRO if token_id == winner else 0
                marks[token_id] = Mark(payout, resolved_at, "resolution")
        return marks

    async def realized(self, *, account_id: int | None) -> dict[tuple[int, int], int]:
        """Per (account, leader): realised PnL of the lots (sales and settlements alike)."""
        stmt = (
            select(Lot.follower_account_id, Lot.leader_id, func.sum(Lot.realized_pnl_micros))
            .where(Lot.follower_account_id.in_(self.accounts))
            .group_by(Lot.follower_account_id, Lot.leader_id)
        )
        if account_id is not None:
            stmt = stmt.where(Lot.follower_account_id == account_id)
        return {
            (a, leader): int(v or 0) for a, leader, v in (await self.session.execute(stmt)).all()
        }

    async def fill_totals(self, *, account_id: int | None) -> dict[tuple[int, int], dict[str, int]]:
        """Per (account, leader): fees, bought and sold pUSD, fill count."""
        stmt = (
            select(
                ExchangeFill.follower_account_id,
                Order.leader_id,
                ExchangeFill.side,
                func.count(),
                func.coalesce(func.sum(ExchangeFill.fee_micros), 0),
                func.coalesce(func.sum(ExchangeFill.amount_micros), 0),
            )
            .join(Order, Order.id == ExchangeFill.order_id)
            .where(ExchangeFill.follower_account_id.in_(self.accounts))
            .group_by(ExchangeFill.follower_account_id, Order.leader_id, ExchangeFill.side)
        )
        if account_id is not None:
            stmt = stmt.where(ExchangeFill.follower_account_id == account_id)
        totals: dict[tuple[int, int], dict[str, int]] = {}
        for account, leader, side, count, fees, amount in (await self.session.execute(stmt)).all():
            entry = totals.setdefault(
                (account, leader),
                {"fills": 0, "fees": 0, "bought": 0, "sold": 0},
            )
            entry["fills"] += int(count)
            entry["fees"] += int(fees)
            entry["bought" if side == TradeSide.BUY else "sold"] += int(amount)
        return totals

    async def fills(
        self, *, account_id: int | None, since: dt.datetime | None = None
    ) -> list[FillRow]:
        stmt = select(
            ExchangeFill.filled_at,
            ExchangeFill.side,
            ExchangeFill.amount_micros,
            ExchangeFill.fee_micros,
            ExchangeFill.realized_pnl_micros,
        ).where(ExchangeFill.follower_account_id.in_(self.accounts))
        if account_id is not None:
            stmt = stmt.where(ExchangeFill.follower_account_id == account_id)
        if since is not None:
            stmt = stmt.where(ExchangeFill.filled_at >= since)
        rows = (await self.session.execute(stmt.order_by(ExchangeFill.filled_at))).all()
        return [FillRow(r[0], TradeSide(r[1]), int(r[2]), int(r[3]), int(r[4])) for r in rows]

    async def exchange_fills(
        self, *, before: int | None, limit: int, account_id: int | None, order_id: int | None
    ) -> Sequence[ExchangeFill]:
        stmt = select(ExchangeFill).where(ExchangeFill.follower_account_id.in_(self.accounts))
        if account_id is not None:
            stmt = stmt.where(ExchangeFill.follower_account_id == account_id)
        if order_id is not None:
            stmt = stmt.where(ExchangeFill.order_id == order_id)
        if before is not None:
            stmt = stmt.where(ExchangeFill.id < before)
        return (
            await self.session.scalars(stmt.order_by(ExchangeFill.id.desc()).limit(limit))
        ).all()

    async def copied_fills(
        self, *, account_id: int | None
    ) -> dict[tuple[int, int], list[CopiedFill]]:
        """Per (account, leader): each follower fill beside the leader fill it copied."""
        stmt = (
            select(
                ExchangeFill.follower_account_id,
                Order.leader_id,
                ExchangeFill.side,
                ExchangeFill.size_micros,
                ExchangeFill.price_micros,
                LeaderFill.price_micros,
            )
            .join(Order, Order.id == ExchangeFill.order_id)
            .join(Decision, Decision.id == Order.decision_id)
            .join(LeaderFill, LeaderFill.id == Decision.leader_fill_id)
            .where(ExchangeFill.follower_account_id.in_(self.accounts), LeaderFill.price_micros > 0)
        )
        if account_id is not None:
            stmt = stmt.where(ExchangeFill.follower_account_id == account_id)
        out: dict[tuple[int, int], list[CopiedFill]] = {}
        for account, leader, side, size, price, leader_price in (
            await self.session.execute(stmt)
        ).all():
            out.setdefault((account, leader), []).append(
                CopiedFill(TradeSide(side), int(size), int(price), int(leader_price))
            )
        return out

    async def decision_counts(
        self, *, account_id: int | None
    ) -> dict[tuple[int, int], dict[str, int]]:
        """Per (account, leader): how many leader fills were copied and skipped."""
        stmt = (
            select(Decision.follower_account_id, CopyRule.leader_id, Decision.action, func.count())
            .join(CopyRule, CopyRule.id == Decision.copy_rule_id)
            .where(Decision.follower_account_id.in_(self.accounts))
            .group_by(Decision.follower_account_id, CopyRule.leader_id, Decision.action)
        )
        if account_id is not None:
            stmt = stmt.where(Decision.follower_account_id == account_id)
        out: dict[tuple[int, int], dict[str, int]] = {}
        for account, leader, action, count in (await self.session.execute(stmt)).all():
            entry = out.setdefault((account, leader), {"copied": 0, "skipped": 0})
            entry["copied" if action == DecisionAction.COPY else "skipped"] += int(count)
        return out

    async def copy_outcomes(
        self, *, account_id: int | None
    ) -> dict[tuple[int, int], dict[str, int]]:
        """Per (account, leader): copies by what became of their orders (``TALLY``),
        derived from the orders' status."""
        stmt = (
            select(Order)
            .options(
                load_only(
                    Order.decision_id,
                    Order.follower_account_id,
                    Order.leader_id,
                    Order.side,
                    Order.order_type,
                    Order.status,
                    Order.last_error,
                    Order.size_micros,
                    Order.taker_amount,
                    Order.filled_size_micros,
                    Order.filled_amount_micros,
                )
            )
            .where(Order.follower_account_id.in_(self.accounts))
            .order_by(Order.id)
        )
        if account_id is not None:
            stmt = stmt.where(Order.follower_account_id == account_id)
        chains: dict[int, list[Order]] = {}
        for order in (await self.session.scalars(stmt)).all():
            chains.setdefault(order.decision_id, []).append(order)
        out: dict[tuple[int, int], dict[str, int]] = {}
        for chain in chains.values():
            result = outcome_of(chain)
            assert result is not None  # a chain has an order
            key = (chain[0].follower_account_id, chain[0].leader_id)
            entry = out.setdefault(key, dict.fromkeys(TALLY.values(), 0))
            entry[TALLY[result.outcome]] += 1
        return out

    async def attribution_events(
        self, rule_id: int, *, since: dt.datetime | None, until: dt.datetime
    ) -> list[CopyEvent]:
        """The rule's decisions on its leader's trades in the period, oldest first, each with
        the follower fills of its orders (a copy belongs to the period of the trade it copied)."""
        stmt = (
            select(Decision, LeaderFill)
            .join(LeaderFill, LeaderFill.id == Decision.leader_fill_id)
            .where(
                Decision.copy_rule_id == rule_id,
                Decision.follower_account_id.in_(self.accounts),
                LeaderFill.event_type == LeaderEventType.TRADE,
                LeaderFill.side.is_not(None),
                LeaderFill.token_id.is_not(None),
                LeaderFill.price_micros > 0,
                LeaderFill.occurred_at < until,
            )
            .order_by(LeaderFill.occurred_at, LeaderFill.id)
        )
        if since is not None:
            stmt = stmt.where(LeaderFill.occurred_at >= since)
        rows = (await self.session.execute(stmt)).all()
        fills: dict[int, list[FollowerFill]] = {}
        ids = [decision.id for decision, _ in rows]
        for start in range(0, len(ids), 500):
            found = await self.session.execute(
                select(
                    Order.decision_id,
                    ExchangeFill.size_micros,
                    ExchangeFill.amount_micros,
                    ExchangeFill.fee_micros,
                )
                .join(Order, Order.id == ExchangeFill.order_id)
                .where(Order.decision_id.in_(ids[start : start + 500]))
                .order_by(ExchangeFill.id)
            )
            for decision_id, size, amount, fee in found.all():
                fills.setdefault(decision_id, []).append(
                    FollowerFill(int(size), int(amount), int(fee))
                )
        events: list[CopyEvent] = []
        for decision, leader_fill in rows:
            side = leader_fill.side
            assert side is not None  # trades only (the query's filter)
            details = decision.details or {}
            copied = decision.action == DecisionAction.COPY
            intended = decision.amount_micros if side is TradeSide.BUY else decision.size_micros
            quote = details.get("best_ask_micros" if side is TradeSide.BUY else "best_bid_micros")
            events.append(
                CopyEvent(
                    token_id=decision.token_id or str(leader_fill.token_id),
                    side=side,
                    price_micros=int(
                        details.get("reference_price_micros") or leader_fill.price_micros
                    ),
                    leader_size_micros=int(leader_fill.size_micros),
                    skip_reason=None if copied else (decision.reason or "unknown"),
                    intended_micros=int(intended or 0) if copied else 0,
                    quote_micros=int(quote) if isinstance(quote, int) and quote > 0 else None,
                    fills=tuple(fills.get(decision.id, ())),
                )
            )
        return events

    async def leader_settlements(
        self,
        account_id: int,
        leader_id: int,
        *,
        since: dt.datetime | None,
        until: dt.datetime,
    ) -> list[SettlementMove]:
        """The merges and splits booked for this leader's lots in the period, as share and
        cash moves (a split pays one pUSD per set of outcomes, a merge receives it)."""
        stmt = select(Settlement).where(
            Settlement.follower_account_id == account_id,
            Settlement.follower_account_id.in_(self.accounts),
            Settlement.leader_id == leader_id,
            Settlement.action.in_((SettlementAction.SPLIT, SettlementAction.MERGE)),
            Settlement.status == SettlementStatus.DONE,
            Settlement.settled_at < until,
        )
        if since is not None:
            stmt = stmt.where(Settlement.settled_at >= since)
        settlements = (await self.session.scalars(stmt.order_by(Settlement.id))).all()
        tokens: dict[str, list[str]] = {}
        for condition_id, token_id in (
            await self.session.execute(
                select(MarketToken.condition_id, MarketToken.token_id)
                .where(MarketToken.condition_id.in_({s.condition_id for s in settlements}))
                .order_by(MarketToken.outcome_index)
            )
        ).all():
            tokens.setdefault(condition_id, []).append(token_id)
        moves = []
        for settlement in settlements:
            shares = settlement.shares_micros
            if settlement.action is SettlementAction.MERGE:
                shares = -shares
            outcomes = tokens.get(settlement.condition_id, [])
            moves.append(SettlementMove(dict.fromkeys(outcomes, shares), -shares))
        return moves

    async def closes(
        self, *, account_id: int | None, since: dt.datetime | None, until: dt.datetime | None
    ) -> list[Close]:
        """Each realisation of PnL in the period: sales, redemptions and merges. A redemption
        names its leader when all the lots it closed were one leader's."""
        sales = (
            select(
                ExchangeFill.filled_at,
                Order.condition_id,
                Order.leader_id,
                ExchangeFill.realized_pnl_micros,
            )
            .join(Order, Order.id == ExchangeFill.order_id)
            .where(
                ExchangeFill.follower_account_id.in_(self.accounts),
                ExchangeFill.side == TradeSide.SELL,
            )
        )
        settled = select(
            Settlement.id,
            Settlement.settled_at,
            Settlement.condition_id,
            Settlement.leader_id,
            Settlement.realized_pnl_micros,
        ).where(
            Settlement.follower_account_id.in_(self.accounts),
            Settlement.status == SettlementStatus.DONE,
            Settlement.action.in_((SettlementAction.REDEEM, SettlementAction.MERGE)),
            Settlement.settled_at.is_not(None),
        )
        if account_id is not None:
            sales = sales.where(ExchangeFill.follower_account_id == account_id)
            settled = settled.where(Settlement.follower_account_id == account_id)
        if since is not None:
            sales = sales.where(ExchangeFill.filled_at >= since)
            settled = settled.where(Settlement.settled_at >= since)
        if until is not None:
            sales = sales.where(ExchangeFill.filled_at < until)
            settled = settled.where(Settlement.settled_at < until)
        out = [
            Close(at, condition, leader, int(pnl))
            for at, condition, leader, pnl in (await self.session.execute(sales)).all()
        ]
        rows = (await self.session.execute(settled)).all()
        leaders: dict[int | None, set[int]] = {}
        for settlement_id, leader_id in (
            await self.session.execute(
                select(Lot.settlement_id, Lot.leader_id)
                .where(Lot.settlement_id.in_([r[0] for r in rows]))
                .distinct()
            )
        ).all():
            leaders.setdefault(settlement_id, set()).add(leader_id)
        for settlement_id, at, condition, leader, pnl in rows:
            assert at is not None  # done settlements only (the query's filter)
            only = leaders.get(settlement_id, set())
            if leader is None and len(only) == 1:
                leader = next(iter(only))
            out.append(Close(at, condition, leader, int(pnl)))
        return sorted(out, key=lambda c: c.at)

    async def fees(
        self, *, account_id: int | None, since: dt.datetime | None, until: dt.datetime | None
    ) -> list[tuple[dt.datetime, int]]:
        """When each fee in the period was paid."""
        stmt = select(ExchangeFill.filled_at, ExchangeFill.fee_micros).where(
            ExchangeFill.follower_account_id.in_(self.accounts), ExchangeFill.fee_micros != 0
        )
        if account_id is not None:
            stmt = stmt.where(ExchangeFill.follower_account_id == account_id)
        if since is not None:
            stmt = stmt.where(ExchangeFill.filled_at >= since)
        if until is not None:
            stmt = stmt.where(ExchangeFill.filled_at < until)
        return [(at, int(fee)) for at, fee in (await self.session.execute(stmt)).all()]

    async def settlement_rows(self, *, account_id: int | None) -> list[SettlementRow]:
        """Booked splits, redemptions and merges, for the equity curve's open cost."""
        stmt = select(
            Settlement.settled_at,
            Settlement.action,
            Settlement.shares_micros,
            Settlement.payout_micros,
            Settlement.realized_pnl_micros,
        ).where(
            Settlement.follower_account_id.in_(self.accounts),
            Settlement.status == SettlementStatus.DONE,
            Settlement.settled_at.is_not(None),
        )
        if account_id is not None:
            stmt = stmt.where(Settlement.follower_account_id == account_id)
        out = []
        for at, action, shares, payout, pnl in (await self.session.execute(stmt)).all():
            assert at is not None  # done settlements only (the query's filter)
            if action is SettlementAction.SPLIT:  # one pUSD per set of outcomes opens lots
                out.append(SettlementRow(at, opened_cost_micros=int(shares)))
            else:
                out.append(
                    SettlementRow(at, payout_micros=int(payout), realized_pnl_micros=int(pnl))
                )
        return out

    async def market_tags(self, condition_ids: set[str]) -> dict[str, list[str]]:
        if not condition_ids:
            return {}
        rows = await self.session.execute(
            select(Market.condition_id, Market.tags).where(Market.condition_id.in_(condition_ids))
        )
        return {cid: list(tags or []) for cid, tags in rows.all()}

    async def decision_reasons(self, *, account_id: int | None) -> dict[str | None, int]:
        """How many decisions there are per skip reason (``None``: copies)."""
        stmt = (
            select(Decision.action, Decision.reason, func.count())
            .where(Decision.follower_account_id.in_(self.accounts))
            .group_by(Decision.action, Decision.reason)
        )
        if account_id is not None:
            stmt = stmt.where(Decision.follower_account_id == account_id)
        out: dict[str | None, int] = {}
        for action, reason, count in (await self.session.execute(stmt)).all():
            key = None if action == DecisionAction.COPY else (reason or "unknown")
            out[key] = out.get(key, 0) + int(count)
        return out

    async def orders_with_status(self, status: OrderStatus, *, account_id: int | None) -> int:
        stmt = select(func.count()).where(
            Order.follower_account_id.in_(self.accounts), Order.status == status
        )
        if account_id is not None:
            stmt = stmt.where(Order.follower_account_id == account_id)
        return int(await self.session.scalar(stmt) or 0)
