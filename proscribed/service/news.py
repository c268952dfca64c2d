"""The news use cases: read articles from a source, extract or ingest them, fetch the followed feeds."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path
from typing import Any

import httpx

from ..config import Config
from ..exc import InvalidInput, ProscribedError
from ..http import make_client
from ..matching.cache import load_index
from ..model.clock import now_iso
from ..news.extract import extract
from ..news.ingest import (
    article_from_html,
    article_from_text,
    fetch_article,
    fetch_feed,
    read_file,
    read_jsonl,
)
from ..news.lifecycle import ingest_article
from ..news.model import Article
from ..store.base import Store

__all__ = ["read_source", "add_feed", "fetch_feeds", "extract_articles"]


def read_source(source: str, config: Config, client: httpx.Client | None = None) -> list[Article]:
    """Articles of FILE, URL or ``-`` (JSON Lines on stdin, or one plain-text article)."""
    if source == "-":
        raw = sys.stdin.buffer.read()
        if b"\x00" in raw[:8192]:
            raise InvalidInput("stdin holds binary data, not an article (give text, HTML or JSON Lines)")
        try:
            data = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            raise InvalidInput(f"stdin is not valid UTF-8 (byte {err.start})") from None
        if not data.strip():
            raise InvalidInput("stdin is empty: give JSON Lines or an article text")
        if data.lstrip().startswith("{"):
            return list(read_jsonl(io.StringIO(data), "stdin"))
        if data.lstrip()[:15].lower().startswith(("<!doctype", "<html")):
            return [article_from_html(data, "stdin")]
        return [article_from_text(data, "stdin")]
    if re.match(r"https?://", source):
        return [fetch_article(source, client, max_bytes=config.news_max_bytes)]
    path = Path(source)
    if not path.is_file():
        raise InvalidInput(f"no such file: {source} (give a FILE, an http(s) URL or -)")
    return read_file(path, max_bytes=config.news_max_bytes)


def extract_articles(store: Store, config: Config, articles: list[Article], *,
                     save: bool = False) -> list[dict[str, Any]]:
    """The extraction of each article (``save``: stored once and its events queued for review).

    With ``save``, each extraction says what was written under ``saved``: ``{"article", "outcome":
    "stored"|"duplicate", "events": [ids of the events queued]}`` (a duplicate writes nothing).
    """
    index = load_index(store)
    out = []
    for article in articles:
        if save:
            result = ingest_article(store, article, index, threshold=config.match_threshold,
                                    max_text=config.news_max_bytes)
            stored = store.news_article(result["id"])
            extraction = result["extraction"] or (stored["extraction"] if stored else {})
            out.append({**extraction, "saved": {"article": result["id"], "outcome": result["outcome"],
                                                "events": result["events"]}})
        else:
            out.append(extract(article, index, threshold=config.match_threshold,
                               max_text=config.news_max_bytes).to_dict())
    return out


def add_feed(store: Store, url: str) -> bool:
    if not re.match(r"https?://\S+$", url):
        raise InvalidInput(f"not an http(s) feed URL: {url!r}")
    return store.add_news_feed(url, now_iso())


def fetch_feeds(store: Store, config: Config, client: httpx.Client | None = None) -> list[dict[str, Any]]:
    """Read every followed feed (and PROSCRIBED_NEWS_FEEDS), store new articles, extract their events.

    A feed that fails is reported and recorded; the others go on. One report per feed.
    """
    urls = list(dict.fromkeys([f["url"] for f in store.news_feeds()] + list(config.news_feeds)))
    if not urls:
        raise InvalidInput("no feeds to fetch: add one with 'proscribed news add FEED_URL'")
    own = client is None
    c = client or make_client(config.news_timeout)
    reports = []
    index = None
    threshold = config.match_threshold
    try:
        for url in urls:
            report: dict[str, Any] = {"feed": url, "entries": 0, "stored": 0, "duplicates": 0, "events": 0,
                                      "errors": []}
            try:
                entries = fetch_feed(url, c, max_bytes=config.news_max_bytes)
            except ProscribedError as err:
                report["error"] = str(err)
                report["exit_code"] = err.exit_code
                if url in {f["url"] for f in store.news_feeds()}:
                    store.news_feed_checked(url, now_iso(), str(err)[:300])
                reports.append(report)
                continue
            report["entries"] = len(entries)
            for entry in entries:
                try:
                    article = _entry_article(entry, c, config.news_max_bytes)
                    if index is None:
                        index = load_index(store)
                    result = ingest_article(store, article, index, threshold=threshold,
                                            max_text=config.news_max_bytes)
                except ProscribedError as err:
                    report["errors"].append(f"{entry.get('url')}: {err}")
                    continue
                if result["outcome"] == "duplicate":
                    report["duplicates"] += 1
                else:
                    report["stored"] += 1
                    report["events"] += len(result["events"])
            if url in {f["url"] for f in store.news_feeds()}:
                store.news_feed_checked(url, now_iso(), None)
            reports.append(report)
    finally:
        if own:
            c.close()
    return reports


def _entry_article(entry: dict[str, Any], client: httpx.Client, max_bytes: int) -> Article:
    """The article of a feed entry: its page when it has a link, else the entry's own content."""
    url = entry.get("url")
    if url:
        a = fetch_article(url, client, published=entry.get("published"), title=entry.get("title"),
                          max_bytes=max_bytes)
        if a.published is None and entry.get("published") is not None:
            a = Article(a.id, a.text, a.url, entry["published"], a.language, a.title, a.source)
        return a
    html = entry.get("html") or ""
    return article_from_text(re.sub(r"<[^>]+>", " ", html), "feed", published=entry.get("published"),
                             title=entry.get("title"))
