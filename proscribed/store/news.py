"""Storage operations of the news pipeline (articles, events, review queue).

A mixin of :class:`proscribed.store.base.Store`; the SQLite implementation is
``sqlite_news.SQLiteNewsMixin``.
"""

from __future__ import annotations

import abc

__all__ = ["NewsStore"]


class NewsStore(abc.ABC):  # noqa: B024  (operations are added with the news pipeline)
    """Articles, designation events and their review."""
