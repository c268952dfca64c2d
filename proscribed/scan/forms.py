"""Surface forms: every way a registry name is written in running text.

From each name of an entity: its normalised form; for Russian names every case
form (pymorphy3 inflects the head noun and the words agreeing with it, and
leaves the rest: «Фонд борьбы с коррупцией» → «Фонда борьбы с коррупцией»);
Latin transliterations of short Russian names; for persons the name in both
orders, with and without patronymic, with initials, in every case and in Latin
letters, and the bare surname (used only after the full name in the same text).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import pymorphy3
from rigour.names import remove_org_types
from rigour.text.stopwords import is_stopword

from ..model import Entity, Name
from ..text.countries import country_token_keys
from ..text.lexicon import is_english_word
from ..text.morph import is_common_word, is_cyrillic_word, is_toponym
from ..text.normalize import latin, norm

__all__ = ["Form", "entity_forms"]

_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


@dataclass(frozen=True)
class Form:
    text: str  # normalised, words separated by single spaces
    kind: str  # full, brand, acronym, inflected, translit, person_full, person_surname
    weak: bool  # an ordinary word: counts only when quoted in the text
    acronym: bool  # must be written in capitals in the text
    surname_only: bool = False
    unverified: bool = False  # a curated name without evidence (docs/data.md, "Evidence"): a weak mention


@lru_cache(maxsize=1)
def _morph() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer(lang="ru")


def _generic(tokens: list[str]) -> bool:
    """Only legal forms, stopwords, places or countries; or one kind-of-organization word."""
    from ..matching.tokens import analyse  # reuse the screening tokens (concept tags)

    content = [t for t in tokens if not is_stopword(t) and remove_org_types(t, replacement="").strip()]
    if all(t in country_token_keys() or is_toponym(t) for t in content):
        return True
    if len(content) == 1:
        analysed = analyse(content[0])
        return bool(analysed) and any(f.startswith("§") for f in analysed[0].forms)
    return False


def _ordinary(words: list[str]) -> bool:
    """Dictionary words only (Russian: pymorphy3; Latin: Webster's word list), no proper name."""
    content = [w for w in words if not is_stopword(w)]
    if not content:
        return True
    if all(is_cyrillic_word(w) for w in content):
        return all(is_common_word(w) for w in content)
    if all(w.isascii() for w in content):
        return all(is_english_word(w) for w in content)
    return False


def _name_kind(name: Name) -> str:
    return {"acronym": "acronym", "brand": "brand", "pseudonym": "brand", "translation": "translit"}.get(
        name.kind, "full")


@lru_cache(maxsize=100_000)
def _inflect_word(word: str, case: str) -> str | None:
    parses = _morph().parse(word)
    for p in parses[:2]:
        form = p.inflect({case})
        if form is not None:
            return str(form.word).replace("ё", "е")
    return None


def _phrase_cases(words: list[str]) -> Iterator[str]:
    """Case forms of a Russian noun phrase: the head noun and the words before it agree."""
    head = None
    for i, w in enumerate(words):
        p = _morph().parse(w)[0]
        if "NOUN" in p.tag and "nomn" in p.tag:
            head = i
            break
        if not ({"ADJF", "PRTF"} & set(str(p.tag).replace(" ", ",").split(",")) and "nomn" in p.tag):
            return  # not a nominative noun phrase we know how to decline
    if head is None:
        return
    for case in _CASES[1:]:
        out = []
        for i, w in enumerate(words):
            if i <= head:
                form = _inflect_word(w, case)
                if form is None:
                    break
                out.append(form)
            else:
                out.append(w)
        else:
            yield " ".join(out)


# The common English simplifications of BGN/PCGN (Andrey → Andrei, Anastasiya →
# Anastasia, Dmitriy → Dmitry, Yevgeniy → Evgeny, Aleksandr → Alexandr).
_WORD_VARIANTS = ((re.compile(r"iy$"), "y"), (re.compile(r"yy$"), "y"), (re.compile(r"^ye"), "e"),
                  (re.compile(r"ks"), "x"), (re.compile(r"ey$"), "ei"), (re.compile(r"iya$"), "ia"),
                  (re.compile(r"^yu"), "iu"), (re.compile(r"^ya"), "ia"))


def _word_variants(word: str) -> set[str]:
    out = {latin(word)}
    for pattern, repl in _WORD_VARIANTS:
        out |= {pattern.sub(repl, v) for v in out}
    return out


def _latin_variants(text: str) -> set[str]:
    """BGN/PCGN transliteration of each word and its common English simplifications."""
    combos: set[str] = {""}
    for word in text.split():
        combos = {f"{c} {v}".strip() for c in combos for v in _word_variants(word)}
        if len(combos) > 64:
            break  # enough: long names are rarely transliterated by hand
    return combos


def _person_forms(full: str) -> Iterator[Form]:
    words = norm(full).split()
    if len(words) < 2 or not all(is_cyrillic_word(w) for w in words):
        return
    surname, given = words[0], words[1]
    patronymic = words[2] if len(words) > 2 else None
    cases: dict[str, tuple[str, str, str | None]] = {"nomn": (surname, given, patronymic)}
    for case in _CASES[1:]:
        s, g = _inflect_person(surname, given, case)
        p = _inflect_word(patronymic, case) if patronymic else None
        if g:
            # Surnames in -ко, -их, -аго and foreign ones do not decline: keep the nominative.
            cases[case] = (s or surname, g, p)
    for case, (s, g, p) in cases.items():
        kind = "person_full"
        variants = [f"{g} {s}", f"{s} {g}"]
        if p:
            variants += [f"{g} {p} {s}", f"{s} {g} {p}"]
        for v in variants:
            yield Form(v, kind, False, False)
        if case == "nomn":
            for v in variants[:2]:
                for lat in _latin_variants(v):
                    yield Form(lat, kind, False, False)
        initials = f"{given[0]} {patronymic[0]}" if patronymic else given[0]
        yield Form(f"{initials} {s}", kind, False, False)
        yield Form(f"{s} {initials}", kind, False, False)
        if len(s) >= 4:
            yield Form(s, "person_surname", False, False, surname_only=True)
            if case == "nomn":
                for lat in _latin_variants(s):
                    yield Form(lat, "person_surname", False, False, surname_only=True)


def _inflect_person(surname: str, given: str, case: str) -> tuple[str | None, str | None]:
    g_parse = _morph().parse(given)[0]
    gender = "femn" if "femn" in g_parse.tag else "masc"
    g = g_parse.inflect({case})
    s_form = None
    for p in _morph().parse(surname):
        if "Surn" in p.tag or not p.is_known:
            inflected = p.inflect({case, gender})
            if inflected is not None:
                s_form = str(inflected.word)
                break
    return (s_form.replace("ё", "е") if s_form else None), (str(g.word).replace("ё", "е") if g else None)


def _org_forms(name: Name) -> Iterator[Form]:
    text = norm(name.value)
    words = text.split()
    if not words or _generic(words):
        return
    kind = _name_kind(name)
    acronym = kind == "acronym" or (len(words) == 1 and name.value.strip().isupper() and len(words[0]) <= 6)
    if acronym and len(text.replace(" ", "")) <= 2:
        return  # two letters are too ambiguous in running text
    # An ordinary word or phrase ("Дождь", "Republic", "правозащитная группа") names the
    # organization only when the text sets it apart: quotes, or capitals mid-sentence.
    weak = not acronym and (name.weak or _ordinary(words))
    yield Form(text, kind, weak, acronym, unverified=name.unverified)
    bare = " ".join(remove_org_types(text, replacement="").split())
    if bare and bare != text and not _generic(bare.split()) and len(bare.split()) > 1:
        yield Form(bare, kind, weak, False, unverified=name.unverified)  # "Amnesty International" of "… Ltd"
    if acronym and "." not in name.value:
        spaced = " ".join(text.replace(" ", ""))
        if len(text) <= 6:
            yield Form(spaced, kind, weak, acronym, unverified=name.unverified)  # N.E.D. in the text
    if all(is_cyrillic_word(w) for w in words) and not acronym:
        for inflected in _phrase_cases(words):
            if inflected != text:
                yield Form(inflected, "inflected", weak, False, unverified=name.unverified)
        if len(words) <= 4 and kind != "acronym":
            for lat in _latin_variants(text):
                if lat != text:
                    yield Form(lat, "translit", weak, False, unverified=name.unverified)


def entity_forms(entity: Entity) -> Iterator[Form]:
    """Every surface form of every name of ``entity``."""
    for name in entity.names:
        if entity.schema == "person" and name.kind == "official" or name.kind == "member":
            yield from _person_forms(name.value)
            continue
        if entity.schema == "person" and name.kind == "weak":
            continue  # the mirrors' "Фамилия Имя" aliases are covered by the person forms
        yield from _org_forms(name)
