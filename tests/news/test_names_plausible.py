"""Spans that look like names but cannot name an organization: one example per pattern, written here."""

from __future__ import annotations

import pytest

from proscribed.news.names import nominative, plausible_name


@pytest.mark.parametrize("span", [
    "TASS/. The Ministry",            # a dateline glued to the first words
    "NEWS.EXAMPLE.RU",                # a web address
    "В соответствии с Законом",       # a sentence opened by a preposition
    "СМИ-иноагент",                   # a status word inside the name
    "Undesirable Organizations",      # likewise, in English
    "Фонд",                           # only a kind of organization
    "International Council",          # likewise, two generic words
    "Northern Territories",           # only place words
    "Москва",                         # a place name
    "Ukrainian",                      # a demonym
    "open society and democracy",     # starts in lower case: a phrase, not a name
    "Olga Petrova",                   # a person: a given name and a surname
    "United Arab Emirates",           # a country named by several words
    "AG",                             # only a legal form, split off its name
    "Ltd.",                           # likewise
])
def test_implausible(span: str) -> None:
    assert not plausible_name(span)


def test_a_lone_dictionary_word_opening_the_sentence_is_not_a_name() -> None:
    assert not plausible_name("Meanwhile", at_start=True)
    assert not plausible_name("Однако", at_start=True)
    assert plausible_name("Мемориал", at_start=True)  # a noun: names are often dictionary nouns
    assert plausible_name("Meanwhile Foundation", at_start=True)  # a longer span may be a name
    assert plausible_name("Bellingcat", at_start=True)  # not a dictionary word


@pytest.mark.parametrize("span", [
    "Amnesty International", "«Мемориал»", "Фонд борьбы с коррупцией", "The Insider SIA", "Republic",
    "Free Russia Foundation", "Радио Свобода", "Stichting Bellingcat", "Eurasia Foundation",
    "international LGBT public movement",  # lower case, but an acronym names it
])
def test_names_stay(span: str) -> None:
    assert plausible_name(span)


@pytest.mark.parametrize(("span", "expected"), [
    ("Открытую Россию", "Открытая Россия"),      # an inflected adjective-noun group
    ("«Свободного Севера»", "«Свободный Север»"),  # quoted, inflected
    ("«Север.Новости»", "«Север.Новости»"),       # a dot inside: a name as written, not a word to inflect
    ("«Итоги 2024»", "«Итоги 2024»"),             # already nominative
    ("Фонда 12.05", "Фонд 12.05"),                # the word inflects, the number stays
])
def test_nominative_inflects_words_only(span: str, expected: str) -> None:
    assert nominative(span) == expected


def test_nominative_adjectives_agree_with_their_noun() -> None:
    # A genitive adjective is masculine or neuter ("Крымско-татарского"); the noun decides.
    assert nominative("Крымско-татарского меджлиса") == "Крымско-татарский меджлис"
    assert nominative("Русских общин") == "Русские общины"
