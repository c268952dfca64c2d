"""Organization names in one sentence: quoted names, capitalised Latin spans, Russian NER spans.

The sentence is first *masked*: parentheses and label clauses ("which had earlier
been designated foreign agents", "признанные иноагентами") are blanked (same
length, so offsets hold) and kept apart. A parenthesis after a name is another
name of it (an acronym, a translation), a country, or a status label; a label
clause turns the names inside it into mentions of already-listed organizations.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from ..matching.tokens import is_given_name, is_legal_form
from ..text.morph import _analyzer, is_toponym, latin_person_word
from ..text.normalize import fold_confusables
from .lexicon import lexicon
from .ner import Span
from .places import is_place

__all__ = ["Candidate", "Masked", "mask", "candidates", "nominative", "norm_name"]

_QUOTES = "\"'«»“”„‘’`"


def norm_name(name: str) -> str:
    """Comparison form of a name: case-folded, no quote marks, no leading article, single spaces."""
    s = name.casefold()
    for q in _QUOTES:
        s = s.replace(q, " ")
    s = re.sub(r"[.,]", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    return re.sub(r"^the ", "", s)


@dataclass
class Candidate:
    name: str
    start: int
    stop: int
    aliases: list[str] = field(default_factory=list)
    labels: set[str] = field(default_factory=set)  # statuses of a parenthetical label right after the name


@dataclass
class Masked:
    text: str  # the sentence with parentheses and label clauses blanked
    parens: list[tuple[int, int, str]]  # start, stop, inner text
    labels: list[tuple[int, int, str]]  # label clauses: start, stop, text


_PAREN = re.compile(r"\(([^()]{1,200})\)")
_CLAUSE = re.compile(
    r"(?:,|—|–)\s*(?:which|who|that (?:was|were|is|are|had|has)|both|all of which|"
    r"котор\w+|признанн\w+|внесенн\w+|внесённ\w+|включенн\w+)\b[^,;—–]*(?:,|$|(?=[;—–]))")
# A clause that lists further names runs to the end of the sentence.
_LIST_CLAUSE = re.compile(r"(?:,|—|–)\s*(?:which|that|who)\b[^,;]*\b(?:includ\w+|among them|such as)\b.*$"
                          # a trailing roll of names already there: "…holds 223 organizations, among them X, Y"
                          r"|[,;]\s*(?:among them|among which|among others|such as)\b.*$")
_FOOTNOTE_LABEL = re.compile(r"\*")


def mask(sentence: str) -> Masked:
    lex = lexicon()
    text = sentence
    parens = []
    for m in _PAREN.finditer(sentence):
        parens.append((m.start(), m.end(), m.group(1)))
        text = text[:m.start()] + " " * (m.end() - m.start()) + text[m.end():]
    labels = []
    for m in _LIST_CLAUSE.finditer(text):
        labels.append((m.start(), m.end(), m.group(0)))
        text = text[:m.start() + 1] + " " * (m.end() - m.start() - 1)
    for m in _CLAUSE.finditer(text):
        clause = m.group(0)
        if lex.any_status.search(clause) or lex.background.search(clause) or re.match(
                r"[,—–]\s*(?:котор|who\b)", clause):
            labels.append((m.start(), m.end(), clause))
    for a, b, _ in labels:
        text = text[:a + 1] + " " * (b - a - 2) + text[b - 1:] if b - a > 2 else text
    return Masked(text, parens, labels)


# A capitalised word (Latin), an acronym, or a word with digits; connectors join them.
_WORD = r"(?:[A-Z][\w'’.&/\-]*|[A-Z]{2,}[\w\-]*|\d+[\w\-]*)"
_FIRST = r"(?:[A-Z][\w'’.&/\-]*)"
# Lower-case words that join a capitalised name's words ("Committee to Protect Journalists").
# "im." (Polish "imienia", named after) joins a body to its patron ("Fundacja im. Stefana Batorego").
_CONNECTORS = ("of", "the", "for", "and", "to", "de", "del", "la", "du", "des", "von", "van", "der", "on", "&", "y",
               "im.")
_CONNECT = "(?:" + "|".join(re.escape(w) for w in _CONNECTORS) + ")"
_LATIN = re.compile(rf"{_FIRST}(?:(?:\s+|,\s+(?=(?:Inc|Ltd|LLC)\b))(?:{_CONNECT}\s+)*{_WORD})*")
# Latin-script letters, accented ones included ("Comunità", "vaši", "gemeinnützige").
_L = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_RUN_WORD = rf"[{_L}0-9][{_L}0-9'’.&/+\-]*"
# A legal form written after a comma belongs to the name before it ("Media Fund, Inc.",
# "Spolecnost Svobody Informace, z.s."), in a sentence of either script.
_SUFFIX_FORM = r"(?:Inc\b\.?|Ltd\b\.?|LLC\b|LLP\b|B\.V\.|GmbH\b|gGmbH\b|e\.\s?V\b\.?|[Zz]\.[Ss]\b\.?|o\.p\.s\b\.?|SIA\b|S\.A\.)"
# In a Cyrillic sentence, a list of the sentence's own joins its names with "и"; a Latin
# conjunction after single words separated by commas enumerates inside one foreign name
# ("Stiftung Erinnerung, Verantwortung und Zukunft", "Coalition on Health, Rights, Gender and …").
_NAME_ENUMERATION = rf"{_RUN_WORD}(?:,\s+{_RUN_WORD})*\s+(?:und|and|et|y|i|e|och|og|en)\s+{_RUN_WORD}"
# In a Cyrillic sentence, a foreign name is the whole run of Latin-script words, lower-case ones and
# function words included ("Initiative for Resistance and Dialogues", "Russland hinter gittern",
# "The Insider"); a comma ends it unless a legal form or an enumeration inside the name follows.
_LATIN_RUN = re.compile(rf"(?<![{_L}0-9'’.\-])(?=[A-Z\u00c0-\u00de0-9]){_RUN_WORD}"
                        rf"(?:(?:\s+|,\s+(?={_SUFFIX_FORM}|{_NAME_ENUMERATION})){_RUN_WORD})*")
_CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
_QUOTED = re.compile(r"«((?:[^«»]|«[^«»]*»)+)»|\"([^\"]{2,150})\"|“([^”]{2,150})”|'([A-Z][^']{1,100})'")
_WEEKDAYS_MONTHS = re.compile(
    r"^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|"
    r"august|september|october|november|december|on|in|at|according|last|after|before|as|under|since|it|he|she|"
    r"they|this|that|these|those|a|an|his|her|its|their|our|we|i|but|and|if|when|while|both|any|every|all|"
    r"mr|ms|mrs|dr|"
    # adverbs, quantifiers, conjunctions and prepositions that open an English sentence ("Only the
    # Heinrich Böll Foundation", "Besides NGOs"): capitalised for their place, never a name's first word
    r"only|some|besides|also|even|then|now|many|several|such|other|another|each|most|meanwhile|however|"
    r"earlier|later|including|among|amid|from|with|by|despite|unlike|thus|yet|still|so|or|although|though|"
    r"moreover|furthermore|instead|nor|whether|once|until|during|within|without|"
    # question words, auxiliaries and numbers that open a headline ("What Does ...", "Four More Media ...")
    r"what|how|why|who|where|which|does|do|did|is|are|was|were|will|can|has|have|had|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|more)$", re.IGNORECASE)
_TITLES = re.compile(r"^(?:President|Senator|Judge|Secretary|Minister|Mr\.?|Ms\.?|Mrs\.?|Dr\.?|Sir|Lord|"
                     r"Chairman|Director|General|Deputy|Acting|Prime|Spokeswoman|Spokesman|Editor|Chancellor|"
                     r"Ambassador|Governor|Mayor|Patriarch|Premier|Commissioner|Lawmaker|Congressman|Congresswoman|"
                     r"Journalist|Activist|Lawyer|Blogger|Politician|Writer|Historian|Economist|Researcher|"
                     r"Reporter|Correspondent|Columnist|Artist|Musician|Singer|Rapper|Comedian|Actor|Actress|"
                     r"Filmmaker|Producer|Poet|Scholar|Professor)$")
_AUTHORITY_HEAD = re.compile(r"(?:Office|Ministry|Court|Department|Service|Committee|Prosecutor|Prosecutors|"
                             r"Duma|Council of the Federation|Government|Parliament|Police|Kremlin)$")


@functools.cache
def _country_names() -> frozenset[str]:
    import pycountry

    names: set[str] = set()
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v:
                names.add(str(v).casefold())
    names.update({"uk", "us", "usa", "u.s.", "britain", "the netherlands", "netherlands", "czechia", "russia",
                  "великобритания", "сша", "нидерланды", "латвия", "литва", "германия", "франция", "польша",
                  "чехия", "украина", "эстония", "швеция", "израиль", "канада", "швейцария", "россия", "рф",
                  "republic of latvia", "the united states", "united states"})
    return frozenset(names)


def _is_country(text: str) -> bool:
    return norm_name(text) in _country_names() or text.strip().casefold() in _country_names()


def _person(words: list[str]) -> bool:
    if not words:
        return False
    # A title opens a person's name, after one word that qualifies the title at most
    # ("Chancellor Olaf Scholz", "Russian President Vladimir Putin").
    if _TITLES.match(words[0]) or (len(words) >= 3 and _TITLES.match(words[1])):
        return True
    if len(words) == 1:
        return latin_person_word(words[0].strip(".,;:")) == "Surn"  # a Russian surname in Latin letters ("Ponomarev")
    given = is_given_name(words[0]) or latin_person_word(words[0].strip(".,;:")) == "Name"
    # A person's name before a kind of organization names the organization after the person
    # ("George Washington University", "Heinrich Böll Foundation"): the kinds are the glossary's.
    return 2 <= len(words) <= 3 and given and all(w[:1].isupper() for w in words) \
        and not any(lexicon().quoted_heads.search(w) or _is_generic_word(w.casefold()) for w in words)


# A kind of body written as an acronym before the name describes it ("the Belgian NGO International
# Partnership for Human Rights").
_DESCRIPTOR = re.compile(r"I?NGOs?|NPOs?|ANO|NCOs?")


def _descriptive_only(words: list[str]) -> bool:
    """Only kinds of organization, scope words, demonyms, places and function words ("World Congress",
    "Canadian Congress", "Council"): a demonym before such words is the name's distinctive part
    ("Ukrainian World Congress", "British Council"), not a description of it."""
    lex = lexicon()
    return bool(words) and all(
        w.casefold() in _FUNCTION_WORDS or generic_only(w) or w.casefold() in lex.demonyms or _is_country(w)
        or _WEEKDAYS_MONTHS.match(w) for w in (x.strip(",.") for x in words))


# Where a name is put ("… to the Justice Ministry's register"): what follows "to" there is no part of the name.
_LIST_WORDS = frozenset("list register registry blacklist".split())
# A preposition written with a capital inside a span: a title-case headline, where capitals mark
# no name ("Bellona To List Of 'Undesirable' Organizations"); in running text a name keeps its
# prepositions in lower case ("Committee to Protect Journalists").
_TITLE_CASE_PREPOSITION = frozenset("To Of In On As At By For From With Into Over After And The Or Is Are Was Were "
                                    "Does Do Did Will Can Has Have".split())


# "in" is no connector (it leads to where a body works: "Amnesty International in Moscow"), but a
# name may hold it before a word that is no place or time ("People in Need", "Journalism in Exile").
_IN_TAIL = re.compile(rf"\s+in\s+({_FIRST}(?:\s+{_FIRST})*)")


def _where_or_when(words: str) -> bool:
    """Whether capitalised words after "in" say where or when (a place, a country, a month or day, a
    demonym); the words together are asked too, for a place of several words ("New York")."""
    if words.split()[0] == "The":
        return True  # "in The Hague", "in The Netherlands"
    return any(is_place(w) or _is_country(w) or _WEEKDAYS_MONTHS.match(w) or w.casefold() in lexicon().demonyms
               for w in [words, *words.split()])


def _clean_latin(span: str, inside: bool = False) -> str | None:
    """A name from a capitalised span, or None; ``inside``: the span does not start the sentence."""
    lex = lexicon()
    words = span.split()
    cut = next((k for k, w in enumerate(words) if k > 0 and w in _TITLE_CASE_PREPOSITION), None)
    if cut is not None:
        words = words[:cut]
    # "to" joins a name's words ("Committee to Protect Journalists") unless what follows is where a
    # name was sent: a state, an authority or a list ("Bellingcat to Russia's list", "X to the
    # Justice Ministry's register").
    if "to" in words:
        k = words.index("to")
        rest = [re.sub(r"['’]s$", "", w) for w in words[k + 1:] if w != "the"]
        if not rest or any(_is_country(w) or w.casefold() in lex.demonyms or _AUTHORITY_HEAD.search(w)
                           or w.casefold() in _LIST_WORDS for w in rest):
            words = words[:k]
    if inside and len(words) > 2 and words[0] == "The":
        words = words[1:]  # "The German Marshall Fund": the article belongs to the name
        return _finish(words)
    if words and re.fullmatch(r"[A-ZА-ЯЁ]{3,}[.,]", words[0]):
        words = words[1:]  # a dateline's city
    # Leading sentence words, possessives of places and demonyms describe the name.
    while words:
        w = words[0]
        bare = re.sub(r"['’]s$", "", w)
        if (_WEEKDAYS_MONTHS.match(w.strip(",.")) or _is_country(bare)
                # a demonym right before a kind of organization is the name's ("German Association for ...")
                or (bare.casefold() in lex.demonyms and not _descriptive_only(words[1:])
                    and not (len(words) > 1 and _is_generic_word(words[1].casefold())))
                or w in ("The", "the") or lex.verbs.fullmatch(w)
                # a connector left at the front once the words before it went ("According to Verstka")
                or w in _CONNECTORS
                or (len(words) > 1 and re.fullmatch(r"[A-Z]{3,}", w) and words[1].islower())
                or re.match(r"^\w+-(?:based|registered|founded|funded|linked|affiliated|backed|owned|controlled|"
                            r"sponsored|run|led)$", w)
                or (len(words) > 1 and _DESCRIPTOR.fullmatch(w))
                or (bare != w and (bare.casefold() in lex.not_org))):
            words = words[1:]
            continue
        if w == "The" and len(words) > 1 and (" ".join(words[1:]).casefold() in lex.not_org
                                              or _AUTHORITY_HEAD.search(words[-1])):
            words = words[1:]
            continue
        break
    return _finish(words)


def _clean_run(run: str) -> str | None:
    """A name from a Latin run of a Cyrillic sentence, or None: in Russian text the words around a
    foreign name are Russian, so every Latin word of the run, a leading "The" or demonym included,
    belongs to the name; only what cannot be a name (a country, a person, a month) is dropped."""
    words = run.rstrip(",;:-").split()
    if words and words[-1].endswith(".") and not is_legal_form(words[-1].casefold()):
        words[-1] = words[-1].rstrip(".")  # the sentence's full stop, not an abbreviated form ("e.V.", "Inc.")
    if not words or not re.search(rf"[{_L}]{{2}}", run) or not re.search(rf"[{_L}]", words[0]):
        return None  # digits alone, or a lone letter ("I", "B")
    name = " ".join(words)
    if len(words) == 1 or name.casefold() in lexicon().not_org:
        return _finish(words)
    return None if _is_country(name) or _person_name(words) or _MONTH_DAY.search(name) else name


def _person_name(words: list[str]) -> bool:
    """A person's name that no organization word, legal form or leading article contradicts."""
    return _person(words) and words[0].casefold() not in _FUNCTION_WORDS \
        and not any(is_legal_form(w.casefold()) or generic_only(w) for w in words)


