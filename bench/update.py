#!/usr/bin/env python3
"""Speed of applying versions: 100,000 synthetic entries, then a 1,000-entry diff.

Usage: python bench/update.py [--entries N] [--changed M]

Each apply (check, diff, record history, materialised entities, changes) is
timed against the baseline of simply loading the same payload into the store:
one row per record into a plain table of the same SQLite file, in one
transaction. Prints both times and their ratio.
"""

from __future__ import annotations

import argparse
import copy
import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from proscribed.registries import load_registries  # noqa: E402
from proscribed.store.sqlite import SQLiteStore  # noqa: E402
from proscribed.updates.apply import apply_records  # noqa: E402

REGISTRY = "ru-foreign-agents"
_WORDS = ["Свобода", "Правда", "Голос", "Память", "Центр", "Фонд", "Движение", "Медиа", "Проект", "Сеть"]


def synthetic(n: int) -> dict[str, dict[str, Any]]:
    out = {}
    for i in range(n):
        eid = f"{REGISTRY}-bench{i:06d}"
        name = f"Автономная некоммерческая организация «{_WORDS[i % 10]} {_WORDS[(i // 10) % 10]} {i}»"
        out[eid] = {
            "id": eid, "schema": "organization", "caption": name, "names": [], "properties": {"inn": f"77{i:08d}"},
            "designations": [{
                "registry": REGISTRY, "status": "listed", "listed_on": f"20{15 + i % 11}-0{1 + i % 9}-1{i % 10}",
                "excluded_on": None, "register_number": i + 1,
                "provenance": [{"source": "bench", "retrieved_at": "2026-11-01T00:00:00+00:00",
                                "raw": {"field_1_i": i + 1, "field_2_s": name}}],
            }],
        }
    return out


def timed(store: SQLiteStore, tmp: Path, records: dict[str, dict[str, Any]], when: str, label: str) -> None:
    """Apply ``records`` as a version and print the time against the plain load of the same payload."""
    payload = json.dumps(records, ensure_ascii=False, sort_keys=True).encode()
    plain = baseline(tmp / "plain.sqlite3", payload)
    t0 = time.perf_counter()
    result = apply_records(store, registry=REGISTRY, source="bench", retrieved_at=when, payload=payload,
                           records=records)
    spent = time.perf_counter() - t0
    print(f"{label}: {spent:.2f} s ({len(result.changes)} changes); plain load of the payload {plain:.2f} s; "
          f"ratio {spent / plain:.1f}x")


def baseline(path: Path, payload: bytes) -> float:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("CREATE TABLE IF NOT EXISTS plain (id TEXT PRIMARY KEY, record TEXT NOT NULL)")
    t0 = time.perf_counter()
    db.execute("BEGIN IMMEDIATE")
    db.execute("DELETE FROM plain")
    rows = [(k, json.dumps(v, ensure_ascii=False)) for k, v in json.loads(payload).items()]
    db.executemany("INSERT INTO plain VALUES (?, ?)", rows)
    db.execute("COMMIT")
    elapsed = time.perf_counter() - t0
    db.close()
    return elapsed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, default=100_000)
    ap.add_argument("--changed", type=int, default=1_000)
    args = ap.parse_args()
    records = synthetic(args.entries)
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "bench.sqlite3")
        store.set_registries(load_registries(), [])
        timed(store, Path(tmp), records, "2026-11-01T00:00:00+00:00", f"apply {args.entries} new entries")

        changed = copy.deepcopy(records)
        for i, eid in enumerate(list(changed)[: args.changed]):
            if i % 2:
                changed[eid]["caption"] += " (переименована)"
            else:
                changed[eid]["designations"][0].update(status="excluded", excluded_on="2026-11-20")
        timed(store, Path(tmp), changed, "2026-11-20T00:00:00+00:00",
              f"apply a {args.changed}-entry diff over {args.entries} entries")
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
