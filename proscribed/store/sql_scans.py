"""The SQL implementation of :class:`proscribed.store.scans.ScanStore`, shared by both backends."""

from __future__ import annotations

import json
from typing import Any

from .dbapi import Connection, Transaction
from .scans import ScanStore

__all__ = ["SQLScansMixin"]


class SQLScansMixin(ScanStore):
    db: Connection
    _json_length = "json_array_length(mentions)"  # PostgreSQL's takes a json value, not text

    def _write(self) -> Transaction:  # provided by SQLStore
        raise NotImplementedError

    def scan_run(self, source: str, scope: str, started_at: str) -> int:
        row = self.db.execute("SELECT id FROM scan_runs WHERE source = ? AND scope = ?", (source, scope)).fetchone()
        if row is not None:
            return int(row[0])
        cur = self.db.execute("INSERT INTO scan_runs (source, scope, started_at) VALUES (?, ?, ?)",
                              (source, scope, started_at))
        return int(cur.lastrowid or 0)

    def scanned_ids(self, run_id: int) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT doc_id FROM scan_results WHERE run_id = ?", (run_id,))}

    def save_scan_results(self, run_id: int, results: list[tuple[str, list[dict[str, Any]]]]) -> None:
        with self._write():
            self.db.executemany("INSERT INTO scan_results VALUES (?, ?, ?) ON CONFLICT (run_id, doc_id) "
                                "DO UPDATE SET mentions = excluded.mentions",
                                [(run_id, doc, json.dumps(m, ensure_ascii=False)) for doc, m in results])

    def finish_scan_run(self, run_id: int, finished_at: str) -> None:
        docs, mentions = self.db.execute(
            f"SELECT count(*), coalesce(sum({self._json_length}), 0) FROM scan_results WHERE run_id = ?",
            (run_id,)).fetchone()
        self.db.execute("UPDATE scan_runs SET finished_at = ?, documents = ?, mentions = ? WHERE id = ?",
                        (finished_at, docs, mentions, run_id))

    def scan_runs(self) -> list[dict[str, Any]]:
        keys = ("id", "source", "scope", "started_at", "finished_at", "documents", "mentions")
        return [dict(zip(keys, r)) for r in self.db.execute(
            "SELECT id, source, scope, started_at, finished_at, documents, mentions FROM scan_runs ORDER BY id DESC")]

    def scan_results(self, run_id: int) -> list[tuple[str, list[dict[str, Any]]]]:
        return [(r[0], json.loads(r[1])) for r in self.db.execute(
            "SELECT doc_id, mentions FROM scan_results WHERE run_id = ? ORDER BY doc_id", (run_id,))]
