"""yente 5 compatibility, checked with yente's own response models (yente installed as a test dependency)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from followthemoney.dataset.util import dataset_name_check
from yente.data.common import (
    AlgorithmResponse,
    DataCatalogModel,
    EntityMatchResponse,
    EntityResponse,
    SearchResponse,
    StatusResponse,
)

WIRE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")  # yente: UTC to the second, no zone


def _query(name: str, schema: str = "Organization", **props: Any) -> dict[str, Any]:
    return {"queries": {"q": {"schema": schema, "properties": {"name": [name], **props}}}}


def _results(client: TestClient, body: dict[str, Any], **params: Any) -> list[dict[str, Any]]:
    r = client.post("/match/default", json=body, params=params)
    assert r.status_code == 200, r.text
    results: list[dict[str, Any]] = r.json()["responses"]["q"]["results"]
    return results


@pytest.mark.parametrize("names", [["Amnesty International"], ["Meduza", "Bellingcat", "Радио Свобода"],
                                   ["Kasparov Garry"], ["International Committee of the Red Cross"]])
def test_match_responses_validate_with_yentes_model(client: TestClient, names: list[str]) -> None:
    body = {"queries": {f"q{i}": {"schema": "LegalEntity", "properties": {"name": [n], "country": ["Russia"]}}
                        for i, n in enumerate(names)}}
    r = client.post("/match/default", json=body)
    assert r.status_code == 200 and r.headers["x-batch-size"] == str(len(names))
    parsed = EntityMatchResponse.model_validate(r.json())
    assert set(parsed.responses) == {f"q{i}" for i in range(len(names))}
    for answer in r.json()["responses"].values():
        assert answer["query"]["properties"]["country"] == ["ru"]  # the echo is cleaned, as yente's
        for result in answer["results"]:
            assert all(dataset_name_check(d) == d for d in result["datasets"])
            for key in ("first_seen", "last_seen"):
                assert WIRE_TIME.match(result[key]), result[key]
            assert result["last_change"] is None or WIRE_TIME.match(result["last_change"])
            assert result["explanations"]["name_match"]["score"] == result["score"]


@pytest.mark.parametrize(("params", "body", "status"), [
    ({}, {"queries": {}}, 400),                                            # empty batch
    ({"algorithm": "logic-v9"}, _query("Meduza"), 400),                     # unknown algorithm
    ({"algorithm": "best"}, _query("Meduza"), 200),
    ({"algorithm": "proscribed-screen"}, _query("Meduza"), 200),
    ({"limit": 500}, _query("Meduza"), 200),
    ({"limit": 501}, _query("Meduza"), 422),
    ({"limit": 0}, _query("Meduza"), 200),
    ({"threshold": 1.5}, _query("Meduza"), 200),
    ({}, _query("Meduza", "Vessel"), 200),                                  # matchable, nothing of its kind here
    ({}, _query("Meduza", "Sanction"), 400),                                # not matchable
    ({}, _query("Meduza", "Spaceship"), 400),                               # no such schema
    ({}, _query("Meduza", birthDate=["1990-01-01"]), 200),                  # Organization has no birthDate: ignored
    ({}, {**_query("Meduza"), "config": {"nm_number_mismatch": 0.4}}, 400),  # no config key exists here
    ({"changed_since": "yesterday"}, _query("Meduza"), 422),
    ({"exclude_entity_ids": [f"x{i}" for i in range(51)]}, _query("Meduza"), 422),
])
def test_status_codes_as_yente(client: TestClient, params: dict[str, Any], body: dict[str, Any],
                               status: int) -> None:
    assert client.post("/match/default", json=body, params=params).status_code == status


def test_limit_zero_and_high_threshold(client: TestClient) -> None:
    assert _results(client, _query("Meduza"), limit=0) == []
    assert _results(client, _query("Meduza"), threshold=1.5) == []
    assert _results(client, _query("Meduza", "Vessel")) == []


def test_filters_are_honoured(client: TestClient) -> None:
    # Meduza is one organization on two lists (foreign agents, undesirable): one result in both datasets.
    both = _results(client, _query("Meduza"), limit=10)
    ids = {r["id"] for r in both}
    assert "ru-foreign-agents-ce06cef221" in ids and any({"ru_foreign_agents", "ru_undesirable"} <= set(r["datasets"])
                                                         for r in both)
    only = _results(client, _query("Meduza"), include_dataset=["ru_undesirable"], limit=10)
    assert only and all("ru_undesirable" in r["datasets"] for r in only)
    without = _results(client, _query("Amnesty International"), exclude_dataset=["ru_undesirable"], limit=10)
    assert all("ru_undesirable" not in r["datasets"] for r in without)
    assert "ru-foreign-agents-ce06cef221" not in {r["id"] for r in _results(
        client, _query("Meduza"), exclude_dataset=["ru_undesirable"], limit=10)}
    # Excluding one entry of the organization (a referent) excludes the organization.
    assert _results(client, _query("Meduza"), exclude_entity_ids=["ru-undesirable-073"], limit=10) == \
        [r for r in both if "ru-undesirable-073" not in r["referents"]]
    assert _results(client, _query("Meduza"), topics=["crime.terror"]) == []
    assert {r["id"] for r in _results(client, _query("Meduza"), topics=["sanction.counter"], limit=10)} == ids
    assert _results(client, _query("Meduza"), changed_since="2100-01-01") == []
    assert {r["id"] for r in _results(client, _query("Meduza"), changed_since="2000-01-01", limit=10)} == ids
    assert _results(client, _query("Meduza"), exclude_schema=["Organization"]) == []


def test_person_query_never_returns_an_organization(client: TestClient) -> None:
    assert all(r["schema"] == "Person" for r in _results(client, _query("Meduza", "Person"), limit=10))


def test_search_catalog_algorithms_readyz_validate(client: TestClient) -> None:
    r = client.get("/search/default", params={"q": "Amnesty International", "limit": 3})
    assert r.status_code == 200
    found = SearchResponse.model_validate(r.json())
    assert found.results[0].id == "ru-undesirable-226"
    assert {f for f in r.json()["facets"]} == {"countries", "topics", "datasets"}
    narrowed = client.get("/search/ru_undesirable", params={"countries": "gb", "limit": 500}).json()
    assert narrowed["results"] and all("gb" in e["properties"]["country"] for e in narrowed["results"])
    assert narrowed["total"]["value"] < client.get("/search/ru_undesirable").json()["total"]["value"]
    assert client.get("/search/default", params={"schema": "Spaceship"}).status_code == 400
    assert client.get("/search/default", params={"filter": "no-colon"}).status_code == 400
    assert client.get("/search/nowhere").status_code == 404
    catalog = DataCatalogModel.model_validate(client.get("/catalog").json())
    assert {d.name for d in catalog.datasets} == {"default", "ru_undesirable", "ru_foreign_agents", "ru_extremist",
                                                  "ru_terrorist"}
    AlgorithmResponse.model_validate(client.get("/algorithms").json())
    StatusResponse.model_validate(client.get("/readyz").json())


def test_entity_json_for_programs_page_for_browsers(client: TestClient) -> None:
    r = client.get("/entities/ru-undesirable-001")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    entity = EntityResponse.model_validate(r.json())
    sanctions = r.json()["properties"]["sanctions"]
    assert entity.schema_ == "Organization" and sanctions[0]["schema"] == "Sanction"
    assert "entity" not in sanctions[0]["properties"]
    flat = client.get("/entities/ru-undesirable-001", params={"nested": "false"}).json()
    assert "sanctions" not in flat["properties"]
    page = client.get("/entities/ru-undesirable-001", headers={"Accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html")
    # Only that address is shared with a page: a browser opening /catalog still reads the JSON.
    assert client.get("/catalog", headers={"Accept": "text/html"}).json()["datasets"]
    assert client.get("/entities/nope").status_code == 404


def test_match_answers_a_linked_organization_once_with_every_designation(client: TestClient) -> None:
    # Meduza: foreign agent (2021) and undesirable (2023), two registry entries linked as one organization.
    results = _results(client, _query("Meduza"))
    meduza = [r for r in results if r["id"] == "ru-foreign-agents-ce06cef221"]
    assert len(meduza) == 1 and "ru-undesirable-073" not in {r["id"] for r in results}
    assert meduza[0]["referents"] == ["ru-undesirable-073"]
    assert set(meduza[0]["datasets"]) == {"ru_foreign_agents", "ru_undesirable"}
    EntityResponse.model_validate(meduza[0])


@pytest.mark.parametrize("asked", ["ru-foreign-agents-ce06cef221", "ru-undesirable-073"])
def test_an_entry_of_a_linked_organization_is_fetched_as_the_organization(client: TestClient, asked: str) -> None:
    # Meduza, by either of its entries: the id /match answers with, both designations as Sanctions.
    body = client.get(f"/entities/{asked}").json()
    EntityResponse.model_validate(body)
    assert body["id"] == "ru-foreign-agents-ce06cef221" and body["referents"] == ["ru-undesirable-073"]
    programs = sorted(s["properties"]["programId"][0] for s in body["properties"]["sanctions"])
    assert programs == ["ru-foreign-agents", "ru-undesirable"]
