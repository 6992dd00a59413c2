from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, or_, select, union, update
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.kit.db import insert_ignore_all
from polycopy.models import Leader, LeaderFill, LeaderFillSighting, MarketToken, SourceCursor
from polycopy.signals.types import FillSource, LeaderEventType, TradeSide


class LeaderFillRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create_new(self, rows: Sequence[dict[str, Any]]) -> dict[str, int]:
        """Create the fills whose identity is new (the unique constraint arbitrates races);
        returns identity → id of those created."""
        inserted = await insert_ignore_all(
            self.session, LeaderFill.__table__, rows, LeaderFill.identity, LeaderFill.id
        )
        return {row.identity: row.id for row in inserted}

    async def get(self, fill_id: int) -> LeaderFill | None:
        return await self.session.get(LeaderFill, fill_id)

    async def markets_of(self, fill_ids: Collection[int]) -> dict[int, str]:
        """Fill id → the condition id of its market."""
        if not fill_ids:
            return {}
        rows = await self.session.execute(
            select(LeaderFill.id, LeaderFill.condition_id).where(LeaderFill.id.in_(fill_ids))
        )
        return {int(i): str(c) for i, c in rows.all()}

    async def ids_by_identity(self, identities: Sequence[str]) -> dict[str, int]:
        rows = await self.session.execute(
            select(LeaderFill.identity, LeaderFill.id).where(LeaderFill.identity.in_(identities))
        )
        return {row.identity: row.id for row in rows.all()}

    async def add_sightings(self, sightings: Sequence[tuple[int, FillSource, dt.datetime]]) -> None:
        """Each source's first report of each fill (later ones are ignored)."""
        await insert_ignore_all(
            self.session,
            LeaderFillSighting.__table__,
            [
                {"leader_fill_id": fill_id, "source": source, "seen_at": seen_at}
                for fill_id, source, seen_at in sightings
            ],
        )

    async def confirm_on_chain(
        self, fill_id: int, *, log_index: int, block_number: int, usdc_micros: int
    ) -> None:
        """The chain's position and collateral are authoritative; a re-mined log un-flags."""
        await self.session.execute(
            update(LeaderFill)
            .where(LeaderFill.id == fill_id)
            .values(
                log_index=log_index,
                block_number=block_number,
                usdc_micros=usdc_micros,
                reorged_at=None,
            )
        )

    async def flag_reorged(self, transaction_hash: str, log_index: int, at: dt.datetime) -> int:
        """Flag the fill of a log a reorganisation removed; returns how many were flagged."""
        result = await self.session.execute(
            update(LeaderFill)
            .where(
                LeaderFill.transaction_hash == transaction_hash.lower(),
                LeaderFill.log_index == log_index,
                LeaderFill.reorged_at.is_(None),
            )
            .values(reorged_at=at)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def on_chain_between(
        self, leader_ids: Sequence[int], first_block: int, last_block: int
    ) -> Sequence[LeaderFill]:
        """The leaders' fills placed by a chain log in blocks ``first..last`` (inclusive)."""
        stmt = select(LeaderFill).where(
            LeaderFill.leader_id.in_(leader_ids),
            LeaderFill.block_number.between(first_block, last_block),
            LeaderFill.log_index.is_not(None),
        )
        return (await self.session.scalars(stmt)).all()

    async def clear_reorged(self, fill_ids: Sequence[int]) -> None:
        """These fills' logs are in the canonical chain again."""
        await self.session.execute(
            update(LeaderFill).where(LeaderFill.id.in_(fill_ids)).values(reorged_at=None)
        )

    async def undecided(
        self, limit: int = 100, *, after: int = 0
    ) -> Sequence[tuple[int, str, int]]:
        """(id, market, leader) of the next ``limit`` undecided fills after the fill
        ``after``, in id order: a round pages through all of them, so fills left undecided
        for now (an exit waiting for its entries) never hold back the ones behind them."""
        stmt = (
            select(LeaderFill.id, LeaderFill.condition_id, LeaderFill.leader_id)
            .where(LeaderFill.decided_at.is_(None), LeaderFill.id > after)
            .order_by(LeaderFill.id)
            .limit(limit)
        )
        return [
            (row.id, row.condition_id, row.leader_id) for row in await self.session.execute(stmt)
        ]

    async def undecided_among(self, fill_ids: Collection[int]) -> Sequence[LeaderFill]:
        """Those of these fills that are still undecided, in id order."""
        stmt = (
            select(LeaderFill)
            .where(LeaderFill.id.in_(fill_ids), LeaderFill.decided_at.is_(None))
            .order_by(LeaderFill.id)
        )
        return (await self.session.scalars(stmt)).all()

    async def recent_trades(self, leader_id: int, limit: int) -> Sequence[LeaderFill]:
        """The leader's latest trades (not redeems, merges or reorged fills), newest first."""
        stmt = (
            select(LeaderFill)
            .where(
                LeaderFill.leader_id == leader_id,
                LeaderFill.event_type == LeaderEventType.TRADE,
                LeaderFill.reorged_at.is_(None),
            )
            .order_by(LeaderFill.occurred_at.desc(), LeaderFill.id.desc())
            .limit(limit)
        )
        return (await self.session.scalars(stmt)).all()

    async def notionals_before(self, fill: LeaderFill, limit: int) -> list[int]:
        """The pUSD notionals of the leader's last ``limit`` trades before ``fill`` (in time
        order, then id): what conviction sizing takes the median of, as a backtest does."""
        stmt = (
            select(LeaderFill.usdc_micros)
            .where(
                LeaderFill.leader_id == fill.leader_id,
                LeaderFill.event_type == LeaderEventType.TRADE,
                LeaderFill.reorged_at.is_(None),
                or_(
                    LeaderFill.occurred_at < fill.occurred_at,
                    and_(LeaderFill.occurred_at == fill.occurred_at, LeaderFill.id < fill.id),
                ),
            )
            .order_by(LeaderFill.occurred_at.desc(), LeaderFill.id.desc())
            .limit(limit)
        )
        return list((await self.session.scalars(stmt)).all())

    async def buyers(
        self, token_id: str, wallets: Collection[str], since: dt.datetime, until: dt.datetime
    ) -> set[str]:
        """Which of ``wallets`` bought ``token_id`` between ``since`` and ``until`` (both
        included), by their stored fills: what consensus counts, once per leader."""
        if not wallets:
            return set()
        stmt = (
            select(Leader.wallet)
            .distinct()
            .join(LeaderFill, LeaderFill.leader_id == Leader.id)
            .where(
                Leader.wallet.in_(wallets),
                LeaderFill.token_id == token_id,
                LeaderFill.side == TradeSide.BUY,
                LeaderFill.event_type == LeaderEventType.TRADE,
                LeaderFill.reorged_at.is_(None),
                LeaderFill.occurred_at >= since,
                LeaderFill.occurred_at <= until,
            )
        )
        return set((await self.session.scalars(stmt)).all())

    async def mark_decided(self, fill_ids: Collection[int], at: dt.datetime) -> None:
        if fill_ids:
            await self.session.execute(
                update(LeaderFill).where(LeaderFill.id.in_(fill_ids)).values(decided_at=at)
            )


class SourceCursorRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, leader_id: int, source: FillSource) -> SourceCursor | None:
        return await self.session.scalar(
            select(SourceCursor).where(
                SourceCursor.leader_id == leader_id, SourceCursor.source == source
            )
        )

    async def advance(
        self,
        leader_id: int,
        source: FillSource,
        last_timestamp: int,
        *,
        second_feed: int | None = None,
    ) -> None:
        """Move a cursor forward only; ``second_feed`` is the position of a source's second
        feed (the Data API's ``/v2/trades``), kept as a number in the ``cursor`` column."""
        cursor = await self.get(leader_id, source)
        if cursor is None:
            cursor = SourceCursor(leader_id=leader_id, source=source, last_timestamp=last_timestamp)
            self.session.add(cursor)
        elif last_timestamp > cursor.last_timestamp:
            cursor.last_timestamp = last_timestamp
        if second_feed is not None and second_feed > second_feed_position(cursor, default=-1):
            cursor.cursor = str(second_feed)
        await self.session.flush()

    async def advance_all(
        self,
        leader_ids: Sequence[int],
        source: FillSource,
        last_timestamp: int,
        *,
        second_feed: int | None = None,
    ) -> None:
        """Move one source's cursor of several leaders (the chain reads all of them at once)."""
        for leader_id in leader_ids:
            await self.advance(leader_id, source, last_timestamp, second_feed=second_feed)


