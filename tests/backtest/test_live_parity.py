"""The backtest decides as the live decision path does: the same fills, rule, limits and
book through ``copying.service.decide_fill`` on a real database and through the replay give
the same action, reason and amount, decision by decision."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from polycopy.backtest.core import Backtest, Decision
from polycopy.backtest.history import HistoryRow
from polycopy.backtest.pricing import RecordedBooks
from polycopy.copying.evaluate import BookView
from polycopy.copying.service import MarketContext, decide_fill
from polycopy.copying.settings import AccountLimits, RuleSettings
from polycopy.kit.db import Database
from polycopy.kit.money import MICRO
from polycopy.models import Decision as DecisionRow
from polycopy.models import LeaderFill
from polycopy.signals.types import TradeSide
from tests.copying.support import NOW, add_fill, add_follower, add_market, add_rule, wallet

DEEP = BookView(bids=((490_000, 1_000 * MICRO),), asks=((510_000, 1_000 * MICRO),))
RULE = RuleSettings(
    allocation="percentage",
    percentage_bps=5_000,
    max_slippage_bps=500,
    max_market_exposure_micros=25 * MICRO,
    min_leader_trade_micros=3 * MICRO,
)
LIMITS = AccountLimits(max_total_exposure_micros=70 * MICRO, max_open_positions=3)
#: (market, outcome, leader shares, leader price in micros)
FILLS = [
    (0, 0, 20, 500_000), (0, 0, 30, 500_000), (1, 1, 4, 500_000), (1, 0, 50, 500_000),
    (0, 1, 10, 520_000), (2, 0, 40, 500_000), (0, 0, 60, 500_000), (2, 1, 30, 450_000),
    (1, 0, 25, 500_000), (2, 0, 80, 500_000), (1, 1, 12, 505_000), (0, 0, 9, 500_000),
]  # fmt: skip


async def test_the_replay_decides_each_fill_as_the_live_path(db: Database) -> None:
    account_id = await add_follower(db, LIMITS)
    rule = await add_rule(db, account_id, wallet(), RULE)
    markets = [await add_market(db) for _ in range(3)]
    tokens = [(m.yes, m.no) for m in markets]
    ids = [
        await add_fill(
            db,
            rule.leader_id,
            markets[m].condition_id,
            tokens[m][o],
            size_micros=shares * MICRO,
            price_micros=price,
        )
        for m, o, shares, price in FILLS
    ]
    context = MarketContext(
        books={token: DEEP for pair in tokens for token in pair}, leader_values={}
    )
    for fill_id in ids:
        async with db.transaction() as session:
            fill = await session.get(LeaderFill, fill_id)
            assert fill is not None
            await decide_fill(session, fill, context, now=NOW, stale_after=dt.timedelta(minutes=5))
    async with db.transaction() as session:
        rows = (
            await session.execute(
                select(DecisionRow.leader_fill_id, DecisionRow.action, DecisionRow.reason,
                       DecisionRow.amount_micros).order_by(DecisionRow.leader_fill_id)
            )
        ).all()  # fmt: skip
    live = [(str(action.value), reason, amount) for _, action, reason, amount in rows]

    at = int(NOW.timestamp())
    replayed: list[Decision] = []
    backtest = Backtest(
        RULE,
        LIMITS,
        books=RecordedBooks({t: [(at, DEEP)] for pair in tokens for t in pair}),
        on_decision=replayed.append,
    )
    for m, o, shares, price in FILLS:
        usdc = shares * MICRO * price // MICRO
        condition = markets[m].condition_id
        backtest.feed(
            HistoryRow(at, "TRADE", condition, tokens[m][o], TradeSide.BUY, price, shares * MICRO,
                       usdc, event=condition)
        )  # fmt: skip
    backtest.finish()
    mine = [(d.action, d.reason, d.amount_micros) for d in replayed]
    assert mine == live
    reasons = {reason for _, reason, _ in live}
    bound = {"market_exposure", "leader_trade_too_small", "max_open_positions", "slippage"}
    assert bound <= reasons  # the limits and the price bind somewhere
    assert ("copy", None, 9_900_000) in live  # a copy cut to the market's room
