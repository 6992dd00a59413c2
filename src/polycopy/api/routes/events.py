"""Live updates for the web app: server-sent events of your leaders' fills, your decisions
and your orders' state changes.

The stream polls the database (the source of truth, shared by every worker), so it works
with any number of API and worker processes. Each event's id is the stream position after
it; a reconnecting browser sends it back in ``Last-Event-ID`` and misses nothing.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from sse_starlette.event import ServerSentEvent
from sse_starlette.sse import EventSourceResponse

from polycopy.api.deps import ApiContext, Context, Principal, auth
from polycopy.api.errors import ApiError
from polycopy.api.repository import OwnedRepository
from polycopy.api.routes.activity import decisions_out
from polycopy.api.schemas import LeaderFillOut, OrderEventOut, OrderUpdateOut
from polycopy.auth.service import credential_live
from polycopy.auth.types import Scope

router = APIRouter(prefix="/events", tags=["events"])

BATCH = 100
_POSITION = re.compile(r"^f(\d{1,18})\.d(\d{1,18})\.o(\d{1,18})$")


@dataclass(slots=True)
class StreamPosition:
    """The last leader fill, decision and order event the client has seen."""

    fill: int
    decision: int
    order_event: int

    def token(self) -> str:
        return f"f{self.fill}.d{self.decision}.o{self.order_event}"

    @classmethod
    def parse(cls, token: str) -> StreamPosition:
        match = _POSITION.match(token)
        if match is None:
            raise ApiError(
                422,
                "validation_error",
                "Last-Event-ID: not a stream position (fN.dN.oN)",
                field="Last-Event-ID",
            )
        return cls(int(match[1]), int(match[2]), int(match[3]))


async def _start(context: ApiContext, principal: Principal) -> StreamPosition:
    async with context.db.transaction() as session:
        heads = await OwnedRepository(session, principal.user.id).feed_heads()
    return StreamPosition(*heads)


async def next_events(
    context: ApiContext, principal: Principal, position: StreamPosition
) -> list[ServerSentEvent] | None:
    """The user's events after ``position`` (advancing it); None once the credential ended."""
    events: list[tuple[str, Any]] = []
    async with context.db.transaction() as session:
        live = await credential_live(
            session,
            session_id=principal.session_row.id if principal.session_row else None,
            token_id=principal.token_id,
            now=context.clock(),
        )
        if not live:
            return None
        owned = OwnedRepository(session, principal.user.id)
        for fill in await owned.leader_fills_after(position.fill, BATCH):
            position.fill = fill.id
            events.append(("leader_fill", LeaderFillOut.model_validate(fill)))
        for decision in await decisions_out(
            session, await owned.decisions_after(position.decision, BATCH)
        ):
            position.decision = decision.id
            events.append(("decision", decision))
        for event, order in await owned.order_events_after(position.order_event, BATCH):
            position.order_event = event.id
            events.append(
                (
                    "order",
                    OrderUpdateOut(
                        order_id=order.id,
                        account_id=order.follower_account_id,
                        decision_id=order.decision_id,
                        side=order.side,
                        token_id=order.token_id,
                        status=order.status,
                        filled_size_micros=order.filled_size_micros,
                        filled_amount_micros=order.filled_amount_micros,
                        event=OrderEventOut.model_validate(event),
                    ),
                )
            )
    # Every event carries the position after the whole batch: resuming from any of them
    # may repeat the batch's later events but never skips one.
    token = position.token()
    return [
        ServerSentEvent(data=body.model_dump_json(), event=kind, id=token) for kind, body in events
    ]


async def _stream(
    request: Request,
    context: ApiContext,
    principal: Principal,
    resume: StreamPosition | None,
    poll: float,
) -> AsyncIterator[ServerSentEvent]:
    # Runs once the endpoint returned and its transaction ended (SQLite has one writer).
    position = resume if resume is not None else await _start(context, principal)
    yield ServerSentEvent(data=position.token(), event="ready", id=position.token())
    while not await request.is_disconnected():
        batch = await next_events(context, principal, position)
        if batch is None:
            yield ServerSentEvent(data="signed out", event="end")
            return
        for event in batch:
            yield event
        await asyncio.sleep(poll)


@router.get(
    "/stream",
    response_class=EventSourceResponse,
    responses={
        200: {
            "description": "An endless `text/event-stream`. Events: `ready` (data: the "
            "position), `leader_fill` (LeaderFillOut), `decision` (DecisionOut), `order` "
            "(OrderUpdateOut), `end` (the session or token ended).",
            "content": {"text/event-stream": {"schema": {"type": "string"}}},
        }
    },
)
async def stream_events(
    request: Request,
    principal: Annotated[Principal, auth(Scope.EVENTS_READ)],
    context: Context,
    last_event_id: Annotated[
        str | None,
        Header(alias="Last-Event-ID", max_length=80, description="Resume after this event"),
    ] = None,
    poll_ms: Annotated[int, Query(ge=200, le=10_000, description="How often to look")] = 1000,
) -> EventSourceResponse:
    """Your leaders' fills, your decisions and your orders' state changes, as they happen."""
    resume = StreamPosition.parse(last_event_id) if last_event_id else None
    return EventSourceResponse(
        _stream(request, context, principal, resume, poll_ms / 1000), ping=15
    )
