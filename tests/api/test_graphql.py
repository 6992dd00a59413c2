"""The GraphQL read API: the API's authentication and owner scoping (user B never sees A's
rows, through any type or connection), scopes per field, and limits that refuse a query
before it runs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select

from polycopy.api.graphql.limits import MAX_COST, MAX_DEPTH
from polycopy.kit.db import Database
from polycopy.models import LeaderStatisticsRow
from polycopy.signals.types import TradeSide
from tests.api.conftest import LEADER, OTHER_LEADER, User
from tests.api.seed import copied_buy, copied_trade

SignUp = Callable[..., Awaitable[User]]
URL = "/api/v1/graphql"
T0 = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


async def gql(user: User, query: str, **variables: Any) -> dict[str, Any]:
    response = await user.post(URL, {"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    return dict(response.json())


async def data(user: User, query: str, **variables: Any) -> dict[str, Any]:
    body = await gql(user, query, **variables)
    assert "errors" not in body, body
    return dict(body["data"])


async def _trader(db: Database, user: User, label: str) -> dict[str, int]:
    """An account following LEADER (named ``label``) and OTHER_LEADER, with a buy and a
    partial sale of LEADER's copy booked: lots, fills, decisions, orders, a position."""
    account = await user.account()
    rule = await user.rule(account["id"], LEADER)
    other = await user.rule(account["id"], OTHER_LEADER)
    named = await user.post("/api/v1/leaders", {"wallet": LEADER, "name": label})
    assert named.status_code == 201, named.text
    async with db.transaction() as session:
        buy = await copied_buy(session, rule["id"], size_micros=10_000_000, at=T0)
        await copied_trade(
            session,
            rule["id"],
            side=TradeSide.SELL,
            leader_price_micros=600_000,
            price_micros=600_000,
            size_micros=4_000_000,
            fee_micros=0,
            at=T0 + dt.timedelta(hours=1),
        )
    return {
        "account": account["id"],
        "leader": rule["leader_id"],
        "other_leader": other["leader_id"],
        "order": buy.id,
        "decision": buy.decision_id,
    }


EVERYTHING = """
query All($account: BigInt, $leader: BigInt!, $order: BigInt!, $decision: BigInt!) {
  portfolio(accountId: $account) {
    totals { openPositions costMicros realizedPnlMicros }
    positions { accountId leaderId sizeMicros }
    exposure { byLeader { key } }
  }
  positions(accountId: $account) { accountId }
  lots(accountId: $account) { items { id accountId leader { id name } } nextCursor }
  fills(accountId: $account) { items { id accountId side } }
  decisions(accountId: $account) { items { id accountId action details } }
  decision(id: $decision) { id accountId }
  orders(accountId: $account) { items { id accountId events { toStatus } } }
  order(id: $order) { id accountId }
  leaders { items { id name lots { items { id accountId } } } }
  leader(id: $leader) {
    id name wallet
    lots { items { id accountId } }
    statistics { trades { value } }
  }
}
"""


async def test_user_b_never_sees_user_a_rows_through_any_type_or_connection(
    db: Database, sign_up: SignUp
) -> None:
    alice, bob = await sign_up(), await sign_up()
    a = await _trader(db, alice, "alice's pick")
    mine = await data(
        alice,
        EVERYTHING,
        account=a["account"],
        leader=a["other_leader"],
        order=a["order"],
        decision=a["decision"],
    )
    # Alice sees her own rows everywhere (the same figures as REST).
    rest = (await alice.get("/api/v1/portfolio")).json()
    assert mine["portfolio"]["totals"]["realizedPnlMicros"] == rest["totals"]["realized_pnl_micros"]
    assert mine["portfolio"]["totals"]["openPositions"] == 1
    assert mine["positions"] == [{"accountId": a["account"]}]
    [lot] = mine["lots"]["items"]
    assert lot["leader"] == {"id": a["leader"], "name": "alice's pick"}
    assert len(mine["fills"]["items"]) == 2
    assert len(mine["decisions"]["items"]) == 2
    assert mine["decision"] == {"id": a["decision"], "accountId": a["account"]}
    assert len(mine["orders"]["items"]) == 2
    assert mine["order"] == {"id": a["order"], "accountId": a["account"]}
    by_id = {leader["id"]: leader for leader in mine["leaders"]["items"]}
    assert by_id[a["leader"]]["name"] == "alice's pick"
    assert by_id[a["leader"]]["lots"]["items"] == [{"id": lot["id"], "accountId": a["account"]}]
    assert mine["leader"]["id"] == a["other_leader"]
    assert mine["leader"]["statistics"]["trades"]["value"] == 0

    # Bob follows the same leader under his own name, not the other one; he has no fills.
    account = await bob.account()
    await bob.rule(account["id"], LEADER)
    await bob.post("/api/v1/leaders", {"wallet": LEADER, "name": "bob's pick"})
    for scoped in (a["account"], None):  # asking for Alice's account, or for everything
        theirs = await data(
            bob,
            EVERYTHING,
            account=scoped,
            leader=a["other_leader"],
            order=a["order"],
            decision=a["decision"],
        )
        assert theirs["portfolio"]["totals"] == {
            "openPositions": 0,
            "costMicros": 0,
            "realizedPnlMicros": 0,
        }
        assert theirs["portfolio"]["positions"] == []
        assert theirs["portfolio"]["exposure"]["byLeader"] == []
        assert theirs["positions"] == []
        assert theirs["lots"] == {"items": [], "nextCursor": None}
        assert theirs["fills"]["items"] == []
        assert theirs["decisions"]["items"] == []
        assert theirs["decision"] is None
        assert theirs["orders"]["items"] == []
        assert theirs["order"] is None
        # The shared leader: Bob's name for it, and none of Alice's lots.
        assert [(x["id"], x["name"], x["lots"]["items"]) for x in theirs["leaders"]["items"]] == [
            (a["leader"], "bob's pick", [])
        ]
        assert theirs["leader"] is None  # not on Bob's list: no statistics either
    shared = await data(
        bob,
        "query($id: BigInt!) { leader(id: $id) { name lots { items { id } } } }",
        id=a["leader"],
    )
    assert shared["leader"] == {"name": "bob's pick", "lots": {"items": []}}


