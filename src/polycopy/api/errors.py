"""One error body for every failure: ``{"error": {"code", "message", "field"?}}``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from polycopy.auth.service import AuthenticationError
from polycopy.kit.errors import (
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PlanLimitError,
    PolycopyError,
    VenueNotConfiguredError,
)


class ErrorDetail(BaseModel):
    code: str
    message: str
    field: str | None = None


class ErrorBody(BaseModel):
    error: ErrorDetail


class ApiError(Exception):
    """An error the API answers with; carries its HTTP status and machine-readable code."""

    def __init__(
        self,
        status_code: int,
        code: str,
        message: str,
        *,
        field: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.code = code
        self.message = message
        self.field = field
        self.headers = dict(headers or {})


def too_many_requests(retry_after: int, what: str) -> ApiError:
    return ApiError(
        429,
        "rate_limited",
        f"too many {what}; try again in {retry_after} s",
        headers={"Retry-After": str(retry_after)},
    )


def not_found(what: str) -> ApiError:
    return ApiError(404, "not_found", f"{what} not found")


def error_response(
    status_code: int,
    code: str,
    message: str,
    field: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    detail: dict[str, Any] = {"code": code, "message": message}
    if field:
        detail["field"] = field
    return JSONResponse({"error": detail}, status_code=status_code, headers=headers)


def _field_of(message: str) -> str | None:
    """Domain messages start with the field they are about: ``"settings.x: must be ..."``."""
    head, sep, _ = message.partition(": ")
    if sep and head and " " not in head:
        return head
    return None


_STATUS_CODES = {
    400: "bad_request",
    402: "plan_limit",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "request_too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    429: "rate_limited",
}

# Declared on every route so the OpenAPI document (and generated clients) know the body.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": code.replace("_", " ")}
    for status, code in _STATUS_CODES.items()
    if status in (401, 403, 404, 409, 413, 422, 429)
}
ERROR_RESPONSES[429]["headers"] = {
    "Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}
}
ERROR_RESPONSES[500] = {"model": ErrorBody, "description": "internal error"}
# Creates a plan limits (docs/billing.md) declare it too.
PLAN_LIMIT: dict[int | str, dict[str, Any]] = {
    402: {"model": ErrorBody, "description": "plan limit: your plan allows no more"}
}
_BAD_REQUEST: dict[str, Any] = {
    "description": "bad request: the body could not be read (not UTF-8 text)",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}},
}
FALLBACK_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"]


def declare_bad_requests(document: dict[str, Any]) -> dict[str, Any]:
    """Every operation that takes a body answers 400 to one it cannot read as text (FastAPI's
    own answer; malformed JSON is a 422 naming the place)."""
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            if "requestBody" in operation:
                operation["responses"].setdefault("400", _BAD_REQUEST)
    return document


def _path_pattern(template: str) -> re.Pattern[str]:
    """``/rules/{rule_id}`` matches ``/rules/7``: one segment per parameter."""
    parts = re.split(r"\{[^/{}]+\}", template)
    return re.compile("[^/]+".join(re.escape(part) for part in parts) + "$")


async def unmatched_api_request(request: Request) -> JSONResponse:
    """An API path and method no operation serves: 405 with an ``Allow`` header naming every
    method the OpenAPI document gives the path (Starlette's own names only the first route it
    found), else 404."""
    path = request.scope["path"]
    matching = [
        (template.count("{"), operations)
        for template, operations in request.app.openapi()["paths"].items()
        if _path_pattern(template).match(path)
    ]
    # The most literal paths win: /rules/preview is not /rules/{rule_id}.
    fewest = min((params for params, _ in matching), default=0)
    allowed = sorted(
        method.upper() for params, ops in matching if params == fewest for method in ops
    )
    if allowed:
        return error_response(
            405,
            "method_not_allowed",
            f"{request.method} is not allowed here; use {', '.join(allowed)}",
            headers={"Allow": ", ".join(allowed)},
        )
    return error_response(404, "not_found", "API path not found")


async def _api_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    headers = dict(exc.headers)
    if exc.status_code == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return error_response(exc.status_code, exc.code, exc.message, exc.field, headers)


async def _domain_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, PolycopyError)
    message = str(exc)
    status = 400
    if isinstance(exc, InvalidInputError):
        status = 422
    elif isinstance(exc, NotFoundError):
        status = 404
    elif isinstance(exc, ConflictError):
        status = 409
    elif isinstance(exc, PlanLimitError):
        status = 402
    elif isinstance(exc, AuthenticationError):
        status = 401
    elif isinstance(exc, VenueNotConfiguredError):
        status = 503
    return error_response(status, exc.code, message, _field_of(message))


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    first = errors[0] if errors else {"loc": (), "msg": "invalid request"}
    loc = [str(p) for p in first.get("loc", ())]
    if loc and loc[0] in ("body", "query", "path", "header", "cookie"):
        loc = loc[1:]
    field = ".".join(loc) or None
    message = str(first.get("msg", "invalid")).removeprefix("Value error, ")
    return error_response(
        422, "validation_error", f"{field}: {message}" if field else message, field
    )


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _STATUS_CODES.get(exc.status_code, "error")
    message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
    return error_response(exc.status_code, code, message, headers=exc.headers)


async def _internal_error(_: Request, exc: Exception) -> JSONResponse:
    return error_response(500, "internal_error", "internal error; see the server log")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(PolycopyError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _internal_error)
