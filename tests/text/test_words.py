"""Dictionary look-ups screening relies on: Russian lemmas, English dictionary words."""

import pytest

from proscribed.text.lexicon import english_lemma
from proscribed.text.morph import latin_person_word, lemmas


def test_a_surname_is_not_a_given_name_in_the_plural() -> None:
    # pymorphy3 also reads these as "of the Alexanders", "of the Antons".
    assert lemmas("александров") == {"александров"}
    assert "антон" not in lemmas("антонов")
    assert "андрей" in lemmas("андрея")  # a given name in the singular keeps its lemma


def test_a_word_read_only_as_a_plural_given_name_keeps_that_reading() -> None:
    assert lemmas("ясавэям")  # a guess of pymorphy3's is better than no lemma at all


def test_english_lemma_takes_plurals_to_the_dictionary_word() -> None:
    assert english_lemma("Journalists") == "journalist"
    assert english_lemma("churches") == "church"
    assert english_lemma("council") == "council"
    assert english_lemma("bellingcat") is None


@pytest.mark.parametrize(("word", "kind"), [
    ("Yekaterina", "Name"), ("Smirnova", "Surn"), ("Ponomarev", "Surn"),
    # Read as the genitive plural of a given name ("of the Ivans"): a surname.
    ("Ivanov", "Surn"),
    ("Kovcheg", None), ("Golos", None), ("Memorial", None),
    # Not a Latin word.
    ("Смирнова", None), ("R2D2", None),
])
def test_latin_person_word(word: str, kind: str | None) -> None:
    assert latin_person_word(word) == kind
