"""The terrorist list's court column: read from each cell, applied to the entry it names, with its source."""

from __future__ import annotations

import pytest

from proscribed.exc import DataError
from proscribed.sources.court_decisions import court_decisions, court_for, parse_decision
from proscribed.sources.loader import bundled_document


@pytest.mark.parametrize(("cell", "court", "day", "number", "in_force", "later"), [
    ("Верховный Суд Российской Федерации, от 14.02.2003 № ГКПИ 03-116, вступило в силу 04.03.2003",
     "Верховный Суд Российской Федерации", "2003-02-14", "ГКПИ 03-116", "2003-03-04", None),
    ("Московский городской суд, от 17.12.2014 (б/н), вступил в силу 30.12.2014",
     "Московский городской суд", "2014-12-17", None, "2014-12-30", None),
    ("Южный окружной военный суд, от 22.10.2024, б/н, вступил в силу 21.11.2024",
     "Южный окружной военный суд", "2024-10-22", None, "2024-11-21", None),
    ("Южный окружной военный суд, от 28.11.2022 № 1-215/2022 вступил в силу 16.12.2022",
     "Южный окружной военный суд", "2022-11-28", "1-215/2022", "2022-12-16", None),
    ("Дальневосточный окружной военный суд от 30.09.2019 № 1-21/2019, вступил в силу 05.07.2020",
     "Дальневосточный окружной военный суд", "2019-09-30", "1-21/2019", "2020-07-05", None),
    ("Верховный Суд Российской Федерации, от 14.02.2003 № ГКПИ 03-116, вступило в силу 04.03.2003 Запрет "
     "деятельности приостановлен. Верховный Суд Российской Федерации, от 17.04.2025 № АКПИ25-174с, вступило в силу 20.05.2025",
     "Верховный Суд Российской Федерации", "2003-02-14", "ГКПИ 03-116", "2003-03-04",
     "Запрет деятельности приостановлен. Верховный Суд Российской Федерации, от 17.04.2025 № АКПИ25-174с, "
     "вступило в силу 20.05.2025"),
])
def test_a_cell_of_the_court_column_is_read(cell: str, court: str, day: str, number: str | None,
                                            in_force: str, later: str | None) -> None:
    assert parse_decision(cell) == {"court": court, "decision_date": day, "decision_number": number,
                                    "in_force_on": in_force, "later": later}


@pytest.mark.parametrize("cell", ["решение суда не указано", "Верховный Суд, от 31.02.2003 № 1, вступило в силу 04.03.2003"])
def test_an_unreadable_cell_is_refused(cell: str) -> None:
    with pytest.raises(DataError):
        parse_decision(cell)


def test_every_terrorist_entry_carries_its_court_decision_with_the_source() -> None:
    doc = bundled_document()
    source = court_decisions()[1]["source"]
    assert source in {s["id"] for s in doc["sources"]}
    terrorist = [e for e in doc["entities"] if e["designations"][0]["registry"] == "ru-terrorist"]
    assert terrorist
    for e in terrorist:
        d = e["designations"][0]
        prov = next(p for p in d["provenance"] if p["source"] == source)
        assert d["decision_date"] == prov["raw"]["decision_date"] and d["decision_authority"] == prov["raw"]["court"]
        assert f"in force from {prov['raw']['in_force_on']}" in prov["note"]


def test_the_taliban_entry_keeps_the_suspension_the_list_adds() -> None:
    entry = court_for("ru-terrorist", "«Движение Талибан»")
    assert entry is not None and entry["decision_date"] == "2003-02-14"
    assert entry["later"] is not None and "приостановлен" in entry["later"] and "17.04.2025" in entry["later"]


def test_other_registries_and_unknown_names_get_nothing() -> None:
    assert court_for("ru-extremist", "«Движение Талибан»") is None
    assert court_for("ru-terrorist", "Организация, которой нет в списке") is None
