"""Ranking, comparison and the walk-forward check through the API, on a real database: your
leaders only, copyability stored beside the statistics and explained, bad input named."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from decimal import Decimal

from polycopy.kit.db import Database
from polycopy.leaders.statistics_store import refresh_statistics, stale_leaders
from polycopy.signals.types import TradeSide
from tests.api.conftest import User
from tests.api.seed import leader_fill

NOW = dt.datetime.now(dt.UTC)
SHARES = 100_000_000


def wallet(n: int) -> str:
    return "0x" + f"{n:02x}" * 20


async def round_trip(db: Database, leader_id: int, days_ago: int, sell_price: int) -> None:
    """The leader buys 100 shares at 0.40 and sells them a day later at ``sell_price``."""
    async with db.transaction() as session:
        for side, price, days in [
            (TradeSide.BUY, 400_000, days_ago),
            (TradeSide.SELL, sell_price, days_ago - 1),
        ]:
            await leader_fill(
                session,
                leader_id,
                side=side,
                price_micros=price,
                size_micros=SHARES,
                at=NOW - dt.timedelta(days=days),
            )


async def add(user: User, n: int) -> int:
    response = await user.post("/api/v1/leaders", {"wallet": wallet(n)})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


async def test_ranking_compare_and_walk_forward_are_yours_and_explained(
    db: Database, sign_up: Callable[..., Awaitable[User]]
) -> None:
    alice, bob = await sign_up(), await sign_up()
    leaders = [await add(alice, n) for n in range(1, 6)]  # leader i+1 sells higher than i
    for i, leader_id in enumerate(leaders):
        await round_trip(db, leader_id, 40, 400_000 + 50_000 * i)
        await round_trip(db, leader_id, 3, 400_000 + 50_000 * i)
    quiet = await add(alice, 9)  # no fills
    bobs = await add(bob, 10)
    await round_trip(db, bobs, 3, 900_000)

    body = (await alice.get("/api/v1/leaders/ranking")).json()
    assert (body["period"], body["sort"], body["excluded"]) == ("all", "copyability", 0)
    rows = body["rows"]
    assert [r["leader"]["id"] for r in rows] == [*reversed(leaders), quiet]
    assert [r["rank"] for r in rows] == list(range(1, 7))
    assert bobs not in {r["leader"]["id"] for r in rows}
    best = rows[0]
    assert best["statistics"]["trades"] == {"value": 4, "sample_size": 4, "low": None, "high": None}
    copy = best["copyability"]
    assert Decimal("0") < Decimal(copy["score"]) <= Decimal("100")
    assert copy["sample_size"] == 4  # leader trades decided
    assert copy["rule"].startswith("your default rule: 10 pUSD per leader buy")
    assert copy["history"].startswith("4 stored fills from ")
    assert copy["history"].endswith("(history read pending)")
    parts = {p["part"]: p for p in copy["explanation"]}
    assert set(parts) == {"copy rate", "follower ROI", "slippage share", "sample size"}
    assert sum(Decimal(p["points"]) for p in parts.values()) == Decimal(copy["score"])
    assert all(copy["history"] in p["source"] for p in parts.values())
    assert Decimal(copy["follower_roi"]) > 0
    assert best["last_trade_at"] is not None
    assert (rows[-1]["statistics"], rows[-1]["copyability"]) == (None, None)

    # Filters and other sort keys; the quiet leader lacks every figure a filter reads.
    week = (
        await alice.get(
            "/api/v1/leaders/ranking",
            params={"period": "7d", "sort": "roi", "min_trades": 1, "active_within_days": 5},
        )
    ).json()
    assert [r["leader"]["id"] for r in week["rows"]] == list(reversed(leaders))
    assert week["excluded"] == 1
    assert week["rows"][0]["statistics"]["period"] == "7d"
    assert week["rows"][0]["copyability"]["sample_size"] == 2
    none_left = await alice.get("/api/v1/leaders/ranking", params={"min_trade_micros": 100_000_000})
    assert none_left.json()["excluded"] == 6
    bad = await alice.get("/api/v1/leaders/ranking", params={"sort": "volume"})
    assert bad.status_code == 422
    assert bad.json()["error"]["field"] == "sort"
    assert (await bob.get("/api/v1/leaders/ranking")).json()["rows"][0]["leader"]["id"] == bobs

    # Comparison: in the order asked, ranked among themselves; others' leaders are not found.
    asked = f"{leaders[0]},{leaders[4]},{quiet}"
    compared = (await alice.get("/api/v1/leaders/compare", params={"ids": asked})).json()
    assert [r["leader"]["id"] for r in compared["leaders"]] == [leaders[0], leaders[4], quiet]
    assert [r["rank"] for r in compared["leaders"]] == [2, 1, 3]
    foreign = await alice.get("/api/v1/leaders/compare", params={"ids": f"{leaders[0]},{bobs}"})
    assert foreign.status_code == 404
    five = ",".join(str(i) for i in leaders)
    for ids in (five, "1,x", "", "0", f"{quiet},{quiet}"):
        refused = await alice.get("/api/v1/leaders/compare", params={"ids": ids})
        assert refused.status_code == 422, ids
        assert refused.json()["error"]["field"] == "ids"
    too_many = await alice.get("/api/v1/leaders/compare", params={"ids": five})
    assert too_many.json()["error"]["message"] == "ids: at most 4 leaders, 5 given"

    # Walk-forward: ranks before the split held after it, on five leaders.
    checked = (await alice.get("/api/v1/leaders/walk-forward")).json()
    assert (checked["leaders"], checked["left_out"]) == (5, 1)
    assert checked["rank_correlation"] == "1.0000"
    assert checked["verdict"] == "past rank predicted the next period"
    assert Decimal(checked["p_value"]) <= Decimal("0.05")
    assert abs(Decimal(checked["baseline_mean"])) < Decimal("0.2")
    assert [r["leader_id"] for r in checked["rows"]] == list(reversed(leaders))
    assert all(r["past_rank"] == r["next_rank"] for r in checked["rows"])
    by_score = await alice.get("/api/v1/leaders/walk-forward", params={"sort": "copyability"})
    assert by_score.json()["leaders"] == 5
    # The past window is as long as the next: the 19 days before a split 19 days ago start after
    # the trades of 40 and 39 days ago, so no leader has a past figure.
    narrow = (await alice.get("/api/v1/leaders/walk-forward", params={"split_days": 19})).json()
    assert (narrow["leaders"], narrow["left_out"]) == (0, 6)
    lonely = (await bob.get("/api/v1/leaders/walk-forward")).json()
    assert (lonely["leaders"], lonely["verdict"]) == (0, "too few leaders (need 4)")
    assert (await alice.get("/api/v1/leaders/walk-forward", params={"split_days": 0})).json()[
        "error"
    ]["field"] == "split_days"


async def test_copyability_is_stored_and_refreshed_with_the_statistics(
    db: Database, sign_up: Callable[..., Awaitable[User]]
) -> None:
    alice = await sign_up()
    leader_id = await add(alice, 1)
    await round_trip(db, leader_id, 10, 600_000)
    first = (await alice.get("/api/v1/leaders/ranking")).json()["rows"][0]["copyability"]
    assert first["sample_size"] == 2
    await round_trip(db, leader_id, 5, 300_000)  # a losing trade arrives
    # Served from storage: the request does not replay the history again...
    stored = (await alice.get("/api/v1/leaders/ranking")).json()["rows"][0]["copyability"]
    assert stored == first
    # ...the worker's refresh of stale statistics does, and the score follows.
    async with db.transaction() as session:
        assert await stale_leaders(session) == [leader_id]
        await refresh_statistics(session, leader_id, NOW)
    fresh = (await alice.get("/api/v1/leaders/ranking")).json()["rows"][0]["copyability"]
    assert fresh["sample_size"] == 4
    assert Decimal(fresh["follower_roi"]) < Decimal(first["follower_roi"])
