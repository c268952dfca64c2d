"""The screening index: every name of every entity, analysed once.

Candidates come from an inverted index over token forms (exact) and a fuzzy
look-up in the form vocabulary (typos), never from a scan of every name; that
is what makes screening fast.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date

from rapidfuzz import fuzz, process

from ..model import Entity, Name
from ..text.countries import country_token_keys
from ..text.normalize import latin
from .tokens import Token, analyse, is_patronymic

__all__ = ["IndexedName", "ScreeningIndex"]

# Forms shared by more names than this are too common to generate candidates
# on their own ("фонд", "international"); they still count when scoring.
_MAX_POSTINGS = 250
# A word in this share of entities or more says what kind of body a name is, not which
# one ("общественная", "региональная"): it weighs like the words of terms.yml.
_GENERIC_SHARE = 0.01
GENERIC_WEIGHT = 0.5  # weight of a generic word, against 2-9 for a distinctive one


@dataclass(frozen=True)
class IndexedName:
    entity: int  # position in ScreeningIndex.entities
    name: Name
    tokens: tuple[Token, ...]
    joined: str  # skeletons run together: "Levada-Center" meets "Levada Tsentr" and "LevadaCenter"
    person: bool  # a person's name (its patronymic counts little; initials may stand for words)
    patronymic: frozenset[int]  # positions of patronymic tokens


class ScreeningIndex:
    """An immutable index over a list of entities."""

    def __init__(self, entities: list[Entity]) -> None:
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
        for ei, entity in enumerate(entities):
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
                patr = frozenset(i for i, t in enumerate(toks) if person and is_patronymic(t.text))
                ni = len(self.names)
                self.names.append(IndexedName(ei, name, toks, "".join(t.key for t in toks), person, patr))
                for i, t in enumerate(toks):
                    doc_freq[t.key].add(ei)
                    all_forms.update(t.forms)
                    if i in patr and name.kind == "official":
                        patronymic.update(t.forms)
                    for f in t.forms:
                        postings[f].add(ni)
                joined[self.names[-1].joined].add(ni)
            self.entity_forms.append(frozenset(all_forms))
            self.entity_patronymic.append(frozenset(patronymic))
        n = max(len(entities), 1)
        self._idf = {k: math.log((n + 1) / (len(v) + 0.5)) for k, v in doc_freq.items()}
        self._max_idf = math.log((n + 1) / 0.5)
        least = max(5, int(n * _GENERIC_SHARE))
        self._common_keys = frozenset(k for k, v in doc_freq.items() if len(v) >= least)
        self._postings = {k: frozenset(v) for k, v in postings.items()}
        self._joined = {k: frozenset(v) for k, v in joined.items()}
        self._vocab = [k for k in self._postings if len(k) >= 3 and k[0] != "§"]
        self._joined_vocab = list(self._joined)

    def is_generic(self, token: Token) -> bool:
        """A word that says what kind of body or cause a name is, not which one.

        Legal forms, stopwords, the words of resources/terms.yml in every language
        ("foundation", "international", "radio", "human rights", "свобода"),
        country words, and words found in many entities' names.
        """
        return (token.stopword or token.legal_form or any(f[0] == "§" for f in token.forms)
                or token.key in self._common_keys or token.key in country_token_keys()
                or token.text in country_token_keys())

    def weight(self, token: Token, floor: float = 0.2) -> float:
        """Informativeness of a token: inverse entity frequency, damped for generic words.

        ``floor`` is raised for the words of a name: a common word the query
        does not contain ("Свидетели Иеговы" around a town) still tells the
        name apart from the bare town.
        """
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
        spelling ("TheBell" ~ "The Bell"), which are always scored.
        """
        rare: set[int] = set()
        cover: dict[int, float] = defaultdict(float)  # per entity: weight of query words its names share
        common: list[tuple[frozenset[int], float]] = []
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
                    common.append((hits, w))
            if not exact:  # a typo or a spelling we do not know: look for near forms
                missing = True
                for form in tok.forms:
                    if len(form) >= 4 and form[0] != "§":
                        for near, _score, _ in process.extract(form, self._vocab, scorer=fuzz.ratio,
                                                               score_cutoff=80, limit=15):
                            if len(self._postings[near]) <= _MAX_POSTINGS:
                                hit |= self._postings[near]
            rare |= hit
            for ei in {self.names[ni].entity for ni in hit}:
                cover[ei] += w
        # Very common words ("фонд") add to the entities already found, never widen
        # the net, unless nothing rarer was found.
        if not rare:
            for hits, _w in common:
                rare |= hits
        for hits, w in common:
            for ei in {self.names[ni].entity for ni in hits}:
                if ei in cover or not rare:
                    cover[ei] += w
        forced: set[int] = set(self._joined.get(joined, ()))
        if (missing or len(query) == 1) and len(joined) >= 6:
            for near, _score, _ in process.extract(joined, self._joined_vocab, scorer=fuzz.ratio,
                                                   score_cutoff=88, limit=5):
                forced |= self._joined[near]
        return rare | forced, cover, forced

    def listed_by(self, entity: Entity, as_of: date | None) -> bool:
        """The entity had been listed by ``as_of`` (always true without a date)."""
        return any(d.listed_by(as_of) for d in entity.designations)
