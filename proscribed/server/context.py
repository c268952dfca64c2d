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
        # Every connection with the thread that owns it: the server's thread pool retires idle
        # threads and starts new ones, so a connection outlives its thread unless it is closed.
        self._stores: list[tuple[threading.Thread, Store]] = []
        self._stores_lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._checked_at = 0.0
        self._snapshot_lock = threading.Lock()
        # The first open fills a new store from the bundled data (and migrates an old one).
        first = open_store(config.db_path)
        self._local.store = first
        self._stores.append((threading.current_thread(), first))

    def store(self) -> Store:
        """This thread's connection to the store (the connections of threads that ended are closed)."""
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = connect_store(self.config.db_path)
            self._local.store = store
            with self._stores_lock:
                ended = [s for thread, s in self._stores if not thread.is_alive()]
                self._stores = [(t, s) for t, s in self._stores if t.is_alive()]
                self._stores.append((threading.current_thread(), store))
            for old in ended:
                _close_quietly(old)
        return store

    def open_connections(self) -> int:
        """How many store connections this application holds (one per live worker thread)."""
        with self._stores_lock:
            return len(self._stores)

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
            stores, self._stores = [s for _t, s in self._stores], []
        for store in stores:
            _close_quietly(store)


def _close_quietly(store: Store) -> None:
    try:
        store.close()
    except Exception:  # noqa: BLE001  a connection nobody uses any more: nothing left to do with an error
        pass
