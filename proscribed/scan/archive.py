"""Scan an archive of documents: a folder, a JSONL file or an SQLite table.

Work goes in batches, on this process, a local process pool, or a Dask cluster
(the compiled scanner is sent to each worker once). Results go to the store or
to JSON Lines; either way a run can be killed and started again: documents
already done are skipped.
"""

from __future__ import annotations

import multiprocessing
import pickle
import sqlite3
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import orjson

from ..exc import InvalidInput, SourceUnavailable
from .document import scan_documents
from .scanner import Scanner

__all__ = ["Document", "count_documents", "iter_documents", "scan_batch", "run_batches", "BATCH", "DASK_BATCH_FACTOR"]

BATCH = 200
DASK_BATCH_FACTOR = 5  # a Dask task scans this many local batches
_TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml"}


class Document(NamedTuple):
    """One document of an archive. A tuple: one is made per line of an archive (a frozen
    dataclass cost a microsecond each)."""

    id: str
    content: str
    html: bool | None = None
    published: date | None = None
    error: str | None = None


def _decode(data: bytes) -> tuple[str, str | None]:
    if b"\x00" in data[:8192]:
        return "", "binary file, not scanned"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as err:
        # Best effort: the undecodable bytes become U+FFFD; the result says so.
        return data.decode("utf-8", errors="replace"), f"invalid UTF-8 at byte {err.start}; replaced"


def _published(value: Any) -> date | None:
    if not value or not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _kind(source: Path) -> str:
    if source.is_dir():
        return "folder"
    if source.suffix.lower() in (".jsonl", ".ndjson"):
        return "jsonl"
    if source.suffix.lower() in (".db", ".sqlite", ".sqlite3"):
        return "sqlite"
    raise InvalidInput(f"{source}: expected a folder, a .jsonl file or an SQLite database")


def _folder_files(source: Path) -> list[Path]:
    return sorted(p for p in source.rglob("*") if p.is_file() and p.suffix.lower() in _TEXT_SUFFIXES)


def count_documents(source: Path, table: str = "documents") -> int:
    kind = _kind(source)
    if kind == "folder":
        return len(_folder_files(source))
    if kind == "jsonl":
        with open(source, "rb") as fh:
            return sum(1 for line in fh if line.strip())
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as db:
        return int(db.execute(f'SELECT count(*) FROM "{_table_name(table)}"').fetchone()[0])


def _table_name(table: str) -> str:
    if not table.replace("_", "").isalnum():
        raise InvalidInput(f"invalid table name {table!r}")
    return table


def iter_documents(source: Path, table: str = "documents", skip: set[str] | None = None) -> Iterator[Document]:
    """Documents of the archive in a stable order, without those in ``skip``."""
    skip = skip or set()
    kind = _kind(source)
    if kind == "folder":
        for path in _folder_files(source):
            doc_id = path.relative_to(source).as_posix()
            if doc_id in skip:
                continue
            text, error = _decode(path.read_bytes())
            yield Document(doc_id, text, path.suffix.lower() in (".html", ".htm", ".xhtml"), None, error)
    elif kind == "jsonl":
        with open(source, "rb") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    rec = orjson.loads(line)  # several times faster than json on news texts
                    raw_id = rec["id"]
                except (orjson.JSONDecodeError, KeyError, TypeError):
                    raw_id = None
                if not isinstance(raw_id, (str, int)) or isinstance(raw_id, bool):
                    if f"line-{n}" not in skip:
                        yield Document(f"line-{n}", "", None, None, "not a JSON object with an id")
                    continue
                doc_id = str(raw_id)
                if doc_id in skip:
                    continue
                html = rec.get("html")
                body = html if html is not None else rec.get("text") or ""
                if not isinstance(body, str):  # a number or a nested list is no text to scan
                    yield Document(doc_id, "", None, None, "its text (or html) is not a string")
                    continue
                yield Document(doc_id, body, html is not None, _published(rec.get("published")))
    else:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as db:
            cols = {r[1] for r in db.execute(f'PRAGMA table_info("{_table_name(table)}")')}
            if "id" not in cols or not ({"text", "html"} & cols):
                raise InvalidInput(f"table {table!r} needs columns id and text or html")
            body = "text" if "text" in cols else "html"
            pub = "published" if "published" in cols else "NULL"
            for doc_id, content, published in db.execute(
                    f'SELECT id, "{body}", {pub} FROM "{_table_name(table)}" ORDER BY id'):
                if str(doc_id) in skip:
                    continue
                yield Document(str(doc_id), str(content or ""), body == "html", _published(published))


