"""Update registries from their official source (or an export file) and alert."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx

from ..exc import DataError, SourceUnavailable
from ..model.clock import now_iso
from ..sources.minjust import FetchedTable, fetch_registry, read_xlsx
from ..store.base import Store
from .apply import DEFAULT_MAX_DROP, DEFAULT_THRESHOLD, ApplyResult, apply_records
from .records import records_from_rows

__all__ = ["update_registry", "apply_table"]

Progress = Callable[[int, int], None]


def apply_table(store: Store, table: FetchedTable, *, force: bool = False, max_drop: float = DEFAULT_MAX_DROP,
                threshold: float = DEFAULT_THRESHOLD) -> ApplyResult:
    """Apply one fetched table: rows → records (merged with what we knew) → version."""
    previous = store.current_records(table.registry)
    records = records_from_rows(table.registry, table.rows, table.raw_records, table.source, table.retrieved_at,
                                previous)
    return apply_records(store, registry=table.registry, source=table.source, retrieved_at=table.retrieved_at,
                         payload=table.payload, records=records, force=force, missing=table.missing,
                         max_drop=max_drop, threshold=threshold)


def update_registry(store: Store, registry: str, *, force: bool = False, file: Path | None = None,
                    client: httpx.Client | None = None, progress: Progress | None = None,
                    backoff: float | None = None, max_drop: float = DEFAULT_MAX_DROP,
                    threshold: float = DEFAULT_THRESHOLD) -> ApplyResult:
    """Fetch ``registry`` (or read its XLSX export ``file``) and apply it.

    A source that cannot be reached is recorded as a failed check (freshness)
    and leaves the data as it was.
    """
    try:
        if file is not None:
            table = read_xlsx(file, registry)
        else:
            table = fetch_registry(registry, client=client, progress=progress, backoff=backoff)
    except (SourceUnavailable, DataError) as err:
        store.confirm(registry, now_iso(), False, error=str(err)[:300])
        raise
    return apply_table(store, table, force=force, max_drop=max_drop, threshold=threshold)
