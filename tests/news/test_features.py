"""The classifier's cues that are not word lists: one example each, written here."""

from __future__ import annotations

import pytest

from proscribed.news.features import _role, _title_case, same_org
from proscribed.news.names import Candidate


@pytest.mark.parametrize(("sentence", "expected"), [
    # A headline in title case: its capitals mark no names.
    ("New Law Lets Russia Ban Foreign Lake Trusts", True),
    # Running text with names in it is no headline ...
    ("The ministry added the Northwind Lake Trust to the register on Friday.", False),
    # ... nor is a short name alone, nor a Russian sentence.
    ("Northwind Lake Trust", False),
    ("Минюст внес Northwind Lake Trust в реестр.", False),
])
def test_title_case(sentence: str, expected: bool) -> None:
    assert _title_case(sentence) is expected


def test_one_russian_name_in_two_cases_is_one_organization() -> None:
    assert same_org("Северного экологического союза", "Северный экологический союз")
    assert same_org("«Открытую Россию»", "Открытая Россия")
    assert not same_org("Северный экологический союз", "Южный экологический союз")


def _roles(sentence: str, name: str) -> set[str]:
    start = sentence.index(name)
    out: dict[str, float] = {}
    _role(sentence, Candidate(name, start, start + len(name)), out)
    return set(out)


def test_the_designated_organization_stands_between_verb_and_status() -> None:
    ru = "Краевой суд признал «Северный экологический союз» экстремистской организацией."
    assert {"v:after", "v_st:between"} <= _roles(ru, "«Северный экологический союз»")
    court = _roles(ru, "Краевой суд")
    assert "v:before" in court and "name:authority" in court and "v_st:between" not in court
    en = "The Supreme Court designated the Northern Liberation Front a terrorist organization, according to Lakeside News."
    assert "v_st:between" in _roles(en, "Northern Liberation Front")
    assert "name:reporter" in _roles(en, "Lakeside News") and "v_st:between" not in _roles(en, "Lakeside News")
    assert "name:authority" in _roles("Федеральная служба по надзору за озёрами внесла фонд в перечень.",
                                      "Федеральная служба по надзору за озёрами")


def test_a_name_after_a_persons_occupation_is_an_employer() -> None:
    # A persons-only update names where each person works: the name is no designee.
    ru = "Минюст внес в реестр иноагентов журналиста Ивана Лесова и главного редактора журнала «Сосновый бор»."
    assert "name:employer" in _roles(ru, "«Сосновый бор»")
    en = "The register now includes Anna Petrova, a reporter for Lakeside News, and the Northwind Lake Trust."
    assert "name:employer" in _roles(en, "Lakeside News")
    assert "name:employer" not in _roles(en, "Northwind Lake Trust")
    assert "name:employer" not in _roles("Минюст внес в реестр издание «Сосновый бор».", "«Сосновый бор»")
