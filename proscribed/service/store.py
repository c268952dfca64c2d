"""Open the configured store and make sure it holds data (bundled on first run)."""

from __future__ import annotations

import json
from pathlib import Path

from ..exc import InvalidInput
from ..sources.bundle import bundled_digest, bundled_document
from ..sources.curated import curated_digest
from ..store.base import Store
from ..store.sqlite import SQLiteStore

__all__ = ["open_store", "ensure_data", "connect_store"]


def ensure_data(store: Store) -> None:
    """Fill an empty store from the bundled data, through the same path as live updates.

    A newer bundle (package upgrade) is applied as a new version, but only to a
    registry that has never been updated from its live source: an older bundle
    must not roll back fresher data. Changed curated names re-materialise the
    current entities. No network is used.
    """
    # Imported here: a store holding the current data (every start but the first) needs none
    # of the name parsing behind them (a fifth of a second of each command's start-up).
    from ..registries import load_registries
    from ..sources.entity_links import links_from_document
    from ..sources.loader import bundled_sets, check_curated_keys, materialize
    from ..updates.apply import apply_records

    digest, curated = bundled_digest(), curated_digest()
    loaded = False
    if store.get_meta("bundle_digest") != digest:
        document = bundled_document()
        store.set_registries(load_registries(), document["sources"])
        live = {v.registry for v in store.versions() if v.status in ("applied", "forced")}
        for registry, source, retrieved_at, records in bundled_sets():
            if registry in live:
                continue
            payload = json.dumps(records, ensure_ascii=False, sort_keys=True).encode("utf-8")
            apply_records(store, registry=registry, source=source, retrieved_at=retrieved_at, payload=payload,
                          records={r["id"]: r for r in records}, status="bundled", force=True)
        # Links name entries by id, and ids are stable across sources: they hold for live-updated registries too.
        store.set_links(links_from_document(document))
        store.set_meta("bundle_digest", digest)
        loaded = True  # the entities were just materialised with the current curated names
    if store.get_meta("curated_digest") != curated:
        current = store.current_records()
        check_curated_keys(current.values())
        if not loaded:
            store.rematerialize(materialize(current.values()))
        store.set_meta("curated_digest", curated)


def connect_store(location: Path | str) -> Store:
    """The store at ``location`` as it is (migrated, not filled): a PostgreSQL URL or an SQLite file path."""
    if isinstance(location, str) and "://" in location:
        from ..extras import require

        require("psycopg", "postgres", "a store URL (PROSCRIBED_DB)")
        from ..store.postgres import is_postgres_url  # psycopg is imported only by PostgreSQL users

        if not is_postgres_url(location):
            raise InvalidInput(f"PROSCRIBED_DB: unsupported store URL {location.split('://')[0]}://... "
                               "(a postgresql:// URL or the path of an SQLite file)")
        from ..store.postgres import PostgresStore

        return PostgresStore(location)
    return SQLiteStore(location)


def open_store(location: Path | str) -> Store:
    """The store at ``location`` (the configuration's ``db_path``), migrated and filled, ready to read.

    Filling holds the updater lock: processes starting together on a new database fill it
    once, and a store that needs nothing is not kept waiting behind a running update.
    """
    store = connect_store(location)
    try:
        if store.get_meta("bundle_digest") != bundled_digest() or store.get_meta("curated_digest") != curated_digest():
            with store.updater_lock():
                ensure_data(store)
    except BaseException:
        store.close()
        raise
    return store
