"""A cache of compiled structures (screening index, scanner), kept by the store.

Analysing ~6,500 names (Russian morphology above all) takes seconds; loading a
pickle takes a fraction of that. The store keeps the cache where every process
using it finds it (SQLite: files beside the database; PostgreSQL: a table), so
several servers on one database build each structure once. A cache is keyed on the store's content (newest
version, curated names) and the structure's format, and is rebuilt whenever it
does not load.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import TypeVar

from ..store.base import Store
from .index import ScreeningIndex

__all__ = ["load_index", "load_cached"]

INDEX_FORMAT = 21  # bump when the index or its scoring inputs change shape
T = TypeVar("T")


def _key(store: Store, tag: str) -> str:
    from .. import __version__

    newest = store.versions()[:1]
    content = newest[0].id if newest else 0
    return f"{tag}:{__version__}:{content}:{store.get_meta('curated_digest')}"


def load_cached(store: Store, filename: str, tag: str, build: Callable[[], T], cls: type[T]) -> T:
    """The structure from the store's cache when current, else built and cached."""
    key = _key(store, tag)
    data = store.load_cache(filename)
    if data is not None:
        try:
            cached_key, value = pickle.loads(data)  # our own cache, written below
            if cached_key == key and isinstance(value, cls):
                return value
        except Exception:  # noqa: BLE001  a stale or truncated cache is simply rebuilt
            pass
    value = build()
    store.save_cache(filename, pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL))
    return value


def load_index(store: Store) -> ScreeningIndex:
    """The screening index of every entity in ``store``, from the cache when it is current."""
    return load_cached(store, "index.pickle", f"index{INDEX_FORMAT}",
                       lambda: ScreeningIndex(list(store.entities())), ScreeningIndex)
