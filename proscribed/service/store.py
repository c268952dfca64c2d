"""Open the configured store and make sure it holds data (bundled on first run)."""

from __future__ import annotations

import json
from pathlib import Path

from ..registries import load_registries
from ..sources.curated import curated_digest
from ..sources.loader import (
    bundled_digest,
    bundled_document,
    bundled_sets,
    check_curated_keys,
    materialize,
)
from ..store.base import Store
from ..store.sqlite import SQLiteStore
from ..updates.apply import apply_records

__all__ = ["open_store", "ensure_data"]


def ensure_data(store: Store) -> None:
    """Fill an empty store from the bundled data, through the same path as live updates.

    A newer bundle (package upgrade) is applied as a new version, but only to a
    registry that has never been updated from its live source: an older bundle
    must not roll back fresher data. Changed curated names re-materialise the
    current entities. No network is used.
    """
    digest, curated = bundled_digest(), curated_digest()
    loaded = False
    if store.get_meta("bundle_digest") != digest:
        store.set_registries(load_registries(), bundled_document()["sources"])
        live = {v.registry for v in store.versions() if v.status in ("applied", "forced")}
        for registry, source, retrieved_at, records in bundled_sets():
            if registry in live:
                continue
            payload = json.dumps(records, ensure_ascii=False, sort_keys=True).encode("utf-8")
            apply_records(store, registry=registry, source=source, retrieved_at=retrieved_at, payload=payload,
                          records={r["id"]: r for r in records}, status="bundled", force=True)
        store.set_meta("bundle_digest", digest)
        loaded = True  # the entities were just materialised with the current curated names
    if store.get_meta("curated_digest") != curated:
        current = store.current_records()
        check_curated_keys(current.values())
        if not loaded:
            store.rematerialize(materialize(current.values()))
        store.set_meta("curated_digest", curated)


def open_store(path: Path | str) -> Store:
    """The store at ``path`` (the configuration's ``db_path``), migrated and filled, ready to read."""
    store = SQLiteStore(path)
    ensure_data(store)
    return store
