"""Score candidate names against a query and explain each match.

The score of a query against one name is a weighted alignment of their tokens:
each query token is paired with at most one name token (exact when they share a
form: same lemma or same phonetic skeleton; partial above a fuzzy ratio; an
initial for a person's given name or patronymic). Weights are inverse entity
frequencies, so ``Фонд`` or ``International`` matter little and ``Bellingcat``
a lot. The score mixes how much of the query and how much of the name is
covered, then applies penalties for evidence of a different party (another
country, another patronymic, a person's name against an organization).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from ..model import Designation, Entity
from ..text.countries import country_code, country_token_keys
from ..text.lexicon import english_lemma
from ..text.normalize import latin
from ..text.morph import is_adjective, is_common_word, is_cyrillic_word, is_toponym, known_lemmas
from .calibration import default_calibration
from .evidence import PersonFacts, evidence
from .index import IndexedName, ScreeningIndex
from .tokens import Token, analyse, attribute_concepts, gender_said, is_given_name, org_kinds, patronymic_positions

__all__ = ["Match", "screen", "score_name"]

_FUZZY_MIN = 0.8  # token similarity below this is no match
_QUERY_SHARE = 0.6  # weight of query coverage against name coverage


@dataclass(frozen=True)
class Match:
    entity: Entity
    designation: Designation
    score: float
    matched_name: str
    matched_kind: str
    explanation: str


def _token_sim(q: Token, n: Token, person: bool, exact_only: bool, lone: bool = False) -> tuple[float, str]:
    shared = q.forms & n.forms
    if shared and exact_only and q.text != n.text:
        # An acronym is met letter for letter ("МФТИ" is not МФТ, though its sound skeleton
        # is "mft"), or by a sound skeleton of four letters or more across scripts or in
        # Cyrillic, where capitals may spell a word (ИНТЕРРА, IWMF, "Голоса" for ГОЛОС);
        # two Latin words are spelt letter for letter: "Vice" is not WISE.
        spelt = latin(q.text)
        both_latin = q.text.isascii() and n.text.isascii()
        shared = frozenset(f for f in shared if f[0] == "§" or f == spelt or (len(f) >= 4 and not both_latin))
    if shared:
        if all(f[0] == "§" for f in shared):
            return _CONCEPT, "~"  # same kind of word in two languages: Fund ~ Фонд
        # Short Russian words share short skeletons by chance ("азии" and "азов", read as the
        # genitive of "азы", are both "azi"): two dictionary words of other lemmas differ.
        if (q.text != n.text and max(len(f) for f in shared) <= 4 and is_cyrillic_word(q.text)
                and is_cyrillic_word(n.text) and _other_words(q.text, n.text)):
            return 0.0, ""
        return 1.0, "="
    if len(q.text) == 1:
        if person and n.text[:1] == q.text:
            return 0.9, "initial"
        return 0.0, ""
    if exact_only:
        return 0.0, ""
    best = 0.0
    for a in q.forms:
        la = len(a)
        if la < 3 or a[0] == "§":
            continue
        for b in n.forms:
            lb = len(b)
            # Fuzzy only between real words; one extra letter is enough to tell
            # three-letter words apart (acronyms), so they need four on one side.
            # Lengths too far apart cannot reach the ratio at all.
            if lb < 3 or (la < 4 and lb < 4) or b[0] == "§" or 2 * min(la, lb) < _FUZZY_MIN * (la + lb):
                continue
            # One letter weighs more in a short word (UNESCO is not УНСО), the more so
            # when that word is the whole query (Apple is not Yale).
            cost = (0.1 if lone else 0.05) if min(la, lb) <= 4 else 0.0
            r = fuzz.ratio(a, b, score_cutoff=(_FUZZY_MIN + cost) * 100) / 100.0 - cost
            if r > best:
                best = r
    # Dictionary look-ups only for the few pairs near enough to be a slip.
    if best < _FUZZY_MIN or _other_words(q.text, n.text) or (
            person and (_other_given_names(q.text, n.text) or _more_than_one_slip(q.text, n.text))):
        return 0.0, ""
    return best, "≈"


def _other_words(a: str, b: str) -> bool:
    """Two different words of the Russian dictionary, one of them written in Cyrillic.

    A slip seldom lands on another real word: ``Степанова`` is not ``Становая`` (nor
    ``Stanovaya``, read back into Cyrillic). Two Latin words are not read as Russian
    (English words land on Russian dictionary words by chance): see _other_english_words.
    """
    if not (is_cyrillic_word(a) or is_cyrillic_word(b)):
        return _other_english_words(a, b)
    known_a = known_lemmas(a)
    if not known_a:
        return False
    known_b = known_lemmas(b)
    return bool(known_b) and not known_a & known_b


def _other_english_words(a: str, b: str) -> bool:
    """Two different English words more than one slip apart (OSA distance), both in Latin script.

    Sound skeletons bring words of one language near that no typo joins: "Journalists"
    (``urnalisc``) is not "Uralic". One slip apart, a pair stays a possible typo even when
    both are in the dictionary (Webster's list holds rare words: "huse", "paty").
    """
    if not (a.isascii() and b.isascii()) or OSA.distance(a, b, score_cutoff=1) <= 1:
        return False
    lemma_a, lemma_b = english_lemma(a), english_lemma(b)
    return lemma_a is not None and lemma_b is not None and lemma_a != lemma_b


def _more_than_one_slip(a: str, b: str) -> bool:
    """Two words of a person's name, both in Cyrillic, more than one slip apart (OSA distance).

    A typo drops, doubles, swaps or changes one letter; common surnames lie two letters
    apart and their sound skeletons nearer still: ``Ершов`` (ersov) is not ``Росов``
    (rosov), nor ``Степанов`` ``Штефанов``. Across scripts spellings differ by more
    (``Kriwzowa``, ``Кривцова``), so only Cyrillic pairs are held to one slip; names of
    organizations are left alone, where a slip meets an inflected form ("дивижном").
    """
    return is_cyrillic_word(a) and is_cyrillic_word(b) and OSA.distance(a, b, score_cutoff=1) > 1


def _other_given_names(a: str, b: str) -> bool:
    """Two different Russian given names: ``Марина`` is not a slip of ``Арина``, nor ``Галина`` of ``Алина``.

    Latin spellings are left alone: ``Aleksandr`` and ``Alexander`` are one name in two
    transliterations, and both are in the name lists.
    """
    return is_cyrillic_word(a) and is_cyrillic_word(b) and is_given_name(a) and is_given_name(b)


_CONCEPT = 0.85  # similarity of two words that only share a concept of resources/terms.yml
_NAME_FLOOR = 1.0  # least weight of a word of a name (see ScreeningIndex.weight)
_OTHER_NAME = 0.8  # credit for a query word found in another name of the entity


_CURATED = ("brand", "translation")  # names someone vetted as the entity's, with a source URL
_GENERIC_CAP = 0.7  # best score of a query made only of generic words (below any sensible threshold)
_OTHER_KIND = 0.7  # the query says another kind of organization than the name
_OTHER_PERSON = 0.6  # a person's name part unmatched on both sides: another surname or given name
_UNVERIFIED = 0.98  # a curated name no evidence ties to the entry (docs/data.md, "Evidence")


@dataclass
class _Query:
    """What screening needs to know of a query, worked out once per query, not once per name."""

    tokens: tuple[Token, ...]
    joined: str
    weights: list[float]
    person: bool
    place: bool
    qualifiers: frozenset[int]  # positions of places and attributes ("России", "European", "Democratic")
    generic: bool
    given: frozenset[int]  # positions of given names
    surname_like: frozenset[int]  # positions of words with a surname's ending (or patronymics)
    patronymic: frozenset[int]
    kinds: frozenset[str]
    lone_adjective: bool
    lone: bool  # one distinctive word at most: a slip in it is the whole query ("Apple Inc." is not Yale)
    gender: str | None
    # (query position, person's name?, acronym?) → id of a name token → similarity
    sims: dict[tuple[int, bool, bool], dict[int, tuple[float, str]]]

    @classmethod
    def of(cls, index: ScreeningIndex, tokens: tuple[Token, ...], joined: str, hyphenated: bool) -> _Query:
        patronymic = patronymic_positions(tokens)
        given = frozenset(i for i, t in enumerate(tokens) if i not in patronymic and is_given_name(t.text))
        return cls(tokens, joined, [index.weight(t) for t in tokens], _person_query(tokens),
                   _place_query(tokens, hyphenated),
                   frozenset(i for i, t in enumerate(tokens) if t.place or t.forms & attribute_concepts()),
                   all(index.is_generic(t) for t in tokens), given,
                   frozenset(i for i, t in enumerate(tokens) if i in patronymic or _SURNAME.search(t.text)),
                   patronymic, frozenset().union(*(org_kinds(t) for t in tokens)),
                   len(tokens) == 1 and is_adjective(tokens[0].text),
                   sum(not index.is_generic(t) for t in tokens) <= 1, gender_said(tokens), {})


def _not_paired(q: _Query, qi: int, qt: Token, name: IndexedName, ni: int, nt: Token,
                q_given: frozenset[int]) -> bool:
    """Query word ``qi`` may not stand for word ``ni`` of a person's name, whatever their spelling."""
    n_given = name.given
    if qi in q_given and (ni in name.patronymic or (ni not in n_given and _SURNAME.search(nt.text))):
        return True  # a given name is never a patronymic or surname ("Владимир" ≠ "Владимировна", "Антонов")
    if ni in n_given and qi not in q_given and qi in q.surname_like:
        return True  # nor is a surname a given name ("Сергеев" ≠ "Сергей")
    if ni in name.patronymic and qi not in q.patronymic and _SURNAME.search(qt.text):
        return True  # nor is a surname a patronymic ("Яковлева" ≠ "Яковлевна")
    # Beside a given name in full, an initial is the patronymic's ("Сергей А. Гусев" ≠ "Гусев
    # Андрей"); and an initial never stands for a surname ("Иван А. Александров" ≠ "Алексеев Иван").
    return len(qt.text) == 1 and bool((q_given and ni in n_given)
                                      or (n_given and ni not in n_given and ni not in name.patronymic))


def score_name(index: ScreeningIndex, q: _Query, name: IndexedName) -> tuple[float, str]:
    """Score in [0, 1] of query ``q`` against one indexed name, with a short explanation."""
    query, joined = q.tokens, q.joined
    person_query, place_query, generic_query = q.person, q.place, q.generic
    entity = index.entities[name.entity]
    country = entity.properties.get("country_code")
    pairs: list[tuple[float, int, int, str]] = []
    q_given = q.given if name.person else frozenset()
    acronym, lone, person = name.name.kind == "acronym", q.lone, name.person
    for qi, qt in enumerate(query):
        # Similarities depend on the two words, the name's kind and the query: remembered per query.
        sims = q.sims.setdefault((qi, person, acronym), {})
        for ni, nt in enumerate(name.tokens):
            # Given names, patronymics and surnames are told apart in persons' names only
            # (an organization's name has none, so these rules cannot apply to it).
            if person and _not_paired(q, qi, qt, name, ni, nt, q_given):
                continue
            found = sims.get(id(nt))
            if found is None:
                found = sims[id(nt)] = _token_sim(qt, nt, person, acronym, lone)
            sim, how = found
            if sim:
                pairs.append((sim, qi, ni, how))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    q_done: dict[int, tuple[float, int, str]] = {}
    n_done: set[int] = set()
    for sim, qi, ni, how in pairs:
        if qi in q_done or ni in n_done:
            continue
        q_done[qi] = (sim, ni, how)
        n_done.add(ni)

    penalty = 1.0
    notes: list[str] = []
    q_weights = q.weights
    q_hit = 0.0
    unmatched = 0
    q_qualifiers = 0  # places and attributes of the query found nowhere in the entity's names
    other_forms = index.entity_forms[name.entity]
    for qi, qt in enumerate(query):
        if qi in q_done:
            q_hit += q_weights[qi] * q_done[qi][0]
            continue
        code = country_token_keys().get(qt.key) or country_token_keys().get(qt.text)
        if code is not None and country == code:
            q_hit += q_weights[qi]  # "Stichting Bellingcat, Netherlands": the seat matches
            notes.append(f"seat {code}")
        elif code is not None and country is not None:
            penalty *= 0.8
            notes.append(f"seat {code}≠{country}")
        elif qt.forms & other_forms:
            q_hit += q_weights[qi] * _OTHER_NAME
            notes.append(f"{qt.text} in another name")
        else:
            unmatched += 1
            q_qualifiers += qi in q.qualifiers
    q_cov = q_hit / sum(q_weights) if query else 0.0

    n_weights = [index.weight(t, _NAME_FLOOR) * (0.25 if i in name.patronymic else 1.0)
                 for i, t in enumerate(name.tokens)]
    n_hit = sum(n_weights[ni] * sim for sim, ni, _ in q_done.values())
    n_cov = n_hit / sum(n_weights) if n_weights else 0.0
    score = _QUERY_SHARE * q_cov + (1 - _QUERY_SHARE) * n_cov

    # Words split or joined differently ("TheBell", "RFERL", "Левада-Центр"): only
    # when the word-by-word alignment left words over and the lengths agree.
    unmatched_words = sum(1 for qi, t in enumerate(query) if qi not in q_done and not t.legal_form)
    if unmatched_words and len(query) != len(name.tokens) and len(joined) >= 5:
        joined_sim = fuzz.ratio(joined, name.joined) / 100.0
        if joined_sim >= 0.93 and abs(len(joined) - len(name.joined)) <= 2 and joined_sim > score:
            score = joined_sim
            notes.append("spelt together")

    # Words on both sides left unpaired are a substitution ("Radio Free Asia" vs
    # "… Europe", "European" vs "German Council …"): evidence of another party.
    n_unmatched = sum(1 for i, t in enumerate(name.tokens) if i not in n_done and not t.stopword and not t.legal_form
                      and i not in name.patronymic)
    substitutions = min(unmatched, n_unmatched, 2)
    if substitutions:
        penalty *= 0.92 ** substitutions
    # Two generic words swapped ("European" for "German", "Asia" for "Europe") weigh little in
    # the coverages but name another body: count them as a substitution that matters.
    q_swap = [t for qi, t in enumerate(query) if qi not in q_done and _qualifier(index, t)]
    n_swap = [t for ni, t in enumerate(name.tokens) if ni not in n_done and _qualifier(index, t)]
    if q_swap and n_swap:
        penalty *= _GENERIC_SWAP
        notes.append(f"{q_swap[0].text} vs {n_swap[0].text}")
    elif q_qualifiers and not n_unmatched and not name.person:
        # A place or attribute the query adds to a name ("European Committee for the Prevention of
        # Torture", "Голос России", "Greenpeace Russia", "Демократический выбор") is another body: a
        # regional, national or other one. Words of the entity's other names and its seat are its own.
        penalty *= _OTHER_QUALIFIER
        notes.append("a qualifier in the query only")
    # A query that meets only the place in a name ("ASEAN" ≈ "… в г. Асино") names the place,
    # as a query of place names does, not the organization there.
    if (place_query or (n_done and not name.person and all(name.tokens[ni].place for ni in n_done))) \
            and n_cov < 0.99:
        penalty *= 0.6
        notes.append("a place, not an organization")

    patronymic = index.entity_patronymic[name.entity]
    if patronymic:
        q_patr = [query[i] for i in q.patronymic]
        # A slip of one letter in a patronymic ("Викорович") is still the same patronymic.
        if q_patr and not any(t.forms & patronymic or max((fuzz.ratio(f, p) for f in t.forms for p in patronymic),
                                                           default=0) >= 85 for t in q_patr):
            penalty *= 0.6
            notes.append("other patronymic")
    if person_query and not name.person and (n_cov < 0.95 or n_unmatched):
        penalty *= 0.75
        notes.append("person's name vs organization")
    if name.name.weak:
        penalty *= 0.97
    if name.name.unverified:
        penalty *= _UNVERIFIED
        notes.append("unverified alias")

    # A query of generic words only ("Freedom", "Правозащитный центр", "Human Rights Center")
    # names a cause or a kind of body, not one organization: only a curated brand or
    # translation that is exactly that phrase may stand for an entity.
    exact = len(q_done) == len(query) and len(n_done) == len(name.tokens)
    # A phrase of three words or more that is the whole of a name ("For Your and Our Freedom")
    # is a name even when each of its words is generic.
    # A legal form added to it ("Radio Free Europe/Radio Liberty e.V.") leaves it that phrase.
    phrase = len(query) >= 3 and len(name.tokens) >= 3 and n_cov >= 0.9 and (
        q_cov >= 0.9 or all(qi in q_done or t.legal_form for qi, t in enumerate(query)))
    if generic_query and not ((exact and name.name.kind in _CURATED and len(query) > 1) or phrase):
        score = min(score, _GENERIC_CAP)
        notes.append("generic words only")
    # A lone adjective ("Открытый", "Новая") is a word of a name, never a name of its own;
    # a given name alone ("Виктор") names no one person.
    if q.lone_adjective and len(name.tokens) > 1:
        score = min(score, _GENERIC_CAP)
        notes.append("a lone adjective")
    elif name.person and len(query) == 1 and q.given and len(name.tokens) > 1:
        score = min(score, _GENERIC_CAP)
        notes.append("a given name alone")
    # Different kinds of organization: a company is not the foundation of the same name.
    # Kind words paired with each other ("фанд=fund") agree; only those left over count.
    q_kinds = q.kinds
    n_kinds = frozenset().union(*(org_kinds(t) for t in name.tokens))
    n_extra = frozenset().union(*(org_kinds(t) for i, t in enumerate(name.tokens) if i not in n_done)) - q_kinds
    # A company's legal form added to a bare name is usual ("Bellingcat Ltd"); another
    # kind of body the name does not say is not ("Радио Маяк" vs "Маяк").
    q_extra = frozenset().union(*(org_kinds(t) for i, t in enumerate(query) if i not in q_done
                                  and not t.legal_form)) - n_kinds - {"company"}
    # A query that says a kind of organization does not name a person ("Siemens Stiftung").
    if (q_kinds and n_extra) or q_extra or (name.person and q_kinds - {"company"}):
        penalty *= _OTHER_KIND
        notes.append(f"{'/'.join(sorted(q_kinds)) or 'no kind'} vs {'/'.join(sorted(n_extra | n_kinds)) or 'no kind'}")
    if name.person and person_query:
        # A surname or given name left over on both sides is another person who shares the rest.
        q_left = [qi for qi in range(len(query)) if qi not in q_done and len(query[qi].text) > 1
                  and qi not in q.patronymic]
        n_left = [ni for ni in range(len(name.tokens)) if ni not in n_done and ni not in name.patronymic
                  and len(name.tokens[ni].text) > 1]
        if q_left and n_left:
            penalty *= _OTHER_PERSON
            notes.append("another name part")
    parts = []
    for qi, (sim, ni, how) in sorted(q_done.items()):
        parts.append(f"{query[qi].text}{how}{name.tokens[ni].text}")
    notes.insert(0, " ".join(parts))
    return min(1.0, score * penalty), "; ".join(n for n in notes if n)


_GENERIC_SWAP = 0.75
_OTHER_QUALIFIER = 0.75  # a place or attribute of the query the name lacks
# Russian surname endings (Антонов, Сергеева, Ильин): a word so ending is not a given name.
_SURNAME = re.compile(r"(ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ov|ev|in|ova|eva|ina)$")


def _qualifier(index: ScreeningIndex, token: Token) -> bool:
    """A generic word with content: not a stopword, legal form or initial.

    Besides the concepts of terms.yml and country words, a word frequent enough to be
    generic ("развития", "России", "Russia") names another body when it stands where
    the other side has another such word: "Институт современного развития" is not
    "Институт современной России", "Voice of Russia" not "Voice of America".
    """
    return not token.stopword and not token.legal_form and len(token.text) > 1 and index.is_generic(token)


def _place_query(query: tuple[Token, ...], hyphenated: bool = False) -> bool:
    """Only place names (towns, regions, countries): a branch's seat is not the organization."""
    words = [t for t in query if not t.stopword]
    if hyphenated and 2 <= len(words) <= 3 and is_toponym("-".join(t.text for t in words)):
        return True  # one hyphenated place name: "Санкт-Петербург", "Ростов-на-Дону"
    return bool(words) and all(t.place for t in words)


def _person_query(query: tuple[Token, ...]) -> bool:
    """2–4 words that read as a person's name: a given name, no common or organization word."""
    words = [t for t in query if len(t.text) > 1]
    if not 2 <= len(words) <= 4:
        return False
    # A dictionary word with a surname's ending is read as a surname ("Королёв": the king's, and a surname).
    if any(t.legal_form or (is_common_word(t.text) and not _SURNAME.search(t.text)) or any(f[0] == "§" for f in t.forms)
           for t in words):
        return False
    return any(is_given_name(t.text) for t in words)


def _worth_scoring(index: ScreeningIndex, query: tuple[Token, ...], joined: str,
                   raw_threshold: float) -> list[IndexedName]:
    """The candidate names whose score can reach ``raw_threshold``, in the candidates' order.

    The bound depends on the entity only (the query weight its names share), so it is
    worked out once per entity, not once per name: most candidates of a query with a
    common word fall here, before any per-name work.
    """
    names, cover, forced = index.candidates(query, joined)
    total = sum(index.weight(t) for t in query) or 1.0
    # Seat countries and words of an entity's other names can add to the query
    # coverage beyond what the postings saw; count them fully in the bound.
    keys = country_token_keys()
    free = sum(index.weight(t) for t in query if t.key in keys or t.text in keys)
    # Every candidate but those spelt together belongs to an entity of ``cover``.
    passing = {ei for ei, covered in cover.items()
               if _QUERY_SHARE * min(1.0, (covered + free) / total) + (1 - _QUERY_SHARE) >= raw_threshold}
    owner = index.name_entity
    kept = [index.names[ni] for ni in names if ni in forced or owner[ni] in passing]
    # A query of generic words only scores at most _GENERIC_CAP against any name but a curated
    # one of as many words or a phrase of three words or more covering both sides (which
    # a name longer by two words cannot): those are the only names worth scoring then.
    if _GENERIC_CAP < raw_threshold and all(index.is_generic(t) for t in query):
        n = len(query)
        kept = [name for name in kept if (name.name.kind in _CURATED and len(name.tokens) == n)
                or 3 <= n and 3 <= len(name.tokens) <= n + 1]
    return kept


def screen(index: ScreeningIndex, text: str, *, threshold: float, as_of: date | None = None,
           limit: int = 5, facts: PersonFacts | None = None, calibrated: bool = True) -> list[Match]:
    """Registry entries ``text`` refers to, best first, each scoring at least ``threshold``.

    ``facts`` (a birth date, countries) weigh for or against each entity besides its names.
    Scores are calibrated probabilities (``calibration.py``); ``calibrated=False`` gives
    the raw name scores, which the calibration is fitted on.
    """
    cal = default_calibration() if calibrated else None
    raw_threshold = cal.raw_for(threshold) if cal is not None else threshold
    text, seat = _split_seat(text)
    if seat is not None:
        # "Bellingcat, Нидерланды", "CPJ (Соединенные Штаты Америки)": the seat is evidence, not a name.
        facts = replace(facts or PersonFacts(), countries=tuple(dict.fromkeys(
            [*(facts.countries if facts else ()), seat.lower()])))
    query = analyse(text, drop_tld=True)
    if not query:
        return []
    # Spelt together without its legal form: "RFERL B.V." meets "RFE/RL".
    joined = "".join(t.key for t in query if not t.legal_form) or "".join(t.key for t in query)
    names = _worth_scoring(index, query, joined, raw_threshold)
    if not names:
        return []  # the query's analysis beyond its words (persons, places, kinds) is not needed
    q = _Query.of(index, query, joined, "-" in text)
    best: dict[int, tuple[float, IndexedName, str]] = {}
    for name in names:
        entity = index.entities[name.entity]
        if not index.listed_by(entity, as_of):
            continue
        score, why = score_name(index, q, name)
        factor, notes = evidence(entity, q.gender, index.entity_gender[name.entity], facts)
        if notes:
            score *= factor
            why = "; ".join([why, *notes])
        current = best.get(name.entity)
        if current is None or score > current[0]:
            best[name.entity] = (score, name, why)
    ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))
    out = []
    for ei, (score, name, why) in ranked[:limit]:
        shown = cal.apply(score, ranked[0][1][0] - score) if cal is not None else score
        if shown < threshold:
            break
        entity = index.entities[ei]
        designation = _designation_at(entity, as_of)
        out.append(Match(entity, designation, round(shown, 4), name.name.value, name.name.kind,
                         f"{name.name.kind} name ({name.name.source}): {why}; name score {score:.3f}"))
    return out


_SEAT = re.compile(r"(?:,\s*|\s*\()([^,()]+?)\)?\s*$")


def _split_seat(text: str) -> tuple[str, str | None]:
    """The query without a trailing seat (", Country" or "(Country)"), and the seat's ISO code."""
    m = _SEAT.search(text)
    if m is None or not text[:m.start()].strip():
        return text, None
    code = country_code(m.group(1).strip())
    return (text[:m.start()], code) if code else (text, None)


def _designation_at(entity: Entity, as_of: date | None) -> Designation:
    return next((d for d in entity.designations if d.listed_by(as_of)), entity.designations[0])
