"""Articles in: RSS/Atom feeds (feedparser), article pages (trafilatura), HTML or text files, JSON Lines.

Every HTTP call goes through an injectable ``httpx.Client`` (tests use a local
server). Pages are read in chunks and refused past the size limit, so a huge
page never fills memory.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

import httpx

from ..exc import DataError, InvalidInput
from ..http import DEFAULT_MAX_BYTES, fetch_bytes
from .model import Article

__all__ = ["content_hash", "guess_language", "read_jsonl", "article_from_html", "article_from_text",
           "read_file", "fetch_article", "fetch_feed"]

_CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
_LATIN = re.compile("[a-z]", re.IGNORECASE)


def content_hash(text: str) -> str:
    """SHA-256 of the text with whitespace collapsed and case folded (a republished copy hashes the same)."""
    return hashlib.sha256(re.sub(r"\s+", " ", text).strip().casefold().encode("utf-8")).hexdigest()


def guess_language(text: str) -> str:
    """``ru`` when Cyrillic letters outnumber Latin ones, else ``en``."""
    return "ru" if len(_CYRILLIC.findall(text)) > len(_LATIN.findall(text)) else "en"


def _date(value: Any, where: str) -> date | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise InvalidInput(f"{where}: invalid published date {value!r}: expected YYYY-MM-DD") from None


def _article_id(url: str | None, text: str) -> str:
    return "a-" + hashlib.sha256((url or content_hash(text)).encode("utf-8")).hexdigest()[:16]


def read_jsonl(stream: TextIO, source: str) -> Iterator[Article]:
    """Articles from JSON Lines: ``{"id", "url", "published", "language", "title", "text"}`` (extra keys ignored).

    Raises:
        InvalidInput: a line is not a JSON object, or lacks ``text``, or has a bad date, or a
            ``title`` or ``language`` that is not a string.
    """
    for n, line in enumerate(stream, 1):
        if not line.strip():
            continue
        where = f"{source} line {n}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise InvalidInput(f"{where}: not JSON ({err.msg})") from None
        except RecursionError:  # json's decoder recurses once per level: thousands of nested arrays
            raise InvalidInput(f"{where}: JSON nested too deeply") from None
        if not isinstance(row, dict):
            raise InvalidInput(f"{where}: expected a JSON object")
        text = row.get("text")
        if not isinstance(text, str) or not text.strip():
            raise InvalidInput(f"{where}: the article has no text")
        url = row.get("url") if isinstance(row.get("url"), str) else None
        yield Article(id=str(row.get("id") or _article_id(url, text)), text=text, url=url,
                      published=_date(row.get("published"), where),
                      language=_string(row, "language", where) or guess_language(text),
                      title=_string(row, "title", where), source=source)


def _string(row: dict[str, Any], key: str, where: str) -> str | None:
    """A text field of an article line: a string or absent; anything else is the line's error
    (a title of ``true`` would otherwise reach the analysis as a non-text)."""
    value = row.get(key)
    if value is None or isinstance(value, str):
        return value
    raise InvalidInput(f"{where}: {key!r} must be a string, not {type(value).__name__}")


def article_from_text(text: str, source: str, *, url: str | None = None, published: date | None = None,
                      title: str | None = None) -> Article:
    if not text.strip():
        raise InvalidInput(f"{source}: the article is empty")
    return Article(id=_article_id(url, text), text=text, url=url, published=published,
                   language=guess_language(text), title=title, source=source)


def article_from_html(html: str, source: str, *, url: str | None = None) -> Article:
    """The main text of a news page (boilerplate removed by trafilatura), its title and date.

    Raises:
        InvalidInput: the page has no article text (empty, or not a news page).
    """
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                          include_tables=False, favor_precision=True)
    except Exception as err:  # noqa: BLE001  its parsers assert on some malformed pages ('<iframe>x')
        raise InvalidInput(f"{source}: the page cannot be read as HTML ({type(err).__name__})") from None
    data: dict[str, Any] = {}
    if doc is not None:
        data = doc if isinstance(doc, dict) else doc.as_dict()
    text = (data.get("text") or "").strip()
    if len(text) < 80:
        raise InvalidInput(f"{source}: no article text found in the page (not a news article?)")
    published = None
    if data.get("date"):
        try:
            published = date.fromisoformat(str(data["date"])[:10])
        except ValueError:
            published = None
    title = data.get("title")
    body = f"{title}\n\n{text}" if title and not text.startswith(title) else text
    return Article(id=_article_id(url, text), text=body, url=url, published=published,
                   language=guess_language(text), title=title, source=source)


def read_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Article]:
    """Articles of a file: ``.jsonl`` (JSON Lines), ``.html``/``.htm`` (a page), anything else plain text."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InvalidInput(f"cannot read {path}: {err.strerror}") from None
    if len(raw) > max_bytes:
        raise InvalidInput(f"{path} is too large ({len(raw)} bytes; at most {max_bytes})")
    if b"\x00" in raw[:8192]:
        # Text never holds NUL bytes; images, PDFs, archives and office files do.
        raise InvalidInput(f"{path}: a binary file, not an article (give text, HTML or JSON Lines)")
    text = raw.decode("utf-8", errors="replace")
    if path.suffix.lower() == ".jsonl":
        import io

        return list(read_jsonl(io.StringIO(text), str(path)))
    if path.suffix.lower() in (".html", ".htm") or text.lstrip()[:15].lower().startswith(("<!doctype", "<html")):
        return [article_from_html(text, str(path))]
    return [article_from_text(text, str(path))]


