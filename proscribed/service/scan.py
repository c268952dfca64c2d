"""The scan use case: one document (text, Markdown, HTML or a URL) → its mentions, for every door.

A URL is fetched through the one fetch path (``proscribed.http``) and scanned as
the page it is (HTML: its text and its links); the document's date says whether
each entity was listed when it was written, ``as_of`` gives the status now (or
then). The answer carries the text the offsets refer to and that text cut into
segments, so a page can highlight mentions with no logic of its own.

An archive (a folder, JSON Lines or an SQLite table) is scanned by :class:`ArchiveScan`:
its results go to the store, to a JSON Lines file (resumed after a kill) or to a stream.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

import httpx

from ..exc import InvalidInput
from ..http import fetch_bytes
from ..model.clock import now_iso
from ..scan import Scanner, build_scanner
from ..scan.build import scanner_file
from ..scan.archive import archive_kind, count_documents, iter_documents, run_batches
from ..scan.document import looks_like_html, scan_document
from ..scan.records import Scanned
from ..store.base import Store

__all__ = ["Document", "TextStream", "ArchiveScan", "read_document", "open_document", "scan", "segments", "MAX_TEXT",
           "MAX_FETCH", "BLOCK"]

MAX_TEXT = 200_000  # characters of a text posted to the server
MAX_FETCH = 50_000_000  # bytes of a page or file read for scanning
BLOCK = 1_000_000  # bytes of a long text read at a time


class Document(NamedTuple):
    content: str
    html: bool | None  # None: decide by its look
    bad_utf8_at: int | None  # the first undecodable byte (replaced), if any


def _decode(data: bytes, source: str, html: bool | None) -> Document:
    if b"\x00" in data[:8192]:
        raise InvalidInput(f"{source}: a binary file, not text")
    try:
        return Document(data.decode("utf-8"), html, None)
    except UnicodeDecodeError as err:
        return Document(data.decode("utf-8", errors="replace"), html, err.start)


def read_document(source: str, *, client: httpx.Client | None = None, public_only: bool = False,
                  max_bytes: int = MAX_FETCH) -> Document:
    """The content of a URL, a file or ``-`` (stdin).

    ``public_only`` refuses URLs on this machine or a private network (what a server
    fetches for others), at every redirect hop and whichever client fetches, and at the
    address connected to when the client is the guarded one of ``proscribed.http``.
    """
    if source.startswith(("http://", "https://")):
        body, ctype = fetch_bytes(source, client, max_bytes=max_bytes, public_only=public_only)
        return _decode(body, source, True if "html" in ctype else None)
    if source == "-":
        data = sys.stdin.buffer.read()
    else:
        try:
            data = Path(source).read_bytes()
        except OSError as err:
            raise InvalidInput(f"cannot read {source}: {err.strerror}") from None
    return _decode(data, source, True if source.lower().endswith((".html", ".htm")) else None)


class TextStream:
    """A plain or Markdown text read in blocks (a file of any length, or stdin): UTF-8, an
    undecodable byte replaced by U+FFFD and the first one's offset kept in ``bad_utf8_at``."""

    def __init__(self, fh: BinaryIO, head: bytes, block: int = BLOCK) -> None:
        self._fh = fh
        self._head = head
        self._block = block
        self.bad_utf8_at: int | None = None
        self.blank = True  # nothing but white space read so far

    def blocks(self) -> Iterator[str]:
        done = 0  # bytes decoded so far
        rest = self._head
        while True:
            data = self._fh.read(self._block)
            rest += data
            if not rest:
                return
            end = len(rest) if not data else _whole_chars(rest)
            chunk, rest = rest[:end], rest[end:]
            try:
                text = chunk.decode("utf-8")
            except UnicodeDecodeError as err:
                if self.bad_utf8_at is None:
                    self.bad_utf8_at = done + err.start
                text = chunk.decode("utf-8", errors="replace")
            done += len(chunk)
            self.blank = self.blank and (not text or text.isspace())
            yield text
            if not data and not rest:
                return


def _whole_chars(data: bytes) -> int:
    """The length of ``data`` without a UTF-8 character cut at its end."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte & 0xC0 != 0x80:  # the lead byte of the last character (or an ASCII byte)
            size = 1 if byte < 0x80 else 2 if byte >> 5 == 0b110 else 3 if byte >> 4 == 0b1110 else 4
            return len(data) - back if size > back else len(data)
    return len(data)


def open_document(source: str) -> Document | TextStream:
    """A file or ``-`` as a stream of text blocks (bounded memory, however long); a URL, an HTML
    page or a binary file as :func:`read_document` reads it (a page is parsed whole)."""
    if source.startswith(("http://", "https://")) or source.lower().endswith((".html", ".htm")):
        return read_document(source)
    if source == "-":
        fh: BinaryIO = sys.stdin.buffer
    else:
        try:
            fh = open(source, "rb")  # noqa: SIM115  (read by the stream's consumer, closed at exit)
        except OSError as err:
            raise InvalidInput(f"cannot read {source}: {err.strerror}") from None
    head = fh.read(8192)
    if b"\x00" in head:
        raise InvalidInput(f"{source}: a binary file, not text")
    if looks_like_html(head.decode("utf-8", errors="replace")):
        return _decode(head + fh.read(max(0, MAX_FETCH - len(head))), source, True)
    return TextStream(fh, head)


def segments(text: str, mentions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The text cut at the mentions: ``{"text"}`` and ``{"text", "mention": i}`` pieces, in order."""
    out: list[dict[str, Any]] = []
    at = 0
    for i, m in sorted(enumerate(mentions), key=lambda im: (im[1]["start"], -im[1]["end"])):
        if m["start"] < at:
            continue  # overlaps a mention already highlighted
        if m["start"] > at:
            out.append({"text": text[at:m["start"]]})
        out.append({"text": text[m["start"]:m["end"]], "mention": i})
        at = m["end"]
    if at < len(text):
        out.append({"text": text[at:]})
    return out


def scan(scanner: Scanner, content: str, *, html: bool | None = None, published: date | None = None,
         as_of: date | None = None, source: str | None = None) -> dict[str, Any]:
    """Mentions in one document, with the scanned text and its segments for highlighting."""
    if not content.strip():
        raise InvalidInput("nothing to scan: give a text or a URL")
    found = scan_document(scanner, content, html=html, published=published, as_of=as_of, with_text=True)
    text = found["text"]
    return {"source": source, "published": published.isoformat() if published else None,
            "as_of": as_of.isoformat() if as_of else None, "text": text, "mentions": found["mentions"],
            "segments": segments(text, found["mentions"]), "entities": len({m["id"] for m in found["mentions"]})}


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
        self.scanner = build_scanner(store, entity_ids=ids)
        # The scanner of every entity is cached in a file that Dask workers on this machine load themselves.
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
                sink.write(batch.lines)  # one write per batch, encoded where it was scanned
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
