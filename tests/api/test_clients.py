"""Real third-party clients against a live ``proscribed serve``: nomenklatura's YenteEnricher (match and expand)."""

from __future__ import annotations

from pathlib import Path

from followthemoney import Dataset, StatementEntity
from nomenklatura.cache import Cache
from nomenklatura.db import Session, close_db, get_engine
from nomenklatura.enrich.yente import YenteEnricher


def test_yente_enricher_match_and_expand(live_server: str, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'nomenklatura.db'}"
    dataset = Dataset.make({"name": "journalists_sheet", "title": "A column of names"})
    try:
        with Session(get_engine(url)) as session:
            cache = Cache(session, dataset, create=True)
            enricher = YenteEnricher(dataset, cache, {"api": live_server + "/", "dataset": "default"})
            query = StatementEntity.from_data(dataset, {"id": "row-1", "schema": "Organization",
                                                        "properties": {"name": ["Amnesty International"],
                                                                       "country": ["gb"]}})
            matches = list(enricher.match(query))
            assert matches and matches[0].id == "ru-undesirable-226"
            assert matches[0].schema.name == "Organization"
            assert f"{live_server}/entities/ru-undesirable-226" in matches[0].get("sourceUrl")
            expanded = list(enricher.expand(query, matches[0]))
            assert expanded[0].id == "ru-undesirable-226"
            sanctions = [e for e in expanded if e.schema.name == "Sanction"]
            assert sanctions and all(s.get("entity") == ["ru-undesirable-226"] for s in sanctions)
            assert "ru-undesirable" in sanctions[0].get("programId")
            # A person query never brings back an organization; an unknown name brings nothing.
            nobody = StatementEntity.from_data(dataset, {"id": "row-2", "schema": "Person",
                                                         "properties": {"name": ["International Committee of the "
                                                                                 "Red Cross"]}})
            assert list(enricher.match(nobody)) == []
    finally:
        close_db(url)
