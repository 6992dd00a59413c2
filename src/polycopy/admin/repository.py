from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.copying.sizing import SHARE_STEP_MICROS
from polycopy.copying.types import DecisionAction
from polycopy.models import (
    Decision,
    ExchangeFill,
    FollowerAccount,
    LeaderFill,
    LeaderFillSighting,
    Lot,
    Order,
    OrderEvent,
    SourceCursor,
    SystemSetting,
    User,
)
from polycopy.orders.types import OrderStatus
from polycopy.signals.types import FillSource


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


RUNTIME_PREFIX = "runtime:"


@dataclass(frozen=True, slots=True)
class QueueDepth:
    by_status: dict[str, int]
    due_now: int
    leased: int
    oldest_due_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class SourceHealth:
    source: str
    sightings: int
    first_reports: int
    last_seen_at: dt.datetime | None
    latencies_ms: list[int]  # newest sightings, seen_at - occurred_at
    cursors: int
    oldest_cursor_at: dt.datetime | None


class AdminRepository:
    """Reads across all users, for admins only (the routes check the role)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def users(self, *, before: int | None, limit: int) -> Sequence[tuple[User, int]]:
        accounts = (
            select(func.count())
            .where(FollowerAccount.user_id == User.id)
            .correlate(User)
            .scalar_subquery()
        )
        stmt = select(User, accounts)
        if before is not None:
            stmt = stmt.where(User.id < before)
        rows = await self.session.execute(stmt.order_by(User.id.desc()).limit(limit))
        return [(r[0], int(r[1])) for r in rows]

    async def account(self, account_id: int) -> FollowerAccount | None:
        return await self.session.get(FollowerAccount, account_id)

    async def accounts(
        self, *, before: int | None, limit: int, user_id: int | None
    ) -> Sequence[FollowerAccount]:
        stmt = select(FollowerAccount)
        if user_id is not None:
            stmt = stmt.where(FollowerAccount.user_id == user_id)
        if before is not None:
            stmt = stmt.where(FollowerAccount.id < before)
        return (
            await self.session.scalars(stmt.order_by(FollowerAccount.id.desc()).limit(limit))
        ).all()

    async def queue_depth(self, now: dt.datetime) -> QueueDepth:
        statuses = await self.session.execute(
            select(Order.status, func.count()).group_by(Order.status)
        )
        due = (
            Order.status.in_((OrderStatus.CREATED, OrderStatus.SIGNED)),
            or_(Order.next_attempt_at.is_(None), Order.next_attempt_at <= now),
        )
        due_now = await self.session.scalar(select(func.count()).select_from(Order).where(*due))
        oldest = await self.session.scalar(select(func.min(Order.created_at)).where(*due))
        leased = await self.session.scalar(
            select(func.count()).select_from(Order).where(Order.lease_expires_at > now)
        )
        return QueueDepth(
            by_status={OrderStatus(s).value: int(n) for s, n in statuses.all()},
            due_now=int(due_now or 0),
            leased=int(leased or 0),
            oldest_due_at=oldest,
        )

    async def exchange_fill_count(self) -> int:
        return await self._count(select(func.count()).select_from(ExchangeFill))

    async def dead_letters(self, *, before: int | None, limit: int) -> Sequence[Order]:
        stmt = select(Order).where(Order.status == OrderStatus.DEAD_LETTERED)
        if before is not None:
            stmt = stmt.where(Order.id < before)
        return (await self.session.scalars(stmt.order_by(Order.id.desc()).limit(limit))).all()

    async def order(self, order_id: int) -> Order | None:
        return await self.session.get(Order, order_id)

    async def order_events(self, order_ids: Sequence[int]) -> Sequence[OrderEvent]:
        if not order_ids:
            return []
        stmt = (
            select(OrderEvent)
            .where(OrderEvent.order_id.in_(order_ids))
            .order_by(OrderEvent.order_id, OrderEvent.id)
        )
        return (await self.session.scalars(stmt)).all()

    async def source_health(self, *, sample: int) -> list[SourceHealth]:
        """Per detection source: sightings, first reports, latency of the newest ``sample``."""
        out: list[SourceHealth] = []
        for source in FillSource:
            sightings = await self._count(
                select(func.count())
                .select_from(LeaderFillSighting)
                .where(LeaderFillSighting.source == source)
            )
            first = await self._count(
                select(func.count())
                .select_from(LeaderFill)
                .where(LeaderFill.first_source == source)
            )
            newest = (
                await self.session.execute(
                    select(LeaderFillSighting.seen_at, LeaderFill.occurred_at)
                    .join(LeaderFill, LeaderFill.id == LeaderFillSighting.leader_fill_id)
                    .where(LeaderFillSighting.source == source)
                    .order_by(LeaderFillSighting.seen_at.desc())
                    .limit(sample)
                )
            ).all()
            cursors = (
                await self.session.execute(
                    select(func.count(), func.min(SourceCursor.last_timestamp)).where(
                        SourceCursor.source == source
                    )
                )
            ).one()
            oldest = int(cursors[1]) if cursors[1] else None
            out.append(
                SourceHealth(
                    source=source.value,
                    sightings=sightings,
                    first_reports=first,
                    last_seen_at=newest[0][0] if newest else None,
                    latencies_ms=[
                        max(0, int((seen - occurred).total_seconds() * 1000))
                        for seen, occurred in newest
                    ],
                    cursors=int(cursors[0]),
                    oldest_cursor_at=dt.datetime.fromtimestamp(oldest, dt.UTC) if oldest else None,
                )
            )
        return out

    async def _count(self, stmt: Select[Any]) -> int:
        return int(await self.session.scalar(stmt) or 0)

    async def runtime_states(self) -> dict[str, dict[str, Any]]:
        """What each worker last published about its breakers and rate limits."""
        rows = await self.session.scalars(
            select(SystemSetting).where(SystemSetting.key.startswith(RUNTIME_PREFIX))
        )
        return {row.key.removeprefix(RUNTIME_PREFIX): dict(row.value) for row in rows}
