"""Paragraphs and sentences of an article, with character offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

from razdel import sentenize  # type: ignore[import-untyped]

__all__ = ["Sentence", "split_sentences"]


@dataclass(frozen=True)
class Sentence:
    index: int
    paragraph: int
    start: int
    text: str


_LIST_ITEM = re.compile(r"^\s*(?:[-•–—*]\s*)?\S.{0,200}[;,.]?\s*$")


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """Blocks separated by line breaks; a block ending in ':' absorbs the short list lines after it."""
    out: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        if out and out[-1][1].rstrip().endswith((":", ";")) and _LIST_ITEM.match(line) and len(line) < 200:
            prev_start, prev = out[-1]
            gap = start - (prev_start + len(prev))
            out[-1] = (prev_start, prev + " " * gap + line)
            continue
        out.append((start, line))
    return out


# razdel cuts after abbreviations that end names ("Bellingcat Ltd. (UK)", "Austausch e. V."; a
# lone Latin lower-case letter and its full stop is an abbreviation's part, hardly a sentence's
# last word), after those inside names that join a body to its patron or saint ("Fundacja im.
# Stefana Batorego", "фонд им. Сахарова", "św. Jana"), and after datelines.
_NO_END = re.compile(r"(?:\b(?:Ltd|Inc|Co|Corp|B\.V|St|Mr|Ms|Mrs|Dr|U\.S|U\.K|e\.\s?V|No|Jr|im|им|św|sv|св)\."
                     r"|(?:^|\s)[a-z]\."
                     r"|^[A-ZА-ЯЁ][A-ZА-ЯЁ\- ]+[.,]|/[A-ZА-ЯЁ]+/\.)$")
_CONTINUES = re.compile(r"^[(a-zа-яё,;]")


def _open_quote(piece: str) -> bool:
    """A piece that opens a «…» quotation it does not close ends inside a name ("«Маньяки. Культ
    убийств»"): a full stop within a quoted title is no sentence end."""
    depth = 0
    for ch in piece:
        depth += ch == "«"
        depth -= ch == "»" and depth > 0
    return depth > 0


def split_sentences(text: str) -> list[Sentence]:
    """Sentences in order; a sentence never spans two paragraphs."""
    out: list[Sentence] = []
    for p, (start, block) in enumerate(_paragraphs(text)):
        pieces: list[tuple[int, int]] = []
        for s in sentenize(block):
            if not s.text.strip():
                continue
            if pieces and (_NO_END.search(block[pieces[-1][0]:pieces[-1][1]].strip())
                           or _CONTINUES.match(s.text) or _open_quote(block[pieces[-1][0]:pieces[-1][1]])):
                pieces[-1] = (pieces[-1][0], s.stop)
            else:
                pieces.append((s.start, s.stop))
        for a, b in pieces:
            out.append(Sentence(len(out), p, start + a, block[a:b]))
    return out
