"""Every backend: the bundled data round-trips, a commit is all or nothing."""

import sqlite3
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

from proscribed.model import Change, Version
from proscribed.service.store import open_store
from proscribed.store import Store
from proscribed.store.base import Commit
from proscribed.store.migrations import LATEST


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


def test_commit_is_atomic(new_db: Callable[[], Path | str]) -> None:
    store = open_store(new_db())
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
    with pytest.raises((sqlite3.IntegrityError, psycopg.IntegrityError)):
        store.commit(broken)
    assert len(store.versions()) == before_versions
    assert store.current_records("ru-undesirable") == before
    assert store.integrity_check() == "ok"
    store.close()
