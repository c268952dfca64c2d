"""What every request shares: the configuration, one store per worker thread, the screening snapshot.

SQLite connections are pooled per thread (readers); writes go through one lock
(one writer, habit 4). The screening index is built once and kept in memory;
it is replaced when the store's content changes (an update applied by this or
another process), checked at most every few seconds.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import httpx

from ..config import Config
from ..exc import InvalidInput
from ..scan import Scanner, build_scanner
from ..service.scan import MAX_TEXT, read_document, scan
from ..service.snapshot import Snapshot, content_key, take_snapshot
from ..service.store import connect_store, open_store
from ..store import Store

__all__ = ["AppContext"]

_RECHECK_SECONDS = 3.0


class AppContext:
    """Per-application state; created by ``create_app``, closed on shutdown."""

    def __init__(self, config: Config) -> None:
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
            store = connect_store(self.config.db_path)
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
        key = content_key(store)
        self._checked_at = now
        if current is not None and current.key == key:
            return current
        with self._snapshot_lock:
            if self._snapshot is not None and self._snapshot.key == key:
                return self._snapshot
            snap = take_snapshot(store, key)
            self._snapshot = snap
            return snap

    def scanner(self) -> Scanner:
        """The scanner of the current data, built once per snapshot."""
        store, snap = self.store(), self.snapshot()
        built: Scanner = snap.memo("scanner", float("inf"), lambda: build_scanner(store))
        return built

    def scan(self, *, text: str | None, url: str | None, published: date | None) -> dict[str, Any]:
        """One scan request, from the API or the web form: a text, or a public URL fetched once."""
        if url and url.strip():
            url = url.strip()
            if not url.startswith(("http://", "https://")):
                raise InvalidInput(f"not an http(s) URL: {url!r}")
            doc = read_document(url, client=self.http_client, public_only=True)
            return scan(self.scanner(), doc.content, html=doc.html, published=published, source=url)
        text = text or ""
        if len(text) > MAX_TEXT:
            raise InvalidInput(f"text too long ({len(text)} characters; at most {MAX_TEXT})")
        return scan(self.scanner(), text, html=False, published=published)

    def close(self) -> None:
        with self._stores_lock:
            for store in self._stores:
                try:
                    store.close()
                except Exception:  # noqa: BLE001  closing at shutdown: nothing left to do
                    pass
            self._stores.clear()
