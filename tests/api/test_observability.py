"""Health and readiness probes, Prometheus metrics, request ids, and secrets kept out of logs."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Awaitable, Callable

import httpx
import pytest
from sqlalchemy.engine import make_url

from polycopy.admin.runtime import publish_runtime_state
from polycopy.api.app import create_app
from polycopy.kit.breaker import CircuitBreaker
from polycopy.kit.db import Database
from polycopy.kit.logging import configure_logging
from tests.api.conftest import PASSWORD, User, api_settings, private_key

SignUp = Callable[..., Awaitable[User]]


async def test_probes_and_metrics(
    db: Database, sign_up: SignUp, client_factory: Callable[[], httpx.AsyncClient]
) -> None:
    async with db.transaction() as session:
        breaker = CircuitBreaker("clob POST /order", threshold=1)
        breaker.record_failure(dt.datetime.now(dt.UTC))
        await publish_runtime_state(
            session,
            "metrics-worker",
            breakers=[breaker],
            rate_limits={},
            now=dt.datetime.now(dt.UTC),
        )
    user = await sign_up()
    await user.get("/api/v1/me")
    client = client_factory()
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    assert (await client.get("/readyz")).json() == {"status": "ok"}
    metrics = await client.get("/metrics")
    assert metrics.status_code == 200
    assert metrics.headers["content-type"].startswith("text/plain")
    body = metrics.text
    assert 'polycopy_api_requests_total{method="GET",route="/api/v1/me",status="200"}' in body
    assert "polycopy_api_request_seconds_bucket" in body
    assert "polycopy_orders_due 0.0" in body
    assert "polycopy_exchange_fills 0.0" in body
    assert (
        'polycopy_circuit_breaker_state{breaker="clob POST /order",worker="metrics-worker"} 2.0'
        in body
    )


async def test_readiness_fails_without_a_database(tmp_path: object) -> None:
    broken = Database(make_url("postgresql+psycopg://nobody@127.0.0.1:1/none"))
    app = create_app(api_settings(), database=broken)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        assert (await client.get("/healthz")).status_code == 200
        ready = await client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["status"] != "ok"
    await broken.dispose()


async def test_request_ids_are_echoed_or_made_and_logged(
    sign_up: SignUp, capsys: pytest.CaptureFixture[str]
) -> None:
    user = await sign_up()
    configure_logging("INFO", json=True)
    capsys.readouterr()
    given = await user.get("/api/v1/me", headers={"X-Request-ID": "trace-42"})
    assert given.headers["x-request-id"] == "trace-42"
    made = await user.get("/api/v1/me", headers={"X-Request-ID": "bad id with spaces\t"})
    assert made.headers["x-request-id"] != "bad id with spaces\t"
    assert len(made.headers["x-request-id"]) == 32
    lines = [
        json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")
    ]
    requests = [line for line in lines if line.get("event") == "request"]
    assert {line["request_id"] for line in requests} >= {"trace-42", made.headers["x-request-id"]}


async def test_no_secret_in_logs(sign_up: SignUp, capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("DEBUG", json=True)
    user = await sign_up()
    key = private_key(91)
    await user.account(
        credentials={
            "private_key": key,
            "api_key": "log-api-key-1234",
            "api_secret": "bG9nLWFwaS1zZWNyZXQtNTY3OA==",
            "api_passphrase": "log-passphrase-9012",
        }
    )
    token = (await user.post("/api/v1/tokens", {"name": "t", "scopes": ["orders:read"]})).json()
    await user.client.post(
        "/api/v1/auth/sign-in", json={"email": user.email, "password": "wrong password here"}
    )
    await user.client.post("/api/v1/auth/sign-in", json={"email": user.email, "password": PASSWORD})
    captured = capsys.readouterr()
    logs = captured.err + captured.out
    assert "request" in logs  # the access log ran
    for secret in (
        key,
        key[2:],
        "log-api-key-1234",
        "bG9nLWFwaS1zZWNyZXQtNTY3OA==",
        "log-passphrase-9012",
        token["token"],
        PASSWORD,
        "wrong password here",
        user.csrf,
    ):
        assert secret not in logs
