"""End to end on the emulator over HTTP for proxy (type 1) and Safe (type 2) followers: a
leader's split and merge are mirrored, and after resolution the follower's lots are
redeemed, each through the relayer with the wallet's own envelope (``PROXY`` or ``SAFE``),
which the emulator's relayer runs only for the wallet the official factory derives from the
account's signer. Types 0 and 3 are covered by ``test_settlement_e2e``."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from polycopy.copying.service import update_rule
from polycopy.copying.settings import RuleSettings
from polycopy.kit.db import Database
from polycopy.kit.money import MICRO
from polycopy.models import CopyRule, FollowerAccount, Settlement
from polycopy.settlements.types import SettlementStatus
from polycopy.venues.base import SettlementAction
from polycopy.venues.directory import credentials_context, seal_credentials
from polycopy.venues.polymarket.relay_wallets import proxy_wallet_address, safe_wallet_address
from polycopy.venues.polymarket.signing import SignatureType
from tests.copying.test_settlement_e2e import _engine, _held, _lots
from tests.pipeline_support import Sim, running_sim

FUNDS = 1_000 * MICRO


async def _follow_with(sim: Sim, kind: SignatureType) -> str:
    """Turn the sim's EOA follower into a proxy or Safe account: the derived wallet holds the
    funds, the same key signs. Returns the wallet."""
    wallet = (proxy_wallet_address if kind is SignatureType.POLY_PROXY else safe_wallet_address)(
        sim.follower
    )
    sim.server.state.fund(wallet, FUNDS)
    async with sim.db.transaction() as session:
        account = (await session.scalars(select(FollowerAccount))).one()
        assert account.encrypted_credentials is not None
        secrets = json.loads(
            sim.box.decrypt(account.encrypted_credentials, context=credentials_context(account))
        )
        account.wallet_address = wallet.lower()
        account.signature_type = int(kind)
        account.encrypted_credentials = seal_credentials(sim.box, wallet, secrets)
        rule = (await session.scalars(select(CopyRule))).one()
        await update_rule(
            session,
            rule,
            RuleSettings(fixed_amount_micros=20 * MICRO, max_slippage_bps=500),
            actor="test",
        )
    return wallet


async def _settlements(sim: Sim) -> list[Settlement]:
    async with sim.db.transaction() as session:
        return list((await session.scalars(select(Settlement).order_by(Settlement.id))).all())


@pytest.mark.parametrize("kind", [SignatureType.POLY_PROXY, SignatureType.POLY_GNOSIS_SAFE])
async def test_a_proxy_or_safe_follower_mirrors_splits_and_merges_then_redeems(
    db: Database, kind: SignatureType
) -> None:
    async with running_sim(db) as sim:
        state = sim.server.state
        market = next(iter(state.markets.values()))
        yes, no = (token for token, _ in market.tokens)
        leader = sim.leader.address.lower()
        state.fund(leader, 1_000 * MICRO)
        wallet = await _follow_with(sim, kind)
        engine = _engine(sim, resolution_check=dt.timedelta(hours=1))
        await engine.start()
        admin = sim.server.base_urls["admin"]

        # The leader splits 40 pUSD: the follower's wallet splits its fixed 20.
        answer = await sim.http.post(
            f"{admin}/wallets/{leader}/split",
            json={"condition_id": market.condition_id, "shares": "40"},
        )
        assert answer.status_code == 200, answer.text
        await engine.step()
        held = state.wallet(wallet)
        assert (held.positions[yes], held.positions[no]) == (20 * MICRO, 20 * MICRO)
        assert held.pusd == FUNDS - 20 * MICRO
        assert not state.wallet(sim.follower).positions  # the signer's EOA holds nothing

        # The leader merges 10 of its 40 sets: the follower merges a quarter of its sets.
        answer = await sim.http.post(
            f"{admin}/wallets/{leader}/merge",
            json={"condition_id": market.condition_id, "shares": "10"},
        )
        assert answer.status_code == 200, answer.text
        await engine.step()
        held = state.wallet(wallet)
        assert (held.positions[yes], held.positions[no]) == (15 * MICRO, 15 * MICRO)
        assert held.pusd == FUNDS - 15 * MICRO

        # The market resolves for YES and the leader redeems: the follower redeems its YES.
        answer = await sim.http.post(
            f"{admin}/markets/{market.condition_id}/resolve", json={"winner": str(yes)}
        )
        assert answer.status_code == 200, answer.text
        answer = await sim.http.post(
            f"{admin}/wallets/{leader}/redeem", json={"condition_id": market.condition_id}
        )
        assert answer.status_code == 200, answer.text
        pusd = state.wallet(wallet).pusd
        await engine.step()
        held = state.wallet(wallet)
        assert held.positions.get(yes, 0) == held.positions.get(no, 0) == 0
        assert held.pusd - pusd == 15 * MICRO  # 1 pUSD per winning share, losers pay 0
        lots = (await _lots(sim.db))[leader]
        assert _held(lots) == 0

        done = await _settlements(sim)
        assert [s.action for s in done] == [
            SettlementAction.SPLIT,
            SettlementAction.MERGE,
            SettlementAction.REDEEM,
        ]
        assert all(s.status is SettlementStatus.DONE and s.transaction_hash for s in done)
        assert done[2].payout_micros == 15 * MICRO
