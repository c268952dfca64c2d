"""The read API: registries, search, entity, history, changes, diff, stats, feeds, exports, schema."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from proscribed.config import Config


def test_registries(client: TestClient) -> None:
    r = client.get("/api/registries")
    assert r.status_code == 200
    assert [x["id"] for x in r.json()] == ["ru-undesirable", "ru-foreign-agents", "ru-extremist", "ru-terrorist"]


def test_search_finds_amnesty_first(client: TestClient) -> None:
    body = client.get("/api/entities", params={"q": "Amnesty"}).json()
    assert body["results"][0]["id"] == "ru-undesirable-226"
    assert body["results"][0]["score"] >= 0.8


@pytest.mark.parametrize(("params", "check"), [
    ({"registry": "ru-terrorist", "limit": 500}, lambda r: r["registry"] == "ru-terrorist"),
    ({"status": "excluded", "limit": 500}, lambda r: r["status"] == "excluded"),
    ({"schema": "person", "limit": 50}, lambda r: r["schema"] == "person"),
    ({"country": "Великобритания", "limit": 50}, lambda r: "Великобритания" in r["country"]),
    ({"listed_from": "2024-01-01", "listed_to": "2024-12-31", "limit": 500},
     lambda r: "2024-01-01" <= r["listed_on"] <= "2024-12-31"),
    ({"as_of": "2016-01-01", "registry": "ru-undesirable", "limit": 500},
     lambda r: r["listed_on"] <= "2016-01-01"),
])
def test_search_filters(client: TestClient, params: dict[str, object], check: object) -> None:
    body = client.get("/api/entities", params=params).json()
    assert body["total"] > 0 and body["results"]
    assert all(check(r) for r in body["results"])  # type: ignore[operator]


def test_search_as_of_counts_match_the_registry_list(client: TestClient) -> None:
    listed = client.get("/api/registries/ru-undesirable", params={"as_of": "2025-05-19"}).json()
    assert listed["total"] == 223  # the README's example
    found = client.get("/api/entities", params={"registry": "ru-undesirable", "as_of": "2025-05-19",
                                                "status": "listed", "limit": 1}).json()
    assert found["total"] == 223


def test_search_pages(client: TestClient) -> None:
    first = client.get("/api/entities", params={"limit": 5}).json()
    second = client.get("/api/entities", params={"limit": 5, "offset": 5}).json()
    assert len(first["results"]) == 5 and first["total"] == second["total"]
    assert {r["id"] for r in first["results"]}.isdisjoint(r["id"] for r in second["results"])


def test_entity_detail(client: TestClient) -> None:
    body = client.get("/api/entities/ru-undesirable-226").json()
    assert body["entity"]["id"] == "ru-undesirable-226"
    assert any(n["value"] == "Amnesty International" for n in body["entity"]["names"])
    assert body["entity"]["designations"][0]["provenance"]
    # Each timeline event names its registry entry: a linked entity's timeline spans several entries.
    assert {"date": "2025-05-28", "kind": "listed", "registry": "ru-undesirable", "entity_id": "ru-undesirable-226",
            "detail": None} in body["timeline"]
    assert body["records"] and body["sources"]
    assert body["events"] == []


def test_history(client: TestClient) -> None:
    body = client.get("/api/entities/ru-undesirable-001/history").json()
    assert body["changes"][0]["kind"] == "added"


def test_changes_and_diff(client: TestClient) -> None:
    since = client.get("/api/changes", params={"since": "2000-01-01", "registry": "ru-terrorist"}).json()
    assert since and all(c["registry"] == "ru-terrorist" for c in since)
    page1 = client.get("/api/changes", params={"since": "2000-01-01", "limit": 5}).json()
    page2 = client.get("/api/changes", params={"since": "2000-01-01", "limit": 5, "offset": 5}).json()
    assert len(page1) == 5 and len(page2) == 5 and page1[-1]["id"] != page2[0]["id"]
    diff = client.get("/api/diff", params={"from": "2025-05-01", "to": "2025-05-31",
                                            "registry": "ru-undesirable"}).json()
    assert any(c["entity_id"] == "ru-undesirable-226" and c["kind"] == "added" for c in diff)


def test_stats_and_timeline(client: TestClient) -> None:
    stats = client.get("/api/stats").json()
    assert {r["registry"] for r in stats["registries"]} >= {"ru-undesirable"}
    yearly = client.get("/api/stats/timeline", params={"interval": "year", "registry": "ru-undesirable"}).json()
    series = yearly["series"][0]
    assert yearly["periods"][0] == "2015"
    assert sum(series["listed"]) == series["cumulative"][-1]  # nothing excluded from this list
    monthly = client.get("/api/stats/timeline").json()
    assert len(monthly["periods"]) > 100 and len(monthly["series"]) == 4
    assert all(len(s["cumulative"]) == len(monthly["periods"]) for s in monthly["series"])


def test_atom_feeds(client: TestClient) -> None:
    r = client.get("/api/feeds/ru-terrorist.atom")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(r.content)
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    one = client.get("/api/feeds/entities/ru-undesirable-226.atom")
    assert b"Amnesty" in one.content


def test_csv_export(client: TestClient) -> None:
    r = client.get("/api/exports/csv", params={"registry": "ru-terrorist"})
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 74 and rows[0]["registry"] == "ru-terrorist"


def test_jsonl_export(client: TestClient) -> None:
    r = client.get("/api/exports/jsonl", params={"registry": "ru-terrorist"})
    lines = [json.loads(x) for x in r.text.splitlines()]
    assert len(lines) == 74 and lines[0]["designations"][0]["provenance"]


def test_openapi_schema_lists_the_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/registries", "/api/entities", "/api/entities/{entity_id}", "/api/changes",
                 "/api/stats/timeline", "/match/{dataset}", "/api/exports/{fmt}", "/api/webhooks"):
        assert path in paths


def test_health(client: TestClient) -> None:
    assert client.get("/healthz").json()["status"] == "ok"



def test_show_json_is_the_api_entity_document(db_path: Path | str, copy_db, make_client, run_cli) -> None:  # type: ignore[no-untyped-def]
    """One question, one answer at every door: the CLI's ``show --json`` and ``GET /api/entities/{id}``.

    On a copy of the store, so the CLI process and the in-process server share nothing with other tests.
    """
    copy = copy_db(db_path)
    client = make_client(Config(db_path=copy))
    for entity_id in ("ru-undesirable-001", "ru-undesirable-226"):
        shown = run_cli("show", entity_id, "--json", db=copy)
        assert shown.returncode == 0, shown.stderr
        assert json.loads(shown.stdout) == client.get(f"/api/entities/{entity_id}").json()
