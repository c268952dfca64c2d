#!/usr/bin/env python3
"""Crash safety of an update: SIGKILL at random moments while a 20,000-row list is applied.

Usage: python bench/crash.py [--trials N] [--rows R] [--seed S]

A child process applies one version of ``ru-foreign-agents`` with R rows (every
existing agent renamed, synthetic entries added up to R) to a copy of a pristine
store; the parent kills it with SIGKILL after a random delay (half of the trials
over the whole run, half over its last 30 %, where the diff and the commit are)
and then checks the copy: SQLite's integrity
check, the materialised entities against the records, and the state, which must
be the old one or the new one, never a mix. Prints trials, end states (old/new),
partial states and corrupt stores.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from proscribed.service.store import connect_store, open_store  # noqa: E402

REGISTRY = "ru-foreign-agents"
CHILD = r"""
import copy, json, sys
from proscribed.service.store import open_store
from proscribed.updates.apply import apply_records
store = open_store(sys.argv[1])
rows = int(sys.argv[2])
records = store.current_records("ru-foreign-agents")
for rec in records.values():
    rec["caption"] = rec["caption"] + " (renamed)"
template = next(iter(records.values()))
for i in range(rows - len(records)):
    rec = copy.deepcopy(template)
    rec["id"] = f"ru-foreign-agents-crash{i:06d}"
    rec["caption"] = f"Автономная некоммерческая организация «Пример {i}»"
    rec["names"] = []
    records[rec["id"]] = rec
payload = json.dumps(records, sort_keys=True).encode()
apply_records(store, registry="ru-foreign-agents", source="bench:crash", retrieved_at="2026-11-01T00:00:00+00:00",
              payload=payload, records=records)
print("done", flush=True)
"""


def state(path: Path) -> tuple[str, int] | str:
    """A digest of the registry's records and the version count, or why the store is corrupt."""
    try:
        store = connect_store(path)
    except Exception as err:  # noqa: BLE001 (any failure to open is a finding, reported as such)
        return f"cannot open: {err}"
    try:
        check = store.integrity_check()
        if check != "ok":
            return f"integrity: {check}"
        records = store.current_records(REGISTRY)
        derived = {e.id: e.caption for e in store.entities(REGISTRY)}
        if sorted(records) != sorted(derived) or any(r["caption"] != derived[i] for i, r in records.items()):
            return "entities disagree with records"
        versions = len(store.versions())
    finally:
        store.close()
    rows = sorted((i, json.dumps(r, sort_keys=True)) for i, r in records.items())
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest(), versions


def run_child(db: Path, rows: int, kill_after: float | None) -> float:
    """Run the child; kill it after ``kill_after`` seconds (None: let it finish). Its wall time."""
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(db), str(rows)], stdout=subprocess.DEVNULL,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)))
    if kill_after is None:
        if proc.wait(timeout=1800) != 0:
            raise SystemExit("the reference update failed")
    else:
        try:
            proc.wait(timeout=kill_after)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=60)
    return time.monotonic() - started


def copy_store(src: Path, dst: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{src}{suffix}").exists():
            shutil.copyfile(f"{src}{suffix}", f"{dst}{suffix}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=20261206)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pristine = Path(tmp) / "pristine.sqlite3"
        open_store(pristine).close()
        old = state(pristine)
        reference = Path(tmp) / "reference.sqlite3"
        copy_store(pristine, reference)
        duration = run_child(reference, args.rows, None)
        new = state(reference)
        if isinstance(old, str) or isinstance(new, str) or old == new:
            raise SystemExit(f"bad reference run: old {old!r}, new {new!r}")
        rng = random.Random(args.seed)
        counts = {"old": 0, "new": 0, "partial": 0, "corrupt": 0}
        for trial in range(args.trials):
            db = Path(tmp) / f"trial{trial}.sqlite3"
            copy_store(pristine, db)
            # Half the kills anywhere in the run, half in its last 30 %, where the diff and the
            # commit are (uniform kills alone mostly land in start-up and parsing).
            start = 0.0 if trial % 2 == 0 else duration * 0.7
            run_child(db, args.rows, rng.uniform(start, duration * 1.05))
            found = state(db)
            if isinstance(found, str):
                counts["corrupt"] += 1
                print(f"trial {trial}: corrupt: {found}", file=sys.stderr)
            elif found in (old, new):
                counts["old" if found == old else "new"] += 1
                open_store(db).close()  # and it opens normally afterwards
            else:
                counts["partial"] += 1
                print(f"trial {trial}: partial state", file=sys.stderr)
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
    print(f"rows {args.rows}  reference update {duration:.1f} s (child start-up included)")
    print(f"trials {args.trials}  old {counts['old']}  new {counts['new']}  "
          f"partial {counts['partial']}  corrupt {counts['corrupt']}")


if __name__ == "__main__":
    main()
