"""Where requests to user-given URLs (webhooks, notification channels) may go.

A user-given URL must not reach this machine or the networks behind it (SSRF): loopback,
private, link-local, unique-local, multicast, unspecified and reserved addresses are
refused, IPv4 and IPv6 alike (an IPv4-mapped or NAT64 IPv6 address counts as its IPv4
address), unless the operator allows the host (``POLYCOPY_OUTBOUND_ALLOW_HOSTS``).

A name is checked after resolution, every address of it, and the request connects to the
addresses checked (pinned): a DNS answer that changes between the check and the connection
(rebinding) cannot swap in an internal address. The URL keeps its name, so the Host header
and the TLS server name are unchanged. Two ways to pin, one policy:

- :class:`PinningResolver` for aiohttp (the webhooks' client resolves through it);
- :func:`sandbox` for blocking libraries (apprise's ``requests`` and ``smtplib``): while it
  is entered, every ``socket.getaddrinfo`` of this context answers checked addresses only.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import re
import socket
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import httpx
from aiohttp.abc import AbstractResolver, ResolveResult

from polycopy.kit.http import AiohttpTransport

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_HOST_NAME = re.compile(r"(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?\.?)+", re.ASCII)
_system_getaddrinfo = socket.getaddrinfo


class RefusedDestinationError(Exception):
    """The policy refuses this destination; nothing was sent to it."""


def _as_ipv4(ip: IPAddress) -> IPAddress:
    """The IPv4 address an IPv6 one stands for (mapped, NAT64), else itself."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip in _NAT64:
            return ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF)
    return ip


def is_internal(ip: IPAddress) -> bool:
    """Not a public unicast address: what a user-given URL may not reach by default."""
    ip = _as_ipv4(ip)
    return (
        not ip.is_global
        or ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_unspecified
        or ip.is_reserved
        or (isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local)
    )


def literal_address(host: str) -> IPAddress | None:
    """``host`` as an IP address when it is one (``[::1]`` included), else None."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def lookup(host: str) -> list[IPAddress]:
    """Every address ``host`` resolves to (the seam tests replace to resolve a name
    internally; the connections stay real)."""
    infos = _system_getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(ipaddress.ip_address(str(info[4][0])) for info in infos))


def _name(host: str) -> str:
    return host.strip("[]").rstrip(".").lower()


@dataclass(frozen=True, slots=True)
class OutboundPolicy:
    """Public addresses, plus the operator's allowed host names and networks."""

    hosts: frozenset[str] = frozenset()
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def parse(cls, entries: Iterable[str]) -> OutboundPolicy:
        """From ``POLYCOPY_OUTBOUND_ALLOW_HOSTS``: host names, IP addresses or networks."""
        return _parse(tuple(entries))

    def allows_address(self, ip: IPAddress) -> bool:
        return not is_internal(ip) or any(
            candidate in network
            for candidate in {ip, _as_ipv4(ip)}
            for network in self.networks
            if candidate.version == network.version
        )

    def addresses(self, host: str) -> list[IPAddress]:
        """The addresses to connect to for ``host``, every one checked (a name the operator
        allows may resolve anywhere). Raises :class:`RefusedDestinationError`, or OSError
        when the name does not resolve."""
        name = _name(host)
        ip = literal_address(name)
        if ip is not None:
            if not self.allows_address(ip):
                raise RefusedDestinationError(f"{host} is an internal address")
            return [ip]
        found = lookup(name)
        if not found:
            raise socket.gaierror(socket.EAI_NONAME, f"{host} has no address")
        if name not in self.hosts and not all(self.allows_address(a) for a in found):
            raise RefusedDestinationError(f"{host} resolves to an internal address")
        return found

    async def resolve(self, host: str) -> list[IPAddress]:
        """:meth:`addresses` off the event loop."""
        return await asyncio.to_thread(self.addresses, host)

    async def check_host(self, host: str) -> None:
        """Refuse ``host`` now if it is, or resolves to, an internal address. A name that
        does not resolve yet passes: it is checked again when something is sent."""
        with contextlib.suppress(OSError, UnicodeError):
            await self.resolve(host)


