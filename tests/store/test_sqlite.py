import sqlite3
from pathlib import Path

import pytest

from proscribed.exc import StoreCorrupt, StoreTooNew
from proscribed.model import Change, Version
from proscribed.service.store import open_store
from proscribed.store import Store
from proscribed.store.base import Commit
from proscribed.store.migrations import LATEST, MIGRATIONS


def test_first_run_fills_the_store(store: Store) -> None:
    assert [r.id for r in store.registries()] == ["ru-undesirable", "ru-foreign-agents", "ru-extremist", "ru-terrorist"]
    assert sum(1 for _ in store.entities("ru-undesirable")) == 418
    assert sum(1 for _ in store.entities("ru-foreign-agents")) == 1226
    assert store.schema_version() == LATEST


def test_entity_round_trip_keeps_provenance(store: Store) -> None:
    ned = store.entity("ru-undesirable-001")
    assert ned is not None
    d = ned.designations[0]
    assert (d.listing_order, d.decision_number, str(d.decision_date)) == ("1076-р", "1", "2015-07-28")
    sources = {p.source for p in d.provenance}
    assert {"itsalt-undesirable-2026-09-24", "fz255-undesirable-2024-08-27"} <= sources
    raw = next(p.raw for p in d.provenance if p.source == "fz255-undesirable-2024-08-27")
    assert raw["decisionInMinjust"].startswith("№ 1076-р")


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


def test_commit_is_atomic(tmp_path: Path) -> None:
    store = open_store(tmp_path / "db.sqlite3")
    before_versions = len(store.versions())
    before = store.current_records("ru-undesirable")
    entity = store.entity("ru-undesirable-001")
    assert entity is not None
    version = Version("ru-undesirable", "test", "2026-11-01T00:00:00+00:00", "x" * 64, 1, "applied",
                      "2026-11-01T00:00:00+00:00")
    change = Change("ru-undesirable", entity.id, "modified", "2026-11-01T00:00:00+00:00", None, field="caption")
    record = dict(before[entity.id], caption="renamed")
    # The same entity twice violates the derived table's key after the records were written.
    broken = Commit(version, b"{}", {entity.id: record}, [change], [entity, entity], [])
    with pytest.raises(sqlite3.IntegrityError):
        store.commit(broken)
    assert len(store.versions()) == before_versions
    assert store.current_records("ru-undesirable") == before
    assert store.integrity_check() == "ok"
