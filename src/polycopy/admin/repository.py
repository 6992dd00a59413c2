from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.copying.types import DecisionAction
from polycopy.models import Decision, ExchangeFill, LeaderFill, Lot, Order
from polycopy.orders.types import OrderStatus


@dataclass(frozen=True, slots=True)
class PipelineCounts:
    leader_fills: int
    decisions_copy: int
    decisions_skip: int
    skip_reasons: dict[str, int]
    orders_by_status: dict[str, int]
    exchange_fills: int
    open_lots: int
    closed_lots: int
    realized_pnl_micros: int


class PipelineStatsRepository:
    """How far leader fills got through the pipeline (demo summary, admin health)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _count(self, stmt: object) -> int:
        return int(await self.session.scalar(stmt) or 0)  # type: ignore[call-overload]

    async def counts(self) -> PipelineCounts:
        decisions = dict(
            (await self.session.execute(
                select(Decision.action, func.count()).group_by(Decision.action)
            )).tuples().all()
        )
        reasons = dict(
            (await self.session.execute(
                select(Decision.reason, func.count())
                .where(Decision.action == DecisionAction.SKIP)
                .group_by(Decision.reason)
            )).tuples().all()
        )
        statuses = dict(
            (await self.session.execute(
                select(Order.status, func.count()).group_by(Order.status)
            )).tuples().all()
        )
        return PipelineCounts(
            leader_fills=await self._count(select(func.count()).select_from(LeaderFill)),
            decisions_copy=decisions.get(DecisionAction.COPY, 0),
            decisions_skip=decisions.get(DecisionAction.SKIP, 0),
            skip_reasons={str(k): v for k, v in reasons.items()},
            orders_by_status={OrderStatus(k).value: v for k, v in statuses.items()},
            exchange_fills=await self._count(select(func.count()).select_from(ExchangeFill)),
            open_lots=await self._count(
                select(func.count()).select_from(Lot).where(Lot.remaining_size_micros > 0)
            ),
            closed_lots=await self._count(
                select(func.count()).select_from(Lot).where(Lot.remaining_size_micros == 0)
            ),
            realized_pnl_micros=await self._count(
                select(func.coalesce(func.sum(Lot.realized_pnl_micros), 0))
            ),
        )
