"""Scan an archive on a Dask cluster (``scan-archive --scheduler``).

Each worker loads the scanner once and keeps it: from the store's cache file when every
worker sees it (a local cluster, or one sharing the file system; kept after the run for the
next one on the same registries), else from a pickle made once here and sent once to each
worker (freed at the run's end). Dask serialising the scanner object itself
took 2 s a run, as long as a third of the scan of 100,000 news texts on one core.

A JSON Lines file travels as blocks of raw lines that the workers decode, or, when every
worker sees the file, as byte ranges the workers read: reading, decoding and pickling each
document in this process, and Dask walking each document of a task's arguments, cost this
process more than the whole scan on one core. A task's records come back encoded as the
output's lines (:class:`~proscribed.scan.records.Scanned`), which this process only writes;
when every worker may write to a temporary directory of this process, a task writes them to
a file there and answers with its name: the results (twice the size of the input) then
travel over no socket and through no serialisation, and this process has the kernel copy
each file to the output.
"""

from __future__ import annotations

import gc
import os
import pickle
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..exc import SourceUnavailable, StoreError
from .build import ScannerFile, load_scanner_file
from .records import Document, Scanned, encode, jsonl_blocks, jsonl_ranges, scan_batch, scan_file_range, scan_jsonl

if TYPE_CHECKING:
    from .scanner import Scanner

__all__ = ["Task", "Shared", "run_dask", "jsonl_tasks", "scan_block", "scan_range", "scan_docs", "hold",
           "SCHEDULER_TIMEOUT"]

SCHEDULER_TIMEOUT = 10  # seconds to reach a Dask scheduler
# A task's block of JSON Lines: four times a local worker's. Each task costs this process
# about 2.5 ms of CPU (Dask's client), taken from the workers on a small machine: with 1 MB
# blocks this process used 0.7 s of CPU on 160 MB, with 2 MB 0.5 s, with 4 MB 0.45 s. The
# last task runs alone, longer with larger blocks: once the workers shared the scanner
# (proscribed.dask_nanny), 4 MB gave the faster runs (bench/scan.py, 2 workers: 1.60x and
# 1.75x one process against 1.52x with 2 MB, the command 1.0 s of CPU against 1.17 s).
DASK_BLOCK_BYTES = 4 << 20

Task = tuple[Callable[..., Scanned], tuple[Any, ...]]


@dataclass(frozen=True)
class Shared:
    """What every task of a run needs, sent once to each worker as one object (Dask scatters
    a tuple or a set item by item): the run's token, the ids already done, and the scanner
    as a pickle (``pickled``) or as a cache file the worker reads (``path``, holding ``key``)."""

    token: str
    skip: set[str]
    pickled: bytes | None = None
    path: str | None = None
    key: str | None = None

    @property
    def label(self) -> str:
        """Which scanner a worker holds for this run: a cache file's (path and key: kept for
        the next run) or the run's own pickle (its token: freed at the run's end)."""
        return self.token if self.path is None or self.key is None else _file_label(self.path, self.key)


def _file_label(path: str, key: str) -> str:
    return f"{path}\0{key}"


# On a worker: the scanner it holds, by label (see Shared.label). A scanner from the store's
# cache file stays loaded after its run: the next run on the same registries starts scanning
# at once (loading it again took 0.1-0.35 s of each run, while the command waited).
_LOADED: dict[str, Scanner] = {}
_LOADING = threading.Lock()  # a worker of several threads loads it once


def _keep(label: str, scanner: Scanner) -> None:
    if _LOADED:
        _LOADED.clear()  # one scanner at a time: another cache key means the registries changed
        gc.unfreeze()
    _LOADED[label] = scanner
    # The objects living now (the scanner above all, kept to the run's end) are left out of
    # the collector's sight, as one process does (archive.py): each full collection walked them.
    gc.freeze()


