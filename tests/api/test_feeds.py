"""Atom feeds over HTTP: valid for feedparser, stable, cacheable (ETag, Last-Modified, 304)."""

from __future__ import annotations

import feedparser
import pytest
from fastapi.testclient import TestClient


@pytest.mark.parametrize("path", ["/api/feeds/ru-undesirable.atom", "/api/feeds/entities/ru-undesirable-226.atom"])
def test_feed_is_valid_stable_and_cacheable(client: TestClient, path: str) -> None:
    first = client.get(path)
    assert first.status_code == 200 and first.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(first.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    rels = {link["rel"]: link["href"] for link in parsed.feed.links}
    assert rels["self"] == f"http://testserver{path}" and rels["alternate"].startswith("http://testserver/")
    assert parsed.entries and all(e.link.startswith("http://testserver/entities/") for e in parsed.entries)
    assert all("None" not in e.content[0]["value"] for e in parsed.entries)
    again = client.get(path)
    assert again.content == first.content and again.headers["etag"] == first.headers["etag"]
    assert parsed.feed.updated == max(e.updated for e in parsed.entries)  # the newest change, not the clock
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(path, headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200
    assert client.get(path, headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}).status_code == 200
    assert client.get(path, headers={"If-Modified-Since": "not a date"}).status_code == 200
    assert client.head(path).headers["etag"] == etag
