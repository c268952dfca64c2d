"""Analysed tokens: the forms under which a word of a name can meet a word of a query.

A word's forms are the phonetic skeletons of its surface and of its Russian
lemmas, so ``Открытой``, ``Открытая``, ``Otkrytaya`` and ``Otkrytaja`` share one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import gender_guesser.detector as gender
import yaml
from rigour.names import remove_org_types, replace_org_types_compare
from rigour.text.stopwords import is_stopword

from ..text.countries import country_token_keys
from ..text.morph import is_adjective, is_cyrillic_word, is_given_name_form, is_toponym, known_lemmas, lemmas, person_role
from ..text.normalize import latin, norm, skeleton, skeleton_en

__all__ = ["Token", "analyse", "attribute_concepts", "is_given_name", "is_patronymic", "is_legal_form", "load_resources", "org_kinds",
           "patronymic_positions", "gender_of", "gender_said"]

# Top-level domains dropped from a query like "Meduza.io" or "TheBell.io".
_TLDS = frozenset({"io", "com", "org", "net", "ru", "info", "eu", "online", "media", "tv", "fm", "news"})
_PATRONYMIC = re.compile(r"(ович|евич|овна|евна|ична|инична|оглы|кызы|ovich|evich|ovna|evna|ovitch|owitsch|owitsch)$")


@dataclass(frozen=True)
class Token:
    text: str  # normalised surface
    forms: frozenset[str]  # skeletons of the surface and of its lemmas
    key: str  # the canonical form, for document frequencies
    legal_form: bool
    stopword: bool
    place: bool  # a town, region or country, or an adjective of one ("России", "Тверь", "European")


@lru_cache(maxsize=1)
def _concepts() -> dict[str, str]:
    raw = yaml.safe_load(resources.files("proscribed").joinpath("resources/terms.yml").read_text("utf-8"))
    if not isinstance(raw, dict):
        raise ValueError("terms.yml must map concepts to lists of words")
    table: dict[str, str] = {}
    for concept, words in raw.items():
        for w in words:
            table.setdefault(norm(str(w)), f"§{concept}")
    # A word is matched by its lemmas, so a term written in the plural ("новости", "права",
    # "женщины") must be found under its dictionary form too: "новостей" has the lemma
    # "новость", not "новости". Only lemmas of dictionary readings (no guesses from an ending).
    for word, concept in list(table.items()):
        for lemma in known_lemmas(word) if is_cyrillic_word(word) else ():
            table.setdefault(lemma, concept)
    return table


# Concepts of resources/terms.yml that name a place (the country words of countries.yml do too).
PLACE_CONCEPTS = frozenset({"§european", "§russian", "§ukrainian", "§belarusian", "§american", "§german"})


@lru_cache(maxsize=1)
def attribute_concepts() -> frozenset[str]:
    """Concepts of terms.yml that qualify a name rather than say its kind: those with a Russian
    adjective among their words ("democratic", "free", "international", "russian", "youth")."""
    raw = yaml.safe_load(resources.files("proscribed").joinpath("resources/terms.yml").read_text("utf-8"))
    return frozenset(f"§{concept}" for concept, words in raw.items()
                     if any(is_cyrillic_word(w := norm(str(word))) and is_adjective(w) for word in words))


@lru_cache(maxsize=200_000)
def _token(word: str) -> Token:
    lems = lemmas(word)
    if len(word) <= 3:
        # Short words are mostly acronyms: letter for letter (МКЮ is not MKU).
        forms = {latin(word)}
    else:
        forms = {skeleton(word)} | {skeleton(lem) for lem in lems}
        if word.isascii():
            forms.add(skeleton_en(word))
        if len(word) <= 6:
            forms.add(latin(word))  # a short word may be an acronym, letter for letter (GCMM, IWMF)
    concepts = _concepts()
    for w in (word, *lems):
        if w in concepts:
            forms.add(concepts[w])
    forms.discard("")
    key = skeleton(min(lems)) if lems else (skeleton(word) if len(word) > 3 else latin(word))
    places = country_token_keys()
    return Token(
        text=word,
        forms=frozenset(forms),
        key=key or word,
        legal_form=is_legal_form(word),
        stopword=is_stopword(word) or word in _titles() or any(lem in _titles() for lem in lems),
        # pymorphy3's place names, the country words of countries.yml, the place adjectives of terms.yml
        place=is_toponym(word) or (key or word) in places or word in places or bool(forms & PLACE_CONCEPTS),
    )


@lru_cache(maxsize=1)
def _kind_table() -> dict[str, str]:
    raw = yaml.safe_load(resources.files("proscribed").joinpath("resources/org_kinds.yml").read_text("utf-8"))
    if not isinstance(raw, dict):
        raise ValueError("org_kinds.yml must map kinds to lists of words")
    return {str(w): kind for kind, words in raw.items() for w in words}


@lru_cache(maxsize=100_000)
def org_kinds(token: Token) -> frozenset[str]:
    """The kinds of organization a word says (company, foundation, committee, …), from resources/org_kinds.yml."""
    table = _kind_table()
    found = {table[f] for f in token.forms if f in table}
    if token.text in table:
        found.add(table[token.text])
    if token.text.endswith("stiftung"):  # German compounds: Förderstiftung, Bürgerstiftung
        found.add("foundation")
    return frozenset(found)


@lru_cache(maxsize=1)
def _titles() -> frozenset[str]:
    raw = yaml.safe_load(resources.files("proscribed").joinpath("resources/titles.yml").read_text("utf-8"))
    if not isinstance(raw, list):
        raise ValueError("titles.yml must be a list of words")
    return frozenset(norm(str(w)) for w in raw)


@lru_cache(maxsize=50_000)
def is_legal_form(word: str) -> bool:
    return not remove_org_types(word, replacement="").strip()


def analyse(text: str, *, drop_tld: bool = False) -> tuple[Token, ...]:
    """Tokens of a name or query, legal forms reduced to their short comparable form."""
    normalised = replace_org_types_compare(norm(text))
    words = normalised.split()
    if drop_tld and len(words) > 1 and words[-1] in _TLDS and re.search(r"\w\.\w+\s*$", text):
        words = words[:-1]
    return tuple(_token(w) for w in words)


@lru_cache(maxsize=1)
def _detector() -> gender.Detector:
    return gender.Detector(case_sensitive=False)


@lru_cache(maxsize=50_000)
def is_given_name(word: str) -> bool:
    """A first name in Russian (pymorphy3's Name tag) or in the Latin-script name lists."""
    if is_cyrillic_word(word):
        return is_given_name_form(word)
    if word.isascii() and word.isalpha() and len(word) > 2:
        return _detector().get_gender(word) in ("male", "female", "mostly_male", "mostly_female")
    return False


@lru_cache(maxsize=50_000)
def gender_of(word: str) -> str | None:
    """``m`` or ``f`` when a given name or patronymic says so (pymorphy3 tags, Latin name lists), else None."""
    if _PATRONYMIC.search(word):
        return "f" if word.endswith(("вна", "чна", "кызы", "ovna", "evna")) else "m"
    from ..text.morph import given_name_gender

    found = given_name_gender(word)
    if found is not None:
        return found
    if word.isascii() and word.isalpha() and len(word) > 2:
        guess = _detector().get_gender(word)
        return "m" if guess == "male" else "f" if guess == "female" else None
    return None


def gender_said(tokens: tuple[Token, ...]) -> str | None:
    """``m`` or ``f`` when the given names and patronymics of a name agree on one, else None."""
    found = {g for t in tokens if (g := gender_of(t.text)) is not None}
    return found.pop() if len(found) == 1 else None


def is_patronymic(word: str) -> bool:
    return bool(_PATRONYMIC.search(word)) or person_role(word) == "patronymic"


def patronymic_positions(tokens: tuple[Token, ...]) -> frozenset[int]:
    """Positions of the words of a person's name that are its patronymic.

    Many surnames have a patronymic's ending (Шендерович, Макаревич, Гуревич). Such a word
    is the surname when it opens a name (a Russian name never begins with the patronymic:
    "Шендерович Виктор", "Абрамович"), when it is of the other gender than the given name
    before it ("Ирина Борухович"), and when a man's name has two words ("Виктор
    Шендерович": given name and surname, the way names are written without a patronymic).
    A name has one patronymic, the first that qualifies ("Виктор Анатольевич Шендерович").
    """
    for i, t in enumerate(tokens):
        if i == 0 or not is_patronymic(t.text):
            continue
        own = gender_of(t.text)
        before = gender_of(tokens[i - 1].text)
        if (before is None or before == own) and (len(tokens) != 2 or own == "f"):
            return frozenset({i})
    return frozenset()


def load_resources() -> None:
    """Load the dictionaries and tables screening uses (done once per process)."""
    from ..text.countries import country_keys
    from ..text.morph import _analyzer
    from ..text.normalize import _lookalikes, _transliterator
    from .calibration import default_calibration

    default_calibration()
    country_keys()
    country_token_keys()
    # rigour compiles its legal-form tables on first use.
    analyse("Общество с ограниченной ответственностью Example GmbH")
    _detector()
    _concepts()
    attribute_concepts()
    _titles()
    _kind_table()
    _analyzer()
    _lookalikes()
    _transliterator()
