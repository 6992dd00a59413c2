"""Rule preview, the doctor over the API, and the confirmed paper ↔ live switch.

The preview runs the engine's own verdicts over stored leader trades; the doctor and the
live switch talk to the emulator over loopback, like ``polycopy doctor`` does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select, update

from polycopy.api.app import create_app
from polycopy.copying.preview import preview_rule
from polycopy.copying.reasons import explain
from polycopy.copying.settings import RuleSettings
from polycopy.emulator.server import EmulatorServer, default_state
from polycopy.kit.db import Database
from polycopy.kit.money import MICRO
from polycopy.models import AuditEvent, CopyRule, Decision, FollowerAccount, Market, MarketToken
from polycopy.signals.types import TradeSide
from tests.api.conftest import (
    ADMIN_EMAIL,
    LEADER,
    User,
    api_settings,
    key_address,
    private_key,
)
from tests.api.seed import CONDITION, TOKEN, leader_fill

SignUp = Callable[..., Awaitable[User]]
PREVIEW = "/api/v1/rules/preview"
OTHER_TOKEN = "456"
T0 = dt.datetime(2026, 5, 1, 12, tzinfo=dt.UTC)


async def _market(db: Database, *, closed: bool = False) -> None:
    async with db.transaction() as session:
        session.add(
            Market(
                condition_id=CONDITION,
                question="Will it rain?",
                tick_size_micros=10_000,
                min_order_size_micros=5 * MICRO,
                closed=closed,
            )
        )
        await session.flush()
        for index, token in enumerate((TOKEN, OTHER_TOKEN)):
            session.add(
                MarketToken(
                    token_id=token, condition_id=CONDITION, outcome=str(index), outcome_index=index
                )
            )


async def _watch(user: User, wallet: str = LEADER) -> int:
    response = await user.post("/api/v1/leaders", {"wallet": wallet})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


async def _trades(db: Database, leader_id: int, trades: list[tuple[TradeSide, int]]) -> None:
    """One leader trade of 20 shares per (side, price), a minute apart, oldest first."""
    async with db.transaction() as session:
        for n, (side, price) in enumerate(trades):
            await leader_fill(
                session,
                leader_id,
                side=side,
                price_micros=price,
                size_micros=20 * MICRO,
                at=T0 + dt.timedelta(minutes=n),
            )


async def _preview(user: User, account_id: int, **settings: Any) -> httpx.Response:
    return await user.post(
        PREVIEW,
        {
            "account_id": account_id,
            "leader_wallet": LEADER,
            "settings": {"allocation": "fixed", "fixed_amount_micros": 5 * MICRO} | settings,
        },
    )


async def _rows(db: Database) -> tuple[int, int, int]:
    async with db.transaction() as session:
        counts = [
            await session.scalar(select(func.count()).select_from(model))
            for model in (Decision, CopyRule, AuditEvent)
        ]
    return (counts[0] or 0, counts[1] or 0, counts[2] or 0)


async def test_preview_counts_and_explains_each_trade(db: Database, sign_up: SignUp) -> None:
    user = await sign_up()
    account = await user.account()
    leader_id = await _watch(user)
    await _market(db)
    buy, sell = TradeSide.BUY, TradeSide.SELL
    await _trades(
        db,
        leader_id,
        [(buy, 300_000), (buy, 500_000), (buy, 800_000), (sell, 550_000), (buy, 400_000)],
    )
    before = await _rows(db)

    response = await _preview(user, account["id"], price_max_micros=600_000)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["considered"], body["copied"], body["skipped"]) == (5, 4, 1)
    assert body["reasons"] == {"price_out_of_band": 1}
    fills = body["fills"]
    assert [f["price_micros"] for f in fills] == [400_000, 550_000, 800_000, 500_000, 300_000]
    assert [f["action"] for f in fills] == ["copy", "copy", "skip", "copy", "copy"]
    copied = fills[0]
    assert copied["amount_micros"] == 5 * MICRO
    assert copied["reason"] is None
    assert copied["explanation"].startswith("Copied: buy for $5")
    banded = fills[2]
    assert banded["reason"] == "price_out_of_band"
    assert banded["explanation"] == explain(
        "price_out_of_band",
        {"reference_price_micros": 800_000, "price_min_micros": 0, "price_max_micros": 600_000},
    )
    # The replay holds the copies of the earlier buys: the leader's sale of a third of its
    # 60 shares sells a third of the follower's ($5 at 0.30 and at 0.50, bought on the book).
    sold = fills[1]
    assert (sold["side"], sold["size_micros"], sold["amount_micros"]) == ("SELL", 8_880_000, None)
    assert sold["explanation"].startswith("Copied: sell 8.88 shares")
    # The whole history's report comes along, as a backtest job would give it.
    report = body["backtest"]
    assert (report["fills"], report["copies"], report["skips"]) == (5, 4, 1)
    assert report["pnl_micros"] == report["lots_pnl_micros"]
    assert report["history_source"].startswith("5 stored fills from 2026-05-01 to 2026-05-01")

    # Other settings, other verdicts: buys only, and a per-trade maximum below the minimum.
    narrower = (await _preview(user, account["id"], sides="buy_only")).json()
    assert narrower["reasons"] == {"side_filtered": 1}
    assert narrower["copied"] == 4
    capped = (await _preview(user, account["id"], max_trade_micros=500_000)).json()
    assert capped["copied"] == 0
    assert capped["reasons"] == {"max_trade": 4, "no_position": 1}

    # The follower's state now counts: a halted account copies nothing.
    assert (await user.post(f"/api/v1/accounts/{account['id']}/halt")).status_code == 200
    halted = (await _preview(user, account["id"])).json()
    assert halted["reasons"] == {"account_halted": 5}
    # Read-only: no decision, rule or audit event came from the previews.
    assert await _rows(db) == (before[0], before[1], before[2] + 1)  # + the halt


async def test_preview_prices_copies_against_the_book_not_a_deep_one(
    db: Database, sign_up: SignUp
) -> None:
    """Where no book was recorded the documented depth model stands in (docs/backtest.md):
    about $188 of asks lie within 0.51 of a trade at 0.50, so a $100 copy is bought whole
    and a $1,000 one only as far as the book reaches, as the engine would have done live."""
    user = await sign_up()
    account = await user.account()
    leader_id = await _watch(user)
    await _market(db)
    await _trades(db, leader_id, [(TradeSide.BUY, 500_000)])
    small = (await _preview(user, account["id"], fixed_amount_micros=100 * MICRO)).json()
    assert small["fills"][0]["amount_micros"] == 100 * MICRO
    large = (await _preview(user, account["id"], fixed_amount_micros=1_000 * MICRO)).json()
    [bought] = large["fills"]
    assert bought["amount_micros"] == 187_990_000
    assert bought["explanation"] == "Copied: buy for $187.99 at a price no worse than 0.51."
    report = large["backtest"]
    assert report["spent_micros"] == 187_990_000
    assert report["slippage_cost_micros"] > 0  # it walked the book above the leader's 0.50
    assert report["history_source"].startswith("1 stored fill from 2026-05-01")


async def test_preview_takes_the_latest_twenty(db: Database, sign_up: SignUp) -> None:
    user = await sign_up()
    account = await user.account()
    leader_id = await _watch(user)
    await _market(db)
    await _trades(db, leader_id, [(TradeSide.BUY, 10_000 * (n + 10)) for n in range(25)])
    body = (await _preview(user, account["id"])).json()
    assert body["considered"] == 20
    assert body["fills"][0]["price_micros"] == 10_000 * 34
    assert body["fills"][-1]["price_micros"] == 10_000 * 15
    assert body["backtest"]["fills"] == 25  # the report covers every stored trade
    # ... up to the newest PREVIEW_HISTORY events: a backtest job replays them all.
    async with db.transaction() as session:
        linked = await session.get(FollowerAccount, account["id"])
        assert linked is not None
        settings = RuleSettings(fixed_amount_micros=5 * MICRO)
        bounded = await preview_rule(
            session, linked, leader_id, settings, stale_after=dt.timedelta(1), history=10
        )
    assert bounded.backtest is not None
    assert bounded.backtest["fills"] == 10
    assert [p.fill.price_micros for p in bounded.fills] == [10_000 * (34 - n) for n in range(10)]


async def test_preview_is_scoped_to_the_owner(
    db: Database, sign_up: SignUp, client_factory: Callable[[], httpx.AsyncClient]
) -> None:
    alice, bob = await sign_up(), await sign_up()
    account = await alice.account()
    leader_id = await _watch(alice)
    await _market(db)
    await _trades(db, leader_id, [(TradeSide.BUY, 500_000)])
    assert (await _preview(alice, account["id"])).json()["considered"] == 1

    denied = await _preview(bob, account["id"])
    assert denied.status_code == 404
    assert denied.json()["error"]["field"] == "account_id"
    # Bob's own account sees no trades of a leader he does not follow.
    own = await bob.account()
    assert (await _preview(bob, own["id"])).json()["considered"] == 0
    assert (await client_factory().post(PREVIEW, json={})).status_code == 401

    invalid = await alice.post(
        PREVIEW,
        {"account_id": account["id"], "leader_wallet": LEADER, "settings": {"allocation": "fixed"}},
    )
    assert invalid.status_code == 422
    wallet = await alice.post(
        PREVIEW,
        {
            "account_id": account["id"],
            "leader_wallet": "nope",
            "settings": {"fixed_amount_micros": 1},
        },
    )
    assert wallet.status_code == 422
    assert wallet.json()["error"]["field"] == "leader_wallet"
    assert (await _preview(alice, account["id"])).json()["leader_wallet"] == LEADER


# The doctor and the live switch, against the emulator.
@pytest.fixture
async def venue() -> AsyncIterator[EmulatorServer]:
    async with EmulatorServer(default_state(3), run_actors=False) as server:
        yield server


@pytest.fixture
def app(db: Database, venue: EmulatorServer) -> FastAPI:
    settings = api_settings(
        admin_email=ADMIN_EMAIL,
        clob_url=venue.base_urls["clob"],
        geoblock_url=venue.base_urls["geoblock"],
    )
    return create_app(settings, database=db)


async def _funded_account(user: User, venue: EmulatorServer, n: int) -> dict[str, Any]:
    key = private_key(n)
    venue.state.fund(key_address(key), 100 * MICRO)
    return await user.account(credentials={"private_key": key})


async def test_doctor_reports_each_check_in_plain_words(
    venue: EmulatorServer, sign_up: SignUp
) -> None:
    alice, bob = await sign_up(), await sign_up()
    funded = await _funded_account(alice, venue, 211)
    report = await alice.get(f"/api/v1/accounts/{funded['id']}/doctor")
    assert report.status_code == 200, report.text
    body = report.json()
    assert body["can_trade"] is True
    names = [c["name"] for c in body["checks"]]
    assert names == ["wallet", "clock", "region", "api_key", "closed_only", "balance", "allowances"]
    assert {c["status"] for c in body["checks"]} == {"ok"}
    assert "100 pUSD available" in body["checks"][5]["summary"]

    empty = await alice.account(credentials={"private_key": private_key(212)})
    broke = (await alice.get(f"/api/v1/accounts/{empty['id']}/doctor")).json()
    assert broke["can_trade"] is False
    balance = next(c for c in broke["checks"] if c["name"] == "balance")
    assert balance["status"] == "fail"
    assert "Deposit pUSD" in balance["summary"]

    assert (await bob.get(f"/api/v1/accounts/{funded['id']}/doctor")).status_code == 404


async def test_live_switch_is_confirmed_checked_and_audited(
    db: Database, venue: EmulatorServer, sign_up: SignUp
) -> None:
    alice, bob = await sign_up(), await sign_up()
    funded = await _funded_account(alice, venue, 213)
    url = f"/api/v1/accounts/{funded['id']}/mode"

    unconfirmed = await alice.post(url, {"mode": "live", "confirm": False})
    assert unconfirmed.status_code == 422
    assert unconfirmed.json()["error"]["field"] == "confirm"
    assert (await bob.post(url, {"mode": "live", "confirm": True})).status_code == 404
    assert (await alice.get(f"/api/v1/accounts/{funded['id']}")).json()["mode"] == "paper"

    live = await alice.post(url, {"mode": "live", "confirm": True})
    assert live.status_code == 200, live.text
    assert live.json()["mode"] == "live"
    back = await alice.post(url, {"mode": "paper", "confirm": True})
    assert back.json()["mode"] == "paper"
    events = (await alice.get("/api/v1/audit")).json()["items"]
    changes = [e["details"] for e in events if e["action"] == "mode_changed"]
    assert changes == [{"from": "live", "to": "paper"}, {"from": "paper", "to": "live"}]

    # A doctor failure blocks going live, and says which.
    empty = await alice.account(credentials={"private_key": private_key(214)})
    refused = await alice.post(
        f"/api/v1/accounts/{empty['id']}/mode", {"mode": "live", "confirm": True}
    )
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "doctor_blocker"
    assert "balance" in refused.json()["error"]["message"]
    assert (await alice.get(f"/api/v1/accounts/{empty['id']}")).json()["mode"] == "paper"

    # So do missing credentials.
    async with db.transaction() as session:
        await session.execute(
            update(FollowerAccount)
            .where(FollowerAccount.id == empty["id"])
            .values(encrypted_credentials=None)
        )
    missing = await alice.post(
        f"/api/v1/accounts/{empty['id']}/mode", {"mode": "live", "confirm": True}
    )
    assert missing.status_code == 409
    assert missing.json()["error"]["code"] == "credentials_missing"
    sim = await alice.post(url, {"mode": "sim", "confirm": True})
    assert sim.status_code == 422
    assert sim.json()["error"]["field"] == "mode"
