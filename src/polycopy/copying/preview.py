"""What a copy rule would have done with a leader's latest trades: copied how many, and why not.

Read-only: the engine's own verdicts (``rule_verdicts``, the code that decides live fills) over
the leader's stored trades, for a rule that is not saved, against the follower's state now.
Each trade is judged as of its own time (so none is stale) and as if the book had had depth
at the leader's price: the preview shows what the settings filter and size, not what the
book of the day would have allowed. Proportional sizing uses the leader's portfolio value
the engine read last (positions and cash, stored on the leader's row), and each verdict shows
the ratio it gives; before any value was read it previews as ``no_leader_value``. A market
closed since then previews as ``market_closed``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.admin.repository import GLOBAL_KILL_SWITCH, SystemSettingRepository
from polycopy.copying.evaluate import BookView, Verdict
from polycopy.copying.reasons import explain
from polycopy.copying.service import MarketContext, rule_verdicts
from polycopy.copying.settings import RuleSettings
from polycopy.copying.types import TradingState
from polycopy.kit.money import MICRO
from polycopy.leaders.repository import LeaderRepository
from polycopy.leaders.value import stored_value
from polycopy.markets.repository import MarketRepository
from polycopy.models import CopyRule, FollowerAccount, LeaderFill
from polycopy.signals.repository import LeaderFillRepository

PREVIEW_FILLS = 20
_DEEP = 10**12  # shares at the leader's price: depth never binds in a preview


@dataclass(frozen=True, slots=True)
class PreviewedFill:
    fill: LeaderFill
    verdict: Verdict

    @property
    def explanation(self) -> str:
        return explain(self.verdict.reason, self.verdict.details)


@dataclass(frozen=True, slots=True)
class Preview:
    fills: list[PreviewedFill]

    @property
    def copied(self) -> int:
        return sum(1 for p in self.fills if p.verdict.intent is not None)

    @property
    def reasons(self) -> dict[str, int]:
        """Skips per reason code, most frequent first."""
        counts = Counter(p.verdict.reason.value for p in self.fills if p.verdict.reason)
        return dict(counts.most_common())


def _books_at(fill: LeaderFill, token_ids: list[str]) -> dict[str, BookView]:
    """Deep books at the leader's price (and its complement for the other outcome)."""
    books = {}
    for token in token_ids:
        price = fill.price_micros if token == fill.token_id else MICRO - fill.price_micros
        level = ((price, _DEEP),)
        books[token] = BookView(bids=level, asks=level)
    return books


async def preview_rule(
    session: AsyncSession,
    account: FollowerAccount,
    leader_id: int,
    settings: RuleSettings,
    *,
    stale_after: dt.timedelta,
    limit: int = PREVIEW_FILLS,
) -> Preview:
    """The verdicts the settings would give the leader's last ``limit`` trades; writes nothing."""
    rule = CopyRule(  # never added to the session
        follower_account_id=account.id,
        leader_id=leader_id,
        version=1,
        status=TradingState.ACTIVE,
        settings=settings.snapshot(),
    )
    global_halted = bool(
        (await SystemSettingRepository(session).get(GLOBAL_KILL_SWITCH)).get("on", False)
    )
    leader = await LeaderRepository(session).get(leader_id)
    value = (
        stored_value(leader.value_positions_micros, leader.value_cash_micros, leader.value_read_at)
        if leader is not None
        else None
    )
    markets = MarketRepository(session)
    previewed = []
    for fill in await LeaderFillRepository(session).recent_trades(leader_id, limit):
        market = await markets.get(fill.condition_id)
        token_ids = (
            [t.token_id for t in await markets.tokens(market.condition_id)]
            if market is not None
            else [fill.token_id or ""]
        )
        context = MarketContext(books=_books_at(fill, token_ids), leader_values={leader_id: value})
        [verdict] = await rule_verdicts(
            session,
            fill,
            [rule],
            {account.id: account},
            market,
            token_ids,
            context,
            global_halted=global_halted,
            now=fill.occurred_at,
            stale_after=stale_after,
        )
        previewed.append(PreviewedFill(fill, verdict))
    return Preview(previewed)
