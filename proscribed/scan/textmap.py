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


def _first_code_points(count: int) -> str:
    """The first ``count`` code points as one string (surrogates included): decoded from an
    array in C (a join of chr() cost 40 ms for 0x30000, paid by every process that scans)."""
    return np.arange(count, dtype=np.uint32).tobytes().decode("utf-32-le", "surrogatepass")


@lru_cache(maxsize=1)
def _word_chars() -> np.ndarray:
    """For each code point, whether it is a letter or digit (``[^\\W_]``: what ``_RUNS`` keeps)."""
    # The runs of word characters among all code points, found by one regular expression
    # (a few hundred runs; [^\W_] is exactly str.isalnum, a Python loop of which took a tenth
    # of a second), marked as slices: each worker of a scan computes this once.
    marks = np.zeros(0x30001, dtype=np.bool_)
    for run in re.finditer(r"[^\W_]+", _first_code_points(0x30000)):
        marks[run.start():run.end()] = True
    marks[-1] = True  # the last entry stands for anything beyond: treated as a letter
    return marks


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
# What the in-place form cannot handle: a Latin letter (or a 3) beside a Cyrillic one (a
# look-alike letter inside a word), and invisible, private-use or full-width characters.
_LATIN, _CYRILLIC, _SPECIAL_KIND = 1, 2, 8  # the product of two neighbours is 2 only for Latin beside Cyrillic
_CONTEXT_CASE = 16  # Σ (final σ at a word end) and İ (two characters): lower-cased by str.lower
_INVISIBLE = [0xAD, *range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2065), 0xFEFF]


def _code_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per code point of the Basic Multilingual Plane: what it becomes in the matching text
    (ё → е, separators → space); the same for the code point lower-cased first; and the kind
    of its lower case (Latin, Cyrillic, special or none)."""
    fold = np.arange(65536, dtype=np.uint16)
    fold[[ord(s) for s in _SEPARATORS]] = 32
    fold[ord("ё")] = ord("е")
    # Every code point lower-cased in one str.lower (İ, two characters in lower case, left
    # as it is): one for one but for the two _CONTEXT_CASE letters.
    every = _first_code_points(65536).replace("İ", "\x00").lower()
    lower = np.frombuffer(every.encode("utf-16-le", "surrogatepass"), dtype=np.uint16).copy()
    lower[ord("İ")] = ord("İ")
    kinds = np.zeros(65536, dtype=np.uint8)
    kinds[[*range(ord("a"), ord("z") + 1), ord("3")]] = _LATIN
    kinds[0x0400:0x04C0] = _CYRILLIC
    kinds[_INVISIBLE] = _SPECIAL_KIND
    kinds[0xE000:0xF900] = _SPECIAL_KIND  # private use
    kinds[0xFF01:0xFF5F] = _SPECIAL_KIND  # full-width forms
    kinds = kinds[lower]
    kinds[[ord("Σ"), ord("İ")]] = _CONTEXT_CASE
    return fold, fold[lower], kinds


_FOLD, _LOWER_FOLD, _KINDS = _code_tables()
_APOSTROPHES = (ord("'"), ord("’"))
_POSSESSIVE_S = (ord("s"), ord("S"))  # the text is not lower-cased yet
_AFTER_POSSESSIVE = (ord(" "), ord(","), ord("."))


def _code_points(text: str) -> tuple[np.ndarray, str]:
    """The code points of ``text`` as an array, and the encoding that gives them back.

    UTF-16 (two bytes a character, half the work) when every character is one code unit:
    no character beyond the Basic Multilingual Plane and no lone surrogate (from JSON).
    """
    try:
        data = text.encode("utf-16-le")  # strict: a lone surrogate raises
    except UnicodeEncodeError:
        data = b""
    if len(data) == 2 * len(text):  # one code unit a character: nothing beyond the plane
        return np.frombuffer(data, dtype=np.uint16), "utf-16-le"
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32), "utf-32-le"


def _kinds(codes: np.ndarray) -> np.ndarray:
    """The kind of each code point (see _code_tables)."""
    kinds: np.ndarray = np.take(_KINDS, codes if codes.dtype == np.uint16 else np.minimum(codes, 65535))
    if codes.dtype != np.uint16:
        kinds[codes > 65535] = 0  # beyond the Basic Multilingual Plane: nothing to fold
    return kinds


def _possessives(codes: np.ndarray) -> np.ndarray:
    """Positions of the apostrophe of each possessive 's before a space, comma or full stop
    ("Elton John's AIDS Foundation"): it and the s become spaces (what follows is a separator)."""
    at = np.flatnonzero((codes[:-2] == _APOSTROPHES[0]) | (codes[:-2] == _APOSTROPHES[1]))
    if not len(at):
        return at
    possessive: np.ndarray = at[np.isin(codes[at + 1], _POSSESSIVE_S) & np.isin(codes[at + 2], _AFTER_POSSESSIVE)]
    return possessive


def _odd(kinds: np.ndarray) -> list[int]:
    """Sorted positions of the characters the in-place form cannot handle (see lower_in_place)."""
    mixed = np.flatnonzero(kinds[:-1] * kinds[1:] == _LATIN * _CYRILLIC)
    special = np.flatnonzero(kinds == _SPECIAL_KIND)
    if not len(special):  # nearly always: the mixed positions are sorted already
        return mixed.tolist()
    # Merged in Python: numpy's union1d imports numpy.ma on its first call (20 ms per process).
    return sorted({*mixed.tolist(), *special.tolist()})


def lower_in_place(raw: str) -> tuple[str, list[int]] | None:
    """The text for matching, one character for one (offsets unchanged), and where it falls short.

    Lower case, ё → е, separators → spaces, a possessive 's removed. Returns None when
    lower-casing changes the length; otherwise the text and the sorted positions of
    characters the in-place form cannot handle (look-alike letters from another script
    inside a word, invisible or full-width characters): a document holding one of them
    takes :func:`scan_text`, the full normalisation with an offset map. One call serves a
    whole batch of documents joined together: its cost is per character, not per document,
    and each step is a numpy table look-up over the code points.
    """
    codes, encoding = _code_points(raw)
    kinds = None if raw.isascii() else _kinds(codes)
    if encoding == "utf-16-le" and (kinds is None or not np.any(kinds == _CONTEXT_CASE)):
        folded = np.take(_LOWER_FOLD, codes)  # lower case and fold in one look-up (np.take: twice as fast as [])
    else:
        # Beyond the Basic Multilingual Plane, or a letter whose lower case depends on its
        # neighbours or is two characters: str.lower itself.
        lowered = raw.lower()
        if len(lowered) != len(raw):
            return None
        low, encoding = _code_points(lowered)
        folded = np.take(_FOLD, low) if encoding == "utf-16-le" else np.where(
            low > 65535, low, np.take(_FOLD, np.minimum(low, 65535)))
    dropped = _possessives(codes)
    folded[dropped] = 32
    folded[dropped + 1] = 32
    odd = [] if kinds is None else _odd(kinds)
    return folded.tobytes().decode(encoding, "surrogatepass"), odd


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

