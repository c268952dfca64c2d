"""Storage operations of archive scans (documents scanned, mentions found).

A mixin of :class:`proscribed.store.base.Store`; the SQLite implementation is
``sqlite_scans.SQLiteScansMixin``.
"""

from __future__ import annotations

import abc

__all__ = ["ScanStore"]


class ScanStore(abc.ABC):  # noqa: B024  (operations are added with the archive scanner)
    """Archive scan runs and their mentions."""
