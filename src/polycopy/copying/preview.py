"""What a copy rule would have done with a leader's trades: copied how many, and why not.

Read-only: the leader's stored history (detected and backfilled fills) is replayed
through the backtest engine (``backtest/jobs.replay_stored``, the live decision code over a
follower built up by the replay), for a rule that is not saved, under the account's limits
and starting from its trading state now (a halted account previews as halted). Each trade is
decided at its own time against the recorded book of that moment, or the documented depth
model around the last price (docs/backtest.md): a copy the book cannot fill whole previews
as not filled, as it would have fared live. Proportional sizing uses the leader's portfolio
value the engine read last; before any value was read it previews as ``no_leader_value``.
The latest ``PREVIEW_FILLS`` trades are listed one by one; the backtest report covers the
newest ``PREVIEW_HISTORY`` events (a backtest job covers the whole history).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.admin.repository import GLOBAL_KILL_SWITCH, SystemSettingRepository
from polycopy.backtest.core import NOT_FILLED, Decision
from polycopy.backtest.jobs import (
    NoStoredHistory,
    ReplayOptions,
    leader_value,
    replay_stored,
    result_json,
)
from polycopy.backtest.repository import Window, fills_by_id, newest_start
from polycopy.copying.evaluate import States
from polycopy.copying.reasons import explain
from polycopy.copying.settings import AccountLimits, RuleSettings
from polycopy.kit.money import micros_str
from polycopy.models import FollowerAccount, LeaderFill

PREVIEW_FILLS = 20
#: The newest stored events the preview replays (about a second of work on one core); a
#: backtest job (``POST /backtests``) replays them all.
PREVIEW_HISTORY = 3_000


@dataclass(frozen=True, slots=True)
class PreviewedFill:
    fill: LeaderFill
    decision: Decision

    @property
    def copied(self) -> bool:
        return self.decision.action == "copy"

    @property
    def reason(self) -> str | None:
        return self.decision.reason

    @property
    def amount_micros(self) -> int | None:
        return self.decision.amount_micros

    @property
    def size_micros(self) -> int | None:
        return self.decision.size_micros

    @property
    def explanation(self) -> str:
        if self.reason == NOT_FILLED:
            limit = self.decision.details.get("limit_price_micros")
            price = f" at {micros_str(limit)} or better" if isinstance(limit, int) else ""
            return f"Not filled: the book could not fill the whole copy{price}."
        return explain(self.reason, self.decision.details)


@dataclass(frozen=True, slots=True)
class Preview:
    fills: list[PreviewedFill]  # newest first
    backtest: dict[str, Any] | None = field(default=None)  # the report over all stored fills

    @property
    def copied(self) -> int:
        return sum(1 for p in self.fills if p.copied)

    @property
    def reasons(self) -> dict[str, int]:
        """Skips per reason code, most frequent first."""
        counts = Counter(p.reason for p in self.fills if p.reason)
        return dict(counts.most_common())


async def preview_rule(
    session: AsyncSession,
    account: FollowerAccount,
    leader_id: int,
    settings: RuleSettings,
    *,
    stale_after: dt.timedelta,
    limit: int = PREVIEW_FILLS,
    history: int = PREVIEW_HISTORY,
) -> Preview:
    """The backtest of the leader's ``history`` newest stored events under these settings,
    and the decisions of its last ``limit`` trades; writes nothing."""
    global_halted = bool(
        (await SystemSettingRepository(session).get(GLOBAL_KILL_SWITCH)).get("on", False)
    )
    options = ReplayOptions(
        settings,
        AccountLimits.model_validate(account.limits),
        stale_after=stale_after,
        leader_value_micros=await leader_value(session, leader_id),
        states=States(global_halted=global_halted, account=account.trading_state),
    )
    window = Window(leader_id, since=await newest_start(session, leader_id, history))
    try:
        replay = await replay_stored(
            lambda: contextlib.nullcontext(session), window, options, last_trades=limit
        )
    except NoStoredHistory:
        return Preview([])
    fills = await fills_by_id(session, [fill_id for fill_id, _ in replay.recent])
    previewed = [PreviewedFill(fills[fill_id], decision) for fill_id, decision in replay.recent]
    return Preview(previewed[::-1], result_json(replay))
