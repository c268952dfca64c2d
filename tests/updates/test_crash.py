"""Kill an update with SIGKILL at random moments: the store stays consistent and atomic."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from proscribed.service.store import open_store

# The child applies one version that renames every foreign agent (1,226 entities,
# each re-parsed and re-materialised): long enough for kills to land inside it.
CHILD = r"""
import json, sys
from proscribed.service.store import open_store
from proscribed.updates.apply import apply_records
store = open_store(sys.argv[1])
records = store.current_records("ru-foreign-agents")
for rec in records.values():
    rec["caption"] = rec["caption"] + " (renamed)"
payload = json.dumps(records, sort_keys=True).encode()
print("start", flush=True)
apply_records(store, registry="ru-foreign-agents", source="test:crash", retrieved_at="2026-11-01T00:00:00+00:00",
              payload=payload, records=records)
print("done", flush=True)
"""


def _state(path: Path) -> tuple[str, int]:
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = db.execute("SELECT entity_id, record FROM records WHERE recorded_to IS NULL "
                          "AND registry_id = 'ru-foreign-agents' ORDER BY entity_id").fetchall()
        derived = db.execute("SELECT id, caption FROM entities WHERE id LIKE 'ru-foreign-agents-%' ORDER BY id").fetchall()
        versions = db.execute("SELECT count(*) FROM versions").fetchone()[0]
    finally:
        db.close()
    # The derived tables must agree with the records.
    assert [r[0] for r in rows] == [d[0] for d in derived]
    assert all(json.loads(r[1])["caption"] == d[1] for r, d in zip(rows, derived))
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest(), int(versions)


def _run(db: Path, kill_after: float | None) -> str:
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(db)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "start"
    with proc.stdout:
        if kill_after is None:
            out = proc.stdout.read()
            assert proc.wait(timeout=120) == 0
            return out
        time.sleep(kill_after)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        return ""


def test_sigkill_leaves_old_or_new_state(tmp_path: Path) -> None:
    pristine = tmp_path / "pristine.sqlite3"
    open_store(pristine).close()
    old = _state(pristine)

    reference = tmp_path / "reference.sqlite3"
    shutil.copy(pristine, reference)
    started = time.monotonic()
    assert "done" in _run(reference, None)
    duration = time.monotonic() - started
    new = _state(reference)
    assert new != old and new[1] == old[1] + 1

    rng = random.Random(20261128)
    seen = {"old": 0, "new": 0}
    for trial in range(24):
        db = tmp_path / f"trial{trial}.sqlite3"
        shutil.copy(pristine, db)
        _run(db, rng.uniform(0, duration * 1.1))
        state = _state(db)
        assert state in (old, new), f"trial {trial}: partial state"
        seen["old" if state == old else "new"] += 1
        # The store opens normally afterwards.
        open_store(db).close()
    assert seen["old"] > 0  # kills did land before the commit
