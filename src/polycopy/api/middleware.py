"""Plain ASGI middleware: security headers, a request size limit, and no unstorable text."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qsl, unquote_to_bytes

from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from polycopy.api.errors import error_response

_API_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
_API_ONLY_HEADERS = [
    (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"),
    (b"cache-control", b"no-store"),
]


class SecurityHeaders:
    def __init__(self, app: ASGIApp, *, api_prefix: str, hsts: bool) -> None:
        self.app = app
        self.api_prefix = api_prefix
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = list(_API_HEADERS)
        path: str = scope["path"]
        if path.startswith(self.api_prefix) and not path.startswith(self.api_prefix + "/docs"):
            extra += _API_ONLY_HEADERS
        if self.hsts:
            extra.append((b"strict-transport-security", b"max-age=31536000"))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                headers = list(message.get("headers", []))
                headers += [(k, v) for k, v in extra if k not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _too_large_body(limit: int) -> bytes:
    return json.dumps(
        {
            "error": {
                "code": "request_too_large",
                "message": f"the request body is larger than {limit} bytes",
            }
        }
    ).encode()


class RequestSizeLimit:
    """Refuses bodies over ``max_bytes`` with 413, by Content-Length or while streaming."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def _refuse(self, send: Send) -> None:
        body = _too_large_body(self.max_bytes)
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = self.max_bytes + 1
                if declared > self.max_bytes:
                    await self._refuse(send)
                    return
        received = 0
        refused = False

        async def limited_receive() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # Answer now; the app sees a disconnect and whatever it sends is dropped.
                    refused = True
                    await self._refuse(send)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            if not refused:
                await send(message)

        await self.app(scope, limited_receive, guarded_send)


# NUL, and half a surrogate pair: PostgreSQL cannot store either in text (SQLite can, so
# both backends refuse them alike, before any route sees them).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_UNSTORABLE_ESCAPE = re.compile(rb"\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})")


def unstorable_field(value: Any, path: str = "") -> str | None:
    """Where in a decoded JSON value (keys included) there is unstorable text, or None;
    ``""`` means the value itself."""
    if isinstance(value, str):
        return path if _UNSTORABLE.search(value) else None
    if isinstance(value, dict):
        items: Sequence[tuple[Any, Any]] = list(value.items())
    elif isinstance(value, list):
        items = list(enumerate(value))
    else:
        return None
    for key, item in items:
        where = f"{path}.{key}" if path else str(key)
        if isinstance(key, str) and _UNSTORABLE.search(key):
            return where
        found = unstorable_field(item, where)
        if found is not None:
            return found
    return None


def unstorable_body(body: bytes) -> str | None:
    """``unstorable_field`` of a raw body: a raw NUL anywhere, or a JSON string holding one
    (escaped) or half a surrogate pair. A body that is not JSON is its route's business."""
    if b"\x00" in body:
        return ""
    if not _UNSTORABLE_ESCAPE.search(body):
        return None
    try:
        return unstorable_field(json.loads(body))
    except ValueError:
        return None


def unstorable_answer(field: str | None) -> JSONResponse:
    where = f"{field}: " if field else ""
    return error_response(
        422,
        "validation_error",
        f"{where}NUL characters and unpaired surrogates cannot be stored",
        field or None,
    )


class RefuseUnstorableText:
    """422 for API requests whose path, query string or JSON body holds text the database
    cannot store, on every route alike (otherwise PostgreSQL fails with a 500 deep inside).

    ``exempt`` paths check their raw body themselves (signed ingestion: the signature
    first, so an unsigned request learns nothing about its payload)."""

    def __init__(self, app: ASGIApp, *, api_prefix: str, exempt: Sequence[str] = ()) -> None:
        self.app = app
        self.api_prefix = api_prefix
        self.exempt = tuple(exempt)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith(self.api_prefix):
            await self.app(scope, receive, send)
            return
        query: bytes = scope.get("query_string", b"")
        if "\x00" in path or b"\x00" in unquote_to_bytes(query):
            names = [k for k, v in parse_qsl(query.decode("latin-1")) if "\x00" in k + v]
            await unstorable_answer(names[0] if names else None)(scope, receive, send)
            return
        if path.startswith(self.exempt) or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        messages: list[Message] = []
        body = b""
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        field = unstorable_body(body)
        if field is not None:
            await unstorable_answer(field)(scope, receive, send)
            return

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)
