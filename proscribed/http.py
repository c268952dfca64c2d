"""Fetching a public page or feed: the one path every command and route uses for a URL.

Bodies are read in chunks and refused past a size limit and past a total
deadline (a server that drips one byte at a time never trips the per-read
timeout); errors are the project's (``InvalidInput`` for a bad or too-large
answer, ``SourceUnavailable`` for a network failure, an error status or the
deadline). Redirects are followed here, one hop at a time, so that a ``guard``
(what a server fetching for others passes: :func:`require_public_host`) sees
every hop: a public page that redirects to ``http://127.0.0.1/`` must not hand
the server's own services to a caller. Every call takes an injectable
``httpx.Client`` (tests serve pages from a local server).
"""

from __future__ import annotations

import ipaddress
import re
import socket
import time
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

import httpx

from .exc import InvalidInput, SourceUnavailable

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_TIMEOUT", "MAX_REDIRECTS", "make_client", "fetch_bytes",
           "require_public_host"]

# The documented defaults of PROSCRIBED_NEWS_MAX_BYTES and PROSCRIBED_NEWS_TIMEOUT.
DEFAULT_MAX_BYTES = 10_000_000
DEFAULT_TIMEOUT = 20.0
# Hops followed before giving up (browsers allow about 20; a page needs one or two).
MAX_REDIRECTS = 10
# A whole fetch (every hop and the body) gets this many per-read timeouts at most.
_DEADLINE_READS = 3

Guard = Callable[[str], None]


def make_client(timeout: float = DEFAULT_TIMEOUT) -> httpx.Client:
    # Redirects are followed by fetch_bytes (each hop checked), never by the client.
    return httpx.Client(timeout=timeout, follow_redirects=False,
                        headers={"User-Agent": "proscribed/0.1 (+https://example.invalid)"})


def _timeout_of(client: httpx.Client) -> float:
    read = client.timeout.read
    return DEFAULT_TIMEOUT if read is None else read


def fetch_bytes(url: str, client: httpx.Client | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES,
                guard: Guard | None = None, deadline: float | None = None) -> tuple[bytes, str]:
    """The body of ``url`` and its content type, read in chunks up to ``max_bytes``.

    Args:
        guard: called with the URL of every hop (the first and each redirect) before it is
            requested; raises to refuse it.
        deadline: seconds the whole fetch may take (default: three of the client's read timeouts).

    Raises:
        InvalidInput: not an http(s) URL (at any hop), a hop the guard refuses, too many
            redirects, or a body over the limit.
        SourceUnavailable: connection error, timeout, the deadline, or an error status.
    """
    own = client is None
    c = client or make_client()
    ends = time.monotonic() + (deadline if deadline is not None else _DEADLINE_READS * _timeout_of(c))
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            if not re.match(r"https?://", url):
                raise InvalidInput(f"not an http(s) URL: {url!r}")
            if guard is not None:
                guard(url)
            fetched = _get(c, url, max_bytes, ends)
            if isinstance(fetched, str):
                url = fetched
                continue
            return fetched
        raise InvalidInput(f"{url}: more than {MAX_REDIRECTS} redirects")
    finally:
        if own:
            c.close()


def _get(c: httpx.Client, url: str, max_bytes: int, ends: float) -> tuple[bytes, str] | str:
    """One hop: the body and content type, or the absolute URL a redirect points to."""
    try:
        with c.stream("GET", url, follow_redirects=False) as resp:
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
            size = 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise InvalidInput(f"{url} is too large (more than {max_bytes} bytes)")
                if time.monotonic() > ends:
                    raise SourceUnavailable(f"cannot fetch {url}: the whole fetch took too long "
                                            f"({size} bytes read when the deadline passed)")
                chunks.append(chunk)
            ctype: str = resp.headers.get("content-type", "")
            return b"".join(chunks), ctype
    except httpx.HTTPError as err:
        raise SourceUnavailable(f"cannot fetch {url}: unreachable ({type(err).__name__}: {err})") from None


def _not_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return _not_public(ip.ipv4_mapped)  # ::ffff:127.0.0.1 is loopback too
    # is_private covers 10/8, 172.16/12, 192.168/16, fc00::/7 and 169.254.169.254 (cloud metadata)
    # sits in the link-local range; unspecified (0.0.0.0) reaches this machine on Linux.
    return (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast
            or ip.is_unspecified)


def require_public_host(url: str) -> None:
    """Refuse a URL whose host resolves to this machine or a private network (a server must not probe them).

    Every address the host resolves to must be public: a name with one public and one
    loopback address could be connected either way.
    """
    host = urlsplit(url).hostname
    if host is None:
        raise InvalidInput(f"not an http(s) URL: {url!r}")
    try:
        infos = socket.getaddrinfo(host, None)
    except (OSError, UnicodeError):
        raise InvalidInput(f"cannot resolve the host of {url!r}") from None
    for info in infos:
        ip = ipaddress.ip_address(info[4][0])
        if _not_public(ip):
            raise InvalidInput(f"refusing to fetch {url!r}: {ip} is not a public address")
