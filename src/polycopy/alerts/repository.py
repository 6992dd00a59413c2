"""SQL for alerts: users' thresholds and states, and the facts the checks read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.accounts.types import Role
from polycopy.admin.repository import AdminRepository
from polycopy.alerts.conditions import AccountFacts, RuleFacts, SourceFacts, WorkerFacts
from polycopy.alerts.types import AlertSettings
from polycopy.copying.types import TradingState
from polycopy.kit.db import insert_ignore
from polycopy.models import (
    AlertSettingsRow,
    AlertState,
    CopyRule,
    FollowerAccount,
    Leader,
    Order,
    User,
)
from polycopy.models.leaders import LeaderDriftRow
from polycopy.orders.types import OrderStatus
from polycopy.portfolio.attribution import attribute
from polycopy.portfolio.queries import PortfolioQueries
from polycopy.portfolio.repository import ExposureRepository

#: ``Order.last_error`` of a refusal for balance or allowance (``InsufficientBalanceError``).
BALANCE_REFUSAL = "insufficient_balance"
DEAD_LETTER_WINDOW = dt.timedelta(days=1)


class AlertSettingsRepository:
    """One user's thresholds."""

    def __init__(self, session: AsyncSession, user_id: int) -> None:
        self.session = session
        self.user_id = user_id

    async def get(self) -> AlertSettings:
        row = await self.session.get(AlertSettingsRow, self.user_id)
        return AlertSettings.model_validate(row.settings if row else {})

    async def put(self, settings: AlertSettings) -> None:
        row = await self.session.get(AlertSettingsRow, self.user_id)
        value = settings.model_dump(mode="json")
        if row is None:
            self.session.add(AlertSettingsRow(user_id=self.user_id, settings=value))
        else:
            row.settings = value
        await self.session.flush()

    async def states(self) -> Sequence[AlertState]:
        return (
            await self.session.scalars(
                select(AlertState)
                .where(AlertState.user_id == self.user_id)
                .order_by(AlertState.firing.desc(), AlertState.updated_at.desc(), AlertState.id)
            )
        ).all()


