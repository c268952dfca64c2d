"""A store holding hostile names (markup, quotes) beside the real data, for escaping tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from proscribed.service.store import open_store
from proscribed.updates.apply import apply_records
from tests.fixtures.stores import Backend

HOSTILE = "<script>alert(\"pwned\")</script> «O'Brien & \"Partners\"» <img src=x onerror=alert(1)>"


@pytest.fixture(scope="session")
def hostile_db(db_path: Path | str, backend: Backend) -> Path | str:
    path = backend.copy(db_path, "hostile")
    store = open_store(path)
    records = store.current_records("ru-terrorist")
    first = sorted(records)[0]
    record = json.loads(json.dumps(records[first]))
    record["caption"] = HOSTILE
    record["designations"][0]["provenance"][0]["raw"]["name"] = HOSTILE
    records[first] = record
    payload = json.dumps(records, sort_keys=True).encode("utf-8")
    apply_records(store, registry="ru-terrorist", source="test:hostile", retrieved_at="2026-11-01T00:00:00+00:00",
                  payload=payload, records=records)
    store.close()
    return path