_MONTH_DAY = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
                        r"December)\b\.? \d")


def _finish(words: list[str]) -> str | None:
    lex = lexicon()
    # A headline's verb after the name ("Four More Media Organizations Added") is no part of it.
    while words and (_WEEKDAYS_MONTHS.match(words[-1].strip(",.")) or words[-1] in ("of", "the", "and", "for")
                     or (len(words) > 1 and lexicon().verbs.fullmatch(words[-1]))):
        words = words[:-1]
    if len(words) == 1 and _DESCRIPTOR.fullmatch(words[0]):
        return None  # a kind of body alone ("NCOs")
    if _MONTH_DAY.search(" ".join(words)):
        return None
    if not words or not re.match(r"[^\W\d]", words[0]):
        return None
    if any(re.match(r"(?:Prosecutor|Ministry|Court|Office|Department|Government)\b", w) for w in words) \
            and not re.search(r"Fund|Foundation|Institute|Centre|Center|Association|School", " ".join(words)):
        return None
    name = " ".join(words).rstrip(",;:")
    if name.endswith(".") and not re.search(r"(?:Ltd|Inc|Co|Corp|B\.V|e\.V|S\.A)\.$", name):
        name = name.rstrip(".")
    name = re.sub(r"['’]s$", "", name)
    folded = name.casefold()
    if folded in lex.not_org or _is_country(name) or _AUTHORITY_HEAD.search(name) and len(words) <= 6 \
            and not re.search(r"Fund|Foundation|Institute|Centre|Center|Association|Council of", name):
        return None
    if all(w.casefold() in lex.not_org or _WEEKDAYS_MONTHS.match(w) for w in words):
        return None
    if _person(words):
        return None
    if lex.any_status.search(name) or len(name) < 2:
        return None
    return name


