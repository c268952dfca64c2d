"""Fetching a public page or feed: the one path every command and route uses for a URL.

Bodies are read in chunks and refused past a size limit; errors are the
project's (``InvalidInput`` for a bad or too-large answer, ``SourceUnavailable``
for a network failure or an error status). Every call takes an injectable
``httpx.Client`` (tests serve pages from a local server).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from urllib.parse import urlsplit

import httpx

from .exc import InvalidInput, SourceUnavailable

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_TIMEOUT", "make_client", "fetch_bytes", "require_public_host"]

# The documented defaults of PROSCRIBED_NEWS_MAX_BYTES and PROSCRIBED_NEWS_TIMEOUT.
DEFAULT_MAX_BYTES = 10_000_000
DEFAULT_TIMEOUT = 20.0


def make_client(timeout: float = DEFAULT_TIMEOUT) -> httpx.Client:
    return httpx.Client(timeout=timeout, follow_redirects=True,
                        headers={"User-Agent": "proscribed/0.1 (+https://example.invalid)"})


def fetch_bytes(url: str, client: httpx.Client | None = None, *,
                max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[bytes, str]:
    """The body of ``url`` and its content type, read in chunks up to ``max_bytes``.

    Raises:
        InvalidInput: not an http(s) URL, or a body over the limit.
        SourceUnavailable: connection error, timeout, or an error status.
    """
    if not re.match(r"https?://", url):
        raise InvalidInput(f"not an http(s) URL: {url!r}")
    own = client is None
    c = client or make_client()
    try:
        with c.stream("GET", url) as resp:
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
                chunks.append(chunk)
            return b"".join(chunks), resp.headers.get("content-type", "")
    except httpx.HTTPError as err:
        raise SourceUnavailable(f"cannot fetch {url}: unreachable ({type(err).__name__}: {err})") from None
    finally:
        if own:
            c.close()


def require_public_host(url: str) -> None:
    """Refuse a URL whose host resolves to this machine or a private network (a server must not probe them)."""
    host = urlsplit(url).hostname
    if host is None:
        raise InvalidInput(f"not an http(s) URL: {url!r}")
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        raise InvalidInput(f"cannot resolve the host of {url!r}") from None
    for info in infos:
        ip = ipaddress.ip_address(info[4][0])
        if ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast:
            raise InvalidInput(f"refusing to fetch {url!r}: {ip} is not a public address")
