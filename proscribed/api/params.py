"""Query parameters several routes share, declared as the server checks them (enums, formats, lengths)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import Query

from ..registries import registry_ids
from ..service.inputs import parse_date, parse_timestamp

__all__ = ["DATE_PATTERN", "TIMESTAMP_PATTERN", "date_query", "timestamp_query", "registry_query", "opt_date",
           "opt_timestamp"]

# A date, or a date and time with an optional zone (what parse_timestamp reads); a day past the
# month's end (02-31) matches but is refused with 400.
DATE_PATTERN = r"[1-9]\d{3}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"
TIMESTAMP_PATTERN = (rf"^{DATE_PATTERN}([T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{{1,6}})?)?"
                     r"(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)?)?$")


def date_query(description: str = "YYYY-MM-DD.", *, alias: str | None = None) -> Any:
    # Long enough for the forms users write besides ISO ("19 September 2025", "19 сентября 2025").
    return Query(None, alias=alias, max_length=40, description=description, json_schema_extra={"format": "date"})


def timestamp_query(description: str, *, required: bool = False) -> Any:
    return Query(... if required else None, pattern=TIMESTAMP_PATTERN, max_length=40, description=description)


def registry_query(description: str = "Registry id.") -> Any:
    return Query(None, description=description, max_length=100, json_schema_extra={"enum": list(registry_ids())})


def opt_date(value: str | None) -> date | None:
    """A given date parsed (an empty one is refused, not taken for none)."""
    return None if value is None else parse_date(value)


def opt_timestamp(value: str | None) -> str | None:
    return None if value is None else parse_timestamp(value, end_of_day=False)
