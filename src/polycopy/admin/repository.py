from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.copying.sizing import SHARE_STEP_MICROS
from polycopy.copying.types import DecisionAction
from polycopy.models import Decision, ExchangeFill, LeaderFill, Lot, Order, SystemSetting
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
    dust_lots: int  # less than the 0.01-share order step left: unsellable until redemption
    closed_lots: int
    realized_pnl_micros: int


class PipelineStatsRepository:
    """How far leader fills got through the pipeline (demo summary, admin health)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _count(self, stmt: Select[Any]) -> int:
        return int(await self.session.scalar(stmt) or 0)

    async def _grouped(self, column: Any, *where: Any) -> dict[Any, int]:
        stmt = select(column, func.count()).where(*where).group_by(column)
        return {row[0]: row[1] for row in (await self.session.execute(stmt)).all()}

    async def counts(self) -> PipelineCounts:
        decisions = await self._grouped(Decision.action)
        reasons = await self._grouped(Decision.reason, Decision.action == DecisionAction.SKIP)
        statuses = await self._grouped(Order.status)
        return PipelineCounts(
            leader_fills=await self._count(select(func.count()).select_from(LeaderFill)),
            decisions_copy=decisions.get(DecisionAction.COPY, 0),
            decisions_skip=decisions.get(DecisionAction.SKIP, 0),
            skip_reasons={str(k): v for k, v in reasons.items()},
            orders_by_status={OrderStatus(k).value: v for k, v in statuses.items()},
            exchange_fills=await self._count(select(func.count()).select_from(ExchangeFill)),
            open_lots=await self._count(
                select(func.count())
                .select_from(Lot)
                .where(Lot.remaining_size_micros >= SHARE_STEP_MICROS)
            ),
            dust_lots=await self._count(
                select(func.count())
                .select_from(Lot)
                .where(Lot.remaining_size_micros > 0, Lot.remaining_size_micros < SHARE_STEP_MICROS)
            ),
            closed_lots=await self._count(
                select(func.count()).select_from(Lot).where(Lot.remaining_size_micros == 0)
            ),
            realized_pnl_micros=await self._count(
                select(func.coalesce(func.sum(Lot.realized_pnl_micros), 0))
            ),
        )


GLOBAL_KILL_SWITCH = "global_kill_switch"


class SystemSettingRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, key: str) -> dict[str, Any]:
        row = await self.session.get(SystemSetting, key)
        return dict(row.value) if row is not None else {}

    async def put(self, key: str, value: dict[str, Any]) -> None:
        row = await self.session.get(SystemSetting, key)
        if row is None:
            self.session.add(SystemSetting(key=key, value=value))
        else:
            row.value = value
        await self.session.flush()
