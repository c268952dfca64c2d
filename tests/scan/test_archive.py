"""Archive scans: sources, resume after a kill, the Dask run equal to the single-process run."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from proscribed.exc import StoreError
from proscribed.scan import build_scanner
from proscribed.scan.archive import iter_documents, run_batches
from proscribed.service.store import connect_store
from proscribed.store import Store

TEXTS = [
    "Генпрокуратура признала Amnesty International нежелательной организацией.",
    "Участники «Открытой России» задержаны; см. https://meduza.io/feature",
    "Ничего интересного.",
    "<html><p>Radio Free Europe/Radio Liberty и <a href='https://www.bellingcat.com'>расследование</a>",
]


def _jsonl(path: Path, n: int) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            text = TEXTS[i % len(TEXTS)]
            key = "html" if text.startswith("<html") else "text"
            fh.write(json.dumps({"id": f"doc{i:05d}", key: text, "published": "2024-01-01"}) + "\n")
    return path


def _collect(scanner, docs, **kw):  # type: ignore[no-untyped-def]
    out: list[dict] = []  # type: ignore[type-arg]
    run_batches(lambda: scanner, docs, on_batch=lambda b: out.extend(b.records()), batch=7, **kw)
    return out


def test_sources_and_bad_documents(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXTS[0], encoding="utf-8")
    (folder / "b.html").write_text(TEXTS[3], encoding="utf-8")
    (folder / "c.txt").write_bytes(b"\x00\x01binary")
    (folder / "d.txt").write_bytes("Amnesty International \xff".encode("latin-1"))
    docs = list(iter_documents(folder))
    records = _collect(build_scanner(store), iter(docs))
    by_id = {r["id"]: r for r in records}
    assert by_id["a.txt"]["mentions"][0]["id"] == "ru-undesirable-226"
    assert {m["kind"] for m in by_id["b.html"]["mentions"]} >= {"link", "full"}
    assert by_id["c.txt"]["error"].startswith("binary") and by_id["c.txt"]["mentions"] == []
    assert "invalid UTF-8" in by_id["d.txt"]["error"]
    db = tmp_path / "docs.sqlite3"
    with sqlite3.connect(db) as con:
        con.execute("CREATE TABLE documents (id TEXT, text TEXT, published TEXT)")
        con.execute("INSERT INTO documents VALUES ('x', ?, '2020-01-01')", (TEXTS[0],))
    [row] = _collect(build_scanner(store), iter_documents(db))
    assert row["mentions"][0]["listed_at_document_date"] is False


def test_dask_run_equals_single_process(store: Store, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    source = _jsonl(tmp_path / "archive.jsonl", 300)
    scanner = build_scanner(store)
    single = _collect(scanner, iter_documents(source))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=50) as cluster:
        dask = _collect(scanner, iter_documents(source), scheduler=cluster.scheduler_address)
    pool = _collect(scanner, iter_documents(source), workers=2)
    assert dask == single and pool == single
    assert sum(len(r["mentions"]) for r in single) > 300


def test_kill_and_resume(tmp_path: Path, db_path: Path | str) -> None:
    source = _jsonl(tmp_path / "big.jsonl", 20_000)
    out = tmp_path / "out.jsonl"
    env = dict(os.environ, PROSCRIBED_DB=str(db_path))
    cmd = [sys.executable, "-m", "proscribed", "scan-archive", str(source), "--out", str(out)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not out.exists() or out.stat().st_size < 200_000):
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = out.read_text(encoding="utf-8").count("\n")
    assert 0 < partial < 20_000
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "already done" in done.stderr
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(ids) == 20_000 and len(set(ids)) == 20_000


def _scanned(db: Path | str) -> int:
    """Documents with stored results, read while the scan runs (SQLite may be busy: then none yet)."""
    try:
        store = connect_store(db)
    except (sqlite3.OperationalError, StoreError):
        return 0
    try:
        return sum(len(store.scanned_ids(run["id"])) for run in store.scan_runs())
    except sqlite3.OperationalError:
        return 0
    finally:
        store.close()


def test_folder_to_store_resumes_after_kill(tmp_path: Path, db_path: Path | str,
                                           copy_db: Callable[[Path | str], Path | str]) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    for i in range(6000):
        (folder / f"{i:05d}.txt").write_text(TEXTS[i % 3], encoding="utf-8")
    db = copy_db(db_path)  # a copy of the session store: this test writes scan results
    env = dict(os.environ, PROSCRIBED_DB=str(db))
    cmd = [sys.executable, "-m", "proscribed", "scan-archive", str(folder)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    done = 0
    while time.monotonic() < deadline and done < 400:
        time.sleep(0.2)
        done = _scanned(db)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.stderr is not None
    proc.stderr.close()
    assert 0 < done < 6000
    again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert "already done" in again.stderr and "scanning" in again.stderr  # the progress bar
    runs = subprocess.run([sys.executable, "-m", "proscribed", "scan-results", "--json"], env=env,
                          capture_output=True, text=True, timeout=120)
    [run] = [json.loads(line) for line in runs.stdout.splitlines()]
    assert run["documents"] == 6000 and run["mentions"] == 6000  # 1 + 2 + 0 mentions in every three documents
    docs = subprocess.run([sys.executable, "-m", "proscribed", "scan-results", str(run["id"]), "--with-mentions",
                           "--json"], env=env, capture_output=True, text=True, timeout=120)
    rows = [json.loads(line) for line in docs.stdout.splitlines()]
    assert len(rows) == 4000 and rows[0]["id"] == "00000.txt"


@pytest.mark.parametrize("address", ["tcp://127.0.0.1:9", "nonsense://nowhere"])
def test_unreachable_scheduler_is_a_one_line_error(run_cli, tmp_path: Path, address: str) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "doc.txt").write_text("Meduza", encoding="utf-8")
    r = run_cli("scan-archive", str(tmp_path), "--scheduler", address, "--json")
    assert r.returncode == 6
    assert r.stderr.decode().strip().splitlines()[-1].startswith("error: Dask scheduler")
    assert b"Traceback" not in r.stderr


def test_json_lines_are_compact_unless_details(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = _jsonl(tmp_path / "few.jsonl", 4)
    compact = [json.loads(line) for line in run_cli("scan-archive", str(source), "--json").stdout.splitlines()]
    full = [json.loads(line) for line in
            run_cli("scan-archive", str(source), "--json", "--details").stdout.splitlines()]
    assert [r["id"] for r in compact] == [r["id"] for r in full] == ["doc00000", "doc00001", "doc00002", "doc00003"]
    for c, f in zip(compact, full):
        assert [(m["start"], m["end"], m["id"]) for m in c["mentions"]] == \
            [(m["start"], m["end"], m["id"]) for m in f["mentions"]]
        assert all(set(m) <= {"start", "end", "id", "also", "url"} for m in c["mentions"])
    assert {"surface", "registry", "kind", "status"} <= set(full[0]["mentions"][0])
    assert any("url" in m for r in compact for m in r["mentions"])
