"""The word lists' designation verbs: the ways a report says an organization entered a list."""

from __future__ import annotations

import pytest

from proscribed.news.lexicon import lexicon


@pytest.mark.parametrize("text", [
    "В обновлённый перечень вошли три фонда",     # entered the list
    "Ассоциация вошла в реестр",
    "Минюст занёс фонд в реестр",
    "В перечень добавлены два фонда",               # the Russian "added"
    "Минюст добавил ассоциацию в реестр",
    "The ministry added two outlets to the register",
])
def test_verbs_of_entering_a_list(text: str) -> None:
    assert lexicon().verbs.search(text)


@pytest.mark.parametrize("text", ["вошедший в историю фонд", "выход из реестра", "добавочный номер",
                                  "«Это давление», — добавил он"])
def test_words_that_only_look_alike(text: str) -> None:
    assert not lexicon().verbs.search(text)


@pytest.mark.parametrize("text", [
    # An appeal lodged against a ruling: the ruling is not final, the report is not the designation.
    "The fund's lawyers filed an appeal against the ruling that declared it extremist",
    "Борисов обжаловал решение о признании фонда экстремистским",
    "Адвокат подал кассационную жалобу на решение суда",
    "The movement said it will appeal the designation",
])
def test_an_appeal_lodged_is_no_designation(text: str) -> None:
    assert lexicon().not_designation.search(text)


@pytest.mark.parametrize("text", ["The court declared the fund extremist", "Суд признал фонд экстремистским"])
def test_a_ruling_is_a_designation(text: str) -> None:
    assert not lexicon().not_designation.search(text)