def hold(cached: ScannerFile, load: Callable[[], Scanner]) -> None:
    """Hold the scanner of the store's cache file ``cached`` in this process (``load`` gives
    it, called unless this process holds it already) as if a run had loaded it from there:
    a worker forked from this process later (see :mod:`proscribed.dask_nanny`) finds it and
    shares its memory pages."""
    label = _file_label(str(cached.path), cached.key)
    with _LOADING:
        if label not in _LOADED:
            _keep(label, load())


def _preload(label: str, path: str, key: str) -> bool:
    """On every worker at once, before the first task: load the run's scanner from the
    store's cache file, unless the worker holds it from an earlier run; whether the worker
    sees a cache holding ``key``. When every worker does, the command needs no scanner of its
    own (else it sends its own, which it may have to build: the cache was stale). Run in the
    worker's event loop, which waits for it (no task runs yet)."""
    with _LOADING:
        if label in _LOADED:
            return True
    scanner = load_scanner_file(path, key)
    if scanner is None:
        return False
    with _LOADING:
        _keep(label, scanner)
    return True


def _scanner(shared: Shared) -> Scanner:
    from .scanner import Scanner

    with _LOADING:
        scanner = _LOADED.get(shared.label)
        if scanner is None:
            if shared.path is not None and shared.key is not None:
                scanner = load_scanner_file(shared.path, shared.key)
            elif shared.pickled is not None:
                scanner = pickle.loads(shared.pickled)  # our own pickle, made by run_dask
            if not isinstance(scanner, Scanner):
                raise StoreError("the scanner's cache changed during the scan (the registries were updated): "
                                 "run the scan again")
            _keep(shared.label, scanner)
        return scanner


def _answer(scanned: Scanned, spool: str | None) -> Scanned:
    """A task's answer: its records, or, given ``spool`` (a file the main process made), their
    file. Opened without creating it: a task still running when the run stopped and removed
    its files leaves none behind."""
    if spool is None:
        return scanned
    with open(os.open(spool, os.O_WRONLY | os.O_TRUNC), "wb") as fh:
        fh.write(scanned.lines)
    return scanned._replace(lines=b"", path=spool)


def scan_block(shared: Shared, block: bytes, first_line: int, as_of: date | None, details: bool,
               spool: str | None = None) -> Scanned:
    """A task: the records of a block of JSON Lines."""
    return _answer(encode(scan_jsonl(_scanner(shared), block, first_line, shared.skip, as_of, details)), spool)


def scan_range(shared: Shared, path: str, start: int, end: int, first_line: int, as_of: date | None,
               details: bool, spool: str | None = None) -> Scanned:
    """A task: the records of a byte range of a JSON Lines file the worker sees."""
    return _answer(scan_file_range(_scanner(shared), path, start, end, first_line, shared.skip, as_of, details),
                   spool)


def scan_docs(shared: Shared, docs: list[Document], as_of: date | None, details: bool,
              spool: str | None = None) -> Scanned:
    """A task: the records of documents read by the main process."""
    return _answer(encode(scan_batch(_scanner(shared), docs, as_of, details)), spool)


def jsonl_tasks(path: Path, as_of: date | None, details: bool, seen: bool) -> Iterator[Task]:
    """The tasks of a JSON Lines file: byte ranges when every worker sees the file (``seen``),
    else the blocks themselves, sent through the scheduler."""
    if seen:
        for start, end, first in jsonl_ranges(path, DASK_BLOCK_BYTES):
            yield scan_range, (str(path), start, end, first, as_of, details)
    else:
        for _, block, first in jsonl_blocks(path, DASK_BLOCK_BYTES):
            yield scan_block, (block, first, as_of, details)


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def _workers_see(client: Any, path: Path) -> bool:
    """Whether every worker sees this file as this process does (same size and modification
    time): a local cluster, or one sharing the file system."""
    mine = _stamp(str(path))
    theirs = client.run(_stamp, str(path))
    return mine is not None and bool(theirs) and all(stamp == mine for stamp in theirs.values())


def _writable(path: str) -> bool:
    try:
        os.close(os.open(path, os.O_WRONLY))
    except OSError:
        return False
    return True


