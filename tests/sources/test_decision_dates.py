"""Decision dates collected from public reports: a sourced fact beside the registry's record, never over it."""

from __future__ import annotations

from datetime import date

import pytest

from proscribed.exc import DataError
from proscribed.model import DECISION_EVIDENCE, Designation, Provenance
from proscribed.sources.bundled import _decision_provenance, court_decision, decision_dates
from proscribed.sources.loader import bundled_document


def _undesirable(row: int) -> dict:  # type: ignore[type-arg]
    doc = bundled_document()
    return next(e for e in doc["entities"] if e["id"] == f"ru-undesirable-{row:03d}")["designations"][0]


def test_amnesty_gets_the_reported_decision_date_with_its_evidence() -> None:
    d = _undesirable(226)
    assert d["decision_date"] == "2025-05-19" and d["listed_on"] == "2025-05-28"
    raw = next(p for p in d["provenance"] if p["source"] == DECISION_EVIDENCE)["raw"]
    assert raw["applied"] is True and raw["decision_date_basis"] in ("stated", "announced")
    assert all(e["url"].startswith("https://") and e["quote"] and e["how_obtained"] in
               ("pipeline", "pipeline+review", "review") for e in raw["evidence"])


def test_the_older_table_wins_and_a_different_report_is_kept_beside_it() -> None:
    # Row 4: the table gives 2015-12-03; the collected report announced it on 2015-12-04.
    d = _undesirable(4)
    assert d["decision_date"] == "2015-12-03"
    prov = next(p for p in d["provenance"] if p["source"] == DECISION_EVIDENCE)
    assert prov["raw"]["applied"] is False and "2015-12-04" in prov["note"] and "2015-12-03" in prov["note"]


def test_every_collected_row_names_its_entry_and_cites_a_source() -> None:
    digest, rows = decision_dates()
    assert len(digest) == 64 and rows
    for row, entry in rows.items():
        assert entry["row"] == row and entry["key"].startswith("ru_undesirable|")
        assert all(e["url"] and e["publisher"] and e["quote"] for e in entry["evidence"])


def test_an_entry_for_another_name_is_refused() -> None:
    entry = {"row": 226, "key": "ru_undesirable|2025-05-28|Someone else", "decision_date": "2025-05-19",
             "decision_date_basis": "announced", "note": None, "evidence": [{"published": None}]}
    with pytest.raises(DataError, match="names another entry"):
        _decision_provenance(entry, {"decision_date": None}, "Amnesty International Ltd")


def _designation(decision: str | None, applied: bool) -> Designation:
    raw = {"decision_date": "2025-05-19", "decision_date_basis": "announced", "applied": applied, "note": None,
           "evidence": [{"url": "https://example.org/a", "publisher": "example.org", "published": "2025-05-19",
                         "decision_date": "2025-05-19", "basis": "announced", "quote": "…", "how_obtained": "pipeline"}]}
    return Designation(registry="ru-undesirable", status="listed", listed_on=date(2025, 5, 28),
                       decision_date=date.fromisoformat(decision) if decision else None,
                       provenance=(Provenance(DECISION_EVIDENCE, "2026-12-06", raw),))


@pytest.mark.parametrize(("decision", "applied", "basis"), [
    ("2025-05-19", True, "announced"),   # the collected date fills the gap
    ("2025-05-18", True, "registry"),    # a live update brought the registry's own date: it wins
    ("2025-05-17", False, "registry"),   # the table's date, the reports kept beside it
    (None, False, None),
])
def test_basis(decision: str | None, applied: bool, basis: str | None) -> None:
    d = _designation(decision, applied)
    assert d.decision_date_basis() == basis
    facts = d.decision_facts()
    assert facts["decision_sources"][0]["url"] == "https://example.org/a"
    assert (facts["decision_date_note"] == "decision date not found in public sources") == (decision is None)


@pytest.mark.parametrize(("text", "expected"), [
    ("«Фалунь Дафа» (апелляционное определение судебной коллегии по административным делам Пятого апелляционного "
     "суда общей юрисдикции от 10.11.2020) (дата размещения сведений: 10.11.2020)",
     ("апелляционное определение судебной коллегии по административным делам Пятого апелляционного суда общей "
      "юрисдикции", date(2020, 11, 10))),
    ("Объединение, членами которого являются Невзоров Александр Глебович, 03.08.1958 года рождения", None),
    ("«База» («Аль-Каида»)", None),
])
def test_court_decision_read_from_the_entry_text(text: str, expected: tuple[str, date] | None) -> None:
    assert court_decision(text) == expected
