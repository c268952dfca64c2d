"""Parsing what users type: dates and timestamps, with errors that name the bad value."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timezone

from ..exc import InvalidInput
from ..news.dates import find_cues, resolve

__all__ = ["parse_date", "parse_timestamp", "DATE_FORMATS"]

DATE_FORMATS = "YYYY-MM-DD, DD.MM.YYYY, '19 мая 2025', '19 May 2025' or 'May 19, 2025'"
# What may surround the day, month and year of a written date: "19 мая 2025 г.", "May 19, 2025".
_WRITTEN = re.compile(r"[0-9A-Za-zА-Яа-яЁё .,/-]{6,40}")
_YEAR_WORD = re.compile(r"\s*(?:г\.?|года?)\s*$", re.IGNORECASE)


def parse_date(value: str) -> date:
    """A date as users write it: ISO, DD.MM.YYYY, or with a Russian or English month name.

    The news reader's date cues parse the written forms, so the CLI, the API and
    the extractor read dates alike. Anything else is InvalidInput naming the value.
    """
    raw = value.strip()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        pass
    text = _YEAR_WORD.sub("", raw)
    cues = [c for c in find_cues(text) if c.kind == "explicit"] if _WRITTEN.fullmatch(text) else []
    # One written date and nothing else: it starts the text and its year ends it.
    if len(cues) == 1 and cues[0].start == 0 and cues[0].year is not None and re.search(r"\b\d{4}$", text) \
            and len(re.findall(r"\d+", text)) <= 3 and (day := resolve(cues[0], None)) is not None:
        return day
    raise InvalidInput(f"invalid date {value!r}: expected {DATE_FORMATS}")


def parse_timestamp(value: str, *, end_of_day: bool = True) -> str:
    """A date or date-time → an ISO UTC timestamp comparable with the store's.

    A bare date means the end of that day for "what was known then" (``--known-as-of``)
    and its start for "since then" (``end_of_day=False``).
    """
    raw = value.strip()
    try:
        if len(raw) == 10:
            moment = datetime.combine(date.fromisoformat(raw), time(23, 59, 59) if end_of_day else time(0, 0, 0),
                                      tzinfo=timezone.utc)
        else:
            moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=timezone.utc)
    except ValueError:
        raise InvalidInput(f"invalid timestamp {value!r}: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+HH:MM]") from None
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat()
