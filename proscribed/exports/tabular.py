"""CSV (one row per designation) and JSON Lines (one entity per line) exports."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from ..model import Entity
from ..model.entry import entry_record

__all__ = ["CSV_COLUMNS", "csv_rows", "csv_lines", "jsonl_lines"]

CSV_COLUMNS = ("id", "registry", "name", "schema", "country", "listed_on", "listing_order", "decision_date",
               "decision_number", "excluded_on", "status", "aliases", "source_url")


def csv_rows(entities: Iterable[Entity], source_urls: dict[str, str]) -> Iterator[dict[str, Any]]:
    for entity in entities:
        aliases = " | ".join(dict.fromkeys(n.value for n in entity.names
                                           if n.value != entity.caption and n.kind != "member"))
        for d in entity.designations:
            row = entry_record(entity, d)
            row.update(aliases=aliases, source_url=source_urls.get(d.registry))
            yield {k: row.get(k) for k in CSV_COLUMNS}


def _neutralise(value: Any) -> Any:
    # A cell starting with = + - @ is a formula to spreadsheet programs: keep it text.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def csv_lines(entities: Iterable[Entity], source_urls: dict[str, str]) -> Iterator[str]:
    """The CSV export as text chunks: a header, then one line per designation."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    yield buf.getvalue()
    for row in csv_rows(entities, source_urls):
        buf.seek(0)
        buf.truncate()
        writer.writerow({k: _neutralise(v) for k, v in row.items()})
        yield buf.getvalue()


def jsonl_lines(entities: Iterable[Entity]) -> Iterator[str]:
    for entity in entities:
        yield json.dumps(entity.to_dict(), ensure_ascii=False, sort_keys=True) + "\n"