def _decode(body: bytes) -> str:
    return body.decode("utf-8", errors="replace")


def fetch_article(url: str, client: httpx.Client | None = None, *, published: date | None = None,
                  title: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    body, ctype = fetch_bytes(url, client, max_bytes=max_bytes)
    text = _decode(body)
    if "html" in ctype or text.lstrip()[:15].lower().startswith(("<!doctype", "<html")):
        a = article_from_html(text, url, url=url)
        return Article(a.id, a.text, url, a.published or published, a.language, a.title or title, url)
    return article_from_text(text, url, url=url, published=published, title=title)


def _entry_date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed"):
        # dict.get: feedparser's own get maps a missing updated_parsed to published_parsed, with a warning.
        value = dict.get(entry, key)
        if value:
            try:
                return datetime(*value[:6]).date()
            except ValueError:  # a date feedparser read but Python cannot hold (year 0)
                continue
    return None


def fetch_feed(url: str, client: httpx.Client | None = None, *,
               max_bytes: int = DEFAULT_MAX_BYTES) -> list[dict[str, Any]]:
    """The entries of an RSS or Atom feed: ``{"url", "title", "published", "html"}``.

    Raises:
        DataError: the body is not a feed (broken XML with no entries).
        SourceUnavailable: the feed cannot be reached.
    """
    import feedparser  # type: ignore[import-untyped]

    body, _ctype = fetch_bytes(url, client, max_bytes=max_bytes)
    try:
        parsed = feedparser.parse(body)
    except (ValueError, OverflowError) as err:  # a character reference beyond Unicode ('&#99999999999;')
        raise DataError(f"{url} is not a readable RSS/Atom feed ({err})") from None
    benign = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
    if parsed.bozo and (not parsed.entries or not isinstance(parsed.get("bozo_exception"), benign)):
        reason = getattr(parsed.get("bozo_exception"), "getMessage", lambda: str(parsed.get("bozo_exception")))()
        raise DataError(f"{url} is not a readable RSS/Atom feed ({reason})")
    if not parsed.entries and not parsed.get("feed"):
        raise DataError(f"{url} is not an RSS/Atom feed")
    out = []
    for e in parsed.entries:
        html = ""
        if e.get("content"):
            html = " ".join(c.get("value", "") for c in e["content"])
        elif e.get("summary"):
            html = e["summary"]
        out.append({"url": e.get("link"), "title": e.get("title"), "published": _entry_date(e), "html": html})
    return out