def second_feed_position(cursor: SourceCursor, *, default: int) -> int:
    """Where the source's second feed stopped; ``default`` until it has read anything."""
    return int(cursor.cursor) if cursor.cursor else default


_CONDITION_EVENTS = (LeaderEventType.SPLIT, LeaderEventType.MERGE, LeaderEventType.REDEEM)


async def leader_position_before(
    session: AsyncSession, leader_id: int, token_id: str, before_fill_id: int
) -> int:
    """The leader's shares of a token from the events polycopy saw before this one.

    Trades move the token; a SPLIT adds and a MERGE removes its shares on every outcome of
    the market; a REDEEM empties the market. The position never goes below 0 at any step: a
    sale or merge of shares polycopy never saw bought leaves 0, so a later buy counts whole.
    """
    markets = union(
        select(MarketToken.condition_id).where(MarketToken.token_id == token_id),
        select(LeaderFill.condition_id).where(
            LeaderFill.leader_id == leader_id, LeaderFill.token_id == token_id
        ),
    )
    rows = await session.execute(
        select(LeaderFill.event_type, LeaderFill.side, LeaderFill.size_micros)
        .where(
            LeaderFill.leader_id == leader_id,
            LeaderFill.id < before_fill_id,
            or_(
                and_(
                    LeaderFill.event_type == LeaderEventType.TRADE,
                    LeaderFill.token_id == token_id,
                ),
                and_(
                    LeaderFill.event_type.in_(_CONDITION_EVENTS),
                    LeaderFill.condition_id.in_(markets),
                ),
            ),
        )
        .order_by(LeaderFill.id)
    )
    position = 0
    for kind, side, size in rows.all():
        position = position_after(position, kind, side, int(size))
    return position