async def test_anonymous_is_401_and_introspection_is_for_signed_in_users(
    sign_up: SignUp, app: FastAPI
) -> None:
    introspection = {"query": "{ __schema { queryType { name } } }"}
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as anonymous:
        for body in (introspection, {"query": "{ leaders { items { id } } }"}):
            refused = await anonymous.post(URL, json=body)
            assert refused.status_code == 401
            assert refused.json()["error"]["code"] == "not_authenticated"
        alice = await sign_up()
        # A session needs its CSRF header on POST, as on every other API route.
        no_csrf = await alice.client.post(URL, json=introspection)
        assert no_csrf.status_code == 403
        assert (await data(alice, introspection["query"]))["__schema"]["queryType"] == {
            "name": "Query"
        }

        # A token reaches the fields its scopes allow; the others are errors, not data.
        created = await alice.post("/api/v1/tokens", {"name": "t", "scopes": ["orders:read"]})
        auth = {"Authorization": f"Bearer {created.json()['token']}"}
        response = await anonymous.post(
            URL, json={"query": "{ orders { items { id } } lots { items { id } } }"}, headers=auth
        )
        body = response.json()
        assert body["data"] == {"orders": {"items": []}, "lots": None}
        [error] = body["errors"]
        assert error["path"] == ["lots"]
        assert error["message"] == "this API token lacks the scope portfolio:read"
        allowed = await anonymous.post(
            URL, json={"query": "{ orders { items { id } } }"}, headers=auth
        )
        assert allowed.json() == {"data": {"orders": {"items": []}}}


async def test_too_deep_or_too_costly_queries_are_refused_before_they_run(
    db: Database, sign_up: SignUp
) -> None:
    alice = await sign_up()
    await _trader(db, alice, "x")
    deep = "{ leaders { items { lots { items { leader { lots { items { id } } } } } } } }"
    body = await gql(alice, deep)
    assert body.get("data") is None
    messages = [e["message"] for e in body["errors"]]
    assert f"'anonymous' exceeds maximum operation depth of {MAX_DEPTH}" in messages
    ok = await data(alice, "{ leaders { items { lots { items { leader { id } } } } } }")
    assert ok["leaders"]["items"]

    # Statistics are stored when computed: a refused query computed none.
    statistics = "s{n}: leaders(first: 200) {{ items {{ statistics {{ trades {{ value }} }} }} }}"
    costly = "{ " + " ".join(statistics.format(n=n) for n in range(3)) + " }"
    body = await gql(alice, costly)
    assert body.get("data") is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == "query_too_complex"
    assert f"more than the limit of {MAX_COST}" in error["message"]
    async with db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(LeaderStatisticsRow)) == 0
    one = await data(alice, costly.split(" s1:")[0] + " }")
    assert len(one["s0"]["items"]) == 2
    async with db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(LeaderStatisticsRow)) > 0

    # Pages: the REST cursors and bounds.
    first = await data(alice, "{ orders(first: 1) { items { id } nextCursor } }")
    cursor = first["orders"]["nextCursor"]
    assert cursor is not None
    second = await data(
        alice,
        "query($c: String) { orders(first: 1, after: $c) { items { id } nextCursor } }",
        c=cursor,
    )
    assert second["orders"]["items"][0]["id"] < first["orders"]["items"][0]["id"]
    assert second["orders"]["nextCursor"] is None
    for args, field in (("first: 0", "first"), ("first: 201", "first"), ('after: "x"', "after")):
        body = await gql(alice, f"{{ orders({args}) {{ items {{ id }} }} }}")
        assert body["errors"][0]["extensions"] == {"code": "invalid_input", "field": field}
    body = await gql(alice, "{ order(id: 0) { id } }")
    assert body["errors"][0]["extensions"]["field"] == "id"
