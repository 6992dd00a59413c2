"""One account's bad data never stops or delays another account's copies (invariant 10).

Several tenants follow one leader on the emulator over loopback. One of them is broken: an
API secret HMAC cannot use, credentials sealed under another server's key, or its API key
cannot be derived because the venue answers 503. The broken account is quarantined (or, for
the 503, retried later) while every other copy of the same leader fill is filled in the same
round, also by a worker started afresh on the same database.
"""

from __future__ import annotations

import base64
import datetime as dt
import secrets

from sqlalchemy import select, update

from polycopy.accounts.service import (
    get_or_create_user,
    link_follower_account,
    replace_credentials,
)
from polycopy.accounts.types import ACCOUNT_QUARANTINED, AccountMode, is_quarantined
from polycopy.copying.service import create_rule, set_account_state
from polycopy.copying.settings import RuleSettings
from polycopy.copying.types import DecisionAction, TradingState
from polycopy.demo import DEMO_FIXED_AMOUNT_MICROS, DEMO_SLIPPAGE_BPS
from polycopy.kit.crypto import SecretBox
from polycopy.kit.db import Database
from polycopy.models import AuditEvent, Decision, FollowerAccount, Order
from polycopy.orders.types import OrderStatus
from polycopy.venues.directory import seal_credentials
from polycopy.venues.polymarket.signing import PrivateKey
from tests.orders.fault_support import clear_faults, engine, orders, set_faults
from tests.pipeline_support import FOLLOWER_FUNDS, Sim, running_sim, utcnow

BAD_SECRET = {"api_key": "k-1", "secret": "not base64 !!", "passphrase": "p-1"}


async def _tenant(
    sim: Sim, *, extra: dict[str, str] | None = None, box: SecretBox | None = None
) -> int:
    """A new user with a funded account copying the leader; ``extra`` joins its credentials,
    ``box`` seals them (another server's key: they cannot be decrypted here)."""
    key_hex = "0x" + secrets.token_hex(32)
    address = PrivateKey.from_hex(key_hex).address
    sim.server.state.fund(address, FOLLOWER_FUNDS)
    sealed = seal_credentials(box or sim.box, address, {"private_key": key_hex} | (extra or {}))
    async with sim.db.transaction() as session:
        user = await get_or_create_user(
            session, f"{secrets.token_hex(4)}@tenant.test", actor="test"
        )
        account = await link_follower_account(
            session,
            user=user,
            label="tenant",
            mode=AccountMode.SIM,
            wallet_address=address,
            signer_address=address,
            signature_type=0,
            encrypted_credentials=sealed,
            actor="test",
        )
        settings = RuleSettings(
            fixed_amount_micros=DEMO_FIXED_AMOUNT_MICROS, max_slippage_bps=DEMO_SLIPPAGE_BPS
        )
        await create_rule(
            session, account, sim.leader.address, settings, actor="test", now=utcnow()
        )
        return account.id


async def _latest(db: Database) -> dict[int, Order]:
    """Each account's newest order."""
    return {o.follower_account_id: o for o in await orders(db)}


async def _account(db: Database, account_id: int) -> FollowerAccount:
    async with db.transaction() as session:
        account = await session.get(FollowerAccount, account_id)
        assert account is not None
        return account


async def _halt_events(db: Database, account_id: int) -> list[AuditEvent]:
    async with db.transaction() as session:
        stmt = select(AuditEvent).where(
            AuditEvent.entity_type == "follower_account",
            AuditEvent.entity_id == str(account_id),
            AuditEvent.action == "state_changed",
        )
        return list((await session.scalars(stmt)).all())


