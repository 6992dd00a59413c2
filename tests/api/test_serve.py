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
        signed_up = client.post(
            "/auth/sign-up", json={"email": "a@example.com", "password": "long enough pw"}
        )
        assert signed_up.status_code == 201, signed_up.text
        assert client.get("/me").json()["email"] == "a@example.com"
    assert (tmp_path / "polycopy.sqlite").is_file()