class AlertFactsRepository:
    """What the checks read, across users (the evaluator runs for everyone)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def users(self) -> Sequence[tuple[int, bool, AlertSettings]]:
        """Every user: id, admin or not, thresholds."""
        rows = (
            await self.session.execute(
                select(User.id, User.role, AlertSettingsRow.settings)
                .outerjoin(AlertSettingsRow, AlertSettingsRow.user_id == User.id)
                .order_by(User.id)
            )
        ).all()
        return [(r[0], r[1] is Role.ADMIN, AlertSettings.model_validate(r[2] or {})) for r in rows]

    async def accounts(self, user_id: int, now: dt.datetime) -> list[AccountFacts]:
        accounts = (
            await self.session.execute(
                select(FollowerAccount.id, FollowerAccount.label).where(
                    FollowerAccount.user_id == user_id
                )
            )
        ).all()
        ids = {a[0] for a in accounts}
        exposure = ExposureRepository(self.session)
        pnls = await exposure.realized_pnls(ids)
        day = now.astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        today = await exposure.realized_pnls(ids, since=day)
        dead = dict(
            (
                await self.session.execute(
                    select(Order.follower_account_id, func.count())
                    .where(
                        Order.follower_account_id.in_(ids),
                        Order.status == OrderStatus.DEAD_LETTERED,
                        Order.updated_at >= now - DEAD_LETTER_WINDOW,
                    )
                    .group_by(Order.follower_account_id)
                )
            ).all()
        )
        return [
            AccountFacts(
                account_id=account_id,
                label=label,
                realized_pnls=pnls.get(account_id, []),
                pnl_today=sum(today.get(account_id, [])),
                dead_letters=int(dead.get(account_id, 0)),
                balance_refusal=await self._balance_refusal(account_id),
            )
            for account_id, label in accounts
        ]

    async def _balance_refusal(self, account_id: int) -> str | None:
        """The venue's words if the account's newest filled-or-refused order was refused for
        its balance or allowance (a later fill ends it)."""
        newest = (
            await self.session.execute(
                select(Order.status, Order.last_error)
                .where(
                    Order.follower_account_id == account_id,
                    Order.status.in_(
                        (OrderStatus.FILLED, OrderStatus.PARTIALLY_FILLED, OrderStatus.REJECTED)
                    ),
                )
                .order_by(Order.updated_at.desc(), Order.id.desc())
                .limit(1)
            )
        ).first()
        if newest is None or newest[0] is not OrderStatus.REJECTED:
            return None
        error = newest[1] or ""
        return error[:300] if error.startswith(BALANCE_REFUSAL) else None

    async def rules(
        self, user_id: int, now: dt.datetime, window: dt.timedelta, *, tracking: bool
    ) -> list[RuleFacts]:
        """The user's active rules: drift of their leader, and (if ``tracking``) the
        attribution gap over ``window``."""
        rows = (
            await self.session.execute(
                select(CopyRule, Leader.wallet, LeaderDriftRow)
                .join(FollowerAccount, FollowerAccount.id == CopyRule.follower_account_id)
                .join(Leader, Leader.id == CopyRule.leader_id)
                .outerjoin(LeaderDriftRow, LeaderDriftRow.leader_id == CopyRule.leader_id)
                .where(
                    FollowerAccount.user_id == user_id,
                    CopyRule.deleted_at.is_(None),
                    CopyRule.status == TradingState.ACTIVE,
                )
                .order_by(CopyRule.id)
            )
        ).all()
        out = []
        for rule, wallet, drift in rows:
            kinds = [
                s.get("kind", "") for s in (drift.signals if drift else []) if s.get("drifting")
            ]
            out.append(
                RuleFacts(
                    rule_id=rule.id,
                    leader_wallet=wallet,
                    gap_micros=await self._gap(rule, now - window, now) if tracking else None,
                    drifting=bool(drift and drift.drifting),
                    drift_text=(
                        f"Leader {wallet} of rule #{rule.id} departs from its own history"
                        + (f" ({', '.join(kinds)})" if kinds else "")
                        + "; see the leader's page."
                    ),
                )
            )
        return out

    async def _gap(self, rule: CopyRule, since: dt.datetime, until: dt.datetime) -> int:
        """The tracking-error attribution's gap (``portfolio/attribution.py``)."""
        queries = PortfolioQueries(
            self.session,
            select(FollowerAccount.id).where(FollowerAccount.id == rule.follower_account_id),
        )
        events = await queries.attribution_events(rule.id, since=since, until=until)
        moves = await queries.leader_settlements(
            rule.follower_account_id, rule.leader_id, since=since, until=until
        )
        tokens = {e.token_id for e in events} | {t for m in moves for t in m.shares_micros}
        marks = await queries.marks(tokens, until=until)
        return attribute(events, moves, {t: m.price_micros for t, m in marks.items()}).gap_micros

    async def workers(self) -> list[WorkerFacts]:
        out = []
        for worker_id, state in (await AdminRepository(self.session).runtime_states()).items():
            try:
                reported = dt.datetime.fromisoformat(state["reported_at"])
            except (KeyError, TypeError, ValueError):
                continue
            open_breakers = [
                str(b.get("name")) for b in state.get("breakers", []) if b.get("state") == "open"
            ]
            out.append(WorkerFacts(worker_id, reported, open_breakers))
        return out

    async def sources(self) -> list[SourceFacts]:
        health = await AdminRepository(self.session).source_health(sample=1)
        return [SourceFacts(h.source, h.last_seen_at) for h in health if h.last_seen_at]

    async def lock_states(
        self, user_id: int, keys: set[tuple[str, str]]
    ) -> dict[tuple[str, str], AlertState]:
        """The user's stored states, created for ``keys`` that have none, locked: two
        evaluators never both send one episode."""
        known = {
            (r[0], r[1])
            for r in await self.session.execute(
                select(AlertState.kind, AlertState.subject).where(AlertState.user_id == user_id)
            )
        }
        for kind, subject in keys - known:
            await insert_ignore(
                self.session,
                AlertState.__table__,
                {
                    "user_id": user_id,
                    "kind": kind,
                    "subject": subject,
                    "firing": False,
                    "notified": False,
                    "episode": 0,
                    "text": "",
                    "created_at": dt.datetime.now(dt.UTC),
                    "updated_at": dt.datetime.now(dt.UTC),
                },
            )
        rows = (
            await self.session.scalars(
                select(AlertState)
                .where(AlertState.user_id == user_id)
                .order_by(AlertState.id)
                .with_for_update()
            )
        ).all()
        return {(r.kind, r.subject): r for r in rows}
