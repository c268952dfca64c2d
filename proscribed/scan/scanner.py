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
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

import ahocorasick

from ..model import Entity
from .links import LinkIndex
from .textmap import lower_in_place, scan_text

if TYPE_CHECKING:
    from .forms import Form

__all__ = ["Scanner", "Pattern", "build_scanner_from_entities", "compact"]

_KIND_RANK = {"person_full": 0, "person_surname": 0, "inflected": 1, "acronym": 2, "translit": 3, "brand": 4,
              "full": 5}
_JOIN = "\n\n\n"  # between the documents of a batch (see Scanner.scan_many)
# What a hit of a pattern must pass (see Scanner._verified), as bits.
_ACRONYM, _WEAK, _SINGLE_LATIN, _SURNAME_ONLY, _PERSON_FULL = 1, 2, 4, 8, 16
_OPEN_QUOTES = "«\"„“”'‘’‹"
_CLOSE_QUOTES = "»\"“”'’‘›"


class Pattern(NamedTuple):
    """What a surface form stands for, while the scanner is built (the scanner keeps the
    fields it needs in plain lists)."""

    entities: tuple[int, ...]  # positions in Scanner.entities
    kind: str
    weak: bool
    acronym: bool
    surname_only: bool
    single_latin: bool  # one Latin word (the "the" aside): must be written with a capital
    unverified: bool  # only curated names without evidence write it: its mentions are weak


def _merge(a: Pattern, form: Form, entity: int) -> Pattern:
    """One surface form shared by several names or entities."""
    entities = a.entities if entity in a.entities else a.entities + (entity,)
    # A form that is literally a registry name stays "full" whatever else it is.
    kind = "full" if "full" in (a.kind, form.kind) else min(a.kind, form.kind, key=lambda k: _KIND_RANK.get(k, 9))
    # An ordinary word for one name is an ordinary word for all (ГОЛОС the acronym is "голос").
    return Pattern(entities, kind, a.weak or form.weak, a.acronym and form.acronym,
                   a.surname_only and form.surname_only, a.single_latin, a.unverified and form.unverified)


