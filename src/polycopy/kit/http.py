"""The HTTP client every venue adapter shares."""

from __future__ import annotations

import socket

import httpx

# Send small requests at once: with Nagle's algorithm on, a request written in two pieces
# (headers, body) can wait for the peer's delayed ACK, about 40 ms on Linux.
_SOCKET_OPTIONS = [(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]


# Connections kept open: above the executor's sends in flight (8) plus the detection and
# market-data calls beside them, so a busy worker does not reconnect; a small pool also keeps
# httpcore's per-request scan of its connections short.
_LIMITS = httpx.Limits(max_connections=12, max_keepalive_connections=12)


def http_client(timeout: float) -> httpx.AsyncClient:
    transport = httpx.AsyncHTTPTransport(socket_options=_SOCKET_OPTIONS, retries=0, limits=_LIMITS)
    return httpx.AsyncClient(timeout=timeout, transport=transport)
