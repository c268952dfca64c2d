"""Dictionary words: whether a Latin word is an ordinary English word (Webster's list)."""

from __future__ import annotations

from functools import lru_cache

__all__ = ["is_english_word"]


@lru_cache(maxsize=1)
def _words() -> frozenset[str]:
    from english_words import get_english_words_set

    return frozenset(get_english_words_set(["web2"], lower=True, alpha=True))


def is_english_word(word: str) -> bool:
    """``republic`` yes; ``facebook``, ``meduza`` no."""
    return word.lower() in _words()
