"""Scan an archive on a Dask cluster (``scan-archive --scheduler``).

The scanner (and the ids already done) goes once to each worker and stays there. A JSON
Lines file travels as blocks of raw lines that the workers decode, or, when every worker
sees the file, as byte ranges the workers read: reading, decoding and pickling each
document in this process, and Dask walking each document of a task's arguments, cost this
process more than the whole scan on one core.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..exc import SourceUnavailable
from .records import (
    Document,
    Scanned,
    encode,
    jsonl_blocks,
    scan_batch,
    scan_file_range,
    scan_jsonl,
)
from .scanner import Scanner

__all__ = ["Task", "run_dask", "jsonl_tasks", "scan_block", "scan_range", "scan_docs", "SCHEDULER_TIMEOUT"]

SCHEDULER_TIMEOUT = 10  # seconds to reach a Dask scheduler

Task = tuple[Callable[..., Scanned], tuple[Any, ...]]


@dataclass(frozen=True)
class Shared:
    """What every task of a run needs, one object: Dask scatters a tuple or a set item by item."""

    scanner: Scanner
    skip: set[str]


# A task's records come back encoded as the output's lines (records.Scanned): Dask
# serialising a list of thousands of dicts (and the main process unpickling it) cost as
# much as a third of the scan, and decoding and encoding them again there most of the rest.
def scan_block(shared: Shared, block: bytes, first_line: int, as_of: date | None, details: bool) -> Scanned:
    """A task: the records of a block of JSON Lines."""
    return encode(scan_jsonl(shared.scanner, block, first_line, shared.skip, as_of, details))


def scan_range(shared: Shared, path: str, start: int, end: int, first_line: int, as_of: date | None,
               details: bool) -> Scanned:
    """A task: the records of a byte range of a JSON Lines file the worker sees."""
    return scan_file_range(shared.scanner, path, start, end, first_line, shared.skip, as_of, details)


def jsonl_tasks(path: Path, as_of: date | None, details: bool, seen: bool) -> Iterator[Task]:
    """The tasks of a JSON Lines file: byte ranges when every worker sees the file (``seen``),
    else the blocks themselves, sent through the scheduler."""
    for start, block, first in jsonl_blocks(path):
        if seen:
            yield scan_range, (str(path), start, start + len(block), first, as_of, details)
        else:
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


def scan_docs(shared: Shared, docs: list[Document], as_of: date | None, details: bool) -> Scanned:
    """A task: the records of documents read by the main process."""
    return encode(scan_batch(shared.scanner, docs, as_of, details))


def run_dask(scanner: Scanner, skip: set[str], tasks: Callable[[bool], Iterator[Task]], scheduler: str,
             on_batch: Callable[[Scanned], None], source: Path | None = None) -> None:
    """Run each task (a function taking the :class:`Shared` object first, then its
    arguments, returning its records encoded) on the cluster, calling ``on_batch``
    with them in order. ``tasks(seen)``: whether every worker sees ``source``."""
    from ..extras import require

    require("distributed", "dask", "scan-archive --scheduler")
    from distributed import Client

    try:
        client: Any = Client(scheduler, timeout=SCHEDULER_TIMEOUT)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as err:
        # A scheduler that is down or not a scheduler: the one-line error (exit 6), not a traceback.
        raise SourceUnavailable(f"Dask scheduler {scheduler} unreachable: {err}") from None
    with client:
        # Sent once to each worker and kept there: every task gets the worker's copy.
        shared = client.scatter(Shared(scanner, skip), broadcast=True)
        window = max(4, 3 * len(client.scheduler_info().get("workers", {})))
        seen = source is not None and _workers_see(client, source)
        client.run(_worker_profiler, run=False)
        try:
            pending = []
            for fn, args in tasks(seen):
                pending.append(client.submit(fn, shared, *args, pure=False))
                if len(pending) >= window:  # bounded: the archive is never all in memory
                    on_batch(pending.pop(0).result())
            for fut in pending:
                on_batch(fut.result())
        finally:
            client.run(_worker_profiler, run=True)


def _worker_profiler(dask_worker: Any, run: bool) -> None:
    """Pause (or resume) a worker's statistical profiler: sampling the stacks of a task every
    10 ms takes the GIL from it, and made CPU-bound scan tasks 2-3 times slower."""
    callback = dask_worker.periodic_callbacks.get("profile")
    if callback is not None:
        if run:
            callback.start()
        else:
            callback.stop()
