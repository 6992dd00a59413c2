"""``polycopy serve``: the API and the web app on one port, announced once it listens."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from polycopy.api.app import create_app
from polycopy.api.sign_in_link import one_time_sign_in
from polycopy.config import Settings
from polycopy.kit import migrate as migrations
from polycopy.kit.clock import follow_clock
from polycopy.kit.errors import ConfigError

SIGN_IN_PATH = "/sign-in/once"


def listening_socket(host: str, port: int) -> socket.socket:
    """Bound now, so a taken port fails with a clear error and port 0 picks a free one.

    TCP_NODELAY, which the accepted connections inherit: a response goes out in more than
    one write, and without it the later writes wait for the client's delayed ACK (40 ms per
    request on a kept-alive connection)."""
    try:
        sock = socket.create_server((host, port))
    except OSError as exc:
        raise ConfigError(
            f"port: cannot listen on {host}:{port} ({exc.strerror}); pick another --port"
        ) from None
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def read_sign_in_token(path: Path) -> str:
    """The one-time token `polycopy up` wrote for this process; the file is removed."""
    try:
        token = path.read_text().strip()
        path.unlink()
    except OSError as exc:
        raise ConfigError(f"sign_in_token_file: cannot read {path}: {exc.strerror}") from None
    if len(token) < 16:
        raise ConfigError(f"sign_in_token_file: {path} holds no token")
    return token


def serve_api(
    settings: Settings,
    *,
    host: str,
    port: int,
    migrate_first: bool,
    sign_in_token_file: Path | None,
    announce: Callable[[str], None],
) -> None:
    if migrate_first:
        migrations.upgrade(settings.database)
    venue_clock = asyncio.run(
        follow_clock(settings.clock_url, timeout_seconds=settings.venue_timeout_seconds)
    )
    app = create_app(settings, venue_clock=venue_clock)
    sock = listening_socket(host, port)
    base = f"http://{host}:{sock.getsockname()[1]}"
    announce(f"polycopy serve: listening on {base}/ (API {base}/api/v1, mode {settings.mode})")
    if sign_in_token_file is not None:
        if settings.admin_email is None:
            raise ConfigError("admin_email: a sign-in link needs POLYCOPY_ADMIN_EMAIL")
        token = read_sign_in_token(sign_in_token_file)
        one_time_sign_in(app, settings.admin_email, path=SIGN_IN_PATH, token=token)
    uvicorn.Server(uvicorn_config(app, settings)).run(sockets=[sock])


def uvicorn_config(app: FastAPI, settings: Settings) -> uvicorn.Config:
    """Forwarded headers count only from ``trusted_proxies`` (uvicorn trusts loopback)."""
    trusted = settings.trusted_proxies
    return uvicorn.Config(
        app, log_config=None, proxy_headers=bool(trusted), forwarded_allow_ips=trusted or None
    )