_WORD_TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _masculine_nominative(words: list[str], i: int, parses: list[Any]) -> bool:
    """An adjective ending like "-ой" reads as a masculine nominative or a feminine oblique case;
    the next word decides: "Краевой суд" is nominative, "Голубой ленты" is not."""
    if not any({"ADJF", "nomn", "sing", "masc"} in q.tag for q in parses):
        return False
    following = words[i + 1].strip(_QUOTES) if i + 1 < len(words) else ""
    return _WORD_TOKEN.fullmatch(following) is not None and any(
        {"NOUN", "nomn", "sing", "masc"} in q.tag for q in _analyzer().parse(following))


@functools.lru_cache(maxsize=65536)
def nominative(name: str) -> str:
    """A Russian name with its leading adjective-noun group put in the nominative (``Открытую Россию``)."""
    words = name.split()
    if not words or not re.search("[а-яё]", words[0], re.IGNORECASE):
        return name
    morph = _analyzer()
    group: list[tuple[int, str, Any]] = []  # the group's words: position, the word without quotes, its parse
    for i, w in enumerate(words):
        core = w.strip(_QUOTES)
        # Only words inflect: a token with a dot, digit or slash inside ("Сибирь.Реалии", "24.02")
        # is a name as written, and the analyser's guess for it would rewrite it.
        parses = morph.parse(core) if _WORD_TOKEN.fullmatch(core) else []
        p = parses[0] if parses else None
        if p is None or "nomn" in p.tag or p.tag.POS not in ("NOUN", "ADJF") or _masculine_nominative(words, i, parses):
            break
        group.append((i, core, p))
        if p.tag.POS == "NOUN":
            break
    # Adjectives agree with the noun that ends the group: a genitive "Свободного" is masculine or
    # neuter, and only "Севера" says which ("Свободный Север", not "Свободное Север").
    agree: set[str] = set()
    if group and group[-1][2].tag.POS == "NOUN":
        head = group[-1][2].tag
        agree = {g for g in (head.number, head.gender if head.number == "sing" else None) if g}
    out = list(words)
    for i, core, p in group:
        form = p.inflect({"nomn"} | (agree if p.tag.POS == "ADJF" else set())) or p.inflect({"nomn"})
        if form is None:
            break
        new = form.word
        if core[:1].isupper():
            new = new[:1].upper() + new[1:]
        out[i] = words[i].replace(core, new)
    return " ".join(out)


