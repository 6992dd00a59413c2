"""Consensus signals: a buy is copied only when enough leaders of a group bought the same
outcome within the window, counted from the stored fills (so once per leader, and the same
after a restart); one decision per fill per rule."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from polycopy.backtest.core import Backtest
from polycopy.backtest.run import RuleFileError, load_rule
from polycopy.copying.evaluate import (
    BookView,
    FillView,
    FollowerView,
    LeaderView,
    MarketView,
    States,
    Verdict,
    evaluate,
)
from polycopy.copying.reasons import explain
from polycopy.copying.service import (
    MarketContext,
    create_rule,
    decide_fill,
    validate_rule_settings,
)
from polycopy.copying.settings import AccountLimits, RuleSettings
from polycopy.copying.types import SkipReason
from polycopy.kit.db import Database
from polycopy.kit.errors import InvalidInputError
from polycopy.kit.money import MICRO
from polycopy.leaders.service import follow_wallet
from polycopy.models import CopyRule, Decision, FollowerAccount, LeaderFill
from polycopy.signals.types import TradeSide
from tests.copying.support import NOW, Binary, add_fill, add_follower, add_market, add_rule, wallet

STALE = dt.timedelta(minutes=5)
WINDOW = 600


def _rule(**consensus: object) -> RuleSettings:
    return RuleSettings.model_validate(
        {
            "allocation": "fixed",
            "fixed_amount_micros": 5 * MICRO,
            "consensus": {"min_leaders": 2, "window_seconds": WINDOW} | consensus,
        }
    )


async def _leader(db: Database, address: str) -> int:
    async with db.transaction() as session:
        return (await follow_wallet(session, address, actor="test")).id


async def _decide(db: Database, market: Binary, fill_id: int, at: dt.datetime) -> None:
    deep = ((MICRO // 2, 10**7 * MICRO),)
    books = {token: BookView(bids=deep, asks=deep) for token in (market.yes, market.no)}
    async with db.transaction() as session:
        fill = await session.get(LeaderFill, fill_id)
        assert fill is not None
        await decide_fill(
            session, fill, MarketContext(books=books, leader_values={}), now=at, stale_after=STALE
        )


async def _decisions(db: Database, fill_id: int) -> list[Decision]:
    async with db.transaction() as session:
        rows = await session.scalars(select(Decision).where(Decision.leader_fill_id == fill_id))
        return list(rows.all())


async def test_a_buy_is_copied_once_enough_leaders_agree_and_a_skip_names_who_is_missing(
    db: Database,
) -> None:
    market = await add_market(db)
    a, b, c = sorted(wallet() for _ in range(3))
    rule = await add_rule(db, await add_follower(db), a, _rule(wallets=[a, b, c]))
    leader_b, leader_c = await _leader(db, b), await _leader(db, c)

    alone = await add_fill(db, rule.leader_id, market.condition_id, market.yes, at=NOW)
    await _decide(db, market, alone, NOW)
    [skip] = await _decisions(db, alone)
    assert skip.reason == SkipReason.NO_CONSENSUS.value
    assert skip.details["consensus_agreed"] == a
    assert skip.details["consensus_missing"] == f"{b},{c}"
    text = explain(skip.reason, skip.details)
    assert "Only 1 of the 2 leaders needed" in text
    assert f"missing: {b}, {c}" in text

    # B buys the same outcome twice, and C the other outcome and too long ago: only B agrees,
    # once however often it bought.
    later = NOW + dt.timedelta(seconds=60)
    for at in (NOW + dt.timedelta(seconds=10), NOW + dt.timedelta(seconds=20)):
        await add_fill(db, leader_b, market.condition_id, market.yes, at=at)
    await add_fill(db, leader_c, market.condition_id, market.no, at=NOW)
    await add_fill(db, leader_c, market.condition_id, market.yes, at=later - dt.timedelta(hours=1))
    second = await add_fill(db, rule.leader_id, market.condition_id, market.yes, at=later)
    await _decide(db, market, second, later)
    [copy] = await _decisions(db, second)
    assert copy.reason is None
    assert copy.details["consensus_agreed"] == f"{a},{b}"
    assert copy.details["consensus_missing"] == c
    assert copy.amount_micros == 5 * MICRO  # 2 agreeing of 2 needed: × 2 ÷ 2
    assert f"Consensus: 2 leaders agreed ({a}, {b}), 2 needed." in explain(None, copy.details)

    # Decided again (a restart, a second worker): still one decision per fill per rule, and
    # the first fill's skip stands although B agrees now.
    await _decide(db, market, alone, later)
    await _decide(db, market, second, later)
    async with db.transaction() as session:
        counts = await session.scalar(
            select(func.count()).where(Decision.copy_rule_id == rule.id).select_from(Decision)
        )
    assert counts == 2
    assert [d.reason for d in await _decisions(db, alone)] == [SkipReason.NO_CONSENSUS.value]


async def test_the_account_group_counts_the_followed_leaders_and_sizes_by_agreement(
    db: Database,
) -> None:
    """No wallets listed: the group is the leaders the account follows; three agreeing of
    two needed size the copy × 3 ÷ 2."""
    market = await add_market(db)
    account = await add_follower(db)
    plain = RuleSettings(fixed_amount_micros=5 * MICRO)
    rules = [await add_rule(db, account, wallet(), plain) for _ in range(2)]
    consensus = await add_rule(db, account, wallet(), _rule())
    for rule in rules:
        await add_fill(db, rule.leader_id, market.condition_id, market.yes, at=NOW)
    fill = await add_fill(
        db, consensus.leader_id, market.condition_id, market.yes, at=NOW + dt.timedelta(seconds=5)
    )
    await _decide(db, market, fill, NOW + dt.timedelta(seconds=5))
    [copy] = await _decisions(db, fill)
    assert copy.reason is None
    assert copy.amount_micros == 7_500_000
    assert len(str(copy.details["consensus_agreed"]).split(",")) == 3


@pytest.mark.parametrize(
    ("consensus", "field"),
    [
        ({"min_leaders": 3, "window_seconds": 60, "wallets": [wallet()]}, "consensus"),
        ({"min_leaders": 1, "window_seconds": 0}, "consensus.window_seconds"),
        ({"min_leaders": 1, "window_seconds": -5}, "consensus.window_seconds"),
        ({"min_leaders": 0, "window_seconds": 60}, "consensus.min_leaders"),
        ({"min_leaders": 1, "window_seconds": 60, "wallets": ["0xnope"]}, "consensus.wallets"),
    ],
)
def test_bad_consensus_settings_are_refused_naming_the_field(
    consensus: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInputError, match=field):
        validate_rule_settings(
            {"allocation": "fixed", "fixed_amount_micros": MICRO, "consensus": consensus}
        )


async def test_more_leaders_than_the_account_follows_is_refused_and_nothing_stored(
    db: Database,
) -> None:
    account_id = await add_follower(db)
    await add_rule(db, account_id, wallet(), RuleSettings(fixed_amount_micros=MICRO))

    async def create() -> None:
        async with db.transaction() as session:
            account = await session.get(FollowerAccount, account_id)
            assert account is not None
            await create_rule(
                session, account, wallet(), _rule(min_leaders=3), actor="test", now=NOW
            )

    with pytest.raises(InvalidInputError, match=r"consensus\.min_leaders: 3 is more than the 2"):
        await create()
    async with db.transaction() as session:
        stored = await session.scalar(
            select(func.count())
            .select_from(CopyRule)
            .where(CopyRule.follower_account_id == account_id)
        )
    assert stored == 1


def test_a_backtest_refuses_a_consensus_rule_it_cannot_see_agree(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="consensus: a backtest replays one leader"):
        Backtest(_rule())
    path = tmp_path / "rule.toml"
    path.write_text(
        'allocation = "fixed"\nfixed_amount_micros = 5000000\n'
        "[consensus]\nmin_leaders = 1\nwindow_seconds = 60\n"
    )
    with pytest.raises(RuleFileError, match="consensus: a backtest replays one leader"):
        load_rule(path)


@settings(max_examples=200)
@given(
    st.integers(1, 5),
    st.integers(0, 10),
    st.integers(1, 10),
    st.none() | st.integers(1, 100 * MICRO),
)
def test_consensus_copies_only_with_k_agreeing_and_grows_with_agreement_under_the_caps(
    k: int, agreeing: int, more: int, max_trade: int | None
) -> None:
    rule = _rule(min_leaders=k).model_copy(update={"max_trade_micros": max_trade})
    group = [f"0x{n:040x}" for n in range(agreeing + more)]

    def decide(n: int) -> Verdict:
        return evaluate(
            FillView(TradeSide.BUY, "1", 500_000, 40 * MICRO, 20 * MICRO, NOW),
            rule,
            AccountLimits(),
            FollowerView(),
            MarketView(tick_size_micros=10_000, min_order_size_micros=5 * MICRO),
            BookView(bids=((490_000, 10**9),), asks=((500_000, 10**12),)),
            LeaderView(agreed=tuple(group[:n]), missing=tuple(group[n:])),
            States(),
            now=NOW,
            stale_after=STALE,
        )

    few, many = decide(agreeing), decide(agreeing + more)
    assert (few.reason is SkipReason.NO_CONSENSUS) == (agreeing < k)
    assert many.details["consensus_missing"] == ",".join(group[agreeing + more :])
    for verdict in (few, many):
        if verdict.intent is not None:
            amount = verdict.intent.amount_micros or 0
            assert max_trade is None or amount <= max(max_trade, MICRO)
    if few.intent is not None:
        assert many.intent is not None
        assert (few.intent.amount_micros or 0) <= (many.intent.amount_micros or 0)
