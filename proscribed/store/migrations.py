"""Schema migrations: registered functions, each applied once, in its own transaction.

The SQL is SQLite's; the PostgreSQL backend runs the same functions through a
connection that maps the column types (``postgres._Migrating``), so both
backends share one list of migrations and one schema version.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

__all__ = ["MIGRATIONS", "migration", "LATEST"]


class Executes(Protocol):
    def execute(self, sql: str, parameters: Any = ..., /) -> Any: ...


Migration = Callable[[Executes], None]
MIGRATIONS: dict[int, tuple[str, Migration]] = {}


def migration(version: int, name: str) -> Callable[[Migration], Migration]:
    def register(fn: Migration) -> Migration:
        if version in MIGRATIONS:
            raise RuntimeError(f"migration {version} registered twice")
        MIGRATIONS[version] = (name, fn)
        return fn

    return register


def _run(db: Executes, script: str) -> None:
    # executescript() would commit the migration's transaction; run statements one by one.
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


@migration(1, "core tables")
def _core(db: Executes) -> None:
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
def _indexes(db: Executes) -> None:
    _run(db, 
        """
        CREATE INDEX designations_registry ON designations (registry_id, listed_on);
        CREATE INDEX names_value ON names (value);
        """
    )




@migration(3, "versions, record history, changes, alerts")
def _history(db: Executes) -> None:
    _run(
        db,
        """
        CREATE TABLE versions (
            id INTEGER PRIMARY KEY, registry_id TEXT NOT NULL, source TEXT NOT NULL, retrieved_at TEXT NOT NULL,
            sha256 TEXT NOT NULL, row_count INTEGER NOT NULL, payload BLOB NOT NULL, status TEXT NOT NULL,
            message TEXT, created_at TEXT NOT NULL);
        CREATE INDEX versions_sha ON versions (registry_id, sha256);
        CREATE TABLE records (
            entity_id TEXT NOT NULL, registry_id TEXT NOT NULL, record TEXT NOT NULL,
            recorded_from TEXT NOT NULL, recorded_to TEXT, version_id INTEGER NOT NULL REFERENCES versions(id));
        CREATE UNIQUE INDEX records_current ON records (entity_id) WHERE recorded_to IS NULL;
        CREATE INDEX records_time ON records (recorded_from, recorded_to);
        CREATE TABLE changes (
            id INTEGER PRIMARY KEY, version_id INTEGER NOT NULL REFERENCES versions(id), registry_id TEXT NOT NULL,
            entity_id TEXT NOT NULL, kind TEXT NOT NULL, field TEXT, old TEXT, new TEXT,
            valid_on TEXT, observed_at TEXT NOT NULL);
        CREATE INDEX changes_valid ON changes (registry_id, valid_on);
        CREATE INDEX changes_observed ON changes (observed_at);
        CREATE INDEX changes_entity ON changes (entity_id);
        CREATE TABLE registry_state (
            registry_id TEXT PRIMARY KEY, last_version_id INTEGER, last_checked_at TEXT, last_confirmed_at TEXT,
            last_error TEXT);
        CREATE TABLE webhooks (id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, secret TEXT NOT NULL,
            created_at TEXT NOT NULL);
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY, webhook_id INTEGER NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
            change_id INTEGER NOT NULL REFERENCES changes(id), payload TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT NOT NULL, delivered_at TEXT, last_error TEXT);
        CREATE INDEX outbox_pending ON outbox (delivered_at, next_attempt_at);
        CREATE TABLE watch_names (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL);
        CREATE TABLE watch_hits (
            id INTEGER PRIMARY KEY, watch_id INTEGER NOT NULL REFERENCES watch_names(id) ON DELETE CASCADE,
            change_id INTEGER NOT NULL REFERENCES changes(id), entity_id TEXT NOT NULL, score REAL NOT NULL,
            created_at TEXT NOT NULL)
        """,
    )


@migration(4, "archive scans")
def _scans(db: Executes) -> None:
    _run(
        db,
        """
        CREATE TABLE scan_runs (
            id INTEGER PRIMARY KEY, source TEXT NOT NULL, scope TEXT NOT NULL, started_at TEXT NOT NULL,
            finished_at TEXT, documents INTEGER NOT NULL DEFAULT 0, mentions INTEGER NOT NULL DEFAULT 0);
        CREATE UNIQUE INDEX scan_runs_key ON scan_runs (source, scope);
        CREATE TABLE scan_results (
            run_id INTEGER NOT NULL REFERENCES scan_runs(id) ON DELETE CASCADE, doc_id TEXT NOT NULL,
            mentions TEXT NOT NULL, PRIMARY KEY (run_id, doc_id))
        """,
    )


@migration(5, "news articles and events")
def _news(db: Executes) -> None:
    _run(
        db,
        """
        CREATE TABLE news_feeds (id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL,
            last_checked_at TEXT, last_error TEXT);
        CREATE TABLE news_articles (
            id TEXT PRIMARY KEY, url TEXT, content_hash TEXT NOT NULL UNIQUE, published TEXT, language TEXT,
            title TEXT, text TEXT NOT NULL, source TEXT, fetched_at TEXT NOT NULL, extraction TEXT NOT NULL);
        CREATE UNIQUE INDEX news_articles_url ON news_articles (url) WHERE url IS NOT NULL;
        CREATE TABLE news_events (
            id INTEGER PRIMARY KEY, article_id TEXT NOT NULL REFERENCES news_articles(id) ON DELETE CASCADE,
            org TEXT NOT NULL, status TEXT NOT NULL, jurisdiction TEXT, authority TEXT, decision_date TEXT,
            listing_date TEXT, evidence TEXT NOT NULL, confidence REAL NOT NULL, linked_id TEXT,
            state TEXT NOT NULL, review TEXT NOT NULL DEFAULT 'pending', merged_into INTEGER REFERENCES news_events(id),
            lead_days INTEGER, note TEXT, record TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
        CREATE INDEX news_events_state ON news_events (state, review)
        """,
    )


# Number 8, not 6: migrations developed side by side land out of order (each store applies every
# registered one it lacks), and a gap keeps the numbers of parallel branches apart.
@migration(8, "entity links and unverified curated names")
def _links(db: Executes) -> None:
    _run(
        db,
        """
        CREATE TABLE entity_links (
            entity_id TEXT PRIMARY KEY, group_id TEXT NOT NULL, position INTEGER NOT NULL, record TEXT NOT NULL);
        CREATE INDEX entity_links_group ON entity_links (group_id, position);
        ALTER TABLE names ADD COLUMN unverified INTEGER NOT NULL DEFAULT 0
        """,
    )



# Number 11 (the issue that brought it), apart from the numbers of parallel branches.
@migration(11, "own lists: a user's entities screened beside the registries")
def _own_lists(db: Executes) -> None:
    _run(
        db,
        """
        CREATE TABLE own_lists (id TEXT PRIMARY KEY, record TEXT NOT NULL);
        CREATE TABLE own_entities (
            list_id TEXT NOT NULL REFERENCES own_lists(id) ON DELETE CASCADE, id TEXT NOT NULL,
            position INTEGER NOT NULL, record TEXT NOT NULL, PRIMARY KEY (list_id, id));
        CREATE INDEX own_entities_order ON own_entities (list_id, position)
        """,
    )


LATEST = max(MIGRATIONS)
