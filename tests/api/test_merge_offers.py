"""Merge offers over the API: listed per owned account, accepted or declined once, by the
owner only; the offers are made by the settlement code from lots booked for real."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable

from sqlalchemy import select

from polycopy.kit.db import Database
from polycopy.kit.money import MICRO
from polycopy.models import AuditEvent, CopyRule, Settlement
from polycopy.settlements.service import offer_merges
from polycopy.settlements.types import SettlementStatus
from polycopy.signals.types import TradeSide
from polycopy.venues.base import VenueFill
from tests.api.conftest import LEADER, OTHER_LEADER, User
from tests.copying.support import NOW, Binary, add_market, book, copy_decision

SignUp = Callable[..., Awaitable[User]]


async def _buy(db: Database, rule_id: int, market: Binary, token: str, shares: int) -> None:
    async with db.transaction() as session:
        rule = await session.get(CopyRule, rule_id)
    assert rule is not None
    decision = await copy_decision(db, rule, market)
    fill = VenueFill(
        secrets.token_hex(8), token, TradeSide.BUY, MICRO // 2, shares, shares // 2, 0, NOW
    )
    await book(db, rule, decision, market, fill)


async def _offered(db: Database, user: User, markets: int = 1) -> tuple[int, list[Binary]]:
    """An account of ``user`` holding both outcomes of each market through two leaders."""
    account = await user.account()
    yes_rule = await user.rule(account["id"], LEADER)
    no_rule = await user.rule(account["id"], OTHER_LEADER)
    made = []
    for _ in range(markets):
        market = await add_market(db)
        await _buy(db, yes_rule["id"], market, market.yes, 10 * MICRO)
        await _buy(db, no_rule["id"], market, market.no, 4 * MICRO)
        made.append(market)
    async with db.transaction() as session:
        await offer_merges(session)
    return account["id"], made


async def test_the_owner_lists_and_accepts_an_offer_once(db: Database, sign_up: SignUp) -> None:
    alice = await sign_up()
    account_id, [market] = await _offered(db, alice)
    url = f"/api/v1/accounts/{account_id}/merge-offers"

    listed = await alice.get(url)
    assert listed.status_code == 200
    [offer] = listed.json()["items"]
    assert offer["account_id"] == account_id
    assert offer["condition_id"] == market.condition_id
    assert offer["question"] == "Will it happen?"
    assert (offer["status"], offer["shares_micros"]) == ("offered", 4 * MICRO)

    # Cookie sessions must prove the request came from the page.
    no_csrf = await alice.client.post(f"{url}/{offer['id']}/accept")
    assert no_csrf.status_code == 403
    assert no_csrf.json()["error"]["code"] == "csrf_failed"

    key = {"Idempotency-Key": "accept-merge-1"}
    accepted = await alice.post(f"{url}/{offer['id']}/accept", headers=key)
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "pending"
    replayed = await alice.post(f"{url}/{offer['id']}/accept", headers=key)
    assert replayed.json() == accepted.json()
    assert replayed.headers["idempotent-replayed"] == "true"

    late = await alice.post(f"{url}/{offer['id']}/decline")
    assert late.status_code == 409
    assert late.json()["error"]["code"] == "merge_offer_answered"
    assert "pending" in late.json()["error"]["message"]

    assert (await alice.get(url, params={"status": "offered"})).json()["items"] == []
    pending = (await alice.get(url, params={"status": "pending"})).json()["items"]
    assert [o["id"] for o in pending] == [offer["id"]]
    async with db.transaction() as session:
        row = await session.get(Settlement, offer["id"])
        events = (
            await session.scalars(
                select(AuditEvent).where(
                    AuditEvent.entity_type == "settlement", AuditEvent.entity_id == str(offer["id"])
                )
            )
        ).all()
    assert row is not None
    assert row.status is SettlementStatus.PENDING
    assert [(e.action, e.actor) for e in events] == [("merge_accepted", f"user:{alice.id}")]


async def test_a_declined_offer_is_not_offered_again(db: Database, sign_up: SignUp) -> None:
    alice = await sign_up()
    account_id, _ = await _offered(db, alice)
    url = f"/api/v1/accounts/{account_id}/merge-offers"
    [offer] = (await alice.get(url)).json()["items"]
    declined = await alice.post(f"{url}/{offer['id']}/decline")
    assert declined.status_code == 200
    assert declined.json()["status"] == "declined"
    async with db.transaction() as session:
        assert await offer_merges(session) == []
    assert [o["status"] for o in (await alice.get(url)).json()["items"]] == ["declined"]


async def test_offers_of_another_users_account_do_not_exist(db: Database, sign_up: SignUp) -> None:
    alice, bob = await sign_up(), await sign_up()
    account_id, _ = await _offered(db, alice)
    [offer] = (await alice.get(f"/api/v1/accounts/{account_id}/merge-offers")).json()["items"]
    bobs_account = (await bob.account())["id"]

    for response in (
        await bob.get(f"/api/v1/accounts/{account_id}/merge-offers"),
        await bob.post(f"/api/v1/accounts/{account_id}/merge-offers/{offer['id']}/accept"),
        await bob.post(f"/api/v1/accounts/{account_id}/merge-offers/{offer['id']}/decline"),
        # Bob's own account in the path does not reach Alice's offer either.
        await bob.post(f"/api/v1/accounts/{bobs_account}/merge-offers/{offer['id']}/accept"),
    ):
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
    assert (await bob.get(f"/api/v1/accounts/{bobs_account}/merge-offers")).json()["items"] == []
    async with db.transaction() as session:
        row = await session.get(Settlement, offer["id"])
    assert row is not None
    assert row.status is SettlementStatus.OFFERED


async def test_offers_page_newest_first_and_tokens_need_the_scopes(
    db: Database, sign_up: SignUp
) -> None:
    alice = await sign_up()
    account_id, _ = await _offered(db, alice, markets=2)
    url = f"/api/v1/accounts/{account_id}/merge-offers"
    first = (await alice.get(url, params={"limit": 1})).json()
    second = (await alice.get(url, params={"limit": 1, "cursor": first["next_cursor"]})).json()
    assert first["items"][0]["id"] > second["items"][0]["id"]
    assert second["next_cursor"] is None
    assert (await alice.get(url, params={"status": "nonsense"})).status_code == 422
    assert (await alice.post(f"{url}/999999/accept")).status_code == 404

    created = await alice.post("/api/v1/tokens", {"name": "ro", "scopes": ["accounts:read"]})
    bearer = {"Authorization": f"Bearer {created.json()['token']}"}
    saved = alice.client.cookies
    alice.client.cookies = {}  # the token alone, no session
    try:
        assert (await alice.client.get(url, headers=bearer)).status_code == 200
        refused = await alice.client.post(f"{url}/{first['items'][0]['id']}/accept", headers=bearer)
        assert refused.status_code == 403
        assert refused.json()["error"]["code"] == "insufficient_scope"
        assert (await alice.client.get(url)).status_code == 401
    finally:
        alice.client.cookies = saved
