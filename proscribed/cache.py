"""A cache of compiled structures (screening index, scanner), kept by the store.

Analysing ~6,500 names (Russian morphology above all) takes seconds; loading a
pickle takes a fraction of that. The store keeps the cache where every process
using it finds it (SQLite: files beside the database; PostgreSQL: a table), so
several servers on one database build each structure once. A cache is keyed on the store's content (newest
version, curated names) and the structure's format, and is rebuilt whenever it
does not load.

Apart from the structures themselves (``matching.cache``, ``scan.build``): a command that
only names a cache (a Dask scan, whose workers load the scanner) imports none of them.
"""

from __future__ import annotations

import gc
import pickle
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from .store.base import Store

__all__ = ["load_cached", "unpickle_cached", "cache_key", "without_gc"]

T = TypeVar("T")


def cache_key(store: Store, tag: str) -> str:
    """What a current cache of ``tag`` holds beside its structure: the store's content and the format."""
    from . import __version__

    newest = store.versions()[:1]
    content = newest[0].id if newest else 0
    return f"{tag}:{__version__}:{content}:{store.get_meta('curated_digest')}"


@contextmanager
def without_gc() -> Iterator[None]:
    """Cyclic garbage collection paused while millions of objects are made (an index, its unpickling).

    The collector walks the live objects again and again while allocations pile up, so
    making an index of two million names spends most of its time collecting; those objects
    form no garbage cycles to free. A million-name index unpickles in a quarter of the time
    (10 s instead of 39 s, same run).
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def load_cached(store: Store, filename: str, tag: str, build: Callable[[], T], cls: type[T]) -> T:
    """The structure from the store's cache when current, else built and cached."""
    key = cache_key(store, tag)
    data = store.load_cache(filename)
    cached = None if data is None else unpickle_cached(data, key, cls)
    if cached is not None:
        return cached
    with without_gc():
        value = build()
    store.save_cache(filename, pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL))
    return value


def unpickle_cached(data: bytes, key: str, cls: type[T]) -> T | None:
    """The structure of a cache's ``data`` (written by :func:`load_cached`) when it is current, else None."""
    try:
        with without_gc():
            cached_key, value = pickle.loads(data)  # our own cache
    except Exception:  # noqa: BLE001  a stale or truncated cache is simply rebuilt
        return None
    return value if cached_key == key and isinstance(value, cls) else None
