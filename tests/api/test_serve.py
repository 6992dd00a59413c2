"""`polycopy serve` migrates the database and answers on the given host and port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_runs_the_api(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "POLYCOPY_DATA_DIR": str(tmp_path), "POLYCOPY_LOG_LEVEL": "WARNING"}
    env.pop("POLYCOPY_DATABASE_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "polycopy", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            try:
                response = httpx.get(f"{base}/openapi.json", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "polycopy serve did not answer"
                time.sleep(0.2)
        assert response.json()["info"]["title"] == "polycopy"
        with httpx.Client(base_url=base, timeout=10) as client:
            signed_up = client.post(
                "/auth/sign-up", json={"email": "a@example.com", "password": "long enough pw"}
            )
            assert signed_up.status_code == 201, signed_up.text
            assert client.get("/me").json()["email"] == "a@example.com"
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    assert (tmp_path / "polycopy.sqlite").is_file()
