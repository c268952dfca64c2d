"""The archive scan use case: every document of a folder, a JSON Lines file or an SQLite table
(``scan-archive``), its results to the store, to a JSON Lines file (resumed after a kill) or
to a stream.

Apart from ``service.scan`` (one document, which may be a URL): the HTTP client that module
imports would add a tenth of the start-up of an archive scan, which does not fetch.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from ..model.clock import now_iso
from ..scan import build_scanner
from ..scan.archive import archive_kind, count_documents, iter_documents, run_batches
from ..scan.build import scanner_file
from ..scan.records import Scanned
from ..store.base import Store

if TYPE_CHECKING:
    from ..scan.scanner import Scanner

__all__ = ["ArchiveScan"]


def _resume_file(out: Path) -> set[str]:
    """Ids already in a JSON Lines output; a line cut by a crash is removed first."""
    if not out.exists():
        return set()
    data = out.read_bytes()
    cut = data.rfind(b"\n") + 1
    if cut != len(data):
        with open(out, "r+b") as fh:
            fh.truncate(cut)
    done = set()
    for line in data[:cut].splitlines():
        try:
            done.add(str(json.loads(line)["id"]))
        except (ValueError, KeyError, TypeError, RecursionError):  # not a result line (RecursionError: nested JSON)
            continue
    return done


class ArchiveScan:
    """One scan of an archive: a folder, a JSON Lines file ({id, text|html, published}) or an
    SQLite table, for every entity of the store (or those added or changed after
    ``since_version``).

    Results go to ``out`` (JSON Lines, appended: a killed run resumes after the documents it
    holds), else to ``stream`` (JSON Lines), else to the store (a run resumed likewise).
    JSON Lines mentions are ``{start, end, id}`` (and ``url``) unless ``details``; the store
    keeps full mention objects.
    """

    def __init__(self, store: Store, source: Path, *, table: str = "documents", since_version: int | None = None,
                 out: Path | None = None, stream: BinaryIO | None = None, details: bool = False) -> None:
        archive_kind(source, table)  # an archive of no known kind is refused before a run is recorded
        ids = None
        if since_version is not None:
            ids = {c.entity_id for c in store.changes()
                   if (c.version_id or 0) > since_version and c.kind != "vanished"}
        self.store = store
        self.source = source
        self.table = table
        self.ids = ids
        self._scanner: Scanner | None = None
        # Where the scanner of every entity is cached (beside an SQLite store): Dask workers that see it load it.
        self.cached = scanner_file(store) if ids is None else None
        self.out = out
        self.stream = None if out is not None else stream
        to_store = out is None and stream is None
        self.details = details or to_store
        versions = store.versions()
        scope = f"{versions[0].id if versions else 0}:{since_version}"
        self.run_id = store.scan_run(str(source.resolve()), scope, now_iso()) if to_store else None
        self.skip: set[str] = (store.scanned_ids(self.run_id) if self.run_id is not None
                               else _resume_file(out) if out is not None else set())

    def scanner(self) -> Scanner:
        """The scanner, built (or loaded from the cache) the first time it is asked for: a run
        whose Dask workers load it from the cache file themselves does without it."""
        if self._scanner is None:
            self._scanner = build_scanner(self.store, entity_ids=self.ids)
        return self._scanner

    def total(self) -> int:
        """Documents of the archive, those already done included (it reads the whole archive)."""
        return count_documents(self.source, self.table)

    def run(self, *, workers: int = 1, scheduler: str | None = None, as_of: date | None = None,
            progress: Callable[[int], None] | None = None) -> dict[str, Any]:
        """Scan the documents not done yet, on ``workers`` local processes or a Dask cluster at
        ``scheduler``; ``progress`` gets the number of documents of each batch done. Returns
        ``{"documents", "already_done", "mentions", "run"}`` (``run``: the store's run id)."""
        counts = {"documents": 0, "mentions": 0}
        sink = open(self.out, "ab") if self.out is not None else self.stream  # noqa: SIM115  (closed below)

        def on_batch(batch: Scanned) -> None:
            counts["documents"] += batch.documents
            counts["mentions"] += batch.mentions
            if sink is not None:
                batch.write_to(sink)  # one write per batch, encoded where it was scanned
                sink.flush()
            if self.run_id is not None:
                self.store.save_scan_results(self.run_id, [(r["id"], r["mentions"]) for r in batch.records()])
            if progress is not None:
                progress(batch.documents)

        try:
            run_batches(self.scanner, iter_documents(self.source, self.table, self.skip), as_of=as_of,
                        workers=workers, scheduler=scheduler, details=self.details, on_batch=on_batch,
                        cached=self.cached)
        finally:
            if self.out is not None and sink is not None:
                sink.close()
        if self.run_id is not None:
            self.store.finish_scan_run(self.run_id, now_iso())
        return {"documents": counts["documents"], "already_done": len(self.skip), "mentions": counts["mentions"],
                "run": self.run_id}
