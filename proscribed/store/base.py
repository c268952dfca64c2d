"""The storage interface: every operation the core needs, no SQL.

A PostgreSQL backend implements the same class; the core only sees ``Store``.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..model import Entity, Registry

__all__ = ["Store"]


class Store(abc.ABC):
    """A store of registries, entities (with names and designations) and sources."""

    @abc.abstractmethod
    def schema_version(self) -> int:
        """The highest migration applied."""

    @abc.abstractmethod
    def get_meta(self, key: str) -> str | None:
        """A value of the store's metadata (dataset digest, ...)."""

    @abc.abstractmethod
    def replace_all(self, registries: Iterable[Registry], entities: Iterable[Entity],
                    sources: Iterable[dict[str, Any]], meta: dict[str, str]) -> None:
        """Replace the whole content in one transaction: all of it or nothing."""

    @abc.abstractmethod
    def registries(self) -> list[Registry]:
        """Every registry, in a stable order."""

    @abc.abstractmethod
    def entity(self, entity_id: str) -> Entity | None:
        """One entity with its names and designations, or None."""

    @abc.abstractmethod
    def entities(self, registry: str | None = None) -> Iterator[Entity]:
        """Every entity (of one registry when given), in registry order."""

    @abc.abstractmethod
    def sources(self) -> list[dict[str, Any]]:
        """The provenance records of the sources the data came from."""

    @abc.abstractmethod
    def cache_path(self, name: str) -> Path | None:
        """Where derived data (the screening index) may be cached, or None."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release the connection."""
