"""Outgoing webhooks (signed, retried, with a delivery log) and apprise notification channels."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import structlog
from fastapi import APIRouter, status

from polycopy.api.deps import Context, DbSession, Idempotency, Principal, auth, mutation
from polycopy.api.errors import ApiError, not_found
from polycopy.api.pagination import Page, PageQuery, RowId, page_of
from polycopy.api.schemas import (
    ChannelCreate,
    ChannelOut,
    ChannelTestOut,
    ChannelUpdate,
    DeliveryOut,
    WebhookCreate,
    WebhookCreated,
    WebhookOut,
    WebhookUpdate,
)
from polycopy.audit.repository import AuditRepository
from polycopy.auth.types import Scope
from polycopy.config import Mode, Settings
from polycopy.kit.outbound import OutboundPolicy
from polycopy.models import NotificationChannel, Webhook
from polycopy.notifications.destinations import (
    DestinationError,
    check_channel_url,
    check_webhook_url,
    send_apprise,
)
from polycopy.notifications.repository import DispatchRepository, WebhookRepository
from polycopy.notifications.service import channel_url_context, webhook_secret_context
from polycopy.notifications.signing import new_secret
from polycopy.notifications.types import NotificationEvent

log = structlog.get_logger(__name__)

webhooks = APIRouter(prefix="/webhooks", tags=["webhooks"])
channels = APIRouter(prefix="/notification-channels", tags=["notifications"])

Reader = Annotated[Principal, auth(Scope.NOTIFICATIONS_READ)]
Writer = Annotated[Idempotency, mutation(Scope.NOTIFICATIONS_WRITE)]


async def _checked(check: Awaitable[str]) -> str:
    """The URL ``check`` accepts; else a 422 on ``url`` that says why."""
    try:
        return await check
    except DestinationError as exc:
        raise ApiError(422, "validation_error", f"url: {exc}", field="url") from None


async def _webhook_url(url: str, settings: Settings) -> str:
    """http(s) to a host the outbound policy allows; plain http only in sim mode (payloads
    describe your trading)."""
    policy = OutboundPolicy.parse(settings.outbound_allow_hosts)
    return await _checked(check_webhook_url(url, policy, plain_http=settings.mode is Mode.SIM))


@webhooks.post("", status_code=status.HTTP_201_CREATED, response_model=WebhookCreated)
async def create_webhook(body: WebhookCreate, idem: Writer, context: Context) -> Any:
    """A webhook for some events. The signing secret is in this response only."""

    async def handler() -> WebhookCreated:
        url = await _webhook_url(body.url, context.settings)
        secret = new_secret()
        hook = Webhook(
            user_id=idem.principal.user.id,
            url=url,
            description=body.description,
            events=sorted({e.value for e in body.events}),
            encrypted_secret=b"",
            active=True,
        )
        repo = WebhookRepository(idem.session, idem.principal.user.id)
        await repo.add(hook)
        # Bound to the row: a secret copied to another webhook does not decrypt.
        hook.encrypted_secret = context.box.encrypt(
            secret.encode(), context=webhook_secret_context(hook.id)
        )
        await AuditRepository(idem.session).record(
            actor=idem.principal.actor,
            entity_type="webhook",
            entity_id=hook.id,
            action="created",
            details={"url": url, "events": hook.events},
        )
        await idem.session.flush()
        await idem.session.refresh(hook)
        return WebhookCreated(**WebhookOut.model_validate(hook).model_dump(), secret=secret)

    return await idem.run(body, handler, status_code=201)


@webhooks.get("", response_model=Page[WebhookOut])
async def list_webhooks(principal: Reader, session: DbSession, page: PageQuery) -> Page[WebhookOut]:
    """Your webhooks (without their secrets), newest first."""
    rows = await WebhookRepository(session, principal.user.id).webhooks(
        before=page.before, limit=page.limit + 1
    )
    return page_of(rows, page, WebhookOut.model_validate, lambda r: r.id)


@webhooks.get("/{webhook_id}", response_model=WebhookOut)
async def get_webhook(webhook_id: RowId, principal: Reader, session: DbSession) -> WebhookOut:
    """One of your webhooks."""
    hook = await WebhookRepository(session, principal.user.id).webhook(webhook_id)
    if hook is None:
        raise not_found("webhook")
    return WebhookOut.model_validate(hook)


@webhooks.patch("/{webhook_id}", response_model=WebhookOut)
async def update_webhook(
    webhook_id: RowId, body: WebhookUpdate, idem: Writer, context: Context
) -> Any:
    """Change the URL, the events or the description, or pause it (``active``)."""

    async def handler() -> WebhookOut:
        hook = await WebhookRepository(idem.session, idem.principal.user.id).webhook(webhook_id)
        if hook is None:
            raise not_found("webhook")
        if body.url is not None:
            hook.url = await _webhook_url(body.url, context.settings)
        if body.events is not None:
            hook.events = sorted({e.value for e in body.events})
        if body.description is not None:
            hook.description = body.description
        if body.active is not None:
            hook.active = body.active
        await AuditRepository(idem.session).record(
            actor=idem.principal.actor,
            entity_type="webhook",
            entity_id=hook.id,
            action="updated",
            details=body.model_dump(mode="json", exclude_none=True),
        )
        await idem.session.flush()
        await idem.session.refresh(hook)
        return WebhookOut.model_validate(hook)

    return await idem.run(body, handler, status_code=200)


@webhooks.delete("/{webhook_id}", status_code=status.HTTP_204_NO_CONTENT, response_model=None)
async def delete_webhook(webhook_id: RowId, idem: Writer) -> Any:
    """Delete a webhook and its delivery log."""
    return await _delete_owned(idem, "webhook", webhook_id, WebhookRepository.webhook)


@webhooks.get("/{webhook_id}/deliveries", response_model=Page[DeliveryOut])
async def list_deliveries(
    webhook_id: RowId, principal: Reader, session: DbSession, page: PageQuery
) -> Page[DeliveryOut]:
    """The delivery log: every event sent (or being retried) to this webhook, newest first."""
    repo = WebhookRepository(session, principal.user.id)
    if await repo.webhook(webhook_id) is None:
        raise not_found("webhook")
    rows = await repo.deliveries(webhook_id, before=page.before, limit=page.limit + 1)
    return page_of(rows, page, DeliveryOut.model_validate, lambda r: r.id)


@webhooks.post("/{webhook_id}/ping", status_code=status.HTTP_204_NO_CONTENT, response_model=None)
async def ping_webhook(webhook_id: RowId, idem: Writer, context: Context) -> Any:
    """Queue a signed ``ping`` delivery to this webhook (to test the receiver)."""

    async def handler() -> None:
        hook = await WebhookRepository(idem.session, idem.principal.user.id).webhook(webhook_id)
        if hook is None:
            raise not_found("webhook")
        now = context.clock()
        await DispatchRepository(idem.session).enqueue(
            hook.id,
            NotificationEvent.PING.value,
            f"ping:{now.timestamp():.6f}",
            {"webhook_id": hook.id, "at": now.isoformat()},
        )

    return await idem.run(None, handler, status_code=204)


def _channel_out(channel: NotificationChannel) -> ChannelOut:
    return ChannelOut.model_validate(channel)


@channels.post("", status_code=status.HTTP_201_CREATED, response_model=ChannelOut)
async def create_channel(body: ChannelCreate, idem: Writer, context: Context) -> Any:
    """Notify an apprise URL of some events. The URL is encrypted and never shown again."""

    async def handler() -> ChannelOut:
        url = body.url.get_secret_value()
        policy = OutboundPolicy.parse(context.settings.outbound_allow_hosts)
        await _checked(check_channel_url(url, policy))
        channel = NotificationChannel(
            user_id=idem.principal.user.id,
            label=body.label,
            scheme=url.partition("://")[0].lower()[:40],
            encrypted_url=b"",
            events=sorted({e.value for e in body.events}),
            active=True,
        )
        await WebhookRepository(idem.session, idem.principal.user.id).add(channel)
        channel.encrypted_url = context.box.encrypt(
            url.encode(), context=channel_url_context(channel.id)
        )
        await AuditRepository(idem.session).record(
            actor=idem.principal.actor,
            entity_type="notification_channel",
            entity_id=channel.id,
            action="created",
            details={"scheme": channel.scheme, "events": channel.events},
        )
        await idem.session.flush()
        await idem.session.refresh(channel)
        return _channel_out(channel)

    return await idem.run(body, handler, status_code=201)


@channels.get("", response_model=Page[ChannelOut])
async def list_channels(principal: Reader, session: DbSession, page: PageQuery) -> Page[ChannelOut]:
    """Your notification channels (their URLs are never returned), newest first."""
    rows = await WebhookRepository(session, principal.user.id).channels(
        before=page.before, limit=page.limit + 1
    )
    return page_of(rows, page, _channel_out, lambda r: r.id)


@channels.patch("/{channel_id}", response_model=ChannelOut)
async def update_channel(channel_id: RowId, body: ChannelUpdate, idem: Writer) -> Any:
    """Rename it, change its events, or pause it (``active``)."""

    async def handler() -> ChannelOut:
        repo = WebhookRepository(idem.session, idem.principal.user.id)
        channel = await repo.channel(channel_id)
        if channel is None:
            raise not_found("notification channel")
        if body.label is not None:
            channel.label = body.label
        if body.events is not None:
            channel.events = sorted({e.value for e in body.events})
        if body.active is not None:
            channel.active = body.active
        await AuditRepository(idem.session).record(
            actor=idem.principal.actor,
            entity_type="notification_channel",
            entity_id=channel.id,
            action="updated",
            details=body.model_dump(mode="json", exclude_none=True),
        )
        await idem.session.flush()
        await idem.session.refresh(channel)
        return _channel_out(channel)

    return await idem.run(body, handler, status_code=200)


TEST_TITLE = "polycopy: test message"
TEST_BODY = "This channel works: polycopy will send the events you chose here."


@channels.post("/{channel_id}/test", response_model=ChannelTestOut)
async def test_channel(channel_id: RowId, idem: Writer, context: Context) -> Any:
    """Send a test message to the channel now (paused or not) and say whether it went."""

    async def handler() -> ChannelTestOut:
        channel = await WebhookRepository(idem.session, idem.principal.user.id).channel(channel_id)
        if channel is None:
            raise not_found("notification channel")
        url = context.box.decrypt(
            channel.encrypted_url, context=channel_url_context(channel.id)
        ).decode()
        policy = OutboundPolicy.parse(context.settings.outbound_allow_hosts)
        try:
            sent = await send_apprise(url, TEST_TITLE, TEST_BODY, policy)
        except Exception:  # a broken service answers "not sent", not a 500
            log.warning("notification_test_failed", channel_id=channel.id, exc_info=True)
            sent = False
        return ChannelTestOut(
            sent=sent,
            message=f"Sent a test message to {channel.label}."
            if sent
            else f"{channel.label} did not accept the test message: check its URL (the "
            "service's address, token or password), or that this server may reach it.",
        )

    return await idem.run(None, handler, status_code=200)


@channels.delete("/{channel_id}", status_code=status.HTTP_204_NO_CONTENT, response_model=None)
async def delete_channel(channel_id: RowId, idem: Writer) -> Any:
    """Stop notifying this channel."""
    return await _delete_owned(idem, "notification_channel", channel_id, WebhookRepository.channel)


async def _delete_owned(
    idem: Idempotency,
    entity_type: str,
    row_id: int,
    find: Callable[[WebhookRepository, int], Awaitable[Webhook | NotificationChannel | None]],
) -> Any:
    """Delete one of the caller's webhooks or channels, audited; another user's is a 404."""

    async def handler() -> None:
        repo = WebhookRepository(idem.session, idem.principal.user.id)
        row = await find(repo, row_id)
        if row is None:
            raise not_found(entity_type.replace("_", " "))
        await repo.delete(row)
        await AuditRepository(idem.session).record(
            actor=idem.principal.actor, entity_type=entity_type, entity_id=row_id, action="deleted"
        )

    return await idem.run(None, handler, status_code=204)
