"""Idempotency keys, the error body, security headers, size limit and the OpenAPI document."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from polycopy.api.app import create_app
from polycopy.kit.db import Database
from polycopy.models import ApiToken, CopyRule, FollowerAccount
from tests.api.conftest import LEADER, User, api_settings, key_address, private_key

SignUp = Callable[..., Awaitable[User]]


async def test_same_key_same_body_replays_the_stored_response(
    db: Database, sign_up: SignUp
) -> None:
    user = await sign_up()
    account = await user.account()
    body = {
        "account_id": account["id"],
        "leader_wallet": LEADER,
        "settings": {"fixed_amount_micros": 2_000_000},
    }
    key = {"Idempotency-Key": "rule-create-1"}
    first = await user.post("/api/v1/rules", body, headers=key)
    second = await user.post("/api/v1/rules", body, headers=key)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert second.headers["idempotent-replayed"] == "true"
    async with db.transaction() as session:
        assert len((await session.scalars(select(CopyRule))).all()) == 1

    changed = await user.post(
        "/api/v1/rules", body | {"settings": {"fixed_amount_micros": 3_000_000}}, headers=key
    )
    assert changed.status_code == 409
    assert changed.json()["error"]["code"] == "idempotency_key_reused"
    assert changed.json()["error"]["field"] == "Idempotency-Key"
    # The same key on another endpoint is another request too.
    elsewhere = await user.post(f"/api/v1/rules/{first.json()['id']}/pause", headers=key)
    assert elsewhere.status_code == 409


async def test_keys_are_per_user(sign_up: SignUp) -> None:
    alice, bob = await sign_up(), await sign_up()
    key = {"Idempotency-Key": "shared-key"}
    a = await alice.post("/api/v1/leaders", {"wallet": LEADER}, headers=key)
    b = await bob.post("/api/v1/leaders", {"wallet": LEADER}, headers=key)
    assert a.status_code == b.status_code == 201
    assert "idempotent-replayed" not in b.headers
    assert len((await bob.get("/api/v1/leaders")).json()["items"]) == 1


async def test_failed_requests_are_not_stored(db: Database, sign_up: SignUp) -> None:
    user = await sign_up()
    account = await user.account()
    key = {"Idempotency-Key": "retry-me"}
    body = {
        "account_id": account["id"],
        "leader_wallet": LEADER,
        "settings": {"allocation": "fixed"},
    }
    assert (await user.post("/api/v1/rules", body, headers=key)).status_code == 422
    fixed = body | {"settings": {"fixed_amount_micros": 1_000_000}}
    assert (await user.post("/api/v1/rules", fixed, headers=key)).status_code == 201


async def test_replayed_delete_and_token_creation(db: Database, sign_up: SignUp) -> None:
    user = await sign_up()
    key = {"Idempotency-Key": "token-1"}
    body = {"name": "bot", "scopes": ["orders:read"]}
    first = await user.post("/api/v1/tokens", body, headers=key)
    again = await user.post("/api/v1/tokens", body, headers=key)
    # The same token, not a second one; shown once, so the replay carries it empty.
    assert again.json() == first.json() | {"token": ""}
    async with db.transaction() as session:
        assert len((await session.scalars(select(ApiToken))).all()) == 1

    account = await user.account()
    rule = await user.rule(account["id"], LEADER)
    delete_key = {"Idempotency-Key": "delete-1"}
    assert (await user.delete(f"/api/v1/rules/{rule['id']}", headers=delete_key)).status_code == 204
    replay = await user.delete(f"/api/v1/rules/{rule['id']}", headers=delete_key)
    assert replay.status_code == 204
    assert replay.headers["idempotent-replayed"] == "true"


async def test_bad_idempotency_key(sign_up: SignUp) -> None:
    user = await sign_up()
    response = await user.post(
        "/api/v1/leaders", {"wallet": LEADER}, headers={"Idempotency-Key": "x" * 300}
    )
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "Idempotency-Key"


async def test_error_body_and_security_headers(sign_up: SignUp, client_factory) -> None:  # type: ignore[no-untyped-def]
    client = client_factory()
    missing = await client.get("/api/v1/nothing-here")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    assert set(missing.json()["error"]) == {"code", "message"}
    wrong_method = await client.put("/api/v1/me")
    assert wrong_method.json()["error"]["code"] == "method_not_allowed"
    broken = await client.post(
        "/api/v1/auth/sign-in", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert broken.status_code == 422
    assert broken.json()["error"]["code"] == "validation_error"
    for response in (missing, broken):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["cache-control"] == "no-store"
        assert "default-src 'none'" in response.headers["content-security-policy"]


async def test_request_size_limit(db: Database, sign_up: SignUp) -> None:
    user = await sign_up()
    response = await user.post("/api/v1/leaders", {"wallet": LEADER, "name": "x" * 2_000_000})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "request_too_large"

    app = create_app(api_settings(max_request_bytes=2048), database=db)

    async def chunks():  # type: ignore[no-untyped-def]
        for _ in range(10):
            yield b"x" * 1000

    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        streamed = await client.post(
            "/api/v1/auth/sign-in", content=chunks(), headers={"content-type": "application/json"}
        )
    assert streamed.status_code == 413
    async with db.transaction() as session:
        assert (await session.scalars(select(FollowerAccount))).all() == []


PUBLIC_PATHS = {"/api/v1/auth/sign-up", "/api/v1/auth/sign-in"}
# Authenticated by the provider's HMAC signature, not a user: no Idempotency-Key (a replayed
# fill collapses on its identity); test_ingest checks the signature and the replay window.
SIGNED_PATHS = {"/api/v1/ingest/fills"}

EXPECTED_OPERATIONS = {
    ("POST", "/api/v1/auth/sign-up", "auth-sign_up"),
    ("POST", "/api/v1/auth/sign-in", "auth-sign_in"),
    ("POST", "/api/v1/auth/sign-out", "auth-sign_out"),
    ("GET", "/api/v1/me", "me-get_me"),
    ("POST", "/api/v1/me/password", "me-change_password"),
    ("POST", "/api/v1/tokens", "tokens-create_token"),
    ("GET", "/api/v1/tokens", "tokens-list_tokens"),
    ("DELETE", "/api/v1/tokens/{token_id}", "tokens-revoke_token"),
    ("GET", "/api/v1/me/sessions", "me-list_sessions"),
    ("DELETE", "/api/v1/me/sessions/{session_id}", "me-end_other_session"),
    ("PATCH", "/api/v1/notification-channels/{channel_id}", "notifications-update_channel"),
    ("POST", "/api/v1/notification-channels/{channel_id}/test", "notifications-test_channel"),
    ("POST", "/api/v1/accounts", "accounts-create_account"),
    ("GET", "/api/v1/accounts", "accounts-list_accounts"),
    ("GET", "/api/v1/accounts/{account_id}", "accounts-get_account"),
    ("PATCH", "/api/v1/accounts/{account_id}", "accounts-update_account"),
    ("POST", "/api/v1/accounts/{account_id}/halt", "accounts-halt_account"),
    ("POST", "/api/v1/accounts/{account_id}/resume", "accounts-resume_account"),
    ("GET", "/api/v1/accounts/{account_id}/doctor", "accounts-run_doctor"),
    ("GET", "/api/v1/accounts/{account_id}/export", "exports-export_account"),
    ("POST", "/api/v1/accounts/{account_id}/mode", "accounts-switch_mode"),
    ("PUT", "/api/v1/accounts/{account_id}/credentials", "accounts-replace_account_credentials"),
    ("GET", "/api/v1/accounts/{account_id}/position-drifts", "accounts-list_position_drifts"),
    (
        "POST",
        "/api/v1/accounts/{account_id}/position-drifts/{token_id}/acknowledge",
        "accounts-acknowledge_position_drift",
    ),
    ("GET", "/api/v1/accounts/{account_id}/merge-offers", "accounts-list_merge_offers"),
    (
        "POST",
        "/api/v1/accounts/{account_id}/merge-offers/{offer_id}/accept",
        "accounts-accept_merge_offer",
    ),
    (
        "POST",
        "/api/v1/accounts/{account_id}/merge-offers/{offer_id}/decline",
        "accounts-decline_merge_offer",
    ),
    ("POST", "/api/v1/leaders", "leaders-add_leader"),
    ("GET", "/api/v1/leaders", "leaders-list_leaders"),
    ("GET", "/api/v1/leaders/discover", "leaders-discover_leaders"),
    ("GET", "/api/v1/leaders/ranking", "leaders-rank_leaders"),
    ("GET", "/api/v1/leaders/compare", "leaders-compare_leaders"),
    ("GET", "/api/v1/leaders/walk-forward", "leaders-walk_forward_check"),
    ("GET", "/api/v1/leaders/{leader_id}", "leaders-get_leader"),
    ("DELETE", "/api/v1/leaders/{leader_id}", "leaders-unfollow_leader"),
    ("GET", "/api/v1/leaders/lookup", "leaders-look_up_wallet"),
    ("GET", "/api/v1/markets", "markets-list_markets"),
    ("GET", "/api/v1/leaders/{leader_id}/fills", "leaders-list_leader_fills"),
    ("GET", "/api/v1/leaders/{leader_id}/positions", "leaders-list_leader_positions"),
    ("GET", "/api/v1/leaders/{leader_id}/performance", "leaders-leader_performance"),
    ("GET", "/api/v1/leaders/{leader_id}/backfill", "leaders-get_leader_backfill"),
    ("POST", "/api/v1/leaders/{leader_id}/backfill", "leaders-start_leader_backfill"),
    ("GET", "/api/v1/leaders/{leader_id}/statistics", "leaders-get_leader_statistics"),
    ("GET", "/api/v1/leaders/{leader_id}/drift", "leaders-get_leader_drift"),
    ("POST", "/api/v1/backtests", "backtests-start_backtest"),
    ("GET", "/api/v1/backtests", "backtests-list_backtests"),
    ("GET", "/api/v1/backtests/{job_id}", "backtests-get_backtest"),
    ("POST", "/api/v1/rules", "rules-create_copy_rule"),
    ("POST", "/api/v1/rules/preview", "rules-preview_copy_rule"),
    ("GET", "/api/v1/rules", "rules-list_rules"),
    ("GET", "/api/v1/rules/{rule_id}", "rules-get_rule"),
    ("PATCH", "/api/v1/rules/{rule_id}", "rules-update_copy_rule"),
    ("DELETE", "/api/v1/rules/{rule_id}", "rules-delete_rule"),
    ("POST", "/api/v1/rules/{rule_id}/pause", "rules-pause_rule"),
    ("POST", "/api/v1/rules/{rule_id}/resume", "rules-resume_rule"),
    ("GET", "/api/v1/decisions", "decisions-list_decisions"),
    ("GET", "/api/v1/decisions/{decision_id}", "decisions-get_decision"),
    ("GET", "/api/v1/orders", "orders-list_orders"),
    ("GET", "/api/v1/orders/{order_id}", "orders-get_order"),
    ("GET", "/api/v1/portfolio", "portfolio-get_portfolio"),
    ("GET", "/api/v1/portfolio/lots", "portfolio-list_lots"),
    ("GET", "/api/v1/portfolio/fills", "portfolio-list_exchange_fills"),
    ("GET", "/api/v1/portfolio/equity", "portfolio-get_equity_curve"),
    ("GET", "/api/v1/portfolio/leaders", "portfolio-compare_leaders"),
    ("GET", "/api/v1/portfolio/performance", "portfolio-get_performance"),
    ("GET", "/api/v1/decisions/summary", "decisions-summarize_decisions"),
    ("GET", "/api/v1/rules/{rule_id}/attribution", "attribution-get_rule_attribution"),
    ("GET", "/api/v1/leaders/{leader_id}/attribution", "attribution-get_leader_attribution"),
    ("GET", "/api/v1/alerts", "notifications-list_alerts"),
    ("GET", "/api/v1/markets/{condition_id}/risk", "markets-get_market_risk"),
    ("GET", "/api/v1/alerts/settings", "notifications-get_alert_settings"),
    ("PUT", "/api/v1/alerts/settings", "notifications-put_alert_settings"),
    ("GET", "/api/v1/billing/plans", "billing-list_plans"),
    ("GET", "/api/v1/billing/subscription", "billing-get_subscription"),
    ("GET", "/api/v1/billing/invoices", "billing-list_invoices"),
    ("POST", "/api/v1/billing/subscribe", "billing-subscribe"),
    ("POST", "/api/v1/billing/change", "billing-change_plan"),
    ("POST", "/api/v1/billing/cancel", "billing-cancel"),
    ("GET", "/api/v1/billing/admin/plans", "billing-admin_list_plans"),
    ("POST", "/api/v1/billing/admin/plans", "billing-create_plan"),
    ("PUT", "/api/v1/billing/admin/plans/{code}", "billing-update_plan"),
    ("POST", "/api/v1/billing/admin/users/{user_id}/grant", "billing-grant"),
    ("POST", "/api/v1/billing/admin/users/{user_id}/extend", "billing-extend"),
    ("GET", "/api/v1/billing/admin/invoices", "billing-admin_list_invoices"),
    ("POST", "/api/v1/billing/admin/invoices/{invoice_id}/paid", "billing-mark_paid"),
    ("GET", "/api/v1/audit", "audit-list_audit_events"),
    ("GET", "/api/v1/events/stream", "events-stream_events"),
    ("POST", "/api/v1/webhooks", "webhooks-create_webhook"),
    ("GET", "/api/v1/webhooks", "webhooks-list_webhooks"),
    ("GET", "/api/v1/webhooks/{webhook_id}", "webhooks-get_webhook"),
    ("PATCH", "/api/v1/webhooks/{webhook_id}", "webhooks-update_webhook"),
    ("DELETE", "/api/v1/webhooks/{webhook_id}", "webhooks-delete_webhook"),
    ("GET", "/api/v1/webhooks/{webhook_id}/deliveries", "webhooks-list_deliveries"),
    ("POST", "/api/v1/webhooks/{webhook_id}/ping", "webhooks-ping_webhook"),
    ("POST", "/api/v1/notification-channels", "notifications-create_channel"),
    ("GET", "/api/v1/notification-channels", "notifications-list_channels"),
    ("DELETE", "/api/v1/notification-channels/{channel_id}", "notifications-delete_channel"),
    ("GET", "/api/v1/admin/users", "admin-list_users"),
    ("GET", "/api/v1/admin/accounts", "admin-list_all_accounts"),
    ("POST", "/api/v1/admin/accounts/{account_id}/halt", "admin-halt_any_account"),
    ("POST", "/api/v1/admin/accounts/{account_id}/resume", "admin-resume_any_account"),
    ("GET", "/api/v1/admin/kill-switch", "admin-get_kill_switch"),
    ("PUT", "/api/v1/admin/kill-switch", "admin-set_kill_switch"),
    ("GET", "/api/v1/admin/queue", "admin-get_queue"),
    ("GET", "/api/v1/admin/dead-letters", "admin-list_dead_letters"),
    ("POST", "/api/v1/admin/dead-letters/{order_id}/retry", "admin-retry_dead_lettered_order"),
    ("GET", "/api/v1/admin/sources", "admin-get_detection_sources"),
    ("GET", "/api/v1/admin/runtime", "admin-get_runtime"),
    ("GET", "/api/v1/admin/audit", "admin-list_all_audit_events"),
    ("POST", "/api/v1/ingest/fills", "ingest-ingest_fills"),
    ("GET", "/healthz", "ops-healthz"),
    ("GET", "/readyz", "ops-readyz"),
    ("GET", "/metrics", "ops-metrics"),
}


async def test_openapi_lists_every_route_with_stable_operation_ids(
    app: FastAPI, client_factory
) -> None:  # type: ignore[no-untyped-def]
    response = await client_factory().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    operations = {
        (method.upper(), path): op
        for path, item in document["paths"].items()
        for method, op in item.items()
    }
    assert {(m, p, op["operationId"]) for (m, p), op in operations.items()} == EXPECTED_OPERATIONS
    # Every documented route is served: none answers like an unknown path does.
    client = client_factory()
    unknown = (await client.get("/api/v1/no-such-route")).json()
    for method, path, _ in EXPECTED_OPERATIONS:
        if path == "/api/v1/events/stream":
            continue  # endless for a signed-in client; 401 here, checked in test_events
        answer = await client.request(method, re.sub(r"\{[a-z_]+\}", "1", path))
        assert answer.status_code != 404 or answer.json() != unknown, path
    # Every API operation documents its errors, its success body and a description.
    for (method, path), op in operations.items():
        if not path.startswith("/api/v1/"):
            continue
        responses = op["responses"]
        assert {"422", "429", "500"} <= set(responses), path
        assert op.get("description"), path
        success = [code for code in responses if code.startswith("2")]
        assert success, path
        for code in success:
            if code != "204":
                assert responses[code].get("content"), (path, code)
        if path not in PUBLIC_PATHS:
            assert "401" in responses, path
            assert "403" in responses, path
        if path in SIGNED_PATHS:
            names = {p["name"] for p in op.get("parameters", [])}
            assert {"Polycopy-Provider", "Polycopy-Signature"} <= names, path
            assert "Idempotency-Key" not in names, path
        elif method in ("POST", "PUT", "PATCH", "DELETE") and path not in PUBLIC_PATHS | {
            "/api/v1/auth/sign-out"
        }:
            names = {p["name"] for p in op.get("parameters", [])}
            assert "Idempotency-Key" in names, path
    # Every schema reference resolves.
    refs = set(re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', json.dumps(document)))
    assert refs <= set(document["components"]["schemas"])
    # Mutations document the Idempotency-Key header; errors document the error body.
    create = operations[("POST", "/api/v1/accounts")]
    assert "Idempotency-Key" in {p["name"] for p in create.get("parameters", [])}
    assert {"409", "422"} <= set(create["responses"])
    assert "ErrorBody" in document["components"]["schemas"]
    # Secrets are accepted but never part of a response schema.
    schemas = document["components"]["schemas"]
    assert "private_key" in schemas["AccountCredentials"]["properties"]
    assert "credentials" not in schemas["AccountOut"]["properties"]


async def test_a_different_secret_is_a_different_request(sign_up: SignUp) -> None:
    user = await sign_up()
    key = {"Idempotency-Key": "account-1"}
    first = private_key(41)
    body = {
        "label": "a",
        "signature_type": 2,
        "wallet_address": key_address(first),
        "funder": "0x" + "aa" * 20,
        "credentials": {"private_key": first},
    }
    assert (await user.post("/api/v1/accounts", body, headers=key)).status_code == 201
    assert (await user.post("/api/v1/accounts", body, headers=key)).status_code == 201
    other = private_key(42)
    changed = body | {"credentials": {"private_key": other}}  # only the secret differs
    response = await user.post("/api/v1/accounts", changed, headers=key)
    assert response.status_code == 409
