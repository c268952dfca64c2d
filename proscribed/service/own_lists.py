"""Own lists: load a user's entities into the store, list and remove them, and the index that screens them.

A bank screens its clients against the registries and against its own list of
hundreds of thousands of names; both are kept in the store and screened at once
(``check``). Own lists have no versions or history: a load replaces the list.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..cache import load_cached
from ..exc import InvalidInput, NotFound
from ..matching import ScreeningIndex
from ..matching.cache import INDEX_FORMAT, load_index
from ..model import Entity
from ..registries import registry_ids
from ..sources.own_list import LIST_ID, file_digest, own_entity, read_own_list
from ..store.base import Store

__all__ = ["load_own_list", "own_lists", "remove_own_list", "own_list_entities", "full_screening_index"]


def _check_list_id(list_id: str) -> str:
    if not LIST_ID.match(list_id):
        raise InvalidInput(f"list id {list_id!r}: use 1-40 lower-case letters, digits and hyphens (clients, pep-2026)")
    if list_id in registry_ids():
        raise InvalidInput(f"list id {list_id!r} is a registry's id; choose another")
    return list_id


def load_own_list(store: Store, path: Path, list_id: str,
                  progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Load (or replace) own list ``list_id`` from the JSON Lines file ``path``; all or nothing.

    Returns the list's record: id, file, sha256, loaded_at, entities, names, seconds.
    """
    _check_list_id(list_id)
    if not path.is_file():
        raise InvalidInput(f"no such file: {path}")
    t0 = time.perf_counter()
    record: dict[str, Any] = {"id": list_id, "file": path.name, "sha256": file_digest(path),
                              "loaded_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}
    record["names"] = 0

    def counted() -> Iterator[tuple[str, dict[str, Any]]]:
        for entity_id, rec in read_own_list(path, progress):
            record["names"] += len(rec["names"])
            yield entity_id, rec
        if not record["names"]:
            raise InvalidInput(f"{path} holds no entities")  # raised inside the write: the old list stays

    record["entities"] = store.replace_own_list(record, counted())
    return {**record, "seconds": round(time.perf_counter() - t0, 2)}


def own_lists(store: Store) -> list[dict[str, Any]]:
    return store.own_lists()


def remove_own_list(store: Store, list_id: str) -> dict[str, Any]:
    if not store.remove_own_list(list_id):
        raise NotFound(f"no own list {list_id!r} (see `proscribed own-lists`)")
    return {"id": list_id, "removed": True}


def own_list_entities(store: Store) -> list[Entity]:
    """Every entity of every own list, as screening sees it."""
    lists = {r["id"]: r for r in store.own_lists()}
    return [own_entity(lists[list_id], entity_id, rec) for list_id, entity_id, rec in store.own_entities()]


def full_screening_index(store: Store) -> ScreeningIndex:
    """The index of the registries and every own list (the registries alone when there is none).

    Word weights come from the registries (``reference``), so an own list beside them
    leaves the registry answers' scores as they were.
    """
    lists = store.own_lists()
    if not lists:
        return load_index(store)
    digest = hashlib.sha256(json.dumps(lists, sort_keys=True).encode()).hexdigest()[:16]

    def build() -> ScreeningIndex:
        registry = list(store.entities())
        return ScreeningIndex(registry + own_list_entities(store), reference=len(registry))

    return load_cached(store, "screen.pickle", f"screen{INDEX_FORMAT}:{digest}", build, ScreeningIndex)