def _workers_write(client: Any, directory: Path) -> bool:
    """Whether every worker sees this directory and may write to the files this process makes there."""
    probe = directory / "probe"
    probe.touch()
    try:
        return _workers_see(client, probe) and all(client.run(_writable, str(probe)).values())
    finally:
        probe.unlink()


def run_dask(scanner: Callable[[], Scanner], skip: set[str], tasks: Callable[[bool], Iterator[Task]],
             scheduler: str, on_batch: Callable[[Scanned], None], source: Path | None = None,
             cached: ScannerFile | None = None) -> None:
    """Run each task (a function taking the :class:`Shared` object first, then its
    arguments, returning its records encoded) on the cluster, calling ``on_batch`` with
    them in order. ``tasks(seen)``: whether every worker sees ``source``. ``cached``: the
    file the store caches the scanner in, which workers that see it load themselves;
    ``scanner`` is called only when one does not (to send them this process's)."""
    from ..extras import require

    require("distributed", "dask", "scan-archive --scheduler")
    from distributed import Client

    try:
        client: Any = Client(scheduler, timeout=SCHEDULER_TIMEOUT)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as err:
        # A scheduler that is down or not a scheduler: the one-line error (exit 6), not a traceback.
        raise SourceUnavailable(f"Dask scheduler {scheduler} unreachable: {err}") from None
    # Whatever ends the run, the temporary directory goes with every file of the tasks.
    with client, tempfile.TemporaryDirectory(prefix="proscribed-scan-") as spool_dir:
        token = uuid.uuid4().hex
        state = None
        if cached is not None:
            state = Shared(token, skip, path=str(cached.path), key=cached.key)
            if not all(client.run(_preload, state.label, state.path, state.key).values()):
                state = None
        if state is None:
            state = Shared(token, skip, pickled=pickle.dumps(scanner(), protocol=pickle.HIGHEST_PROTOCOL))
        # Sent once to each worker and kept there: every task gets the worker's copy.
        shared = client.scatter(state, broadcast=True)
        window = max(4, 3 * len(client.scheduler_info().get("workers", {})))
        seen = source is not None and _workers_see(client, source)
        spool = Path(spool_dir) if _workers_write(client, Path(spool_dir)) else None
        client.run(_worker_profiler, run=False)
        try:
            pending: list[Any] = []
            for n, (fn, args) in enumerate(tasks(seen)):
                extra: dict[str, str] = {}
                if spool is not None:
                    extra["spool"] = str(spool / f"{n}.jsonl")
                    Path(extra["spool"]).touch()
                pending.append(client.submit(fn, shared, *args, pure=False, **extra))
                if len(pending) >= window:  # bounded: the archive is never all in memory
                    _deliver(pending.pop(0).result(), on_batch)
            for fut in pending:
                _deliver(fut.result(), on_batch)
        finally:
            client.run(_worker_profiler, run=True, keep=state.label if state.path is not None else "")


def _deliver(batch: Scanned, on_batch: Callable[[Scanned], None]) -> None:
    try:
        on_batch(batch)
    finally:
        if batch.path is not None:
            os.unlink(batch.path)


def _worker_profiler(dask_worker: Any, run: bool, keep: str | None = None) -> None:
    """Pause (or resume) a worker's statistical profiler: sampling the stacks of a task every
    10 ms takes the GIL from it, and made CPU-bound scan tasks 2-3 times slower. At the end
    of a run (``keep`` given), the worker frees every scanner but the one ``keep`` names (the
    store's cache file's, for the next run; "" for none: a run's own pickle is freed)."""
    callback = dask_worker.periodic_callbacks.get("profile")
    if callback is not None:
        if run:
            callback.start()
        else:
            callback.stop()
    if keep is not None:
        with _LOADING:
            if any(label != keep for label in _LOADED):
                kept = _LOADED.pop(keep, None)
                _LOADED.clear()
                gc.unfreeze()  # what the freed scanner leaves in cycles can be collected again
                if kept is not None:
                    _keep(keep, kept)
