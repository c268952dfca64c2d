"""One article read sentence by sentence: the facts every later step of the extractor uses.

For each sentence: its organization candidates (``names.candidates``, natasha's
spans for Russian), the status it names, whether it has a designation verb, a
"not a designation" cue (request, claim, law, fine, delisting) or a background
cue ("earlier", "in 2021"), and its masked text (parentheses and label clauses
blanked).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import VAGUE_PAST
from .lexicon import lexicon
from .model import Article
from .names import Candidate, Masked, candidates, mask
from .ner import Span, russian_entities
from .sentences import Sentence, split_sentences

__all__ = ["Info", "infos_of", "label_mentions", "status_of"]


@dataclass
class Info:
    sentence: Sentence
    masked: Masked
    cands: list[Candidate]
    status: str | None
    verb: bool
    negative: bool
    background: bool


def status_of(lex_text: str) -> str | None:
    """The status the sentence gives: the first one after the designation verb, else the first one."""
    lex = lexicon()
    verb = lex.verbs.search(lex_text)
    hits = sorted((m.start(), s) for s, p in lex.status.items() for m in p.finditer(lex_text))
    if not hits:
        return None
    if verb is not None:
        after = [h for h in hits if h[0] >= verb.start()]
        if after:
            return after[0][1]
    return hits[0][1]


def infos_of(article: Article) -> list[Info]:
    lex = lexicon()
    text = article.text
    ner = russian_entities(text) if article.language != "en" else []
    out = []
    for s in split_sentences(text):
        end = s.start + len(s.text)
        spans = [Span(x.start - s.start, x.stop - s.start, x.type, x.text) for x in ner
                 if s.start <= x.start and x.stop <= end]
        m = mask(s.text)
        cands = candidates(s.text, m, spans)
        out.append(Info(
            sentence=s, masked=m, cands=cands, status=status_of(m.text), verb=bool(lex.verbs.search(m.text)),
            negative=bool(lex.not_designation.search(m.text)),
            background=bool(lex.background.search(m.text) or VAGUE_PAST.search(m.text)),
        ))
    return out


def label_mentions(info: Info) -> list[tuple[str, str | None]]:
    """Names inside label clauses ("which also includes ...", "признанные иноагентами")."""
    out: list[tuple[str, str | None]] = []
    for _a, _b, clause in info.masked.labels:
        st = status_of(clause) or info.status
        if st is None:
            continue
        # Without its opening words, the clause is not masked again as a label clause of itself.
        inner = _CLAUSE_OPENING.sub("", clause)
        for c in candidates(inner, mask(inner), []):
            out.append((c.name, st))
    return out


_CLAUSE_OPENING = re.compile(r"^[\s,;—–]*(?:which|that|who|among them|among which|among others|such as)\b\s*",
                             re.IGNORECASE)


