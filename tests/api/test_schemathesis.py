"""Schemathesis, with every check, against the live OpenAPI document of `polycopy serve`.

The run is the command-line one (`schemathesis run --checks all`): examples, coverage (boundary
values, undeclared methods, missing headers), fuzzing (valid and invalid data) and stateful
phases, a few cases per operation and a fixed seed, so it stays well under two minutes and a
failure reproduces. Any finding fails the test with schemathesis's own report.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from polycopy.venues.polymarket.signers import SealedKey
from tests.api.serving import running_serve

# Endless, ending the session the run uses, asking Polymarket or the venue (502/503 without
# them), or sending a channel's message out: not reachable from a self-contained test.
SKIPPED = (
    "events-stream_events",
    "auth-sign_out",
    "me-change_password",
    "leaders-discover_leaders",
    "leaders-list_leader_positions",
    "accounts-run_doctor",
    "leaders-look_up_wallet",
    "me-end_other_session",
    "notifications-test_channel",
)
EXAMPLES = 4
SEED = 20261207
# Rules no JSON Schema can state, so a schema-valid body may still get a 422 (naming the rule
# broken) from these operations, and from no other: a common password (sign-up); a time in
# the past (token expiry); exactly one of two keys, a key that must match the address
# (credentials); a confirmation that must be true (mode); a drift that must be raised; an
# allocation's required amount and ordered limits (rules, backtests), a window's end after
# its start (backtests); 1 to 4 distinct leader ids
# (comparison); an apprise URL or a public host (notification channels and webhooks).
BUSINESS_RULES = (
    "auth-sign_up",
    "tokens-create_token",
    "accounts-create_account",
    "accounts-replace_account_credentials",
    "accounts-switch_mode",
    "accounts-acknowledge_position_drift",
    "rules-create_copy_rule",
    "rules-update_copy_rule",
    "rules-preview_copy_rule",
    "backtests-start_backtest",
    "leaders-compare_leaders",
    "notifications-create_channel",
    "webhooks-create_webhook",
    "webhooks-update_webhook",
    # A whole number written 5.0, which JSON Schema's "integer" admits and the API refuses
    # (money is never a float on the way in: tests/api/test_input_bounds.py).
    "notifications-put_alert_settings",
    # Billing: an unknown plan code is a 422, a plan limit (the fuzzer, an admin, may grant
    # itself a plan it defined) a 402 plan_limit (docs/billing.md), also on the creates above.
    "billing-subscribe",
    "billing-change_plan",
    "billing-update_plan",
    "billing-grant",
)
# A NUL in a string is refused on every route alike (api/middleware.py, tested on its own):
# generating it would only find that refusal again.
CONFIG = f"""
[generation]
allow-x00 = false

[[operations]]
include-operation-id = {list(BUSINESS_RULES)!r}
checks.positive_data_acceptance.expected-statuses = [
    "2xx", "401", "402", "403", "404", "409", "422"
]
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data_dir: Path = tmp_path_factory.mktemp("schemathesis")
    env = {
        **os.environ,
        "POLYCOPY_DATA_DIR": str(data_dir),
        "POLYCOPY_LOG_LEVEL": "WARNING",
        "POLYCOPY_ADMIN_EMAIL": "fuzz@example.com",
        "POLYCOPY_RATE_LIMIT_IP_PER_MINUTE": "1000000",
        "POLYCOPY_RATE_LIMIT_USER_PER_MINUTE": "1000000",
        "POLYCOPY_SIGN_IN_MAX_FAILURES": "1000000",
        "POLYCOPY_PASSWORD_HASH_TIME_COST": "1",
        "POLYCOPY_PASSWORD_HASH_MEMORY_KIB": "1024",
        # Never the real Polymarket: nothing listens here.
        "POLYCOPY_DATA_API_URL": "http://127.0.0.1:9",
        "POLYCOPY_NOTIFY_INTERVAL_SECONDS": "0",
    }
    env.pop("POLYCOPY_DATABASE_URL", None)
    with running_serve(env) as base:
        yield base


def _signed_in(server: str) -> tuple[requests.Session, str]:
    """The fuzzing admin, signed in, with an account, a leader and a rule to find."""
    session = requests.Session()
    signed = session.post(
        f"{server}/api/v1/auth/sign-up",
        json={"email": "fuzz@example.com", "password": "a long fuzzing password"},
        timeout=30,
    )
    assert signed.status_code in (200, 201, 202), signed.text
    signed = session.post(
        f"{server}/api/v1/auth/sign-in",
        json={"email": "fuzz@example.com", "password": "a long fuzzing password"},
        timeout=30,
    )
    assert signed.status_code == 200, signed.text
    csrf = signed.json()["csrf_token"]
    headers = {"X-CSRF-Token": csrf}
    key = "0x" + "11" * 32
    account = session.post(
        f"{server}/api/v1/accounts",
        json={
            "label": "fuzz",
            "signature_type": 0,
            "wallet_address": SealedKey.from_hex(key).address,
            "credentials": {"private_key": key},
        },
        headers=headers,
        timeout=30,
    )
    assert account.status_code == 201, account.text
    rule = session.post(
        f"{server}/api/v1/rules",
        json={
            "account_id": account.json()["id"],
            "leader_wallet": "0x" + "ab" * 20,
            "settings": {"fixed_amount_micros": 1_000_000},
        },
        headers=headers,
        timeout=30,
    )
    assert rule.status_code == 201, rule.text
    return session, csrf


def test_the_server_matches_its_openapi_document_under_every_check(
    server: str, tmp_path: Path
) -> None:
    session, csrf = _signed_in(server)
    cookie = "; ".join(f"{name}={value}" for name, value in session.cookies.items())
    config = tmp_path / "schemathesis.toml"
    config.write_text(CONFIG)
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "--config-file",
        str(config),
        "run",
        f"{server}/api/v1/openapi.json",
        "--checks",
        "all",
        "--max-examples",
        str(EXAMPLES),
        "--seed",
        str(SEED),
        "--workers",
        "1",
        "--generation-database",
        "none",
        "--no-color",
        "--header",
        f"Cookie: {cookie}",
        "--header",
        f"X-CSRF-Token: {csrf}",
        *(arg for op in SKIPPED for arg in ("--exclude-operation-id", op)),
    ]
    run = subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False
    )
    report = run.stdout[-20_000:] + run.stderr[-5_000:]
    assert run.returncode == 0, report
    assert "Tested: " in report
