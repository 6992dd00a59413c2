"""Following a wallet takes effect without a restart; a reorganisation flags the fills built
on the logs it removed (also one that happened while the chain source was away), and the same
logs mined again clear the flag."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from sqlalchemy import select, update

from polycopy.copying.types import TradingState
from polycopy.emulator.realtime import RealtimeConfig
from polycopy.emulator.server import EmulatorServer
from polycopy.emulator.ws import ChannelName
from polycopy.kit.db import Database
from polycopy.kit.http import http_client
from polycopy.models import CopyRule, LeaderFill
from polycopy.signals import metrics
from polycopy.signals.sources.chain import ChainSource
from polycopy.signals.types import FillSource

from .support import (
    BLOCK_TIME_S,
    Driver,
    chain_fills,
    detecting,
    extra_fills,
    follow,
    followed_replay,
    replay_scenario,
    sources,
    stored_fills,
    until,
)


async def test_a_wallet_followed_or_dropped_at_run_time_is_watched_or_ignored_at_once(
    db: Database, tmp_path: Path
) -> None:
    scenario, wallet = replay_scenario(tmp_path)
    [replay] = scenario.replays
    server = EmulatorServer(scenario.state, run_actors=False, mine_blocks=False)
    async with server, http_client(10) as http:
        found = sources(server, db, http, enabled=(FillSource.CHAIN,))
        [chain] = found
        assert isinstance(chain, ChainSource)
        async with detecting(db, found, server.state, connected=False) as detector:
            assert detector.followed == {}
            await follow(db, wallet)  # no restart: the detector re-reads the followed wallets
            await until(lambda: _true(wallet in detector.followed and chain.healthy))
            server.chain.mine_block()
            await Driver(server, replay).run()
            server.chain.mine_block()
            truth = chain_fills(server, wallet)
            await until(lambda: _equal(stored_fills(db), truth))
            assert await stored_fills(db) == truth

            async with db.transaction() as session:  # the follower stops copying this leader
                await session.execute(update(CopyRule).values(status=TradingState.HALTED))
            await until(lambda: _true(detector.followed == {}))
            assert detector.followed == {}
            extra_fills(server.state, replay)
            head = server.chain.mine_block().number

            async def past_head() -> bool:  # a new head reaches a resubscribed socket
                server.chain.mine_block()
                return chain.head is not None and chain.head >= head

            await until(past_head)
            assert chain.head is not None
            assert chain.head >= head
        assert sum(chain_fills(server, wallet).values()) > sum(truth.values())
    assert await stored_fills(db) == truth  # nothing after the leader was dropped


async def test_a_reorganisation_flags_fills_until_their_logs_are_mined_again(
    db: Database, tmp_path: Path
) -> None:
    scenario, replay, wallet = await followed_replay(db, tmp_path)
    config = RealtimeConfig(block_time=BLOCK_TIME_S)
    server = EmulatorServer(scenario.state, run_actors=False, realtime=config, mine_blocks=False)
    async with server, http_client(10) as http:
        found = sources(server, db, http, enabled=(FillSource.CHAIN,))
        async with detecting(db, found, server.state):

            def mine() -> float:
                server.chain.mine_block()
                return 0.0

            await Driver(server, replay).run(gap=mine)  # a block per step; the extra fills last
            server.chain.mine_block()
            truth = chain_fills(server, wallet)
            await until(lambda: _equal(stored_fills(db), truth))
            last = {tx for tx, _, _ in truth} & set(server.chain.head.transactions)
            assert len(last) == 2  # three identical fills in one tx, one taker fill in another
            before = metrics.REORGED._value.get()
            server.chain.reorg(1)  # removes the head's logs, mines them again

            async def flagged_and_cleared() -> bool:
                async with db.transaction() as session:
                    reorged = await session.scalar(
                        select(LeaderFill.id).where(LeaderFill.reorged_at.is_not(None))
                    )
                return metrics.REORGED._value.get() - before >= 4 and reorged is None

            await until(flagged_and_cleared)
        assert metrics.REORGED._value.get() - before == 4
    async with db.transaction() as session:
        fills = (await session.scalars(select(LeaderFill))).all()
    assert [f.id for f in fills if f.reorged_at is not None] == []
    assert {f.block_number for f in fills if f.transaction_hash in last} == {
        server.chain.head.number
    }
    assert await stored_fills(db) == truth


@pytest.mark.parametrize("away", ["restarted", "socket dropped"])
async def test_a_reorganisation_while_the_chain_source_is_away_is_found_on_its_return(
    db: Database, tmp_path: Path, away: str
) -> None:
    scenario, replay, wallet = await followed_replay(db, tmp_path)
    server = EmulatorServer(scenario.state, run_actors=False, mine_blocks=False)
    async with server, http_client(10) as http, contextlib.AsyncExitStack() as running:

        def detector() -> contextlib.AbstractAsyncContextManager[object]:
            found = sources(server, db, http, enabled=(FillSource.CHAIN,))
            return detecting(db, found, server.state)

        def mine() -> float:
            server.chain.mine_block()
            return 0.0

        await running.enter_async_context(detector())
        await Driver(server, replay).run(gap=mine)  # a block per step; the extra fills last
        server.chain.mine_block()
        truth = chain_fills(server, wallet)
        await until(lambda: _equal(stored_fills(db), truth))
        if away == "restarted":
            await running.aclose()
        else:
            assert server.realtime.disconnect(ChannelName.RPC_WS) >= 1
        # No socket is open: the head's transactions leave the canonical chain unheard of.
        gone = {tx.lower() for tx in server.chain.head.transactions} & {tx for tx, _, _ in truth}
        assert len(gone) == 2  # three identical fills in one tx, one taker fill in another
        before = metrics.REORGED._value.get()
        server.chain.reorg(1, requeue=True)
        assert not gone & {tx.lower() for tx in server.chain.head.transactions}
        assert gone <= {match[0].transaction_hash.lower() for match in server.chain.pending}
        if away == "restarted":
            await running.enter_async_context(detector())

        async def flagged_after_a_head() -> set[str]:
            server.chain.mine_block(empty=True)  # heads keep coming; the requeued txs wait
            return await _flagged(db)

        await until(lambda: _equal(flagged_after_a_head(), gone))
        assert await _flagged(db) == gone  # the fills still canonical are not flagged
        assert metrics.REORGED._value.get() - before == 4
        server.chain.mine_block()  # the requeued transactions are mined again
        await until(lambda: _equal(flagged_after_a_head(), set()))
        assert metrics.REORGED._value.get() - before == 4
    assert await _flagged(db) == set()
    assert await stored_fills(db) == truth


async def _flagged(db: Database) -> set[str]:
    """Transactions with a fill flagged as reorganised away."""
    async with db.transaction() as session:
        flagged = await session.scalars(
            select(LeaderFill.transaction_hash).where(LeaderFill.reorged_at.is_not(None))
        )
        return set(flagged)


async def _true(value: bool) -> bool:
    return value


async def _equal(left: object, right: object) -> bool:
    return await left == right  # type: ignore[misc]
