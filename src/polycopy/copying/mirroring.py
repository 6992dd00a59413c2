"""Start-up mirroring: copy a leader's open positions once, when a rule asks for it.

A rule created with ``mirror_open_positions`` (off by default) copies what the leader holds
at that moment (Data API ``/positions``) at today's prices, under the same limits as any
copy. Each position becomes a leader fill polycopy had not seen — the part of the leader's
position its recorded trades do not explain — decided for the new rule only, so the leader's
position as polycopy sees it matches the venue's and later exits are mirrored in the right
proportion. (When another rule already follows the leader, polycopy has seen the trades made
since then, and only the part of the position it had not seen is mirrored.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

import httpx
import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.accounts.repository import FollowerAccountRepository
from polycopy.audit.repository import AuditRepository
from polycopy.copying.evaluate import BookView
from polycopy.copying.repository import CopyRuleRepository
from polycopy.copying.service import MarketContext, decide_fill
from polycopy.copying.types import LeaderValue
from polycopy.kit.db import Database
from polycopy.kit.money import MICRO, to_micros
from polycopy.models import Decision, LeaderFill
from polycopy.orders.service import queue_orders
from polycopy.signals.repository import leader_position_before
from polycopy.signals.types import FillSource, LeaderEventType, TradeSide
from polycopy.venues.polymarket.data_api import DataApiClient
from polycopy.venues.polymarket.http import VenueError
from polycopy.venues.polymarket.models import PositionRow

log = structlog.get_logger(__name__)

#: The largest fill id (ids are 32-bit integers): "every fill seen", for the position.
_ALL_SEEN = 2**31 - 1


@dataclass(frozen=True, slots=True)
class OpenPosition:
    """A leader's position as the Data API reports it (micro-units)."""

    condition_id: str
    token_id: str
    outcome: str
    size_micros: int
    price_micros: int


async def mirror_positions(
    session: AsyncSession,
    rule_id: int,
    positions: Sequence[OpenPosition],
    context: MarketContext,
    *,
    now: dt.datetime,
    stale_after: dt.timedelta,
) -> list[Decision] | None:
    """Decide the rule's copy of each position, once; None when it was mirrored already."""
    rule = await CopyRuleRepository(session).get(rule_id)
    if rule is None or rule.deleted_at is not None:
        return None
    await FollowerAccountRepository(session).lock(rule.follower_account_id)
    await session.refresh(rule)
    if rule.mirrored_at is not None:
        return None
    decisions: list[Decision] = []
    for position in positions:
        seen = await leader_position_before(session, rule.leader_id, position.token_id, _ALL_SEEN)
        unseen = position.size_micros - seen
        if unseen <= 0:
            continue
        fill = LeaderFill(
            identity=f"position:{rule.id}:{position.token_id}",
            leader_id=rule.leader_id,
            event_type=LeaderEventType.TRADE,
            transaction_hash=f"position:{rule.id}",
            condition_id=position.condition_id,
            token_id=position.token_id,
            outcome=position.outcome or None,
            side=TradeSide.BUY,
            price_micros=position.price_micros,
            size_micros=unseen,
            usdc_micros=unseen * position.price_micros // MICRO,
            occurred_at=now,
            first_seen_at=now,
            first_source=FillSource.DATA_API,
            raw={"startup_mirror_rule": rule.id, "position_micros": position.size_micros},
        )
        session.add(fill)
        await session.flush()
        decided = await decide_fill(
            session, fill, context, now=now, stale_after=stale_after, only_rule_ids={rule.id}
        )
        decisions += decided.decisions
        if decided.orders:
            await queue_orders(session)
    rule.mirrored_at = now
    await AuditRepository(session).record(
        actor="system",
        entity_type="copy_rule",
        entity_id=rule.id,
        action="positions_mirrored",
        details={"positions": len(positions), "decisions": len(decisions)},
    )
    return decisions


def open_position(row: PositionRow) -> OpenPosition | None:
    """A position worth copying: shares held and a live price strictly inside (0, 1)."""
    size = to_micros(row.size or 0, exact=False)
    price = to_micros(row.current_price or 0, exact=False)
    if row.redeemable or size <= 0 or not 0 < price < MICRO:
        return None
    return OpenPosition(row.condition_id, row.token_id, row.outcome, size, price)


class StartupMirror:
    """Each round: mirror the open positions of leaders whose new rules ask for it."""

    def __init__(
        self,
        db: Database,
        data: DataApiClient,
        *,
        now: Callable[[], dt.datetime],
        stale_after: dt.timedelta,
    ) -> None:
        self._db = db
        self._data = data
        self._now = now
        self._stale_after = stale_after

    async def run(
        self,
        cache_markets: Callable[[set[str]], Awaitable[None]],
        books: Callable[[set[str]], Awaitable[dict[str, BookView]]],
        leader_value: Callable[[int], Awaitable[LeaderValue | None]],
    ) -> int:
        """Mirror every waiting rule; returns how many rules were mirrored."""
        async with self._db.transaction() as session:
            waiting = await CopyRuleRepository(session).awaiting_mirror()
        mirrored = 0
        for rule_id, leader_id, wallet in waiting:
            try:
                positions = []
                async for row in self._data.positions_v1(wallet):
                    position = open_position(row)
                    if position is not None:
                        positions.append(position)
                await cache_markets({p.condition_id for p in positions})
                context = MarketContext(
                    books=await books({p.token_id for p in positions}),
                    leader_values={leader_id: await leader_value(leader_id)},
                )
            except (VenueError, httpx.HTTPError) as exc:
                log.warning("mirror.positions_failed", copy_rule_id=rule_id, error=repr(exc))
                continue
            async with self._db.transaction() as session:
                done = await mirror_positions(
                    session,
                    rule_id,
                    positions,
                    context,
                    now=self._now(),
                    stale_after=self._stale_after,
                )
            if done is not None:
                mirrored += 1
                log.info("mirror.done", copy_rule_id=rule_id, decisions=len(done))
        return mirrored
