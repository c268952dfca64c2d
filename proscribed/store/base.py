"""The storage interface: every operation the core needs, no SQL.

Two backends implement it (``sqlite.SQLiteStore``, the default, and
``postgres.PostgresStore``); the core only sees ``Store``.

The store keeps each entity's *record* (the JSON facts with provenance) under
transaction time: every version that changes an entity closes its current
record and opens a new one, so any past state of our copy can be read back.
The *derived* tables (entities, names, designations) hold the current state,
materialised for queries.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import Change, Entity, EntityLink, Registry, Version
from .news import NewsStore
from .own_lists import OwnListStore
from .scans import ScanStore

__all__ = ["Store", "Commit", "WatchHit", "OutboxItem"]


@dataclass(frozen=True)
class WatchHit:
    watch_id: int
    change_index: int  # position in Commit.changes
    entity_id: str
    score: float


@dataclass(frozen=True)
class OutboxItem:
    id: int
    url: str
    secret: str
    payload: str
    attempts: int


@dataclass
class Commit:
    """Everything one version writes, applied in one transaction."""

    version: Version
    payload: bytes
    records: dict[str, dict[str, Any]]  # entity id → new current record
    changes: list[Change]
    entities: list[Entity]  # the materialised form of ``records``
    watch_hits: list[WatchHit]


class Store(NewsStore, ScanStore, OwnListStore, abc.ABC):
    """A store of registries, entity records with history, versions, changes and alerts."""

    # --- set-up -------------------------------------------------------------------------
    @abc.abstractmethod
    def schema_version(self) -> int:
        """The highest migration applied."""

    @abc.abstractmethod
    def get_meta(self, key: str) -> str | None:
        """A value of the store's metadata."""

    @abc.abstractmethod
    def set_meta(self, key: str, value: str) -> None:
        """Set a metadata value."""

    @abc.abstractmethod
    def set_registries(self, registries: Iterable[Registry], sources: Iterable[dict[str, Any]]) -> None:
        """Insert or update the registries and the bundled sources' provenance."""

    # --- versions -----------------------------------------------------------------------
    @abc.abstractmethod
    def commit(self, commit: Commit) -> int:
        """Write a version, its records, changes, derived rows, alerts: all or nothing."""

    @abc.abstractmethod
    def quarantine(self, version: Version, payload: bytes) -> int:
        """Keep a version that failed the safety checks, unapplied."""

    @abc.abstractmethod
    def versions(self, registry: str | None = None) -> list[Version]:
        """Versions, newest first."""

    @abc.abstractmethod
    def version_payload(self, version_id: int) -> bytes:
        """The raw payload of a version, as fetched."""

    @abc.abstractmethod
    def confirm(self, registry: str, checked_at: str, confirmed: bool, error: str | None = None) -> None:
        """Record a check of ``registry`` against its source (freshness)."""

    @abc.abstractmethod
    def registry_states(self) -> dict[str, dict[str, Any]]:
        """Per registry: last version, last check, last confirmation, last error."""

    # --- records and history ------------------------------------------------------------
    @abc.abstractmethod
    def current_records(self, registry: str | None = None) -> dict[str, dict[str, Any]]:
        """Entity id → current record (of one registry when given)."""

    @abc.abstractmethod
    def records_known_at(self, at: str) -> dict[str, dict[str, Any]]:
        """Entity id → the record our copy held at transaction time ``at``."""

    @abc.abstractmethod
    def record_history(self, entity_id: str) -> list[dict[str, Any]]:
        """Every record of an entity with recorded_from/recorded_to/version, oldest first."""

    @abc.abstractmethod
    def changes(self, *, registry: str | None = None, entity_id: str | None = None,
                observed_since: str | None = None, valid_from: str | None = None,
                valid_to: str | None = None) -> list[Change]:
        """Changes matching every filter given, in order of valid date then id."""

    @abc.abstractmethod
    def rematerialize(self, entities: list[Entity]) -> None:
        """Replace the derived tables with ``entities`` (curated names changed)."""

    # --- current state ------------------------------------------------------------------
    @abc.abstractmethod
    def registries(self) -> list[Registry]:
        """Every registry, in a stable order."""

    @abc.abstractmethod
    def entity(self, entity_id: str) -> Entity | None:
        """One entity with its names and designations, or None."""

    @abc.abstractmethod
    def entities(self, registry: str | None = None) -> Iterator[Entity]:
        """Every current entity (of one registry when given), in registry order."""

    @abc.abstractmethod
    def set_links(self, links: Iterable[EntityLink]) -> None:
        """Replace every entity link (the reviewed groups of entries that are one organization)."""

    @abc.abstractmethod
    def links(self) -> list[EntityLink]:
        """Every entity link, by group, the canonical entry of each group first."""

    @abc.abstractmethod
    def sources(self) -> list[dict[str, Any]]:
        """The provenance records of the bundled sources."""

    # --- alerts -------------------------------------------------------------------------
    @abc.abstractmethod
    def add_webhook(self, url: str, secret: str) -> int: ...

    @abc.abstractmethod
    def webhooks(self) -> list[dict[str, Any]]: ...

    @abc.abstractmethod
    def remove_webhook(self, url: str) -> bool: ...

    @abc.abstractmethod
    def due_deliveries(self, now: str, limit: int = 100) -> list[OutboxItem]:
        """Undelivered webhook payloads whose next attempt is due."""

    @abc.abstractmethod
    def delivery_done(self, item_id: int, at: str) -> None: ...

    @abc.abstractmethod
    def delivery_failed(self, item_id: int, attempts: int, next_attempt_at: str, error: str) -> None: ...

    @abc.abstractmethod
    def outbox_counts(self) -> dict[str, int]:
        """Delivered and pending webhook payloads."""

    @abc.abstractmethod
    def add_watch(self, name: str, at: str) -> int: ...

    @abc.abstractmethod
    def watches(self) -> list[dict[str, Any]]: ...

    @abc.abstractmethod
    def remove_watch(self, name: str) -> bool: ...

    @abc.abstractmethod
    def watch_hits(self, since: str | None = None) -> list[dict[str, Any]]: ...

    # --- misc ---------------------------------------------------------------------------
    @abc.abstractmethod
    def integrity_check(self) -> str:
        """The backend's own consistency check ("ok" when sound)."""

    @abc.abstractmethod
    def load_cache(self, name: str) -> bytes | None:
        """Derived data (the screening index, the scanner) cached under ``name``, or None.

        Every process using the store shares it: SQLite keeps it in files beside
        the database, PostgreSQL in a table.
        """

    def cache_file(self, name: str) -> Path | None:
        """The file the cache ``name`` is kept in, when it is one (SQLite): processes that see
        it (a Dask worker on this machine) read it themselves rather than receive it."""
        return None

    @abc.abstractmethod
    def save_cache(self, name: str, data: bytes) -> None:
        """Replace the cache ``name`` (readers see the old or the new data, whole); best effort."""

    @abc.abstractmethod
    def updater_lock(self) -> AbstractContextManager[None]:
        """Held while an update runs: a second updater of the same store waits until the first is done.

        Released when the holder ends, dies or is killed.
        """

    @abc.abstractmethod
    def close(self) -> None:
        """Release the connection."""
