"""The Reconciliation Service API 0.2: answers valid by the specification's own JSON schemas; a real client."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft7Validator
from reconciler import reconcile
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

SCHEMAS = Path(__file__).parent / "reconciliation_schemas"


def _validator(name: str) -> Draft7Validator:
    resources = []
    for path in SCHEMAS.glob("*.json"):
        contents = json.loads(path.read_text(encoding="utf-8"))
        # Each schema under its published $id: "type.json" references resolve among them, offline.
        resources.append((contents["$id"], Resource.from_contents(contents, default_specification=DRAFT7)))
    registry: Registry = Registry().with_resources(resources)
    return Draft7Validator(json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8")), registry=registry)


def _valid(name: str, document: Any) -> None:
    errors = sorted(_validator(name).iter_errors(document), key=str)
    assert errors == [], [e.message for e in errors[:5]]


QUERIES = {"q0": {"query": "Amnesty International", "type": "Organization", "limit": 3},
           "q1": {"query": "Meduza", "properties": [{"pid": "country", "v": "Latvia"}]},
           "q2": {"query": "Радио Свобода", "type": ["LegalEntity"]},
           "q3": {"query": "International Committee of the Red Cross"}}


def test_manifest(client: TestClient) -> None:
    manifest = client.get("/reconcile/default").json()
    _valid("manifest", manifest)
    assert "0.2" in manifest["versions"]
    assert manifest["view"]["url"].endswith("/entities/{{id}}")
    _valid("manifest", client.get("/reconcile/ru_undesirable").json())
    assert client.get("/reconcile/nowhere").status_code == 404


def test_queries_as_openrefine_posts_them(client: TestClient) -> None:
    _valid("reconciliation-query-batch", QUERIES)
    r = client.post("/reconcile/default", data={"queries": json.dumps(QUERIES)})
    assert r.status_code == 200 and r.headers["x-batch-size"] == "4"
    batch = r.json()
    _valid("reconciliation-result-batch", batch)
    assert batch["q0"]["result"][0]["id"] == "ru-undesirable-226" and batch["q0"]["result"][0]["match"] is True
    assert len(batch["q0"]["result"]) <= 3
    # Meduza and RFE/RL are each one organization on two lists: each answers under its group's first
    # entry (a foreign agent before it was undesirable).
    assert batch["q1"]["result"][0]["id"] == "ru-foreign-agents-ce06cef221"
    assert batch["q2"]["result"][0]["id"] == "ru-foreign-agents-a0a5f2cf1e"
    assert all(not x["match"] for x in batch["q3"]["result"])
    # The same batch in the query string (GET), as the specification also allows.
    assert client.get("/reconcile/default", params={"queries": json.dumps(QUERIES)}).json() == batch


@pytest.mark.parametrize("bad", ["not json", json.dumps({"q": {"limit": "many"}}), json.dumps([1, 2])])
def test_bad_queries_are_400(client: TestClient, bad: str) -> None:
    r = client.post("/reconcile/default", data={"queries": bad})
    assert r.status_code == 400 and r.json()["detail"]


def test_suggest_preview_and_extension(client: TestClient) -> None:
    entities = client.get("/reconcile/default/suggest/entity", params={"prefix": "Bellingcat"}).json()
    _valid("suggest-entities-response", entities)
    assert entities["result"][0]["id"] == "ru-undesirable-057"
    types = client.get("/reconcile/default/suggest/type", params={"prefix": "pers"}).json()
    _valid("suggest-types-response", types)
    assert [t["id"] for t in types["result"]] == ["Person"]
    props = client.get("/reconcile/default/suggest/property", params={"prefix": "coun"}).json()
    _valid("suggest-properties-response", props)
    assert [p["id"] for p in props["result"]] == ["country"]
    proposal = client.get("/reconcile/default/extend/property", params={"type": "Organization"}).json()
    _valid("data-extension-property-proposal", proposal)
    extend = {"ids": ["ru-undesirable-226", "nope"], "properties": [{"id": "country"}, {"id": "topics"},
                                                                     {"id": "alias", "settings": {"limit": 1}}]}
    _valid("data-extension-query", extend)
    r = client.post("/reconcile/default", data={"extend": json.dumps(extend)}).json()
    _valid("data-extension-response", r)
    assert r["rows"]["ru-undesirable-226"]["country"] == [{"str": "gb"}]
    assert r["rows"]["ru-undesirable-226"]["topics"] == [{"str": "sanction.counter"}]
    assert len(r["rows"]["ru-undesirable-226"]["alias"]) == 1 and r["rows"]["nope"] == {}
    page = client.get("/reconcile/default/preview", params={"id": "ru-undesirable-226"})
    assert page.status_code == 200 and "Amnesty" in page.text and page.headers["content-type"].startswith("text/html")


@pytest.mark.filterwarnings("ignore:The inplace keyword")  # inside reconciler's own use of pandas
def test_a_real_reconciliation_client_against_a_live_server(live_server: str) -> None:
    # reconciler (PyPI) sends OpenRefine's form-encoded batches and reads the result batch back.
    column = pd.Series(["Amnesty International", "Bellingcat", "Meduza"])
    found = reconcile(column, top_res=1, reconciliation_endpoint=f"{live_server}/reconcile/default")
    top = dict(zip(found["input_value"], found["id"], strict=True))
    # Bellingcat and Meduza are linked groups: each answers under its group's first entry.
    assert top == {"Amnesty International": "ru-undesirable-226", "Bellingcat": "ru-foreign-agents-30af13100b",
                   "Meduza": "ru-foreign-agents-ce06cef221"}
    assert bool(found["match"].all())
