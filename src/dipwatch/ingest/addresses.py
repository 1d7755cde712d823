"""The address policy: which IP addresses dipwatch may connect to, checked before every connection.

Only public (globally routable) addresses are allowed, unless the address is in
`allow_private_hosts` (CIDRs or host names) or it is an address of the feed itself (a feed
configured at 127.0.0.1 or on an intranet host may read pages from that host). Loopback,
private, link-local (cloud metadata), multicast, reserved and unspecified addresses are
refused, in IPv4 and IPv6, including IPv6 forms that embed an IPv4 address (IPv4-mapped,
IPv4-compatible, 6to4, Teredo, NAT64).

The check runs inside every new connection (redirects and robots.txt included): the httpcore
network backend of our clients resolves the host, keeps only the addresses the policy allows
and connects to one of those, so the address checked is the address connected to (no DNS
rebinding between check and connect). TLS still verifies the host name (SNI is the name).
Clients are made per policy, so a connection is only ever reused under the policy that
checked it. With an explicit transport httpx ignores HTTP(S)_PROXY: dipwatch connects
directly.

`resolve_host` and `dial_address` are the seams tests replace: no test reaches an address
other than 127.0.0.1.
"""

from __future__ import annotations

import contextvars
import functools
import ipaddress
import socket
import ssl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import anyio.to_thread
import httpcore
import httpx

from dipwatch.ingest.http import PermanentError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

ALLOW_VARIABLE = "DIPWATCH_ALLOW_PRIVATE_HOSTS"
# the well-known NAT64 prefix carries the IPv4 address in its last 32 bits; other translation
# prefixes (64:ff9b:1::/48, ::ffff:0:0:0/96) count as reserved themselves: refused
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"),)


class AddressRefused(PermanentError):
    """A connection the address policy forbids: final, never retried."""


# --- the seams tests replace ---------------------------------------------------------------------


def resolve_host(host: str) -> list[str]:
    """The addresses of a host name, from the system resolver (raises socket.gaierror)."""
    found: list[str] = []
    for *_, sockaddr in socket.getaddrinfo(host, None, type=socket.SOCK_STREAM):
        if sockaddr[0] not in found:
            found.append(str(sockaddr[0]))
    return found


def dial_address(address: str, port: int) -> tuple[str, int]:
    """Where a connection to a checked address goes: there (tests map test addresses to 127.0.0.1)."""
    return address, port


# --- classification ------------------------------------------------------------------------------


def embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, compatible, 6to4, Teredo, NAT64), if any."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    packed = int(ip)
    if any(ip in net for net in _NAT64) or (packed >> 32 == 0 and packed > 1):  # ::a.b.c.d
        return ipaddress.IPv4Address(packed & 0xFFFFFFFF)
    return None


def non_public_kind(ip: IPAddress) -> str | None:
    """Why an address is not public ("loopback", "private", ...); None when it is public."""
    inner = embedded_ipv4(ip)
    if inner is not None:
        return non_public_kind(inner)
    checks = (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
        ("private", ip.is_private),
        ("non-public", not ip.is_global),
    )
    return next((kind for kind, hit in checks if hit), None)


def ip_literal(host: str) -> IPAddress | None:
    """The address a host that is an IP literal names ("[::1]" included); None for a name."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def _unbracket(item: str) -> str:
    return item.replace("[", "").replace("]", "")


def parse_allowed(text: str) -> tuple[tuple[IPNetwork, ...], frozenset[str]]:
    """`allow_private_hosts` ("10.0.0.0/8, intranet.example") as (networks, host names)."""
    networks: list[IPNetwork] = []
    hosts: set[str] = set()
    for item in text.replace(",", " ").split():
        try:
            networks.append(ipaddress.ip_network(_unbracket(item), strict=False))
        except ValueError:
            hosts.add(item.lower().rstrip("."))
    return tuple(networks), frozenset(hosts)


def check_allowed_hosts(text: str) -> str:
    """A valid `allow_private_hosts` value (ValueError naming the bad item otherwise)."""
    for item in text.replace(",", " ").split():
        name = item.rstrip(".")
        if "/" in item:
            try:
                ipaddress.ip_network(_unbracket(item), strict=False)
            except ValueError:
                raise ValueError(f"{item!r} is not a CIDR network") from None
        elif ip_literal(item) is None and not all(
            part and (part.replace("-", "").isalnum()) for part in name.split(".")
        ):
            raise ValueError(f"{item!r} is not an address or host name")
    return text


# --- the policy ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AddressPolicy:
    """Which addresses may be connected to: public ones, plus these networks and host names."""

    networks: tuple[IPNetwork, ...] = ()
    hosts: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def from_setting(cls, allow_private_hosts: str) -> AddressPolicy:
        """The policy of the `allow_private_hosts` setting."""
        return cls(*parse_allowed(allow_private_hosts))

    def for_feed(self, feed_url: str) -> AddressPolicy:
        """This policy, plus the non-public addresses of the feed's own host (if it has any)."""
        host = urlsplit(feed_url).hostname if "://" in feed_url else None
        if not host or self.allows_name(host):
            return self
        literal = ip_literal(host)
        try:
            found = [literal] if literal else [ipaddress.ip_address(a) for a in resolve_host(host)]
        except (OSError, ValueError):
            return self  # cannot resolve: the feed's own request fails on its own
        own = tuple(
            ipaddress.ip_network(ip) for ip in found if non_public_kind(ip) and not self.allows(ip)
        )
        return self if not own else AddressPolicy(self.networks + own, self.hosts)

    def allows_name(self, host: str) -> bool:
        """True for a host name listed in allow_private_hosts."""
        return host.lower().rstrip(".") in self.hosts

    def allows(self, ip: IPAddress) -> bool:
        """True for a public address, or one in an allowed network."""
        if non_public_kind(ip) is None:
            return True
        inner = embedded_ipv4(ip)
        return any(ip in net or (inner is not None and inner in net) for net in self.networks)

    def addresses(self, host: str) -> list[IPAddress]:
        """The addresses of `host` this policy lets us connect to; AddressRefused if none is.

        A host name is resolved (socket.gaierror when it does not resolve).
        """
        literal = ip_literal(host)
        found = [literal] if literal else [ipaddress.ip_address(a) for a in resolve_host(host)]
        if self.allows_name(host):
            return found
        allowed = [ip for ip in found if self.allows(ip)]
        if allowed:
            return allowed
        if not found:
            raise socket.gaierror(f"{host} has no address")
        raise AddressRefused(refusal(host, found[0], literal is not None))


