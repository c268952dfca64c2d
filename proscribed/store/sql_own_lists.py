"""The SQL implementation of :class:`proscribed.store.own_lists.OwnListStore`, shared by both backends."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from .dbapi import Connection, Transaction
from .own_lists import OwnListStore

__all__ = ["SQLOwnListsMixin"]

_BATCH = 10_000  # rows per executemany: bounded memory for a list of millions


class SQLOwnListsMixin(OwnListStore):
    db: Connection

    def _write(self) -> Transaction:  # provided by SQLStore
        raise NotImplementedError

    def replace_own_list(self, record: dict[str, Any], entities: Iterable[tuple[str, dict[str, Any]]]) -> int:
        list_id = record["id"]
        written = 0
        rows = iter(entities)
        with self._write():
            self.db.execute("DELETE FROM own_entities WHERE list_id = ?", (list_id,))
            self.db.execute("INSERT INTO own_lists VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET record = excluded.record",
                            (list_id, json.dumps(record, ensure_ascii=False, sort_keys=True)))
            while batch := list(islice(rows, _BATCH)):
                self.db.executemany("INSERT INTO own_entities VALUES (?, ?, ?, ?)", [
                    (list_id, entity_id, written + i, json.dumps(rec, ensure_ascii=False))
                    for i, (entity_id, rec) in enumerate(batch)])
                written += len(batch)
            # Written again: the caller may count what it read while the entities were written.
            self.db.execute("UPDATE own_lists SET record = ? WHERE id = ?",
                            (json.dumps({**record, "entities": written}, ensure_ascii=False, sort_keys=True), list_id))
        return written

    def remove_own_list(self, list_id: str) -> bool:
        with self._write():
            self.db.execute("DELETE FROM own_entities WHERE list_id = ?", (list_id,))
            return bool(self.db.execute("DELETE FROM own_lists WHERE id = ?", (list_id,)).rowcount)

    def own_lists(self) -> list[dict[str, Any]]:
        return [json.loads(r[0]) for r in self.db.execute("SELECT record FROM own_lists ORDER BY id")]

    def own_entities(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        cur = self.db.execute("SELECT list_id, id, record FROM own_entities ORDER BY list_id, position")
        for list_id, entity_id, record in cur:
            yield list_id, entity_id, json.loads(record)
