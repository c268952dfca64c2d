"""Build (or load from cache) the scanner of a store's current entities.

The scanner's modules (and through them the matching stack: a third of a second) are
imported only by what builds or loads a scanner: a Dask scan whose workers load the
cache themselves names the file and key without them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..cache import cache_key, load_cached, unpickle_cached
from ..store.base import Store

if TYPE_CHECKING:
    from .scanner import Scanner

__all__ = ["build_scanner", "scanner_file", "load_scanner_file", "ScannerFile"]

SCANNER_FORMAT = 10  # bump when the Scanner changes shape or its patterns (generic names: matching/tokens): old pickles are rebuilt
_CACHE = "scanner.pickle"
_TAG = f"scanner{SCANNER_FORMAT}"


class ScannerFile(NamedTuple):
    """The file the store caches the scanner in, and the key a current cache holds."""

    path: Path
    key: str


def build_scanner(store: Store, *, entity_ids: set[str] | None = None) -> Scanner:
    """The scanner of every current entity (or of ``entity_ids`` only, not cached)."""
    from .scanner import Scanner, build_scanner_from_entities

    if entity_ids is not None:
        entities = [e for e in store.entities() if e.id in entity_ids]
        return build_scanner_from_entities(entities)[0]
    return load_cached(store, _CACHE, _TAG, lambda: build_scanner_from_entities(list(store.entities()))[0], Scanner)


def scanner_file(store: Store) -> ScannerFile | None:
    """Where the scanner of every current entity is cached, when the store keeps its cache in
    files (current once :func:`build_scanner` has run): other processes load it from there."""
    path = store.cache_file(_CACHE)
    return None if path is None else ScannerFile(path, cache_key(store, _TAG))


def load_scanner_file(path: str, key: str) -> Scanner | None:
    """The scanner of a cache file (see :func:`scanner_file`) when it holds ``key``, else None."""
    from .scanner import Scanner

    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    return unpickle_cached(data, key, Scanner)
