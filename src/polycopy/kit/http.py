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
from dataclasses import dataclass
from functools import lru_cache

import aiohttp
import httpx
from aiohttp.abc import AbstractResolver

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


@dataclass(frozen=True, slots=True)
class Answer:
    """A whole HTTP answer, its body decoded: what the venue adapters read.

    The short path hands this back instead of httpx's request and response objects, which
    cost about 0.15 ms of CPU per request to build (a tenth of a fan-out's budget per order).
    """

    status_code: int
    headers: Mapping[str, str]  # case-insensitive, as both httpx and aiohttp give them
    content: bytes
    reason_phrase: str = ""

    @property
    def is_success(self) -> bool:
        return 200 <= self.status_code < 300

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")

    @classmethod
    def of(cls, response: httpx.Response) -> Answer:
        return cls(response.status_code, response.headers, response.content, response.reason_phrase)


def _request(method: str, url: str) -> httpx.Request | None:
    """The request an error is about, built only then (an unparsable URL has none)."""
    try:
        return httpx.Request(method, url)
    except httpx.InvalidURL:
        return None


@contextmanager
def _as_httpx_errors(method: str, url: str) -> Iterator[None]:
    try:
        yield
    except (TimeoutError, aiohttp.ClientError) as exc:
        for source, target in _NOT_SENT + _OUTCOME_UNKNOWN:
            if isinstance(exc, source):
                raise target(f"{type(exc).__name__}: {exc}", request=_request(method, url)) from exc
        raise  # pragma: no cover - every ClientError and TimeoutError is matched above


@lru_cache(maxsize=8)
def _client_timeout(
    connect: float | None, read: float | None, pool: float | None
) -> aiohttp.ClientTimeout:
    return aiohttp.ClientTimeout(
        total=None,
        connect=None if connect is None or pool is None else connect + pool,
        sock_connect=connect,
        sock_read=read,
    )


def client_timeout(timeout: Mapping[str, float | None]) -> aiohttp.ClientTimeout:
    """httpx's timeouts as aiohttp's: the pool wait counts towards connecting (no
    connection made in time means the request was never sent)."""
    return _client_timeout(timeout.get("connect"), timeout.get("read"), timeout.get("pool"))


class AiohttpTransport(httpx.AsyncBaseTransport):
    """Sends httpx requests over an aiohttp connection pool (opened on first use, in the
    loop), and plain ones (:meth:`exchange`) with their body decoded by aiohttp."""

    def __init__(
        self,
        *,
        max_connections: int = MAX_CONNECTIONS,
        resolver: AbstractResolver | None = None,
    ) -> None:
        self._max_connections = max_connections
        self._resolver = resolver  # None: the system's (kit/outbound.py pins checked addresses)
        self._raw: aiohttp.ClientSession | None = None
        self._decoding: aiohttp.ClientSession | None = None

    def _open(self) -> tuple[aiohttp.ClientSession, aiohttp.ClientSession]:
        if self._raw is None or self._decoding is None:  # no await here: one pool per transport
            connector = aiohttp.TCPConnector(
                limit=self._max_connections,
                keepalive_timeout=KEEPALIVE_SECONDS,
                resolver=self._resolver,
            )
            # Two sessions on one pool: httpx decodes the bodies it is given itself, the
            # short path has aiohttp decode them. Neither keeps cookies: httpx keeps its own,
            # and the adapters' requests carry everything they need.
            self._raw = aiohttp.ClientSession(
                connector=connector, auto_decompress=False, cookie_jar=aiohttp.DummyCookieJar()
            )
            self._decoding = aiohttp.ClientSession(
                connector=connector, connector_owner=False, cookie_jar=aiohttp.DummyCookieJar()
            )
        return self._raw, self._decoding

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in request.headers.raw]
        answer, content = await self._send(
            self._open()[0],
            request.method,
            str(request.url),
            await request.aread(),
            headers,
            client_timeout(request.extensions.get("timeout", {})),
        )
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

    async def exchange(
        self,
        method: str,
        url: str,
        body: bytes,
        headers: Mapping[str, str],
        limits: aiohttp.ClientTimeout,
    ) -> Answer:
        """Send a complete request; its answer, read whole and decoded."""
        answer, content = await self._send(self._open()[1], method, url, body, headers, limits)
        return Answer(answer.status, answer.headers, content, answer.reason or "")

    @staticmethod
    async def _send(
        session: aiohttp.ClientSession,
        method: str,
        url: str,
        body: bytes,
        headers: Mapping[str, str] | list[tuple[str, str]],
        limits: aiohttp.ClientTimeout,
    ) -> tuple[aiohttp.ClientResponse, bytes]:
        with _as_httpx_errors(method, url):
            async with session.request(
                method,
                url,
                data=body or None,
                headers=headers,
                allow_redirects=False,  # httpx follows redirects itself when asked to
                timeout=limits,
            ) as answer:
                return answer, await answer.read()

    async def aclose(self) -> None:
        if self._decoding is not None:
            await self._decoding.close()
            self._decoding = None
        if self._raw is not None:
            await self._raw.close()
            self._raw = None


class HttpClient(httpx.AsyncClient):
    """An httpx client on :class:`AiohttpTransport`, with a short path for the venue adapters
    (:func:`fetch`)."""

    def __init__(self, timeout: float) -> None:
        self._wire = AiohttpTransport()
        super().__init__(timeout=timeout, transport=self._wire)

    @property
    def watched(self) -> bool:
        """Event hooks (tests that watch the traffic) or an environment proxy: both need
        httpx's client layer, so the short path is off."""
        hooks = self.event_hooks
        return bool(self._mounts or hooks["request"] or hooks["response"])

    async def send_direct(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str | int] | httpx.QueryParams | None,
        content: str | None,
        headers: Mapping[str, str],
    ) -> Answer:
        """The request straight onto the wire, past httpx's client layer and its request
        and response objects (about 0.2 ms of CPU a request)."""
        if params:  # encoded as httpx encodes them
            url = f"{url}{'&' if '?' in url else '?'}{httpx.QueryParams(params)}"
        body = content.encode() if content is not None else b""
        limits = client_timeout(self.timeout.as_dict())
        return await self._wire.exchange(method, url, body, headers, limits)


async def fetch(
    http: httpx.AsyncClient,
    method: str,
    url: str,
    *,
    params: Mapping[str, str | int] | httpx.QueryParams | None = None,
    content: str | None = None,
    headers: Mapping[str, str],
) -> Answer:
    """The whole answer to a complete request: by the short path on polycopy's own client
    (the venue adapters need no client-wide headers, cookies, auth or redirects), by
    ``request`` on any other httpx client or when the short path is off."""
    if isinstance(http, HttpClient) and not http.watched:
        return await http.send_direct(method, url, params=params, content=content, headers=headers)
    return Answer.of(
        await http.request(method, url, params=params, content=content, headers=headers)
    )


def http_client(timeout: float) -> HttpClient:
    return HttpClient(timeout)
