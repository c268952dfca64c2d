"""The compiled scanner: one Aho-Corasick automaton over every surface form.

Matching runs on the normalised document (see ``textmap``); each form is
stored padded with spaces, so a hit is always a whole-word match. Hits are then
verified against the original text (capitals for acronyms, quotes for brands
that are ordinary words, a full name before a bare surname), overlapping hits
resolved leftmost-longest, and each span reported once with every entity its
name belongs to.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from typing import Any

import ahocorasick

from ..model import Entity
from .forms import Form, entity_forms
from .links import LinkIndex
from .textmap import fast_lower, scan_text

__all__ = ["Scanner", "Pattern", "build_scanner_from_entities"]

_KIND_RANK = {"person_full": 0, "person_surname": 0, "inflected": 1, "acronym": 2, "translit": 3, "brand": 4,
              "full": 5}
_OPEN_QUOTES = "«\"„“”'‘’‹"
_CLOSE_QUOTES = "»\"“”'’‘›"


@dataclass(frozen=True)
class Pattern:
    entities: tuple[int, ...]  # positions in Scanner.entities
    kind: str
    weak: bool
    acronym: bool
    surname_only: bool
    single_latin: bool  # one Latin word (the "the" aside): must be written with a capital


def _merge(a: Pattern, form: Form, entity: int) -> Pattern:
    """One surface form shared by several names or entities."""
    entities = a.entities if entity in a.entities else a.entities + (entity,)
    # A form that is literally a registry name stays "full" whatever else it is.
    kind = "full" if "full" in (a.kind, form.kind) else min(a.kind, form.kind, key=lambda k: _KIND_RANK.get(k, 9))
    # An ordinary word for one name is an ordinary word for all (ГОЛОС the acronym is "голос").
    return Pattern(entities, kind, a.weak or form.weak, a.acronym and form.acronym,
                   a.surname_only and form.surname_only, a.single_latin)


class Scanner:
    """Finds registry names in texts. Build once (it pickles), scan many."""

    def __init__(self, entities: list[Entity], patterns: dict[str, Pattern]) -> None:
        self.entities = entities
        self.links = LinkIndex(entities)
        self._facts: dict[tuple[date | None, date], dict[int, dict[str, Any]]] = {}
        self.patterns: list[Pattern] = []
        self.forms: list[str] = []
        automaton = ahocorasick.Automaton()
        for text, pattern in patterns.items():
            automaton.add_word(text, len(self.patterns))
            self.patterns.append(pattern)
            self.forms.append(text)
        automaton.make_automaton()
        self.automaton = automaton
        self._lengths = [len(f) for f in self.forms]
        self._several_words = [" " in f for f in self.forms]

    def _hits(self, text: str) -> list[tuple[int, int, int]]:
        """(start, end, pattern) of whole-word hits, leftmost-longest, not overlapping."""
        chosen = []
        size = len(text)
        lengths = self._lengths
        # The automaton's own leftmost-longest pass (in C); hits inside words are dropped.
        for last, idx in self.automaton.iter_long(text):
            end = last + 1
            start = end - lengths[idx]
            if (start > 0 and text[start - 1].isalnum()) or (end < size and text[end].isalnum()):
                continue
            chosen.append((start, end, idx))
        return chosen

    def scan(self, text: str, *, published: date | None = None, as_of: date | None = None) -> list[dict[str, Any]]:
        """Mentions in ``text``: one object per span, best entity first (see docs/scanning.md)."""
        fast = fast_lower(text)
        st = scan_text(text) if fast is None else None
        out: list[dict[str, Any]] = []
        seen_full: set[int] = set()
        today = as_of or date.today()
        # Entity facts depend on the document date and the day only: shared between documents.
        facts = self._facts.setdefault((published, today), {})
        if len(self._facts) > 64:
            self._facts.clear()
            facts = self._facts.setdefault((published, today), {})
        patterns = self.patterns
        several = self._several_words
        for start, end, idx in self._hits(st.text if st is not None else fast or ""):
            pattern = patterns[idx]
            o_start, o_end = (st.original(start), st.original(end)) if st is not None else (start, end)
            surface = text[o_start:o_end]
            if pattern.acronym and not _capitals(surface):
                continue
            if pattern.weak and not (_quoted(text, o_start, o_end) or _proper(text, o_start, o_end)):
                continue
            if pattern.single_latin and not surface[:1].isupper() and not _initial_capital(surface):
                continue
            entities = ([e for e in pattern.entities if e in seen_full] if pattern.surname_only
                        else pattern.entities)
            if not entities:
                continue
            if pattern.kind == "person_full":
                seen_full.update(pattern.entities)
            records = []
            for e in entities:
                fact = facts.get(e)
                if fact is None:
                    fact = facts[e] = _entity_facts(self.entities[e], published, today)
                records.append(fact)
            out.append(self._mention(o_start, o_end, surface, pattern, records, several[idx]))
        return out

    def link(self, url: str, start: int, end: int, surface: str, *, published: date | None = None,
             as_of: date | None = None) -> dict[str, Any] | None:
        """A link or account of a registry entity, as a mention with its URL; None otherwise."""
        kind, found = self.links.lookup(url)
        if not found:
            return None
        records = sorted((_entity_facts(self.entities[i], published, as_of or date.today()) for i in found),
                         key=lambda r: (_REGISTRY_ORDER.get(r["registry"], 9), r["listed_on"] or ""))
        mention = {"start": start, "end": end, "surface": surface, **records[0],
                   "strength": "strong", "kind": "link" if kind == "domain" else "account", "url": url}
        if len(records) > 1:
            mention["also"] = [dict(r) for r in records[1:]]
        return mention

    def _mention(self, start: int, end: int, surface: str, pattern: Pattern,
                 records: list[dict[str, Any]], several_words: bool) -> dict[str, Any]:
        if len(records) > 1:
            records = sorted(records, key=lambda r: (_REGISTRY_ORDER.get(r["registry"], 9), r["listed_on"] or ""))
        best = records[0]
        # Weak: one ordinary word ("«Дождь»") or a short acronym; a name of several words
        # written as a name ("Amnesty International") is strong even if each word is common.
        strong = not (pattern.weak and not several_words) and not (pattern.acronym and len(surface.replace(".", "")) <= 3)
        mention = {
            "start": start, "end": end, "surface": surface,
            **best,
            "strength": "strong" if strong else "weak", "kind": pattern.kind,
        }
        if len(records) > 1:
            mention["also"] = [dict(r) for r in records[1:]]
        return mention


_REGISTRY_ORDER = {"ru-undesirable": 0, "ru-terrorist": 1, "ru-extremist": 2, "ru-foreign-agents": 3}


def _entity_facts(entity: Entity, published: date | None, day: date) -> dict[str, Any]:
    d = entity.designations[0]
    listed_now = d.status == "listed" and d.active_on(day)
    facts: dict[str, Any] = {
        "id": entity.id, "registry": d.registry, "name": entity.caption,
        "listed_on": d.listed_on.isoformat() if d.listed_on else None,
        "status": d.status, "listed_now": listed_now,
        "listed_at_document_date": (d.active_on(published) if d.status != "vanished" else None)
        if published is not None else None,
    }
    return facts


def _initial_capital(surface: str) -> bool:
    words = [w for w in surface.split() if w.lower() != "the"]
    return bool(words) and words[0][:1].isupper()


_SENTENCE_END = ".!?\n…:"


def _proper(text: str, start: int, end: int) -> bool:
    """Written as a proper name: every word capitalised (several words), or one capitalised
    word that is not at a sentence start and not the head of "Republic of …"."""
    if text[start:start + 4] == "the ":
        start += 4
    words = [w for w in text[start:end].split() if len(w) > 3 or w[:1].isupper()]
    if len(words) > 1:
        if not text[start:end].isascii():
            return words[0][:1].isupper()  # Russian capitalises the first word of a name only
        return all(w[:1].isupper() for w in words)
    if not text[start:start + 1].isupper():
        return False
    before = text[max(0, start - 3):start].rstrip(" «\"'“„(")
    if not before or before[-1] in _SENTENCE_END:
        return False
    return not text[end:end + 4].lower().startswith((" of ", " о "))


def _capitals(surface: str) -> bool:
    letters = [c for c in surface if c.isalpha()]
    return bool(letters) and sum(1 for c in letters if c.isupper()) >= max(2, len(letters) - 1)


def _quoted(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 2):start].strip()
    after = text[end:end + 2].strip()
    return bool(before) and bool(after) and before[-1] in _OPEN_QUOTES and after[0] in _CLOSE_QUOTES


def build_scanner_from_entities(entities: list[Entity]) -> tuple[Scanner, float]:
    """Compile the scanner; returns it and the seconds it took."""
    t0 = time.perf_counter()
    patterns: dict[str, Pattern] = {}
    for i, entity in enumerate(entities):
        for form in entity_forms(entity):
            if not form.text.strip():
                continue
            current = patterns.get(form.text)
            if current is None:
                words = [w for w in form.text.split() if w != "the"]
                single_latin = len(words) == 1 and words[0].isascii() and words[0].isalpha()
                patterns[form.text] = Pattern((i,), form.kind, form.weak, form.acronym, form.surname_only,
                                              single_latin)
            else:
                patterns[form.text] = _merge(current, form, i)
    return Scanner(entities, patterns), time.perf_counter() - t0
