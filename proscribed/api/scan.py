"""Scan a posted text or a web page for mentions of registry entities.

The scanner (``proscribed.scan``) finds each mention with its entity and status;
``scan_text`` adds the text cut into segments, so a page can highlight mentions
without any logic in the template. A URL is fetched with the news pipeline's
reader (main text of the page, size-limited); addresses on this machine or a
private network are refused, so the server cannot be made to probe them.
"""

from __future__ import annotations

import ipaddress
import socket
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from ..exc import InvalidInput
from ..queries import parse_date
from ..scan import Scanner, build_scanner
from ..store import Store
from .context import AppContext, Snapshot
from .deps import context

__all__ = ["router", "scan_text", "scan_url", "scanner_of", "MAX_TEXT", "ScanIn"]

router = APIRouter(prefix="/api", tags=["scan"])
MAX_TEXT = 200_000


class ScanIn(BaseModel):
    text: str | None = Field(None, max_length=MAX_TEXT, examples=["Генпрокуратура признала нежелательной Meduza."])
    url: str | None = Field(None, max_length=2000, examples=[None])
    published: str | None = Field(None, description="The document's date (YYYY-MM-DD): status as of then.")


def scanner_of(store: Store, snap: Snapshot) -> Scanner:
    built: Scanner = snap.memo("scanner", float("inf"), lambda: build_scanner(store))
    return built


def _segments(text: str, mentions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The text cut at the mentions: ``{"text"}`` and ``{"text", "mention": i}`` pieces, in order."""
    out: list[dict[str, Any]] = []
    at = 0
    for i, m in sorted(enumerate(mentions), key=lambda im: (im[1]["start"], -im[1]["end"])):
        if m["start"] < at:
            continue  # overlaps a mention already highlighted
        if m["start"] > at:
            out.append({"text": text[at:m["start"]]})
        out.append({"text": text[m["start"]:m["end"]], "mention": i})
        at = m["end"]
    if at < len(text):
        out.append({"text": text[at:]})
    return out


def scan_text(store: Store, snap: Snapshot, text: str, *, published: date | None = None,
              source: str | None = None) -> dict[str, Any]:
    """Mentions in ``text`` and the text in segments for highlighting."""
    if not text.strip():
        raise InvalidInput("nothing to scan: give a text or a URL")
    if len(text) > MAX_TEXT:
        raise InvalidInput(f"text too long ({len(text)} characters; at most {MAX_TEXT})")
    mentions = scanner_of(store, snap).scan(text, published=published)
    return {"source": source, "published": published.isoformat() if published else None, "text": text,
            "mentions": mentions, "segments": _segments(text, mentions),
            "entities": len({m["id"] for m in mentions})}


def _public_host(url: str) -> None:
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


def scan_url(ctx: AppContext, store: Store, snap: Snapshot, url: str,
             published: date | None = None) -> dict[str, Any]:
    """Fetch a page (its main text) and scan it."""
    from ..news.ingest import fetch_article

    if not url.startswith(("http://", "https://")):
        raise InvalidInput(f"not an http(s) URL: {url!r}")
    client = ctx.http_client
    if client is None:
        _public_host(url)
    article = fetch_article(url, client)
    return scan_text(store, snap, article.text, published=published or article.published, source=url)


def run_scan(request: Request, body: ScanIn) -> dict[str, Any]:
    ctx = context(request)
    store, snap = ctx.store(), ctx.snapshot()
    published = parse_date(body.published) if body.published else None
    if body.url and body.url.strip():
        return scan_url(ctx, store, snap, body.url.strip(), published)
    return scan_text(store, snap, body.text or "", published=published)


@router.post("/scan", summary="Mentions of registry entities in a posted text or a web page")
def scan(request: Request, body: ScanIn) -> dict[str, Any]:
    """Give ``text`` or ``url``; each mention has its span, entity, registry, status and strength."""
    return run_scan(request, body)
