"""A disk cache of compiled structures (screening index, scanner), next to the store.

Analysing ~6,500 names (Russian morphology above all) takes seconds; loading a
pickle takes a fraction of that. A cache is keyed on the store's content (newest
version, curated names) and the structure's format, and is rebuilt whenever it
does not load.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from ..store.base import Store
from .index import ScreeningIndex

__all__ = ["load_index", "load_cached"]

INDEX_FORMAT = 20  # bump when the index or its scoring inputs change shape
T = TypeVar("T")


def _key(store: Store, tag: str) -> str:
    from .. import __version__

    newest = store.versions()[:1]
    content = newest[0].id if newest else 0
    return f"{tag}:{__version__}:{content}:{store.get_meta('curated_digest')}"


def load_cached(store: Store, filename: str, tag: str, build: Callable[[], T], cls: type[T]) -> T:
    """The structure from the cache file beside the store when current, else built and cached."""
    key = _key(store, tag)
    path = store.cache_path(filename)
    if path is not None and path.is_file():
        try:
            with open(path, "rb") as fh:
                cached_key, value = pickle.load(fh)  # our own file, written below
            if cached_key == key and isinstance(value, cls):
                return value
        except Exception:  # noqa: BLE001  a stale or truncated cache is simply rebuilt
            pass
    value = build()
    if path is not None:
        _write(path, key, value)
    return value


def _write(path: Path, key: str, value: object) -> None:
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".cache-")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((key, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # atomic: readers never see half a file
    except OSError:
        pass  # a read-only location only costs speed


def load_index(store: Store) -> ScreeningIndex:
    """The screening index of every entity in ``store``, from the cache when it is current."""
    return load_cached(store, "index.pickle", f"index{INDEX_FORMAT}",
                       lambda: ScreeningIndex(list(store.entities())), ScreeningIndex)
