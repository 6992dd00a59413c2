"""Copyability scores and rankings (``leaders/copyability.py``, ``leaders/ranking.py``):
the score is its parts' points, bounded, and follows the copies' results; filters and sort
keys rank as documented."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from polycopy.backtest.history import HistoryRow
from polycopy.kit.money import MICRO
from polycopy.leaders.copyability import (
    WEIGHT_COPY_RATE,
    WEIGHT_ROI,
    WEIGHT_SAMPLE,
    WEIGHT_SLIPPAGE,
    Replay,
)
from polycopy.leaders.ranking import Candidate, Filters, RankingSort, rank
from polycopy.signals.types import TradeSide
from tests.backtest.support import redeem, trade

DONE = ("done", True)

rows = st.lists(
    st.tuples(
        st.sampled_from(["c1", "c2", "c3"]),
        st.sampled_from([TradeSide.BUY, TradeSide.SELL, None]),  # None: the market redeems
        st.integers(10_000, 990_000),
        st.integers(1, 2_000 * MICRO),
    ),
    max_size=40,
)


def history(raw: list[tuple[str, TradeSide | None, int, int]]) -> list[HistoryRow]:
    out = []
    for i, (market, side, price, size) in enumerate(raw):
        ts = 1_700_000_000 + 600 * i
        if side is None:
            out.append(redeem(ts, size, condition=market))
        else:
            out.append(trade(ts, side, price, size, token=f"{market}-yes", condition=market))
    return out


def replay(fills: list[HistoryRow]) -> Replay:
    scorer = Replay()
    for row in fills:
        scorer.feed(row)
    return scorer


@settings(max_examples=120, deadline=None)
@given(rows)
def test_the_score_is_its_parts_and_stays_in_range(
    raw: list[tuple[str, TradeSide | None, int, int]],
) -> None:
    fills = history(raw)
    scorer = replay(fills)
    result = scorer.result(DONE)
    report = scorer.backtest.report
    weights = [WEIGHT_COPY_RATE, WEIGHT_ROI, WEIGHT_SLIPPAGE, WEIGHT_SAMPLE]
    assert sum(weights) == 100
    assert [p.weight for p in result.explanation] == weights
    assert all(Decimal(0) <= p.points <= p.weight for p in result.explanation)
    assert result.score == sum(p.points for p in result.explanation)
    assert Decimal(0) <= result.score <= Decimal(100)
    assert Decimal(0) <= result.copy_rate <= Decimal(1)
    assert result.sample_size == report.fills == sum(r.kind == "TRADE" for r in fills)
    assert (result.follower_roi is None) == (report.spent_micros == 0)
    assert f"{len(fills):,} stored fill" in result.history or not fills
    assert "backfilled" in result.history
    body = result.as_json()
    assert isinstance(body["score"], str)  # decimal strings, never floats
    assert all(isinstance(p["points"], str) for p in body["explanation"])


def test_a_winning_leader_scores_above_a_losing_one() -> None:
    def leader(payout_per_share: int) -> Decimal:
        fills = []
        for i in range(30):
            market = f"m{i}"
            ts = 1_700_000_000 + 3_600 * i
            fills.append(
                trade(
                    ts, TradeSide.BUY, 400_000, 50 * MICRO, token=f"{market}-yes", condition=market
                )
            )
            fills.append(redeem(ts + 60, payout_per_share * 50, condition=market))
        result = replay(fills).result(DONE)
        assert result.copy_rate == Decimal(1)  # each buy copied at the default 10 pUSD
        return result.score

    winner, loser = leader(MICRO), leader(0)
    assert winner > loser
    assert winner - loser == WEIGHT_ROI  # only the ROI part differs: +150 % vs -100 %


def test_no_history_scores_nothing_and_says_so() -> None:
    result = Replay().result((None, False))
    assert result.score == Decimal(0)
    assert result.follower_roi is None
    assert result.history == "no stored fills (detected live only, history not read)"


NOW = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)


def candidate(
    leader_id: int,
    *,
    score: str | None = None,
    roi: str | None = None,
    trades: int = 10,
    drawdown: int = 0,
    median: int = 10 * MICRO,
    tags: tuple[str, ...] = (),
    last: dt.datetime | None = NOW,
) -> Candidate:
    stats: dict[str, Any] = {
        "roi": {"value": roi, "sample_size": trades},
        "trades": {"value": trades, "sample_size": trades},
        "max_drawdown_micros": {"value": drawdown, "sample_size": trades},
        "trade_size_p50_micros": {"value": median, "sample_size": trades},
        "tags": dict.fromkeys(tags, 1),
    }
    if score is not None:
        stats["copyability"] = {"score": score}
    return Candidate(leader_id, stats, last)


def ids(ranked: tuple[list[Candidate], int]) -> tuple[list[int], int]:
    return [c.leader_id for c in ranked[0]], ranked[1]


def test_sort_keys_order_best_first_and_missing_last() -> None:
    pool = [
        candidate(1, score="40.00", roi="0.1000", drawdown=5),
        candidate(2, score="75.50", roi=None, drawdown=1),
        candidate(3, score=None, roi="0.3000", drawdown=9),
        candidate(4, score="40.00", roi="-0.2000", drawdown=1),
        Candidate(5, None, None),  # no stored fills
    ]
    assert ids(rank(pool, RankingSort.COPYABILITY)) == ([2, 1, 4, 3, 5], 0)
    assert ids(rank(pool, RankingSort.ROI)) == ([3, 1, 4, 2, 5], 0)
    assert ids(rank(pool, RankingSort.MAX_DRAWDOWN)) == ([2, 4, 1, 3, 5], 0)  # least first


def test_filters_remove_and_count() -> None:
    pool = [
        candidate(1, trades=3, tags=("Sports",)),
        candidate(2, trades=50, drawdown=900 * MICRO, tags=("politics",)),
        candidate(3, trades=50, median=200 * MICRO, last=NOW - dt.timedelta(days=40)),
        Candidate(4, None, None),
    ]
    sort = RankingSort.TRADES
    assert ids(rank(pool, sort, Filters(tag="sports"))) == ([1], 3)
    assert ids(rank(pool, sort, Filters(min_trades=10))) == ([2, 3], 2)
    assert ids(rank(pool, sort, Filters(max_drawdown_micros=100 * MICRO))) == ([3, 1], 2)
    active = Filters(active_since=NOW - dt.timedelta(days=7))
    assert ids(rank(pool, sort, active)) == ([2, 1], 2)
    sized = Filters(min_trade_micros=5 * MICRO, max_trade_micros=100 * MICRO)
    assert ids(rank(pool, sort, sized)) == ([2, 1], 2)
    assert ids(rank(pool, sort)) == ([2, 3, 1, 4], 0)
