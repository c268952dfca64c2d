"""The screening index: every name of every entity, analysed once.

Candidates come from an inverted index over token forms (exact) and a fuzzy
look-up in the form vocabulary (typos), never from a scan of every name; that
is what makes screening fast.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from rapidfuzz import fuzz

from ..model import Entity, Name
from ..text.countries import country_token_keys
from ..text.normalize import latin
from .tokens import Token, analyse, gender_said, is_given_name, patronymic_positions

__all__ = ["IndexedName", "ScreeningIndex"]

# Forms shared by more names than this are too common to generate candidates
# on their own ("фонд", "international"); they still count when scoring.
_MAX_POSTINGS = 250
# A word in this share of entities or more says what kind of body a name is, not which
# one ("общественная", "региональная"): it weighs like the words of terms.yml.
_GENERIC_SHARE = 0.01
_MEMO_MAX = 200_000  # words remembered per memo of the index
_MAX_COMMON = 1500  # names sharing only very common words that are still worth scoring
# Lengths of names spelt together ("TheBell", "RFERL", "LevadaCenter") that are looked up
# fuzzily: longer run-together spellings are rare, and each adds a dozen keys to the table.
_JOINED_FUZZY = (6, 16)
GENERIC_WEIGHT = 0.5  # weight of a generic word, against 2-9 for a distinctive one


@dataclass(frozen=True)
class IndexedName:
    entity: int  # position in ScreeningIndex.entities
    name: Name
    tokens: tuple[Token, ...]
    joined: str  # skeletons run together: "Levada-Center" meets "Levada Tsentr" and "LevadaCenter"
    person: bool  # a person's name (its patronymic counts little; initials may stand for words)
    patronymic: frozenset[int]  # positions of patronymic tokens
    given: frozenset[int]  # positions of given names (persons only)


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def _deletion_table(words: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Each word and each of its one-letter deletions → the words: near words share a key."""
    table: dict[str, list[str]] = defaultdict(list)
    for w in words:
        for key in _deletions(w) | {w}:
            table[key].append(w)
    return {k: tuple(v) for k, v in table.items()}


