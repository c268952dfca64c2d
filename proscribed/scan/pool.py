"""Scan an archive on local worker processes (``scan-archive --workers N``).

Forked workers share the main process's scanner (copy on write): nothing is pickled or
loaded again; where fork is missing, each worker unpickles it once. A JSON Lines file
travels as byte ranges: the main process only finds line ends, and each worker reads,
decodes and scans its own range. Reading and decoding every line in the main process and
pickling each document to a worker kept two workers at the speed of one.
"""

from __future__ import annotations

import gc
import multiprocessing
import pickle
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .records import BLOCK_BYTES, Document, Scanned, encode, jsonl_ranges, scan_batch, scan_file_range

if TYPE_CHECKING:
    from .scanner import Scanner

__all__ = ["scan_ranges", "scan_batches"]

OnBatch = Callable[[Scanned], None]

# Each worker's scanner and the ids already done (a resumed run).
_STATE: tuple[Scanner, set[str]] | None = None


def _init_worker(blob: bytes | None) -> None:
    global _STATE
    if blob is not None:
        _STATE = pickle.loads(blob)  # our own scanner, built by the main process


def _state() -> tuple[Scanner, set[str]]:
    assert _STATE is not None, "a worker process runs after _init_worker"
    return _STATE


def _scan_docs(docs: list[Document], as_of: date | None, details: bool) -> Scanned:
    return encode(scan_batch(_state()[0], docs, as_of, details))


def _scan_range(path: str, start: int, end: int, first_line: int, as_of: date | None, details: bool) -> Scanned:
    scanner, skip = _state()
    return scan_file_range(scanner, path, start, end, first_line, skip, as_of, details)


def scan_ranges(scanner: Scanner, path: Path, skip: set[str], *, as_of: date | None, details: bool, workers: int,
                on_batch: OnBatch, size: int = BLOCK_BYTES) -> None:
    """Scan a JSON Lines file on ``workers`` processes, each reading its own byte ranges of
    about ``size`` bytes; ``on_batch`` gets each range's records, encoded, in the file's order."""
    # This process reads the file only to find line ends; the workers read it again (from
    # the page cache) rather than receive it through a pipe.
    calls = ((_scan_range, (str(path), start, end, line, as_of, details))
             for start, end, line in jsonl_ranges(path, size))
    _run(scanner, skip, calls, workers, on_batch)


def scan_batches(scanner: Scanner, docs: Iterator[list[Document]], *, as_of: date | None, details: bool,
                 workers: int, on_batch: OnBatch) -> None:
    """Scan batches of documents read by this process on ``workers`` processes; ``on_batch``
    gets each batch's records, encoded, in order."""
    _run(scanner, set(), ((_scan_docs, (batch, as_of, details)) for batch in docs), workers, on_batch)


def _run(scanner: Scanner, skip: set[str], calls: Iterator[tuple[Callable[..., Scanned], tuple[Any, ...]]],
         workers: int, on_batch: OnBatch) -> None:
    global _STATE
    fork = "fork" in multiprocessing.get_all_start_methods()
    blob = None if fork else pickle.dumps((scanner, skip), protocol=pickle.HIGHEST_PROTOCOL)
    _STATE = (scanner, skip)
    context = multiprocessing.get_context("fork" if fork else None)
    # The objects living now (the scanner above all) are left out of the collector's sight:
    # a forked worker's collections would otherwise walk them, writing to each and so copying
    # their memory pages into the worker (7 % of the workers' CPU on 40 MB of news texts).
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                                 initargs=(blob,)) as pool:
            pending: list[Future[Scanned]] = []
            for fn, args in calls:
                pending.append(pool.submit(fn, *args))
                if len(pending) >= workers * 4:  # bounded: the archive is never all in memory
                    on_batch(pending.pop(0).result())
            for fut in pending:
                on_batch(fut.result())
    finally:
        gc.unfreeze()
        _STATE = None
