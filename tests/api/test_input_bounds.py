"""Input bounds: money has a ceiling, numbers and switches keep their JSON types, wallets are
hex of the right length (checksummed when mixed case), times carry an offset, cursors and
idempotency keys follow their declared patterns; and the server answers wrong methods and
unparseable bodies as its OpenAPI document says."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from polycopy.api.pagination import MAX_ROW_ID
from polycopy.copying.settings import MAX_MICROS
from polycopy.kit.db import Database
from polycopy.venues.polymarket.signing import checksum_address
from tests.api.conftest import ADMIN_EMAIL, LEADER, User, key_address, private_key

SignUp = Callable[..., Awaitable[User]]
CHECKSUMMED = checksum_address("0x" + "ab" * 20)
# One digit of the checksummed form in the other case: the same hex, a broken checksum.
BROKEN_CHECKSUM = CHECKSUMMED[:-1] + CHECKSUMMED[-1].swapcase()
BAD_WALLETS = [
    "0x-" + "0" * 39,  # a sign int(x, 16) takes
    "0x " + "1" * 39,  # a space it strips
    "0x" + "1" * 39 + "_",  # an underscore it skips
    "0x" + "ab" * 19,  # too short
    BROKEN_CHECKSUM,
]


def _refused(response: httpx.Response, field: str) -> None:
    assert response.status_code == 422, response.text
    assert response.json()["error"]["field"] == field, response.text


async def _rule(user: User, account_id: int, **settings: Any) -> httpx.Response:
    return await user.post(
        "/api/v1/rules",
        {
            "account_id": account_id,
            "leader_wallet": LEADER,
            "settings": {"allocation": "fixed", "fixed_amount_micros": 5_000_000} | settings,
        },
    )


async def test_money_has_an_upper_bound(db: Database, sign_up: SignUp) -> None:
    user = await sign_up()
    account = await user.account()
    for too_much in (10**30, MAX_MICROS + 1):
        _refused(
            await _rule(user, account["id"], fixed_amount_micros=too_much),
            "settings.fixed_amount_micros",
        )
        _refused(
            await user.patch(
                f"/api/v1/accounts/{account['id']}",
                {"limits": {"max_total_exposure_micros": too_much}},
            ),
            "limits.max_total_exposure_micros",
        )
    _refused(
        await _rule(user, account["id"], max_seconds_to_end=10**30), "settings.max_seconds_to_end"
    )
    ceiling = await _rule(user, account["id"], fixed_amount_micros=MAX_MICROS)
    assert ceiling.status_code == 201, ceiling.text
    assert ceiling.json()["settings"]["fixed_amount_micros"] == MAX_MICROS


@pytest.mark.parametrize("wrong", [True, "5000000", 5_000_000.0])
async def test_a_number_is_a_json_integer(db: Database, sign_up: SignUp, wrong: Any) -> None:
    user = await sign_up()
    account = await user.account()
    _refused(
        await _rule(user, account["id"], fixed_amount_micros=wrong), "settings.fixed_amount_micros"
    )
    _refused(await _rule(user, account["id"], max_chases=wrong), "settings.max_chases")
    body = {"account_id": account["id"], "leader_wallet": LEADER, "settings": {}}
    _refused(
        await user.post("/api/v1/rules", body | {"account_id": str(account["id"])}), "account_id"
    )


@pytest.mark.parametrize("wrong", [1, 0, "true", "yes"])
async def test_a_switch_is_a_json_boolean(db: Database, sign_up: SignUp, wrong: Any) -> None:
    admin = await sign_up(ADMIN_EMAIL)
    account = await admin.account()
    _refused(await _rule(admin, account["id"], inverse=wrong), "settings.inverse")
    _refused(
        await admin.client.put(
            "/api/v1/admin/kill-switch", json={"on": wrong}, headers={"X-CSRF-Token": admin.csrf}
        ),
        "on",
    )
    _refused(
        await admin.post(
            f"/api/v1/accounts/{account['id']}/mode", {"mode": "paper", "confirm": wrong}
        ),
        "confirm",
    )
    assert (await admin.get("/api/v1/admin/kill-switch")).json() == {"on": False}


@pytest.mark.parametrize("wallet", BAD_WALLETS)
async def test_wallets_are_hex_of_the_right_length(
    db: Database, sign_up: SignUp, wallet: str
) -> None:
    user = await sign_up()
    account = await user.account()
    _refused(await user.post("/api/v1/leaders", {"wallet": wallet}), "wallet")
    _refused(
        await user.post(
            "/api/v1/rules",
            {
                "account_id": account["id"],
                "leader_wallet": wallet,
                "settings": {"fixed_amount_micros": 1},
            },
        ),
        "leader_wallet",
    )
    _refused(
        await user.post(
            "/api/v1/rules/preview",
            {
                "account_id": account["id"],
                "leader_wallet": wallet,
                "settings": {"fixed_amount_micros": 1},
            },
        ),
        "leader_wallet",
    )
    key = private_key(77)
    linked = {
        "label": "x",
        "signature_type": 1,
        "wallet_address": key_address(key),
        "credentials": {"private_key": key},
    }
    _refused(
        await user.post("/api/v1/accounts", linked | {"wallet_address": wallet}), "wallet_address"
    )
    _refused(await user.post("/api/v1/accounts", linked | {"funder": wallet}), "funder")
    assert (await user.get("/api/v1/leaders")).json()["items"] == []


async def test_checksummed_and_single_case_wallets_are_kept_in_lower_case(
    db: Database, sign_up: SignUp
) -> None:
    user = await sign_up()
    added = await user.post("/api/v1/leaders", {"wallet": CHECKSUMMED})
    assert added.status_code == 201, added.text
    assert added.json()["wallet"] == LEADER
    for same in (LEADER, "0x" + LEADER[2:].upper()):  # one case: no checksum to check
        again = await user.post("/api/v1/leaders", {"wallet": same})
        assert again.json()["id"] == added.json()["id"]


async def test_times_need_an_offset(db: Database, sign_up: SignUp) -> None:
    user = await sign_up()
    naive = await user.post(
        "/api/v1/tokens",
        {"name": "bot", "scopes": ["orders:read"], "expires_at": "2030-01-01T00:00:00"},
    )
    _refused(naive, "expires_at")
    aware = await user.post(
        "/api/v1/tokens",
        {"name": "bot", "scopes": ["orders:read"], "expires_at": "2030-01-01T00:00:00+02:00"},
    )
    assert aware.status_code == 201, aware.text
    expires = dt.datetime.fromisoformat(aware.json()["expires_at"])
    assert expires == dt.datetime(2029, 12, 31, 22, tzinfo=dt.UTC)


async def test_every_cursor_the_pattern_allows_is_a_page(db: Database, sign_up: SignUp) -> None:
    user = await sign_up()
    for n in range(3):
        await user.post("/api/v1/leaders", {"wallet": "0x" + f"{n + 1:02x}" * 20})
    first = (await user.get("/api/v1/leaders", params={"limit": 2})).json()
    assert first["next_cursor"] is not None
    rest = (await user.get("/api/v1/leaders", params={"cursor": first["next_cursor"]})).json()
    assert len(rest["items"]) == 1
    # Any position is a page: below every row (empty), above every row (all of them).
    for cursor, count in (
        ("v1.0", 0),
        ("v1.1", 0),
        (f"v1.{MAX_ROW_ID + 1}", 3),
        ("v1." + "9" * 19, 3),
    ):
        page = await user.get("/api/v1/leaders", params={"cursor": cursor})
        assert page.status_code == 200, page.text
        assert len(page.json()["items"]) == count
    for bad in ("!!", "", "v1.", "v1.-1", "v1." + "9" * 20, "djE6NQ"):
        _refused(await user.get("/api/v1/leaders", params={"cursor": bad}), "cursor")


@pytest.mark.parametrize("key", ["", "with space", "é", "x" * 256])
async def test_idempotency_keys_follow_the_declared_pattern(
    db: Database, sign_up: SignUp, key: str
) -> None:
    user = await sign_up()
    response = await user.post(
        "/api/v1/leaders",
        {"wallet": LEADER},
        headers={"Idempotency-Key": key.encode()},
    )
    _refused(response, "Idempotency-Key")


async def test_wrong_methods_answer_405_naming_every_method_of_the_path(
    db: Database, sign_up: SignUp
) -> None:
    user = await sign_up()
    account = await user.account()
    cases = {
        ("GET", "/api/v1/auth/sign-in"): "POST",
        ("GET", "/api/v1/ingest/fills"): "POST",
        ("OPTIONS", f"/api/v1/accounts/{account['id']}"): "GET, PATCH",
        ("PUT", "/api/v1/rules/1"): "DELETE, GET, PATCH",
        ("DELETE", "/api/v1/leaders"): "GET, POST",
        ("OPTIONS", "/api/v1/rules/preview"): "POST",
    }
    for (method, url), allow in cases.items():
        response = await user.client.request(method, url)
        assert response.status_code == 405, (method, url, response.text)
        assert response.headers["allow"] == allow
        assert response.json()["error"]["code"] == "method_not_allowed"
    missing = await user.client.get("/api/v1/no-such-thing")
    assert missing.status_code == 404
    assert "allow" not in missing.headers


async def test_an_unparseable_body_is_the_documented_400(db: Database, sign_up: SignUp) -> None:
    user = await sign_up()
    document = (await user.get("/api/v1/openapi.json")).json()
    rules = document["paths"]["/api/v1/rules"]
    assert "400" in rules["post"]["responses"]
    assert "400" not in rules["get"]["responses"]  # no body, no parse error
    response = await user.client.post(
        "/api/v1/rules",
        content=b"\xb02\x1f\x96",
        headers={"content-type": "application/json", "X-CSRF-Token": user.csrf},
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"
