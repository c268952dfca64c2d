"""Scan one document: plain text, Markdown or HTML, with its links.

HTML is parsed with lxml (it copes with broken markup); offsets then refer to
the extracted text, and links are reported with their URL. Very long texts are
scanned in overlapping chunks, so memory stays bounded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

import lxml.html
from lxml import etree

from .links import URL_PATTERN, may_have_url
from .scanner import Scanner, compact

__all__ = ["scan_document", "scan_documents", "scan_stream", "html_to_text", "looks_like_html", "CHUNK"]

CHUNK = 4_000_000  # characters per chunk of a very long text
_OVERLAP = 2_000
_BLOCKS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "table",
           "section", "article", "header", "footer", "blockquote", "pre", "title", "dd", "dt", "figcaption"}
_MD_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)[^)]*\)")


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<body" in head or "<!doctype html" in head or bool(re.search(r"<(p|div|a)\b", head))


def html_to_text(html: str) -> tuple[str, list[tuple[int, int, str]]]:
    """The readable text of a page and its links as (start, end, href) in that text."""
    try:
        root = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return "", []
    for bad in root.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    parts: list[str] = []
    links: list[tuple[int, int, str]] = []
    length = 0

    def emit(s: str | None) -> None:
        nonlocal length
        if s:
            parts.append(s)
            length += len(s)

    def walk(el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _BLOCKS:
            emit("\n")
        start = length
        emit(el.text)
        for child in el:
            walk(child)
            emit(child.tail)
        if tag == "a" and el.get("href"):
            links.append((start, length, el.get("href")))
        if tag in _BLOCKS:
            emit("\n")

    walk(root)
    return "".join(parts), links


def _chunks(text: str) -> list[tuple[int, str]]:
    if len(text) <= CHUNK:
        return [(0, text)]
    out = []
    start = 0
    while start < len(text):
        end = min(len(text), start + CHUNK)
        if end < len(text):
            cut = text.rfind(" ", start + CHUNK - _OVERLAP, end)
            end = cut if cut > start else end
        out.append((start, text[start:end + _OVERLAP] if end < len(text) else text[start:end]))
        start = end
    return out


def _text_and_links(content: str, html: bool | None) -> tuple[str, list[tuple[int, int, str]]]:
    """The text the offsets refer to (for HTML, the extracted text) and its links (HTML or Markdown)."""
    if looks_like_html(content) if html is None else html:
        return html_to_text(content)
    if "](" not in content:
        return content, []
    return content, [(m.start(1), m.end(1), m.group(2)) for m in _MD_LINK.finditer(content)]


def _with_links(scanner: Scanner, text: str, mentions: list[dict[str, Any]], links: list[tuple[int, int, str]],
                published: date | None, as_of: date | None, details: bool = True) -> list[dict[str, Any]]:
    """The mentions, less names inside URLs, plus the links of entities; in text order."""
    url_hint = may_have_url(text)
    if not links and not url_hint:  # most documents
        return mentions
    covered = {href for _s, _e, href in links}
    bare: list[tuple[int, int]] = []
    for m in URL_PATTERN.finditer(text) if url_hint else ():
        url = m.group(0).rstrip(".,;:!?")
        bare.append((m.start(), m.start() + len(url)))
        if url not in covered:
            links.append((m.start(), m.start() + len(url), url))
    if bare:
        # A name inside a URL written in the text ("meduza.io") is the link, not a mention.
        mentions = [m for m in mentions if not any(s <= m["start"] and m["end"] <= e for s, e in bare)]
    for start, end, href in links:
        link = scanner.link(href, start, end, text[start:end], published=published, as_of=as_of)
        if link is not None:
            mentions.append(link if details else compact(link))
    if links:
        mentions.sort(key=lambda m: (m["start"], m["end"]))
    return mentions


def scan_document(scanner: Scanner, content: str, *, html: bool | None = None, published: date | None = None,
                  as_of: date | None = None, with_text: bool = False) -> dict[str, Any]:
    """Mentions (and links) in one document: ``{"text_length", "mentions"}`` (and ``"text"``, the text
    the offsets refer to, with ``with_text``: for HTML, the extracted text)."""
    text, links = _text_and_links(content, html)
    mentions: list[dict[str, Any]] = []
    seen: set[tuple[int, int]] = set()
    for offset, chunk in _chunks(text):
        for found in scanner.scan(chunk, published=published, as_of=as_of):
            found["start"] += offset
            found["end"] += offset
            if (found["start"], found["end"]) not in seen:
                seen.add((found["start"], found["end"]))
                mentions.append(found)
    out: dict[str, Any] = {"text_length": len(text),
                           "mentions": _with_links(scanner, text, mentions, links, published, as_of)}
    if with_text:
        out["text"] = text
    return out


def scan_documents(scanner: Scanner, docs: list[tuple[str, bool | None, date | None]], *,
                   as_of: date | None = None, details: bool = True) -> list[list[dict[str, Any]]]:
    """The mentions of each ``(content, html, published)``, as :func:`scan_document` gives them
    (``details=False``: offsets and entity ids only, see :func:`~proscribed.scan.scanner.compact`).

    The texts go to :meth:`Scanner.scan_many` together (one normalisation and one
    automaton pass for the batch); a text longer than a chunk goes alone, in chunks.
    """
    texts: list[tuple[str, list[tuple[int, int, str]]]] = [_text_and_links(c, h) for c, h, _p in docs]
    out: list[list[dict[str, Any]] | None] = [None] * len(docs)
    batch = [i for i, (text, _links) in enumerate(texts) if len(text) <= CHUNK]
    found = scanner.scan_many([texts[i][0] for i in batch], [docs[i][2] for i in batch], as_of=as_of,
                                 details=details)
    for i, mentions in zip(batch, found):
        text, links = texts[i]
        out[i] = _with_links(scanner, text, mentions, links, docs[i][2], as_of, details)
    for i, (content, html, published) in enumerate(docs):
        if out[i] is None:
            found_one = scan_document(scanner, content, html=html, published=published, as_of=as_of)["mentions"]
            out[i] = found_one if details else [compact(m) for m in found_one]
    return [m or [] for m in out]


# Where a streamed text may be cut: a sentence end or line break and a white space, or a
# white space and a line break. No name spans it (it is two spaces in the matching text, a
# name's words one), and what follows reads as a sentence start to the context checks, as
# in the whole text. A single line break does not do: "Amnesty\nInternational" is a name.
_SENTENCE_BREAK = re.compile(r"[.!?…:\n]\s|\s\n")


def _cut(text: str) -> int:
    """Where to end a part of a streamed text: after its last paragraph break, else sentence
    break (a name spans neither); in a text of hundreds of thousands of characters without
    one, after a line break (a list of names, one a line), else a space; the whole text when
    it has none of them."""
    half = len(text) // 2
    at = text.rfind("\n\n", half)
    if at >= 0:
        return at + 2
    last = None
    for last in _SENTENCE_BREAK.finditer(text, half):
        pass
    if last is not None:
        return last.end()
    for mark in ("\n", " "):
        at = text.rfind(mark, half)
        if at >= 0:
            return at + 1
    return len(text)


STREAM_PIECE = 65_536  # characters: a block is scanned as paragraphs of about this size


def _pieces(text: str) -> list[tuple[int, str]]:
    """``text`` cut after paragraph breaks into pieces of about STREAM_PIECE characters, with
    their offsets: a piece holding a look-alike letter takes the full normalisation alone."""
    out = []
    at = 0
    while at < len(text):
        end = text.find("\n\n", at + STREAM_PIECE)
        end = len(text) if end < 0 else end + 2
        out.append((at, text[at:end]))
        at = end
    return out


def scan_stream(scanner: Scanner, blocks: Iterable[str], *, published: date | None = None,
                as_of: date | None = None) -> Iterator[dict[str, Any]]:
    """The mentions (and links) of one long plain or Markdown text given in blocks, in order.

    Memory is bounded by the block size, whatever the length of the text: each block
    (cut after a paragraph break, the rest carried to the next) is scanned as a part of
    one document, persons named in full in one part counting in the next. Offsets are
    into the whole text.
    """
    persons: set[int] = set()
    carry = ""
    base = 0
    pending = iter(blocks)
    while True:
        block = next(pending, None)
        text = carry + (block or "")
        if not text:
            return
        end = _cut(text) if block is not None else len(text)
        part, carry = text[:end], text[end:]
        pieces = _pieces(part)
        found = scanner.scan_many([piece for _at, piece in pieces], [published] * len(pieces), as_of=as_of,
                                  persons=persons)
        for (at, piece), mentions in zip(pieces, found):
            _, links = _text_and_links(piece, False)
            for mention in _with_links(scanner, piece, mentions, links, published, as_of):
                mention["start"] += base + at
                mention["end"] += base + at
                yield mention
        base += len(part)
        if block is None and not carry:
            return
