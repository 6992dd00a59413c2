"""``polycopy serve`` as a real process on a free loopback port, for tests that need one."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_serve(env: dict[str, str]) -> Iterator[str]:
    """Start the server with ``env``, wait until it answers, yield its base URL; then stop it
    with SIGINT (a clean shutdown, as Ctrl-C)."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "polycopy", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            try:
                httpx.get(f"{base}/healthz", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "polycopy serve did not answer"
                time.sleep(0.2)
        yield base
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
