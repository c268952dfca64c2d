"""Documents of an archive and the records their scan gives: what the main process and the
worker processes share (a worker parses the JSON Lines of its own byte range)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple

import orjson

if TYPE_CHECKING:
    from .scanner import Scanner

__all__ = ["Document", "Scanned", "jsonl_documents", "jsonl_ranges", "jsonl_blocks", "scan_batch", "scan_jsonl",
           "scan_file_range", "encode", "batches", "BATCH", "BLOCK_BYTES"]

BATCH = 200
# A block of JSON Lines that one task of a worker decodes and scans: large enough that a
# task's round trip is small beside its scan (about 40 ms of work), small enough that the
# last tasks end together.
BLOCK_BYTES = 1 << 20


class Document(NamedTuple):
    """One document of an archive. A tuple: one is made per line of an archive (a frozen
    dataclass cost a microsecond each)."""

    id: str
    content: str
    html: bool | None = None
    published: date | None = None
    error: str | None = None


class Scanned(NamedTuple):
    """The records of a batch of documents, encoded as the JSON Lines of the output where the
    batch was scanned: a worker's answer is one bytes object, which the process writing the
    output only writes (decoding thousands of records and encoding them again there kept two
    workers from being twice as fast as one). ``path``: the lines are in that file instead
    (``lines`` empty), written by a Dask worker that shares the file system (their bytes then
    cross no socket and no serialisation)."""

    lines: bytes
    documents: int
    mentions: int
    path: str | None = None

    def data(self) -> bytes:
        """The encoded lines."""
        return self.lines if self.path is None else Path(self.path).read_bytes()

    def records(self) -> list[dict[str, Any]]:
        """The records themselves (for the store)."""
        return [orjson.loads(line) for line in self.data().split(b"\n")[:-1]]

    def write_to(self, sink: BinaryIO) -> None:
        """Append the lines to ``sink`` (a file's copied by the kernel when the sink has a file descriptor)."""
        if self.path is None:
            sink.write(self.lines)
            return
        with open(self.path, "rb") as src:
            sink.flush()
            src.seek(_sendfile(src, sink))
            shutil.copyfileobj(src, sink)  # what the kernel did not copy (a sink with no file descriptor)


def _sendfile(src: BinaryIO, sink: BinaryIO) -> int:
    """How many bytes of ``src`` the kernel copied to ``sink``'s file descriptor: none where
    it has none (a BytesIO) or sendfile cannot write to it."""
    try:
        out = sink.fileno()
    except (OSError, ValueError):  # io.UnsupportedOperation is both
        return 0
    size = os.fstat(src.fileno()).st_size
    done = 0
    try:
        while done < size and (sent := os.sendfile(out, src.fileno(), done, size - done)):
            done += sent
    except OSError:
        pass  # the rest by copying
    return done


def encode(records: list[dict[str, Any]]) -> Scanned:
    """Records as JSON Lines, UTF-8 (as ``json.dumps(ensure_ascii=False)`` gives, compact)."""
    return Scanned(b"".join(orjson.dumps(r) + b"\n" for r in records), len(records),
                   sum(len(r["mentions"]) for r in records))


def published_date(value: Any) -> date | None:
    """The date of a ``published`` field (its first ten characters), or None."""
    if not value or not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def jsonl_documents(lines: Iterable[bytes], first: int, skip: set[str]) -> Iterator[Document]:
    """Documents of JSON Lines, ``first`` the number of the first line (it names a bad line:
    ``line-N``), without those in ``skip``."""
    for n, line in enumerate(lines, first):
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
        yield Document(doc_id, body, html is not None, published_date(rec.get("published")))


_READ_BYTES = 1 << 22  # jsonl_ranges's buffer


def jsonl_ranges(path: Path, size: int = BLOCK_BYTES) -> Iterator[tuple[int, int, int]]:
    """(start, end, number of the first line) of consecutive byte ranges covering a file,
    each ending at the first line end ``size`` bytes or more after its start (or at the
    end of the file). What the command of a parallel run does with an archive whose workers
    read it themselves: one pass through one reused buffer, finding line ends only (a new
    buffer per block, joined with the rest of its last line, cost it a third more)."""
    buf = bytearray(min(size, _READ_BYTES))
    start, line, lines, offset = 0, 1, 0, 0  # lines: line ends seen in the open range
    with open(path, "rb") as fh:
        while n := fh.readinto(buf):
            i = 0
            while (j := buf.find(b"\n", max(i, start + size - 1 - offset), n)) >= 0:
                lines += buf.count(b"\n", i, j + 1)
                yield start, offset + j + 1, line
                start, line, lines, i = offset + j + 1, line + lines, 0, j + 1
            lines += buf.count(b"\n", i, n)
            offset += n
    if start < offset:
        yield start, offset, line


def jsonl_blocks(path: Path, size: int = BLOCK_BYTES) -> Iterator[tuple[int, bytes, int]]:
    """(offset, bytes, number of the first line) of the ranges of :func:`jsonl_ranges`."""
    with open(path, "rb") as fh:
        for start, end, line in jsonl_ranges(path, size):
            fh.seek(start)
            yield start, fh.read(end - start), line


def scan_jsonl(scanner: Scanner, block: bytes, first_line: int, skip: set[str], as_of: date | None,
               details: bool) -> list[dict[str, Any]]:
    """The records of a block of JSON Lines (see :func:`jsonl_blocks`), scanned in batches."""
    records: list[dict[str, Any]] = []
    # split, not splitlines: lines end at b"\n" only, as when the file is read line by line.
    for batch in batches(jsonl_documents(block.split(b"\n"), first_line, skip), BATCH):
        records.extend(scan_batch(scanner, batch, as_of, details))
    return records


def scan_file_range(scanner: Scanner, path: str, start: int, end: int, first_line: int, skip: set[str],
                    as_of: date | None, details: bool) -> Scanned:
    """What a worker does with its byte range of a JSON Lines file (one of :func:`jsonl_blocks`):
    read it, scan it, encode its records."""
    with open(path, "rb") as fh:
        fh.seek(start)
        block = fh.read(end - start)
    return encode(scan_jsonl(scanner, block, first_line, skip, as_of, details))


def batches(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """Documents in lists of ``size``."""
    batch: list[Document] = []
    for doc in docs:
        batch.append(doc)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def scan_batch(scanner: Scanner, docs: list[Document], as_of: date | None = None,
               details: bool = True) -> list[dict[str, Any]]:
    """One output record per document: ``{"id", "mentions"}`` (and ``"error"`` when there was one);
    ``details=False``: mentions as offsets and entity ids."""
    # Imported here: a command that only hands blocks to Dask workers never scans (scan.build).
    from .document import scan_documents

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
