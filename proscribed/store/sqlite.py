"""The embedded SQLite backend (the default): one file, one writer."""

from __future__ import annotations

import fcntl
import os
import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..exc import StoreCorrupt, StoreError, StoreTooNew
from .migrations import LATEST, MIGRATIONS
from .sql import SQLStore

__all__ = ["SQLiteStore"]

_HEADER = b"SQLite format 3\x00"


class SQLiteStore(SQLStore):
    """SQLite store; ``path`` ``:memory:`` gives a throw-away store for tests."""

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            self._check_file(Path(self.path))
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                self.db.execute("PRAGMA journal_mode = WAL")
            self._migrate()
        except sqlite3.DatabaseError as err:
            raise StoreCorrupt(f"{self.path} is not a readable Proscribed database ({err}); "
                               "it was left untouched: move it away or set PROSCRIBED_DB") from None

    @staticmethod
    def _check_file(path: Path) -> None:
        if not path.exists():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise StoreError(f"cannot create the store folder {path.parent}: {err}") from None
            return
        if path.is_dir():
            raise StoreError(f"{path} is a folder, not a database file")
        with open(path, "rb") as fh:
            head = fh.read(16)
        if head and head != _HEADER:
            raise StoreCorrupt(f"{path} is not an SQLite database (corrupted or another file); "
                               "it was left untouched: move it away or set PROSCRIBED_DB")

    def _migrate(self) -> None:
        self.db.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                        "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
        current = self.schema_version()
        if current > LATEST:
            raise StoreTooNew(f"{self.path} was written by a newer Proscribed (schema {current}, "
                              f"this version knows {LATEST}); upgrade Proscribed to use it")
        applied = {int(r[0]) for r in self.db.execute("SELECT version FROM schema_migrations")}
        # Every registered migration not applied yet (not only those above the highest:
        # migrations developed side by side may land out of order).
        for version in sorted(v for v in MIGRATIONS if v not in applied):
            name, fn = MIGRATIONS[version]
            self.db.execute("BEGIN IMMEDIATE")
            try:
                fn(self.db)
                self.db.execute("INSERT INTO schema_migrations VALUES (?, ?, datetime('now'))", (version, name))
                self.db.execute(f"PRAGMA user_version = {int(version)}")
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    def _begin_write(self) -> None:
        # IMMEDIATE takes the write lock now: a second writer waits instead of failing mid-way.
        self.db.execute("BEGIN IMMEDIATE")

    @contextmanager
    def updater_lock(self) -> Iterator[None]:
        if self.path == ":memory:":
            with _MEMORY_UPDATER:
                yield
            return
        # A lock file beside the store: released by the kernel if the updater dies.
        with open(f"{self.path}.update-lock", "a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def integrity_check(self) -> str:
        return str(self.db.execute("PRAGMA integrity_check").fetchone()[0])

    def cache_file(self, name: str) -> Path | None:
        if self.path == ":memory:":
            return None
        return Path(self.path).with_name(f"{Path(self.path).name}.{name}")

    def load_cache(self, name: str) -> bytes | None:
        path = self.cache_file(name)
        if path is None or not path.is_file():
            return None
        try:
            return path.read_bytes()
        except OSError:
            return None

    def save_cache(self, name: str, data: bytes) -> None:
        path = self.cache_file(name)
        if path is None:
            return
        try:
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".cache-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)  # atomic: readers never see half a file
        except OSError:
            pass  # a read-only location only costs speed

    def close(self) -> None:
        self.db.close()


_MEMORY_UPDATER = threading.Lock()  # an in-memory store lives in one process: a thread lock suffices
