"""The scan use case: one document (text, Markdown, HTML or a URL) → its mentions, for every door.

A URL is fetched through the one fetch path (``proscribed.http``) and scanned as
the page it is (HTML: its text and its links); the document's date says whether
each entity was listed when it was written, ``as_of`` gives the status now (or
then). The answer carries the text the offsets refer to and that text cut into
segments, so a page can highlight mentions with no logic of its own.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

import httpx

from ..exc import InvalidInput
from ..http import fetch_bytes
from ..scan import Scanner
from ..scan.document import looks_like_html, scan_document

__all__ = ["Document", "TextStream", "read_document", "open_document", "scan", "segments", "MAX_TEXT", "MAX_FETCH",
           "BLOCK"]

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
