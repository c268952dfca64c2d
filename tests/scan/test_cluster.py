"""Dask: the results of tasks come back in files when the workers share this machine's
temporary directory, which no run leaves behind; workers that see none of this machine's
files (a cluster elsewhere) get the blocks, the scanner and the results over the network."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from proscribed.scan import build_scanner
from proscribed.scan.archive import iter_documents, run_batches
from proscribed.scan.build import ScannerFile, scanner_file
from proscribed.scan.cluster import Shared, Task, jsonl_tasks, run_dask, scan_range
from proscribed.scan.records import Scanned
from proscribed.scan.scanner import Scanner
from proscribed.store import Store

distributed = pytest.importorskip("distributed")

TEXTS = [
    "Генпрокуратура признала Amnesty International нежелательной организацией.",
    "Участники «Открытой России» задержаны; см. https://meduza.io/feature",
    "Ничего интересного.",
]


def _archive(path: Path, n: int = 3000) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"d{i:05d}", "text": TEXTS[i % 3], "published": "2024-01-01"},
                                ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=50) as local:
        yield local


def test_cli_spools_results_and_leaves_no_file(run_cli, db_path: Path | str, cluster: Any,  # type: ignore[no-untyped-def]
                                               tmp_path: Path) -> None:
    source = _archive(tmp_path / "a.jsonl")
    spool = tmp_path / "tmp"  # the command's temporary directory
    spool.mkdir()
    one = run_cli("scan-archive", str(source), "--json")
    out = tmp_path / "out.jsonl"
    dask = subprocess.run([sys.executable, "-m", "proscribed", "scan-archive", str(source), "--out", str(out),
                           "--scheduler", cluster.scheduler_address], capture_output=True, timeout=120,
                          env=dict(os.environ, PROSCRIBED_DB=str(db_path), TMPDIR=str(spool)))
    assert one.returncode == dask.returncode == 0, dask.stderr
    assert out.read_bytes() == one.stdout and one.stdout.count(b"\n") == 3000
    assert dask.stderr.splitlines()[-1] == one.stderr.splitlines()[-1]
    assert list(spool.iterdir()) == []


def test_a_failing_task_stops_the_run_and_its_files_go(store: Store, cluster: Any, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    source = _archive(tmp_path / "a.jsonl", 60_000)
    scanner = build_scanner(store)
    spool = tmp_path / "tmp"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    good = list(jsonl_tasks(source, None, False, True))
    assert len(good) >= 2
    # The third task reads a file that is gone: the others before and after it are running or done.
    missing: Task = (scan_range, (str(tmp_path / "gone.jsonl"), 0, 10, 1, None, False))
    tasks = [*good[:2], missing, *good[2:], *good]
    cached = _cache_file(store, scanner, tmp_path)
    got: list[Scanned] = []
    with pytest.raises(FileNotFoundError, match="gone.jsonl"):
        run_dask(lambda: scanner, set(), lambda _seen: iter(tasks), cluster.scheduler_address, got.append, source,
                 cached)
    assert len(got) == 2 and all(batch.path is not None for batch in got)
    assert list(spool.iterdir()) == []
    time.sleep(1)  # the tasks still running when the run stopped found their files gone and wrote none
    assert list(spool.iterdir()) == []
    # The workers keep the scanner of the store's cache (the next run on these registries needs it).
    label = Shared("", set(), path=str(cached.path), key=cached.key).label
    assert [list(h) for h in _held(cluster).values()] == [[label], [label]]


def _cache_file(store: Store, scanner: Scanner, tmp_path: Path) -> ScannerFile:
    """The store's cache file of the scanner; a PostgreSQL store keeps its cache in a table, so
    the same content goes to a file of the test's own, as a shared file system would hold it."""
    cached = scanner_file(store)
    if cached is not None:
        return cached
    path = tmp_path / "scanner.pickle"
    path.write_bytes(pickle.dumps(("own", scanner), protocol=pickle.HIGHEST_PROTOCOL))
    return ScannerFile(path, "own")


def _held(cluster: Any) -> dict[str, dict[str, int]]:
    """What each worker holds: the label of each scanner and its object's id."""
    with distributed.Client(cluster.scheduler_address) as client:
        return client.run(lambda: {k: id(v) for k, v in
                                   __import__("proscribed.scan.cluster", fromlist=["_LOADED"])._LOADED.items()})


