"""Scanning a posted text or page; news events and the review queue (decisions need the token)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest

from proscribed.app import create_app
from proscribed.config import Config
from proscribed.news.ingest import article_from_text
from proscribed.news.lifecycle import ingest_article
from proscribed.service.queries import screening_index
from proscribed.service.store import open_store

from tests.fixtures.stores import Backend

from .conftest import TOKEN

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

AUTH = {"Authorization": f"Bearer {TOKEN}"}
TEXT = "Генпрокуратура признала нежелательной Amnesty International, а также «Открытую Россию» и Радио Свобода."
ARTICLE = ("Генеральная прокуратура России признала нежелательной деятельность американской неправительственной "
           "организации «Фонд Свободной Мысли». Об этом сообщило ведомство 3 октября.")


def test_scan_text(client: TestClient) -> None:
    body = client.post("/api/scan", json={"text": TEXT}).json()
    ids = [m["id"] for m in body["mentions"]]
    assert ids == ["ru-undesirable-226", "ru-undesirable-008", "ru-undesirable-142"]
    assert all(m["status"] == "listed" for m in body["mentions"])
    assert "".join(s["text"] for s in body["segments"]) == TEXT
    marked = [s["text"] for s in body["segments"] if "mention" in s]
    assert marked == ["Amnesty International", "Открытую Россию", "Радио Свобода"]


def test_scan_refuses_private_addresses_and_empty_text(client: TestClient) -> None:
    r = client.post("/api/scan", json={"url": "http://127.0.0.1:9/"})
    assert r.status_code == 400 and "not a public address" in r.json()["detail"]
    assert client.post("/api/scan", json={"text": "  "}).status_code == 400
    assert client.post("/api/scan", json={"url": "ftp://x"}).status_code == 400


def test_scan_url_through_an_injected_transport(client: TestClient) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        assert request.url == "https://93.184.215.14/a"
        return httpx.Response(200, text=TEXT, headers={"content-type": "text/plain"})

    ctx = client.app.state.context  # type: ignore[attr-defined]
    ctx.http_client = httpx.Client(transport=httpx.MockTransport(answer))
    try:
        body = client.post("/api/scan", json={"url": "https://93.184.215.14/a"}).json()
    finally:
        ctx.http_client.close()
        ctx.http_client = None
    assert body["source"] == "https://93.184.215.14/a"
    assert body["mentions"][0]["id"] == "ru-undesirable-226"


@pytest.fixture(scope="module")
def events_client(db_path: Path | str, backend: Backend) -> Iterator[TestClient]:
    path = backend.copy(db_path, "events")
    store = open_store(path)
    article = article_from_text(ARTICLE, "test", url="https://news.example/1", published=date(2026, 10, 3))
    ingest_article(store, article, screening_index(store), threshold=0.8)
    store.close()
    with TestClient(create_app(Config(db_path=path, api_token=TOKEN))) as c:
        yield c


def test_events_and_review(events_client: TestClient) -> None:
    listed = events_client.get("/api/events", params={"pending": True}).json()
    assert listed["total"] == 1
    event = listed["events"][0]
    assert event["status"] == "undesirable" and event["state"] == "decided"
    path = f"/api/events/{event['id']}/review"
    assert events_client.post(path, json={"action": "accept"}).status_code == 401
    assert events_client.post(path, json={"action": "explode"}, headers=AUTH).status_code == 422
    assert events_client.post(path, json={"action": "accept"}, headers=AUTH).json()["review"] == "accepted"
    assert events_client.get("/api/events", params={"pending": True}).json()["total"] == 0
    assert events_client.get("/api/events/999").status_code == 404


def test_review_page_needs_the_token(events_client: TestClient) -> None:
    html = events_client.get("/review", params={"all": True}).text
    assert "Фонд Свободной Мысли" in html
    event_id = events_client.get("/api/events").json()["events"][0]["id"]
    r = events_client.post(f"/review/{event_id}", data={"action": "reject", "token": "wrong"},
                           headers={"accept": "text/html"})
    assert r.status_code == 401
    r = events_client.post(f"/review/{event_id}", data={"action": "reject", "token": TOKEN},
                           follow_redirects=False)
    assert r.status_code == 303
    assert events_client.get(f"/api/events/{event_id}").json()["review"] == "rejected"


def test_scan_page_without_js(client: TestClient) -> None:
    html = client.post("/scan", data={"text": TEXT}).text
    assert '<mark class="mention status-listed"' in html
    assert 'href="/entities/ru-undesirable-226">Amnesty International</a>' in html
    assert client.get("/scan").status_code == 200
