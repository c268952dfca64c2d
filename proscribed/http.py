"""Fetching a public page, feed or webhook receiver: the one guarded client every outbound request uses.

Bodies are read in chunks and refused past a size limit and past a total
deadline (a server that drips one byte at a time never trips the per-read
timeout); errors are the project's (``InvalidInput`` for a bad or too-large
answer or a refused address, ``SourceUnavailable`` for a network failure, an
error status or the deadline).

A server fetching for others (``public_only``) must not hand them its own
machine or network: a public page that redirects to ``http://127.0.0.1/``, or a
name that resolves to a private address. Two checks see to it:

* every hop's URL (the first and each redirect, followed here one at a time) is
  resolved and refused if any address is not public (this is what protects a
  client that goes through a proxy, which connects for us);
* the client of :func:`make_client` resolves each host once when it connects,
  checks every address, and connects to one of the addresses it checked: a
  name that answers a public address to the check and a loopback one to the
  connection (DNS rebinding) has no second answer to give.

Every call takes an injectable ``httpx.Client`` (tests serve pages from a local server).
"""

from __future__ import annotations

import ipaddress
import re
import socket
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from .exc import InvalidInput, SourceUnavailable

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_TIMEOUT", "MAX_REDIRECTS", "Resolver", "make_client", "fetch_bytes",
           "require_public_host", "checked_addresses"]

# The documented defaults of PROSCRIBED_NEWS_MAX_BYTES and PROSCRIBED_NEWS_TIMEOUT.
DEFAULT_MAX_BYTES = 10_000_000
DEFAULT_TIMEOUT = 20.0
# Hops followed before giving up (browsers allow about 20; a page needs one or two).
MAX_REDIRECTS = 10
# A whole fetch (every hop and the body) gets this many per-read timeouts at most.
_DEADLINE_READS = 3

# host, port -> the addresses to try, as socket.getaddrinfo answers (tests give their own names).
Resolver = Callable[[str, int], Sequence[tuple[Any, ...]]]


def _system_resolver(host: str, port: int) -> Sequence[tuple[Any, ...]]:
    return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)


def _not_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return _not_public(ip.ipv4_mapped)  # ::ffff:127.0.0.1 is loopback too
    # is_private covers 10/8, 172.16/12, 192.168/16, fc00::/7; 169.254.169.254 (cloud metadata) is
    # link-local; 0.0.0.0 reaches this machine on Linux; not is_global adds shared space (100.64/10).
    return (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast
            or ip.is_unspecified or not ip.is_global)


def checked_addresses(host: str, port: int, *, allow_private: bool = False,
                      resolve: Resolver = _system_resolver) -> list[str]:
    """The addresses ``host`` resolves to, each checked: all must be public unless ``allow_private``.

    Every address must pass, not only the first: a name with one public and one loopback
    address could be connected either way.

    Raises:
        InvalidInput: the host does not resolve, or an address is not public.
    """
    try:
        infos = resolve(host.strip("[]"), port)
    except (OSError, UnicodeError):
        raise InvalidInput(f"cannot resolve the host {host!r}") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise InvalidInput(f"cannot resolve the host {host!r}")
    if not allow_private:
        for address in addresses:
            if _not_public(ipaddress.ip_address(address.split("%")[0])):
                raise InvalidInput(f"refusing to connect to {host!r}: {address} is not a public address")
    return addresses


def require_public_host(url: str, resolve: Resolver = _system_resolver) -> None:
    """Refuse a URL whose host resolves to this machine or a private network (a server must not probe them)."""
    parts = urlsplit(url)
    if parts.hostname is None:
        raise InvalidInput(f"not an http(s) URL: {url!r}")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise InvalidInput(f"not a valid port in {url!r}") from None
    try:
        checked_addresses(parts.hostname, port, resolve=resolve)
    except InvalidInput as err:
        raise InvalidInput(f"refusing to fetch {url!r}: {str(err).rpartition(': ')[2]}") from None


class _CheckedBackend(httpcore.SyncBackend):
    """Connects only to addresses it resolved and checked itself (httpcore keeps the host name for TLS)."""

    def __init__(self, allow_private: bool, resolve: Resolver) -> None:
        self._allow_private = allow_private
        self._resolve = resolve

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        addresses = checked_addresses(host, port, allow_private=self._allow_private, resolve=self._resolve)
        failure: Exception | None = None
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout=timeout, local_address=local_address,
                                           socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as err:
                failure = err
        assert failure is not None  # checked_addresses never answers an empty list
        raise failure


