"""``/match`` weighs a query person's ``birthDate`` (and countries) besides the name."""

from __future__ import annotations

from fastapi.testclient import TestClient


def _person(birth_date: str) -> dict[str, object]:
    return {"queries": {"q": {"schema": "Person", "properties": {"name": ["Камалягин Денис Николаевич"],
                                                                "birthDate": [birth_date]}}}}


def test_birth_date_counts(client: TestClient) -> None:
    same = client.post("/match/default", json=_person("1985-02-22")).json()["responses"]["q"]["results"]
    assert [r["id"] for r in same] == ["ru-foreign-agents-053a27f27a"] and same[0]["match"]
    other = client.post("/match/default", json=_person("1990-01-01")).json()["responses"]["q"]["results"]
    assert other == []
