"""Russian named entities with natasha (slovnet NER, navec embeddings shipped inside the packages).

Loaded once per process; no network. Returns character spans of ORG, PER and LOC.
"""

from __future__ import annotations

import functools
import re
from typing import Any, NamedTuple

__all__ = ["Span", "russian_entities"]

_CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


class Span(NamedTuple):
    start: int
    stop: int
    type: str  # ORG, PER, LOC
    text: str


@functools.cache
def _tools() -> tuple[Any, Any]:
    from ..extras import require

    require("natasha", "news", "Russian news extraction")
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter  # type: ignore[import-untyped]

    return Segmenter(), NewsNERTagger(NewsEmbedding())


def russian_entities(text: str) -> list[Span]:
    """Named entities of a Russian text (empty for text without Cyrillic letters)."""
    if not _CYRILLIC.search(text):
        return []
    from natasha import Doc

    segmenter, tagger = _tools()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(tagger)
    return [Span(s.start, s.stop, s.type, s.text) for s in doc.spans]
