"""Normalisation of names: one pure, cached pipeline used at index and query time.

Steps, in order:

1. :func:`clean` – Unicode NFKC (full-width letters, NBSP), drop invisible format
   characters (zero-width space, soft hyphen) and private-use characters, unify
   dashes and quotes, collapse whitespace.
2. :func:`fold_confusables` – inside one word, letters of the minority script that
   look like letters of the word's real script are replaced (a Cyrillic ``е`` in
   ``Transparеncy``, a Latin ``I`` and a digit ``3`` in ``ОРГАНI3АЦIЯ``). The
   look-alike pairs come from Unicode's confusables data via ``confusable_homoglyphs``.
3. :func:`tokens` – case-folded words, ``ё`` → ``е``; dotted acronyms (``N.E.D.``)
   become one word.
4. :func:`latin` and :func:`skeleton` – transliteration to ASCII with ICU
   (BGN/PCGN for Russian) and a phonetic folding that makes the common Latin
   spellings of one Russian name meet (``Otkrytaja``/``Otkrytaya``, ``Chodorkowski``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import icu
from confusable_homoglyphs import confusables

__all__ = ["clean", "fold_confusables", "tokens", "script_of", "latin", "skeleton", "skeleton_en", "norm"]

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_QUOTES = dict.fromkeys(map(ord, "«»„“”‟″〝〞＂‚‘’‛′`´"), '"')


def clean(text: str) -> str:
    """Unicode-clean a string without changing its letters' identity."""
    text = unicodedata.normalize("NFKC", text)
    # The non-breaking hyphen is punctuation: map it first. The soft hyphen is an invisible
    # hint where a word may break ("Do\u00adzhd" is "Dozhd"): it goes with the format characters.
    text = text.translate(_DASHES).translate(_QUOTES)
    kept = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in ("Cf", "Co", "Cs", "Cc") and ch not in "\t\n\r":
            continue  # zero-width characters, private-use glyphs, controls
        kept.append(ch)
    return " ".join("".join(kept).split())


def _script(ch: str) -> str | None:
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    if name.startswith("CYRILLIC"):
        return "Cyrl"
    if name.startswith("LATIN"):
        return "Latn"
    return "Other"


@lru_cache(maxsize=1)
def _lookalikes() -> tuple[dict[str, str], dict[str, str]]:
    """Cyrillic→Latin and Latin→Cyrillic look-alike letters, from Unicode confusables."""
    cyr_to_lat: dict[str, str] = {}
    lat_to_cyr: dict[str, str] = {}
    for cp in list(range(0x0400, 0x0500)):
        ch = chr(cp)
        if not ch.isalpha():
            continue
        found = confusables.is_confusable(ch, preferred_aliases=["latin"], greedy=True) or []
        for item in found:
            for glyph in item["homoglyphs"]:
                g = glyph["c"]
                if len(g) == 1 and _script(g) == "Latn" and g.isascii():
                    cyr_to_lat.setdefault(ch, g)
                    lat_to_cyr.setdefault(g, ch)
    # Digits that stand in for letters inside Cyrillic words (3 for З).
    for digit in "3":
        found = confusables.is_confusable(digit, preferred_aliases=["cyrillic"], greedy=True) or []
        for item in found:
            for glyph in item["homoglyphs"]:
                if len(glyph["c"]) == 1 and _script(glyph["c"]) == "Cyrl" and glyph["c"].isupper():
                    lat_to_cyr.setdefault(digit, glyph["c"])
    # Ukrainian/Belarusian і is the usual target of a Latin i inside a Cyrillic word.
    lat_to_cyr["i"] = "і"
    lat_to_cyr["I"] = "І"
    return cyr_to_lat, lat_to_cyr


_WORD = re.compile(r"[^\W_]+|\d+", re.UNICODE)
_MIXED_WORD = re.compile(r"\w+", re.UNICODE)


def _fold_word(word: str) -> str:
    scripts = {_script(c) for c in word} - {None}
    has_digit_letter = any(c.isdigit() for c in word) and any(c.isalpha() for c in word)
    if len(scripts) < 2 and not has_digit_letter:
        return word
    cyr_to_lat, lat_to_cyr = _lookalikes()
    # A letter with no look-alike in the other script decides the word's script.
    cyr_only = sum(1 for c in word if _script(c) == "Cyrl" and c not in cyr_to_lat)
    lat_only = sum(1 for c in word if _script(c) == "Latn" and c not in lat_to_cyr)
    if cyr_only > lat_only or (cyr_only == lat_only and scripts == {"Cyrl"}):
        return "".join(lat_to_cyr.get(c, c) if _script(c) == "Latn" or c.isdigit() else c for c in word)
    if lat_only > cyr_only:
        return "".join(cyr_to_lat.get(c, c) if _script(c) == "Cyrl" else c for c in word)
    # Only look-alikes on both sides: keep the majority script.
    n_cyr = sum(1 for c in word if _script(c) == "Cyrl")
    n_lat = sum(1 for c in word if _script(c) == "Latn")
    if n_cyr > n_lat:
        return "".join(lat_to_cyr.get(c, c) if _script(c) == "Latn" else c for c in word)
    return "".join(cyr_to_lat.get(c, c) if _script(c) == "Cyrl" else c for c in word)


