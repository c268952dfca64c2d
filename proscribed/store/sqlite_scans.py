"""SQLite implementation of :class:`proscribed.store.scans.ScanStore`."""

from __future__ import annotations

import sqlite3

from .scans import ScanStore

__all__ = ["SQLiteScansMixin"]


class SQLiteScansMixin(ScanStore):
    db: sqlite3.Connection