def make_client(timeout: float = DEFAULT_TIMEOUT, *, public_only: bool = False,
                resolve: Resolver = _system_resolver) -> httpx.Client:
    """The guarded client: each connection goes to an address resolved and checked when connecting.

    Args:
        timeout: seconds to connect, and to wait for each read.
        public_only: refuse private, loopback, link-local and metadata addresses (what a server
            fetching for others, or delivering webhooks to URLs others gave, needs).
        resolve: how host names become addresses (tests give names of their own).
    """
    # Proxies from the environment would connect in our place and skip the check: not read.
    transport = httpx.HTTPTransport(trust_env=False)
    # httpx builds its connection pool without a way to pass a network backend: rebuild it with ours.
    transport._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(),
                                              network_backend=_CheckedBackend(not public_only, resolve))
    # Redirects are followed by fetch_bytes (each hop checked), never by the client.
    return httpx.Client(transport=transport, timeout=timeout, follow_redirects=False, trust_env=False,
                        headers={"User-Agent": "proscribed/0.1 (+https://example.invalid)"})


def _timeout_of(client: httpx.Client) -> float:
    read = client.timeout.read
    return DEFAULT_TIMEOUT if read is None else read


def fetch_bytes(url: str, client: httpx.Client | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES,
                public_only: bool = False, deadline: float | None = None) -> tuple[bytes, str]:
    """The body of ``url`` and its content type, read in chunks up to ``max_bytes``.

    Args:
        client: the client to fetch with (not closed); by default a :func:`make_client` one.
        public_only: refuse a hop (the first or a redirect) whose host is not public; the
            client made here also checks the address it connects to.
        deadline: seconds the whole fetch may take (default: three of the client's read timeouts).

    Raises:
        InvalidInput: not an http(s) URL (at any hop), a refused address, too many
            redirects, or a body over the limit.
        SourceUnavailable: connection error, timeout, the deadline, or an error status.
    """
    own = client is None
    c = client or make_client(public_only=public_only)
    ends = time.monotonic() + (deadline if deadline is not None else _DEADLINE_READS * _timeout_of(c))
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            if not re.match(r"https?://", url):
                raise InvalidInput(f"not an http(s) URL: {url!r}")
            if public_only:
                require_public_host(url)
            fetched = _get(c, url, max_bytes, ends)
            if isinstance(fetched, str):
                url = fetched
                continue
            return fetched
        raise InvalidInput(f"{url}: more than {MAX_REDIRECTS} redirects")
    finally:
        if own:
            c.close()


def _too_long(url: str, size: int) -> SourceUnavailable:
    return SourceUnavailable(f"cannot fetch {url}: the whole fetch took too long "
                             f"({size} bytes read when the deadline passed)")


def _get(c: httpx.Client, url: str, max_bytes: int, ends: float) -> tuple[bytes, str] | str:
    """One hop: the body and content type, or the absolute URL a redirect points to."""
    left = ends - time.monotonic()
    if left <= 0:
        raise _too_long(url, 0)
    size = 0
    try:
        # No single wait may outlast the whole fetch's deadline.
        with c.stream("GET", url, follow_redirects=False, timeout=min(_timeout_of(c), left)) as resp:
            if resp.is_redirect:
                location: str = resp.headers.get("location", "")
                if not location:
                    raise SourceUnavailable(f"{url} answered HTTP {resp.status_code} without a Location")
                return urljoin(url, location)
            if resp.status_code >= 400:
                raise SourceUnavailable(f"{url} answered HTTP {resp.status_code}")
            length = resp.headers.get("content-length")
            if length is not None and length.isdigit() and int(length) > max_bytes:
                raise InvalidInput(f"{url} is too large ({int(length)} bytes; at most {max_bytes})")
            chunks = []
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise InvalidInput(f"{url} is too large (more than {max_bytes} bytes)")
                if time.monotonic() > ends:
                    raise _too_long(url, size)
                chunks.append(chunk)
            ctype: str = resp.headers.get("content-type", "")
            return b"".join(chunks), ctype
    except httpx.HTTPError as err:
        if time.monotonic() > ends:
            raise _too_long(url, size) from None
        raise SourceUnavailable(f"cannot fetch {url}: unreachable ({type(err).__name__}: {err})") from None
