"""Build (or load from cache) the scanner of a store's current entities."""

from __future__ import annotations

from ..matching.cache import load_cached
from ..store.base import Store
from .scanner import Scanner, build_scanner_from_entities

__all__ = ["build_scanner"]

SCANNER_FORMAT = 9  # bump when the Scanner changes shape or its patterns (generic names: matching/tokens): old pickles are rebuilt


def build_scanner(store: Store, *, entity_ids: set[str] | None = None) -> Scanner:
    """The scanner of every current entity (or of ``entity_ids`` only, not cached)."""
    if entity_ids is not None:
        entities = [e for e in store.entities() if e.id in entity_ids]
        return build_scanner_from_entities(entities)[0]
    return load_cached(store, "scanner.pickle", f"scanner{SCANNER_FORMAT}",
                       lambda: build_scanner_from_entities(list(store.entities()))[0], Scanner)