def test_workers_keep_the_scanner_of_the_cache_between_runs(store: Store, cluster: Any, tmp_path: Path) -> None:
    source = _archive(tmp_path / "a.jsonl", 300)
    scanner = build_scanner(store)
    cached = _cache_file(store, scanner, tmp_path)
    runs: list[bytes] = []

    def run(cache: ScannerFile | None) -> None:
        got: list[Scanned] = []
        run_dask(lambda: scanner, set(), lambda seen: jsonl_tasks(source, None, False, seen), cluster.scheduler_address,
                 lambda batch: got.append(batch._replace(lines=batch.data(), path=None)), source, cache)
        runs.append(b"".join(batch.lines for batch in got))

    run(cached)
    first = _held(cluster)
    label = Shared("", set(), path=str(cached.path), key=cached.key).label
    assert [list(h) for h in first.values()] == [[label], [label]]
    run(cached)  # the same objects: nothing was loaded again
    assert _held(cluster) == first
    # A scanner sent from here (the cache holds another key: the registries changed) replaces
    # it, and is freed at the run's end.
    run(ScannerFile(cached.path, cached.key + ":older"))
    assert list(_held(cluster).values()) == [{}, {}]
    assert runs[0].count(b"\n") == 300 and runs.count(runs[0]) == 3


@pytest.fixture(scope="module")
def elsewhere() -> Iterator[Any]:
    """A cluster whose 2 workers see none of this machine's temporary files, as on another
    machine: each worker process has a mount namespace of its own with an empty file system
    on the temporary directory (where the tests' archives, store and cache are)."""
    tmp = tempfile.gettempdir()
    wrap = ["unshare", "--mount", "--propagation", "private", "sh", "-c", 'mount -t tmpfs none "$0" && exec "$@"', tmp]
    if shutil.which("unshare") is None or subprocess.run([*wrap, "true"], capture_output=True).returncode != 0:
        pytest.skip("no mount namespace can be made here (unshare needs root)")
    with distributed.LocalCluster(n_workers=0, dashboard_address=":0", silence_logs=50) as local:
        workers = [subprocess.Popen([*wrap, sys.executable, "-m", "distributed.cli.dask_worker", local.scheduler_address,
                                     "--nthreads", "1", "--no-nanny", "--no-dashboard"],
                                    env=dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2])),
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(2)]
        try:
            with distributed.Client(local.scheduler_address) as client:
                client.wait_for_workers(2, timeout=60)
            yield local
        finally:
            for worker in workers:
                worker.terminate()
            for worker in workers:
                worker.wait(timeout=30)


def test_workers_elsewhere_get_everything_over_the_network(run_cli, store: Store, elsewhere: Any,  # type: ignore[no-untyped-def]
                                                           tmp_path: Path) -> None:
    source = _archive(tmp_path / "a.jsonl")
    scanner = build_scanner(store)
    one: list[Scanned] = []
    run_batches(lambda: scanner, iter_documents(source), on_batch=one.append, details=False)
    seen: list[bool] = []
    asked: list[bool] = []
    dask: list[Scanned] = []

    def tasks(ok: bool) -> Iterator[Task]:
        seen.append(ok)
        return jsonl_tasks(source, None, False, ok)

    def given_scanner() -> Scanner:
        asked.append(True)
        return scanner

    run_dask(given_scanner, set(), tasks, elsewhere.scheduler_address, dask.append, source, scanner_file(store))
    # Blocks sent (the file is not seen), the scanner pickled here (nor is its cache), the records
    # sent back (nor is this machine's temporary directory).
    assert seen == [False] and asked == [True] and all(batch.path is None for batch in dask)
    assert b"".join(batch.lines for batch in dask) == b"".join(batch.lines for batch in one)
    local = run_cli("scan-archive", str(source), "--json")
    remote = run_cli("scan-archive", str(source), "--json", "--scheduler", elsewhere.scheduler_address)
    assert local.returncode == remote.returncode == 0, remote.stderr
    assert remote.stdout == local.stdout and local.stdout.count(b"\n") == 3000