async def test_broken_credentials_quarantine_one_account_and_the_others_fill_in_the_same_round(
    db: Database,
) -> None:
    async with running_sim(db) as sim:
        healthy = [await _tenant(sim) for _ in range(3)]
        broken = await _tenant(sim, extra=BAD_SECRET)
        sim.leader_trades(buy=True)

        await engine(sim, "w1").step()  # one round
        latest = await _latest(db)
        healthy += [a for a in latest if a not in (*healthy, broken)]  # the sim's own follower
        assert len(healthy) == 4
        assert [latest[a].status for a in healthy] == [OrderStatus.FILLED] * 4
        refused = latest[broken]
        assert refused.status is OrderStatus.REJECTED
        assert (refused.last_error or "").startswith(f"{ACCOUNT_QUARANTINED}: ")
        assert refused.order_hash is None  # never signed, never sent
        account = await _account(db, broken)
        assert account.trading_state is TradingState.HALTED
        assert is_quarantined(account.state_reason)
        assert "api_secret" in (account.state_reason or "")
        assert "not base64" not in (account.state_reason or "")  # never the secret itself
        (event,) = await _halt_events(db, broken)
        assert event.details["quarantined"] is True
        assert event.details["to"] == "halted"

        # The next fill: the quarantined account is skipped, the others copy as before.
        sim.leader_trades(buy=True)
        await engine(sim, "w1-again").step()
        async with db.transaction() as session:
            decision = await session.scalar(
                select(Decision)
                .where(Decision.follower_account_id == broken)
                .order_by(Decision.id.desc())
                .limit(1)
            )
        assert decision is not None
        assert decision.action is DecisionAction.SKIP
        latest = await _latest(db)
        assert [latest[a].status for a in healthy] == [OrderStatus.FILLED] * 4
        assert len(await _halt_events(db, broken)) == 1  # quarantined once, not every round


async def test_a_restarted_worker_starts_and_trades_beside_accounts_it_cannot_use(
    db: Database,
) -> None:
    async with running_sim(db) as sim:
        healthy = [await _tenant(sim) for _ in range(2)]
        broken = await _tenant(sim, extra=BAD_SECRET)
        sealed_elsewhere = await _tenant(sim, box=SecretBox("another server's key"))
        sim.leader_trades(buy=True)
        await engine(sim, "w1").step()
        latest = await _latest(db)
        healthy += [a for a in latest if a not in (*healthy, broken, sealed_elsewhere)]
        assert [latest[a].status for a in healthy] == [OrderStatus.FILLED] * 3
        undecryptable = await _account(db, sealed_elsewhere)
        assert is_quarantined(undecryptable.state_reason)
        assert "cannot be decrypted" in (undecryptable.state_reason or "")

        # A worker died with a send of each broken account in doubt, and an admin halted one.
        async with db.transaction() as session:
            for account_id in (broken, sealed_elsewhere):
                await session.execute(
                    update(Order)
                    .where(Order.follower_account_id == account_id)
                    .values(
                        status=OrderStatus.SUBMITTING,
                        order_hash="0x" + secrets.token_hex(32),
                        lease_owner=None,
                        lease_expires_at=None,
                    )
                )
            await session.execute(
                update(FollowerAccount)
                .where(FollowerAccount.id == broken)
                .values(
                    trading_state=TradingState.HALTED, state_reason="halted by an administrator"
                )
            )
            await session.execute(
                update(FollowerAccount)
                .where(FollowerAccount.id == sealed_elsewhere)
                .values(trading_state=TradingState.ACTIVE, state_reason=None)
            )

        restarted = engine(sim, "w2")  # a new worker: nothing cached, everything read again
        await restarted.start()
        sim.leader_trades(buy=True)
        await restarted.step()
        latest = await _latest(db)
        assert [latest[a].status for a in healthy] == [OrderStatus.FILLED] * 3
        for account_id in (broken, sealed_elsewhere):
            # Quarantined again at start-up (the admin's halt gives way to what to fix)...
            assert is_quarantined((await _account(db, account_id)).state_reason)
            # ...and its send in doubt, which cannot be looked up without credentials, is
            # unknown with the reason until they are replaced.
            doubt = latest[account_id]
            assert doubt.status is OrderStatus.UNKNOWN
            assert (doubt.last_error or "").startswith(f"{ACCOUNT_QUARANTINED}: ")