class ScreeningIndex:
    """An immutable index over a list of entities."""

    def __init__(self, entities: list[Entity], reference: int | None = None) -> None:
        """Index ``entities``; word statistics come from the first ``reference`` of them (default: all).

        A bank screening the registries beside a million names of its own lists wants
        the registry answers unchanged: how informative "фонд" or "Дмитрий" is stays
        what the registries say, whatever the own lists hold.
        """
        reference = len(entities) if reference is None else reference
        self.entities = entities
        self.names: list[IndexedName] = []
        # Every form of every name of an entity: a query word missing from the
        # best name may still be another name's word ("Woodrow" of "Wilson Center").
        self.entity_forms: list[frozenset[str]] = []
        # Forms of a person's patronymic, from the official name.
        self.entity_patronymic: list[frozenset[str]] = []
        postings: dict[str, set[int]] = defaultdict(set)
        joined: dict[str, set[int]] = defaultdict(set)
        doc_freq: dict[str, set[int]] = defaultdict(set)
        # The gender a person's official name says (given name, patronymic), for evidence.
        self.entity_gender: list[str | None] = []
        for ei, entity in enumerate(entities):
            gender: str | None = None
            all_forms: set[str] = set()
            patronymic: set[str] = set()
            for name in entity.names:
                toks = analyse(name.value)
                if name.kind == "acronym":
                    # An acronym is spelt letter for letter: SRJI is not SRI, whatever it sounds like.
                    # Its sound skeleton stays only when it keeps four letters (IWMF, ИНТЕРРА).
                    toks = tuple(replace(t, forms=frozenset({latin(t.text)} | {f for f in t.forms
                                                                                if f[0] == "§" or len(f) >= 4}))
                                 for t in toks)
                if not toks:
                    continue
                person = entity.schema == "person" or name.kind == "member"
                patr = patronymic_positions(toks) if person else frozenset()
                given = frozenset(i for i, t in enumerate(toks) if person and i not in patr and is_given_name(t.text))
                ni = len(self.names)
                self.names.append(IndexedName(ei, name, toks, "".join(t.key for t in toks), person, patr, given))
                if name.kind == "official" and entity.schema == "person":
                    gender = gender_said(toks)
                for i, t in enumerate(toks):
                    if ei < reference:
                        doc_freq[t.key].add(ei)
                    all_forms.update(t.forms)
                    if i in patr and name.kind == "official":
                        patronymic.update(t.forms)
                    for f in t.forms:
                        postings[f].add(ni)
                joined[self.names[-1].joined].add(ni)
            self.entity_forms.append(frozenset(all_forms))
            self.entity_gender.append(gender)
            self.entity_patronymic.append(frozenset(patronymic))
        n = max(reference, 1)
        self._idf = {k: math.log((n + 1) / (len(v) + 0.5)) for k, v in doc_freq.items()}
        self._max_idf = math.log((n + 1) / 0.5)
        least = max(5, int(n * _GENERIC_SHARE))
        self._common_keys = frozenset(k for k, v in doc_freq.items() if len(v) >= least)
        self._postings = {k: frozenset(v) for k, v in postings.items()}
        self._joined = {k: frozenset(v) for k, v in joined.items()}
        self.name_entity = [n.entity for n in self.names]  # entity of each name, by position
        # Weights and genericness of a word depend on its text only: worked out once per word.
        self._weights: dict[tuple[str, float], float] = {}
        self._generic: dict[str, bool] = {}
        self._near: dict[str, list[str]] = {}  # near forms of a query form, looked up once
        self._deleted = _deletion_table(k for k in self._postings if len(k) >= 3 and k[0] != "§")
        self._deleted_joined = _deletion_table(k for k in self._joined
                                               if _JOINED_FUZZY[0] - 1 <= len(k) <= _JOINED_FUZZY[1] + 1)

    def is_generic(self, token: Token) -> bool:
        """A word that says what kind of body or cause a name is, not which one.

        Legal forms, stopwords, the words of resources/terms.yml in every language
        ("foundation", "international", "radio", "human rights", "свобода"),
        country words, and words found in many entities' names.
        """
        memo = self._generic.get(token.text)
        if memo is None:
            if len(self._generic) > _MEMO_MAX:
                self._generic.clear()
            memo = self._generic[token.text] = self._is_generic(token)
        return memo

    def _is_generic(self, token: Token) -> bool:
        return (token.stopword or token.legal_form or any(f[0] == "§" for f in token.forms)
                or token.key in self._common_keys or token.key in country_token_keys()
                or token.text in country_token_keys())

    def weight(self, token: Token, floor: float = 0.2) -> float:
        """Informativeness of a token: inverse entity frequency, damped for generic words.

        ``floor`` is raised for the words of a name: a common word the query
        does not contain ("Свидетели Иеговы" around a town) still tells the
        name apart from the bare town.
        """
        memo = self._weights.get((token.text, floor))
        if memo is not None:
            return memo
        if len(self._weights) > _MEMO_MAX:  # queries bring new words without end: start afresh
            self._weights.clear()
        memo = self._weights[(token.text, floor)] = self._weight(token, floor)
        return memo

    def _weight(self, token: Token, floor: float) -> float:
        idf = self._idf.get(token.key, self._max_idf)
        if token.stopword:
            return 0.1
        if token.legal_form:
            return min(idf, 1.0) * 0.3
        if len(token.text) == 1:
            return 1.0
        if self.is_generic(token):
            # In a query a generic word weighs little; a name's generic word the query lacks
            # still counts as a whole word ("Boris Nemtsov" is not "Boris Nemtsov Foundation").
            return max(GENERIC_WEIGHT, min(floor, 1.0))
        return max(idf, floor)

    def candidates(self, query: tuple[Token, ...], joined: str) -> tuple[set[int], dict[int, float], set[int]]:
        """Names sharing a form (or a near form) with the query.

        Returns the candidate names, for each entity the query weight its names
        can cover at most (for pruning), and the names found by the whole
        spelling ("TheBell" ~ "The Bell"), which are always scored. Work grows
        with the rare forms' postings, not with the size of the index.
        """
        owner = self.name_entity
        rare: set[int] = set()
        cover: dict[int, float] = defaultdict(float)  # per entity: weight of query words its names share
        common: list[tuple[Token, frozenset[int], float]] = []
        missing = False
        for tok in query:
            w = self.weight(tok)
            hit: set[int] = set()
            exact = False
            for form in tok.forms:
                hits = self._postings.get(form)
                if hits is None:
                    continue
                exact = True
                if len(hits) <= _MAX_POSTINGS:
                    hit |= hits
                else:
                    common.append((tok, hits, w))
            # A typo or a spelling we do not know: look for near forms. A long word found
            # as written may still be a slip for another name's word ("Michail" ~ "Mikhail").
            missing |= not exact
            if not exact or len(tok.text) >= 6:
                common_near: set[str] = set()
                for form in tok.forms:
                    if len(form) >= 4 and form[0] != "§":
                        for near in self._near_forms(form):
                            if len(self._postings[near]) <= _MAX_POSTINGS:
                                hit |= self._postings[near]
                            else:
                                common_near.add(near)
                if common_near:  # a slip for a very common word ("Assocation"): it counts like one
                    common.append((replace(tok, forms=frozenset(common_near)), frozenset(), w))
            rare |= hit
            for ei in {owner[ni] for ni in hit}:
                cover[ei] += w
        if common and not rare:
            # Only very common words ("фонд", "Иванов"): every name that has one of them while
            # they are few, else the names that share the most of them.
            ordered = sorted((hits for _t, hits, _w in common if hits), key=len) or [frozenset()]
            found = frozenset().union(*ordered)
            if len(found) > _MAX_COMMON:
                found = ordered[0]
                for hits in ordered[1:]:
                    both = found & hits
                    if both:
                        found = both
            if len(found) <= _MAX_COMMON:
                rare = set(found)
                cover.update((ei, 0.0) for ei in {owner[ni] for ni in found})
        # Very common words add to the entities already found, never widen the net.
        seen_common: set[frozenset[str]] = set()
        for tok, _hits, w in common:
            if tok.forms in seen_common:
                continue
            seen_common.add(tok.forms)
            for ei in cover:
                if tok.forms & self.entity_forms[ei]:
                    cover[ei] += w
        forced: set[int] = set(self._joined.get(joined, ()))
        if (missing or len(query) == 1) and _JOINED_FUZZY[0] <= len(joined) <= _JOINED_FUZZY[1]:
            for near in self._near_joined(joined):
                forced |= self._joined[near]
        return rare | forced, cover, forced

    def _near_forms(self, form: str) -> list[str]:
        """Forms of the index within a fuzzy ratio of 80 of ``form``, best first (at most 15).

        Looked up in a table of one-letter deletions (SymSpell's idea), so the cost does
        not grow with the vocabulary; long words also try two deletions on their side.
        """
        memo = self._near.get(form)
        if memo is not None:
            return memo
        keys = _deletions(form) | {form}
        if len(form) >= 8:
            keys |= {d2 for d in _deletions(form) for d2 in _deletions(d)}
        found = {f for k in keys for f in self._deleted.get(k, ())}
        scored = sorted(((fuzz.ratio(form, f), f) for f in found), key=lambda x: (-x[0], x[1]))
        if len(self._near) > _MEMO_MAX:
            self._near.clear()
        memo = self._near[form] = [f for score, f in scored if score >= 80][:15]
        return memo

    def _near_joined(self, joined: str) -> list[str]:
        """Names spelt together within a fuzzy ratio of 88 of ``joined`` (at most 5)."""
        keys = _deletions(joined) | {joined}
        found = {f for k in keys for f in self._deleted_joined.get(k, ())}
        scored = sorted(((fuzz.ratio(joined, f), f) for f in found), key=lambda x: (-x[0], x[1]))
        return [f for score, f in scored if score >= 88][:5]

    def listed_by(self, entity: Entity, as_of: date | None) -> bool:
        """The entity had been listed by ``as_of`` (always true without a date)."""
        return any(d.listed_by(as_of) for d in entity.designations)