def scan_batch(scanner: Scanner, docs: list[Document], as_of: date | None = None,
               details: bool = True) -> list[dict[str, Any]]:
    """One output record per document: ``{"id", "mentions"}`` (and ``"error"`` when there was one);
    ``details=False``: mentions as offsets and entity ids."""
    todo = [d for d in docs if d.content]
    found = iter(scan_documents(scanner, [(d.content, d.html, d.published) for d in todo], as_of=as_of,
                                details=details))
    out = []
    for doc in docs:
        record: dict[str, Any] = {"id": doc.id, "mentions": next(found) if doc.content else []}
        if doc.error:
            record["error"] = doc.error
        out.append(record)
    return out


_WORKER_SCANNER: Scanner | None = None


def _init_worker(blob: bytes | None) -> None:
    global _WORKER_SCANNER
    if blob is not None:
        _WORKER_SCANNER = pickle.loads(blob)  # our own scanner, built by the parent


def _pool_batch(docs: list[Document], as_of: date | None, details: bool) -> list[dict[str, Any]]:
    assert _WORKER_SCANNER is not None
    return scan_batch(_WORKER_SCANNER, docs, as_of, details)


def _batches(docs: Iterator[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for doc in docs:
        batch.append(doc)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def run_batches(scanner: Scanner, docs: Iterator[Document], *, as_of: date | None = None, workers: int = 1,
                scheduler: str | None = None, batch: int = BATCH, details: bool = True,
                on_batch: Callable[[list[dict[str, Any]]], None]) -> None:
    """Scan every document, calling ``on_batch`` with each batch's records in input order.

    ``details=False``: mentions as offsets and entity ids (see :func:`scan_batch`).
    """
    if scheduler is not None:
        # Fewer, larger tasks: each costs the scheduler a round trip.
        _run_dask(scanner, _batches(docs, batch * DASK_BATCH_FACTOR), as_of, details, scheduler, on_batch)
    elif workers > 1:
        _run_pool(scanner, _batches(docs, batch), as_of, details, workers, on_batch)
    else:
        for b in _batches(docs, batch):
            on_batch(scan_batch(scanner, b, as_of, details))


def _run_pool(scanner: Scanner, batches: Iterator[list[Document]], as_of: date | None, details: bool, workers: int,
              on_batch: Callable[[list[dict[str, Any]]], None]) -> None:
    global _WORKER_SCANNER
    # Forked workers share the parent's scanner (copy on write): nothing is pickled or loaded
    # again. Where fork is missing, each worker unpickles it once.
    fork = "fork" in multiprocessing.get_all_start_methods()
    blob = None if fork else pickle.dumps(scanner, protocol=pickle.HIGHEST_PROTOCOL)
    _WORKER_SCANNER = scanner
    context = multiprocessing.get_context("fork" if fork else None)
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                                 initargs=(blob,)) as pool:
            pending = []
            for b in batches:
                pending.append(pool.submit(_pool_batch, b, as_of, details))
                if len(pending) >= workers * 4:  # bounded: the archive is never all in memory
                    on_batch(pending.pop(0).result())
            for fut in pending:
                on_batch(fut.result())
    finally:
        _WORKER_SCANNER = None


SCHEDULER_TIMEOUT = 10  # seconds to reach a Dask scheduler


def _run_dask(scanner: Scanner, batches: Iterator[list[Document]], as_of: date | None, details: bool,
              scheduler: str, on_batch: Callable[[list[dict[str, Any]]], None]) -> None:
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
        shipped = client.scatter(scanner, broadcast=True)
        window = max(4, 3 * len(client.scheduler_info().get("workers", {})))
        client.run(_worker_profiler, run=False)
        try:
            pending = []
            for b in batches:
                pending.append(client.submit(scan_batch, shipped, b, as_of, details, pure=False))
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
