"""Writes need the token; bad requests get 4xx JSON, never 500; error statuses match the error tree."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from proscribed import exc
from proscribed.config import Config
from proscribed.server import errors

from .conftest import TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}

WRITES = [
    ("post", "/api/webhooks", {"json": {"url": "https://example.org/hook"}}),
    ("delete", "/api/webhooks", {"params": {"url": "https://example.org/hook"}}),
    ("post", "/api/watches", {"json": {"name": "Meduza"}}),
    ("delete", "/api/watches", {"params": {"name": "Meduza"}}),
    ("post", "/api/updates", {"json": {"registries": ["ru-undesirable"]}}),
    ("get", "/api/webhooks", {}),
]


@pytest.mark.parametrize(("method", "path", "kwargs"), WRITES)
@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"X-API-Token": "wrong"},
                                     {"Authorization": TOKEN}])
def test_writes_refuse_without_valid_token(client: TestClient, method: str, path: str, kwargs: dict[str, Any],
                                           headers: dict[str, str]) -> None:
    r = getattr(client, method)(path, headers=headers, **kwargs)
    assert r.status_code == 401
    assert r.json()["error"] == "Unauthorized"


def test_writes_refused_when_no_token_is_configured(make_client: Callable[[Config], TestClient],
                                                    db_path: Path) -> None:
    c = make_client(Config(db_path=db_path, api_token=None))
    r = c.post("/api/watches", json={"name": "Meduza"}, headers=AUTH)
    assert r.status_code == 403 and "PROSCRIBED_API_TOKEN" in r.json()["detail"]


def test_webhook_and_watch_round_trip(client: TestClient) -> None:
    r = client.post("/api/webhooks", json={"url": "https://example.org/api-test"}, headers=AUTH)
    assert r.status_code == 201 and r.json()["secret"]
    listed = client.get("/api/webhooks", headers=AUTH).json()
    assert any(h["url"] == "https://example.org/api-test" for h in listed["webhooks"])
    assert all("secret" not in h for h in listed["webhooks"])
    assert client.delete("/api/webhooks", params={"url": "https://example.org/api-test"},
                         headers=AUTH).status_code == 200
    assert client.delete("/api/webhooks", params={"url": "https://example.org/api-test"},
                         headers={"X-API-Token": TOKEN}).status_code == 404
    assert client.post("/api/watches", json={"name": "Meduza API"}, headers=AUTH).status_code == 201
    assert any(w["name"] == "Meduza API" for w in client.get("/api/watches", headers=AUTH).json())
    assert client.delete("/api/watches", params={"name": "Meduza API"}, headers=AUTH).status_code == 200


def test_webhook_url_must_be_http(client: TestClient) -> None:
    r = client.post("/api/webhooks", json={"url": "file:///etc/passwd"}, headers=AUTH)
    assert r.status_code == 400 and r.json()["error"] == "InvalidInput"


@pytest.mark.parametrize(("method", "path", "kwargs", "status"), [
    ("post", "/match/default", {"content": b"{not json", "headers": {"content-type": "application/json"}}, 422),
    ("post", "/match/default", {"json": {"queries": "x"}}, 422),
    ("post", "/match/default", {"json": {"queries": {"a": {"schema": "Spaceship", "properties": {"name": ["x"]}}}}},
     400),
    ("post", "/match/default", {"json": {"queries": {"a": {"schema": "Organization",
                                                           "properties": {"name": ["x" * 1001]}}}}}, 400),
    ("post", "/match/default", {"json": {"queries": {"a": {"schema": "Organization",
                                                           "properties": {"name": [{"x": 1}]}}}}}, 422),
    ("post", "/match/default", {"json": {"queries": {f"q{i}": {"schema": "Organization",
                                                               "properties": {"name": ["x"]}} for i in range(101)}}},
     400),
    ("post", "/match/default", {"content": b"x" * 30_000, "headers": {"content-type": "application/json"}}, 413),
    ("post", "/match/default", {"params": {"limit": 0}, "json": {"queries": {}}}, 400),
    ("post", "/match/default", {"params": {"limit": -1}, "json": {"queries": {}}}, 422),
    ("get", "/api/entities", {"params": {"as_of": "yesterday"}}, 400),
    ("get", "/api/entities", {"params": {"registry": "nope"}}, 400),
    ("get", "/api/entities", {"params": {"q": "x" * 1001}}, 422),
    ("get", "/api/entities", {"params": {"limit": 10_000}}, 422),
    ("get", "/api/entities/nope", {}, 404),
    ("get", "/api/changes", {}, 422),
    ("get", "/api/changes", {"params": {"since": "soon"}}, 422),
    ("get", "/api/changes", {"params": {"since": "2025-02-31"}}, 400),
    ("get", "/api/diff", {"params": {"from": "2025-02-01", "to": "2025-01-01"}}, 400),
    ("get", "/api/stats/timeline", {"params": {"interval": "week"}}, 422),
    ("get", "/api/exports/xml", {}, 422),
    ("get", "/api/entities", {"params": {"as_of": ""}}, 400),
    ("get", "/api/nothing-here", {}, 404),
    ("put", "/api/registries", {}, 405),
])
def test_bad_requests_get_json_4xx(client: TestClient, method: str, path: str, kwargs: dict[str, Any],
                                   status: int) -> None:
    r = getattr(client, method)(path, **kwargs)
    assert r.status_code == status, r.text
    body = r.json()
    assert body["status"] == status and body["detail"]


def test_oversized_body_without_length_is_refused(client: TestClient) -> None:
    def chunks() -> Any:
        for _ in range(30):
            yield b"x" * 1000

    r = client.post("/match/default", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json()["status"] == 413


@pytest.mark.parametrize(("cls", "status"), [
    (exc.InvalidInput, 400), (exc.NotFound, 404), (exc.StoreError, 503), (exc.DataError, 502),
    (exc.SourceUnavailable, 503), (exc.Quarantined, 409), (errors.Unauthorized, 401), (errors.Forbidden, 403),
    (errors.PayloadTooLarge, 413), (errors.RequestTimeout, 504), (errors.Unsupported, 404),
])
def test_error_handler_maps_each_status(cls: type[exc.ProscribedError], status: int, db_path: Path,
                                        make_client: Callable[[Config], TestClient]) -> None:
    c = make_client(Config(db_path=db_path))

    @c.app.get("/api/raise")  # type: ignore[attr-defined,untyped-decorator]
    def boom() -> None:
        raise cls("boom")

    r = c.get("/api/raise")
    assert r.status_code == status == cls.status
    assert r.json() == {"detail": "boom", "status": status, "error": cls.__name__}


def test_slow_request_gets_504(db_path: Path, make_client: Callable[[Config], TestClient]) -> None:
    import time

    c = make_client(Config(db_path=db_path, api_timeout=0.2))

    @c.app.get("/api/slow")  # type: ignore[attr-defined,untyped-decorator]
    def slow() -> dict[str, str]:
        time.sleep(1.0)
        return {}

    r = c.get("/api/slow")
    assert r.status_code == 504 and r.json()["error"] == "RequestTimeout"


def test_security_headers(client: TestClient) -> None:
    r = client.get("/api/registries")
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_updates_apply_only_an_inspected_version(client: TestClient) -> None:
    """`force` is refused with the way out; `accept` names a quarantined version (none here: 404)."""
    forced = client.post("/api/updates", json={"registries": ["ru-undesirable"], "force": True}, headers=AUTH)
    assert forced.status_code == 400 and "accept" in forced.json()["detail"]
    unknown = client.post("/api/updates", json={"registries": ["ru-undesirable"], "accept": 999_999}, headers=AUTH)
    assert unknown.status_code == 404
