"""What every request shares: settings, one store per worker thread, the screening snapshot.

SQLite connections are pooled per thread (readers); writes go through one lock
(one writer, habit 4). The screening index is built once and kept in memory;
it is replaced when the store's content changes (an update applied by this or
another process), checked at most every few seconds.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from .. import settings
from ..matching import ScreeningIndex
from ..matching.cache import load_index
from ..model import Entity
from ..store import Store, open_store
from ..store.sqlite import SQLiteStore

__all__ = ["AppSettings", "AppContext", "Snapshot"]

_RECHECK_SECONDS = 3.0


@dataclass(frozen=True)
class AppSettings:
    """The server's configuration; :meth:`from_env` reads the ``PROSCRIBED_*`` settings."""

    db_path: Path
    api_token: str | None = None
    max_body: int = 1_000_000
    timeout: float = 20.0
    match_threshold: float = 0.8

    @classmethod
    def from_env(cls) -> AppSettings:
        return cls(db_path=settings.db_path(), api_token=settings.api_token(), max_body=settings.api_max_body(),
                   timeout=settings.api_timeout(), match_threshold=settings.match_threshold())


@dataclass
class Snapshot:
    """The current entities and their screening index, as of one content key."""

    key: str
    index: ScreeningIndex
    by_id: dict[str, Entity] = field(default_factory=dict)
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


def _content_key(store: Store) -> str:
    newest = store.versions()[:1]
    return f"{newest[0].id if newest else 0}:{store.get_meta('curated_digest')}"


class AppContext:
    """Per-application state; created by ``create_app``, closed on shutdown."""

    def __init__(self, config: AppSettings) -> None:
        self.config = config
        # Outgoing HTTP (scanning a URL): None = a client per request; tests inject a mock transport.
        self.http_client: httpx.Client | None = None
        self.write_lock = threading.Lock()
        self._local = threading.local()
        self._stores: list[Store] = []
        self._stores_lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._checked_at = 0.0
        self._snapshot_lock = threading.Lock()
        # The first open fills a new store from the bundled data (and migrates an old one).
        first = open_store(config.db_path)
        self._local.store = first
        self._stores.append(first)

    def store(self) -> Store:
        """This thread's connection to the store."""
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = SQLiteStore(self.config.db_path)
            self._local.store = store
            with self._stores_lock:
                self._stores.append(store)
        return store

    @contextmanager
    def writing(self) -> Iterator[Store]:
        """The store, for one write operation at a time; the snapshot is refreshed after."""
        with self.write_lock:
            yield self.store()
        self._checked_at = 0.0

    def snapshot(self) -> Snapshot:
        """Entities and index of the current content (rebuilt when the content changed)."""
        now = time.monotonic()
        current = self._snapshot
        if current is not None and now - self._checked_at < _RECHECK_SECONDS:
            return current
        store = self.store()
        key = _content_key(store)
        self._checked_at = now
        if current is not None and current.key == key:
            return current
        with self._snapshot_lock:
            if self._snapshot is not None and self._snapshot.key == key:
                return self._snapshot
            index = load_index(store)
            snap = Snapshot(key, index, {e.id: e for e in index.entities})
            self._snapshot = snap
            return snap

    def close(self) -> None:
        with self._stores_lock:
            for store in self._stores:
                try:
                    store.close()
                except Exception:  # noqa: BLE001  closing at shutdown: nothing left to do
                    pass
            self._stores.clear()
