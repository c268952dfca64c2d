"""Property tests: news pages and RSS/Atom feeds of any shape, served by a real local server and
fetched through the guarded client, give articles and entries of the documented shape or the
project's own errors, never a crash (hypothesis, bounded examples)."""

from __future__ import annotations

import http.server
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from proscribed.exc import DataError, ProscribedError
from proscribed.news.ingest import article_from_html, fetch_article, fetch_feed
from proscribed.news.model import Article
from tests.fixtures.loopback import serving

BOUNDED = settings(max_examples=40, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


class _Served:
    """What the local server answers next: one body and its content type."""

    body = b""
    ctype = "text/html"


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Type", _Served.ctype)
        self.send_header("Content-Length", str(len(_Served.body)))
        self.end_headers()
        self.wfile.write(_Served.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serving(_Handler) as url:
        yield url


def _serve(body: bytes, ctype: str) -> None:
    _Served.body, _Served.ctype = body, ctype


# Text as pages carry it: any characters (controls and NUL included), entities well and badly
# formed, markup fragments left open.
TEXT = st.text(max_size=60) | st.sampled_from(
    ["&amp;", "&#0;", "&#x110000;", "&#99999999999;", "&nosuch;", "<!--", "-->", "<![CDATA[", "]]>", "</", "<",
     "\u202e", "\ufeff", "Фонд «Открытая Россия» признан нежелательным. " * 3])
TAGS = ["html", "head", "title", "body", "article", "main", "p", "div", "span", "h1", "a", "script", "style", "nav",
        "footer", "table", "td", "iframe", "svg", "math", "template", "noscript", "time", "br", "meta", "!DOCTYPE"]
ATTRS = st.dictionaries(st.sampled_from(["class", "id", "href", "content", "property", "datetime", "lang", "x\"y"]),
                        TEXT, max_size=3)


def _element(tag: str, attrs: dict[str, str], children: list[str], close: bool) -> str:
    attributes = "".join(f' {k}="{v}"' for k, v in attrs.items())
    return f"<{tag}{attributes}>{''.join(children)}" + (f"</{tag}>" if close else "")


NODE = st.recursive(
    TEXT,
    lambda inner: st.builds(_element, st.sampled_from(TAGS), ATTRS, st.lists(inner, max_size=4), st.booleans()),
    max_leaves=30)
PAGE = st.lists(NODE, max_size=6).map("".join)


def _check_article(article: Article) -> None:
    assert article.text.strip() and article.language in ("ru", "en")
    assert article.published is None or isinstance(article.published, date)
    assert article.title is None or isinstance(article.title, str)


@BOUNDED
@given(PAGE)
def test_any_page_is_an_article_or_a_clear_refusal(html: str) -> None:
    try:
        _check_article(article_from_html(html, "test"))
    except ProscribedError:
        pass


@BOUNDED
@given(PAGE.map(lambda p: p.encode("utf-8", errors="surrogatepass")) | st.binary(max_size=2000),
       st.sampled_from(["text/html", "text/html; charset=windows-1251", "text/plain", "application/octet-stream", ""]))
def test_any_fetched_page_is_an_article_or_a_clear_refusal(server: str, body: bytes, ctype: str) -> None:
    _serve(body, ctype)
    try:
        article = fetch_article(server + "/page", published=date(2026, 1, 1))
    except ProscribedError:
        return
    _check_article(article)
    assert article.url == server + "/page"


def _rss(items: list[dict[str, str]], raw: bool) -> str:
    def field(v: str) -> str:
        return v if raw else escape(v)

    body = "".join(f"<item><title>{field(i['title'])}</title><link>{field(i['link'])}</link>"
                   f"<pubDate>{field(i['date'])}</pubDate><description>{field(i['html'])}</description></item>"
                   for i in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{body}</channel></rss>'


def _atom(items: list[dict[str, str]], raw: bool) -> str:
    def field(v: str) -> str:
        return v if raw else escape(v)

    body = "".join(f"<entry><title>{field(i['title'])}</title><link href={quoteattr(i['link'])}/>"
                   f"<updated>{field(i['date'])}</updated><content type=\"html\">{field(i['html'])}</content></entry>"
                   for i in items)
    return f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>{body}</feed>'


DATES = TEXT | st.sampled_from(["Mon, 14 Sep 2026 10:00:00 GMT", "2026-09-14T10:00:00Z", "Feb 30 2026",
                                "0000-00-00", "9999-12-31T23:59:60+14:00", "Mon, 99 Foo 99999 99:99:99 +9999"])
ITEM = st.fixed_dictionaries({"title": TEXT, "link": TEXT | st.just("https://example.org/a"), "date": DATES,
                              "html": PAGE})
FEED = st.builds(lambda kind, items, raw: kind(items, raw), st.sampled_from([_rss, _atom]),
                 st.lists(ITEM, max_size=4), st.booleans())


@BOUNDED
@given(FEED.map(lambda f: f.encode("utf-8", errors="surrogatepass")) | st.binary(max_size=1500),
       st.sampled_from(["application/rss+xml", "application/atom+xml", "text/html", ""]))
def test_any_fetched_feed_gives_entries_of_the_documented_shape_or_a_clear_refusal(
        server: str, body: bytes, ctype: str) -> None:
    _serve(body, ctype)
    try:
        entries = fetch_feed(server + "/feed")
    except ProscribedError:
        return
    for entry in entries:
        assert set(entry) == {"url", "title", "published", "html"}
        assert entry["url"] is None or isinstance(entry["url"], str)
        assert entry["published"] is None or isinstance(entry["published"], date)
        assert isinstance(entry["html"], str)


def test_a_page_nested_fifty_thousand_levels_is_read_or_refused_quickly(server: str) -> None:
    _serve(("<html><body>" + "<div>" * 50_000 + "Фонд признан нежелательным. " * 10 + "</div>" * 50_000
            + "</body></html>").encode(), "text/html")
    started = time.monotonic()
    try:
        _check_article(fetch_article(server + "/deep"))
    except ProscribedError:
        pass
    assert time.monotonic() - started < 60


LAUGHS = ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
          + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
          + ']><rss version="2.0"><channel><title>t</title><item><title>&j;</title>'
            '<link>https://example.org/a</link></item></channel></rss>')


def test_a_feed_of_nested_entities_does_not_expand_into_memory(server: str) -> None:
    # Ten levels of ten: a billion characters if expanded.
    _serve(LAUGHS.encode(), "application/rss+xml")
    try:
        entries = fetch_feed(server + "/laughs")
    except DataError:
        return
    assert all(len(e["title"] or "") < 1_000_000 for e in entries)


def test_a_feed_never_reads_a_local_file_through_an_external_entity(server: str, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("the server's secret")
    feed = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
            '<rss version="2.0"><channel><title>t</title><item><title>&x;</title>'
            '<link>https://example.org/a</link><description>&x;</description></item></channel></rss>')
    _serve(feed.encode(), "application/rss+xml")
    try:
        entries: list[dict[str, Any]] = fetch_feed(server + "/xxe")
    except DataError:
        return
    assert "secret" not in repr(entries)