_LETTER = re.compile(r"[^\W\d_]")
_ENGLISH_CLAUSE = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|can|could|must|should)\s+[a-z]")


def _paren_kind(inner: str) -> str:
    lex = lexicon()
    if not _LETTER.search(inner):
        return "other"  # a date, a number, a year: no other name
    if lex.any_status.search(inner) or re.search(r"designated|признан|внесен|listed|включен", inner, re.IGNORECASE):
        return "label"
    if _is_country(inner) or all(_is_country(p) for p in re.split(r",\s*", inner) if p.strip()):
        return "country"
    if len(inner) > 120:
        return "other"
    return "alias"


def candidates(sentence: str, masked: Masked, ner: list[Span]) -> list[Candidate]:
    """Organization names in ``sentence`` (outside its label clauses), in order of position."""
    lex = lexicon()
    text = masked.text
    found: list[Candidate] = []
    runs: set[int] = set()  # starts of the names taken whole from a Latin run
    headed: set[int] = set()  # starts of the names right after a kind of organization ("движение «Сеть»")

    def overlaps(a: int, b: int) -> bool:
        return any(c.start < b and a < c.stop for c in found)

    def after_kind(start: int) -> bool:
        before = _LETTERS.findall(text[max(0, start - 40):start])
        return bool(before) and before[-1][1:].islower() and _is_generic_word(before[-1].casefold())

    for m in _QUOTED.finditer(text):
        inner = next(g for g in m.groups() if g is not None).strip()
        if lex.any_status.search(inner) or len(inner.split()) > 12 or not _quoted_ok(inner):
            continue
        if not inner[:1].isupper() and not (lex.quoted_heads.search(inner) and len(inner.split()) <= 6):
            continue
        if inner[:1].isupper() is False and re.search("[а-яё]", inner):
            continue
        start = m.start()
        before = text[:start].rstrip()
        form = re.search(r"(?:^|\s)(" + lex.legal_forms.pattern + r")\s*$", before)
        name = m.group(0) if m.group(0).startswith("«") else inner
        if form and form.group(1).isupper():
            start = form.start(1)
            name = f"{form.group(1)} {name}"
        # A quoted name after a kind of organization is an apposition, written in the nominative
        # whatever the kind's case ("издание «Ярновости»", "фонда «Беллона»"): only a name used
        # as a noun itself declines ("признали «Открытую Россию»").
        if after_kind(start):
            headed.add(start)
        elif m.group(0).startswith("«"):
            name = nominative(name)
        found.append(Candidate(name, start, m.end()))
    if _CYRILLIC.search(sentence):
        # Look-alike Cyrillic letters inside a Latin word ("Free Burуаtia") are folded first.
        folded = fold_confusables(text)
        for m in _LATIN_RUN.finditer(folded if len(folded) == len(text) else text):
            name = _clean_run(m.group(0))
            if name is not None and not overlaps(m.start(), m.end()):
                found.append(Candidate(name, m.start(), m.start() + len(name)))
                runs.add(m.start())
                if after_kind(m.start()):
                    headed.add(m.start())
    pos = 0  # searched on from where each name stops: a name extended over "in" ends past its match
    while (latin := _LATIN.search(text, pos)) is not None:
        pos = latin.end()
        if overlaps(latin.start(), latin.end()):
            continue
        name = _clean_latin(latin.group(0), inside=bool(text[:latin.start()].strip()))
        if name is None:
            continue
        if latin.start() == 0 and re.fullmatch(r"[A-Z]{3,}", name) and text[latin.end():latin.end() + 1] == ",":
            continue  # a dateline's city: "RIGA, Latvia —"
        stop = latin.end()
        rest = sentence[stop:stop + 12]
        suffix = re.match(rf",?\s*({_SUFFIX_FORM})", rest)
        if suffix and not name.endswith(suffix.group(1).rstrip(".")):
            name = f"{name}, {suffix.group(1)}" if suffix.group(0).startswith(",") else f"{name} {suffix.group(1)}"
            stop += suffix.end()
        tail = _IN_TAIL.match(text, stop)
        words = tail.group(1).rstrip(".,;:") if tail else ""
        if tail is not None and words and not _where_or_when(words):
            name, stop = f"{name} in {words}", tail.start(1) + len(words)
            pos = stop
        if (name.isupper() and len(name) <= 3 and name in ("UK", "US", "EU", "UN")):
            continue
        found.append(Candidate(name, latin.start() + latin.group(0).find(name.split()[0]), stop))
    persons = [s for s in ner if s.type == "PER"]
    for s in ner:
        if s.type != "ORG" or overlaps(s.start, s.stop):
            continue
        name = s.text.strip(" ,.")
        if name.casefold() in lex.not_org or any(name.casefold().startswith(w) for w in (
                "генпрокуратур", "генеральн", "минюст", "министерств", "верховн", "суд", "мосгорсуд", "тасс",
                "риа", "интерфакс", "роскомнадзор", "госдум", "совет федерации", "мид ", "фсб", "кремл")):
            continue
        if any(a <= s.start < b for a, b, _ in masked.labels) or not _quoted_ok(name.strip(_QUOTES)):
            continue  # inside a blanked label clause, or not a name
        aliases: list[str] = []
        paren = re.search(r"\s*\(([^()]+)\)\s*$", name)
        if paren:
            aliases.append(paren.group(1))
            name = name[:paren.start()]
        found.append(Candidate(nominative(name), s.start, s.stop, aliases))
    found = [c for c in found if not any(p.start <= c.start and c.stop <= p.stop for p in persons)]
    found.sort(key=lambda c: c.start)
    # Parentheses right after a name: its other names, or a status label.
    for a, b, inner in masked.parens:
        owners = [c for c in found if c.stop <= a and not sentence[c.stop:a].strip(" ,")
                  or (c.stop <= a and re.fullmatch(r"\s*(?:\([^()]*\)\s*)*", sentence[c.stop:a]))]
        if not owners:
            continue
        owner = owners[-1]
        kind = _paren_kind(inner)
        if kind == "label":
            owner.labels.update(status for status, pattern in lex.status.items() if pattern.search(inner))
        elif kind == "alias":
            for part in re.split(r",\s*|\s*;\s*", inner):
                # "(also known as the X)": the cue says what the parenthesis is, it is no part of the name.
                cue = re.match(rf"(?:also\s+)?(?:{lex.alias_cues.pattern})\s+", part.strip(), re.IGNORECASE)
                part = part.strip()[cue.end() if cue else 0:].strip(_QUOTES).strip()
                if part and not _is_country(part):
                    owner.aliases.append(part)
    # "X, known as Y" / "X, юридическое лицо агентства Y": Y is another name of X.
    merged: list[Candidate] = []
    for c in found:
        if merged:
            between = sentence[merged[-1].stop:c.start]
            if lex.alias_cues.search(between) and len(between) < 60:
                merged[-1].aliases.append(c.name)
                merged[-1].stop = c.stop
                continue
        merged.append(c)
    for c in merged:
        c.name = _balanced(c.name)
    return [c for c in _split_and(merged, runs)
            if plausible_name(c.name, at_start=not sentence[:c.start].strip(" «\"“„"), foreign=c.start in runs,
                              headed=c.start in headed)]


