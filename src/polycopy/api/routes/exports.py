"""Downloads: an account's fills, tax lots, decisions or orders over a period (docs/exports.md).

The body streams as it is read from the database, a batch at a time.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from polycopy.api.deps import Context, CurrentUser, DbSession
from polycopy.api.errors import ApiError, not_found
from polycopy.api.pagination import RowId
from polycopy.api.repository import OwnedRepository
from polycopy.auth.types import Scope
from polycopy.exports.service import stream_export
from polycopy.exports.types import MEDIA_TYPES, ExportFormat, ExportKind, ExportRequest, Period

router = APIRouter(prefix="/accounts", tags=["exports"])

# Each kind needs the scope its REST listing needs.
SCOPES = {
    ExportKind.FILLS: Scope.PORTFOLIO_READ,
    ExportKind.LOTS: Scope.PORTFOLIO_READ,
    ExportKind.DECISIONS: Scope.DECISIONS_READ,
    ExportKind.ORDERS: Scope.ORDERS_READ,
}


@router.get(
    "/{account_id}/export",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "The export, as an attachment",
            "content": {media: {"schema": {"type": "string"}} for media in MEDIA_TYPES.values()},
        }
    },
)
async def export_account(
    account_id: RowId,
    principal: CurrentUser,
    session: DbSession,
    context: Context,
    what: Annotated[ExportKind, Query(description="What to export; `lots` is a tax-lot report")],
    since: Annotated[
        dt.datetime | None,
        Query(alias="from", description="From this moment on (ISO 8601; no zone means UTC)"),
    ] = None,
    until: Annotated[
        dt.datetime | None,
        Query(alias="to", description="Before this moment (ISO 8601; no zone means UTC)"),
    ] = None,
    fmt: Annotated[ExportFormat, Query(alias="format")] = ExportFormat.CSV,
) -> StreamingResponse:
    """Download one of your accounts' fills, lots, decisions or orders, in the order recorded.

    Fills by when they filled, decisions and orders by when they were made; a lot when it
    was held during the period (opened before its end, not closed before its start).
    """
    scope = SCOPES[what]
    if scope.value not in principal.scopes:
        raise ApiError(403, "insufficient_scope", f"this API token lacks the scope {scope.value}")
    request = ExportRequest(account_id, what, Period.of(since, until), fmt)
    if await OwnedRepository(session, principal.user.id).account(account_id) is None:
        raise not_found("account")
    name = f"polycopy-account-{account_id}-{what.value}.{fmt.value}"
    return StreamingResponse(
        stream_export(context.db, request),
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
