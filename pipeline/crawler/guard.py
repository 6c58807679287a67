"""Where links found in untrusted feeds and pages may lead: public addresses only, checked when connecting.

The check runs in the network backend, on the addresses DNS returned, and the socket then connects to exactly the
address that was checked. A check on the URL alone would miss redirects and DNS answers that change between the
check and the connection (rebinding); this one holds for the first request and every redirect alike.
"""

from __future__ import annotations

import ipaddress
import socket
import typing
from collections.abc import Iterable

import httpcore
import httpx

BLOCKED_NETWORKS = tuple(
    ipaddress.ip_network(net)
    for net in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "224.0.0.0/4",
        "240.0.0.0/4",
        "::/128",
        "::1/128",
        "fc00::/7",
        "fe80::/10",
        "ff00::/8",
    )
)


class BlockedAddress(Exception):
    """A connection the guard refused; the message is the fetch log's reason."""


def blocked_reason(address: str) -> str | None:
    """Why `address` (an IP literal) must not be contacted, or None when it is a public address."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for network in BLOCKED_NETWORKS:
        if ip.version == network.version and ip in network:
            return f"blocked: {address} is a private, loopback, link-local or reserved address"
    return None


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return False
    return True


class AddressPolicy:
    """Public addresses only, except hosts the user configured (a source's own start URL host)."""

    def __init__(self, allowed_hosts: Iterable[str] = ()) -> None:
        self.allowed_hosts = {host.lower().strip("[]") for host in allowed_hosts}

    def allow(self, host: str) -> None:
        self.allowed_hosts.add(host.lower().strip("[]"))

    def addresses(self, host: str, port: int) -> list[str]:
        """The addresses to connect to for `host`, all of them checked; raises BlockedAddress otherwise."""
        host = host.lower().strip("[]")
        if host in self.allowed_hosts:
            return [host]
        if _is_ip(host):
            candidates = [host]
        else:
            try:
                infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            except (socket.gaierror, UnicodeError) as exc:
                raise httpcore.ConnectError(f"cannot resolve {host}") from exc
            candidates = list(dict.fromkeys(str(info[4][0]) for info in infos))
        for address in candidates:
            reason = blocked_reason(address)
            if reason:
                raise BlockedAddress(reason if address == host else f"{reason} ({host} resolves to it)")
        return candidates


class GuardedBackend(httpcore.SyncBackend):
    """httpcore's socket backend, connecting only to addresses the policy has checked."""

    def __init__(self, policy: AddressPolicy) -> None:
        self.policy = policy

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        error: httpcore.ConnectError | None = None
        for address in self.policy.addresses(host, port):
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                error = exc
        raise error or httpcore.ConnectError(f"no address for {host}")


def guarded_transport(policy: AddressPolicy, limits: httpx.Limits) -> httpx.HTTPTransport:
    """An httpx transport whose connections go through `GuardedBackend`.

    httpx does not take a network backend, so the transport's connection pool is swapped for an identical one
    that has it; pinned `httpx<1` keeps that private attribute where it is.
    """
    transport = httpx.HTTPTransport(limits=limits, trust_env=False)
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False),
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=GuardedBackend(policy),
    )
    return transport
