"""The in-memory view of the current data: entities, their screening index, the registries, derived values.

A long-running process (the server) keeps one and replaces it when the store's
content changes; views and scans read from it instead of the store, so that a
request answered from it needs no query of the store.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..matching import ScreeningIndex
from ..matching.cache import load_index
from ..model import Entity, Registry
from ..store import Store

__all__ = ["Snapshot", "content_key", "take_snapshot"]


@dataclass
class Snapshot:
    """The current entities and their screening index, as of one content key."""

    key: str
    index: ScreeningIndex
    by_id: dict[str, Entity] = field(default_factory=dict)
    registries: list[Registry] = field(default_factory=list)  # in registry order
    _memo: dict[str, tuple[float, Any]] = field(default_factory=dict)

    @property
    def entities(self) -> list[Entity]:
        return self.index.entities

    def memo(self, name: str, ttl: float, build: Callable[[], Any]) -> Any:
        """A value derived from this snapshot, rebuilt after ``ttl`` seconds (freshness facts change)."""
        now = time.monotonic()
        found = self._memo.get(name)
        if found is not None and now - found[0] < ttl:
            return found[1]
        value = build()
        self._memo[name] = (now, value)
        return value


def content_key(store: Store) -> str:
    """Changes whenever the data does: the newest version and the curated names' digest."""
    newest = store.versions()[:1]
    return f"{newest[0].id if newest else 0}:{store.get_meta('curated_digest')}"


def take_snapshot(store: Store, key: str | None = None) -> Snapshot:
    index = load_index(store)
    return Snapshot(key or content_key(store), index, {e.id: e for e in index.entities}, store.registries())