def refusal(host: str, ip: IPAddress, literal: bool) -> str:
    """The one line for a refused address."""
    kind = non_public_kind(ip) or "non-public"
    inner = embedded_ipv4(ip)
    what = f"{ip} (which embeds {inner})" if inner is not None else str(ip)
    article = "an" if kind[0] in "aeiou" else "a"
    subject = (
        f"{what} is {article} {kind} address"
        if literal
        else (f"{host} resolves to {what}, {article} {kind} address")
    )
    return f"refused: {subject}; set {ALLOW_VARIABLE} to allow"


# --- deadlines: one per URL, over all its attempts (sync clients) --------------------------------

_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "dipwatch_deadline", default=None
)


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Every read and write of the sync guarded clients in this block ends `seconds` from now."""
    token = _deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def _bounded(timeout: float | None) -> float | None:
    end = _deadline.get()
    if end is None:
        return timeout
    left = end - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("deadline reached")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A stream whose reads and writes never wait past the current deadline."""

    def __init__(self, inner: httpcore.NetworkStream):
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _bounded(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _bounded(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None, timeout=None):
        return _DeadlineStream(
            self._inner.start_tls(ssl_context, server_hostname, _bounded(timeout))
        )

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


# --- the network backends: connect only to a checked address -------------------------------------


def checked_addresses(policy: AddressPolicy, host: str) -> list[IPAddress]:
    """`policy.addresses(host)`, a name that does not resolve as httpcore's ConnectError."""
    try:
        return policy.addresses(host)
    except socket.gaierror as exc:
        raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from None


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's sync backend, connecting only to addresses the policy allows."""

    def __init__(self, policy: AddressPolicy):
        self.policy = policy
        self._inner = httpcore.SyncBackend()

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        allowed = checked_addresses(self.policy, host)
        error: Exception | None = None
        for ip in allowed:
            target, target_port = dial_address(str(ip), port)
            try:
                stream = self._inner.connect_tcp(
                    target, target_port, _bounded(timeout), local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
                continue
            return _DeadlineStream(stream)
        raise error or httpcore.ConnectError(f"no address for {host}")

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise httpcore.ConnectError("unix sockets are not used")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class AsyncGuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's async (anyio) backend, connecting only to addresses the policy allows."""

    def __init__(self, policy: AddressPolicy):
        self.policy = policy
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        if ip_literal(host) is not None:
            allowed = checked_addresses(self.policy, host)
        else:  # the resolver blocks: a worker thread
            allowed = await anyio.to_thread.run_sync(checked_addresses, self.policy, host)
        error: Exception | None = None
        for ip in allowed:
            target, target_port = dial_address(str(ip), port)
            try:
                return await self._inner.connect_tcp(
                    target, target_port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        raise error or httpcore.ConnectError(f"no address for {host}")

    async def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise httpcore.ConnectError("unix sockets are not used")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def _install(transport: Any, backend: Any) -> Any:
    """Put the guarded backend into an httpx transport's connection pool (httpx has no option)."""
    pool = getattr(transport, "_pool", None)
    if not hasattr(pool, "_network_backend"):  # pragma: no cover - an httpx/httpcore change
        raise RuntimeError("httpx transport without a connection pool: cannot guard addresses")
    pool._network_backend = backend
    return transport


@functools.cache
def tls_context() -> ssl.SSLContext:
    """The certificate store every client verifies with, read once per process (reading it
    costs ~90 ms of CPU, and a refresh makes a client for every part of a batch)."""
    return httpx.create_ssl_context()


def guarded_transport(policy: AddressPolicy, limits: httpx.Limits) -> httpx.HTTPTransport:
    """A sync transport that connects only where the policy allows."""
    transport = httpx.HTTPTransport(limits=limits, verify=tls_context())
    return _install(transport, GuardedBackend(policy))


def async_guarded_transport(
    policy: AddressPolicy, limits: httpx.Limits
) -> httpx.AsyncHTTPTransport:
    """An async transport that connects only where the policy allows."""
    transport = httpx.AsyncHTTPTransport(limits=limits, verify=tls_context())
    return _install(transport, AsyncGuardedBackend(policy))
