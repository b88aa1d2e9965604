"""The watcher's connections: only to public addresses (no SSRF), and never longer than the request's deadline.

A feed is untrusted input: its entry links, and the redirects of any answer, could point the watcher at the
machine it runs on (``127.0.0.1``, ``[::1]``), the local network (``10.0.0.0/8``, ``192.168.0.0/16``, ...) or
a cloud's metadata service (``169.254.169.254``), and the page would be stored as an article. So every
connection goes through :class:`GuardedBackend`, an httpcore network backend that resolves the host itself,
refuses any address that is not public, and connects to the address it checked — a name that resolves to a
public address when asked and to ``127.0.0.1`` a moment later (DNS rebinding) still cannot get through,
because the address connected to is the one checked. IPv4-mapped (``::ffff:127.0.0.1``), 6to4 and NAT64
IPv6 addresses are checked as the IPv4 address they carry.

Hosts the user names are let through (:class:`AddressPolicy`: ``--allow-host`` names, IP addresses or
networks; the watcher also allows the hosts of the feeds and of the webhook the user listed).

The same backend enforces a deadline per request: each socket read, write and connect waits at most until
``deadline`` (set by the :class:`~newstrace.watch.fetch.Fetcher` for each request), so a server that trickles
its headers one byte at a time cannot hold a request past its timeout.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import httpcore
import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class AddressRefused(httpcore.ConnectError):
    """A connection refused because the host's address is not public (and the host is not allowed)."""


def embedded_ipv4(ip: IPAddress) -> IPAddress:
    """The IPv4 address an IPv6 address carries (IPv4-mapped, 6to4, NAT64), else ``ip`` itself."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip.sixtofour is not None:
            return ip.sixtofour
        if ip in _NAT64:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip


def is_public(ip: IPAddress) -> bool:
    """Whether ``ip`` is a public unicast address: not loopback, private, link-local, shared (CGNAT),
    multicast, reserved, unspecified or documentation — IPv4 and IPv6, and the IPv4 inside an IPv6 address."""
    ip = embedded_ipv4(ip)
    return ip.is_global and not (
        ip.is_multicast or ip.is_reserved or ip.is_loopback or ip.is_link_local or ip.is_unspecified
        or (isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local)
    )


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """Which hosts may be connected to: public addresses, plus ``hosts`` (names, compared case-insensitively)
    and ``networks`` (IP addresses or networks) the user allowed. ``public_only=False`` allows everything."""

    hosts: frozenset[str] = frozenset()
    networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    public_only: bool = True

    @classmethod
    def allowing(cls, entries: Iterable[str], *, public_only: bool = True) -> AddressPolicy:
        """A policy from ``--allow-host`` values: ``intranet.example``, ``10.0.0.5``, ``10.0.0.0/8``, ``::1``."""
        hosts, networks = set(), []
        for entry in entries:
            entry = entry.strip().strip("[]").lower()
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                hosts.add(entry.rstrip("."))
        return cls(frozenset(hosts), tuple(networks), public_only)

    def with_hosts(self, hosts: Iterable[str]) -> AddressPolicy:
        more = AddressPolicy.allowing(hosts)
        return AddressPolicy(self.hosts | more.hosts, self.networks + more.networks, self.public_only)

    def host_allowed(self, host: str) -> bool:
        return not self.public_only or host.lower().rstrip(".") in self.hosts

    def address_allowed(self, ip: IPAddress) -> bool:
        if is_public(ip):
            return True
        return any(ip.version == n.version and ip in n for n in self.networks) or any(
            embedded_ipv4(ip) in n for n in self.networks if n.version == 4
        )


@dataclass
class _Deadline(threading.local):
    at: float | None = None


@dataclass
class GuardedBackend(httpcore.NetworkBackend):
    """An httpcore network backend that connects only where ``policy`` allows and stops at the deadline."""

    policy: AddressPolicy = field(default_factory=AddressPolicy)
    deadline: _Deadline = field(default_factory=_Deadline)
    resolve: Any = socket.getaddrinfo  #: replaceable in tests (a name that resolves to a private address)

    def remaining(self, timeout: float | None) -> float | None:
        """``timeout`` shortened to what is left before the deadline; raises when nothing is left."""
        at = self.deadline.at
        if at is None:
            return timeout
        left = at - time.monotonic()
        if left <= 0:
            raise httpcore.ReadTimeout("the request's deadline passed")
        return left if timeout is None else min(timeout, left)

    def connect_tcp(
        self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        timeout = self.remaining(timeout)
        trusted = self.policy.host_allowed(host)
        try:
            infos = self.resolve(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as err:
            raise httpcore.ConnectError(f"cannot resolve {host}: {err}") from err
        refused: list[str] = []
        last: OSError | None = None
        for family, kind, proto, _, sockaddr in infos:
            ip = ipaddress.ip_address(sockaddr[0].split("%", 1)[0])
            if not trusted and not self.policy.address_allowed(ip):
                refused.append(str(ip))
                continue
            sock = socket.socket(family, kind, proto)
            try:
                sock.settimeout(timeout)
                if local_address is not None:
                    sock.bind((local_address, 0))
                for option in socket_options or ():
                    sock.setsockopt(*option)
                sock.connect(sockaddr)  # the address just checked: no second look-up to rebind
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except TimeoutError as err:
                sock.close()
                raise httpcore.ConnectTimeout(str(err)) from err
            except OSError as err:
                sock.close()
                last = err
                continue
            return _GuardedStream(_sync_stream(sock), self)
        if refused and last is None:
            addresses = ", ".join(sorted(set(refused)))
            where = host if addresses == host.strip("[]") else f"{host} ({addresses})"
            raise AddressRefused(
                f"refused {where}: not a public address (a feed may not lead the watcher to this machine or its "
                f"network; to allow it: --allow-host {host.strip('[]')})"
            )
        raise httpcore.ConnectError(str(last) if last else f"cannot resolve {host}")

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("the watcher does not connect to Unix sockets")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


def _sync_stream(sock: socket.socket) -> httpcore.NetworkStream:
    from httpcore._backends.sync import SyncStream

    return SyncStream(sock)


class _GuardedStream(httpcore.NetworkStream):
    """A stream whose every wait ends at the request's deadline."""

    def __init__(self, inner: httpcore.NetworkStream, backend: GuardedBackend) -> None:
        self.inner = inner
        self.backend = backend

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.inner.read(max_bytes, self.backend.remaining(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.inner.write(buffer, self.backend.remaining(timeout))

    def close(self) -> None:
        self.inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        inner = self.inner.start_tls(ssl_context, server_hostname, self.backend.remaining(timeout))
        return _GuardedStream(inner, self.backend)

    def get_extra_info(self, info: str) -> Any:
        return self.inner.get_extra_info(info)


def guarded_transport(backend: GuardedBackend) -> httpx.HTTPTransport:
    """An httpx transport whose connections go through ``backend`` (no proxies: a proxy would be the only
    address checked)."""
    transport = httpx.HTTPTransport()
    transport._pool = httpcore.ConnectionPool(ssl_context=transport._pool._ssl_context, network_backend=backend)
    return transport
