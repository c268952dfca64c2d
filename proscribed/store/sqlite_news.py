"""SQLite implementation of :class:`proscribed.store.news.NewsStore`."""

from __future__ import annotations

import sqlite3

from .news import NewsStore

__all__ = ["SQLiteNewsMixin"]


class SQLiteNewsMixin(NewsStore):
    db: sqlite3.Connection
