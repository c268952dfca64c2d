"""``/match`` speaks yente: a request written for yente gets yente's response shape."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

# The core issue's must-show names and the entity each must find first.
FIRST = [
    ("Amnesty International", "ru-undesirable-226"),
    ("Международная амнистия", "ru-undesirable-226"),
    ("Радио Свобода", "ru-undesirable-142"),
    ("Открытой России", "ru-undesirable-008"),
    ("Meduza", "ru-undesirable-073"),
    ("Bellingcat", "ru-undesirable-057"),
    ("Transparency International", "ru-undesirable-077"),
]
NOTHING = ["International Committee of the Red Cross", "Российский Красный Крест"]


def _yente_request(names: list[str], schema: str = "Organization") -> dict[str, object]:
    return {"queries": {f"q{i}": {"schema": schema, "properties": {"name": [n]}} for i, n in enumerate(names)}}


def test_yente_shapes(client: TestClient) -> None:
    r = client.post("/match/default", json=_yente_request(["Amnesty International"]))
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"responses", "limit"}
    answer = body["responses"]["q0"]
    assert answer["status"] == 200 and answer["total"]["relation"] == "eq"
    assert answer["query"]["schema"] == "Organization"
    top = answer["results"][0]
    assert set(top) >= {"id", "caption", "schema", "score", "match", "explanations", "properties", "datasets",
                        "referents", "target", "first_seen", "last_seen", "last_change"}
    assert top["schema"] == "Organization" and top["match"] is True
    assert "Amnesty International" in top["properties"]["alias"]
    assert top["properties"]["topics"] == ["sanction.counter"]
    assert top["datasets"] == ["ru_undesirable"]
    assert top["explanations"]["name_match"]["query"] == "Amnesty International"


@pytest.mark.parametrize(("name", "expected"), FIRST)
def test_right_entity_first(client: TestClient, name: str, expected: str) -> None:
    answer = client.post("/match/default", json=_yente_request([name])).json()["responses"]["q0"]
    # An entry linked to others as one organization answers under its group's first entry.
    assert expected in [answer["results"][0]["id"], *answer["results"][0]["referents"]]
    assert answer["results"][0]["match"] is True


@pytest.mark.parametrize("name", NOTHING)
def test_no_match_for_unlisted(client: TestClient, name: str) -> None:
    answer = client.post("/match/default", json=_yente_request([name])).json()["responses"]["q0"]
    assert answer["results"] == []


def test_batch_and_limit(client: TestClient) -> None:
    names = [n for n, _ in FIRST]
    body = client.post("/match/default", params={"limit": 1}, json=_yente_request(names)).json()
    assert body["limit"] == 1
    tops = [body["responses"][f"q{i}"]["results"][0] for i in range(len(names))]
    assert all(e in [top["id"], *top["referents"]] for top, (_, e) in zip(tops, FIRST, strict=True))
    assert all(len(a["results"]) == 1 for a in body["responses"].values())


@pytest.mark.parametrize("dataset", ["ru_foreign_agents", "ru-foreign-agents"])  # the old name stays an alias
def test_dataset_is_a_registry(client: TestClient, dataset: str) -> None:
    body = client.post(f"/match/{dataset}", json=_yente_request(["Meduza"])).json()
    assert body["responses"]["q0"]["results"]
    assert all("ru_foreign_agents" in r["datasets"] for r in body["responses"]["q0"]["results"])


def test_unknown_dataset_is_404(client: TestClient) -> None:
    r = client.post("/match/sanctions", json=_yente_request(["Meduza"]))
    assert r.status_code == 404 and r.json()["error"] == "NotFound"


def test_person_from_name_parts(client: TestClient) -> None:
    body = client.get("/api/entities", params={"schema": "person", "registry": "ru-foreign-agents", "limit": 1}).json()
    person = body["results"][0]
    r = client.post("/match/default", json=_yente_request([person["name"]], "Person")).json()
    assert r["responses"]["q0"]["results"][0]["id"] == person["id"]
    assert r["responses"]["q0"]["results"][0]["schema"] == "Person"


def test_cutoff_lowers_what_is_returned(client: TestClient) -> None:
    strict = client.post("/match/default", json=_yente_request(["Amnesty"])).json()["responses"]["q0"]["results"]
    loose = client.post("/match/default", params={"cutoff": 0.5},
                        json=_yente_request(["Amnesty"])).json()["responses"]["q0"]["results"]
    assert len(loose) >= len(strict)
    assert all(r["match"] == (r["score"] >= 0.8) for r in loose)
    high = client.post("/match/default", params={"cutoff": 0.5, "threshold": 0.99},
                       json=_yente_request(["Amnesty"])).json()["responses"]["q0"]["results"]
    assert high[0]["id"] == "ru-undesirable-226" and high[0]["match"] is False


def test_string_property_is_accepted(client: TestClient) -> None:
    r = client.post("/match/default", json={"queries": {"a": {"schema": "Organization",
                                                               "properties": {"name": "Bellingcat"}}}})
    top = r.json()["responses"]["a"]["results"][0]
    # Bellingcat: a foreign agent (2021, the group's first entry) and undesirable (2022, two entries), one result.
    assert top["id"] == "ru-foreign-agents-30af13100b" and "ru-undesirable-057" in top["referents"]
