"""Scan an archive of documents: a folder, a JSONL file or an SQLite table.

Work goes in batches, on this process, local worker processes (``pool.py``) or a Dask
cluster (the compiled scanner is sent to each worker once). Results go to the store or
to JSON Lines; either way a run can be killed and started again: documents already done
are skipped.
"""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..exc import InvalidInput
from .build import ScannerFile
from .cluster import jsonl_tasks, run_dask, scan_docs
from .pool import scan_batches, scan_ranges
from .records import BATCH, Document, Scanned, batches, encode, jsonl_documents, published_date, scan_batch

if TYPE_CHECKING:
    from .scanner import Scanner

__all__ = ["ArchiveDocuments", "Document", "archive_kind", "count_documents", "iter_documents", "scan_batch",
           "run_batches", "BATCH", "DASK_BATCH_FACTOR"]

DASK_BATCH_FACTOR = 5  # a Dask task scans this many local batches
_TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml"}


def _decode(data: bytes) -> tuple[str, str | None]:
    if b"\x00" in data[:8192]:
        return "", "binary file, not scanned"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as err:
        # Best effort: the undecodable bytes become U+FFFD; the result says so.
        return data.decode("utf-8", errors="replace"), f"invalid UTF-8 at byte {err.start}; replaced"


def archive_kind(source: Path, table: str = "documents") -> str:
    """The kind of an archive: "folder", "jsonl" or "sqlite"; another kind (or a table name
    that is no name) is refused before anything is read."""
    if source.is_dir():
        return "folder"
    if source.suffix.lower() in (".jsonl", ".ndjson"):
        return "jsonl"
    if source.suffix.lower() in (".db", ".sqlite", ".sqlite3"):
        _table_name(table)
        return "sqlite"
    raise InvalidInput(f"{source}: expected a folder, a .jsonl file or an SQLite database")


def _folder_files(source: Path) -> list[Path]:
    return sorted(p for p in source.rglob("*") if p.is_file() and p.suffix.lower() in _TEXT_SUFFIXES)


def count_documents(source: Path, table: str = "documents") -> int:
    kind = archive_kind(source, table)
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


class ArchiveDocuments:
    """The documents of an archive in a stable order, without those in ``skip``.

    It keeps its source: on worker processes, a JSON Lines file is read by the workers
    themselves (each its own byte ranges) rather than by this process.
    """

    def __init__(self, source: Path, table: str = "documents", skip: set[str] | None = None) -> None:
        self.source = source
        self.table = table
        self.skip = skip or set()
        self.kind = archive_kind(source, table)

    def __iter__(self) -> Iterator[Document]:
        if self.kind == "folder":
            return self._folder()
        if self.kind == "jsonl":
            return self._jsonl()
        return self._sqlite()

    def _folder(self) -> Iterator[Document]:
        for path in _folder_files(self.source):
            doc_id = path.relative_to(self.source).as_posix()
            if doc_id in self.skip:
                continue
            text, error = _decode(path.read_bytes())
            yield Document(doc_id, text, path.suffix.lower() in (".html", ".htm", ".xhtml"), None, error)

    def _jsonl(self) -> Iterator[Document]:
        with open(self.source, "rb") as fh:
            yield from jsonl_documents(fh, 1, self.skip)

    def _sqlite(self) -> Iterator[Document]:
        table = _table_name(self.table)
        with sqlite3.connect(f"file:{self.source}?mode=ro", uri=True) as db:
            cols = {r[1] for r in db.execute(f'PRAGMA table_info("{table}")')}
            if "id" not in cols or not ({"text", "html"} & cols):
                raise InvalidInput(f"table {self.table!r} needs columns id and text or html")
            body = "text" if "text" in cols else "html"
            pub = "published" if "published" in cols else "NULL"
            for doc_id, content, published in db.execute(f'SELECT id, "{body}", {pub} FROM "{table}" ORDER BY id'):
                if str(doc_id) in self.skip:
                    continue
                yield Document(str(doc_id), str(content or ""), body == "html", published_date(published))


def iter_documents(source: Path, table: str = "documents", skip: set[str] | None = None) -> ArchiveDocuments:
    """Documents of the archive in a stable order, without those in ``skip``."""
    return ArchiveDocuments(source, table, skip)


def run_batches(scanner: Callable[[], Scanner], docs: Iterable[Document], *, as_of: date | None = None, workers: int = 1,
                scheduler: str | None = None, batch: int = BATCH, details: bool = True,
                on_batch: Callable[[Scanned], None], cached: ScannerFile | None = None) -> None:
    """Scan every document with the scanner ``scanner()`` gives, calling ``on_batch`` with each
    batch's records (encoded as JSON Lines, :class:`~proscribed.scan.records.Scanned`) in input
    order. (Dask workers that load the scanner from ``cached`` themselves spare this process
    loading its own.)

    ``details=False``: mentions as offsets and entity ids (see :func:`scan_batch`). With
    worker processes or a Dask cluster and the documents of a JSON Lines file
    (:func:`iter_documents`), the workers decode the lines themselves (local ones read the
    file) and a batch is a block of lines. ``cached``: the file the scanner is cached in
    (Dask workers that see it load the scanner from there).
    """
    # A JSON Lines file of its own (not documents already read): workers decode its lines.
    lines = docs if isinstance(docs, ArchiveDocuments) and docs.kind == "jsonl" else None
    if scheduler is not None and lines is not None:
        source = lines.source
        run_dask(scanner, lines.skip, lambda seen: jsonl_tasks(source, as_of, details, seen), scheduler, on_batch,
                 source, cached)
    elif scheduler is not None:
        # Fewer, larger tasks: each costs the scheduler a round trip.
        tasks = ((scan_docs, (b, as_of, details)) for b in batches(docs, batch * DASK_BATCH_FACTOR))
        run_dask(scanner, set(), lambda _seen: tasks, scheduler, on_batch, cached=cached)
    elif workers > 1 and lines is not None:
        scan_ranges(scanner(), lines.source, lines.skip, as_of=as_of, details=details, workers=workers,
                    on_batch=on_batch)
    elif workers > 1:
        scan_batches(scanner(), batches(docs, batch), as_of=as_of, details=details, workers=workers,
                     on_batch=on_batch)
    else:
        one = scanner()
        # The objects living now (the scanner above all, kept to the end) are left out of the
        # collector's sight: each full collection walked them (4 % of a scan of news texts).
        gc.freeze()
        try:
            for b in batches(docs, batch):
                on_batch(encode(scan_batch(one, b, as_of, details)))
        finally:
            gc.unfreeze()
