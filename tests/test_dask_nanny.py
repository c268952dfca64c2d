"""Dask workers started as the README says (``dask worker --nworkers 2 --preload-nanny
proscribed.dask_nanny``): forked from the nannies' process, which holds the store's scanner,
they hold it before any run (the same object in both: shared pages), scan with it without
loading one, and run without the statistical profiler."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from proscribed.exc import InvalidInput
from proscribed.scan.build import scanner_file
from proscribed.scan.cluster import Shared
from proscribed.dask_nanny import dask_setup
from proscribed.service.store import open_store

from .scan.test_cluster import _archive, _held

distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def sqlite_db(db_path: Path | str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite store (the preload needs the scanner's cache in a file): the session's, or a new one."""
    if isinstance(db_path, Path):
        return db_path
    path = tmp_path_factory.mktemp("nanny") / "store.sqlite3"
    open_store(path).close()
    return path


@pytest.fixture(scope="module")
def preloaded(sqlite_db: Path) -> Iterator[Any]:
    """A scheduler, and one ``dask worker`` process with 2 nannies preloading the scanner."""
    with distributed.LocalCluster(n_workers=0, dashboard_address=":0", silence_logs=50) as local:
        worker = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", local.scheduler_address,
                                   "--nworkers", "2", "--nthreads", "1", "--no-dashboard",
                                   "--preload-nanny", "proscribed.dask_nanny"],
                                  env=dict(os.environ, PROSCRIBED_DB=str(sqlite_db), PYTHONPATH=str(ROOT)),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            with distributed.Client(local.scheduler_address) as client:
                client.wait_for_workers(2, timeout=90)
            yield local
        finally:
            worker.terminate()
            worker.wait(timeout=60)


def test_forked_workers_hold_one_scanner_before_any_run(run_cli, sqlite_db: Path, preloaded: Any,  # type: ignore[no-untyped-def]
                                                        tmp_path: Path) -> None:
    store = open_store(sqlite_db)
    cached = scanner_file(store)
    store.close()
    assert cached is not None
    label = Shared("", set(), path=str(cached.path), key=cached.key).label
    before = _held(preloaded)
    # No run has asked them to load anything: they inherited it, the same object at the same
    # address in both (a worker loading its own would have put it elsewhere in its heap).
    assert [list(held) for held in before.values()] == [[label], [label]]
    assert len({held[label] for held in before.values()}) == 1
    with distributed.Client(preloaded.scheduler_address) as client:
        profiling = client.run(lambda: __import__("dask").config.get("distributed.worker.profile.enabled"))
    assert list(profiling.values()) == [False, False]

    source = _archive(tmp_path / "a.jsonl")
    local = run_cli("scan-archive", str(source), "--json", db=sqlite_db)
    dask = run_cli("scan-archive", str(source), "--json", "--scheduler", preloaded.scheduler_address, db=sqlite_db)
    assert local.returncode == dask.returncode == 0, dask.stderr
    assert dask.stdout == local.stdout and local.stdout.count(b"\n") == 3000
    assert _held(preloaded) == before  # scanned with the inherited scanner; nothing loaded again


def test_a_store_without_a_cache_file_is_refused() -> None:
    # An in-memory SQLite store (as a PostgreSQL one) keeps no cache file the workers could find.
    with pytest.raises(InvalidInput, match="cache in a file"):
        dask_setup.callback(object(), db=":memory:")  # type: ignore[misc]
