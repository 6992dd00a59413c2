"""Where webhooks and channels may send: user-given URLs under the outbound policy
(kit/outbound.py), checked when they are saved and again whenever something is sent."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import urlsplit

import apprise
import structlog

from polycopy.kit.outbound import OutboundPolicy, RefusedDestinationError, sandbox

log = structlog.get_logger(__name__)

REFUSED = (
    "refused destination: loopback, private, link-local and other internal addresses are "
    "not allowed (an operator can allow a host with POLYCOPY_OUTBOUND_ALLOW_HOSTS)"
)


class DestinationError(ValueError):
    """A URL webhooks or channels may not use; the message says why."""


async def check_webhook_url(url: str, policy: OutboundPolicy, *, plain_http: bool) -> str:
    """An absolute http(s) URL (plain http only if ``plain_http``) to a host the policy
    allows now; unresolvable names pass (they are checked at each delivery)."""
    parts = urlsplit(url)
    schemes = ("https", "http") if plain_http else ("https",)
    if parts.scheme not in schemes or not parts.hostname:
        raise DestinationError(f"use an absolute {' or '.join(schemes)} URL")
    await _check_host(parts.hostname, policy)
    return url


def apprise_plugin(url: str) -> Any | None:
    """The apprise service of ``url``, never following redirects; None if apprise cannot
    send to it."""
    plugin = apprise.Apprise.instantiate(url)
    if plugin is not None:
        plugin.redirects = False
    return plugin


def channel_hosts(plugin: Any) -> list[str]:
    """The hosts a channel talks to that its URL chooses: a mail server, or the host of a
    service one runs oneself (json://, ntfy://, gotify://, ...). Services at fixed public
    addresses (tgram://, discord://, slack://, ...) have none."""
    smtp_host = getattr(plugin, "smtp_host", None)
    if smtp_host:
        return [str(smtp_host)]
    if "host" in getattr(plugin, "template_tokens", {}) and plugin.host:
        return [str(plugin.host)]
    return []


async def check_channel_url(url: str, policy: OutboundPolicy) -> str:
    """An apprise URL whose chosen host (if any) the policy allows now."""
    plugin = apprise_plugin(url)
    if plugin is None:
        raise DestinationError("not a URL apprise can send to")
    for host in channel_hosts(plugin):
        await _check_host(host, policy)
    return url


async def _check_host(host: str, policy: OutboundPolicy) -> None:
    try:
        await policy.check_host(host)
    except RefusedDestinationError:
        raise DestinationError(REFUSED) from None


async def send_apprise(url: str, title: str, body: str, policy: OutboundPolicy) -> bool:
    """One message through apprise (Telegram, Discord, Slack, e-mail, JSON, ...), connecting
    only to addresses the policy allows: the chosen host is checked first (for libraries that
    resolve names themselves), then every connection apprise makes is pinned to checked
    addresses (:func:`~polycopy.kit.outbound.sandbox`)."""
    plugin = apprise_plugin(url)
    if plugin is None:
        return False
    try:
        for host in channel_hosts(plugin):
            await policy.resolve(host)
    except RefusedDestinationError:
        log.warning("notification_refused_destination", scheme=url.partition("://")[0])
        return False
    except (OSError, UnicodeError):
        pass  # unresolvable now: apprise reports the failure itself
    with sandbox(policy) as box:
        sent = bool(await asyncio.to_thread(plugin.notify, body=body, title=title))
    if box.refused:  # a connection apprise made (a redirect, another host) was refused
        log.warning("notification_refused_destination", scheme=url.partition("://")[0])
    return sent and not box.refused
