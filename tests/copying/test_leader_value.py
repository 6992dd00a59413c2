"""A leader's value for proportional sizing is positions plus cash, read fresh: the pUSD
balance comes from the chain (the emulator's Polygon RPC over loopback), the positions from
the Data API; without an RPC the value is positions only and says so."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from polycopy.copying.service import update_rule
from polycopy.copying.settings import RuleSettings
from polycopy.copying.sizing import ratio_text
from polycopy.copying.types import ValueSource
from polycopy.kit.db import Database
from polycopy.kit.money import MICRO, to_micros
from polycopy.leaders.value import LeaderValues
from polycopy.models import CopyRule, Decision, Leader
from polycopy.venues.polymarket.chain import PolygonRpc
from polycopy.venues.polymarket.ctf import PUSD
from polycopy.venues.polymarket.data_api import DataApiClient
from polycopy.venues.polymarket.errors import InvalidRequestError
from tests.orders.fault_support import clear_faults, set_faults
from tests.pipeline_support import Sim, running_sim, utcnow

CASH = 25_000 * MICRO


async def _leader_id(db: Database) -> int:
    async with db.transaction() as session:
        leader_id = await session.scalar(select(Leader.id))
        assert leader_id is not None
        return leader_id


async def _positions(sim: Sim) -> int:
    rows = await DataApiClient(sim.http, sim.server.base_urls["data"]).value_v1(sim.leader.address)
    return to_micros(rows[0].value, exact=False)


def _values(sim: Sim, *, rpc: bool, now: dt.datetime | None = None) -> LeaderValues:
    clock = (lambda: now) if now is not None else utcnow
    return LeaderValues(
        sim.db,
        DataApiClient(sim.http, sim.server.base_urls["data"]),
        rpc=PolygonRpc(sim.http, sim.server.base_urls["rpc_http"]) if rpc else None,
        now=clock,
    )


async def test_the_emulator_answers_a_pusd_balance_of_call(db: Database) -> None:
    async with running_sim(db) as sim:
        rpc = PolygonRpc(sim.http, sim.server.base_urls["rpc_http"])
        wallet = sim.server.state.wallet(sim.leader.address)
        assert await rpc.erc20_balance(PUSD, sim.leader.address) == wallet.pusd
        sim.server.state.fund(sim.leader.address, CASH)
        assert await rpc.erc20_balance(PUSD, sim.leader.address) == wallet.pusd
        assert await rpc.erc20_balance(PUSD, "0x" + "5" * 40) == 0
        with pytest.raises(InvalidRequestError, match="execution reverted"):
            await rpc.erc20_balance("0x" + "1" * 40, sim.leader.address)


async def test_the_value_is_positions_plus_cash_and_is_stored_with_its_source(
    db: Database,
) -> None:
    async with running_sim(db) as sim:
        sim.server.state.fund(sim.leader.address, CASH)
        sim.leader_trades(buy=True, shares=40 * MICRO)
        leader_id = await _leader_id(db)
        cash = sim.server.state.wallet(sim.leader.address).pusd
        positions = await _positions(sim)

        value = await _values(sim, rpc=True)(leader_id)
        assert value is not None
        assert (value.positions_micros, value.cash_micros) == (positions, cash)
        assert value.micros == positions + cash
        assert value.source is ValueSource.POSITIONS_AND_CASH
        async with db.transaction() as session:
            leader = await session.get(Leader, leader_id)
            assert leader is not None
            assert (leader.value_positions_micros, leader.value_cash_micros) == (positions, cash)

        alone = await _values(sim, rpc=False)(leader_id)
        assert alone is not None
        assert alone.micros == positions
        assert alone.source is ValueSource.POSITIONS_ONLY


async def test_a_failed_read_falls_back_only_to_a_value_fresh_enough(db: Database) -> None:
    async with running_sim(db) as sim:
        leader_id = await _leader_id(db)
        now = utcnow()
        values = _values(sim, rpc=True, now=now)
        first = await values(leader_id)
        assert first is not None
        await set_faults(sim, {"data": {"error_rate": 1}})
        values._now = lambda: now + dt.timedelta(seconds=30)  # within the one-minute bound
        assert await values(leader_id) == first
        values._now = lambda: now + dt.timedelta(minutes=2)
        assert await values(leader_id) is None
        await clear_faults(sim)
        fresh = await values(leader_id)
        assert fresh is not None
        assert fresh.read_at == now + dt.timedelta(minutes=2)


async def test_the_engine_sizes_by_positions_plus_cash_and_records_the_ratio(
    db: Database,
) -> None:
    """A leader with little in positions and much in cash: /value alone would make the
    copy huge; counting the cash makes it the leader's true proportion."""
    async with running_sim(db) as sim:
        async with db.transaction() as session:
            rule = await session.scalar(select(CopyRule))
            assert rule is not None
            await update_rule(
                session,
                rule,
                RuleSettings(allocation="proportional", budget_micros=100 * MICRO),
                actor="test",
            )
        sim.server.state.fund(sim.leader.address, CASH)
        sim.leader_trades(buy=True, shares=40 * MICRO)
        await sim.engine(read_cash=True).step()
        leader_id = await _leader_id(db)
        async with db.transaction() as session:
            decision = await session.scalar(select(Decision).order_by(Decision.id.desc()))
            leader = await session.get(Leader, leader_id)
        assert decision is not None
        assert leader is not None
        cash = sim.server.state.wallet(sim.leader.address).pusd
        assert leader.value_cash_micros == cash
        assert leader.value_positions_micros is not None
        details = decision.details
        assert details["leader_value_source"] == ValueSource.POSITIONS_AND_CASH.value
        assert details["leader_value_micros"] == leader.value_positions_micros + cash
        assert details["allocation_micros"] == (
            details["leader_usdc_micros"] * 100 * MICRO // details["leader_value_micros"]
        )
        assert details["budget_ratio"] == ratio_text(100 * MICRO, details["leader_value_micros"])
