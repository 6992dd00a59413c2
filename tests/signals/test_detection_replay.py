"""Acceptance: a recorded wallet history replayed on the emulator is detected by the chain,
RTDS and Data API sources together, every fill exactly once with one sighting per source,
although the sources lag differently (RTDS 6 s, blocks every 3 s, the Data API indexing 60 s
late) and one transaction carries three identical fills of the leader."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sqlalchemy import select

from polycopy.kit.db import Database
from polycopy.kit.http import http_client
from polycopy.models import LeaderFill, LeaderFillSighting
from polycopy.signals import metrics
from polycopy.signals.service import detection_latency
from polycopy.signals.types import FillSource

from .support import (
    INDEXING_LAG_S,
    RTDS_LAG_S,
    Driver,
    chain_fills,
    detecting,
    followed_replay,
    server_for,
    sightings,
    sources,
    stored_fills,
    until,
)

# The built-in sources this replay runs (signed ingestion has its own test).
SOURCES = (FillSource.DATA_API, FillSource.RTDS, FillSource.CHAIN)


async def test_every_replayed_fill_is_detected_once_with_a_sighting_per_source(
    db: Database, tmp_path: Path
) -> None:
    scenario, replay, wallet = await followed_replay(db, tmp_path)
    before = _counters()
    async with server_for(scenario) as server, http_client(10) as http:
        found = sources(server, db, http)
        async with detecting(db, found, server.state):
            await Driver(server, replay).run()
            server.chain.mine_block()  # the last fills' block
            truth = chain_fills(server, wallet)
            total = sum(truth.values())

            async def all_sources_saw_everything() -> bool:
                seen = await sightings(db)
                return all(seen[source] >= total for source in SOURCES)

            await until(all_sources_saw_everything)
        assert replay.missed == []

    # The emulator's chain holds the replay, the three identical fills of one transaction
    # and the leader's two-maker taker fill as one.
    assert max(truth.values()) == 3
    assert total == len(replay.steps) + 3 + 1
    assert await stored_fills(db) == truth  # every fill exactly once, none made up
    assert await sightings(db) == Counter(dict.fromkeys(SOURCES, total))
    async with db.transaction() as session:
        fills = (await session.scalars(select(LeaderFill))).all()
        per_fill = Counter((await session.scalars(select(LeaderFillSighting.leader_fill_id))).all())
    assert set(per_fill.values()) == {3}
    # The chain's position and collateral are on every fill, whoever saw it first.
    unconfirmed = [
        (f.first_source, f.occurrence)
        for f in fills
        if f.log_index is None or f.block_number is None
    ]
    assert unconfirmed == []
    assert {f.occurrence for f in fills} == {0, 1, 2}

    # Metrics: each fill counted once as found first, every other report as a duplicate.
    after = _counters()
    assert after[0] - before[0] == total
    assert after[1] - before[1] >= 2 * total
    assert after[2] - before[2] >= 3 * total

    latency = {row.source: row for row in await detection_latency(db)}
    assert set(latency) == set(SOURCES)
    assert all(row.count == total for row in latency.values())
    # Each source's own lag shows: the Data API no sooner than its indexing lag, RTDS no
    # sooner than its publishing lag (block times are whole seconds: allow one).
    assert latency[FillSource.DATA_API].p50 >= INDEXING_LAG_S - 1
    assert latency[FillSource.RTDS].p50 >= RTDS_LAG_S - 1
    # (Which source is fastest is a measurement, not a test: see bench/ and the metrics.)


def _counters() -> tuple[float, float, float]:
    """(fills found first, duplicates collapsed, sightings), summed over the sources."""
    return (
        sum(metrics.FILLS_FIRST_SEEN.labels(s.value)._value.get() for s in SOURCES),
        sum(metrics.DUPLICATES_COLLAPSED.labels(s.value)._value.get() for s in SOURCES),
        sum(metrics.SIGHTINGS.labels(s.value)._value.get() for s in SOURCES),
    )
