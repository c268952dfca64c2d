"""Atom feeds (RFC 4287) of registry changes: one per registry, one per entity."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

__all__ = ["atom_feed", "write_feeds"]

_NS = "http://www.w3.org/2005/Atom"
_TAG_BASE = "tag:proscribed,2026:"


def _title(change: dict[str, Any]) -> str:
    name = change.get("name") or change["entity_id"]
    kind = change["kind"]
    if kind in ("modified", "renamed") and change.get("field"):
        return f"{kind} ({change['field']}): {name}"
    return f"{kind}: {name}"


def _summary(change: dict[str, Any]) -> str:
    parts = [f"registry {change['registry']}"]
    for key in ("valid_on", "listed_on", "listing_order", "decision_date", "excluded_on", "exclusion_order"):
        if change.get(key):
            parts.append(f"{key.replace('_', ' ')} {change[key]}")
    if change.get("old") is not None or change.get("new") is not None:
        parts.append(f"{change.get('old')!r} → {change.get('new')!r}")
    return "; ".join(parts)


def atom_feed(feed_id: str, title: str, changes: list[dict[str, Any]], updated: str) -> bytes:
    """An Atom document with one entry per change, newest observation first."""
    ET.register_namespace("", _NS)
    feed = ET.Element(f"{{{_NS}}}feed")
    ET.SubElement(feed, f"{{{_NS}}}id").text = _TAG_BASE + feed_id
    ET.SubElement(feed, f"{{{_NS}}}title").text = title
    ET.SubElement(feed, f"{{{_NS}}}updated").text = updated
    author = ET.SubElement(feed, f"{{{_NS}}}author")
    ET.SubElement(author, f"{{{_NS}}}name").text = "Proscribed"
    for change in sorted(changes, key=lambda c: (c["observed_at"], c["id"] or 0), reverse=True):
        entry = ET.SubElement(feed, f"{{{_NS}}}entry")
        ET.SubElement(entry, f"{{{_NS}}}id").text = f"{_TAG_BASE}change:{change['id']}"
        ET.SubElement(entry, f"{{{_NS}}}title").text = _title(change)
        ET.SubElement(entry, f"{{{_NS}}}updated").text = change["observed_at"]
        ET.SubElement(entry, f"{{{_NS}}}category", term=change["kind"])
        ET.SubElement(entry, f"{{{_NS}}}summary").text = _summary(change)
    out: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return out


def write_feeds(out_dir: Path, per_registry: dict[str, list[dict[str, Any]]],
                per_entity: dict[str, list[dict[str, Any]]], titles: dict[str, str], updated: str) -> list[Path]:
    """Write ``<registry>.atom`` and ``entities/<id>.atom`` files atomically; returns the paths."""
    written = []
    for key, changes in per_registry.items():
        written.append(_write(out_dir / f"{key}.atom",
                              atom_feed(f"registry:{key}", f"Proscribed: changes to {titles.get(key, key)}",
                                        changes, updated)))
    for key, changes in per_entity.items():
        name = next((c.get("name") for c in changes if c.get("name")), key)
        written.append(_write(out_dir / "entities" / f"{key}.atom",
                              atom_feed(f"entity:{key}", f"Proscribed: changes to {name}", changes, updated)))
    return written


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)  # readers of the feed never see half a file
    return path
