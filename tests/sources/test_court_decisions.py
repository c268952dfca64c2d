"""The terrorist and extremist lists' court decisions: read from each text, applied to the entry it names, with its source."""

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
    ("решение Московского городского суда от 19.04.2007 о запрете деятельности",
     "решение Московского городского суда", "2007-04-19", None, None, "о запрете деятельности"),
    ("приговор Ленинского районного суда г. Ульяновска от 18.09.2025",
     "приговор Ленинского районного суда г. Ульяновска", "2025-09-18", None, None, None),
    ("решения Тверского районного суда г. Москвы от 01.10.2025, от 14.01.2026 и апелляционное определение "
     "Московского городского суда от 29.04.2026", "решения Тверского районного суда г. Москвы", "2025-10-01", None, None,
     "от 14.01.2026 и апелляционное определение Московского городского суда от 29.04.2026"),
])
def test_a_court_text_is_read(cell: str, court: str, day: str, number: str | None,
                                            in_force: str, later: str | None) -> None:
    assert parse_decision(cell) == {"court": court, "decision_date": day, "decision_number": number,
                                    "in_force_on": in_force, "later": later}


@pytest.mark.parametrize("cell", ["решение суда не указано", "Верховный Суд, от 31.02.2003 № 1, вступило в силу 04.03.2003"])
def test_an_unreadable_cell_is_refused(cell: str) -> None:
    with pytest.raises(DataError):
        parse_decision(cell)


def _court_designations(registry: str) -> list[tuple[dict, dict]]:  # type: ignore[type-arg]
    """(designation, provenance from the court resource) of each ``registry`` entry that has one."""
    doc = bundled_document()
    source = next(lst["source"] for lst in court_decisions()[1] if lst["registry"] == registry)
    assert source in {s["id"] for s in doc["sources"]}
    out = []
    for e in doc["entities"]:
        d = e["designations"][0]
        prov = [p for p in d["provenance"] if p["source"] == source]
        if d["registry"] == registry and prov:
            out.append((d, prov[0]))
    return out


def test_every_terrorist_entry_carries_its_court_decision_and_the_day_it_took_effect() -> None:
    found = _court_designations("ru-terrorist")
    doc = bundled_document()
    assert len(found) == sum(1 for e in doc["entities"] if e["designations"][0]["registry"] == "ru-terrorist")
    for d, prov in found:
        assert d["decision_date"] == prov["raw"]["decision_date"] and d["decision_authority"] == prov["raw"]["court"]
        assert f"in force from {prov['raw']['in_force_on']}" in prov["note"]


def test_extremist_entries_named_by_the_list_carry_its_court_act() -> None:
    found = _court_designations("ru-extremist")
    assert len(found) > 100  # the Jehovah's Witnesses and Memorial sub-entries have no act of their own
    for d, prov in found:
        assert d["decision_date"] == prov["raw"]["decision_date"] and prov["raw"]["in_force_on"] is None
    fbk = court_for("ru-extremist", "Некоммерческая организация «Фонд борьбы с коррупцией»")
    assert fbk is not None and fbk[1]["decision_date"] == "2021-06-09"
    assert fbk[1]["court"] == "решение Московского городского суда"


def test_the_taliban_entry_keeps_the_suspension_the_list_adds() -> None:
    found = court_for("ru-terrorist", "«Движение Талибан»")
    assert found is not None and found[1]["decision_date"] == "2003-02-14"
    later = found[1]["later"]
    assert later is not None and "приостановлен" in later and "17.04.2025" in later


def test_other_registries_and_unknown_names_get_nothing() -> None:
    assert court_for("ru-undesirable", "«Движение Талибан»") is None
    assert court_for("ru-terrorist", "Организация, которой нет в списке") is None
