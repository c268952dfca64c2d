"""A screening match's explanation, in words a reader understands at a glance.

Screening (``matching.screen``) explains each match tersely for the record
(``translation name (src): kasparov=kasparov ginitialgarry; name score 0.910``);
``check`` and ``show`` print it in words. The wording is documented in
docs/screening.md ("Reading a match").
"""

from __future__ import annotations

import re

__all__ = ["match_in_words", "status_in_words"]

# How one query word met one word of the name (matching/screen.py's markers).
_PAIR = re.compile(r"^(?P<q>.+?)(?P<how>=|≈|~)(?P<n>.+)$")
_INITIAL = re.compile(r"^(?P<q>\w)initial(?P<n>\w.*)$")
_HEAD = re.compile(r"^(?P<kind>\w+) name \((?P<source>[^)]*)\): ?(?P<rest>.*)$", re.S)
_KINDS = {
    "official": "its official name", "variant": "a variant of its name in the registry",
    "acronym": "its acronym", "former": "a former name", "later": "a later name",
    "translation": "a translation of its name", "brand": "a brand it is known by", "pseudonym": "a pseudonym",
    "member": "a member named in the entry", "weak": "an unofficial alias from a third-party list",
}


def _pair_in_words(pair: str) -> str:
    initial = _INITIAL.match(pair)
    if initial is not None:
        return f"“{initial['q']}” the initial of “{initial['n']}”"
    m = _PAIR.match(pair)
    if m is None:
        return pair
    q, how, n = m["q"], m["how"], m["n"]
    if how == "≈":
        return f"“{q}” spelt like “{n}” (a typo or variant)"
    if how == "~":
        return f"“{q}” means “{n}” (same word in another language)"
    if q == n:
        return f"“{q}” same word"
    return f"“{q}” same word as “{n}” (another form or script)"


def _note_in_words(note: str) -> str:
    if note.startswith("seat ") and "≠" in note:
        ours, theirs = note[5:].split("≠", 1)
        return f"the query names the seat {ours}, the entry {theirs}"
    if note.startswith("seat "):
        return f"same seat ({note[5:]})"
    if note == "spelt together":
        return "words written together or apart"
    if note.startswith("name score "):
        return f"name similarity {note[11:]}"
    return note


def match_in_words(explanation: str) -> str:
    """``explanation`` of a ``matching.screen.Match`` as one sentence; unknown parts are kept as they are."""
    head = _HEAD.match(explanation)
    if head is None:
        return explanation
    kind = _KINDS.get(head["kind"], f"a {head['kind']} name")
    parts = [p for p in head["rest"].split("; ") if p]
    words: list[str] = []
    if parts and not parts[0].startswith("name score"):
        words.append(", ".join(_pair_in_words(p) for p in parts.pop(0).split(" ")))
    words.extend(_note_in_words(p) for p in parts)
    return f"{kind} (source {head['source']}): " + "; ".join(words)


def status_in_words(status: str, listed_on: str | None, excluded_on: str | None) -> str:
    """The status and both dates, each once: ``listed since 2022-05-20``, ``excluded 2024-03-01 (listed 2021-10-08)``."""
    listed = f"listed {listed_on}" if listed_on else "listed (the source gives no date)"
    if status == "excluded":
        return f"excluded {excluded_on or '(date not given)'} ({listed})"
    if status == "vanished":
        return f"no longer in the source ({listed})"
    since = f"listed since {listed_on}" if listed_on else listed
    # On an earlier --as-of day an entry later excluded was still listed: say both.
    return since + (f"; excluded later, {excluded_on}" if excluded_on else "")