@lru_cache(maxsize=8)
def _parse(entries: tuple[str, ...]) -> OutboundPolicy:
    hosts: set[str] = set()
    networks: list[IPNetwork] = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
            continue
        except ValueError:
            pass
        name = _name(entry)
        if not _HOST_NAME.fullmatch(name):
            raise ValueError(f"not a host name, IP address or network: {entry!r}")
        hosts.add(name)
    return OutboundPolicy(frozenset(hosts), tuple(networks))


def _check_literal(url: str, policy: OutboundPolicy) -> None:
    """An http(s) URL whose address literal (if it has one) the policy allows; a name is
    checked when it is resolved (:class:`PinningResolver`)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RefusedDestinationError("not an http(s) URL")
    ip = literal_address(parts.hostname)
    if ip is not None and not policy.allows_address(ip):
        raise RefusedDestinationError(f"{parts.hostname} is an internal address")


class PinningResolver(AbstractResolver):
    """aiohttp's resolver under the policy: the connection goes to the addresses checked.
    (aiohttp does not resolve an address literal: :class:`OutboundClient` checks those.)"""

    def __init__(self, policy: OutboundPolicy) -> None:
        self.policy = policy

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        wanted = {socket.AF_INET: 4, socket.AF_INET6: 6}.get(family)
        return [
            ResolveResult(
                hostname=host,
                host=str(ip),
                port=port,
                family=socket.AF_INET if ip.version == 4 else socket.AF_INET6,
                proto=0,
                flags=socket.AI_NUMERICHOST,
            )
            for ip in await self.policy.resolve(host)
            if wanted in (None, ip.version)
        ]

    async def close(self) -> None:
        return None


class OutboundClient:
    """POSTs to user-given http(s) URLs under a policy: to checked addresses only (pinned),
    following no redirect, through no proxy of the environment."""

    def __init__(self, policy: OutboundPolicy, timeout: float) -> None:
        self.policy = policy
        self._http = httpx.AsyncClient(
            transport=AiohttpTransport(resolver=PinningResolver(policy)),
            timeout=timeout,
            trust_env=False,
            follow_redirects=False,
        )

    async def post(self, url: str, *, content: bytes, headers: dict[str, str]) -> httpx.Response:
        """Raises :class:`RefusedDestinationError` (nothing sent) or ``httpx.HTTPError``."""
        _check_literal(url, self.policy)
        return await self._http.post(url, content=content, headers=headers)

    async def __aenter__(self) -> OutboundClient:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self._http.aclose()


@dataclass
class Sandbox:
    """The policy of a :func:`sandbox`, and the hosts it refused there."""

    policy: OutboundPolicy
    refused: list[str] = field(default_factory=list)


_sandbox: ContextVar[Sandbox | None] = ContextVar("outbound_sandbox", default=None)


def _getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
    """``socket.getaddrinfo``; inside a :func:`sandbox`, the checked addresses only."""
    box = _sandbox.get()
    if box is None or host is None:
        return _system_getaddrinfo(host, port, *args, **kwargs)
    name = host.decode() if isinstance(host, bytes) else str(host)
    try:
        addresses = box.policy.addresses(name)
    except RefusedDestinationError:
        box.refused.append(name)
        raise socket.gaierror(socket.EAI_NONAME, "refused destination") from None
    out = []
    for ip in addresses:
        out.extend(_system_getaddrinfo(str(ip), port, *args, **kwargs))
    return out


@contextlib.contextmanager
def sandbox(policy: OutboundPolicy) -> Iterator[Sandbox]:
    """Within this context (and threads started with its context, e.g. ``asyncio.to_thread``)
    a blocking library connects only to addresses the policy allows, each hop of a redirect
    included. Libraries that resolve in C (``sock.connect((name, port))``) are not covered:
    check their host beforehand."""
    if socket.getaddrinfo is not _getaddrinfo:
        socket.getaddrinfo = _getaddrinfo
    box = Sandbox(policy)
    token = _sandbox.set(box)
    try:
        yield box
    finally:
        _sandbox.reset(token)
