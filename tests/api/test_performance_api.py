"""Performance views and decision counts aggregated by the server; splits in the equity curve."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

from polycopy.copying.types import DecisionAction
from polycopy.kit.db import Database
from polycopy.models import CopyRule, Decision, Market, MarketToken, Settlement
from polycopy.orders.types import OrderStatus
from polycopy.settlements.service import book_settlement
from polycopy.settlements.types import SettlementStatus
from polycopy.signals.types import TradeSide
from polycopy.venues.base import SettlementAction, SettlementResult, SubmitOutcome
from tests.api.conftest import LEADER, User
from tests.api.seed import CONDITION, TOKEN, copied_buy, copied_trade, leader_fill

SignUp = Callable[..., Awaitable[User]]
T0 = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)  # a Friday
NO = "456"


async def _settle(db: Database, account_id: int, leader_id: int | None, **row: object) -> None:
    async with db.transaction() as session:
        settlement = Settlement(
            follower_account_id=account_id,
            condition_id=CONDITION,
            status=SettlementStatus.PENDING,
            leader_id=leader_id,
            **row,
        )
        session.add(settlement)
        await session.flush()
        at = row.get("settled_at")
        assert isinstance(at, dt.datetime)
        await book_settlement(session, settlement.id, SettlementResult(SubmitOutcome.ACCEPTED), at)


async def _history(db: Database, user: User) -> dict[str, int]:
    """Buy 10 at 0.41 (fee 0.01), sell 4 at 0.58, split 10 sets, then the market resolves
    for NO and is redeemed."""
    account = await user.account()
    rule = await user.rule(account["id"], LEADER)
    async with db.transaction() as session:
        session.add(
            Market(
                condition_id=CONDITION,
                question="Will it rain in Lisbon?",
                tick_size_micros=10_000,
                min_order_size_micros=5_000_000,
                tags=["Weather", "Europe"],
            )
        )
        await session.flush()
        session.add_all(
            [
                MarketToken(token_id=TOKEN, condition_id=CONDITION, outcome="Yes", outcome_index=0),
                MarketToken(token_id=NO, condition_id=CONDITION, outcome="No", outcome_index=1),
            ]
        )
        await copied_buy(session, rule["id"], size_micros=10_000_000, at=T0, fee_micros=10_000)
        await copied_trade(
            session,
            rule["id"],
            side=TradeSide.SELL,
            leader_price_micros=600_000,
            price_micros=580_000,
            size_micros=4_000_000,
            fee_micros=0,
            at=T0 + dt.timedelta(hours=2),
        )
    await _settle(
        db,
        account["id"],
        rule["leader_id"],
        action=SettlementAction.SPLIT,
        shares_micros=10_000_000,
        prices={TOKEN: 400_000, NO: 600_000},
        settled_at=T0 + dt.timedelta(hours=3),
    )
    return {"account": account["id"], "rule": rule["id"], "leader": rule["leader_id"]}


async def test_the_equity_curve_counts_lots_opened_by_splits(db: Database, sign_up: SignUp) -> None:
    alice = await sign_up()
    await _history(db, alice)

    equity = (await alice.get("/api/v1/portfolio/equity", params={"bucket": "hour"})).json()
    portfolio = (await alice.get("/api/v1/portfolio")).json()
    # 6 shares left of the buy (2.466) and the split's 10 sets (10.00): what the portfolio holds.
    assert portfolio["totals"]["cost_micros"] == 12_466_000
    assert equity["points"][-1]["open_cost_micros"] == portfolio["totals"]["cost_micros"]


async def test_performance_bars_equity_statistics_and_groups(db: Database, sign_up: SignUp) -> None:
    alice, bob = await sign_up(), await sign_up()
    ids = await _history(db, alice)
    resolved = T0 + dt.timedelta(days=2)
    async with db.transaction() as session:
        market = await session.get(Market, CONDITION)
        assert market is not None
        market.resolved_at, market.winning_token_id = resolved, NO
    await _settle(db, ids["account"], None, action=SettlementAction.REDEEM, settled_at=resolved)

    daily = await alice.get("/api/v1/portfolio/performance", params={"period": "day"})
    assert daily.status_code == 200, daily.text
    body = daily.json()
    # The sale realises 2.32 − 1.644; the redemption pays 10 for lots that cost 2.466 + 10.
    assert [(b["start"][:10], b["realized_pnl_micros"]) for b in body["bars"]] == [
        ("2026-11-27", 676_000),
        ("2026-11-29", -2_466_000),
    ]
    assert body["bars"][0]["fees_micros"] == 10_000
    assert [(p["equity_micros"], p["drawdown_micros"]) for p in body["equity"]] == [
        (676_000, 0),
        (-1_790_000, -2_466_000),
    ]
    stats = body["statistics"]
    assert (stats["closes"], stats["wins"], stats["losses"]) == (2, 1, 1)
    assert stats["profit_factor_bps"] == 2741  # 0.676 / 2.466
    assert stats["win_rate_bps"] == 5_000
    assert stats["expectancy_micros"] == -895_000
    assert stats["max_drawdown_micros"] == 2_466_000
    [market] = body["markets"]
    assert (market["key"], market["name"]) == (CONDITION, "Will it rain in Lisbon?")
    assert body["worst_markets"] == [market]
    assert body["best_markets"] == []
    assert [(c["key"], c["pnl_micros"]) for c in body["categories"]] == [("Weather", -1_790_000)]
    [leader] = body["leaders"]
    assert (leader["leader_id"], leader["name"]) == (ids["leader"], LEADER)

    weekly = (await alice.get("/api/v1/portfolio/performance?period=week")).json()
    assert [(b["start"][:10], b["closes"]) for b in weekly["bars"]] == [("2026-11-23", 2)]
    later = await alice.get(
        "/api/v1/portfolio/performance", params={"from": (T0 + dt.timedelta(days=1)).isoformat()}
    )
    assert [b["realized_pnl_micros"] for b in later.json()["bars"]] == [-2_466_000]

    assert (await bob.get("/api/v1/portfolio/performance")).json()["markets"] == []
    inverted = await alice.get(
        "/api/v1/portfolio/performance",
        params={"from": T0.isoformat(), "to": (T0 - dt.timedelta(hours=1)).isoformat()},
    )
    assert inverted.status_code == 422
    assert inverted.json()["error"]["field"] == "to"
    bad = await alice.get("/api/v1/portfolio/performance", params={"period": "year"})
    assert bad.status_code == 422
    assert bad.json()["error"]["field"] == "period"


async def test_decision_counts_cover_every_decision_not_a_page(
    db: Database, sign_up: SignUp
) -> None:
    alice, bob = await sign_up(), await sign_up()
    ids = await _history(db, alice)  # two filled copies
    async with db.transaction() as session:
        await copied_buy(
            session,
            ids["rule"],
            size_micros=1_000_000,
            at=T0,
            status=OrderStatus.DEAD_LETTERED,
        )
        rule = await session.get(CopyRule, ids["rule"])
        assert rule is not None
        for n in range(203):
            fill = await leader_fill(
                session,
                rule.leader_id,
                side=TradeSide.BUY,
                price_micros=400_000,
                size_micros=1_000_000,
                at=T0 + dt.timedelta(minutes=n),
            )
            reason = "split_mirrored" if n == 0 else ("max_trade" if n % 2 else "slippage")
            session.add(
                Decision(
                    leader_fill_id=fill.id,
                    copy_rule_id=rule.id,
                    rule_version=rule.version,
                    follower_account_id=rule.follower_account_id,
                    action=DecisionAction.SKIP,
                    reason=reason,
                )
            )

    body = (await alice.get("/api/v1/decisions/summary")).json()
    assert body == {
        "decisions": 206,
        "copied": 3,  # the buy, the sale, the mirrored split
        "not_filled": 1,
        "skipped": 202,
        "skipped_by_reason": {"max_trade": 101, "slippage": 101},
        "orders_filled": 2,
    }
    mine = await alice.get("/api/v1/decisions/summary", params={"account_id": ids["account"]})
    assert mine.json() == body
    assert (await bob.get("/api/v1/decisions/summary")).json()["decisions"] == 0
    theirs = await bob.get("/api/v1/decisions/summary", params={"account_id": ids["account"]})
    assert theirs.json()["decisions"] == 0
