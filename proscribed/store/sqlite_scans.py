"""SQLite implementation of :class:`proscribed.store.scans.ScanStore`."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from .scans import ScanStore

__all__ = ["SQLiteScansMixin"]


class SQLiteScansMixin(ScanStore):
    db: sqlite3.Connection

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
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.executemany("INSERT OR REPLACE INTO scan_results VALUES (?, ?, ?)",
                                [(run_id, doc, json.dumps(m, ensure_ascii=False)) for doc, m in results])
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def finish_scan_run(self, run_id: int, finished_at: str) -> None:
        docs, mentions = self.db.execute(
            "SELECT count(*), coalesce(sum(json_array_length(mentions)), 0) FROM scan_results WHERE run_id = ?",
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
