"""Checks on the rows of a fetched version before it is applied.

A source can send what no registry holds: a name of megabytes (screening would then
spend minutes transliterating it), a date in 1800 or 2999, a row with no name (its
entry would become "vanished" without a word), control characters (invalid in XML
feeds), the same record twice. Each such row is reported here, by row number and
record id but never by its content (a 10 MB name must not become a 10 MB message),
and any report quarantines the version for a person to inspect.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from ..sources.dates import ru_date

__all__ = ["MAX_NAME", "MAX_FIELD", "CONTROL", "row_problems", "summarize", "EARLIEST", "latest_plausible"]

# Longest organization name in the bundled registries is under 600 characters.
MAX_NAME = 2000
MAX_FIELD = 20_000  # other text fields (legal basis, resources, addresses)
# C0 and C1 control characters except tab, line feed and carriage return (which are whitespace).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# The first of these registries (extremist organizations) starts in the 2000s; 1990 leaves room.
EARLIEST = date(1990, 1, 1)
_DATES = ("listed_on", "decision_date", "excluded_on", "published_on")
_SHOWN = 20  # problems listed in a version's message; the rest are counted


def latest_plausible(today: date) -> date:
    """The last plausible registry date: the end of next year (orders are dated ahead, never years ahead)."""
    return date(today.year + 1, 12, 31)


def _label(index: int, row: dict[str, Any], raw: dict[str, Any]) -> str:
    number = row.get("row")
    rid = raw.get("id")
    return f"record {index + 1}" + (f" (№ {number})" if number else "") + (f" (id {rid})" if rid is not None else "")


def _row(row: dict[str, Any], today: date) -> list[str]:
    found: list[str] = []
    name = row.get("name")
    if name is None or not str(name).strip():
        found.append("no name")
    elif len(str(name)) > MAX_NAME:
        found.append(f"name of {len(str(name)):,} characters (at most {MAX_NAME:,})")
    for field, value in row.items():
        if value is None:
            continue
        text = str(value)
        if field != "name" and len(text) > MAX_FIELD:
            found.append(f"{field} of {len(text):,} characters (at most {MAX_FIELD:,})")
        if CONTROL.search(text):
            found.append(f"control characters in {field}")
    for field in _DATES:
        try:
            day = ru_date(row.get(field))
        except ValueError:
            found.append(f"{field} is not a DD.MM.YYYY date")
            continue
        if day is not None and not EARLIEST <= day <= latest_plausible(today):
            found.append(f"{field} {day.isoformat()} is outside {EARLIEST.isoformat()}..{latest_plausible(today)}")
    return found


def row_problems(rows: Sequence[dict[str, Any]], raw_records: Sequence[dict[str, Any]], today: date) -> list[str]:
    """One line per row that fails a check, and one per repeated record (same id or same row number)."""
    problems: list[str] = []
    first_id: dict[str, int] = {}
    first_number: dict[str, int] = {}
    for i, (row, raw) in enumerate(zip(rows, raw_records)):
        label = _label(i, row, raw)
        problems += [f"{label}: {p}" for p in _row(row, today)]
        rid = raw.get("id")
        if rid is not None:
            seen = first_id.setdefault(str(rid), i)
            if seen != i:
                problems.append(f"{label}: repeats record {seen + 1}")
                continue
        number = row.get("row")
        if number:
            seen = first_number.setdefault(str(number).strip(), i)
            if seen != i:
                problems.append(f"{label}: repeats the row number of record {seen + 1}")
    return problems


def summarize(problems: list[str]) -> list[str]:
    """The first problems and a count of the rest (a version's message stays short)."""
    if len(problems) <= _SHOWN:
        return problems
    return [*problems[:_SHOWN], f"and {len(problems) - _SHOWN} more rows with problems"]
