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
    require("threadpoolctl", "news", "Russian news extraction")
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter  # type: ignore[import-untyped]

    return Segmenter(), NewsNERTagger(NewsEmbedding())


def russian_entities(text: str) -> list[Span]:
    """Named entities of a Russian text (empty for text without Cyrillic letters)."""
    if not _CYRILLIC.search(text):
        return []
    segmenter, tagger = _tools()
    from natasha import Doc
    from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

    doc = Doc(text)
    doc.segment(segmenter)
    # The tagger's matrices are small: BLAS threads only wait on each other (about 3x the CPU of
    # one thread for the same spans on this project's 2-core machine), and a server or a batch
    # job parallelises over articles instead.
    with threadpool_limits(limits=1, user_api="blas"):
        doc.tag_ner(tagger)
    return [Span(s.start, s.stop, s.type, s.text) for s in doc.spans]
