"""The shared HTTP client (httpx on aiohttp), over real loopback sockets.

What matters for orders is the meaning of a failure: "never sent" (safe to send again) only
when the request cannot have left, "outcome unknown" (look the order up) otherwise.
"""

from __future__ import annotations

import asyncio
import gzip
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from decimal import Decimal

import httpx
import pytest

from polycopy.kit.http import AiohttpTransport, http_client
from polycopy.venues.polymarket import errors
from polycopy.venues.polymarket.http import VenueHttp
from polycopy.venues.polymarket.ratelimit import CLOB_LIMITS

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


async def read_request(reader: asyncio.StreamReader) -> tuple[str, dict[str, str], bytes]:
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
    line, *fields = head.split("\r\n")[:-2]
    headers = {k.strip().lower(): v.strip() for k, v in (f.split(":", 1) for f in fields)}
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    return line, headers, body


def answer(status: int, body: bytes, *extra: str) -> bytes:
    lines = [f"HTTP/1.1 {status} X", f"Content-Length: {len(body)}", *extra]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


Seen = list[tuple[str, dict[str, str], bytes]]


def recording(reply: bytes) -> tuple[Seen, Handler]:
    """A keep-alive server's handler that notes each request and answers it with ``reply``."""
    seen: Seen = []

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while not reader.at_eof():
            try:
                seen.append(await read_request(reader))
            except asyncio.IncompleteReadError:
                return
            writer.write(reply)
            await writer.drain()

    return seen, handler


@asynccontextmanager
async def serving(handler: Handler) -> AsyncIterator[str]:
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.close()
        await server.wait_closed()


def venue(http: httpx.AsyncClient, base: str) -> VenueHttp:
    return VenueHttp(http, base, CLOB_LIMITS)


async def assert_outcome_unknown(
    handler: Handler, expected: type[httpx.TransportError], *, patience: float = 5
) -> None:
    """An order sent to ``handler`` has an unknown outcome, on both paths: httpx's and the
    venue adapters' short one."""
    async with serving(handler) as base, http_client(patience) as http:
        with pytest.raises(expected):
            await http.post(f"{base}/order", content="{}")
        with pytest.raises(errors.VenueTimeoutError, match="no answer"):
            await venue(http, base).request("POST", "/order", body="{}")


async def test_a_request_and_its_answer_arrive_intact() -> None:
    seen, handler = recording(
        answer(
            201,
            gzip.compress(b'{"price": 0.57, "ok": true}'),
            "Content-Encoding: gzip",
            "Poly-RateLimit-Remaining: 41",
            "Set-Cookie: a=1",
            "Set-Cookie: b=2",
        )
    )
    async with serving(handler) as base, http_client(5) as http:
        first = await http.post(
            f"{base}/order?x=1",
            params={"next_cursor": "MA==", "token": "7 8"},
            content='{"order": 1}',
            headers={"POLY_API_KEY": "key-1", "Content-Type": "application/json"},
        )
        second = await http.get(f"{base}/book")
    line, headers, body = seen[0]
    assert line == "POST /order?next_cursor=MA%3D%3D&token=7+8 HTTP/1.1"
    assert headers["poly_api_key"] == "key-1"
    assert headers["content-type"] == "application/json"
    assert body == b'{"order": 1}'
    assert seen[1][0] == "GET /book HTTP/1.1"
    assert first.status_code == 201
    assert first.json() == {"price": 0.57, "ok": True}  # decoded, as httpcore would
    assert first.headers["poly-ratelimit-remaining"] == "41"
    assert first.headers.get_list("set-cookie") == ["a=1", "b=2"]
    assert second.is_success
    assert len(seen) == 2  # one connection, kept alive for the second request


async def test_a_refused_connection_means_never_sent() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nobody listens there
    async with http_client(5) as http:
        with pytest.raises(httpx.ConnectError):
            await http.post(f"http://127.0.0.1:{port}/order", content="{}")
        with pytest.raises(errors.VenueUnavailableError, match="not sent"):
            await venue(http, f"http://127.0.0.1:{port}").request("POST", "/order", body="{}")


async def test_an_unusable_url_means_never_sent() -> None:
    async with http_client(5) as http:
        for base in ("http://[::1", "ftp://127.0.0.1:1"):
            with pytest.raises(errors.VenueUnavailableError, match="not sent"):
                await venue(http, base).request("POST", "/order", body="{}")


async def test_a_connection_dropped_after_the_request_means_outcome_unknown() -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)  # the order arrived; the answer never leaves
        writer.close()

    await assert_outcome_unknown(handler, httpx.RemoteProtocolError)


async def test_no_answer_in_time_means_outcome_unknown() -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        await asyncio.sleep(5)

    await assert_outcome_unknown(handler, httpx.ReadTimeout, patience=0.2)


async def test_waiting_for_a_free_connection_in_vain_means_never_sent() -> None:
    release = asyncio.Event()

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        await release.wait()
        writer.write(answer(200, b"{}"))
        await writer.drain()

    timeout = httpx.Timeout(5, connect=0.1, pool=0.2)
    async with (
        serving(handler) as base,
        httpx.AsyncClient(transport=AiohttpTransport(max_connections=1), timeout=timeout) as http,
    ):
        busy = asyncio.create_task(http.post(f"{base}/order", content="{}"))
        await asyncio.sleep(0.05)
        with pytest.raises(httpx.ConnectTimeout):  # the pool's one connection stays busy
            await http.post(f"{base}/order", content="{}")
        release.set()
        assert (await busy).json() == {}


async def test_a_malformed_answer_means_outcome_unknown() -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(b"NOT HTTP AT ALL\r\n\r\n")
        await writer.drain()
        writer.close()

    await assert_outcome_unknown(handler, httpx.RemoteProtocolError)


async def test_the_venue_adapters_short_path_sends_the_same_request() -> None:
    seen, handler = recording(
        answer(200, gzip.compress(b'{"size": 12.345}'), "Content-Encoding: gzip")
    )

    def auth(method: str, path: str, body: str | None) -> dict[str, str]:
        return {"POLY_API_KEY": "key-1", "POLY_SIGNATURE": f"{method} {path} {body}"}

    async with serving(handler) as base, http_client(5) as http:
        api = venue(http, base)
        posted = await api.request("POST", "/order", body='{"order": 1}', auth=auth)
        read = await api.request("GET", "/trades", params={"maker": "0xAb", "next_cursor": "MA=="})
    (post_line, post_headers, post_body), (get_line, _, _) = seen
    assert post_line == "POST /order HTTP/1.1"
    assert post_headers["poly_api_key"] == "key-1"
    assert post_headers["poly_signature"] == 'POST /order {"order": 1}'
    assert post_headers["content-type"] == "application/json"
    assert post_body == b'{"order": 1}'
    assert get_line == "GET /trades?maker=0xAb&next_cursor=MA%3D%3D HTTP/1.1"
    assert posted == read == {"size": Decimal("12.345")}  # decoded, numbers exact


async def test_cookies_are_httpx_s_alone_and_the_short_path_keeps_none() -> None:
    seen, handler = recording(answer(200, b"{}", "Set-Cookie: cf=1; Path=/"))
    async with serving(handler) as base, http_client(5) as http:
        base = base.replace("127.0.0.1", "localhost")  # aiohttp keeps no cookies of IP hosts
        api = venue(http, base)
        await api.request("GET", "/a")
        await api.request("GET", "/b")
        await http.get(f"{base}/c")
        await http.get(f"{base}/d")  # httpx sends back what it was given, once
    cookies = [headers.get("cookie") for _, headers, _ in seen]
    assert cookies == [None, None, None, "cf=1"]
