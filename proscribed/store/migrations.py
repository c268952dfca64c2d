"""Schema migrations: registered functions, each applied once, in its own transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

__all__ = ["MIGRATIONS", "migration", "LATEST"]

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: dict[int, tuple[str, Migration]] = {}


def migration(version: int, name: str) -> Callable[[Migration], Migration]:
    def register(fn: Migration) -> Migration:
        if version in MIGRATIONS:
            raise RuntimeError(f"migration {version} registered twice")
        MIGRATIONS[version] = (name, fn)
        return fn

    return register


def _run(db: sqlite3.Connection, script: str) -> None:
    # executescript() would commit the migration's transaction; run statements one by one.
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


@migration(1, "core tables")
def _core(db: sqlite3.Connection) -> None:
    _run(db, 
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE registries (
            id TEXT PRIMARY KEY, position INTEGER NOT NULL, title_ru TEXT NOT NULL, title_en TEXT NOT NULL,
            legal_basis TEXT NOT NULL, deciding_authority TEXT NOT NULL, listing_authority TEXT NOT NULL,
            source_url TEXT NOT NULL);
        CREATE TABLE sources (id TEXT PRIMARY KEY, record TEXT NOT NULL);
        CREATE TABLE entities (
            id TEXT PRIMARY KEY, position INTEGER NOT NULL, schema TEXT NOT NULL, caption TEXT NOT NULL,
            country TEXT, properties TEXT NOT NULL);
        CREATE TABLE names (
            entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE, position INTEGER NOT NULL,
            value TEXT NOT NULL, kind TEXT NOT NULL, lang TEXT, script TEXT, source TEXT NOT NULL,
            weak INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (entity_id, position));
        CREATE TABLE designations (
            entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE, position INTEGER NOT NULL,
            registry_id TEXT NOT NULL REFERENCES registries(id), status TEXT NOT NULL,
            listed_on TEXT, listing_order TEXT, decision_date TEXT, decision_number TEXT,
            decision_authority TEXT, excluded_on TEXT, exclusion_order TEXT, published_on TEXT,
            legal_basis TEXT, provenance TEXT NOT NULL, PRIMARY KEY (entity_id, position));
        """
    )


@migration(2, "indexes for registry and date queries")
def _indexes(db: sqlite3.Connection) -> None:
    _run(db, 
        """
        CREATE INDEX designations_registry ON designations (registry_id, listed_on);
        CREATE INDEX names_value ON names (value);
        """
    )


LATEST = max(MIGRATIONS)
