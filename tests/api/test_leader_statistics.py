"""Leader history backfill and statistics through the API: adding a leader asks for its
history, progress is readable, statistics are computed from stored fills and owner-scoped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

from polycopy.kit.db import Database
from polycopy.signals.types import TradeSide
from tests.api.conftest import LEADER, User
from tests.api.seed import leader_fill

NOW = dt.datetime.now(dt.UTC)


async def test_backfill_progress_and_statistics_are_yours_only(
    db: Database, sign_up: Callable[..., Awaitable[User]]
) -> None:
    alice, bob = await sign_up(), await sign_up()
    leader = (await alice.post("/api/v1/leaders", {"wallet": LEADER})).json()
    base = f"/api/v1/leaders/{leader['id']}"
    progress = (await alice.get(f"{base}/backfill")).json()
    assert (progress["status"], progress["done"], progress["rows"]) == ("pending", False, 0)
    again = await alice.post(f"{base}/backfill", {})
    assert again.status_code == 202
    assert again.json()["status"] == "pending"  # a waiting read is left as it is
    for path in ("backfill", "statistics"):
        assert (await bob.get(f"{base}/{path}")).status_code == 404
    assert (await bob.post(f"{base}/backfill", {})).status_code == 404

    async with db.transaction() as session:
        for side, price, at in [
            (TradeSide.BUY, 400_000, NOW - dt.timedelta(days=40)),
            (TradeSide.SELL, 600_000, NOW - dt.timedelta(days=39)),  # +2 on 10 shares
            (TradeSide.BUY, 500_000, NOW - dt.timedelta(days=2)),
            (TradeSide.SELL, 450_000, NOW - dt.timedelta(days=1)),  # -0.5
        ]:
            await leader_fill(
                session, leader["id"], side=side, price_micros=price, size_micros=10_000_000, at=at
            )
    everything = (await alice.get(f"{base}/statistics")).json()
    assert everything["period"] == "all"
    assert everything["realized_pnl_micros"]["value"] == 1_500_000
    assert everything["win_rate"] == {
        "value": "0.5000",
        "sample_size": 2,
        "low": "0.0000",
        "high": "1.0000",
    }
    assert everything["trades"]["value"] == 4
    week = (await alice.get(f"{base}/statistics", params={"period": "7d"})).json()
    assert week["realized_pnl_micros"]["value"] == -500_000
    assert week["trades"]["value"] == 2
    assert (await alice.get(f"{base}/statistics", params={"period": "1y"})).status_code == 422
    async with db.transaction() as session:  # a new fill: the stored figures are stale
        await leader_fill(
            session,
            leader["id"],
            side=TradeSide.BUY,
            price_micros=100_000,
            size_micros=10_000_000,
            at=NOW,
        )
    assert (await alice.get(f"{base}/statistics")).json()["trades"]["value"] == 5
