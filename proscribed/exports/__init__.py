"""Exports of the store: FollowTheMoney (validated), CSV, JSON Lines."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Literal

from ..exc import InvalidInput
from ..store import Store
from .tabular import CSV_COLUMNS, csv_lines, jsonl_lines

__all__ = ["FORMATS", "MEDIA_TYPES", "export_lines", "CSV_COLUMNS", "Format"]

Format = Literal["ftm", "csv", "jsonl"]
FORMATS: tuple[str, ...] = ("ftm", "csv", "jsonl")
MEDIA_TYPES = {"ftm": "application/x-ndjson", "csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson"}


def export_lines(store: Store, fmt: str, registry: str | None = None) -> Iterator[str]:
    """The export of every current entity (of one registry when given), as text chunks."""
    if fmt not in FORMATS:
        raise InvalidInput(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    known = store.registries()
    if registry is not None and registry not in {r.id for r in known}:
        raise InvalidInput(f"unknown registry {registry!r}; known: {', '.join(r.id for r in known)}")
    entities = store.entities(registry)
    if fmt == "csv":
        return csv_lines(entities, {r.id: r.source_url for r in known})
    if fmt == "jsonl":
        return jsonl_lines(entities)
    from .ftm import (
        store_proxies,  # FollowTheMoney's model takes a second to load: only for this format
    )

    proxies = store_proxies(entities, known, store.links())
    return (json.dumps(p, ensure_ascii=False, sort_keys=True) + "\n" for p in proxies)
