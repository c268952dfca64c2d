"""Atom feeds (RFC 4287) of registry changes: one per registry, one per entity.

Each feed links to itself (``rel="self"``) and to its web page
(``rel="alternate"``); each entry links to the entity's page and carries its text
as ``content``. A feed's ``updated`` is the time of its newest change (or the
``fallback`` given for a feed with none), so fetching a feed twice gives the same
document, and its ETag and Last-Modified stay put until something changes.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Feed", "atom_feed", "write_feeds", "DEFAULT_BASE_URL"]

_NS = "http://www.w3.org/2005/Atom"
_TAG_BASE = "tag:proscribed,2026:"
# Where `proscribed serve` answers by default: the pages feeds written to files link to.
DEFAULT_BASE_URL = "http://127.0.0.1:8000"


@dataclass(frozen=True)
class Feed:
    """An Atom document with the facts HTTP caching needs."""

    body: bytes
    updated: str  # ISO 8601, the feed's <updated>
    etag: str  # a strong validator: the digest of the body


def _title(change: dict[str, Any]) -> str:
    name = change.get("name") or change["entity_id"]
    kind = change["kind"]
    if kind in ("modified", "renamed") and change.get("field"):
        return f"{kind} ({change['field']}): {name}"
    return f"{kind}: {name}"


def _text(change: dict[str, Any]) -> str:
    parts = [f"registry {change['registry']}"]
    for key in ("valid_on", "listed_on", "listing_order", "decision_date", "excluded_on", "exclusion_order"):
        if change.get(key):
            parts.append(f"{key.replace('_', ' ')} {change[key]}")
    old, new = change.get("old"), change.get("new")
    field = change.get("field") or "value"
    if old is not None and new is not None:
        parts.append(f"{field}: «{old}» → «{new}»")
    elif new is not None:
        parts.append(f"{field} set to «{new}»")
    elif old is not None:
        parts.append(f"{field} «{old}» removed")
    return "; ".join(parts)


def _link(parent: ET.Element, rel: str, href: str, mime: str) -> None:
    ET.SubElement(parent, f"{{{_NS}}}link", rel=rel, href=href, type=mime)


def atom_feed(feed_id: str, title: str, changes: list[dict[str, Any]], *, self_url: str, page_url: str,
              base_url: str, fallback: str) -> Feed:
    """An Atom document with one entry per change, newest observation first.

    Args:
        self_url: where the feed itself is served; page_url: the web page it follows.
        base_url: the web interface's root, for each entry's link to its entity's page.
        fallback: the feed's ``updated`` when it has no entry.
    """
    ET.register_namespace("", _NS)
    ordered = sorted(changes, key=lambda c: (c["observed_at"], c["id"] or 0), reverse=True)
    updated = ordered[0]["observed_at"] if ordered else fallback
    feed = ET.Element(f"{{{_NS}}}feed")
    ET.SubElement(feed, f"{{{_NS}}}id").text = _TAG_BASE + feed_id
    ET.SubElement(feed, f"{{{_NS}}}title").text = title
    ET.SubElement(feed, f"{{{_NS}}}updated").text = updated
    _link(feed, "self", self_url, "application/atom+xml")
    _link(feed, "alternate", page_url, "text/html")
    author = ET.SubElement(feed, f"{{{_NS}}}author")
    ET.SubElement(author, f"{{{_NS}}}name").text = "Proscribed"
    for change in ordered:
        entry = ET.SubElement(feed, f"{{{_NS}}}entry")
        ET.SubElement(entry, f"{{{_NS}}}id").text = f"{_TAG_BASE}change:{change['id']}"
        ET.SubElement(entry, f"{{{_NS}}}title").text = _title(change)
        ET.SubElement(entry, f"{{{_NS}}}updated").text = change["observed_at"]
        _link(entry, "alternate", f"{base_url}/entities/{change['entity_id']}", "text/html")
        ET.SubElement(entry, f"{{{_NS}}}category", term=change["kind"])
        ET.SubElement(entry, f"{{{_NS}}}content", type="text").text = _text(change)
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return Feed(body, updated, '"' + hashlib.sha256(body).hexdigest()[:32] + '"')


def write_feeds(out_dir: Path, per_registry: dict[str, list[dict[str, Any]]],
                per_entity: dict[str, list[dict[str, Any]]], titles: dict[str, str], updated: str,
                base_url: str = DEFAULT_BASE_URL) -> list[Path]:
    """Write ``<registry>.atom`` and ``entities/<id>.atom`` files atomically; returns the paths.

    ``updated`` stands for a feed without changes; the links point at the web
    interface under ``base_url``, where the same feeds are served.
    """
    written = []
    for key, changes in per_registry.items():
        feed = atom_feed(f"registry:{key}", f"Proscribed: changes to {titles.get(key, key)}", changes,
                         self_url=f"{base_url}/api/feeds/{key}.atom", page_url=f"{base_url}/registries/{key}",
                         base_url=base_url, fallback=updated)
        written.append(_write(out_dir / f"{key}.atom", feed.body))
    for key, changes in per_entity.items():
        name = next((c.get("name") for c in changes if c.get("name")), key)
        feed = atom_feed(f"entity:{key}", f"Proscribed: changes to {name}", changes,
                         self_url=f"{base_url}/api/feeds/entities/{key}.atom", page_url=f"{base_url}/entities/{key}",
                         base_url=base_url, fallback=updated)
        written.append(_write(out_dir / "entities" / f"{key}.atom", feed.body))
    return written


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)  # readers of the feed never see half a file
    return path
