"""Dictionary words: whether a Latin word is an ordinary English word (Webster's list)."""

from __future__ import annotations

from functools import lru_cache

__all__ = ["english_lemma", "is_english_word"]


@lru_cache(maxsize=1)
def _words() -> frozenset[str]:
    from english_words import get_english_words_set

    return frozenset(get_english_words_set(["web2"], lower=True, alpha=True))


def is_english_word(word: str) -> bool:
    """``republic`` yes; ``facebook``, ``meduza`` no."""
    return word.lower() in _words()


def english_lemma(word: str) -> str | None:
    """The dictionary word ``word`` is, or is the plural of (``journalists`` → ``journalist``), else None.

    Webster's list holds no inflected forms; a plural in -s or -es is the common case in names.
    """
    word = word.lower()
    for stem in (word, word[:-1] if word.endswith("s") else "", word[:-2] if word.endswith("es") else ""):
        if stem and is_english_word(stem):
            return stem
    return None
