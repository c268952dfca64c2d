"""Feeds and pages from a real local HTTP server; bad input leaves the store untouched."""

from __future__ import annotations

import http.server
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from proscribed.config import Config
from proscribed.exc import DataError, InvalidInput, SourceUnavailable
from proscribed.news.ingest import fetch_article, fetch_feed
from proscribed.service.news import add_feed, fetch_feeds
from proscribed.service.store import open_store
from proscribed.store import Store
from tests.fixtures.loopback import serving

ARTICLE = """<!doctype html><html><head><title>Russia labels Quillfeather Foundation undesirable</title>
<meta property="article:published_time" content="2026-09-14"></head><body><nav>Home | World | Sport</nav>
<article><h1>Russia labels Quillfeather Foundation undesirable</h1>
<p>MOSCOW, September 14. /TASS/. Russia's Prosecutor General's Office said on Monday that it had declared
undesirable the activity of the Quillfeather Research Foundation, a foreign non-governmental organization.</p>
<p>The office said the organization's work threatened the foundations of Russia's constitutional system and its
security, and that the Ministry of Justice had been informed of the decision.</p></article>
<footer>Cookies | Contact</footer></body></html>"""

NOT_NEWS = "<html><body><nav>Login</nav><form><input name=q></form></body></html>"


def _rss(base: str) -> str:
    return f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Test</title>
<item><title>Quillfeather</title><link>{base}/article.html</link><pubDate>Mon, 14 Sep 2026 10:00:00 GMT</pubDate></item>
<item><title>Again</title><link>{base}/article.html</link></item>
</channel></rss>"""


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        pages = {"/article.html": ("text/html", ARTICLE), "/feed.xml": ("application/rss+xml", _rss(base)),
                 "/broken.xml": ("application/rss+xml", "<rss><channel><item><title>x</titl"),
                 "/notnews.html": ("text/html", NOT_NEWS)}
        if self.path == "/huge.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            chunk = b"<p>" + b"x" * 1_000_000 + b"</p>"
            try:
                for _ in range(20):  # 20 MB, no Content-Length
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        if self.path not in pages:
            self.send_error(404)
            return
        ctype, body = pages[self.path]
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def server() -> Iterator[str]:
    with serving(_Handler) as url:
        yield url


@pytest.fixture()
def fresh(new_db: Callable[[], Path | str]) -> Iterator[Store]:
    store = open_store(new_db())
    yield store
    store.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_article_page(server: str) -> None:
    a = fetch_article(f"{server}/article.html")
    assert "Quillfeather Research Foundation" in a.text and "Cookies" not in a.text
    assert a.language == "en" and a.url == f"{server}/article.html"


def test_feed_fetch_stores_once(server: str, fresh: Store) -> None:
    assert add_feed(fresh, f"{server}/feed.xml")
    (report,) = fetch_feeds(fresh, Config.from_env())
    assert (report["entries"], report["stored"], report["duplicates"], report["events"]) == (2, 1, 1, 1)
    (again,) = fetch_feeds(fresh, Config.from_env())
    assert (again["stored"], again["duplicates"]) == (0, 2)
    (ev,) = fresh.news_events()
    assert ev["org"] == "Quillfeather Research Foundation" and ev["state"] == "decided"
    assert ev["decision_date"] == "2026-09-14"


def test_bad_inputs_touch_nothing(server: str, fresh: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROSCRIBED_NEWS_MAX_BYTES", "10000000")
    monkeypatch.setenv("PROSCRIBED_NEWS_TIMEOUT", "2")
    before = fresh.news_counts()
    with pytest.raises(DataError, match="not a readable RSS/Atom feed"):
        fetch_feed(f"{server}/broken.xml")
    with pytest.raises(SourceUnavailable):
        fetch_feed(f"http://127.0.0.1:{_free_port()}/feed.xml")
    with pytest.raises(InvalidInput, match="too large"):
        fetch_article(f"{server}/huge.html")
    with pytest.raises(InvalidInput, match="no article text"):
        fetch_article(f"{server}/notnews.html")
    add_feed(fresh, f"{server}/broken.xml")
    add_feed(fresh, f"http://127.0.0.1:{_free_port()}/feed.xml")
    reports = fetch_feeds(fresh, Config.from_env())
    assert [r.get("exit_code") for r in reports] == [5, 6]
    assert fresh.news_counts() == before
    assert all(f["last_error"] for f in fresh.news_feeds())


def test_cli_extract_and_events(run_cli, new_db) -> None:  # type: ignore[no-untyped-def]
    line = ('{"id": "x1", "published": "2025-05-19", "language": "en", "text": "Russian authorities have outlawed '
            'Amnesty International as an \\"undesirable organization.\\" The designation was announced by the '
            'Prosecutor General\'s office on Monday."}\n')
    out = run_cli("news", "extract", "-", "--json", stdin=line.encode())
    assert out.returncode == 0, out.stderr
    import json

    (doc,) = [json.loads(x) for x in out.stdout.decode().splitlines()]
    assert set(doc) == {"id", "events", "list_size", "mentioned_listed"}
    (e,) = doc["events"]
    assert set(e) == {"org", "status", "jurisdiction", "authority", "decision_date", "listing_date", "date_basis", "evidence",
                      "confidence", "linked"}
    assert e["decision_date"] == "2025-05-19" and e["linked"]["listed_on"] == "2025-05-28"
    bad = run_cli("news", "extract", "-", stdin=b'{"id": "e", "text": ""}\n')
    assert bad.returncode == 2 and bad.stderr.decode().startswith("error: ") and len(bad.stderr.splitlines()) == 1
    missing = run_cli("events", "accept", "12345", db=new_db())
    assert missing.returncode == 3


def test_binary_input_is_an_error_not_zero_events(run_cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A PNG (or any file with NUL bytes) given to `news extract` is refused with exit code 2."""
    image = tmp_path / "picture.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    from_file = run_cli("news", "extract", str(image))
    assert from_file.returncode == 2 and "binary" in from_file.stderr.decode()
    from_stdin = run_cli("news", "extract", "-", stdin=image.read_bytes())
    assert from_stdin.returncode == 2 and "binary" in from_stdin.stderr.decode()


@pytest.mark.parametrize("line", ['{"text": "Минюст внес фонд в реестр.", "title": true}',
                                  '{"text": "Минюст внес фонд в реестр.", "language": ["ru"]}'])
def test_a_text_field_of_another_type_is_the_lines_error(line: str) -> None:
    import io

    from proscribed.news.ingest import read_jsonl

    with pytest.raises(InvalidInput, match="line 1: '(title|language)' must be a string"):
        list(read_jsonl(io.StringIO(line + "\n"), "archive.jsonl"))