def _balanced(name: str) -> str:
    """Without a bracket left open or closed at its end by a span cut inside parentheses
    ("Human Rights Funders Network, HRFN)", "Королевский институт (")."""
    name = name.rstrip()
    while name.endswith("(") or (name.endswith(")") and name.count(")") > name.count("(")):
        name = name[:-1].rstrip(" ,")
    return name


_LETTERS = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
_GENERIC_STEM = 5
_ENDING = 3  # the longest Russian case ending beyond a word's dictionary form ("фонд" → "фондами")
_FUNCTION_WORDS = frozenset("the of and for a an in on at by to и в во на по для от из с со о об".split())


_ATTRIBUTES = frozenset("human rights freedom free democracy democratic research studies civil citizens youth women "
                        "peace war anti press news memorial".split())


@functools.lru_cache(maxsize=1)
def _generic_stems() -> dict[str, int]:
    """Stems of the words that name a kind of organization in any language (``resources/terms.yml``),
    each with the length of its longest word."""
    raw = yaml.safe_load(resources.files("proscribed").joinpath("resources/terms.yml").read_text("utf-8"))
    # The glossary holds kinds of organization and attributes ("freedom", "memorial"): only the kinds
    # and the adjectives of scope make a name generic.
    words = {w for key, values in raw.items() if isinstance(values, list) and key not in _ATTRIBUTES
             for w in values if isinstance(w, str)}
    more = "public общественный global world всемирный federal федеральный department управление главное office " \
           "ministry министерство издание объединение портал сайт".split()
    stems: dict[str, int] = {}
    for w in words | set(more):
        stem = w.casefold()[:_GENERIC_STEM]
        stems[stem] = max(stems.get(stem, 0), len(w))
    return stems


