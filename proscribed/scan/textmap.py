"""Normalise a whole document for scanning while keeping every character's place.

The scan text is the document lower-cased, ``ё`` → ``е``, full-width letters
folded, every character that is not a letter or digit turned into a space,
zero-width characters removed, runs of spaces collapsed, and look-alike letters
folded inside mixed-script words: the same form :func:`proscribed.text.normalize.norm`
gives a name, so names and texts meet. The work is done by ``str.translate`` and
regular expressions (C speed); an offset map takes positions back to the
original text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np

from ..text.normalize import fold_confusables

__all__ = ["ScanText", "scan_text", "lower_in_place"]

_DROP = "\x00"


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0x30000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        cat = unicodedata.category(ch)
        if cat in ("Cf", "Co", "Cs"):
            table[cp] = _DROP  # zero-width and private-use characters vanish
            continue
        if ch.isalnum():
            folded = unicodedata.normalize("NFKC", ch)
            folded = folded.lower() if len(folded.lower()) == 1 else folded
            if len(folded) != 1 or not folded.isalnum():
                folded = ch.lower() if len(ch.lower()) == 1 else ch
            if folded == "ё":
                folded = "е"
            if folded != ch:
                table[cp] = folded
        elif ch != " ":
            table[cp] = " "
    return table


_SQUEEZE = re.compile(r"[ \x00]*\x00[ \x00]*| {2,}")


def _squeeze(m: re.Match[str]) -> str:
    # A run of spaces keeps one; dropped characters vanish, keeping one space if any was there.
    return " " if " " in m.group(0) else ""
# Two adjacent letters of different scripts (or a 3 inside a Cyrillic word): rare, so
# found with a cheap pattern and then folded word by word.
_MIXED = re.compile(r"[a-z][а-яіїєґ]|[а-яіїєґ][a-z]|[а-яіїєґ]3|3[а-яіїєґ]")


class ScanText:
    """The scan form of a document, padded with one space at each end.

    The map back to original offsets is computed only when asked for (a document
    without matches never pays for it), with numpy over the code points.
    """

    __slots__ = ("text", "_mapped", "_lowered", "_keep")

    def __init__(self, text: str, mapped: str | None, lowered: str | None = None) -> None:
        self.text = text
        # The 1:1 mapped document before squeezing (None: nothing was squeezed); on the
        # fast path only the lowered document is kept and mapped when first needed.
        self._mapped = mapped
        self._lowered = lowered
        self._keep: np.ndarray | None = None

    def original(self, pos: int) -> int:
        """Original offset of position ``pos`` of :attr:`text` (padding included)."""
        p = pos - 1
        if self._lowered is not None and self._keep is None:
            # Fast path: the first character of every run of non-word characters was kept.
            codes = np.frombuffer(self._lowered.encode("utf-32-le"), dtype=np.uint32)
            word = _word_chars()[np.minimum(codes, len(_word_chars()) - 1)]
            first_of_run = ~word & np.concatenate(([True], word[:-1]))
            self._keep = np.flatnonzero(word | first_of_run).astype(np.int64)
            self._mapped = self._lowered
        if self._mapped is None:
            return p
        if self._keep is None:
            codes = np.frombuffer(self._mapped.encode("utf-32-le"), dtype=np.uint32)
            space = codes == 32
            dropped = (codes == 0) | (space & np.concatenate(([False], space[:-1] | (codes[:-1] == 0))))
            self._keep = np.flatnonzero(~dropped).astype(np.int64)
        if p >= len(self._keep):
            return len(self._mapped)
        return int(self._keep[p])


_RUNS = re.compile(r"[\W_]+")
_SPECIAL = re.compile(r"[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\ue000-\uf8ff\uff01-\uff5e]")


@lru_cache(maxsize=1)
def _word_chars() -> np.ndarray:
    """For each code point, whether it is a letter or digit (``[^\\W_]``: what ``_RUNS`` keeps)."""
    # Two regular-expression passes over every code point (a Python loop of str.isalnum took
    # a tenth of a second, paid by every archive scan); [^\W_] is exactly str.isalnum.
    every = "".join(map(chr, range(0x30000)))
    marks = re.sub(r"[^\x00]", "\x01", re.sub(r"[\W_]", "\x00", every))
    # The last entry stands for anything beyond: treated as a letter.
    return np.frombuffer(marks.encode("latin-1") + b"\x01", dtype=np.bool_)


def _lowered(raw: str) -> str | None:
    """Lower-cased with ё → е, or None when that is not one character for one."""
    lowered = raw.lower()
    if len(lowered) != len(raw) or (not raw.isascii() and _SPECIAL.search(raw)):
        return None
    lowered = lowered.replace("ё", "е")
    # "Elton John's AIDS Foundation": the possessive goes (plain replaces stay in C).
    for possessive in ("'s ", "’s ", "'s,", "’s,", "'s.", "’s."):
        if possessive in lowered:
            lowered = lowered.replace(possessive, "   ")
    return lowered


# Characters that separate the words of a name in running text; each becomes a
# space (one for one, so offsets stay the same).
_SEPARATORS = ("\u00a0", "\n", "\t", "\r", "-", "/", ".", "«", "»", '"', "„", "“", "”", ",", "(", ")", ":", ";")
# The ASCII separators are replaced in the UTF-8 bytes by one bytes.translate (a 256-byte
# table, C speed); the others in the text, by str.replace of one character (a fast search
# for one character, where bytes.replace of two or three bytes is several times slower).
_ASCII_SEPARATORS = bytes(32 if b < 128 and chr(b) in _SEPARATORS else b for b in range(256))
_WIDE_SEPARATORS = tuple(s for s in _SEPARATORS if not s.isascii())
# What the in-place form cannot handle, found with numpy over the UTF-8 bytes (a quarter of
# the memory of code points; C speed): each pair of adjacent bytes, read as one 16-bit
# number, is looked up in a table of 65,536 kinds, and only the few pairs of a kind are
# looked at further. Cyrillic letters are the two-byte sequences led by 0xD0-0xD2 (a few
# beyond а-я: that only sends a rare document to the full normalisation).
_LATIN = [*range(ord("a"), ord("z") + 1), ord("3")]
_MIXED_PAIR, _CYRILLIC_THEN_LATIN, _SPECIAL_PAIR, _GENERAL_PUNCTUATION, _PRIVATE_OR_WIDE = 1, 2, 3, 4, 5


def _pair_kinds() -> np.ndarray:
    kinds = np.zeros(65536, dtype=np.uint8)

    def mark(first: list[int], second: list[int], kind: int) -> None:
        for a in first:
            for b in second:
                kinds[a | b << 8] = kind  # little-endian: the first byte is the low one

    mark(_LATIN, [0xD0, 0xD1, 0xD2], _MIXED_PAIR)  # a Latin letter, then a Cyrillic one
    mark(list(range(0x80, 0xC0)), _LATIN, _CYRILLIC_THEN_LATIN)  # a character's last byte, then Latin
    mark([0xC2], [0xAD], _SPECIAL_PAIR)  # soft hyphen
    mark([0xEE], list(range(256)), _SPECIAL_PAIR)  # private use U+E000-U+EFFF
    mark([0xE2], [0x80, 0x81], _GENERAL_PUNCTUATION)  # zero-width and direction marks among others
    mark([0xEF], list(range(256)), _PRIVATE_OR_WIDE)  # private use, BOM, full-width forms among others
    return kinds


_PAIR_KINDS = _pair_kinds()


def _odd_bytes(codes: np.ndarray) -> list[int]:
    """Byte positions of the characters the in-place form cannot handle (see lower_in_place)."""
    size = len(codes)
    found: list[np.ndarray] = []
    for shift in (0, 1):
        pairs = codes[shift:shift + (size - shift) // 2 * 2].view("<u2")
        kinds = _PAIR_KINDS[pairs]
        at = np.flatnonzero(kinds)
        if not len(at):
            continue
        kind = kinds[at]
        pos = at * 2 + shift
        third = codes[np.minimum(pos + 2, size - 1)]  # the byte after the pair
        found.append(pos[(kind == _MIXED_PAIR) | (kind == _SPECIAL_PAIR)])
        after = pos[kind == _CYRILLIC_THEN_LATIN]
        lead = codes[np.maximum(after - 1, 0)]
        found.append(after[(after > 0) & (lead >= 0xD0) & (lead <= 0xD2)])
        punct, second, last = pos[kind == _GENERAL_PUNCTUATION], codes[pos + 1], third
        second, last = second[kind == _GENERAL_PUNCTUATION], last[kind == _GENERAL_PUNCTUATION]
        # U+200B-U+200F, U+202A-U+202E (E2 80 …), U+2060-U+2064 (E2 81 …)
        invisible = ((second == 0x80) & (((last >= 0x8B) & (last <= 0x8F)) | ((last >= 0xAA) & (last <= 0xAE)))
                     | ((second == 0x81) & (last >= 0xA0) & (last <= 0xA4)))
        found.append(punct[invisible])
        wide = kind == _PRIVATE_OR_WIDE
        ef, second, last = pos[wide], codes[pos + 1][wide], third[wide]
        # U+F000-U+F8FF (EF 80-A3 …), U+FEFF (EF BB BF), U+FF01-U+FF5E (EF BC 81 - EF BD 9E)
        special = ((second <= 0xA3) | ((second == 0xBB) & (last == 0xBF)) | ((second == 0xBC) & (last >= 0x81))
                   | ((second == 0xBD) & (last <= 0x9E)))
        found.append(ef[special])
    return sorted(set(np.concatenate(found).tolist())) if found else []


def _char_positions(codes: np.ndarray, at: list[int]) -> list[int]:
    """Character positions of sorted byte positions: each less the continuation bytes before it."""
    continuation = (codes & 0xC0) == 0x80
    out = []
    before = done = 0
    for pos in at:
        before += int(np.count_nonzero(continuation[done:pos]))
        done = pos
        out.append(pos - before)
    return out


def _drop_possessives(text: str) -> str:
    """"Elton John's AIDS Foundation": a possessive 's before a space, comma or full stop becomes
    spaces (what follows it is a separator). str.find is run only for the few apostrophes."""
    for mark in ("'s", "’s"):
        pos = text.find(mark)
        if pos < 0:
            continue
        pieces = []
        last = 0
        while pos >= 0:
            if text[pos + 2:pos + 3] in (" ", ",", "."):
                pieces.append(text[last:pos])
                pieces.append("  ")
                last = pos + 2
            pos = text.find(mark, pos + 2)
        if pieces:
            text = "".join(pieces) + text[last:]
    return text


def lower_in_place(raw: str) -> tuple[str, list[int]] | None:
    """The text for matching, one character for one (offsets unchanged), and where it falls short.

    Lower case, ё → е, separators → spaces, a possessive 's removed. Returns None when
    lower-casing changes the length; otherwise the text and the sorted positions of
    characters the in-place form cannot handle (look-alike letters from another script
    inside a word, invisible or full-width characters): a document holding one of them
    takes :func:`scan_text`, the full normalisation with an offset map. One call serves a
    whole batch of documents joined together: its cost is per character, not per document.
    """
    lowered = raw.lower()
    if len(lowered) != len(raw):
        return None
    lowered = _drop_possessives(lowered.replace("ё", "е"))
    ascii_only = lowered.isascii()
    if not ascii_only:
        for sep in _WIDE_SEPARATORS:
            if sep in lowered:
                lowered = lowered.replace(sep, " ")
    data = lowered.encode("utf-8", "surrogatepass")  # a lone surrogate (from JSON) stays one character
    odd: list[int] = []
    if not ascii_only:
        codes = np.frombuffer(data, dtype=np.uint8)
        at = _odd_bytes(codes)
        odd = _char_positions(codes, at) if at else []
    return data.translate(_ASCII_SEPARATORS).decode("utf-8", "surrogatepass"), odd


def _fold_mixed(text: str) -> str:
    pieces = []
    last = 0
    for m in _MIXED.finditer(text):
        if m.start() < last:
            continue  # inside a word already folded
        start = text.rfind(" ", 0, m.start()) + 1
        end = text.find(" ", m.end())
        end = len(text) if end < 0 else end
        pieces.append(text[last:start])
        # Same length: folding maps one letter to one letter.
        pieces.append(fold_confusables(text[start:end]).lower())
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def scan_text(raw: str) -> ScanText:
    """Normalise ``raw`` for scanning; offsets map back through :meth:`ScanText.original`."""
    lowered = _lowered(raw)
    mapped: str | None = None
    if lowered is not None:
        # One C-speed pass: every run of non-word characters becomes one space.
        text = _RUNS.sub(" ", lowered)
    else:
        mapped = raw.translate(_table())  # zero-width, private-use, full-width characters
        text = _SQUEEZE.sub(_squeeze, mapped)
    if _MIXED.search(text):
        text = _fold_mixed(text)
    if lowered is not None:
        return ScanText(" " + text + " ", None, lowered if len(text) != len(lowered) else None)
    assert mapped is not None
    return ScanText(" " + text + " ", mapped if len(text) != len(mapped) else None)