def position_after(position: int, kind: LeaderEventType, side: TradeSide | None, size: int) -> int:
    """One outcome's position after one event of the leader (``size`` of a SPLIT or MERGE
    is per outcome)."""
    if kind is LeaderEventType.REDEEM:
        return 0
    grows = kind is LeaderEventType.SPLIT or (
        kind is LeaderEventType.TRADE and side is not TradeSide.SELL
    )
    return max(0, position + size if grows else position - size)


@dataclass(frozen=True, slots=True)
class SourceLatency:
    """Detection latency of one source over a window, in seconds (fill time -> seen)."""

    source: FillSource
    count: int
    p50: float
    p90: float
    p99: float
    max: float


async def detection_latency_by_source(
    session: AsyncSession, *, since: dt.datetime | None = None
) -> list[SourceLatency]:
    """Per-source latency percentiles from the sightings table (for the admin API).

    Latency is ``seen_at - occurred_at``; ``occurred_at`` is the block time the source
    reported, whole seconds, so sub-second figures are bounded below by that rounding.
    """
    stmt = select(
        LeaderFillSighting.source, LeaderFillSighting.seen_at, LeaderFill.occurred_at
    ).join(LeaderFill, LeaderFill.id == LeaderFillSighting.leader_fill_id)
    if since is not None:
        stmt = stmt.where(LeaderFillSighting.seen_at >= since)
    samples: dict[FillSource, list[float]] = {}
    for source, seen_at, occurred_at in (await session.execute(stmt)).all():
        samples.setdefault(source, []).append(max(0.0, (seen_at - occurred_at).total_seconds()))
    return [
        SourceLatency(
            source=source,
            count=len(values),
            p50=_percentile(values, 50),
            p90=_percentile(values, 90),
            p99=_percentile(values, 99),
            max=max(values),
        )
        for source, values in sorted(samples.items())
        for values in [sorted(values)]
    ]


def _percentile(ordered: Sequence[float], pct: int) -> float:
    """Nearest-rank percentile of an ascending, non-empty sequence."""
    rank = max(1, -(-pct * len(ordered) // 100))
    return ordered[rank - 1]
