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
