"""/match and search encode their answers themselves (server/payload.py): the bytes must be the ones
their response models wrote when FastAPI encoded them, field for field and number for number; a
serving application, which builds the documents with the snapshot, answers the same bytes."""

from __future__ import annotations

import gc
import json
from pathlib import Path
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient
from pydantic import TypeAdapter

from proscribed.api import yente
from proscribed.api.schemas import MatchResponse
from proscribed.app import create_app
from proscribed.config import Config
from proscribed.service import views
from proscribed.service.snapshot import take_snapshot
from proscribed.store import Store

# Names of every kind a screening flow sends: Latin and Cyrillic, inflected, a person in two
# orders, look-alike letters, Chinese, an acronym, a typo, a name that is listed nowhere.
NAMES = ["Amnesty International", "Международной амнистии", "Радио Свобода", "Kasparov Garry",
         "Гарри Каспаров", "Меdusa Рrојесt", "大紀元時報", "FBK", "Transparensy International",
         "Bäckerei Müller GmbH"]


def _match(client: TestClient, body: dict[str, Any], **params: Any) -> bytes:
    r = client.post("/match/default", json=body, params=params)
    assert r.status_code == 200, r.text
    return r.content


@pytest.mark.parametrize("name", NAMES)
def test_match_answers_are_the_bytes_of_the_response_model(client: TestClient, name: str) -> None:
    for schema, params in [("Organization", {}), ("Thing", {"threshold": 0.3, "limit": 20}),
                           ("Person", {"as_of": "2024-01-01"}),
                           ("LegalEntity", {"include_dataset": "ru_foreign_agents"})]:
        body = _match(client, {"queries": {"q": {"schema": schema, "properties": {"name": [name]}}}}, **params)
        assert body == MatchResponse.model_validate_json(body).model_dump_json(by_alias=True).encode()


def test_a_batch_with_name_parts_and_ids_is_the_bytes_of_the_response_model(client: TestClient) -> None:
    queries: dict[str, Any] = {f"q{i}": {"schema": "Thing", "properties": {"name": [n]}}
                               for i, n in enumerate(NAMES)}
    queries["parts"] = {"id": "client-7", "schema": "Person",
                        "properties": {"firstName": ["Гарри"], "lastName": ["Каспаров"], "country": ["Russia"]}}
    body = _match(client, {"queries": queries}, threshold=0.4)
    answer = json.loads(body)
    assert len(answer["responses"]) == len(NAMES) + 1 and any(r["results"] for r in answer["responses"].values())
    assert body == MatchResponse.model_validate_json(body).model_dump_json(by_alias=True).encode()


@pytest.mark.parametrize("name", NAMES)
def test_search_answers_are_the_bytes_pydantic_wrote(client: TestClient, store: Store, name: str) -> None:
    snap = take_snapshot(store)
    for q, filters in [(name, {}), (name, {"registry": "ru-undesirable", "status": "listed"}), (None, {"limit": 500})]:
        answer = views.search_entities(store, snap, q, **filters)  # type: ignore[arg-type]
        # FastAPI encoded the route's dict with pydantic (the route's model is dict[str, Any]).
        assert orjson.dumps(answer) == TypeAdapter(dict[str, Any]).dump_json(answer)
    r = client.get("/api/entities", params={"q": name})
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    assert r.content == orjson.dumps(views.search_entities(store, snap, name))


def test_a_serving_application_answers_the_same_from_documents_built_with_the_snapshot(
        client: TestClient, db_path: Path | str) -> None:
    gc.unfreeze()
    served = create_app(Config(db_path=db_path), serving=True)  # type: ignore[arg-type]
    try:
        with TestClient(served) as c:
            assert gc.get_freeze_count() > 0  # the snapshot was taken, completed and frozen at start-up
            snap = served.state.context.snapshot()
            documents = snap.memo("yente_documents", float("inf"), dict)
            groups = yente.linked_members(served.state.context)
            assert {key[0] for key in documents} == {(groups[e.id][0] if e.id in groups else e).id
                                                     for e in snap.entities}  # every entity, before any request
            for name in NAMES:
                body = {"queries": {"q": {"schema": "Thing", "properties": {"name": [name]}}}}
                assert _match(c, body, threshold=0.3) == _match(client, body, threshold=0.3)
    finally:
        gc.unfreeze()  # the serving application froze the heap; the rest of the session collects as usual
