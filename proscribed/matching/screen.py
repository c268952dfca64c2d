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

from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz

from ..model import Designation, Entity
from ..text.countries import country_token_keys
from .index import IndexedName, ScreeningIndex
from .tokens import Token, analyse, is_given_name

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


def _token_sim(q: Token, n: Token, person: bool) -> tuple[float, str]:
    if q.forms & n.forms:
        return 1.0, "="
    if len(q.text) == 1:
        if person and n.text[:1] == q.text:
            return 0.9, "initial"
        return 0.0, ""
    best = 0.0
    for a in q.forms:
        for b in n.forms:
            if min(len(a), len(b)) < 4:
                continue
            r = fuzz.ratio(a, b) / 100.0
            if r > best:
                best = r
    return (best, "≈") if best >= _FUZZY_MIN else (0.0, "")


def score_name(index: ScreeningIndex, query: tuple[Token, ...], joined: str, name: IndexedName,
               person_query: bool) -> tuple[float, str]:
    """Score in [0, 1] of ``query`` against one indexed name, with a short explanation."""
    entity = index.entities[name.entity]
    country = entity.properties.get("country_code")
    pairs: list[tuple[float, int, int, str]] = []
    for qi, qt in enumerate(query):
        for ni, nt in enumerate(name.tokens):
            sim, how = _token_sim(qt, nt, name.person)
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
    q_weights = [index.weight(t) for t in query]
    q_hit = 0.0
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
    q_cov = q_hit / sum(q_weights) if query else 0.0

    n_weights = [index.weight(t) * (0.25 if i in name.patronymic else 1.0) for i, t in enumerate(name.tokens)]
    n_hit = sum(n_weights[ni] * sim for sim, ni, _ in q_done.values())
    n_cov = n_hit / sum(n_weights) if n_weights else 0.0
    score = _QUERY_SHARE * q_cov + (1 - _QUERY_SHARE) * n_cov

    joined_sim = fuzz.ratio(joined, name.joined) / 100.0 if len(joined) >= 6 else 0.0
    # Only for near-equal lengths: a longer name that merely contains the query is not "spelt together".
    if joined_sim >= 0.9 and abs(len(joined) - len(name.joined)) <= 2 and joined_sim > score:
        score = joined_sim
        notes.append("spelt together")

    if name.person and name.patronymic:
        unmatched_patr = [i for i in name.patronymic if i not in n_done]
        q_patr = [qi for qi, t in enumerate(query) if qi not in q_done and t.text.endswith(("вич", "вна", "vich", "vna"))]
        if unmatched_patr and q_patr:
            penalty *= 0.7
            notes.append("other patronymic")
    if person_query and not name.person and n_cov < 0.95:
        penalty *= 0.75
        notes.append("person's name vs organization")
    if name.name.weak:
        penalty *= 0.97
    parts = []
    for qi, (sim, ni, how) in sorted(q_done.items()):
        parts.append(f"{query[qi].text}{how}{name.tokens[ni].text}")
    notes.insert(0, " ".join(parts))
    return min(1.0, score * penalty), "; ".join(n for n in notes if n)


def _person_query(query: tuple[Token, ...]) -> bool:
    """2–4 plain words, one of them a given name, none a legal form: a person's name."""
    words = [t for t in query if len(t.text) > 1]
    if not 2 <= len(words) <= 4 or any(t.legal_form for t in words):
        return False
    return any(is_given_name(t.text) for t in words)


def screen(index: ScreeningIndex, text: str, *, threshold: float, as_of: date | None = None,
           limit: int = 5) -> list[Match]:
    """Registry entries ``text`` refers to, best first, each scoring at least ``threshold``."""
    query = analyse(text, drop_tld=True)
    if not query:
        return []
    joined = "".join(t.key for t in query)
    person_query = _person_query(query)
    best: dict[int, tuple[float, IndexedName, str]] = {}
    for ni in index.candidates(query, joined):
        name = index.names[ni]
        entity = index.entities[name.entity]
        if not index.listed_by(entity, as_of):
            continue
        score, why = score_name(index, query, joined, name, person_query)
        current = best.get(name.entity)
        if current is None or score > current[0]:
            best[name.entity] = (score, name, why)
    ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))
    out = []
    for ei, (score, name, why) in ranked[:limit]:
        if score < threshold:
            break
        entity = index.entities[ei]
        designation = _designation_at(entity, as_of)
        out.append(Match(entity, designation, round(score, 4), name.name.value, name.name.kind,
                         f"{name.name.kind} name ({name.name.source}): {why}"))
    return out


def _designation_at(entity: Entity, as_of: date | None) -> Designation:
    if as_of is None:
        return entity.designations[0]
    listed = [d for d in entity.designations if d.listed_on is None or d.listed_on <= as_of]
    return listed[0] if listed else entity.designations[0]
