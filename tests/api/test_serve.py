"""`polycopy serve` migrates the database and answers on the given host and port."""

from __future__ import annotations

import os
from pathlib import Path

import httpx

from tests.api.serving import running_serve


def test_serve_runs_the_api(tmp_path: Path) -> None:
    env = {**os.environ, "POLYCOPY_DATA_DIR": str(tmp_path), "POLYCOPY_LOG_LEVEL": "WARNING"}
    env.pop("POLYCOPY_DATABASE_URL", None)
    with (
        running_serve(env) as server,
        httpx.Client(base_url=f"{server}/api/v1", timeout=10) as client,
    ):
        response = client.get("/openapi.json")
        assert response.json()["info"]["title"] == "polycopy"
        credentials = {"email": "a@example.com", "password": "long enough pw"}
        signed_up = client.post("/auth/sign-up", json=credentials)
        assert signed_up.status_code == 202, signed_up.text
        assert client.post("/auth/sign-in", json=credentials).status_code == 200
        assert client.get("/me").json()["email"] == "a@example.com"
    assert (tmp_path / "polycopy.sqlite").is_file()


def _failed_sign_in_actor(env: dict[str, str]) -> str:
    """Who the audit log says tried a wrong password sent with a forged X-Forwarded-For."""
    admin = "root@example.com"
    with (
        running_serve(env | {"POLYCOPY_ADMIN_EMAIL": admin}) as server,
        httpx.Client(base_url=f"{server}/api/v1", timeout=10) as client,
    ):
        credentials = {"email": admin, "password": "long enough pw"}
        client.post("/auth/sign-up", json=credentials)
        signed_in = client.post("/auth/sign-in", json=credentials)
        client.headers["X-CSRF-Token"] = signed_in.json()["csrf_token"]
        wrong = httpx.post(
            f"{server}/api/v1/auth/sign-in",
            json={"email": admin, "password": "not the password"},
            headers={"X-Forwarded-For": "203.0.113.9"},
        )
        assert wrong.status_code == 401
        entries = client.get("/admin/audit").json()["items"]
        [failed] = [e for e in entries if e["action"] == "sign_in_failed"]
        return str(failed["actor"])


def test_forwarded_for_counts_only_from_trusted_proxies(tmp_path: Path) -> None:
    env = {**os.environ, "POLYCOPY_LOG_LEVEL": "WARNING"}
    env.pop("POLYCOPY_DATABASE_URL", None)
    plain = env | {"POLYCOPY_DATA_DIR": str(tmp_path / "plain")}
    assert _failed_sign_in_actor(plain) == "client:127.0.0.1"  # loopback is not trusted either
    trusting = env | {
        "POLYCOPY_DATA_DIR": str(tmp_path / "trusting"),
        "POLYCOPY_TRUSTED_PROXIES": '["127.0.0.1"]',
    }
    assert _failed_sign_in_actor(trusting) == "client:203.0.113.9"