async def test_a_503_deriving_one_accounts_api_key_delays_no_other_account(db: Database) -> None:
    clock = [utcnow()]
    async with running_sim(db) as sim:
        first = [await _tenant(sim) for _ in range(2)]
        sim.leader_trades(buy=True)
        await engine(sim, "w1", now=lambda: clock[0]).step()  # their API keys derived, stored
        assert {o.status for o in await orders(db)} == {OrderStatus.FILLED}
        late = await _tenant(sim)  # linked since: its API key is derived at its first copy

        # Right after a restart the venue answers 503 to the API-key request.
        await set_faults(
            sim, {"clob": {"error_rate": 1, "error_status": 503, "paths": ["/auth/api-key"]}}
        )
        restarted = engine(sim, "w2", now=lambda: clock[0])
        await restarted.start()
        sim.leader_trades(buy=True)
        await restarted.step()  # one round
        latest = await _latest(db)
        others = [a for a in latest if a != late]
        assert len(others) == len(first) + 1
        assert [latest[a].status for a in others] == [OrderStatus.FILLED] * len(others)
        waiting = latest[late]
        assert waiting.status is OrderStatus.CREATED  # not sent, not held by a lease
        assert waiting.lease_owner is None
        assert waiting.lease_expires_at is None
        assert waiting.next_attempt_at is not None
        assert waiting.next_attempt_at > clock[0]
        assert "set-up" in (waiting.last_error or "")
        assert (await _account(db, late)).trading_state is TradingState.ACTIVE  # not its fault

        await restarted.step()  # not due yet: nothing changes, and nothing else waits on it
        assert (await _latest(db))[late].status is OrderStatus.CREATED

        await clear_faults(sim)
        clock[0] += dt.timedelta(minutes=1)  # past its backoff, far inside the order's lease
        await restarted.step()
        assert (await _latest(db))[late].status is OrderStatus.FILLED


async def test_the_exchange_refusing_one_accounts_api_key_quarantines_that_account_alone(
    db: Database,
) -> None:
    unknown = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    async with running_sim(db) as sim:
        healthy = [await _tenant(sim) for _ in range(2)]
        refused = await _tenant(
            sim, extra={"api_key": "not-issued", "secret": unknown, "passphrase": "p-2"}
        )
        sim.leader_trades(buy=True)
        await engine(sim, "w1").step()
        latest = await _latest(db)
        healthy += [a for a in latest if a not in (*healthy, refused)]
        assert [latest[a].status for a in healthy] == [OrderStatus.FILLED] * 3
        assert latest[refused].status is OrderStatus.REJECTED  # 401: the venue's answer
        assert (latest[refused].last_error or "").startswith("unauthorized:")
        account = await _account(db, refused)
        assert account.trading_state is TradingState.HALTED
        assert is_quarantined(account.state_reason)
        assert "refused its API key" in (account.state_reason or "")


async def test_a_running_worker_trades_with_replaced_credentials_from_the_next_copy_on(
    db: Database,
) -> None:
    async with running_sim(db) as sim:
        broken = await _tenant(sim, extra=BAD_SECRET)
        rotated = await _tenant(sim)
        pipeline = engine(sim, "w1")  # one worker throughout: its traders stay cached
        sim.leader_trades(buy=True)
        await pipeline.step()
        latest = await _latest(db)
        assert latest[broken].status is OrderStatus.REJECTED
        assert latest[rotated].status is OrderStatus.FILLED

        # The quarantined account's user replaces its credentials and resumes it; the other
        # account's user rotates theirs (to ones that cannot sign, to see them used).
        async with db.transaction() as session:
            for account_id, extra in ((broken, {}), (rotated, BAD_SECRET)):
                account = await session.get(FollowerAccount, account_id)
                assert account is not None
                key_hex = "0x" + secrets.token_hex(32)
                sim.server.state.fund(PrivateKey.from_hex(key_hex).address, FOLLOWER_FUNDS)
                signer = PrivateKey.from_hex(key_hex).address
                account.wallet_address = signer.lower()  # an EOA: the new key holds the funds
                await replace_credentials(
                    session,
                    account,
                    seal_credentials(sim.box, signer, {"private_key": key_hex} | extra),
                    signer_address=signer,
                    actor="test",
                )
            resumed = await session.get(FollowerAccount, broken)
            assert resumed is not None
            await set_account_state(
                session, resumed, TradingState.ACTIVE, reason=None, actor="test"
            )
        sim.leader_trades(buy=True)
        await pipeline.step()
        latest = await _latest(db)
        assert latest[broken].status is OrderStatus.FILLED  # resumed, trading again
        assert latest[rotated].status is OrderStatus.REJECTED  # its new credentials were used
        assert is_quarantined((await _account(db, rotated)).state_reason)