def _is_generic_word(word: str) -> bool:
    """A kind-of-organization word in any inflection: its stem is a kind's, and it is at most an
    ending longer than that kind ("организациями" yes; "Mediazona", which merely starts like
    "media", no)."""
    stems = _generic_stems()
    # A kind shorter than the stem is its own stem ("фонд"): its inflections ("фонда", "фондами")
    # are found by their first letters as long as that kind.
    for size in range(_GENERIC_STEM, 1, -1):
        longest = stems.get(word[:size])
        if longest is not None and (size == _GENERIC_STEM or longest == size):
            return len(word) <= longest + _ENDING
    return False


def generic_only(name: str) -> bool:
    """Every word of the name is a kind of organization or a function word ("Фонд", "International Council")."""
    words = _LETTERS.findall(name.casefold())
    return bool(words) and all(w in _FUNCTION_WORDS or _is_generic_word(w) for w in words)



# Patterns of spans that look like names but never name an organization (each shown in tests/news):
# a dateline glued to the first words ("TASS/. The Russian"), a web address ("INTERFAX.RU"),
# a sentence opened by a preposition ("В соответствии с Федеральным законом"), a status or
# role word inside the name ("СМИ-иноагент"), a lone sentence-initial English word ("Besides").
_DATELINE_RESIDUE = re.compile(r"/\.|//|\)\.\s")
_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.(?:ru|com|org|net|io|ua|by|kz|eu|info|media|press|me|tv|uk)$", re.IGNORECASE)
_PLACE_WORDS = frozenset("eastern western northern southern central north south east west territories region "
                         "europe asia africa america soviet".split())
