"""The screening index: every name of every entity, analysed once.

Candidates come from an inverted index over token forms (exact) and a fuzzy
look-up in the form vocabulary (typos), never from a scan of every name; that
is what makes screening fast.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz, process

from ..model import Entity, Name
from .tokens import Token, analyse, is_patronymic

__all__ = ["IndexedName", "ScreeningIndex"]

# Forms shared by more names than this are too common to generate candidates
# on their own ("фонд", "international"); they still count when scoring.
_MAX_POSTINGS = 250


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
        postings: dict[str, set[int]] = defaultdict(set)
        joined: dict[str, set[int]] = defaultdict(set)
        doc_freq: dict[str, set[int]] = defaultdict(set)
        for ei, entity in enumerate(entities):
            for name in entity.names:
                toks = analyse(name.value)
                if not toks:
                    continue
                person = entity.schema == "person" or name.kind == "member"
                patr = frozenset(i for i, t in enumerate(toks) if person and is_patronymic(t.text))
                ni = len(self.names)
                self.names.append(IndexedName(ei, name, toks, "".join(t.key for t in toks), person, patr))
                for t in toks:
                    doc_freq[t.key].add(ei)
                    for f in t.forms:
                        postings[f].add(ni)
                joined[self.names[-1].joined].add(ni)
        n = max(len(entities), 1)
        self._idf = {k: math.log((n + 1) / (len(v) + 0.5)) for k, v in doc_freq.items()}
        self._max_idf = math.log((n + 1) / 0.5)
        self._postings = {k: frozenset(v) for k, v in postings.items()}
        self._joined = {k: frozenset(v) for k, v in joined.items()}
        self._vocab = [k for k in self._postings if len(k) >= 4]
        self._joined_vocab = list(self._joined)

    def weight(self, token: Token) -> float:
        """Informativeness of a token: inverse entity frequency, damped for legal forms and stopwords."""
        idf = self._idf.get(token.key, self._max_idf)
        if token.stopword:
            return 0.1
        if token.legal_form:
            return min(idf, 1.0) * 0.3
        if len(token.text) == 1:
            return 1.0
        return max(idf, 0.2)

    def candidates(self, query: tuple[Token, ...], joined: str) -> set[int]:
        """Names sharing a form (or a near form) with the query."""
        found: set[int] = set(self._joined.get(joined, ()))
        rare: set[int] = set()
        common: set[int] = set()
        for tok in query:
            for form in tok.forms:
                hits = self._postings.get(form)
                if hits is not None:
                    (rare if len(hits) <= _MAX_POSTINGS else common).update(hits)
                if len(form) >= 5:
                    for near, _score, _ in process.extract(form, self._vocab, scorer=fuzz.ratio,
                                                           score_cutoff=80, limit=8):
                        near_hits = self._postings[near]
                        if len(near_hits) <= _MAX_POSTINGS:
                            rare.update(near_hits)
        if len(joined) >= 6:
            for near, _score, _ in process.extract(joined, self._joined_vocab, scorer=fuzz.ratio,
                                                   score_cutoff=88, limit=5):
                found.update(self._joined[near])
        return found | (rare if rare else common)

    def listed_by(self, entity: Entity, as_of: date | None) -> bool:
        """The entity had been listed by ``as_of`` (always true without a date)."""
        if as_of is None:
            return True
        return any(d.listed_on is None or d.listed_on <= as_of for d in entity.designations)
