"""A disk cache of the screening index, next to the store.

Analysing ~6,500 names (Russian morphology above all) takes seconds; loading
the pickled index takes a fraction of that. The cache is keyed on the store's
content digest and the index format, and is rebuilt whenever it does not load.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path

from ..store.base import Store
from .index import ScreeningIndex

__all__ = ["load_index"]

INDEX_FORMAT = 1


def _key(store: Store) -> str:
    from .. import __version__

    newest = store.versions()[:1]
    content = newest[0].id if newest else 0
    return f"{INDEX_FORMAT}:{__version__}:{content}:{store.get_meta('curated_digest')}"


def load_index(store: Store, cache_path: Path | None) -> ScreeningIndex:
    """The index of every entity in ``store``, from the cache when it is current."""
    key = _key(store)
    if cache_path is not None and cache_path.is_file():
        try:
            with open(cache_path, "rb") as fh:
                cached_key, index = pickle.load(fh)  # our own file, written below
            if cached_key == key and isinstance(index, ScreeningIndex):
                return index
        except Exception:  # noqa: BLE001  a stale or truncated cache is simply rebuilt
            pass
    index = ScreeningIndex(list(store.entities()))
    if cache_path is not None:
        try:
            fd, tmp = tempfile.mkstemp(dir=cache_path.parent, prefix=".index-")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump((key, index), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, cache_path)  # atomic: readers never see half a file
        except OSError:
            pass  # a read-only location only costs speed
    return index