def fold_confusables(text: str) -> str:
    """Replace look-alike letters of the minority script inside each word."""
    return _MIXED_WORD.sub(lambda m: _fold_word(m.group(0)), text)


_INNER_QUOTE = re.compile(r"(?<=[^\W\d_])[\"'](?=[^\W\d_])")
_DOTTED_ACRONYM = re.compile(r"\b(?:[^\W\d_]\.){2,}(?=\s|$|[^\w])", re.UNICODE)


@lru_cache(maxsize=200_000)
def norm(text: str) -> str:
    """Clean, fold look-alikes, case-fold, ё→е; punctuation becomes spaces."""
    text = fold_confusables(clean(text))
    text = _DOTTED_ACRONYM.sub(lambda m: m.group(0).replace(".", ""), text)
    # An apostrophe inside a word is a soft sign or an elision, not a word break: "Il'ya", "O'Brien".
    text = _INNER_QUOTE.sub("", text)
    text = text.casefold().replace("ё", "е")
    return " ".join(_WORD.findall(text))


def tokens(text: str) -> list[str]:
    """Words of a normalised name."""
    return norm(text).split()


def script_of(text: str) -> str | None:
    """ISO 15924 code of the letters of ``text``: Cyrl, Latn, Zyyy (mixed) or None."""
    scripts = {_script(c) for c in text} - {None}
    if not scripts:
        return None
    if len(scripts) == 1:
        only = scripts.pop()
        return only if only in ("Cyrl", "Latn") else "Zyyy"
    return "Zyyy"


@lru_cache(maxsize=1)
def _transliterator() -> "icu.Transliterator":
    return icu.Transliterator.createInstance(
        "Russian-Latin/BGN; Any-Latin; Latin-ASCII; Lower", icu.UTransDirection.FORWARD
    )


@lru_cache(maxsize=200_000)
def latin(word: str) -> str:
    """ASCII transliteration of one normalised word (ICU, BGN/PCGN for Russian)."""
    if word.isascii():
        return word
    out: str = _transliterator().transliterate(word)
    return "".join(c for c in out if c.isalnum())


# Ordered rewrite rules that bring the spelling conventions of English, German,
# Polish, Czech and the transliteration systems of Russian onto one key. Upper-case
# letters are internal codes for sounds that Latin spells in several ways
# (S ш/щ, Q ч, J ж/дж, H х, C ц), so later rules cannot rewrite them again.
def _rules(pairs: tuple[tuple[str, str], ...]) -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(p), r) for p, r in pairs)


_BASE = _rules((
    (r"shch|szcz|schtsch|stsch", "S"),
    (r"tsch", "Q"),  # German ч before German ш: Petrowitsch ~ Petrovich
    (r"sch|sh|sz", "S"),
    (r"tsch|tch|cz|ch", "Q"),
    (r"dzh|dsch|dz|zh|dj", "J"),
    (r"kh|h", "H"),
    (r"ts|tz|tc", "C"),
    (r"c(?=[eiy])", "C"),  # Centrum, Центр
    (r"ck|c|q", "k"),
    (r"x", "ks"),
    (r"ph", "f"),
    (r"w", "v"),
    (r"(?<=[aeiou])[yji](?=[aeiou])", ""),  # intervocalic glide: Rossiya ~ Rossia
    (r"[yji]([aeou])", r"\1"),  # ya/ja/ia → a, yu/ju/iu → u, ye → e, yo → o
    (r"ou|oo", "u"),
    (r"[yj]", "i"),
    (r"'", ""),
    (r"(.)\1+", r"\1"),
))

# How Russian writers render English words ("Хьюман Райтс Вотч", "Интеллидженс",
# "Спейс"): applied to Latin words to give them a second key.
_ENGLISH = _rules((
    (r"igh", "ai"),
    (r"tion", "Cia"),
    (r"^wh", "u"),
    (r"c(?=[eiy])", "s"),
    (r"g(?=[eiy])", "J"),
    (r"ee|ea", "i"),
    (r"(?<=[^aeiouy])u(?=[^aeiouy](?:[^aeiouy]|$))", "a"),  # fund ~ фанд, trust ~ траст
    (r"th", "t"),
    (r"a([^aeiouy])e(s?)$", r"ei\1\2"),
    (r"i([^aeiouy])e(s?)$", r"ai\1\2"),
    (r"([^aeiouy])e(s?)$", r"\1\2"),
    (r"y$", "i"),
))


def _apply(rules: tuple[tuple[re.Pattern[str], str], ...], text: str) -> str:
    for pattern, repl in rules:
        text = pattern.sub(repl, text)
    return text


@lru_cache(maxsize=200_000)
def skeleton(word: str) -> str:
    """Phonetic key of one word, shared by every script and spelling system."""
    return _apply(_BASE, latin(word)).lower()


@lru_cache(maxsize=200_000)
def skeleton_en(word: str) -> str:
    """A second key for a Latin word, read the English way (``space`` ~ ``спейс``)."""
    return _apply(_BASE, _apply(_ENGLISH, latin(word))).lower()
