"""The SQLite file: damaged, foreign or newer files are refused untouched; older ones are migrated."""

import sqlite3
from pathlib import Path

import pytest

from proscribed.exc import StoreCorrupt, StoreTooNew
from proscribed.service.store import open_store
from proscribed.store.migrations import LATEST, MIGRATIONS

pytestmark = pytest.mark.sqlite_only


def test_corrupted_file_is_reported_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    before = path.read_bytes()
    with pytest.raises(StoreCorrupt):
        open_store(path)
    assert path.read_bytes() == before


def test_damaged_sqlite_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    s = open_store(path)
    s.close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # keep the header, break the first page
    path.write_bytes(bytes(data))
    with pytest.raises(StoreCorrupt):
        open_store(path)


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    open_store(path).close()
    db = sqlite3.connect(path)
    db.execute("INSERT INTO schema_migrations VALUES (?, 'from the future', datetime('now'))", (LATEST + 1,))
    db.commit()
    db.close()
    with pytest.raises(StoreTooNew):
        open_store(path)


def test_older_schema_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    name, first = MIGRATIONS[1]
    db.execute("BEGIN")
    first(db)
    db.execute("INSERT INTO schema_migrations VALUES (1, ?, datetime('now'))", (name,))
    db.execute("COMMIT")
    db.close()
    s = open_store(path)
    assert s.schema_version() == LATEST
    assert sum(1 for _ in s.entities("ru-terrorist")) == 74
    s.close()