class Scanner:
    """Finds registry names in texts. Build once (it pickles), scan many."""

    def __init__(self, entities: list[Entity], patterns: dict[str, Pattern]) -> None:
        self.links = LinkIndex(entities)
        # What a mention reports of an entity, and no more: the scanner is pickled, cached and
        # loaded by every scan (and each Dask worker); names, properties and provenance made
        # loading it seconds slower.
        self.entities = [replace(e, names=(), properties={}, designations=(replace(e.designations[0], provenance=()),))
                         for e in entities]
        # Per (document date, day): each entity's facts, and the mention of each pattern less
        # its offsets and surface (copied for every hit: most of a mention is the same each time).
        self._facts: dict[tuple[date | None, date], dict[int, dict[str, Any]]] = {}
        self._templates: dict[tuple[date | None, date, bool], dict[Any, dict[str, Any]]] = {}
        automaton = ahocorasick.Automaton()
        for idx, text in enumerate(patterns):
            automaton.add_word(text, idx)
        automaton.make_automaton()
        self.automaton = automaton
        # What a hit of pattern ``idx`` needs, in plain lists rather than the Pattern tuples:
        # tens of thousands of named tuples were a quarter of the time loading the scanner took.
        self._lengths = [len(f) for f in patterns]
        self._entities_of = [p.entities for p in patterns.values()]
        self._kinds = [p.kind for p in patterns.values()]
        # The checks of each pattern as bits: a hit tests ints, not five fields of a tuple.
        self._checks = [_ACRONYM * p.acronym | _WEAK * p.weak | _SINGLE_LATIN * p.single_latin
                        | _SURNAME_ONLY * p.surname_only | _PERSON_FULL * (p.kind == "person_full")
                        for p in patterns.values()]
        # Weak: one ordinary word ("«Дождь»") or a short acronym (decided per hit); a name of
        # several words written as a name ("Amnesty International") is strong even if each word
        # is common. A form only unverified curated names write is found, but weighs as a weak mention.
        self._strong = [not (p.weak and " " not in f) and not p.unverified for f, p in patterns.items()]

    def _hits(self, text: str, starts: list[int] | None = None) -> list[list[tuple[int, int, int]]]:
        """(start, end, pattern) of whole-word hits, leftmost-longest, not overlapping; one list
        per document of the text, ``starts`` giving where each begins (None: one document)."""
        size = len(text)
        lengths = self._lengths
        isalnum = str.isalnum
        bounds = (starts or [0])[1:] + [size + 1]
        per_doc: list[list[tuple[int, int, int]]] = [[] for _ in bounds]
        doc = 0
        chosen = per_doc[0]
        following = bounds[0]  # where the next document starts
        # The automaton's own leftmost-longest pass (in C); hits inside words are dropped.
        for last, idx in self.automaton.iter_long(text):
            end = last + 1
            start = end - lengths[idx]
            if (start > 0 and isalnum(text[start - 1])) or (end < size and isalnum(text[end])):
                continue
            while start >= following:
                doc += 1
                chosen = per_doc[doc]
                following = bounds[doc]
            chosen.append((start, end, idx))
        return per_doc

    def scan(self, text: str, *, published: date | None = None, as_of: date | None = None) -> list[dict[str, Any]]:
        """Mentions in ``text``: one object per span, best entity first (see docs/scanning.md)."""
        return self.scan_many([text], [published], as_of=as_of)[0]

    def scan_many(self, texts: list[str], published: list[date | None], *, as_of: date | None = None,
                  details: bool = True, persons: set[int] | None = None) -> list[list[dict[str, Any]]]:
        """The mentions of each text, as :meth:`scan` gives them (``details=False``: offsets and
        entity ids only, ``{"start", "end", "id"}`` and ``"also"`` with the other ids).

        ``persons``: the texts are consecutive parts of one document; the set holds the persons
        already named in full (a bare surname then counts), and is updated.

        The texts are joined and normalised and matched in one pass: on news-sized
        documents the work per document (a dozen C calls each) otherwise costs as much as
        the matching. Three line breaks between them read as a sentence end to every
        context check, so no check sees the neighbouring document.
        """
        as_of = as_of or date.today()  # once: date.today() per document cost a tenth of the checks
        joined = _JOIN.join(texts)
        fast = lower_in_place(joined)
        if fast is None:  # lower case changes a length somewhere (a rare letter such as İ)
            if len(texts) > 1:
                return [self.scan_many([t], [p], as_of=as_of, details=details, persons=persons)[0]
                        for t, p in zip(texts, published)]
            st = scan_text(joined)
            return [self._verified(joined, self._hits(st.text)[0], st.original, 0, published[0], as_of, details,
                                   persons)]
        lowered, odd = fast
        starts = []
        at = 0
        for t in texts:
            starts.append(at)
            at += len(t) + len(_JOIN)
        full = {bisect_right(starts, pos) - 1 for pos in odd}  # documents that need the full normalisation
        per_doc = self._hits(lowered, starts)
        out = []
        for i, text in enumerate(texts):
            if i in full:
                st = scan_text(text)
                out.append(self._verified(text, self._hits(st.text)[0], st.original, 0, published[i], as_of, details,
                                          persons))
            else:
                out.append(self._verified(joined, per_doc[i], None, starts[i], published[i], as_of, details,
                                          persons))
        return out

    def _verified(self, text: str, hits: list[tuple[int, int, int]], original: Callable[[int], int] | None,
                  base: int, published: date | None, as_of: date | None, details: bool = True,
                  persons: set[int] | None = None) -> list[dict[str, Any]]:
        """Mentions of the hits that pass the checks on ``text``; offsets less ``base``.

        ``original`` maps positions of the matched text back to ``text`` (None: the same).
        """
        out: list[dict[str, Any]] = []
        seen_full: set[int] = set() if persons is None else persons
        day = (published, as_of or date.today())
        templates = self._templates.get((*day, details))
        if templates is None:
            if len(self._templates) > 4096:  # an archive spans a few thousand dates at most: cleared rarely
                self._templates.clear()
                self._facts.clear()
            templates = self._templates[(*day, details)] = {}
        entities_of, checks = self._entities_of, self._checks
        for start, end, idx in hits:
            if original is not None:
                start, end = original(start), original(end)
            check = checks[idx]
            key: Any = idx
            if check:  # a plain name needs no look at the text
                surface = text[start:end]
                if check & _ACRONYM and not _capitals(surface):
                    continue
                if check & _WEAK and not (_quoted(text, start, end) or _proper(text, start, end)):
                    continue
                if check & _SINGLE_LATIN and not surface[:1].isupper() and not _initial_capital(surface):
                    continue
                if check & _SURNAME_ONLY:
                    key = (idx, tuple(e for e in entities_of[idx] if e in seen_full))
                    if not key[1]:
                        continue
                elif check & _PERSON_FULL:
                    seen_full.update(entities_of[idx])
            template = templates.get(key)
            if template is None:
                entities = key[1] if check & _SURNAME_ONLY else entities_of[idx]
                template = templates[key] = self._template(idx, entities, day, details)
            mention = template.copy()
            mention["start"] = start - base
            mention["end"] = end - base
            if details:
                surface = mention["surface"] = text[start:end]
                if check & _ACRONYM and len(surface.replace(".", "")) <= 3:
                    mention["strength"] = "weak"  # a short acronym
            out.append(mention)
        return out

    def _template(self, idx: int, entities: tuple[int, ...], day: tuple[date | None, date],
                  details: bool) -> dict[str, Any]:
        """The mention of pattern ``idx`` naming ``entities``, less offsets and surface."""
        facts = self._facts.setdefault(day, {})
        records = []
        for e in entities:
            fact = facts.get(e)
            if fact is None:
                fact = facts[e] = _entity_facts(self.entities[e], day[0], day[1])
            records.append(fact)
        if len(records) > 1:
            records = sorted(records, key=lambda r: (_REGISTRY_ORDER.get(r["registry"], 9), r["listed_on"] or ""))
        if not details:
            return compact({"start": 0, "end": 0, **records[0], "also": records[1:]})
        mention = {"start": 0, "end": 0, "surface": "", **records[0],
                   "strength": "strong" if self._strong[idx] else "weak", "kind": self._kinds[idx]}
        if len(records) > 1:
            mention["also"] = [dict(r) for r in records[1:]]
        return mention

    def link(self, url: str, start: int, end: int, surface: str, *, published: date | None = None,
             as_of: date | None = None) -> dict[str, Any] | None:
        """A link or account of a registry entity, as a mention with its URL; None otherwise."""
        kind, found, verified = self.links.lookup(url)
        if not found:
            return None
        records = sorted((_entity_facts(self.entities[i], published, as_of or date.today()) for i in found),
                         key=lambda r: (_REGISTRY_ORDER.get(r["registry"], 9), r["listed_on"] or ""))
        mention = {"start": start, "end": end, "surface": surface, **records[0],
                   # A curated link without evidence (docs/data.md, "Evidence") weighs as a weak mention.
                   "strength": "strong" if verified else "weak", "kind": "link" if kind == "domain" else "account",
                   "url": url}
        if len(records) > 1:
            mention["also"] = [dict(r) for r in records[1:]]
        return mention

