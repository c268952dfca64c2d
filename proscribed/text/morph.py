"""Russian morphology: the dictionary forms a word may stand for (pymorphy3).

``Открытой России`` and ``Открытая Россия`` share their lemmas ``открытый россия``,
so inflected queries and mentions meet the registry's nominative names.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple

import pymorphy3

__all__ = ["lemmas", "is_cyrillic_word", "person_role", "is_common_word", "is_toponym", "given_name_gender",
           "is_given_name_form", "is_adjective", "known_lemmas", "latin_person_word"]

_CYRILLIC = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў")


def is_cyrillic_word(word: str) -> bool:
    return bool(word) and all(c in _CYRILLIC or c == "-" for c in word)


@lru_cache(maxsize=1)
def _analyzer() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=1)
def _to_cyrillic() -> Any:
    import icu

    return icu.Transliterator.createInstance("Latin-Russian/BGN")


class _Reading(NamedTuple):
    tag: Any  # pymorphy3's OpencorporaTag
    normal_form: str
    score: float
    is_known: bool  # a dictionary word, not a guess from its ending (a look-up each time pymorphy3 is asked)


@lru_cache(maxsize=200_000)
def _parses(word: str) -> tuple[_Reading, ...]:
    """pymorphy3's readings of a word, best first: parsed once, asked many questions."""
    return tuple(_Reading(p.tag, p.normal_form, p.score, p.is_known) for p in _analyzer().parse(word))


@lru_cache(maxsize=200_000)
def lemmas(word: str) -> frozenset[str]:
    """Dictionary forms of a normalised Cyrillic word (empty for other scripts).

    The parses that pymorphy3 scores within a factor of the best are kept:
    a proper name like ``Медузе`` or ``Беллингкэтом`` is guessed from its ending,
    and keeping the close alternatives avoids betting on one guess. A given name in
    the plural is left out beside any other reading: ``Александров`` is a surname, not
    "of the Alexanders".
    """
    if not is_cyrillic_word(word) or len(word) < 3:
        return frozenset()
    parses = [p for p in _parses(word) if not ("Name" in p.tag and "plur" in p.tag)] or list(_parses(word))
    if not parses:
        return frozenset()
    best = parses[0].score
    out = {p.normal_form.replace("ё", "е") for p in parses if p.score >= best * 0.3}
    return frozenset(out)


@lru_cache(maxsize=200_000)
def known_lemmas(word: str) -> frozenset[str]:
    """Dictionary forms of the readings pymorphy3 finds in its dictionary (empty for a guessed word).

    A Latin word is read as a transliteration of Russian (``Stanovaya`` is ``становая``).
    Patronymics and given names are left out: pymorphy3 derives them from any stem
    (``Власимировна``), so its dictionary "knows" slips of them too.
    """
    if word.isascii() and word.isalpha():
        word = _to_cyrillic().transliterate(word)
    if not is_cyrillic_word(word) or len(word) < 3:
        return frozenset()
    return frozenset(p.normal_form.replace("ё", "е") for p in _parses(word)[:3]
                     if p.is_known and "Patr" not in p.tag and "Name" not in p.tag)


@lru_cache(maxsize=50_000)
def person_role(word: str) -> str | None:
    """``given``, ``surname`` or ``patronymic`` when pymorphy3 tags the word so."""
    if not is_cyrillic_word(word):
        return None
    for p in _parses(word)[:3]:
        if not p.is_known:
            continue  # a guess from the ending says nothing about a name
        tag = p.tag
        if "Name" in tag:
            return "given"
        if "Patr" in tag:
            return "patronymic"
        if "Surn" in tag:
            return "surname"
    return None


@lru_cache(maxsize=50_000)
def is_common_word(word: str) -> bool:
    """A dictionary word that is not a personal name (``конфликт``, ``фонд``)."""
    if not is_cyrillic_word(word):
        return False
    parses = [p for p in _parses(word)[:3] if p.is_known]
    if not parses:
        return False
    return not any(tag in p.tag for p in parses for tag in ("Name", "Surn", "Patr"))


@lru_cache(maxsize=50_000)
def is_toponym(word: str) -> bool:
    """pymorphy3 knows the word as a place name (``Москва``, ``Сочи``, ``Сибирь``)."""
    if not is_cyrillic_word(word):
        return False
    return any(p.is_known and "Geox" in p.tag for p in _parses(word)[:2])


@lru_cache(maxsize=50_000)
def given_name_gender(word: str) -> str | None:
    """``m`` or ``f`` for a Russian given name pymorphy3 knows (``Мария`` f, ``Денис`` m), else None."""
    if not is_cyrillic_word(word):
        return None
    for p in _parses(word)[:3]:
        if p.is_known and "Name" in p.tag:
            return "f" if "femn" in p.tag else "m" if "masc" in p.tag else None
    return None


@lru_cache(maxsize=50_000)
def is_given_name_form(word: str) -> bool:
    """A singular form of a given name (``Антон``, ``Андрея``); ``Антонов``, read by pymorphy3 as
    the genitive plural of ``Антон``, is a surname, not a given name."""
    if not is_cyrillic_word(word):
        return False
    return any(p.is_known and "Name" in p.tag and "sing" in p.tag for p in _parses(word)[:3])


@lru_cache(maxsize=50_000)
def latin_person_word(word: str) -> str | None:
    """``Name`` or ``Surn`` when a Latin word, transliterated to Russian, is a given name or a
    surname pymorphy3's dictionary knows ("Yelizaveta", "Burakova", "Ponomarev"): Russian
    persons as the English-language press spells them. None otherwise, and for readings guessed
    from an ending only, which take brand names for names ("Belsat", "Viasna")."""
    if not (word.isascii() and word.isalpha() and len(word) > 2):
        return None
    cyrillic = _to_cyrillic().transliterate(word).casefold()
    if not is_cyrillic_word(cyrillic):
        return None
    for p in _parses(cyrillic)[:2]:
        if p.is_known and p.score >= 0.1:
            if "Surn" in p.tag or ("Name" in p.tag and "plur" in p.tag):
                return "Surn"  # "Kasyanov" read as "of the Kasyans": a surname, as is_given_name_form says
            if "Name" in p.tag:
                return "Name"
    return None


@lru_cache(maxsize=50_000)
def is_adjective(word: str) -> bool:
    """pymorphy3's best reading of the word is an adjective or participle (``Открытый``, ``Новая``)."""
    if not is_cyrillic_word(word):
        return False
    parses = _parses(word)
    return bool(parses) and parses[0].is_known and parses[0].tag.POS in ("ADJF", "PRTF")
