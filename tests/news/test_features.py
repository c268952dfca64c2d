"""The classifier's cues that are not word lists: one example each, written here."""

from __future__ import annotations

import pytest

from proscribed.news.features import _title_case, same_org


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