_RU_PREPOSITION = re.compile(r"^(?:в|во|с|со|по|на|для|от|из|о|об|при|согласно)\s", re.IGNORECASE)


def plausible_name(name: str, *, at_start: bool = False, foreign: bool = False, headed: bool = False) -> bool:
    """False for spans that look like names but cannot name an organization (see the patterns above).

    ``foreign``: a Latin run of a Russian sentence, a proper name even when every word of it is
    generic ("Stichting Justice Initiative"). ``headed``: the span follows a word for a kind of
    organization ("движение «Сеть»", "батальон «Азов»", "проект Agentura.ru"), which makes it that
    organization's name even when it is a common noun, a place or a web address."""
    text = name.strip().strip(_QUOTES).strip()
    # A span in lower case is a phrase unless an acronym or a capitalised word names something in it
    # ("open society and democracy" no; "international LGBT movement" yes).
    lower = text[:1].islower() and not re.search(r"\b[A-ZА-ЯЁ]", text)
    if not text or lower or _DATELINE_RESIDUE.search(text) or _RU_PREPOSITION.match(text):
        return False
    lex = lexicon()
    if headed:
        return not lex.any_status.search(text)
    if _DOMAIN.match(text):
        return False
    # Three capitalised words are a proper name even when each is generic ("Ukrainian World Congress").
    proper = len(text.split()) >= 3 and all(w[:1].isupper() for w in text.split() if w.casefold() not in _FUNCTION_WORDS)
    if lex.any_status.search(text) or (generic_only(text) and not proper and not (foreign and len(text.split()) > 1)) \
            or text.casefold() in lex.demonyms:
        return False
    if all(is_legal_form(w.casefold()) for w in text.split()):
        return False  # only a legal form, cut off its name by a bad split ("GmbH", "e.V.")
    words = _LETTERS.findall(text)
    if _is_country(text) or words and all(_is_country(w) or is_toponym(w.casefold()) or w.casefold() in _PLACE_WORDS for w in words):
        return False  # "Eastern Europe", "Northern Territories", "Крым"
    from ..text.lexicon import is_english_word

    words = text.split()
    if len(words) <= 3 and text.isascii() and _person_name(words):
        return False  # a name split off a pair ("Varlamov and Chikov") is checked here, not in _finish
    if 2 <= len(words) <= 3 and all(w.isascii() and w.isalpha() and w[:1].isupper() for w in words) \
            and is_given_name(words[0]) and not is_english_word(words[-1].casefold()) and not generic_only(words[-1]):
        return False  # "Olesya Shmagun": a given name and a surname that is no dictionary word
    if at_start and len(words) == 1 and text[:1].isupper() and text[1:].islower():
        # A lone function word opening a sentence is capitalised for that reason only ("Details:", "Как").
        if text.isascii():
            return not _english_form(text.casefold())
        return _analyzer().parse(text.casefold())[0].tag.POS not in _FUNCTION_POS
    return True


