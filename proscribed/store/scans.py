"""Storage operations of archive scans (documents scanned, mentions found).

A mixin of :class:`proscribed.store.base.Store`; both backends implement it with
``sql_scans.SQLScansMixin``. A run is keyed on its source and scope (the
scanner's content and the --since-version filter), which makes it resumable.
"""

from __future__ import annotations

import abc
from typing import Any

__all__ = ["ScanStore"]


class ScanStore(abc.ABC):
    """Archive scan runs and their mentions."""

    @abc.abstractmethod
    def scan_run(self, source: str, scope: str, started_at: str) -> int:
        """The run of ``source`` for ``scope``, created if new (an unfinished one is resumed)."""

    @abc.abstractmethod
    def scanned_ids(self, run_id: int) -> set[str]:
        """Documents of the run already scanned."""

    @abc.abstractmethod
    def save_scan_results(self, run_id: int, results: list[tuple[str, list[dict[str, Any]]]]) -> None:
        """Store the mentions of a batch of documents (one transaction)."""

    @abc.abstractmethod
    def finish_scan_run(self, run_id: int, finished_at: str) -> None:
        """Mark a run complete with its totals."""

    @abc.abstractmethod
    def scan_runs(self) -> list[dict[str, Any]]:
        """Every run: id, source, scope, started_at, finished_at, documents, mentions; newest first."""

    @abc.abstractmethod
    def scan_results(self, run_id: int) -> list[tuple[str, list[dict[str, Any]]]]:
        """Every scanned document of a run with its mentions, by document id."""
