from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.models import LeaderFill, Lot, Market, Order, Settlement
from polycopy.orders.types import TERMINAL_STATUSES
from polycopy.settlements.types import SettlementStatus
from polycopy.signals.types import LeaderEventType
from polycopy.venues.base import SettlementAction


class Holding(NamedTuple):
    """Shares a follower holds in one outcome for one leader, summed over its open lots."""

    account_id: int
    condition_id: str
    token_id: str
    leader_id: int
    size_micros: int


class SettlementRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, settlement: Settlement) -> Settlement:
        self.session.add(settlement)
        await self.session.flush()
        return settlement

    async def get(self, settlement_id: int) -> Settlement | None:
        return await self.session.get(Settlement, settlement_id)

    async def latest(
        self,
        account_id: int,
        condition_id: str,
        action: SettlementAction,
        statuses: Sequence[SettlementStatus],
    ) -> Settlement | None:
        return await self.session.scalar(
            select(Settlement)
            .where(
                Settlement.follower_account_id == account_id,
                Settlement.condition_id == condition_id,
                Settlement.action == action,
                Settlement.status.in_(statuses),
            )
            .order_by(Settlement.id.desc())
            .limit(1)
        )

    async def with_status(self, status: SettlementStatus) -> Sequence[Settlement]:
        stmt = select(Settlement).where(Settlement.status == status).order_by(Settlement.id)
        return (await self.session.scalars(stmt)).all()

    async def for_account(
        self, account_id: int, status: SettlementStatus | None = None
    ) -> Sequence[Settlement]:
        stmt = select(Settlement).where(Settlement.follower_account_id == account_id)
        if status is not None:
            stmt = stmt.where(Settlement.status == status)
        return (await self.session.scalars(stmt.order_by(Settlement.id))).all()

    async def open_lots(
        self,
        account_id: int,
        condition_id: str,
        *,
        token_id: str | None = None,
        leader_id: int | None = None,
    ) -> Sequence[Lot]:
        """Open lots of a market (one outcome, one leader, if asked), oldest first, locked."""
        stmt = select(Lot).where(
            Lot.follower_account_id == account_id,
            Lot.condition_id == condition_id,
            Lot.remaining_size_micros > 0,
        )
        if token_id is not None:
            stmt = stmt.where(Lot.token_id == token_id)
        if leader_id is not None:
            stmt = stmt.where(Lot.leader_id == leader_id)
        return (await self.session.scalars(stmt.order_by(Lot.id).with_for_update())).all()

    async def held_unresolved_markets(self) -> list[str]:
        """Markets some follower holds open lots in that have not resolved yet."""
        stmt = (
            select(Lot.condition_id)
            .join(Market, Market.condition_id == Lot.condition_id)
            .where(Lot.remaining_size_micros > 0, Market.resolved_at.is_(None))
            .distinct()
        )
        return sorted((await self.session.scalars(stmt)).all())

    async def leader_redeemed_markets(self, condition_ids: Sequence[str]) -> set[str]:
        """Of these markets, those some leader already redeemed in (a sign they resolved)."""
        if not condition_ids:
            return set()
        stmt = select(LeaderFill.condition_id).where(
            LeaderFill.event_type == LeaderEventType.REDEEM,
            LeaderFill.condition_id.in_(condition_ids),
        )
        return set((await self.session.scalars(stmt)).all())

    async def leader_redeem(self, condition_id: str, leader_ids: set[int]) -> int | None:
        """The first REDEEM seen from one of these leaders in this market."""
        if not leader_ids:
            return None
        return await self.session.scalar(
            select(LeaderFill.id)
            .where(
                LeaderFill.event_type == LeaderEventType.REDEEM,
                LeaderFill.condition_id == condition_id,
                LeaderFill.leader_id.in_(leader_ids),
            )
            .order_by(LeaderFill.id)
            .limit(1)
        )

    async def redeemable(self) -> list[tuple[int, str]]:
        """(account, market) pairs with open lots in a resolved market and no order of the
        account in it still unfinished (its fills must be booked before the lots close)."""
        unfinished = (
            select(Order.id)
            .where(
                Order.follower_account_id == Lot.follower_account_id,
                Order.condition_id == Lot.condition_id,
                Order.status.not_in(TERMINAL_STATUSES),
            )
            .exists()
        )
        stmt = (
            select(Lot.follower_account_id, Lot.condition_id)
            .join(Market, Market.condition_id == Lot.condition_id)
            .where(Lot.remaining_size_micros > 0, Market.resolved_at.is_not(None), ~unfinished)
            .distinct()
            .order_by(Lot.follower_account_id, Lot.condition_id)
        )
        return [(int(a), str(c)) for a, c in (await self.session.execute(stmt)).all()]

    async def holdings_in_open_markets(self) -> list[Holding]:
        """Every follower's shares per outcome of markets still trading."""
        stmt = (
            select(
                Lot.follower_account_id,
                Lot.condition_id,
                Lot.token_id,
                Lot.leader_id,
                func.sum(Lot.remaining_size_micros),
            )
            .join(Market, Market.condition_id == Lot.condition_id)
            .where(Lot.remaining_size_micros > 0, Market.resolved_at.is_(None))
            .group_by(Lot.follower_account_id, Lot.condition_id, Lot.token_id, Lot.leader_id)
        )
        rows = (await self.session.execute(stmt)).all()
        return [Holding(int(a), c, t, int(leader), int(s)) for a, c, t, leader, s in rows]
