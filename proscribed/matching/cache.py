"""The screening index, from the store's cache (``proscribed.cache``) when it is current."""

from __future__ import annotations

from ..store.base import Store
from ..cache import load_cached
from .index import ScreeningIndex

__all__ = ["load_index", "INDEX_FORMAT"]

INDEX_FORMAT = 23  # bump when the index or its scoring inputs change shape


def load_index(store: Store) -> ScreeningIndex:
    """The screening index of every entity in ``store``, from the cache when it is current."""
    return load_cached(store, "index.pickle", f"index{INDEX_FORMAT}",
                       lambda: ScreeningIndex(list(store.entities())), ScreeningIndex)
