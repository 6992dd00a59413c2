"""The HTTP client every venue adapter shares: httpx's interface on aiohttp's connections.

Why aiohttp underneath: under a fan-out (hundreds of orders in a second) httpcore's
connection pool scans every pooled connection on each request and parses in pure Python,
about 1 ms of CPU per request here; aiohttp's pool and C parser take about 0.1 ms. The
httpx interface stays, so adapters, tests (``httpx.MockTransport``) and error handling are
unchanged. (The ``httpx-aiohttp`` package does the same but maps every dropped connection
to ``ConnectTimeout``, i.e. "never sent": for an order that is the one mistake not allowed.)
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import aiohttp
import httpx

# Connections kept open: above the executor's sends in flight (8) plus the detection and
# market-data calls beside them, so a busy worker does not reconnect.
MAX_CONNECTIONS = 12
# Idle connections are closed before a typical server's keep-alive timeout (uvicorn's is
# 5 s), so a request is not written onto a connection the server is closing: for an order
# that would be an unknown outcome to look up instead of a clean answer.
KEEPALIVE_SECONDS = 4.0

# aiohttp failure → httpx failure with the same meaning. The first four mean the request
# never left this process (the caller may send it again); every other failure happened after
# it may have been written, so its outcome is unknown. Order matters: subclasses first.
_NOT_SENT: tuple[tuple[type[Exception], type[httpx.TransportError]], ...] = (
    (aiohttp.ConnectionTimeoutError, httpx.ConnectTimeout),  # no connection in time
    (aiohttp.ClientConnectorError, httpx.ConnectError),  # refused, DNS, TLS handshake
    (aiohttp.InvalidURL, httpx.UnsupportedProtocol),
    (aiohttp.NonHttpUrlClientError, httpx.UnsupportedProtocol),
)
_OUTCOME_UNKNOWN: tuple[tuple[type[BaseException], type[httpx.TransportError]], ...] = (
    (aiohttp.ServerTimeoutError, httpx.ReadTimeout),
    (asyncio.TimeoutError, httpx.ReadTimeout),
    (aiohttp.ServerDisconnectedError, httpx.RemoteProtocolError),
    (aiohttp.ClientResponseError, httpx.RemoteProtocolError),  # a malformed answer
    (aiohttp.ClientPayloadError, httpx.ReadError),
    (aiohttp.ClientError, httpx.ReadError),
)


@contextmanager
def _as_httpx_errors(request: httpx.Request) -> Iterator[None]:
    try:
        yield
    except (TimeoutError, aiohttp.ClientError) as exc:
        for source, target in _NOT_SENT + _OUTCOME_UNKNOWN:
            if isinstance(exc, source):
                raise target(f"{type(exc).__name__}: {exc}", request=request) from exc
        raise  # pragma: no cover - every ClientError and TimeoutError is matched above


class AiohttpTransport(httpx.AsyncBaseTransport):
    """Sends httpx requests over an aiohttp session (created on first use, in the loop)."""

    def __init__(self, *, max_connections: int = MAX_CONNECTIONS) -> None:
        self._max_connections = max_connections
        self._session: aiohttp.ClientSession | None = None

    def _open(self) -> aiohttp.ClientSession:
        if self._session is None:  # no await before the assignment: one session per transport
            connector = aiohttp.TCPConnector(
                limit=self._max_connections, keepalive_timeout=KEEPALIVE_SECONDS
            )
            # Bodies are handed to httpx undecoded, as httpcore does: httpx decodes them.
            self._session = aiohttp.ClientSession(connector=connector, auto_decompress=False)
        return self._session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in request.headers.raw]
        return await self.exchange(request, await request.aread(), headers)

    async def exchange(
        self, request: httpx.Request, body: bytes, headers: list[tuple[str, str]]
    ) -> httpx.Response:
        """Send ``request`` with this body and these headers; its answer, read whole."""
        timeout = request.extensions.get("timeout", {})
        connect = timeout.get("connect")
        pool = timeout.get("pool")
        with _as_httpx_errors(request):
            async with self._open().request(
                request.method,
                str(request.url),
                data=body or None,
                headers=headers,
                allow_redirects=False,  # httpx follows redirects itself when asked to
                timeout=aiohttp.ClientTimeout(
                    total=None,
                    connect=None if connect is None or pool is None else connect + pool,
                    sock_connect=connect,
                    sock_read=timeout.get("read"),
                ),
            ) as answer:
                content = await answer.read()
        return httpx.Response(
            answer.status,
            headers=answer.raw_headers,
            content=content,
            request=request,
            extensions={
                "http_version": b"HTTP/1.1",
                "reason_phrase": (answer.reason or "").encode("latin-1"),
            },
        )

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


class HttpClient(httpx.AsyncClient):
    """An httpx client on :class:`AiohttpTransport`, with a shortcut for the venue adapters.

    ``send_direct`` skips httpx's client layer (client-wide headers and cookies, auth,
    redirects: about 0.13 ms of CPU a request), which the adapters do not use: they send
    complete requests and read whole JSON answers. With event hooks (tests that watch the
    traffic) or an environment proxy it is plain ``request``.
    """

    def __init__(self, timeout: float) -> None:
        self._wire = AiohttpTransport()
        super().__init__(timeout=timeout, transport=self._wire)

    async def send_direct(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str | int] | httpx.QueryParams | None,
        content: str | None,
        headers: dict[str, str],
    ) -> httpx.Response:
        hooks = self.event_hooks
        if self._mounts or hooks["request"] or hooks["response"]:
            return await self.request(method, url, params=params, content=content, headers=headers)
        request = httpx.Request(
            method, url, params=params, extensions={"timeout": self.timeout.as_dict()}
        )
        body = content.encode() if content is not None else b""
        return await self._wire.exchange(request, body, list(headers.items()))


def http_client(timeout: float) -> HttpClient:
    return HttpClient(timeout)