_REGISTRY_ORDER = {"ru-undesirable": 0, "ru-terrorist": 1, "ru-extremist": 2, "ru-foreign-agents": 3}


def compact(mention: dict[str, Any]) -> dict[str, Any]:
    """A mention as offsets and entity ids: ``{"start", "end", "id"}``, ``"also"`` (ids) and ``"url"`` when any."""
    out = {"start": mention["start"], "end": mention["end"], "id": mention["id"]}
    if mention.get("also"):
        out["also"] = [r["id"] for r in mention["also"]]
    if "url" in mention:
        out["url"] = mention["url"]
    return out


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
    name = text[start:end]
    # One word (most weak forms: "Дождь", "Голос"): no need to split it.
    words = [] if name.isalnum() else [w for w in name.split() if len(w) > 3 or w[:1].isupper()]
    if len(words) > 1:
        if not name.isascii():
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
    before = text[max(0, start - 2):start].rstrip()
    if not before or before[-1] not in _OPEN_QUOTES:  # most hits: the text after is not looked at
        return False
    after = text[end:end + 2].lstrip()
    return bool(after) and after[0] in _CLOSE_QUOTES


def build_scanner_from_entities(entities: list[Entity]) -> tuple[Scanner, float]:
    """Compile the scanner; returns it and the seconds it took."""
    # Imported here: the forms' stack (morphology, name parsing, countries: a fifth of a
    # second) is needed to build a scanner, not to load one from its cache.
    from .forms import entity_forms

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
                                              single_latin, form.unverified)
            else:
                patterns[form.text] = _merge(current, form, i)
    return Scanner(entities, patterns), time.perf_counter() - t0
