"""Versions, changes and both time axes, applied through the core (no HTTP)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from proscribed.exc import Quarantined
from proscribed.service import queries
from proscribed.service.store import open_store
from proscribed.store import Store
from proscribed.updates.apply import apply_records

T1 = "2026-10-01T12:00:00+00:00"


def _apply(store: Store, records: dict[str, dict[str, Any]], when: str, **kw: Any):  # type: ignore[no-untyped-def]
    payload = json.dumps(records, sort_keys=True).encode()
    return apply_records(store, registry="ru-undesirable", source="test", retrieved_at=when, payload=payload,
                         records=records, **kw)


@pytest.fixture()
def fresh(new_db: Callable[[], Path | str]) -> Iterator[Store]:
    store = open_store(new_db())
    yield store
    store.close()


def _added(base: dict[str, dict[str, Any]], row: int, name: str, listed: str) -> dict[str, Any]:
    rec = copy.deepcopy(base["ru-undesirable-418"])
    rec.update(id=f"ru-undesirable-{row:03d}", caption=name, names=[])
    rec["designations"][0].update(listed_on=listed, row_number=row, listing_order=None, decision_date=None)
    return rec


def test_additions_exclusion_and_both_time_axes(fresh: Store) -> None:
    base = fresh.current_records("ru-undesirable")
    new = copy.deepcopy(base)
    new["ru-undesirable-419"] = _added(base, 419, "Example Freedom Fund («Фонд Пример»), США", "2026-09-30")
    new["ru-undesirable-420"] = _added(base, 420, "Sample Media Institute, Латвия", "2026-09-30")
    d = new["ru-undesirable-226"]["designations"][0]
    d.update(status="excluded", excluded_on="2026-10-01", exclusion_order="1500-р")
    result = _apply(fresh, new, T1)
    kinds = sorted(c.kind for c in result.changes)
    assert kinds == ["added", "added", "excluded"]
    # Identical payload again: no new version, no changes.
    again = _apply(fresh, new, "2026-10-02T00:00:00+00:00")
    assert again.outcome == "unchanged" and again.changes == []
    # Valid time.
    assert len(queries.list_entries(fresh, "ru-undesirable")) == 419  # 420 rows, Amnesty excluded
    assert len(queries.list_entries(fresh, "ru-undesirable", date(2026, 9, 30))) == 420
    assert len(queries.list_entries(fresh, "ru-undesirable", date(2025, 5, 19))) == 223
    # Transaction time: what our copy said before the update.
    before = queries.list_entries(fresh, "ru-undesirable", known_as_of="2026-09-30T00:00:00+00:00")
    assert len(before) == 418
    amnesty_then = queries.entity_detail(fresh, "ru-undesirable-226", known_as_of="2026-09-30T00:00:00+00:00")
    assert amnesty_then.designations[0].status == "listed"
    assert fresh.entity("ru-undesirable-226").designations[0].status == "excluded"  # type: ignore[union-attr]
    # diff by valid date, changes by observation time, history per entity.
    window = queries.diff(fresh, date(2026, 9, 30), date(2026, 10, 1), "ru-undesirable")
    assert sorted(c["kind"] for c in window) == ["added", "added", "excluded"]
    assert {c["kind"] for c in queries.changes_since(fresh, T1)} == {"added", "excluded"}
    hist = queries.history(fresh, "ru-undesirable-226")
    assert [r["recorded_to"] for r in hist["records"]] == [T1, None]
    assert [c["kind"] for c in hist["changes"]] == ["added", "excluded"]
    # Screening knows the new entry, and not before it was known.
    hit = queries.check_names(fresh, ["Example Freedom Fund"], threshold=0.8)[0]["matches"]
    assert hit and hit[0]["id"] == "ru-undesirable-419"
    old = queries.check_names(fresh, ["Example Freedom Fund"], threshold=0.8, known_as_of="2026-09-30")[0]
    assert old["matches"] == []


def test_rename_is_field_by_field_and_keeps_the_former_name(fresh: Store) -> None:
    new = fresh.current_records("ru-undesirable")
    new["ru-undesirable-057"]["caption"] = "Stichting Bellingcat Europe (Нидерланды)"
    result = _apply(fresh, new, T1)
    [change] = result.changes
    assert (change.kind, change.field, change.new) == ("renamed", "caption", "Stichting Bellingcat Europe (Нидерланды)")


def test_vanishing_half_the_list_is_quarantined(fresh: Store) -> None:
    base = fresh.current_records("ru-undesirable")
    half = dict(list(base.items())[:209])
    versions = len(fresh.versions())
    with pytest.raises(Quarantined) as err:
        _apply(fresh, half, T1)
    assert "209 of 418" in str(err.value)
    assert fresh.current_records("ru-undesirable") == base  # nothing applied
    assert fresh.versions()[0].status == "quarantined" and len(fresh.versions()) == versions + 1
    forced = _apply(fresh, half, T1, force=True)
    assert forced.outcome == "forced"
    assert sum(1 for c in forced.changes if c.kind == "vanished") == 209
    assert len(queries.list_entries(fresh, "ru-undesirable")) == 209


def test_empty_and_missing_columns_are_quarantined(fresh: Store) -> None:
    with pytest.raises(Quarantined, match="zero rows"):
        _apply(fresh, {}, T1)
    base = fresh.current_records("ru-undesirable")
    with pytest.raises(Quarantined, match="required columns missing: listed_on"):
        _apply(fresh, base, "2026-10-03T00:00:00+00:00", missing=["listed_on"])
