"""Update registries from their official source (or an export file) and alert."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import httpx

from ..exc import DataError, InvalidInput, NotFound, SourceUnavailable
from ..model.clock import now_iso
from ..sources.minjust import FetchedTable, fetch_registry, read_xlsx
from ..sources.minjust_columns import table_from_payload
from ..store.base import Store
from .apply import DEFAULT_MAX_DROP, DEFAULT_THRESHOLD, ApplyResult, apply_records
from .records import records_from_rows
from .validate import row_problems, summarize

__all__ = ["update_registry", "apply_table", "accept_version"]

Progress = Callable[[int, int], None]


def apply_table(store: Store, table: FetchedTable, *, force: bool = False, max_drop: float = DEFAULT_MAX_DROP,
                threshold: float = DEFAULT_THRESHOLD) -> ApplyResult:
    """Apply one fetched table: rows → records (merged with what we knew) → version.

    Rows that fail validation (see :mod:`.validate`) quarantine the version unless ``force``.
    """
    previous = store.current_records(table.registry)
    records = records_from_rows(table.registry, table.rows, table.raw_records, table.source, table.retrieved_at,
                                previous)
    problems = summarize(row_problems(table.rows, table.raw_records, datetime.now(timezone.utc).date()))
    return apply_records(store, registry=table.registry, source=table.source, retrieved_at=table.retrieved_at,
                         payload=table.payload, records=records, force=force, missing=table.missing,
                         max_drop=max_drop, threshold=threshold, row_problems=problems)


def update_registry(store: Store, registry: str, *, file: Path | None = None,
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
    return apply_table(store, table, max_drop=max_drop, threshold=threshold)


def accept_version(store: Store, version_id: int, *, max_drop: float = DEFAULT_MAX_DROP,
                   threshold: float = DEFAULT_THRESHOLD) -> ApplyResult:
    """Apply quarantined version ``version_id`` exactly as it was fetched and inspected.

    The payload stored with the version is rebuilt into its table and applied past the
    safety checks; what the source serves now plays no part (a person looked at this
    version, not at whatever comes next). A version older than the latest applied one
    of its registry is refused: applying it would silently revert newer data.

    Raises:
        NotFound: no version with this id.
        InvalidInput: the version is not quarantined, was already accepted, or a newer
            version was applied since.
        DataError: the stored payload does not match the version's sha256.
    """
    versions = store.versions()
    version = next((v for v in versions if v.id == version_id), None)
    if version is None:
        raise NotFound(f"no version {version_id} (see `proscribed versions`)")
    if version.status != "quarantined":
        raise InvalidInput(f"version {version_id} is {version.status}, not quarantined: nothing to accept")
    newer = [v for v in versions if v.registry == version.registry and v.status != "quarantined"
             and v.id is not None and v.id > version_id]
    accepted = next((v for v in newer if v.sha256 == version.sha256), None)
    if accepted is not None:
        raise InvalidInput(f"version {version_id} was already accepted (applied as version {accepted.id})")
    if newer:
        raise InvalidInput(f"version {version_id} is older than version {newer[0].id} applied since; "
                           f"accepting it would revert {version.registry}")
    payload = store.version_payload(version_id)
    if hashlib.sha256(payload).hexdigest() != version.sha256:
        raise DataError(f"version {version_id}: the stored payload does not match its sha256")
    table = table_from_payload(version.registry, payload, source=version.source, retrieved_at=version.retrieved_at)
    return apply_table(store, table, force=True, max_drop=max_drop, threshold=threshold)