_FUNCTION_POS = frozenset({"CONJ", "PREP", "PRCL", "ADVB", "NPRO", "PRED", "INTJ"})


def _english_form(word: str) -> bool:
    """A dictionary word or a regular inflection of one ("details", "updated", "reporting"): the
    dictionary lists no inflected forms, and a headline's first word is often one."""
    from ..text.lexicon import english_lemma, is_english_word

    if english_lemma(word):
        return True
    stems = [word[:-1], word[:-2]] if word.endswith("ed") else [word[:-3], word[:-3] + "e"] if word.endswith("ing") else []
    return any(len(stem) > 2 and is_english_word(stem) for stem in stems)


_AND_THE = re.compile(r"\s+and\s+the\s+(?=[A-Z])")
_OF_FOR = re.compile(r"\s(?:of|for)\s")
_SCOPE = frozenset("public global world international national federal regional european".split())


def _second_object(before: str, after: str) -> bool:
    """Whether "and" joins a second object to the preposition of a name rather than a second name:
    the words before it end in an "of"/"for" phrase and those after it name no kind of
    organization, an adjective of scope before other words aside ("School of Global Affairs and
    Public Policy", "Foundation for Economic Advancement and the Rule of Law"; but "Foundation for
    Democracy and the Rule of Law Institute")."""
    words = [w.strip(".,").casefold() for w in after.split()]
    return bool(_OF_FOR.search(before)) and not any(
        # an adjective of scope is a kind only as the name's last word ("Amnesty International")
        (_is_generic_word(w) and (w not in _SCOPE or k == len(words) - 1))
        or lexicon().quoted_heads.search(w) or is_legal_form(w) for k, w in enumerate(words))


def _split_and(found: list[Candidate], runs: set[int]) -> list[Candidate]:
    """``International Republican Institute and Media Development Fund``: two names, not one (in
    English text; a Latin run of a Russian sentence, in ``runs``, keeps its "and"). "X and the Y"
    joins two names (the article opens a new noun phrase: "the Free Buryatia Foundation and the
    World Wide Fund for Nature") unless it joins a second object of X's preposition
    (:func:`_second_object`: "Foundation for Economic Advancement and the Rule of Law")."""
    out = []
    for c in found:
        if c.start in runs:
            out.append(c)
            continue
        # The text between separators, then the separators that part two names.
        seps = list(_AND_THE.finditer(c.name))
        bounds = [0, *(m.end() for m in seps)], [*(m.start() for m in seps), len(c.name)]
        cuts = [m for k, m in enumerate(seps)
                if not _second_object(c.name[bounds[0][k]:bounds[1][k]], c.name[bounds[0][k + 1]:bounds[1][k + 1]])]
        starts, ends = [0, *(m.end() for m in cuts)], [*(m.start() for m in cuts), len(c.name)]
        pieces: list[Candidate] = []
        for k, (a, b) in enumerate(zip(starts, ends)):
            last = k == len(cuts)  # the last name keeps the span's end, aliases and labels
            pieces.append(Candidate(c.name[a:b], c.start + a, c.stop if last else c.start + b,
                                    c.aliases if last else [], c.labels if last else set()))
        for piece in pieces:
            pair = piece.name.split(" and ")
            if len(pair) == 2 and not (len(pair[0].split()) == 1 and len(pair[1].split()) >= 3) \
                    and all(p[:1].isupper() for p in pair) and not _second_object(*pair):
                out.append(Candidate(pair[0], piece.start, piece.start + len(pair[0])))
                out.append(Candidate(pair[1], piece.stop - len(pair[1]), piece.stop, piece.aliases, piece.labels))
            else:
                out.append(piece)
    return out


def _quoted_ok(inner: str) -> bool:
    """A quotation that can be a name: not a phrase with a verb, not a lone adjective.

    In English, a quotation with a copula or an auxiliary before a lower-case word ("The ITF is a
    global federation,") is a quoted clause, not a name (a comma inside the quotes is only American
    punctuation: “Bellingcat,” is a name).
    """
    if not re.search("[а-яё]", inner, re.IGNORECASE):
        return not _ENGLISH_CLAUSE.search(inner)
    words = [w.strip(_QUOTES + ".,;:!?") for w in inner.split()]
    morph = _analyzer()
    tags = [morph.parse(w)[0].tag for w in words if w and re.search("[а-яё]", w, re.IGNORECASE)]
    if any(t.POS in ("VERB", "INFN") for t in tags):
        return False
    return not (len(tags) == 1 and tags[0].POS in ("ADJF", "ADJS", "PRTF"))
